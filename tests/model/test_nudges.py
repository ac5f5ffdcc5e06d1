"""Which nudges are due, the study plan and each step's finish, with exact numbers.

The week is Monday 2026-12-07 to Sunday 2026-12-13; the learner plans
10 h a week. Summaries are the plain dicts the status cache keeps, built here
with only the keys each rule reads.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pathtui.model.nudges import (
    KINDS,
    TITLES,
    cheers_nudge,
    due_nudges,
    follow_up_nudge,
    reviews_nudge,
    streak_nudge,
    week_nudge,
)
from pathtui.model.pace import daily_from_json, forecast, pace
from pathtui.model.stepfinish import step_finishes
from pathtui.model.studyplan import (
    clock,
    describe_days,
    parse_study_days,
    parse_study_time,
    session_minutes,
    share_before,
    share_between,
    weekdays,
)

D = dt.date
MON, WED, THU, FRI, SAT, SUN = (D(2026, 12, d) for d in (7, 9, 10, 11, 12, 13))
#: Three past weeks that each met 10 h (a 3-week streak coming into this week).
PAST_WEEKS = {"2026-11-16": 5.0, "2026-11-19": 5.0, "2026-11-23": 10.0, "2026-12-01": 10.0}


def summary(
    daily: dict[str, float] | None = None,
    *,
    study_days: str = "",
    streaks: bool = True,
    kind: str = "weeks",
    minimum: float = 15.0,
    rests: int = 1,
    applications: list[list[str]] | None = None,
    current_step: int | None = 0,
    start_date: str = "2026-11-16",
) -> Any:
    return {
        "daily": dict(PAST_WEEKS if daily is None else daily),
        "current_step": current_step,
        "hours_per_week": 10.0,
        "start_date": start_date,
        "study_settings": {
            "streaks": streaks,
            "streak_kind": kind,
            "day_minimum_minutes": minimum,
            "rest_days_per_week": rests,
            "study_days": study_days,
            "study_time": "19:00",
        },
        "jobs": {
            "applications": applications or [],
            "weekly_goal": 10,
            "follow_up_days": 14,
            "reached": True,
        },
    }


# --------------------------------------------------------------------------- the study plan


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("mon,wed,sat", "mon,wed,sat"),
        ("Sat, Mon  wed", "mon,wed,sat"),
        ("monday,TUESDAY,thurs,sun", "mon,tue,thu,sun"),
        ("mon,mon", "mon"),
        ("none", ""),
        ("  ", ""),
    ],
)
def test_study_days_are_stored_in_week_order(typed: str, stored: str) -> None:
    assert parse_study_days(typed) == stored


@pytest.mark.parametrize("typed", ["mo", "funday", "mon;wed", "1,2", "mon,none"])
def test_a_bad_day_name_is_one_sentence(typed: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_study_days(typed)
    message = str(caught.value)
    assert "is not a day of the week" in message and message.endswith("or none.")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("typed", "stored"), [("19:00", "19:00"), ("7:30", "07:30"), ("0:05", "00:05")]
)
def test_study_time_is_stored_as_hh_mm(typed: str, stored: str) -> None:
    assert parse_study_time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "19:60", "7pm", "19", "19:0", "١٩:٠٠", "", "-1:30"])
def test_a_bad_time_is_one_sentence(typed: str) -> None:
    with pytest.raises(ValueError, match=r"is not a time like 19:00 \(24-hour clock, HH:MM\)\.$"):
        parse_study_time(typed)


def test_stored_values_are_read_tolerantly() -> None:
    assert weekdays("mon,wed,sat") == (0, 2, 5)
    assert weekdays("garbage") == ()
    assert clock("07:30") == (7, 30)
    assert clock("25:00") is None
    assert describe_days("mon,sun") == "mon, sun"
    assert describe_days("") == "none"


@pytest.mark.parametrize(
    ("hours", "days", "minutes"),
    [
        (10.0, (0, 2, 5), {0: 200, 2: 200, 5: 200}),
        (10.0, tuple(range(7)), {0: 86, 1: 86, 2: 86, 3: 86, 4: 86, 5: 85, 6: 85}),
        (7.5, (1, 3), {1: 225, 3: 225}),
        (0.5, (0, 1, 2, 3), {0: 8, 1: 8, 2: 7, 3: 7}),
    ],
)
def test_sessions_add_up_to_the_weekly_pace(
    hours: float, days: tuple[int, ...], minutes: dict[int, int]
) -> None:
    assert session_minutes(hours, days) == minutes
    assert sum(minutes.values()) == round(hours * 60)


def test_the_share_of_the_plan_before_a_day() -> None:
    assert share_between((), 3, 4) == pytest.approx(1 / 7)
    assert share_between((0, 2, 5), 3, 6) == pytest.approx(1 / 3)
    assert share_between((0, 2, 5), 7, 6) == 0.0
    assert share_before((), 0) == 0.0
    assert share_before((), 4) == pytest.approx(4 / 7)
    assert share_before((0, 2, 5), 2) == pytest.approx(1 / 3)
    assert share_before((0, 2, 5), 3) == pytest.approx(2 / 3)
    assert share_before((0, 2, 5), 6) == 1.0


# --------------------------------------------------------------------------- the week


def this_week(**days: float) -> dict[str, float]:
    dates = {"mon": "2026-12-07", "tue": "2026-12-08", "wed": "2026-12-09", "sat": "2026-12-12"}
    return {**PAST_WEEKS, **{dates[d]: h for d, h in days.items()}}


def test_no_week_nudge_on_monday_nor_while_on_track() -> None:
    assert week_nudge(summary(this_week()), MON) is None
    on_track = summary(this_week(mon=1.5, tue=1.5))
    assert week_nudge(on_track, WED) is None  # 3 h against 2.86 expected
    assert week_nudge(on_track, THU) is None  # 1.29 h behind: less than a day's share (1.43 h)


def test_the_week_nudge_gives_the_hours_behind_and_the_days_left() -> None:
    behind = summary(this_week(mon=1.5, tue=1.5))
    assert week_nudge(behind, FRI) == {
        "kind": "week",
        "text": "This week: 3 h of your 10 h logged, 2.7 h behind plan; 7 h to go and "
        "3 days left (pathtui log).",
    }
    nudge = week_nudge(summary(this_week()), SUN)
    assert nudge is not None
    assert nudge["text"].endswith(
        "8.6 h behind plan; 10 h to go and today is the last day (pathtui log)."
    )


def test_study_days_shape_the_plan() -> None:
    # Studying on Monday, Wednesday and Saturday: by Friday two thirds are due.
    plan = summary(this_week(mon=3.0), study_days="mon,wed,sat")
    assert week_nudge(plan, WED) is None  # only Monday's share (3.3 h) was due
    nudge = week_nudge(plan, FRI)
    assert nudge is not None and "3.7 h behind plan; 7 h to go and 3 days left" in nudge["text"]
    assert week_nudge(summary(this_week(mon=3.0), study_days="junk"), FRI) is not None


def test_in_the_week_the_learner_starts_the_plan_counts_from_the_start_date() -> None:
    # Started on Thursday with 1 h logged: Friday expects only Thursday's share.
    started = summary({"2026-12-10": 1.0}, start_date="2026-12-10")
    assert week_nudge(started, FRI) is None
    nudge = week_nudge(started, SUN)  # Thursday to Saturday planned 4.3 h
    assert nudge is not None and "3.3 h behind plan; 9 h to go" in nudge["text"]
    assert week_nudge(summary({"2026-12-10": 1.0}, start_date="2026-12-14"), SUN) is None
    # A start date in an earlier week changes nothing.
    assert week_nudge(summary(this_week(), start_date="2026-12-01"), SUN) == week_nudge(
        summary(this_week()), SUN
    )


def test_no_week_nudge_once_met_without_a_log_or_when_the_path_is_done() -> None:
    assert week_nudge(summary(this_week(mon=6.0, tue=4.0)), SUN) is None
    assert week_nudge(summary({}), SUN) is None
    assert week_nudge(summary(this_week(), current_step=None), SUN) is None


# --------------------------------------------------------------------------- streaks


def test_a_week_streak_ends_on_sunday_when_the_goal_is_not_met() -> None:
    learner = summary(this_week(mon=1.5, sat=6.0))
    for day in (MON, WED, FRI, SAT):
        assert streak_nudge(learner, day) is None, day
    assert streak_nudge(learner, SUN) == {
        "kind": "streak",
        "text": "Your 3-week streak ends tonight unless you log 2.5 h more this week "
        "(7.5 h of 10 h so far; pathtui log).",
    }
    assert streak_nudge(summary(this_week(mon=4.0, sat=6.0)), SUN) is None  # met
    assert streak_nudge(summary(this_week(sat=1.0), streaks=False), SUN) is None


def test_a_day_streak_ends_once_the_rest_days_are_used() -> None:
    daily = {"2026-12-07": 1.0, "2026-12-08": 1.0, "2026-12-10": 1.0}  # Wednesday rested
    learner = summary(daily, kind="days", rests=1)
    nudge = streak_nudge(learner, D(2026, 12, 11))
    assert nudge == {
        "kind": "streak",
        "text": "Your 3-day streak ends today unless you study (15 minutes count; pathtui log).",
    }
    assert streak_nudge(summary(daily, kind="days", rests=2), D(2026, 12, 11)) is None
    studied = {**daily, "2026-12-11": 0.5}
    assert streak_nudge(summary(studied, kind="days"), D(2026, 12, 11)) is None
    assert streak_nudge(summary({}, kind="days"), D(2026, 12, 11)) is None


# --------------------------------------------------------------------------- the rest


def test_follow_ups_due() -> None:
    learner = summary(applications=[["2026-11-28", "applied"], ["2026-11-20", "interview"]])
    assert follow_up_nudge(learner, D(2026, 12, 11)) is None
    assert follow_up_nudge(learner, SAT) == {
        "kind": "follow-up",
        "text": "1 job application has had no reply for 14 days or more: time to follow up "
        "(pathtui jobs).",
    }
    two = summary(applications=[["2026-11-28", "applied"], ["2026-11-01", "applied"]])
    nudge = follow_up_nudge(two, SAT)
    assert nudge is not None and nudge["text"].startswith("2 job applications have had no reply")


def test_reviews_and_cheers() -> None:
    assert reviews_nudge(0) is None
    assert reviews_nudge(1) == {
        "kind": "reviews",
        "text": "1 topic is due for review (pathtui review).",
    }
    assert reviews_nudge(3)["text"] == "3 topics are due for review (pathtui review)."  # type: ignore[index]
    assert cheers_nudge("  ") is None
    assert cheers_nudge("2 new cheers, from Bob and Ann") == {
        "kind": "cheers",
        "text": "2 new cheers, from Bob and Ann (pathtui group sync).",
    }


def test_every_nudge_due_in_order_and_none_when_nothing_is() -> None:
    learner = summary(this_week(mon=1.5), applications=[["2026-11-20", "applied"]])
    nudges = due_nudges(learner, SUN, reviews_due=2, cheers="1 new cheer, from Bob")
    assert [n["kind"] for n in nudges] == ["streak", "week", "reviews", "follow-up", "cheers"]
    assert list(KINDS) == [n["kind"] for n in nudges] and set(TITLES) == set(KINDS)
    assert due_nudges(summary(this_week()), MON) == []


# --------------------------------------------------------------------------- step finishes


def finishing_summary(daily: dict[str, float]) -> Any:
    return {
        "daily": daily,
        "hours_left": [30.0, 60.0],
        "calibration": {"factor": None, "items": 0, "hours": 0.0, "trusted": False},
        "steps": [
            {"number": 1, "id": "a", "title": "A", "done": 2, "total": 2},
            {"number": 2, "id": "b", "title": "B", "done": 0, "total": 3},
            {"number": 3, "id": "c", "title": "C", "done": 0, "total": 1},
        ],
    }


def test_each_step_finishes_when_it_and_the_steps_before_it_are_done() -> None:
    plan = finishing_summary({})
    finishes = step_finishes(plan, [(0.0, 0.0), (20.0, 40.0), (10.0, 20.0)], MON, 10.0)
    assert finishes[0] is None
    assert finishes[1] is not None and finishes[1]["finish"] == {
        "earliest": "2026-12-21",  # 20 h at 10 h/week: 2 weeks
        "latest": "2027-01-04",
    }
    assert finishes[2] is not None and finishes[2]["finish"] == {
        "earliest": "2026-12-28",
        "latest": "2027-01-18",
    }


def test_the_last_step_finishes_on_the_forecast_of_the_whole_path() -> None:
    # A log long enough for a personal forecast: the last finish is the forecast's.
    daily = {f"2026-11-{d:02d}": 1.5 for d in range(9, 31, 2)}
    plan = finishing_summary(daily)
    whole = forecast(
        (30.0, 60.0), pace(daily_from_json(daily), MON), plan["calibration"], 10.0, MON
    )
    assert whole["personal"]
    finishes = step_finishes(plan, [(0.0, 0.0), (20.0, 40.0), (10.0, 20.0)], MON, 10.0)
    assert finishes[2] == whole
