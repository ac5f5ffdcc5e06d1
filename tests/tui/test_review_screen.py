"""The Review screen (`v`) and the reviews due on the standing line, under Pilot.

The tracker's day is fixed (tui_support.TODAY, 2026-05-01); the learner
finished three items in the ten days before it, so all three cards are due.
"""

from __future__ import annotations

import datetime as dt

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.review import ReviewScreen
from pathtui.tui.widgets.overview import Overview
from tui_support import TODAY, new_session, on_disk, screen_text, until

LISTS, LOOPS, VARIABLES = "basics-lists", "basics-loops", "basics-variables"
FINISHED = dt.datetime(2026, 4, 20, 18, 0, tzinfo=dt.UTC)


def reviewing_session() -> Session:
    """Three items done on 20, 21 and 22 April (due 21, 22 and 23 April), a note on one."""
    session = Session.open()
    for n, item in enumerate((LISTS, LOOPS, VARIABLES)):
        session.progress.set_state(item, "done", FINISHED + dt.timedelta(days=n))
    session.progress.set_note(LOOPS, "use enumerate", FINISHED + dt.timedelta(days=3))
    session.progress.update_settings(FINISHED + dt.timedelta(days=3), start_date=TODAY)
    session.save()
    return session


@pytest.fixture
def tracker_session(isolated_env: object) -> Session:
    return reviewing_session()


def standing(pilot: Pilot[None]) -> str:
    return pilot.app.screen_stack[0].query_one(Overview).standing


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await until(pilot, lambda: "to review" in standing(pilot))
    await pilot.press("v")
    await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_the_standing_line_counts_the_cards_due(pilot: Pilot[None]) -> None:
    await until(pilot, lambda: "to review" in standing(pilot))
    assert standing(pilot).startswith("3 to review (v) · ")


async def test_v_walks_the_due_cards_oldest_first_and_saves_each_rating(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    screen = await open_review(pilot)
    text = screen_text(pilot.app)
    assert "Review · 1 of 3 · due 10 days ago · first review" in text
    assert "Build and change lists" in text
    assert "Recall it: explain it aloud, write the code." in text  # no link to reread
    assert "reread the link" not in text
    await pilot.press("g")
    await pilot.pause()
    text = screen_text(pilot.app)
    assert "Good · next review 3 May 2026 (in 2 days)." in text
    assert "Review · 2 of 3 · due 9 days ago" in text
    assert "Write loops that walk over a collection" in text
    assert "Your note: use enumerate" in text
    (rating,) = on_disk(tracker_session).ratings()
    assert (rating.item, rating.rating, rating.given.date()) == (LISTS, "good", TODAY)
    await pilot.press("4")
    await pilot.press("h")
    await pilot.pause()
    text = screen_text(pilot.app)
    assert "Reviewed 3 of 3: 1 hard, 1 good, 1 easy. Next review 2 May 2026." in text
    assert screen.card is None
    await pilot.press("g")  # nothing left to rate: the key does nothing
    await pilot.pause()
    saved = on_disk(tracker_session).ratings()  # all given at the fixed day's noon
    assert sorted((r.item, r.rating) for r in saved) == [
        (LISTS, "good"),
        (LOOPS, "easy"),
        (VARIABLES, "hard"),
    ]
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await until(pilot, lambda: "to review" not in standing(pilot))


async def test_esc_half_way_keeps_the_ratings_given(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    await open_review(pilot)
    await pilot.press("a")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await until(pilot, lambda: standing(pilot).startswith("2 to review (v)"))
    assert [r.rating for r in on_disk(tracker_session).ratings()] == ["again"]


async def test_a_rating_for_an_item_put_back_meanwhile_is_refused_with_a_notice(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    await open_review(pilot)
    pilot.app.session.progress.set_state(LISTS, "todo")  # as another window would
    await pilot.press("g")
    await pilot.pause()
    assert any("is todo, not done" in n.message for n in pilot.app._notifications)
    assert "Review · 2 of 3" in screen_text(pilot.app)
    assert on_disk(tracker_session).ratings() == []


class TestNothingDue:
    @pytest.fixture
    def tracker_session(self, isolated_env: object) -> Session:
        return new_session()

    async def test_no_cards_yet_says_how_they_come(self, pilot: Pilot[None]) -> None:
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        await pilot.pause()
        assert "No review cards yet" in screen_text(pilot.app)
        assert "to review" not in standing(pilot)


class TestReviewOff:
    @pytest.fixture
    def tracker_session(self, isolated_env: object) -> Session:
        session = reviewing_session()
        session.progress.update_settings(review=False)
        session.save()
        return session

    async def test_off_shows_no_count_and_says_how_to_turn_it_on(self, pilot: Pilot[None]) -> None:
        await until(pilot, lambda: bool(standing(pilot)))
        assert "to review" not in standing(pilot)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        await pilot.pause()
        assert "Review is off" in screen_text(pilot.app)


# --------------------------------------------------------------------------- settings


async def test_the_settings_screen_turns_review_off_and_sets_the_retention(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    from textual.widgets import Checkbox, Input

    await until(pilot, lambda: "to review" in standing(pilot))
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert screen.query_one("#retention", Input).value == "0.90"
    assert screen.query_one("#review-on", Checkbox).value is True
    screen.query_one("#review-on", Checkbox).value = False
    screen.query_one("#retention", Input).value = "0.8"
    await pilot.click("#save")
    await until(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await until(pilot, lambda: "to review" not in standing(pilot))
    saved = on_disk(tracker_session).settings
    assert (saved.review, saved.retention) == (False, 0.8)
    await pilot.press("u")  # one change, one undo: review comes back on
    await until(pilot, lambda: "to review" in standing(pilot))


async def test_the_settings_screen_refuses_a_retention_out_of_range(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    from textual.widgets import Input, Label

    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    field = screen.query_one("#retention", Input)
    for typed in ("1.2", "0.5", "lots"):
        field.value = typed
        field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen is screen, f"a retention of {typed} keeps the dialog open"
        error = str(screen.query_one("#review-error", Label).content)
        assert error.startswith("Retention must be from 0.70 to 0.97"), typed
    await pilot.press("escape")
    await pilot.pause()
    assert on_disk(tracker_session).settings.retention == 0.9
