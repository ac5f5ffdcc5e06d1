"""Spaced review of finished items: the cards, and when each one is due.

A done item is a review card, first due the day after it was done. The
learner's ratings are the only state: each is a record of the ``ratings``
collection (``schema.py``) that is written once and never changed, and a
card's schedule is the replay of its ratings, in the order they were given,
through the FSRS scheduler of the ``fsrs`` package. Merging two copies is
the union of their ratings, and the same ratings replay to the same dates on
every device, so two devices that reviewed one card converge by construction.

The scheduler is set up for topics, not flash cards: no minute-long
learning steps (the first rating goes straight to days) and no fuzz (fsrs
draws its fuzz from the global random generator, so two devices would
disagree). It counts in whole days, as Anki does: a rating keeps the time
it was given with the learner's own UTC offset, and the replay gives fsrs
the start of that local day, so a review in the morning of its due day
counts the same days as one in the evening, and a card is due on a date,
the same date on every device. A skipped item is no card (the learner knew it already); an item
put back to todo or skipped keeps its ratings as a suspended card, and done
again resumes it.

The status line imports this module, so it imports only ``datetime``
(``model/statusline.py`` says why); ``fsrs`` is imported inside
:func:`replay`, and only when some card has ratings to replay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping

#: ``typing`` costs the status line milliseconds; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from fsrs import Scheduler

    #: One rating as the replay takes it: (given, record key, item id, rating word).
    #: Tuples sort by when the rating was given, then by its random key: a total
    #: order every device reads the same.
    RatingLine = tuple[dt.datetime, str, str, str]

#: The ratings, worst first; fsrs numbers them 1 to 4 in this order.
RATINGS: tuple[str, ...] = ("again", "hard", "good", "easy")
#: Keys of the interactive review: 1–4, or each rating's first letter.
KEYS: dict[str, str] = {
    **{str(number): word for number, word in enumerate(RATINGS, 1)},
    **{word[0]: word for word in RATINGS},
}
#: The desired retention when the learner has not chosen one (fsrs's own default).
DEFAULT_RETENTION = 0.90
#: The longest interval, in days (fsrs's default: a hundred years).
MAXIMUM_INTERVAL_DAYS = 36500
#: What a card that was never rated shows instead of a number of reviews.
NEW = "new"
#: The replay's memo is emptied when it holds more than this many cards.
MEMO_LIMIT = 4096

ONE_DAY = dt.timedelta(days=1)


class Card:
    """One item's review card: the day it is due next, and how it got there.

    ``last_review`` is the day of the last rating (the learner's local date
    then). ``active`` is False for a suspended card (its item is no longer
    done). ``stability`` and ``difficulty`` are fsrs's (None before a rating).
    """

    __slots__ = (
        "active",
        "difficulty",
        "due",
        "item",
        "last_rating",
        "last_review",
        "reviews",
        "stability",
    )

    def __init__(
        self,
        item: str,
        due: dt.date,
        reviews: int = 0,
        *,
        last_rating: str | None = None,
        last_review: dt.date | None = None,
        active: bool = True,
        stability: float | None = None,
        difficulty: float | None = None,
    ) -> None:
        self.item, self.due, self.reviews = item, due, reviews
        self.last_rating, self.last_review, self.active = last_rating, last_review, active
        self.stability, self.difficulty = stability, difficulty

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Card):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Card({self.item!r}, due={self.due.isoformat()}, reviews={self.reviews})"

    def with_active(self, active: bool) -> Card:
        """The same card, suspended or resumed."""
        if active == self.active:
            return self
        return Card(
            self.item,
            self.due,
            self.reviews,
            last_rating=self.last_rating,
            last_review=self.last_review,
            active=active,
            stability=self.stability,
            difficulty=self.difficulty,
        )

    def is_due(self, today: dt.date) -> bool:
        """Due today or before (a card is due all of its day), and not suspended."""
        return self.active and self.due <= today

    @property
    def interval_days(self) -> int | None:
        """Days from the last review to the next (None before the first)."""
        if self.last_review is None:
            return None
        return (self.due - self.last_review).days


class Memo:
    """What the replay remembers between calls; the caller keeps it (a Session).

    ``cards`` holds each rated card by its ratings, so a card whose ratings
    did not change is not replayed again (a tracker redraws after every
    change, and only one card changes at a time). ``rated`` is the last
    answer of :func:`replay_ratings` and ``deck`` the last whole deck, each
    with ``*_source``: what the caller worked it out from, for the caller to
    compare before asking again.
    """

    __slots__ = ("cards", "deck", "deck_source", "rated", "rated_source")

    def __init__(self) -> None:
        self.cards: dict[tuple[object, ...], Card] = {}
        self.rated: dict[str, Card] = {}
        self.rated_source: tuple[object, ...] = ()
        self.deck: dict[str, Card] = {}
        self.deck_source: tuple[object, ...] = ()


def first_due(done_at: dt.datetime) -> dt.date:
    """The day a card is first due: the day after its item was done (local dates)."""
    return done_at.astimezone().date() + ONE_DAY


def review_day(given: dt.datetime) -> dt.datetime:
    """What fsrs is told about a rating: the start of the learner's local day then.

    ``given`` carries the learner's UTC offset, so every device reads the
    same day from it; fsrs counts whole days from these (``timedelta.days``).
    """
    return dt.datetime.combine(given.date(), dt.time(), dt.UTC)


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    """The time a rating is given: aware, with the learner's own UTC offset."""
    return (now or dt.datetime.now(dt.UTC)).astimezone()


