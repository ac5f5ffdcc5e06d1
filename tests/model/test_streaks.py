"""Forgiving streaks, with exact counts on fixed logs.

"Today" is Wednesday 2026-11-25; its week began on Monday 2026-11-23.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from pathtui.model.durations import parse_duration
from pathtui.model.pace import daily_totals
from pathtui.model.streaks import (
    day_streak,
    describe_streak,
    met,
    streaks,
    this_week_goal,
    week_start,
    week_streak,
    weeks_met,
)

TODAY = dt.date(2026, 11, 25)
D = dt.date


def test_week_start_is_monday() -> None:
    assert week_start(TODAY) == D(2026, 11, 23)
    assert week_start(D(2026, 11, 23)) == D(2026, 11, 23)
    assert week_start(D(2026, 11, 22)) == D(2026, 11, 16)


def weekly_log(this_week_hours: float) -> dict[dt.date, float]:
    return {
        D(2026, 10, 19): 10.0,  # met (first week, starting on its Monday)
        D(2026, 10, 28): 4.0,  # missed: breaks
        D(2026, 11, 2): 6.0,
        D(2026, 11, 8): 6.0,  # 12 h: met
        D(2026, 11, 9): 10.0,  # met
        D(2026, 11, 16): 5.0,
        D(2026, 11, 22): 5.0,  # 10 h across Monday and Sunday: met
        D(2026, 11, 24): this_week_hours,
    }


def test_week_streak_running_week_neither_counts_nor_breaks() -> None:
    result = week_streak(weekly_log(2.0), TODAY, 10.0)
    assert result == {
        "current": 3,
        "longest": 3,
        "goal_hours": 10.0,
        "this_week_hours": 2.0,
        "this_week_met": False,
    }


def test_week_streak_counts_this_week_once_met() -> None:
    result = week_streak(weekly_log(10.0), TODAY, 10.0)
    assert (result["current"], result["longest"], result["this_week_met"]) == (4, 4, True)


def test_week_streak_broken_last_week_and_longest_kept() -> None:
    log = weekly_log(0.0)
    log[D(2026, 11, 22)] = 1.0  # last week now 6 h: missed
    result = week_streak(log, TODAY, 10.0)
    assert (result["current"], result["longest"]) == (0, 2)


def test_week_streak_first_week_needs_only_its_share() -> None:
    # First log on Thursday: 4 of 7 days, so 10 x 4/7 = 5.71 h is enough.
    log = {D(2026, 11, 19): 6.0, D(2026, 11, 23): 1.0}
    assert week_streak(log, TODAY, 10.0)["current"] == 1
    short = {D(2026, 11, 19): 5.5}
    assert week_streak(short, TODAY, 10.0)["current"] == 0


def test_a_running_first_week_counts_once_its_share_is_met() -> None:
    # First log on Tuesday, the week still running: 6 of 7 days, 8.57 h needed.
    log = {D(2026, 11, 24): 9.0}
    result = week_streak(log, TODAY, 10.0)
    assert (result["current"], result["this_week_met"]) == (1, True)
    assert week_streak({D(2026, 11, 24): 8.0}, TODAY, 10.0)["current"] == 0
    assert this_week_goal(log, TODAY, 10.0) == 10.0 * 6 / 7
    assert this_week_goal(weekly_log(2.0), TODAY, 10.0) == 10.0


def test_a_goal_met_in_thirds_of_an_hour_is_met_and_a_minute_short_is_not() -> None:
    """Three 3h20m sessions are 10 h, as the calendar plans them, though
    their float hours add up to a hair under 10; 9h59m is not 10 h."""

    def week(*sessions: str) -> dict[dt.date, float]:
        days = (D(2026, 11, 16), D(2026, 11, 18), D(2026, 11, 21))
        entries = [
            SimpleNamespace(date=day, hours=parse_duration(text), deleted=False)
            for day, text in zip(days, sessions, strict=True)
        ]
        return daily_totals(entries, TODAY)

    thirds = week("3h20m", "3h20m", "3h20m")
    assert sum(thirds.values()) < 10  # the float sum falls short
    assert met(sum(thirds.values()), 10)
    assert week_streak(thirds, TODAY, 10)["current"] == 1
    assert weeks_met(thirds, TODAY, 10, since=D(2026, 11, 16))[0] == 1
    short = week("3h20m", "3h20m", "3h19m")
    assert not met(sum(short.values()), 10)
    assert week_streak(short, TODAY, 10)["current"] == 0


def test_week_streak_empty_log() -> None:
    result = week_streak({}, TODAY, 10.0)
    assert (result["current"], result["longest"]) == (0, 0)


# Monday 16th to Tuesday 24th: Thursday 19th missed, Sunday 22nd below the minimum.
DAY_LOG = {
    D(2026, 11, 16): 1.0,
    D(2026, 11, 17): 0.5,
    D(2026, 11, 18): 0.25,  # exactly 15 minutes: counts
    D(2026, 11, 20): 2.0,
    D(2026, 11, 21): 1.0,
    D(2026, 11, 22): 10 / 60,  # 10 minutes: below the minimum
    D(2026, 11, 23): 1.0,
    D(2026, 11, 24): 1.0,
}


def test_day_streak_one_rest_day_a_week() -> None:
    # Thursday is the week's rest; Sunday is a second miss and breaks the run of 5.
    result = day_streak(DAY_LOG, TODAY, 15, 1)
    assert result == {
        "current": 2,
        "longest": 5,
        "studied_today": False,
        "minimum_minutes": 15,
        "rest_days_per_week": 1,
    }


def test_day_streak_two_rest_days_keep_it_going() -> None:
    result = day_streak(DAY_LOG, TODAY, 15, 2)
    assert (result["current"], result["longest"]) == (7, 7)


def test_day_streak_without_rest_days() -> None:
    result = day_streak(DAY_LOG, TODAY, 15, 0)
    assert (result["current"], result["longest"]) == (2, 3)


def test_day_streak_lower_minimum_counts_short_days() -> None:
    result = day_streak(DAY_LOG, TODAY, 5, 1)
    assert (result["current"], result["longest"]) == (8, 8)


def test_day_streak_today_counts_once_studied() -> None:
    log = DAY_LOG | {TODAY: 0.5}
    result = day_streak(log, TODAY, 15, 1)
    assert (result["current"], result["studied_today"]) == (3, True)


def test_day_streak_rest_days_are_per_calendar_week() -> None:
    # Sunday 22nd rests (week of the 16th), Monday 23rd rests (week of the 23rd).
    log = {D(2026, 11, 20): 1.0, D(2026, 11, 21): 1.0, D(2026, 11, 24): 1.0}
    result = day_streak(log, TODAY, 15, 1)
    assert result["current"] == 3


def test_day_streak_missed_days_after_the_last_study_day_break_it() -> None:
    log = {D(2026, 11, 18): 1.0, D(2026, 11, 19): 1.0}
    # Friday rests, Saturday breaks.
    assert day_streak(log, TODAY, 15, 1)["current"] == 0
    assert day_streak(log, TODAY, 15, 1)["longest"] == 2


def test_streaks_and_their_words() -> None:
    picture = streaks(DAY_LOG, TODAY, 10.0, 15, 1, kind="days")
    assert picture["kind"] == "days"
    assert describe_streak(picture) == "2-day streak"
    # Last week holds 4.92 h: it meets a 4.5 h goal but not a 5 h one.
    weeks = streaks(DAY_LOG, TODAY, 4.5, 15, 1)
    assert weeks["kind"] == "weeks"
    assert describe_streak(weeks) == "1-week streak"
    assert streaks(DAY_LOG, TODAY, 5.0, 15, 1)["weeks"]["current"] == 0
    assert describe_streak(streaks({}, TODAY, 10.0, 15, 1)) == ""
