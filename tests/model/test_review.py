"""Spaced review's rules (model/review.py): the replay of ratings through fsrs,
first due dates, due counting and the weekly counts, with exact numbers.

The due dates are held to what ``fsrs.Scheduler`` computes when driven
directly with the same configuration (each rating at the start of its local
day), and to the figures that configuration gives (first Good 2 days, six
Goods 2, 11, 46, 163, 497, 1346 days).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

import pytest
from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler, State

from pathtui.model.review import (
    KEYS,
    RATINGS,
    Card,
    Memo,
    count_due,
    due_cards,
    first_due,
    local_now,
    rating_word,
    ratings_per_week,
    replay,
    review_day,
    scheduler,
    upcoming,
)

UTC = dt.UTC
DONE = dt.datetime(2026, 3, 3, 19, 30, tzinfo=UTC)


def direct(retention: float = 0.9) -> Scheduler:
    """fsrs driven directly: what pathtui's configuration is meant to be."""
    return Scheduler(
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=36500,
        enable_fuzzing=False,
    )


def line(given: dt.datetime, word: str, item: str = "loops", key: str = "") -> tuple:
    return (given, key or f"{given.timestamp():.0f}{word}", item, word)


def on(day: dt.date, hour: int = 19, minute: int = 30) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), UTC)


