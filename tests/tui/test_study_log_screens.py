"""Pilot tests for the study log in the tracker: the log dialog (`t`), the
study timer (`T`), the history screen (`h`) and their palette entries.
Each checks the screen and what reached the progress file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent

from pathtui.errors import SaveError
from pathtui.services.session import Session
from pathtui.tui.app import PathtuiApp, make_app
from pathtui.tui.commands import TrackerCommands
from pathtui.tui.screens.history import HistoryScreen
from pathtui.tui.screens.log_dialog import LogDialog
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.text import day
from pathtui.tui.timer import StudyTimer
from pathtui.tui.widgets.timerbar import TimerBar
from study_log_support import TODAY, two_months_of_study, write_mini_path
from tui_support import on_disk, screen_text, with_toasts

SIZE = (80, 24)

#: For the tests on a learner with two months of study behind them.
after_two_months = pytest.mark.parametrize("studied", [True], ids=["studied"])


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def session_for(tmp_path: Path, *, studied: bool = True) -> Session:
    session = Session.open(write_mini_path(tmp_path))
    if studied:
        two_months_of_study(session.progress)
    session.save()
    return session


def app_for(session: Session) -> PathtuiApp:
    return make_app(session, today=TODAY, open_url=lambda url: True)


@pytest.fixture
def studied() -> bool:
    """Whether the learner ``pilot`` opens has two months of study logged."""
    return False


@pytest.fixture
def tracker_session(isolated_env: Path, tmp_path: Path, studied: bool) -> Session:
    """The learner ``pilot`` opens: the mini path, on the test's data folder."""
    return session_for(tmp_path, studied=studied)


@pytest.fixture
def tracker_app(tracker_session: Session) -> PathtuiApp:
    """The tracker on the study-log tests' own day (``TODAY``, a Wednesday)."""
    return app_for(tracker_session)


def messages(app: PathtuiApp) -> list[str]:
    return [n.message for n in app._notifications]


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


# -- the log dialog


@after_two_months
@with_toasts
async def test_t_logs_time_on_the_highlighted_item(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    before = len(tracker_session.progress.live_log())

    await pilot.press("t")
    await pilot.pause()
    assert isinstance(app.screen, LogDialog)
    text = screen_text(app)
    assert "Log study time" in text
    assert "Item b1" in text  # the highlighted item
    assert app.screen.query_one("#log-date", Input).value == "2026-11-25"
    await type_into(pilot, "#log-duration", "1h30m")
    await type_into(pilot, "#log-note", "chapter 4")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert any(m.startswith("Logged 1h30m on 25 Nov 2026.") for m in messages(app))

    log = on_disk(tracker_session).live_log()
    assert len(log) == before + 1
    new = next(e for e in log if e.note == "chapter 4")
    assert (new.date, new.hours, new.item) == (TODAY, 1.5, "b1")


@with_toasts
async def test_t_refuses_tomorrow_and_says_when_it_moved_the_start_date(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    """The same rules and words as `pathtui log`: a future day is refused with
    why, and a day before the start date moves the start date, which is said."""
    app = pilot.app
    tracker_session.progress.update_settings(start_date=TODAY)
    tracker_session.save()
    await pilot.press("t")
    await pilot.pause()
    await type_into(pilot, "#log-duration", "30m")
    await type_into(pilot, "#log-date", "tomorrow")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LogDialog)
    assert "a future day can't be logged" in " ".join(screen_text(app).split())
    earlier = TODAY - dt.timedelta(days=5)
    await type_into(pilot, "#log-date", earlier.isoformat())
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    moved = f"Your start date moved from {day(TODAY)} to {day(earlier)}"
    assert any(moved in m for m in messages(app)), "one date format in the toast"
    assert on_disk(tracker_session).settings.start_date == earlier


@pytest.mark.slow
async def test_log_dialog_says_what_is_wrong_and_stays_open(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("t")
    await pilot.pause()
    await pilot.press(*"abc", "enter")
    await pilot.pause()
    assert isinstance(app.screen, LogDialog)
    assert "'abc' is not a duration like 1.5" in screen_text(app)
    await type_into(pilot, "#log-duration", "45m")
    await type_into(pilot, "#log-date", "2026-11-30")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, LogDialog)
    assert "2026-11-30 is in the future" in screen_text(app)
    assert app.screen.focused is app.screen.query_one("#log-date", Input)
    await type_into(pilot, "#log-date", "2026-11-20")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)

    [entry] = on_disk(tracker_session).live_log()
    assert (entry.date, entry.hours, entry.item) == (dt.date(2026, 11, 20), 0.75, "a1")


