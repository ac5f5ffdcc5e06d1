"""Settings: the learner's pace and start date, the study plan, spaced review, and the
way to start over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from pathtui.model.review import DEFAULT_RETENTION
from pathtui.model.studyplan import DEFAULT_STUDY_DAYS, DEFAULT_STUDY_TIME
from pathtui.tui.screens.welcome import AsksPace, PaceAnswer
from pathtui.tui.widgets.paceform import PaceForm
from pathtui.tui.widgets.planform import PlanForm
from pathtui.tui.widgets.reviewform import ReviewForm

#: What the screen answers when the learner asks to reset their progress.
RESET = "reset"


@dataclass(frozen=True, slots=True)
class SettingsAnswer:
    """What the settings screen was told: the pace, spaced review and the study plan."""

    pace: PaceAnswer
    review: bool
    retention: float
    study_days: str = DEFAULT_STUDY_DAYS
    study_time: str = DEFAULT_STUDY_TIME


class SettingsScreen(AsksPace, ModalScreen[SettingsAnswer | str | None]):
    """Answers new settings, RESET, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        hours_per_week: float,
        start_date: dt.date,
        review: bool = True,
        retention: float = DEFAULT_RETENTION,
        study_days: str = DEFAULT_STUDY_DAYS,
        study_time: str = DEFAULT_STUDY_TIME,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._hours = hours_per_week
        self._start = start_date
        self._review = review
        self._retention = retention
        self._study_days = study_days
        self._study_time = study_time

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="settings") as box:
            box.border_title = "Settings"
            yield Label(
                "The estimate and finish dates use your hours per week.",
                markup=False,
                classes="dialog-text",
            )
            yield PaceForm(self._hours, self._start)
            yield PlanForm(self._study_days, self._study_time)
            yield Label(
                "Review brings done items back, sooner at a higher retention.",
                markup=False,
                classes="dialog-text hint",
            )
            yield ReviewForm(self._review, self._retention)
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
                yield Button("Reset progress…", variant="error", id="reset")

    def _submit(self) -> None:
        pace = self.query_one(PaceForm).values()
        plan = self._plan() if pace is not None else None
        review = self.query_one(ReviewForm).values()
        if pace is not None and plan is not None and review is not None:
            self.dismiss(SettingsAnswer(PaceAnswer(*pace), *review, *plan))

    def _plan(self) -> tuple[str, str] | None:
        """The study plan, or None after showing what is wrong on the pace form's line."""
        try:
            return self.query_one(PlanForm).values()
        except ValueError as exc:
            self.query_one("#form-error", Label).update(str(exc))
            return None

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self._submit()
        elif event.button.id == "reset":
            self.dismiss(RESET)
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
