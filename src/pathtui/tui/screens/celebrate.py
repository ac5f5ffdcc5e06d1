"""Shown once, when the last item of the seven steps is done or skipped."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

#: The most of a path's title the message quotes: a path file may give a
#: title of any length, and the message must still fit the screen.
TITLE_SHOWN = 80


def celebration(path_title: str, steps: int, items: int, *, job_search: bool = True) -> Text:
    """The words for a finished path; the new job only on a path that ends in
    a job search (a path of the learner's own may be about anything)."""
    out = Text("You did it!\n\n", style="bold")
    out.append(f"Every item of all {steps} steps of ")
    if len(path_title) > TITLE_SHOWN:
        path_title = path_title[: TITLE_SHOWN - 1].rstrip() + "…"
    out.append(path_title, style="italic")
    if job_search:
        out.append(
            f" is ticked off: {items} items. That is months of steady work, and it shows. "
            "Keep building, keep applying, and enjoy the first day of the new job."
        )
    else:
        out.append(
            f" is ticked off: {items} items. That is steady work, and it shows. "
            "Keep building on it."
        )
    return out


class CelebrateScreen(ModalScreen[None]):
    """A short, happy full stop; any of Enter, Escape or the button closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", "Close")]

    def __init__(self, path_title: str, steps: int, items: int, *, job_search: bool = True) -> None:
        super().__init__(classes="dialog-screen")
        self._text = celebration(path_title, steps, items, job_search=job_search)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="celebrate") as box:
            box.border_title = "★ Path complete ★"
            yield Label(self._text, markup=False, classes="dialog-text")
            yield Button("Thanks!", variant="success", id="close")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
