"""Hours per week and start date: the two answers the welcome and settings ask for."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label

from pathtui.model.timeleft import trim
from pathtui.model.userinput import parse_hours_per_week, parse_start_date


class PaceForm(Vertical):
    """Two inputs on one row and a line saying what is wrong with them."""

    def __init__(self, hours_per_week: float, start_date: dt.date) -> None:
        super().__init__(classes="pace-form")
        self._hours = trim(hours_per_week)
        self._start = start_date.isoformat()

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield Label("Hours per week", markup=False, classes="field-label")
            yield Input(self._hours, id="hours", max_length=8)
            yield Label("Start date", markup=False, classes="field-label")
            yield Input(self._start, id="start", placeholder="YYYY-MM-DD", max_length=10)
        yield Label("", id="form-error", markup=False)

    def values(self) -> tuple[float, dt.date] | None:
        """The parsed answers, or None after showing what is wrong."""
        error = self.query_one("#form-error", Label)
        try:
            hours = parse_hours_per_week(self.query_one("#hours", Input).value)
            today = getattr(self.app, "today", dt.date.today)()
            start = parse_start_date(self.query_one("#start", Input).value, today)
        except ValueError as exc:
            error.update(str(exc))
            return None
        error.update("")
        return hours, start