async def test_escape_cancels_the_log_dialog(pilot: Pilot[None], tracker_session: Session) -> None:
    app = pilot.app
    before = tracker_session.store.file.read_bytes()

    await pilot.press("t")
    await pilot.pause()
    await pilot.press(*"2h", "escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)

    assert tracker_session.store.file.read_bytes() == before


class TestADayAlreadyFull:
    """A learner who has logged 23 hours today already."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path, tmp_path: Path) -> Session:
        """The learner ``pilot`` opens for these tests (on the test's data folder)."""
        session = session_for(tmp_path, studied=False)
        session.progress.add_log(TODAY, 23.0)
        session.save()
        return session

    @with_toasts
    async def test_a_refused_entry_is_a_notification_not_a_crash(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"2h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("more than a day holds" in m for m in messages(app))

        assert [e.hours for e in on_disk(tracker_session).live_log()] == [23.0]


@with_toasts
async def test_a_failed_save_keeps_the_entry_for_the_next_save(
    pilot: Pilot[None], tracker_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = pilot.app
    real_save = tracker_session.store.save

    def broken(progress):  # type: ignore[no-untyped-def]
        raise SaveError("Could not save progress: the disk is full.")

    monkeypatch.setattr(tracker_session.store, "save", broken)
    await pilot.press("t")
    await pilot.pause()
    await pilot.press(*"1", "enter")
    await pilot.pause()
    assert any("the disk is full" in m for m in messages(app))
    assert app.tracker.unsaved
    assert [e.hours for e in tracker_session.progress.live_log()] == [1.0]
    monkeypatch.setattr(tracker_session.store, "save", real_save)
    assert app.tracker.save() is None

    assert [e.hours for e in on_disk(tracker_session).live_log()] == [1.0]


# -- the timer


@with_toasts
async def test_timer_logs_its_time_when_stopped(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    clock = FakeClock()

    app.main._timer = StudyTimer(clock)
    await pilot.press("T")
    await pilot.pause()
    assert app.main.study_timer.running
    assert app.main.study_timer.item_id == "a1"
    clock.now += 25 * 60 + 20
    bar = app.main.query_one(TimerBar)
    bar.tick()
    await pilot.pause()
    assert str(bar.content) == "⏱ 0:25:20 on Item a1 · T stops and logs it"
    await pilot.press("T")
    await pilot.pause()
    assert not app.main.study_timer.running
    assert not app.main.query(TimerBar)
    assert any(m.startswith("Logged 25m on 25 Nov 2026.") for m in messages(app))

    [entry] = on_disk(tracker_session).live_log()
    assert (entry.date, entry.item) == (TODAY, "a1")
    assert entry.hours == pytest.approx(25 / 60)


@with_toasts
async def test_timer_under_a_minute_logs_nothing(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    clock = FakeClock()

    app.main._timer = StudyTimer(clock)
    await pilot.press("T")
    clock.now += 40
    await pilot.press("T")
    await pilot.pause()
    assert any("less than a minute; nothing logged" in m for m in messages(app))

    assert on_disk(tracker_session).live_log() == []


async def test_closing_the_tracker_with_the_timer_running_logs_it(
    tracker_app: PathtuiApp, tracker_session: Session
) -> None:
    # Its own run_test: the timer is logged as the tracker shuts down, which
    # the shared ``pilot`` only lets happen after the test.
    app = tracker_app
    clock = FakeClock()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.main._timer = StudyTimer(clock)
        await pilot.press("T")
        await pilot.pause()
        clock.now += 2 * 3600
        await pilot.press("q")
        await pilot.pause()

    [entry] = on_disk(tracker_session).live_log()
    assert (entry.hours, entry.item) == (2.0, "a1")


# -- history


async def test_the_history_after_one_day_gives_no_weekly_pace(
    isolated_env: Path, tmp_path: Path
) -> None:
    """One hour on one day is not a pace of 7 h a week: the line says what it knows."""
    session = session_for(tmp_path, studied=False)
    session.log_time(1.0, TODAY)
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "Pace: 1 h on your first day, too soon for a weekly pace · plan 10" in text
        assert "h/week over the last 4 weeks" not in text


@pytest.mark.slow
@after_two_months
async def test_h_opens_the_history_with_the_forecast_and_its_tabs(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
    text = screen_text(app)
    assert "You: about 3–10 weeks left (16 Dec 2026 to 3 Feb 2027)" in text
    assert "3 weeks behind plan" in text
    assert "Pace: 7.5 h/week over the last 4 weeks · 11.3 overall · plan 10" in text
    assert "Streaks: 0 weeks at goal (best 4) · 0 study days (best 27)" in text
    assert "Items complete: 3 of 4" in text
    assert "Oct 2026" in text  # the start date starts the time axis
    await pilot.press("2")
    await pilot.pause()
    assert app.screen.query_one(TabbedContent).active == "weekly"
    assert "goal 10 h, met 4 of 6 weeks since you started" in screen_text(app)
    await pilot.press("3")
    await pilot.pause()
    assert app.screen.query_one(TabbedContent).active == "calendar"
    calendar = str(app.screen.query_one("#calendar-grid", Static).content)
    assert "27 study days in the last 26 weeks" in calendar
    assert "day streak 0 (best 27)" in calendar
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


async def test_history_with_no_log_says_how_to_start(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("h")
    await pilot.pause()
    text = screen_text(app)
    assert "Plan: about 4–10 weeks left" in text
    assert "press t on an item to log study time" in text
    assert "Items complete: 0 of 4" in text


async def test_palette_offers_the_study_log(pilot: Pilot[None]) -> None:
    app = pilot.app
    provider = TrackerCommands(app.screen)
    names = [name for name, _, _ in provider.commands()]
    assert {"Log study time", "Start the study timer", "History"} <= set(names)
    callback = next(cb for name, _, cb in provider.commands() if name == "History")
    callback()
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)
