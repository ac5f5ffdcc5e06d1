"""Spaced review over a Session: the learner's cards, one rating, and what the cache keeps.

The rules live in ``model/review.py``; this module gathers what they need
from the progress (the done items and when each was done, the ratings) and
saves a rating the way every saving command does, under the lock
(``Session.editing``), one rating at a time, so a review stopped half-way
keeps every rating already given. The CLI and the tracker both call it.
"""

from __future__ import annotations

import datetime as dt

from pathtui.errors import PathtuiError
from pathtui.model.progress import finished_at
from pathtui.model.review import (
    RATINGS,
    Card,
    deck,
    first_dues,
    local_now,
    rating_word,
    replay_ratings,
)
from pathtui.model.sanitise import sanitise
from pathtui.model.schema import RATINGS as RATINGS_COLLECTION

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Any

    from pathtui.model.picture import ReviewSummary
    from pathtui.model.progress import Record
    from pathtui.model.review import Memo, RatingLine
    from pathtui.services.session import Session

#: How much of a mistyped rating a message shows.
SHOWN_WORD = 20
#: What turns review back on, for messages that say it is off.
TURN_ON = "`pathtui config review on` turns it on"


def review_on(session: Session) -> bool:
    return bool(session.progress.settings.review)


def cards(session: Session) -> dict[str, Card]:
    """Every card of this path by item id: active (done) and suspended ones.

    Worked out again only when something it depends on changed: the ratings
    are replayed only when the ratings table is another one (a merge, a
    reset) or has grown (ratings are never changed or removed in place), and
    the deck is put together again only when the progress changed (a new
    stamp, or a new Progress). The memo holds the objects it answered for,
    so a new one cannot be mistaken for an old one at the same address.
    """
    progress = session.progress
    memo = session.review_memo
    deck_source = (progress, progress.last, progress.epoch)
    if (
        memo.deck_source
        and memo.deck_source[0] is progress
        and memo.deck_source[1:]
        == (
            progress.last,
            progress.epoch,
        )
    ):
        return memo.deck
    done = {item_id: finished_at(record) for item_id, record in _done(session)}
    memo.deck = deck(done, _rated(session))
    memo.deck_source = deck_source
    return memo.deck


def _done(session: Session) -> Iterator[tuple[str, Record]]:
    """The done items of this path, with their records."""
    find = session.path.find
    for item_id, record in session.progress.items.items():
        # (the values themselves: a field read as an attribute costs a lookup per item)
        if record.values.get("state") == "done" and find(item_id) is not None:
            yield item_id, record


def _rated(session: Session) -> dict[str, Card]:
    """The rated cards, replayed again only when the ratings table is another
    one (a merge, a reset), has grown, or the retention changed."""
    progress, memo = session.progress, session.review_memo
    table = progress.table(RATINGS_COLLECTION.name)
    retention = progress.settings.retention
    rated_source = (table, len(table), retention)
    if not (
        memo.rated_source
        and memo.rated_source[0] is table
        and memo.rated_source[1:] == (len(table), retention)
    ):
        memo.rated = _replayed(session, _lines(session, table.values()), retention, memo)
        memo.rated_source = rated_source
    return memo.rated


def _replayed(
    session: Session, lines: list[RatingLine], retention: float, memo: Memo
) -> dict[str, Card]:
    """``replay_ratings``, or, when this replay was made before (a command that
    changed no rating), its cards as ``storage/reviewcache.py`` kept them:
    neither fsrs nor a single rating is touched then."""
    if not lines or memo.cards:  # nothing to replay, or a replay in this process to build on
        return replay_ratings(lines, retention, memo)
    from pathtui.storage import reviewcache

    # In a set order: the replay does not depend on the order the table was read in.
    digest = reviewcache.key(
        sorted((given.isoformat(), key, item, word) for given, key, item, word in lines),
        retention,
    )
    kept = reviewcache.read(session.store.file, digest)
    if kept is not None:
        try:
            return {row[0]: _card(row) for row in kept}
        except (TypeError, ValueError, IndexError):
            pass  # not rows this release wrote: replay
    rated = replay_ratings(lines, retention, memo)
    reviewcache.write(session.store.file, digest, [_row(card) for card in rated.values()])
    return rated


