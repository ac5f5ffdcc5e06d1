"""Snapshot tests of the log dialog and the history screen at 80x24.

The day is fixed (study_log_support.TODAY), the log is the two-month one from
the helpers, and the text cursor does not blink. Regenerate after an intended
change with ``pytest --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pathtui.services.session import Session
from pathtui.tui.app import PathtuiApp, make_app
from study_log_support import NOW, TODAY, two_months_of_study, write_mini_path

SMALL = (80, 24)
WIDE = (120, 40)


def studied_app(tmp_path: Path) -> PathtuiApp:
    session = Session.open(write_mini_path(tmp_path))
    two_months_of_study(session.progress)
    session.save()
    return make_app(session, today=TODAY, open_url=lambda url: True)


async def still(pilot: Pilot) -> None:
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    """Press keys, then freeze the cursor on whatever screen is showing."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        await still(pilot)

    return run_before


def one_day_app(tmp_path: Path) -> PathtuiApp:
    """A learner who logged one hour today, their first day of study (the
    start date set too: a new progress file starts on the real day)."""
    session = Session.open(write_mini_path(tmp_path))
    session.progress.update_settings(now=NOW, start_date=TODAY)
    session.progress.add_log(TODAY, 1.0, now=NOW)
    session.save()
    return make_app(session, today=TODAY, open_url=lambda url: True)


def test_log_dialog(snap_compare, tmp_path: Path) -> None:
    app = studied_app(tmp_path)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("t", "4", "5", "m"))


def test_log_dialog_with_an_error(snap_compare, tmp_path: Path) -> None:
    app = studied_app(tmp_path)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("t", "9", "9", "h", "enter"))


def test_history_burn_up(snap_compare, tmp_path: Path) -> None:
    app = studied_app(tmp_path)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("h"))


@pytest.mark.slow
def test_history_weekly_hours(snap_compare, tmp_path: Path) -> None:
    app = studied_app(tmp_path)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("h", "2"))


@pytest.mark.slow
def test_history_calendar(snap_compare, tmp_path: Path) -> None:
    app = studied_app(tmp_path)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("h", "3"))


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "120x40"])
def test_history_after_one_day(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = one_day_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=keys("h"))
