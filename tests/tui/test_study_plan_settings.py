"""The settings screen's study plan (days and start time), under Pilot and in a snapshot."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from pathtui.services.session import Session
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.settings import SettingsScreen
from tui.test_review_snapshots import keys
from tui_support import TODAY, app_for, new_session, on_disk, until

LARGE = (120, 40)


def planning_session() -> Session:
    """A learner who started on the tracker's day (so the pace form is valid as it is)."""
    session = new_session()
    session.progress.update_settings(start_date=TODAY)
    session.save()
    return session


@pytest.fixture
def tracker_session(isolated_env: object) -> Session:
    return planning_session()


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await pilot.press("c")
    await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_the_study_plan_is_saved_and_undone_as_one_change(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    screen = await open_settings(pilot)
    assert screen.query_one("#study-days", Input).value == ""
    assert screen.query_one("#study-time", Input).value == "19:00"
    screen.query_one("#study-days", Input).value = "Sat, mon"
    screen.query_one("#study-time", Input).value = "7:30"
    await pilot.click("#save")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    saved = on_disk(tracker_session).settings
    assert (saved.study_days, saved.study_time) == ("mon,sat", "07:30")
    screen = await open_settings(pilot)
    assert screen.query_one("#study-days", Input).value == "mon,sat"
    assert screen.query_one("#study-time", Input).value == "07:30"
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await pilot.press("u")
    await until(pilot, lambda: on_disk(tracker_session).settings.study_days == "")
    assert on_disk(tracker_session).settings.study_time == "19:00"


async def test_a_bad_day_or_time_keeps_the_dialog_open_and_says_why(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    before = tracker_session.store.file.read_bytes()
    screen = await open_settings(pilot)
    cases = [
        ("study-days", "mon,blursday", "'blursday' is not a day of the week"),
        ("study-time", "25:00", "'25:00' is not a time like 19:00"),
    ]
    for field, typed, message in cases:
        good = screen.query_one(f"#{field}", Input).value
        screen.query_one(f"#{field}", Input).value = typed
        # A Button takes no second press while it still shows the last one.
        save = screen.query_one("#save")
        await until(pilot, lambda save=save: not save.has_class("-active"))
        await pilot.click("#save")
        error = screen.query_one("#form-error", Label)
        await until(pilot, lambda m=message, e=error: m in str(e.content))
        assert pilot.app.screen is screen
        screen.query_one(f"#{field}", Input).value = good
        await pilot.pause()
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    assert tracker_session.store.file.read_bytes() == before


def test_settings_with_a_study_plan_120x40(snap_compare) -> None:
    session = planning_session()
    session.progress.update_settings(study_days="mon,wed,sat", study_time="18:30")
    session.save()

    assert snap_compare(app_for(session), terminal_size=LARGE, run_before=keys("c"))
