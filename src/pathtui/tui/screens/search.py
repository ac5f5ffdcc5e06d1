"""Find an item in any step by its title, and jump to it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from pathtui.model.path import LearningPath

#: Most matches listed at once; typing more narrows them down.
SEARCH_LIMIT = 100


def matches(path: LearningPath, query: str, limit: int = SEARCH_LIMIT) -> list[tuple[str, Text]]:
    """(item id, row) for items whose title or id contains every word typed."""
    words = query.lower().split()
    found: list[tuple[str, Text]] = []
    for step in path.all_sections():
        where = f"{step.number} · " if step.number else "Extras · "
        for item in step.items:
            haystack = f"{item.title} {item.id}".lower()
            if all(word in haystack for word in words):
                row = Text(where, style="dim")
                row.append(item.title)
                found.append((item.id, row))
                if len(found) >= limit:
                    return found
    return found


class SearchScreen(ModalScreen[str | None]):
    """Answers the chosen item's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]

    def __init__(self, path: LearningPath) -> None:
        super().__init__(classes="dialog-screen")
        self._path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search") as box:
            box.border_title = "Find an item"
            yield Input(placeholder="Type part of a title", id="search-input")
            yield OptionList(id="search-results", markup=False)
            yield Label(
                "Enter jumps to the highlighted item · ↑↓ choose · Esc closes",
                markup=False,
                classes="hint",
            )

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        results = self.query_one("#search-results", OptionList)
        found = matches(self._path, query)
        if found:
            results.set_options(Option(row, id=item_id) for item_id, row in found)
            results.highlighted = 0
        else:
            results.set_options([Option(Text("No item matches.", style="italic"), disabled=True)])

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        option = self.query_one("#search-results", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id is not None:
            self.dismiss(event.option_id)

    def action_move(self, step: int) -> None:
        results = self.query_one("#search-results", OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
