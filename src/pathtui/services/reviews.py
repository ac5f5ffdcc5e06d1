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
from pathtui.model.path import clean_text
from pathtui.model.review import RATINGS, Card, local_now, rating_word, replay, upcoming
from pathtui.model.schema import RATINGS as RATINGS_COLLECTION

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import ReviewSummary
    from pathtui.services.session import Session

#: How much of a mistyped rating a message shows.
SHOWN_WORD = 20
#: What turns review back on, for messages that say it is off.
TURN_ON = "`pathtui config review on` turns it on"


def review_on(session: Session) -> bool:
    return bool(session.progress.settings.review)


def cards(session: Session) -> dict[str, Card]:
    """Every card of this path by item id: active (done) and suspended ones.

    Worked out again only when the progress changed: every change is a new
    stamp (``progress.last``) or a new Progress (a merge), and the memo holds
    the Progress it answered for, so that one cannot be mistaken for another.
    """
    progress = session.progress
    memo = session.review_memo
    source = (progress, progress.last, progress.epoch)
    if memo.source and memo.source[0] is progress and memo.source[1:] == source[1:]:
        return memo.deck
    known = set(session.path.item_ids())
    done = {
        item_id: record.when("state")
        for item_id, record in progress.items.items()
        if record.state == "done" and item_id in known
    }
    # A rating keeps the id it was given under; a path that renamed the item
    # since says what it is called now (as ``Progress.apply_renames`` does for states).
    renames = session.path.renames()
    lines = [
        (r.given, r.key, renames.get(r.item, r.item), r.rating)
        for r in progress.tables[RATINGS_COLLECTION.name].values()
    ]
    lines = [line for line in lines if line[2] in known]
    memo.deck = replay(done, lines, progress.settings.retention, memo)
    memo.source = source
    return memo.deck


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
    return clean_text(found[1].title) if found else item_id


def review_summary(session: Session) -> ReviewSummary:
    """The cards as the status cache keeps them (``picture.ReviewSummary``)."""
    if not review_on(session):
        return {"on": False, "cards": []}
    return {
        "on": True,
        "cards": [
            (card.item, title(session, card.item), card.due.isoformat(), card.reviews)
            for card in upcoming(cards(session).values())
        ],
    }


def check_rating(word: str) -> str:
    """A rating word ('good', or a key: 'g', '3'), or the one-sentence error."""
    rating = rating_word(word)
    if rating is None:
        shown = clean_text(word)[:SHOWN_WORD]
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
        session.progress.add_rating(item_id, rating, given=local_now(now))
    return cards(session)[item_id]
