"""Record an application from the Jobs screen: company, role and, optionally,
where it was found. Tab moves between the fields, Enter records it.

The dialog only collects text; ``applications.add_application`` checks it (the same
rules as ``pathtui apply``) and a refusal comes back as a notification.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pathtui.model.records import MAX_NAME_CHARS

HINT = "Tab next field · Enter records it · Esc cancels"


@dataclass(frozen=True, slots=True)
class ApplyAnswer:
    company: str
    role: str
    board: str


class ApplyDialog(ModalScreen[ApplyAnswer | None]):
    """Answers what was typed, or None if the learner cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="apply") as box:
            box.border_title = "New application (today)"
            for name, hint in (
                ("company", "Company"),
                ("role", "Role, e.g. Backend developer"),
                ("board", "Where you found it (optional)"),
            ):
                yield Input(placeholder=hint, max_length=MAX_NAME_CHARS, id=f"apply-{name}")
            yield Label(HINT, markup=False, classes="hint", id="apply-hint")

    def on_mount(self) -> None:
        self.query_one("#apply-company", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        company = self.query_one("#apply-company", Input).value
        role = self.query_one("#apply-role", Input).value
        for name, value, what in (("company", company, "company"), ("role", role, "role")):
            if not value.strip():
                # Say what is missing where the learner looks, not only move the cursor.
                self.query_one("#apply-hint", Label).update(
                    f"Type the {what} first: an application needs a company and a role. "
                    "Esc cancels."
                )
                self.query_one(f"#apply-{name}", Input).focus()
                return
        self.dismiss(ApplyAnswer(company, role, self.query_one("#apply-board", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
