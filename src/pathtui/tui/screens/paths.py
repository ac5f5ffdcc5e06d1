"""`p`: every path the learner has, to switch the tracker to another one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class PathsScreen(ModalScreen[str | None]):
    """Answers the chosen path's file ("" for the built-in path), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "cancel", "Cancel")]

    def __init__(self, current_id: str) -> None:
        super().__init__(classes="dialog-screen")
        self._current = current_id
        self._files: list[str] = []
        self._start = 0

    def compose(self) -> ComposeResult:
        from pathtui.services.paths import all_paths

        paths = all_paths()
        self._files = [file or "" for _, file in paths]
        ids = [path_id for path_id, _ in paths]
        self._start = ids.index(self._current) if self._current in ids else 0
        rows = []
        for path_id, file in paths:
            row = Text("▶ " if path_id == self._current else "  ")
            row.append(path_id, style="bold" if path_id == self._current else "")
            if file is None:
                row.append("  built-in", style="dim italic")
            rows.append(Option(row))
        with Vertical(classes="dialog", id="paths") as box:
            box.border_title = "Switch path"
            # The highlight starts on the path open now: Enter keeps it, ↑↓ move away.
            paths_list = OptionList(*rows, id="paths-list", markup=False)
            paths_list.highlighted = self._start
            yield paths_list
            hint = "Enter switches (and makes it your default) · Esc cancels"
            if len(paths) == 1:
                hint = "Only the built-in path so far: `pathtui path add FILE` adds yours."
            yield Label(hint, markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._files[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
