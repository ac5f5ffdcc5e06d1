"""The main screen's keys for help and settings: the pace and start date, and a
reset, which `u` takes back like any other change (``tui/tracker.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding, BindingType

from pathtui.errors import ProgressFileError, SaveError
from pathtui.tui.keys.base import ERROR_TIMEOUT, MainScreenKeys
from pathtui.tui.widgets.checklist import ALL, Checklist
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from pathtui.tui.screens.welcome import PaceAnswer


class SettingsActions(MainScreenKeys):
    """Actions mixed into MainScreen."""

    def action_help(self) -> None:
        from pathtui.tui.screens.help import HelpScreen

        self.app.push_screen(
            HelpScreen(
                [
                    ("Everywhere", self._bindings_for_help()),
                    ("Checklist", list(Checklist.BINDINGS)),
                    ("Steps (left)", list(StepList.BINDINGS)),
                    ("Resources", list(ResourceList.BINDINGS)),
                ]
            )
        )

    def _bindings_for_help(self) -> list[BindingType]:
        """The screen's keys, without step numbers this path does not have
        (a 7-step path says 1–7, not 1–9)."""
        steps = len(self.papp.session.path.steps)
        return [
            b
            for b in self.BINDINGS
            if not (isinstance(b, Binding) and b.action.startswith("jump(") and int(b.key) > steps)
        ]

    def action_settings(self) -> None:
        from pathtui.tui.screens.settings import RESET, SettingsAnswer, SettingsScreen

        settings = self.papp.session.progress.settings

        def done(answer: SettingsAnswer | str | None) -> None:
            if answer == RESET:
                self.action_reset()
            elif isinstance(answer, SettingsAnswer):
                self.apply_pace(
                    answer.pace,
                    answer.review,
                    answer.retention,
                    (answer.study_days, answer.study_time),
                )

        screen = SettingsScreen(
            settings.hours_per_week,
            settings.start_date,
            settings.review,
            settings.retention,
            settings.study_days,
            settings.study_time,
        )
        self.app.push_screen(screen, done)

    def apply_pace(
        self,
        answer: PaceAnswer,
        review: bool | None = None,
        retention: float | None = None,
        plan: tuple[str, str] | None = None,
    ) -> None:
        """Save the settings screen's answers (one change, one undo); ``plan`` is
        the study days and time."""
        tracker = self.papp.tracker
        if tracker.set_settings(answer.hours_per_week, answer.start_date, review, retention, plan):
            self.save()
            self.redraw()

    def action_reset(self) -> None:
        session = self.papp.session
        if not session.store.exists:
            self.notify("Nothing to reset: no progress has been saved yet.", markup=False)
            return
        from pathtui.services.backups import reset_scope

        scope = reset_scope(session)
        question = Text("This clears your learning progress on ")
        question.append(session.path.title, style="bold")
        question.append(
            f": {scope.cleared}.\n\nKept: {scope.kept}; `pathtui reset --all` clears "
            "the applications and projects too.\n\n"
            "A backup copy of the progress file is written first, and u right after "
            "the reset brings it back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.reset()

        from pathtui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Reset progress", question, "Reset"), answered)

    def reset(self) -> None:
        try:
            backup = self.papp.tracker.reset()
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title="Nothing was reset", severity="error", markup=False)
            return
        est = self.estimate()
        self.section_index = 0
        self.state_filter = ALL
        self.redraw(focus_item=est.next_item_id)
        self.query_one(Checklist).focus()
        self.notify(
            "Learning progress cleared; job applications and projects kept. "
            f"The old file was backed up to {backup}; u brings it back.",
            title="Reset",
            timeout=ERROR_TIMEOUT,
            markup=False,
        )
