"""`g` then a number: go to any step, past the nine the number keys reach."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

#: What the empty field shows: the tracker is waiting for a number.
WAITING = "type a step number"


class GotoScreen(ModalScreen[int | None]):
    """Answers a step number, or None if the learner cancelled.

    Enter goes, always: a dialog that went by itself once the digits could only
    mean one step left the learner's Enter to tick an item behind it. The
    empty field says it waits for a number, in words, so it shows without
    colour too.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, steps: int) -> None:
        super().__init__(classes="dialog-screen")
        self._steps = steps

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="goto") as box:
            box.border_title = "Go to step"
            yield Label(f"Step number, 1 to {self._steps}:", markup=False)
            yield Input(
                placeholder=WAITING,
                restrict=r"[0-9]*",
                max_length=len(str(self._steps)),
                id="goto-input",
                compact=True,
            )
            yield Label("Enter goes · Esc cancels", markup=False, classes="hint")

    def _number(self, value: str) -> int | None:
        if not value.isdigit():
            return None
        number = int(value)
        return number if 1 <= number <= self._steps else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        number = self._number(event.value)
        if number is None:
            self.notify(f"Steps run from 1 to {self._steps}.", severity="warning", markup=False)
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
