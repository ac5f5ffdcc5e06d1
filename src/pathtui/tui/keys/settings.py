"""The main screen's keys for help and settings: the pace and start date, and a
reset that `u` can undo right after (by restoring the backup it wrote)."""

from __future__ import annotations

from pathlib import Path
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
                self.apply_pace(answer.pace, answer.review, answer.retention)

        screen = SettingsScreen(
            settings.hours_per_week, settings.start_date, settings.review, settings.retention
        )
        self.app.push_screen(screen, done)

    def apply_pace(
        self, answer: PaceAnswer, review: bool | None = None, retention: float | None = None
    ) -> None:
        """Save the settings screen's answers (one change, one undo)."""
        tracker = self.papp.tracker
        if tracker.set_settings(answer.hours_per_week, answer.start_date, review, retention):
            self.save()
            self.redraw()

    def action_reset(self) -> None:
        session = self.papp.session
        if not session.store.exists:
            self.notify("Nothing to reset: no progress has been saved yet.", markup=False)
            return
        from pathtui.model.durations import format_hours
        from pathtui.services.backups import Holding

        done = self.estimate().items_complete
        held = Holding.of(session.progress)
        question = Text("Clear all progress on ")
        question.append(session.path.title, style="bold")
        question.append(
            f"? This clears {done} {'item' if done == 1 else 'items'} done or skipped, "
            f"the study log ({format_hours(held.hours) if held.hours else 'empty'}), "
            f"notes on {held.notes} {'item' if held.notes == 1 else 'items'} and the "
            f"start date ({held.start_date.isoformat()}); your pace is kept.\n\n"
            "A backup copy of the progress file is written first, and u right after "
            "the reset brings it back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.reset()

        from pathtui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Reset progress", question, "Reset"), answered)

    def offer_restore(self, backup: Path) -> None:
        """`u` right after a reset: put the backup it wrote back, after a question."""
        question = Text(f"Bring back the progress the reset cleared, from\n{backup}?\n\n")
        question.append("What you have now is backed up first.", style="dim")

        def answered(yes: bool | None) -> None:
            if yes:
                self.restore(backup)

        from pathtui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Undo the reset", question, "Restore"), answered)

    def restore(self, backup: Path) -> None:
        from pathtui.services.backups import replace_progress
        from pathtui.services.transfer import left_out, read_import

        session = self.papp.session
        try:
            restored = read_import(backup, session.path.id)
            replace_progress(session, restored)
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title="Not restored", severity="error", markup=False)
            return
        told = left_out(backup, restored)
        if told is not None:
            self.notify(told, severity="warning", timeout=ERROR_TIMEOUT, markup=False)
        self._reset_backup = None
        self.papp.tracker.history.clear()
        self.papp.tracker.unsaved = False
        self.redraw()
        self.notify("The reset is undone: your progress is back.", title="Restored", markup=False)

    def reset(self) -> None:
        try:
            backup = self.papp.tracker.reset()
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title="Nothing was reset", severity="error", markup=False)
            return
        self._reset_backup = backup
        est = self.estimate()
        self.section_index = 0
        self.state_filter = ALL
        self.redraw(focus_item=est.next_item_id)
        self.notify(
            f"Progress cleared. The old file was backed up to {backup}; u brings it back.",
            title="Reset",
            timeout=ERROR_TIMEOUT,
            markup=False,
        )
