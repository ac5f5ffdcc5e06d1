"""The study log's keys on the main screen: `t` logs time, `T` runs a study
timer, `h` opens the history.

Logging goes through the tracker to ``Session.log_time`` (the same checks as
``pathtui log``), so `u` takes an entry back like any change; a failed save is
kept in memory and retried with the tracker's next save.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.css.query import NoMatches

from pathtui.errors import PathtuiError, SaveError
from pathtui.model.durations import format_hours
from pathtui.model.pace import STOPPED_WORDS, stopped
from pathtui.model.streaks import describe_streak
from pathtui.model.timeleft import describe_pace, trim
from pathtui.model.userinput import moved_start
from pathtui.tui.text import day as spelled
from pathtui.tui.text import days_in
from pathtui.tui.widgets.checklist import Checklist

if TYPE_CHECKING:
    from textual.screen import Screen

    from pathtui.tui.app import PathtuiApp
    from pathtui.tui.screens.log_dialog import LogAnswer
    from pathtui.tui.timer import StudyTimer

    _ScreenBase = Screen[None]  # what the mixin is mixed into, for the type checker only
else:
    _ScreenBase = object

# The log dialog and the timer bar are imported when first used: the dialog
# pulls in Input and its styles, which would otherwise delay the first frame.

#: Seconds the "logged" notification stays up.
LOGGED_TIMEOUT = 8

STUDY_LOG_BINDINGS: list[BindingType] = [
    Binding("t", "log_time", "Log", tooltip="Log study time on the item"),
    Binding("T", "timer", "Timer", tooltip="Timer: start or stop the study timer"),
    Binding("h", "history", "History", tooltip="History: forecast, charts, calendar"),
]


class StudyLogActions(_ScreenBase):
    """Actions mixed into MainScreen (which provides ``papp``)."""

    _timer: StudyTimer | None = None

    if TYPE_CHECKING:

        @property
        def papp(self) -> PathtuiApp: ...

        def redraw_summary(self) -> None: ...

        def show_detail(self) -> None: ...

    @property
    def study_timer(self) -> StudyTimer:
        """One timer per tracker (the main screen lives as long as the app)."""
        if self._timer is None:
            from pathtui.tui.timer import StudyTimer  # once the timer is used

            self._timer = StudyTimer()
        return self._timer

    def _selected(self) -> tuple[str | None, str | None]:
        item_id = self.query_one(Checklist).item_id
        if item_id is None:
            return None, None
        found = self.papp.session.path.find(item_id)
        return item_id, found[1].title if found else item_id

    # -- logging

    def action_log_time(self) -> None:
        item_id, title = self._selected()

        def done(answer: LogAnswer | None) -> None:
            if answer is not None:
                self.log_time(answer.hours, answer.day, item_id or "", answer.note)

        from pathtui.tui.screens.log_dialog import LogDialog

        self.papp.push_screen(LogDialog(title, self.papp.today()), done)

    def log_time(self, hours: float, day: dt.date, item_id: str = "", note: str = "") -> bool:
        """Log through the tracker (the Session's checks, and `u` takes it back)
        and say how the week stands; False if refused."""
        started = self.papp.session.progress.settings.start_date
        try:
            entry = self.papp.tracker.log_time(hours, day, item=item_id, note=note)
        except SaveError as exc:
            self.papp.tracker.unsaved = True  # kept in memory, saved with the next change
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        except PathtuiError as exc:
            self.notify(str(exc), title="Not logged", severity="error", markup=False)
            return False
        self.notify(
            " ".join(
                part
                for part in (
                    f"Logged {format_hours(entry.hours)} on {spelled(entry.date)}.",
                    days_in(moved_start(started, self.papp.session.progress.settings.start_date)),
                    self.week_words(),
                )
                if part
            ),
            title="Study time",
            timeout=LOGGED_TIMEOUT,
            markup=False,
        )
        self.redraw_summary()
        self.show_detail()
        return True

    def week_words(self) -> str:
        """'This week: 4h30m of 10 h · 3-week streak · you: about 8–14 months at 7.5 h/week'."""
        session, today = self.papp.session, self.papp.today()
        picture = session.study_picture(today)
        parts = []
        streak = picture["streak"]
        if streak is not None:
            week = streak["weeks"]
            parts.append(
                f"This week: {format_hours(week['this_week_hours'])} of "
                f"{trim(week['goal_hours'])} h"
            )
            if describe_streak(streak):
                parts.append(describe_streak(streak))
        fc = picture["forecast"]
        if fc["personal"]:
            parts.append(f"you: {fc['left']} at {describe_pace(fc['hours_per_week'])}")
        elif stopped(picture["pace"]):
            parts.append(f"you: {STOPPED_WORDS}")
        return " · ".join(parts)

    # -- the timer

    def action_timer(self) -> None:
        from pathtui.tui.widgets.timerbar import TimerBar  # only once a timer runs

        timer = self.study_timer
        if not timer.running:
            item_id, title = self._selected()
            timer.start(item_id, title)
            bar = TimerBar(timer, on_abandon=self._log_abandoned)
            self.mount(bar, after=self.query_one("#body"))
            self.notify(
                f"Timer started{f' on {title}' if title else ''}. Press T to stop and log it.",
                markup=False,
            )
            return
        item_id = timer.item_id
        hours = timer.stop()
        try:
            self.query_one(TimerBar).remove()
        except NoMatches:
            pass
        if not hours:
            self.notify("Timer stopped after less than a minute; nothing logged.", markup=False)
            return
        self.log_time(hours, self.papp.today(), item_id or "")

    def settle_timer(self) -> None:
        """The tracker is closing (a signal, a lost terminal): log the running
        timer now, before a teardown that may never reach the timer bar."""
        timer = self._timer
        if timer is not None and timer.running:
            item_id = timer.item_id
            self._log_abandoned(timer.stop(), item_id)

    def _log_abandoned(self, hours: float, item_id: str | None) -> None:
        """The tracker closed with the timer running: log it rather than lose it."""
        if hours:
            try:
                self.papp.tracker.log_time(hours, self.papp.today(), item=item_id or "")
            except PathtuiError:
                pass  # closing: nowhere left to say it; `pathtui log` can add it by hand

    # -- history

    def action_history(self) -> None:
        from pathtui.tui.screens.history import HistoryScreen

        self.papp.push_screen(HistoryScreen(self.papp.session, self.papp.today()))
