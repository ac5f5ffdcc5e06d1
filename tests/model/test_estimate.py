"""The estimate, with exact numbers: pure functions, a fixed 'today'."""

from __future__ import annotations

import datetime as dt

import pytest

from path_support import builtin_path
from pathtui.model.estimate import estimate, remaining_hours
from pathtui.model.pathparse import parse_path
from pathtui.model.timeleft import describe_pace, describe_weeks, finish_dates, weeks_for
from support import TINY_PATH

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def path():
    return builtin_path()


def test_zero_progress_is_the_baseline(path) -> None:
    est = estimate(path, {}, 10)
    assert est.hours_left == (390.0, 1040.0)
    assert est.weeks_left == (39.0, 104.0)
    assert est.words() == "about 9 months to 2 years"
    assert est.items_done == est.items_skipped == 0
    assert est.percent == 0.0
    assert est.current_step is not None and est.current_step.number == 1
    assert est.finish_dates(TODAY) == (dt.date(2027, 8, 25), dt.date(2028, 11, 22))


def test_twenty_hours_a_week_halves_the_weeks(path) -> None:
    est = estimate(path, {}, 20)
    assert est.weeks_left == (19.5, 52.0)
    assert est.words() == "about 4–12 months"


def test_all_done_or_skipped_is_zero_and_done(path) -> None:
    states = {item.id: ("done" if i % 2 else "skipped") for i, item in enumerate(path.items)}
    est = estimate(path, states, 10)
    assert est.hours_left == (0.0, 0.0)
    assert est.weeks_left == (0.0, 0.0)
    assert est.words() == "done"
    assert est.current_step is None
    assert est.next_item_id is None
    assert est.percent == 100.0
    assert est.items_done + est.items_skipped == len(path.items) == 58
    assert est.finish_dates(TODAY) == (TODAY, TODAY)


def test_skipped_counts_as_complete_and_learning_does_not(path) -> None:
    first = path.steps[0].items[0]
    skipped = estimate(path, {first.id: "skipped"}, 10)
    done = estimate(path, {first.id: "done"}, 10)
    learning = estimate(path, {first.id: "learning"}, 10)
    assert skipped.hours_left == done.hours_left == (390 - first.hours[0], 1040 - first.hours[1])
    assert learning.hours_left == (390.0, 1040.0)
    assert skipped.percent == done.percent == round(1 / 54 * 100, 1) == 1.9
    assert learning.percent == 0.0


def test_current_step_and_next_item_follow_the_first_open_item(path) -> None:
    step1 = {item.id: "done" for item in path.steps[0].items}
    step1[path.steps[1].items[0].id] = "skipped"
    est = estimate(path, step1, 10)
    assert est.current_step.number == 2
    assert est.next_item_id == path.steps[1].items[1].id
    assert est.steps[0].done == est.steps[0].total == 10
    assert est.steps[1].done == 1


def test_extras_are_outside_the_estimate(path) -> None:
    extras = {item.id: "done" for item in path.extras.items}
    est = estimate(path, extras, 10)
    assert est.hours_left == (390.0, 1040.0)
    assert est.items_done == 0
    assert est.items_total == 54


def test_progress_for_unknown_ids_does_not_count(path) -> None:
    est = estimate(path, {"gone-item": "done"}, 10)
    assert est.items_done == 0
    assert remaining_hours(path, {"gone-item": "done"}) == (390.0, 1040.0)


@pytest.mark.parametrize(
    ("weeks", "words"),
    [
        ((0, 0), "done"),
        ((0.2, 0.5), "less than a week"),
        ((0, 3), "up to 3 weeks"),
        ((1, 1.2), "about 1 week"),
        ((2, 5), "about 2–5 weeks"),
        ((4, 20), "about 4 weeks to 5 months"),
        ((26, 73.6), "about 6–17 months"),
        ((39, 104), "about 9 months to 2 years"),
        ((104, 156), "about 2–3 years"),
        ((110, 130), "about 2–2.5 years"),
    ],
)
def test_friendly_words(weeks, words) -> None:
    assert describe_weeks(weeks) == words


def test_weeks_and_dates_arithmetic() -> None:
    assert weeks_for((240, 650), 10) == (24.0, 65.0)
    assert weeks_for((100, 100), 7.5) == (100 / 7.5, 100 / 7.5)
    assert finish_dates((1, 2.01), TODAY) == (dt.date(2026, 12, 2), dt.date(2026, 12, 10))
    assert describe_pace(10.0) == "10 h/week"
    assert describe_pace(7.5) == "7.5 h/week"
    with pytest.raises(ValueError):
        weeks_for((1, 2), 0)


def test_estimate_uses_each_items_hours() -> None:
    path = parse_path(TINY_PATH, "tiny.toml")
    assert estimate(path, {}, 5).weeks_left == (2.0, 4.0)
    assert estimate(path, {"first": "done"}, 5).hours_left == (6.0, 12.0)
    assert estimate(path, {"first": "done"}, 3).weeks_left == (2.0, 4.0)
