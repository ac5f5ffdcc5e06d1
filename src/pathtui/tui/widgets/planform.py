"""The study plan (days and start time): a row of the settings screen.

It has no error line of its own (the screen has no row to spare at 80x24):
the settings screen shows what is wrong on the pace form's line, just above."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from pathtui.model.studyplan import parse_study_days, parse_study_time

#: Characters the days field takes: every day spelled short, with commas.
DAYS_CHARS = 40
#: Characters the time field takes ('19:00').
TIME_CHARS = 5


class PlanForm(Vertical):
    """Two inputs: the days and the time."""

    def __init__(self, study_days: str, study_time: str) -> None:
        super().__init__(classes="plan-form")
        self._days = study_days
        self._time = study_time

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield Label("Study days", markup=False, classes="field-label")
            yield Input(
                self._days, id="study-days", placeholder="mon,wed,sat", max_length=DAYS_CHARS
            )
            yield Label("at", markup=False, classes="field-label")
            yield Input(self._time, id="study-time", placeholder="19:00", max_length=TIME_CHARS)

    def values(self) -> tuple[str, str]:
        """(study days, study time) as stored; ValueError with one sentence."""
        days = parse_study_days(self.query_one("#study-days", Input).value)
        return days, parse_study_time(self.query_one("#study-time", Input).value)