def _row(card: Card) -> tuple[object, ...]:
    """A replayed card as plain values (what marshal holds)."""
    return (
        card.item,
        card.due.toordinal(),
        card.reviews,
        card.last_rating,
        card.last_review.toordinal() if card.last_review else None,
        card.active,
        card.stability,
        card.difficulty,
    )


def _card(row: tuple[Any, ...]) -> Card:
    item, due, reviews, last_rating, last_review, active, stability, difficulty = row
    return Card(
        item,
        dt.date.fromordinal(due),
        reviews,
        last_rating=last_rating,
        last_review=dt.date.fromordinal(last_review) if last_review is not None else None,
        active=active,
        stability=stability,
        difficulty=difficulty,
    )


def _lines(session: Session, ratings: Iterable[Record]) -> list[RatingLine]:
    """The ratings of this path's items, as the replay takes them. A rating keeps
    the id it was given under; a path that renamed the item since says what it
    is called now (as ``Progress.apply_renames`` does for states)."""
    renames = session.path.renames()
    known = set(session.path.item_ids())
    lines = []
    for record in ratings:
        values = record.values
        item = renames.get(values["item"], values["item"])
        if item in known:
            lines.append((values["given"], record.key, item, values["rating"]))
    return lines


def due_today(session: Session, today: dt.date) -> list[Card]:
    """The cards to review today, oldest first (none while review is off)."""
    if not review_on(session):
        return []
    return sorted(
        (card for card in cards(session).values() if card.is_due(today)),
        key=lambda card: (card.due, card.item),
    )


def title(session: Session, item_id: str) -> str:
    """An item's title as plain text (path text is shown literally)."""
    found = session.path.find(item_id)
    return sanitise(found[1].title) if found else item_id


def review_summary(session: Session) -> ReviewSummary:
    """The cards as the status cache keeps them (``picture.ReviewSummary``)."""
    if not review_on(session):
        return {"on": False, "cards": []}
    # Each date written once: there may be thousands of cards, many due the same day.
    days: dict[dt.date, str] = {}
    rows = []
    for due, item, reviews in _soonest(session):
        day = days.get(due)
        if day is None:
            day = days[due] = due.isoformat()
        rows.append((item, title(session, item), day, reviews))
    return {"on": True, "cards": rows}


def _soonest(session: Session) -> list[tuple[dt.date, str, int]]:
    """The active cards as (due, item, reviews), soonest first: what ``upcoming``
    gives of ``cards``, without a ``Card`` for each never-rated item (a
    command's status summary after a write, with thousands of items done)."""
    rated = _rated(session)
    first_due = first_dues()
    soonest = []
    for item_id, record in _done(session):
        card = rated.get(item_id)
        if card is None:
            soonest.append((first_due(finished_at(record)), item_id, 0))
        else:
            soonest.append((card.due, item_id, card.reviews))
    soonest.sort()  # (each item once, so the key ends at the item: as ``upcoming`` sorts)
    return soonest


def check_rating(word: str) -> str:
    """A rating word ('good', or a key: 'g', '3'), or the one-sentence error."""
    rating = rating_word(word)
    if rating is None:
        shown = sanitise(word)[:SHOWN_WORD]
        raise PathtuiError(f"{shown!r} is not a rating; give one of {', '.join(RATINGS)}.")
    return rating


def rate(session: Session, item_id: str, word: str, now: dt.datetime | None = None) -> Card:
    """Check and save one rating of a done item; the card as it now stands.

    Refuses (one sentence) a word that is no rating, an unknown id, an item
    that is not done, and any rating while review is off. ``now`` is when it
    was given (the clock's time unless a test or the tracker's fixed day says).
    """
    rating = check_rating(word)
    session.resolve([item_id])
    with session.editing():
        if not review_on(session):
            raise PathtuiError(f"Review is off; {TURN_ON}.")
        state = session.progress.state(item_id)
        if state != "done":
            raise PathtuiError(
                f"{item_id} is {state}, not done: only done items are reviewed "
                f"(`pathtui done {item_id}` marks it done)."
            )
        session.add_rating(item_id, rating, given=local_now(now))
    return cards(session)[item_id]