def rating_word(text: str) -> str | None:
    """A typed rating ('good', 'Good', 'g' or '3') as its word; None if it is none."""
    raw = text.strip().lower()
    if raw in RATINGS:
        return raw
    return KEYS.get(raw)


def scheduler(retention: float) -> Scheduler:
    """The FSRS scheduler for topics: days only, no fuzz (the module docstring says why)."""
    from fsrs import Scheduler

    return Scheduler(
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def _replay_one(fsrs_scheduler: Scheduler, item: str, lines: list[RatingLine]) -> Card:
    """One card's ratings, in order, through the scheduler."""
    from fsrs import Card as FsrsCard
    from fsrs import Rating

    # The card id plays no part in scheduling; without one, fsrs sleeps 1 ms to make one.
    card = FsrsCard(card_id=1, due=review_day(lines[0][0]))
    for given, _key, _item, word in lines:
        card, _log = fsrs_scheduler.review_card(
            card, Rating(RATINGS.index(word) + 1), review_day(given)
        )
    given, _key, _item, word = lines[-1]
    return Card(
        item,
        card.due.date(),  # a start of day plus whole days: the due date itself
        len(lines),
        last_rating=word,
        last_review=given.date(),
        stability=card.stability,
        difficulty=card.difficulty,
    )


def replay_ratings(
    ratings: Iterable[RatingLine], retention: float, memo: Memo | None = None
) -> dict[str, Card]:
    """Each rated item's card (active), from its ratings replayed in order.

    ``memo`` (the caller's, kept between calls) spares replaying a card whose
    ratings did not change.
    """
    by_item: dict[str, list[RatingLine]] = {}
    for line in ratings:
        by_item.setdefault(line[2], []).append(line)
    known = memo.cards if memo is not None else None
    if known is not None and len(known) > MEMO_LIMIT:
        known.clear()
    fsrs_scheduler: Scheduler | None = None
    cards: dict[str, Card] = {}
    for item, lines in by_item.items():
        lines.sort()
        key = (retention, *lines)
        card = known.get(key) if known is not None else None
        if card is None:
            if fsrs_scheduler is None:
                fsrs_scheduler = scheduler(retention)
            card = _replay_one(fsrs_scheduler, item, lines)
            if known is not None:
                known[key] = card
        cards[item] = card
    return cards


def deck(done: Mapping[str, dt.datetime], rated: Mapping[str, Card]) -> dict[str, Card]:
    """Every card: each done item's (``done`` says when it was done; new if never
    rated) and, suspended, each rated item that is not done."""
    cards: dict[str, Card] = {}
    due = first_dues()
    for item in sorted(done.keys() | rated.keys()):
        card = rated.get(item)
        cards[item] = (
            Card(item, due(done[item])) if card is None else card.with_active(item in done)
        )
    return cards


def first_dues() -> Callable[[dt.datetime], dt.date]:
    """``first_due`` for many cards at once: the local offset is looked up once
    per UTC day (a call to the system each time costs a deck of thousands
    milliseconds), and exactly, as ``first_due`` does, on a day when it
    changes (a daylight-saving day)."""
    offsets: dict[dt.date, dt.timedelta | None] = {}

    def due(done_at: dt.datetime) -> dt.date:
        at = done_at.astimezone(dt.UTC)
        day = at.date()
        if day not in offsets:
            start = dt.datetime.combine(day, dt.time(), dt.UTC)
            first = start.astimezone().utcoffset()
            last = (start + ONE_DAY - dt.timedelta(seconds=1)).astimezone().utcoffset()
            offsets[day] = first if first == last else None
        offset = offsets[day]
        if offset is None:
            return first_due(done_at)
        return (at + offset).date() + ONE_DAY

    return due


def replay(
    done: Mapping[str, dt.datetime],
    ratings: Iterable[RatingLine],
    retention: float,
    memo: Memo | None = None,
) -> dict[str, Card]:
    """Every card, from the done items and the ratings: :func:`deck` over
    :func:`replay_ratings`. The same arguments give the same cards on every device."""
    return deck(done, replay_ratings(ratings, retention, memo))


def due_cards(cards: Iterable[Card], today: dt.date) -> list[Card]:
    """The active cards due on or before ``today``, oldest first (the order of a review)."""
    return sorted((c for c in cards if c.is_due(today)), key=lambda c: (c.due, c.item))


def upcoming(cards: Iterable[Card]) -> list[Card]:
    """Every active card, soonest first."""
    return sorted((c for c in cards if c.active), key=lambda c: (c.due, c.item))


# --------------------------------------------------------------------------- words


def reviews_text(count: int) -> str:
    """'new', '1 review', '3 reviews'."""
    if count == 0:
        return NEW
    return "1 review" if count == 1 else f"{count} reviews"


def next_words(card: Card, today: dt.date) -> str:
    """'next review 2026-03-15 (in 11 days)'."""
    days = (card.due - today).days
    when = "tomorrow" if days == 1 else "today" if days <= 0 else f"in {days} days"
    return f"next review {card.due.isoformat()} ({when})"


def due_since(card: Card, today: dt.date) -> str:
    """'due today', 'due yesterday', 'due 5 days ago'."""
    late = (today - card.due).days
    return f"due {late} days ago" if late > 1 else "due yesterday" if late == 1 else "due today"


def recall_words(has_link: bool) -> str:
    """What the walk asks before a rating; the link only for an item that has one."""
    link = ", or reread the link" if has_link else ""
    return f"Recall it: explain it aloud, write the code{link}."


def history_words(card: Card) -> str:
    """'first review', 'reviewed once', '3 reviews'."""
    return {0: "first review", 1: "reviewed once"}.get(card.reviews, f"{card.reviews} reviews")


def summary_line(given: list[str], total: int, next_due: dt.date | None) -> str:
    """'Reviewed 3 of 3: 1 again, 2 good. Next review 2026-03-06.'"""
    if not given:
        text = f"Reviewed none of {total}."
    else:
        counts = ", ".join(f"{given.count(w)} {w}" for w in RATINGS if w in given)
        text = f"Reviewed {len(given)} of {total}: {counts}."
    if len(given) < total:
        text += f" {total - len(given)} still due today."
    if next_due is not None:
        text += f" Next review {next_due.isoformat()}."
    return text


def next_due_after(cards: Iterable[Card], today: dt.date) -> dt.date | None:
    """The first day after today that an active card is due (None: no card is)."""
    return min((c.due for c in cards if c.active and c.due > today), default=None)


# --------------------------------------------------------------------------- the status line


def count_due(due_days: Iterable[str], today: str) -> int:
    """Cards due today or earlier, from their due dates as ISO text (as the
    status cache keeps them): ISO dates compare as text, so a prompt counts
    them without ``datetime``."""
    return sum(1 for day in due_days if day <= today)


def due_words(count: int) -> str:
    """'3 to review' (what the status line and the tracker's standing line add)."""
    return f"{count} to review"


# --------------------------------------------------------------------------- the history


def ratings_per_week(
    ratings: Iterable[tuple[dt.datetime, str]], today: dt.date, weeks: int
) -> list[tuple[dt.date, dict[str, int]]]:
    """How many of each rating were given in each of the last ``weeks`` weeks
    (from Monday, by the learner's dates), oldest first; ``ratings`` are (given, word)."""
    this_monday = today - dt.timedelta(days=today.weekday())
    mondays = [this_monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    counts = {monday: dict.fromkeys(RATINGS, 0) for monday in mondays}
    for given, word in ratings:
        day = given.date()  # the learner's local date when they rated
        monday = day - dt.timedelta(days=day.weekday())
        if monday in counts and word in RATINGS:
            counts[monday][word] += 1
    return [(monday, counts[monday]) for monday in mondays]
