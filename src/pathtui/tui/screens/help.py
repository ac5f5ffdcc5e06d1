"""Every key the tracker knows, read from the bindings themselves.

The tables are built from the widgets' BINDINGS, so a key added in code shows
up here without anyone having to remember to document it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label

from pathtui.tui.text import NOTE_MARK, legend

#: How keys are spelled for people rather than for Textual.
KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "enter": "Enter",
    "escape": "Esc",
    "space": "Space",
    "up": "↑",
    "down": "↓",
    "tab": "Tab",
    "shift+down": "Shift+↓",
    "shift+up": "Shift+↑",
}
#: Cursor moves are listed once, not once per pane.
MOVES = {"cursor_up", "cursor_down"}

#: Keys that are not bindings of ours but matter just as much.
GENERAL: tuple[tuple[str, str], ...] = (
    ("↑ ↓ k j", "Move"),
    ("Tab", "Next pane, Shift+Tab back"),
    ("Ctrl+P", "Command palette, themes"),
    ("Click", "Toggle items, open links"),
    ("o", "The step's link, if the item has none"),
)


#: The help's bottom edge while more of it is below.
MORE = "↓ more below: scroll, ↓ or PgDn"


def key_label(keys: list[str]) -> str:
    if len(keys) > 1 and all(k.isdigit() for k in keys):
        return f"{keys[0]}–{keys[-1]}"
    return " ".join(KEY_NAMES.get(k, k) for k in keys)


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do), merging bindings that share a description."""
    merged: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or binding.action in MOVES:
            continue
        description = binding.tooltip or binding.description
        merged.setdefault(description, []).extend(k.strip() for k in binding.key.split(","))
    return [(key_label(keys), description) for description, keys in merged.items()]


def key_table(title: str, rows: Iterable[tuple[str, str]]) -> Table:
    table = Table(
        title=Text(title, style="bold"),
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1, 0, 0),
        expand=True,
    )
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for keys, description in rows:
        table.add_row(Text(keys), Text(description))
    return table


class HelpScreen(ModalScreen[None]):
    """Two columns of keys; Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,question_mark", "close", "Close")]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__(classes="dialog-screen")
        self._sections = sections

    def compose(self) -> ComposeResult:
        (first_title, first), *rest = self._sections
        with VerticalScroll(classes="dialog", id="help") as box:
            box.border_title = "Keys · Esc closes"
            with Horizontal(id="help-columns"):
                with Vertical(classes="help-column"):
                    yield Label(key_table(first_title, key_rows(first)), markup=False)
                    marks = Content.assemble(
                        ("Item marks\n", "bold"), legend(), f"\n{NOTE_MARK} the item has a note"
                    )
                    yield Label(marks, markup=False)
                with Vertical(classes="help-column"):
                    for title, bindings in rest:
                        yield Label(key_table(title, key_rows(bindings)), markup=False)
                    yield Label(key_table("Also", GENERAL), markup=False)

    def on_mount(self) -> None:
        box = self.query_one("#help", VerticalScroll)
        box.focus()  # ↓ and PgDn scroll it at once
        self.watch(box, "scroll_y", lambda _y: self._say_if_more(), init=False)
        self.call_after_refresh(self._say_if_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_if_more)

    def _say_if_more(self) -> None:
        """A help taller than the terminal says so at its bottom edge until the
        learner has scrolled to the end."""
        box = self.query_one("#help", VerticalScroll)
        box.border_subtitle = MORE if box.scroll_y < box.max_scroll_y else ""

    def action_close(self) -> None:
        self.dismiss(None)
