"""Snapshot tests of spaced review in the tracker: the Review screen (80x24 and
120x40), its summary, the count on the standing line, the history's Reviews
tab and the settings dialog.

The day is fixed (tui_support.TODAY) and every rating has a fixed time, so
the pictures are stable. Regenerate after an intended change with
``pytest --snapshot-update`` on this file and look at the SVGs before
committing them.
"""

from __future__ import annotations

import datetime as dt
import random

from textual.pilot import Pilot
from textual.widgets import Input

from pathtui.model.review import RATINGS
from pathtui.services.session import Session
from tui.test_review_screen import LISTS, LOOPS, reviewing_session
from tui_support import TODAY, app_for

SMALL = (80, 24)
LARGE = (120, 40)


async def still(pilot: Pilot) -> None:
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    """Wait for the standing line, press keys, then freeze the cursor."""

    async def run_before(pilot: Pilot) -> None:
        for _ in range(3):
            await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()
        await still(pilot)

    return run_before


def rated_session() -> Session:
    """The reviewing learner, with two months of ratings on two cards before today."""
    session = reviewing_session()
    rng = random.Random(5)
    start = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(19), dt.UTC)
    for _ in range(30):
        when = start + dt.timedelta(days=rng.randrange(1, 59), minutes=rng.randrange(120))
        item = rng.choice((LISTS, LOOPS))
        session.progress.add_rating(item, rng.choice(RATINGS), given=when, now=when)
    session.save()
    return session


def test_review_screen_first_card_80x24(snap_compare) -> None:
    assert snap_compare(app_for(reviewing_session()), terminal_size=SMALL, run_before=keys("v"))


def test_review_screen_second_card_after_a_rating_120x40(snap_compare) -> None:
    app = app_for(reviewing_session())
    assert snap_compare(app, terminal_size=LARGE, run_before=keys("v", "g"))


def test_review_screen_summary_80x24(snap_compare) -> None:
    app = app_for(reviewing_session())
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("v", "g", "4", "a"))


def test_main_screen_with_reviews_due_80x24(snap_compare) -> None:
    assert snap_compare(app_for(reviewing_session()), terminal_size=SMALL, run_before=keys())


def test_history_reviews_tab_80x24(snap_compare) -> None:
    assert snap_compare(app_for(rated_session()), terminal_size=SMALL, run_before=keys("h", "4"))


def test_settings_with_review_80x24(snap_compare) -> None:
    assert snap_compare(app_for(reviewing_session()), terminal_size=SMALL, run_before=keys("c"))