@pytest.fixture
def in_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lets a test switch the local time zone (TZ + tzset), put back afterwards."""
    yield
    monkeypatch.undo()
    time.tzset()


def use_zone(monkeypatch: pytest.MonkeyPatch, zone: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()


# --------------------------------------------------------------------------- the scheduler


def test_the_scheduler_has_no_minute_steps_and_no_fuzz() -> None:
    s = scheduler(0.85)
    assert s.learning_steps == () and s.relearning_steps == ()
    assert s.enable_fuzzing is False
    assert s.desired_retention == 0.85
    assert s.maximum_interval == 36500


@pytest.mark.parametrize(("word", "days"), [("again", 1), ("hard", 1), ("good", 2), ("easy", 8)])
def test_a_first_rating_goes_straight_to_days(word: str, days: int) -> None:
    card = replay({"loops": DONE}, [line(on(dt.date(2026, 3, 4)), word)], 0.9)["loops"]
    assert card.interval_days == days
    assert card.last_review == dt.date(2026, 3, 4)
    assert card.due == dt.date(2026, 3, 4) + dt.timedelta(days=days)
    assert (card.reviews, card.last_rating, card.active) == (1, word, True)


def test_six_goods_on_their_due_days_give_fsrs_s_intervals() -> None:
    ratings = []
    given = on(dt.date(2026, 3, 4))
    intervals = []
    for n in range(6):
        ratings.append(line(given, "good", key=f"k{n}"))
        card = replay({"loops": DONE}, ratings, 0.9)["loops"]
        intervals.append(card.interval_days)
        given = on(card.due, 6 + 3 * n, 15)  # another time of day each time
    assert intervals == [2, 11, 46, 163, 497, 1346]


def test_the_time_of_day_of_a_review_does_not_change_its_schedule() -> None:
    """Reviewed in the evening, then in the morning of the due day: the days
    between are what count (fsrs fed the exact times would count one day
    less, and give 7 days instead of 11)."""
    evening = on(dt.date(2026, 3, 4), 20)
    first = replay({"loops": DONE}, [line(evening, "good", key="a")], 0.9)["loops"]
    morning = replay(
        {"loops": DONE},
        [line(evening, "good", key="a"), line(on(first.due, 8), "good", key="b")],
        0.9,
    )["loops"]
    midnight = replay(
        {"loops": DONE},
        [line(evening, "good", key="a"), line(on(first.due, 23, 59), "good", key="b")],
        0.9,
    )["loops"]
    assert morning.interval_days == midnight.interval_days == 11


def test_a_fixed_sequence_gives_exactly_what_fsrs_computes_directly() -> None:
    rng = random.Random(19)
    sequence = [rng.choice(RATINGS) for _ in range(12)]
    s = direct()
    fsrs_card = FsrsCard(card_id=7, due=DONE)
    ratings = []
    when = on(dt.date(2026, 3, 4), 21)
    for n, word in enumerate(sequence):
        start_of_day = dt.datetime.combine(when.date(), dt.time(), UTC)
        fsrs_card, _ = s.review_card(fsrs_card, Rating(RATINGS.index(word) + 1), start_of_day)
        ratings.append(line(when, word, key=f"{n:03d}"))
        ours = replay({"loops": DONE}, ratings, 0.9)["loops"]
        assert ours.due == fsrs_card.due.date(), (n, sequence[: n + 1])
        assert fsrs_card.due.time() == dt.time()  # whole days after the start of a day
        assert ours.stability == fsrs_card.stability
        assert ours.difficulty == fsrs_card.difficulty
        assert fsrs_card.state == State.Review  # no learning steps: days from the first rating
        late = dt.timedelta(days=rng.randrange(-1, 3))  # a day early to two days late
        when = on(ours.due + late, rng.randrange(24))


@pytest.mark.parametrize(("retention", "second"), [(0.70, 310), (0.80, 75), (0.90, 11), (0.97, 2)])
def test_retention_spaces_the_second_review(retention: float, second: int) -> None:
    first = replay({"loops": DONE}, [line(DONE, "good", key="a")], retention)["loops"]
    both = [line(DONE, "good", key="a"), line(on(first.due), "good", key="b")]
    card = replay({"loops": DONE}, both, retention)["loops"]
    assert card.interval_days == second
    s = direct(retention)
    start = dt.datetime.combine(DONE.date(), dt.time(), UTC)
    step, _ = s.review_card(FsrsCard(card_id=1, due=start), Rating.Good, start)
    step, _ = s.review_card(step, Rating.Good, step.due)
    assert card.due == step.due.date()


def test_the_order_ratings_arrive_in_does_not_matter() -> None:
    rng = random.Random(3)
    ratings = [
        line(DONE + dt.timedelta(days=d, minutes=rng.randrange(600)), rng.choice(RATINGS), item)
        for d in range(1, 40, 3)
        for item in ("loops", "git")
    ]
    done = {"loops": DONE, "git": DONE}
    expected = replay(done, ratings, 0.9)
    for _ in range(5):
        rng.shuffle(ratings)
        assert replay(done, ratings, 0.9) == expected


def test_equal_times_are_ordered_by_the_ratings_key() -> None:
    """Two devices rating in the same microsecond: the key decides, the same everywhere."""
    at = DONE + dt.timedelta(days=1)
    a, b = line(at, "again", key="aaaa"), line(at, "easy", key="bbbb")
    assert replay({"loops": DONE}, [a, b], 0.9) == replay({"loops": DONE}, [b, a], 0.9)
    assert replay({"loops": DONE}, [b, a], 0.9)["loops"].last_rating == "easy"


def test_a_rating_counts_on_the_learner_s_own_date_on_every_device(
    monkeypatch: pytest.MonkeyPatch, in_zone: None
) -> None:
    """Given at 00:30 in Berlin (23:30 UTC the day before): the 4th, wherever it is replayed."""
    berlin = dt.timezone(dt.timedelta(hours=1))
    given = dt.datetime(2026, 3, 4, 0, 30, tzinfo=berlin)
    assert review_day(given) == dt.datetime(2026, 3, 4, tzinfo=UTC)
    dues = set()
    for zone in ("UTC", "America/New_York", "Asia/Tokyo"):
        use_zone(monkeypatch, zone)
        dues.add(replay({}, [line(given, "good")], 0.9)["loops"].due)
    assert dues == {dt.date(2026, 3, 6)}


def test_a_rating_is_given_with_the_learner_s_offset(
    monkeypatch: pytest.MonkeyPatch, in_zone: None
) -> None:
    use_zone(monkeypatch, "Asia/Kolkata")
    when = local_now(dt.datetime(2026, 3, 3, 20, 0, tzinfo=UTC))
    assert when.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert when.date() == dt.date(2026, 3, 4)


# --------------------------------------------------------------------------- the cards


def test_a_card_without_ratings_is_new_and_due_the_day_after_it_was_done() -> None:
    card = replay({"loops": DONE}, [], 0.9)["loops"]
    assert (card.reviews, card.last_review, card.interval_days) == (0, None, None)
    assert card.active
    assert card.due == first_due(DONE) == DONE.astimezone().date() + dt.timedelta(days=1)
    assert not card.is_due(card.due - dt.timedelta(days=1))
    assert card.is_due(card.due)
    assert card.is_due(card.due + dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("zone", "done", "due"),
    [
        # 19:30 UTC is still 3 March in New York, already 4 March in Auckland.
        ("America/New_York", dt.datetime(2026, 3, 3, 19, 30, tzinfo=UTC), dt.date(2026, 3, 4)),
        ("Pacific/Auckland", dt.datetime(2026, 3, 3, 19, 30, tzinfo=UTC), dt.date(2026, 3, 5)),
        # Done at 00:10 on the day Berlin's clocks go back (a 25-hour day): the next day.
        ("Europe/Berlin", dt.datetime(2026, 10, 24, 22, 10, tzinfo=UTC), dt.date(2026, 10, 26)),
    ],
)
def test_first_due_is_the_day_after_the_local_done_day(
    monkeypatch: pytest.MonkeyPatch, in_zone: None, zone: str, done: dt.datetime, due: dt.date
) -> None:
    use_zone(monkeypatch, zone)
    assert first_due(done) == due


def test_an_item_no_longer_done_keeps_a_suspended_card() -> None:
    ratings = [line(on(dt.date(2026, 3, 4)), "good")]
    card = replay({}, ratings, 0.9)["loops"]
    assert card.active is False and card.reviews == 1
    assert not card.is_due(dt.date(2099, 1, 1))
    resumed = replay({"loops": DONE + dt.timedelta(days=90)}, ratings, 0.9)["loops"]
    assert resumed.active is True
    assert resumed.due == card.due == dt.date(2026, 3, 6)  # history kept: due at once
    assert resumed.is_due(dt.date(2026, 7, 1))


def test_due_cards_are_the_active_ones_due_by_today_oldest_first() -> None:
    done = {"a": DONE, "b": DONE - dt.timedelta(days=5), "c": DONE + dt.timedelta(days=3)}
    ratings = [line(DONE, "good", "z")]  # suspended: not done
    cards = replay(done, ratings, 0.9)
    today = first_due(DONE) + dt.timedelta(days=1)
    assert [c.item for c in due_cards(cards.values(), today)] == ["b", "a"]
    assert [c.item for c in upcoming(cards.values())] == ["b", "a", "c"]


def test_the_memo_replays_only_the_card_that_changed() -> None:
    memo = Memo()
    ratings = [line(DONE + dt.timedelta(days=d), "good", item) for d in (1, 3) for item in "ab"]
    first = replay({"a": DONE, "b": DONE}, ratings, 0.9, memo)
    assert len(memo.cards) == 2
    again = replay({"a": DONE, "b": DONE}, ratings, 0.9, memo)
    assert again == first and len(memo.cards) == 2
    more = [*ratings, line(DONE + dt.timedelta(days=9), "hard", "a")]
    changed = replay({"a": DONE, "b": DONE}, more, 0.9, memo)
    assert len(memo.cards) == 3  # one new entry: card a; b came from the memo
    assert changed["b"] == first["b"] and changed["a"] != first["a"]
    assert changed == replay({"a": DONE, "b": DONE}, more, 0.9)


def test_the_card_type_compares_by_value() -> None:
    day = DONE.date()
    a = Card("x", day, 2, last_rating="good")
    assert a == Card("x", day, 2, last_rating="good")
    assert hash(a) == hash(Card("x", day, 2, last_rating="good"))
    assert a != Card("x", day, 3, last_rating="good")
    assert a.with_active(False).active is False and a.with_active(True) is a


# --------------------------------------------------------------------------- typed ratings


def test_rating_words_and_keys() -> None:
    assert [rating_word(k) for k in "1234"] == list(RATINGS)
    assert [rating_word(k) for k in "ahge"] == list(RATINGS)
    assert rating_word(" Good ") == "good"
    assert rating_word("great") is None and rating_word("5") is None and rating_word("") is None
    assert set(KEYS.values()) == set(RATINGS)


# --------------------------------------------------------------------------- counting due cards


def test_due_dates_are_counted_as_text() -> None:
    dues = ["2026-02-28", "2026-03-01", "2026-12-31", "2027-01-01"]
    assert count_due(dues, "2026-02-27") == 0
    assert count_due(dues, "2026-02-28") == 1
    assert count_due(dues, "2026-03-01") == 2
    assert count_due(dues, "2026-12-31") == 3
    assert count_due(dues, "2027-01-02") == 4


# --------------------------------------------------------------------------- the history


def test_ratings_per_week_count_each_word_from_monday() -> None:
    today = dt.date(2026, 3, 11)  # a Wednesday
    plus_two = dt.timezone(dt.timedelta(hours=2))
    given = [
        (on(dt.date(2026, 3, 9), 12), "good"),  # this week's Monday
        (on(dt.date(2026, 3, 11), 12), "again"),
        (on(dt.date(2026, 3, 11), 12), "good"),
        (on(dt.date(2026, 3, 8), 12), "easy"),  # last week's Sunday
        # Sunday 23:30 UTC, but Monday 01:30 where this learner lives: this week
        (dt.datetime(2026, 3, 9, 1, 30, tzinfo=plus_two), "hard"),
        (on(dt.date(2026, 1, 1), 12), "hard"),  # too old to show
    ]
    weeks = ratings_per_week(given, today, 3)
    assert [monday for monday, _ in weeks] == [
        dt.date(2026, 2, 23),
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 9),
    ]
    assert weeks[0][1] == {"again": 0, "hard": 0, "good": 0, "easy": 0}
    assert weeks[1][1] == {"again": 0, "hard": 0, "good": 0, "easy": 1}
    assert weeks[2][1] == {"again": 1, "hard": 1, "good": 2, "easy": 0}


@pytest.mark.parametrize(
    "zone",
    [
        "America/New_York",  # daylight saving at 02:00 local
        "Australia/Lord_Howe",  # a half-hour shift
        "Pacific/Chatham",  # +12:45 / +13:45
        "Asia/Kathmandu",  # +05:45, no daylight saving
        "America/St_Johns",  # -03:30 / -02:30
        "America/Santiago",  # changes at local midnight: the local date moves with them
        "Asia/Beirut",  # at local midnight too
        "UTC",
    ],
)
def test_a_deck_dates_every_card_as_first_due_does(
    monkeypatch: pytest.MonkeyPatch, in_zone: None, zone: str
) -> None:
    """A deck looks the local offset up once per UTC day; its dates are
    ``first_due``'s for every moment, daylight-saving days included."""
    use_zone(monkeypatch, zone)
    rng = random.Random(zone)
    start = dt.datetime(2020, 1, 1, tzinfo=UTC)
    moments = [start + dt.timedelta(minutes=rng.randrange(6 * 366 * 24 * 60)) for _ in range(3000)]
    # and every quarter of an hour of 2024: each of this zone's changes that year
    year = dt.datetime(2024, 1, 1, tzinfo=UTC)
    moments += [year + dt.timedelta(minutes=15 * n) for n in range(366 * 24 * 4)]
    done = {f"item-{n}": at for n, at in enumerate(moments)}
    cards = replay(done, [], 0.9)
    assert {key: card.due for key, card in cards.items()} == {
        key: first_due(at) for key, at in done.items()
    }
