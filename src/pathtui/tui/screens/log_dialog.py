"""The log dialog (`t`): how long you studied, on which day, and a note.

It checks what was typed with the same functions as ``pathtui log`` and says
what is wrong inside the dialog; only a valid answer leaves it. Saving is the
caller's job (``Session.log_time``), so the CLI and the tracker share every rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pathtui.model.durations import parse_duration
from pathtui.model.userinput import parse_log_date

#: Notes longer than this are cut (the same limit as item notes).
MAX_NOTE_CHARS = 500
#: Long enough for "1 hour 30 minutes".
MAX_DURATION_CHARS = 24
MAX_DATE_CHARS = 10


@dataclass(frozen=True, slots=True)
class LogAnswer:
    """A checked log entry, ready for ``Session.log_time``."""

    hours: float
    day: dt.date
    note: str


class LogDialog(ModalScreen[LogAnswer | None]):
    """Answers a LogAnswer, or None if the learner cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, item_title: str | None, today: dt.date, hours: float | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self._item_title = item_title
        self._today = today
        self._hours = hours

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="log-dialog") as box:
            box.border_title = "Log study time"
            if self._item_title:
                yield Label(Text(self._item_title, style="bold"), markup=False)
            else:
                yield Label("Study time not tied to one item.", markup=False)
            with Horizontal(classes="log-field"):
                yield Label("Time", classes="log-label", markup=False)
                yield Input(
                    "" if self._hours is None else f"{round(self._hours * 60)}m",
                    placeholder="1.5, 90m, 1h30m",
                    max_length=MAX_DURATION_CHARS,
                    id="log-duration",
                    compact=True,
                )
            with Horizontal(classes="log-field"):
                yield Label("Date", classes="log-label", markup=False)
                yield Input(
                    self._today.isoformat(),
                    placeholder="YYYY-MM-DD",
                    max_length=MAX_DATE_CHARS,
                    id="log-date",
                    compact=True,
                )
            with Horizontal(classes="log-field"):
                yield Label("Note", classes="log-label", markup=False)
                yield Input(
                    placeholder="optional: what you did",
                    max_length=MAX_NOTE_CHARS,
                    id="log-note",
                    compact=True,
                )
            yield Label("", id="log-error", markup=False)
            yield Label(
                "Enter logs it · Tab moves between fields · Esc cancels",
                markup=False,
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#log-duration", Input).focus()

    def answer(self) -> LogAnswer | None:
        """The checked answer, or None after saying what is wrong."""
        error = self.query_one("#log-error", Label)
        try:
            field = "#log-duration"
            hours = parse_duration(self.query_one(field, Input).value)
            field = "#log-date"
            day = parse_log_date(self.query_one(field, Input).value, self._today)
        except ValueError as exc:
            error.update(str(exc))
            self.query_one(field, Input).focus()
            return None
        error.update("")
        return LogAnswer(hours, day, self.query_one("#log-note", Input).value)

    def on_input_submitted(self, _: Input.Submitted) -> None:
        answer = self.answer()
        if answer is not None:
            self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
