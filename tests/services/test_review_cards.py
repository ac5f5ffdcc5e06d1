"""services/reviews.py: the cards of a Session, and when they are worked out again.

The tracker asks for the cards after every change; the Session's memo spares
the replay when the ratings did not change. Each kind of change must still
show at once: a rating, a state, the retention, a merge, a reset.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from pathtui.errors import PathtuiError, UnknownItemError
from pathtui.model.progress import merge
from pathtui.model.review import upcoming
from pathtui.services import reviews
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress

LOOPS, LISTS = "basics-loops", "basics-lists"
PAST = dt.datetime(2026, 3, 1, 18, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
def session(data_dir: Path) -> Session:
    session = Session.open()
    session.progress.set_state(LOOPS, "done", PAST)
    session.progress.set_state(LISTS, "done", PAST)
    session.save()
    return session


def rate(session: Session, item: str, word: str, when: dt.datetime) -> None:
    session.progress.add_rating(item, word, given=when, now=when)


def test_new_cards_are_due_the_day_after_and_a_rating_shows_at_once(session: Session) -> None:
    cards = reviews.cards(session)
    assert cards[LOOPS].reviews == 0
    assert cards[LOOPS].due == PAST.astimezone().date() + DAY
    rate(session, LOOPS, "good", PAST + DAY)
    assert reviews.cards(session)[LOOPS].reviews == 1
    assert reviews.cards(session)[LOOPS].due == (PAST + DAY).date() + 2 * DAY


def test_a_state_change_suspends_without_replaying(session: Session) -> None:
    rate(session, LOOPS, "good", PAST + DAY)
    before = reviews.cards(session)[LOOPS]
    replayed = len(session.review_memo.cards)
    session.progress.set_state(LOOPS, "todo")
    card = reviews.cards(session)[LOOPS]
    assert card.active is False and card.due == before.due
    assert len(session.review_memo.cards) == replayed
    assert LOOPS not in {c.item for c in reviews.due_today(session, dt.date(2030, 1, 1))}
    session.progress.set_state(LOOPS, "done")
    assert reviews.cards(session)[LOOPS] == before  # resumed, history kept


def test_the_retention_replays_again(session: Session) -> None:
    rate(session, LOOPS, "good", PAST + DAY)
    rate(session, LOOPS, "good", PAST + 3 * DAY)
    at_90 = reviews.cards(session)[LOOPS].interval_days
    session.progress.update_settings(retention=0.97)
    assert (at_90, reviews.cards(session)[LOOPS].interval_days) == (11, 2)


def test_a_merge_and_a_reset_show_at_once(session: Session) -> None:
    other = copy.deepcopy(session.progress)
    other.device = "0b0b0b0b"
    other.add_rating(LISTS, "easy", given=PAST + DAY, now=PAST + DAY)
    assert reviews.cards(session)[LISTS].reviews == 0
    session.progress = merge(session.progress, other)
    assert reviews.cards(session)[LISTS].reviews == 1
    session.progress.reset()
    assert reviews.cards(session) == {}


def test_rate_saves_and_checks(session: Session) -> None:
    card = reviews.rate(session, LOOPS, "h", now=PAST + 2 * DAY)
    assert (card.last_rating, card.reviews, card.last_review) == (
        "hard",
        1,
        (PAST + 2 * DAY).date(),
    )
    saved = read_progress(session.store.file, "backend")
    assert saved is not None and [r.rating for r in saved.ratings()] == ["hard"]
    with pytest.raises(UnknownItemError):
        reviews.rate(session, "no-such-item", "good")
    with pytest.raises(PathtuiError, match="is todo, not done"):
        reviews.rate(session, "basics-variables", "good")
    with pytest.raises(PathtuiError, match="is not a rating"):
        reviews.rate(session, LOOPS, "superb")


def test_the_summary_keeps_what_status_and_the_list_need(session: Session) -> None:
    rate(session, LOOPS, "easy", PAST + DAY)
    summary = reviews.review_summary(session)
    assert summary == {
        "on": True,
        "cards": [
            (LISTS, "Build and change lists", (PAST.astimezone().date() + DAY).isoformat(), 0),
            (LOOPS, "Write loops that walk over a collection", "2026-03-10", 1),
        ],
    }
    session.progress.update_settings(review=False)
    assert reviews.review_summary(session) == {"on": False, "cards": []}


def test_the_summary_without_a_deck_equals_the_one_from_the_cards(session: Session) -> None:
    """A command's summary skips the deck (no Card per never-rated item); it
    must list what ``upcoming(cards())`` lists: rated, never rated, suspended
    left out, a card done again resumed, in the same order."""
    items = [item.id for step in session.path.steps for item in step.items][:12]
    for n, item in enumerate(items):
        session.progress.set_state(item, "done", PAST + n * DAY)
    rate(session, items[0], "again", PAST + 20 * DAY)
    rate(session, items[1], "easy", PAST + 20 * DAY)
    rate(session, items[2], "good", PAST + 21 * DAY)
    session.progress.set_state(items[2], "todo", PAST + 22 * DAY)  # suspended
    rate(session, items[3], "hard", PAST + 21 * DAY)
    session.progress.set_state(items[3], "todo", PAST + 22 * DAY)
    session.progress.set_state(items[3], "done", PAST + 23 * DAY)  # resumed
    session.progress.set_state(items[4], "skipped", PAST + 22 * DAY)
    session.save()
    from_cards = [
        (card.item, reviews.title(session, card.item), card.due.isoformat(), card.reviews)
        for card in upcoming(reviews.cards(session).values())
    ]
    fresh = Session.open()
    assert not fresh.review_memo.deck_source
    summary = reviews.review_summary(fresh)
    assert not fresh.review_memo.deck_source, "the summary made the whole deck after all"
    assert summary == {"on": True, "cards": from_cards}
    assert {row[0] for row in from_cards} == set(items) - {items[2], items[4]}
    assert [row[3] for row in from_cards if row[0] in items[:4]].count(0) == 0


def test_a_new_process_takes_the_kept_replay_until_a_rating_or_the_retention_changes(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command that changes no rating (a tick) shows the cards without fsrs:
    the replay kept beside the progress answers only for the very same ratings
    and retention, and anything else (a damaged file too) replays them."""
    from pathtui.model import review
    from pathtui.storage import locations, reviewcache, statuscache

    rate(session, LOOPS, "good", PAST + DAY)
    rate(session, LOOPS, "hard", PAST + 3 * DAY)
    rate(session, LISTS, "easy", PAST + 2 * DAY)
    session.save()
    replayed = reviews.cards(session)  # the first replay of this process: kept
    assert replayed[LOOPS].reviews == 2 and replayed[LISTS].reviews == 1
    calls: list[int] = []

    def counting(*args: object, **kwargs: object) -> dict[str, review.Card]:
        calls.append(1)
        return review.replay_ratings(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reviews, "replay_ratings", counting)
    ticked = Session.open()
    with ticked.editing():
        ticked.set_state("basics-variables", "done")
    after_tick = reviews.cards(ticked)
    assert {item: after_tick[item] for item in replayed} == replayed
    assert after_tick["basics-variables"].reviews == 0  # the tick's own new card
    assert calls == []  # the ratings are the same: nothing replayed

    retuned = Session.open()
    retuned.progress.update_settings(retention=0.97)
    assert reviews.cards(retuned)[LOOPS].interval_days < replayed[LOOPS].interval_days
    assert calls == [1]

    rated = Session.open()
    rate(rated, LISTS, "again", PAST + 5 * DAY)
    assert reviews.cards(rated)[LISTS].reviews == 2
    assert calls == [1, 1]

    kept = statuscache.cache_file(
        locations.cache_dir_name(), str(session.store.file.resolve()), reviewcache.PREFIX
    )
    Path(kept).write_bytes(b"\x00 not marshal")
    assert reviews.cards(Session.open()) == after_tick
    assert calls == [1, 1, 1]
