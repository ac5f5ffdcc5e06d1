"""How the tracker shows a sync that keeps failing: the standing line starts with
it, in the error colour, at 80x24 and 120x40 (pinned as SVGs)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

from pathtui.sync import outcome
from tui_support import app_for, mid_path_session

SMALL = (80, 24)
LARGE = (120, 40)
#: When the failing rounds began and last ran (shown in local time: UTC here).
SINCE = dt.datetime(2026, 4, 28, 9, 15, tzinfo=dt.UTC)
LAST = dt.datetime(2026, 4, 30, 18, 40, tzinfo=dt.UTC)


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def failing_session():  # -> Session
    session = mid_path_session()
    folder = session.store.file.parent
    (folder / ".git").mkdir(parents=True, exist_ok=True)
    message = "Could not reach the remote git@example.invalid:me/progress.git."
    outcome.remember(folder, False, message, now=SINCE)
    outcome.remember(folder, False, message, now=LAST)
    return session


async def settled(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_sync_failing_80x24(snap_compare, utc: None) -> None:
    app = app_for(failing_session())
    assert snap_compare(app, terminal_size=SMALL, run_before=settled)


def test_main_sync_failing_120x40(snap_compare, utc: None) -> None:
    app = app_for(failing_session())
    assert snap_compare(app, terminal_size=LARGE, run_before=settled)
