"""`g` then a number: go to any step, past the nine the number keys reach."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class GotoScreen(ModalScreen[int | None]):
    """Answers a step number, or None if the learner cancelled.

    It goes as soon as the digits typed can only mean one step (``1`` on a
    7-step path, ``12`` on a 25-step one); otherwise Enter goes.
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

    def on_input_changed(self, event: Input.Changed) -> None:
        number = self._number(event.value)
        if number is not None and number * 10 > self._steps:
            self.dismiss(number)  # no further digit could make a step number

    def on_input_submitted(self, event: Input.Submitted) -> None:
        number = self._number(event.value)
        if number is None:
            self.notify(f"Steps run from 1 to {self._steps}.", severity="warning", markup=False)
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)
