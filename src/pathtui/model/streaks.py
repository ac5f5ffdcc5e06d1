"""Forgiving streaks: weeks that met the goal, and study days with rest allowed.

Learners of other tools say streaks feel unfair: one missed day wipes months,
and a time-zone slip can eat a day. So here a streak counts *weeks* that met
the weekly goal by default; a day streak needs only a small daily minimum and
lets a few rest days a week pass without breaking; every date is the
learner's local date; and today (or this week) never breaks a streak while
it is still going. Stdlib-only plain functions, shared by the status line
and the tracker (see ``pace.py`` for why). No clock: ``today`` is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pathtui.model.timeleft import DAYS_PER_WEEK

#: ``typing`` costs the status line milliseconds; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import DayStreak, Streaks, WeekStreak

Daily = Mapping[dt.date, float]

MINUTES_PER_HOUR = 60
#: Tolerance when comparing hours with a goal: half a minute. Time is logged
#: in minutes, but kept as float hours (20 minutes is 0.333…), so three 3h20m
#: sessions add up to a hair under 10 h; nothing a learner logs differs from a
#: goal by less than half a minute without being the same in whole minutes.
EPSILON = 0.5 / MINUTES_PER_HOUR
#: The streak kinds a learner can choose to show.
STREAK_KINDS: tuple[str, ...] = ("weeks", "days")
DEFAULT_STREAK_KIND = "weeks"


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def _week(ordinal: int) -> int:
    """A week number from a date ordinal (ordinal 1, 0001-01-01, is a Monday).

    Integer arithmetic on ordinals keeps a two-year log cheap enough for
    every shell prompt.
    """
    return (ordinal - 1) // DAYS_PER_WEEK


def met(hours: float, goal_hours: float) -> bool:
    """Whether a week's hours meet its goal: the one rule every week streak
    uses, the group table's too (``grouptable.rolled``)."""
    return hours + EPSILON >= goal_hours


def _goal(goal_hours: float, first: int, week: int) -> float:
    """The goal of ``week``: the week of the first log (ordinal ``first``)
    needs only its share, the days from that one to Sunday."""
    if week != _week(first):
        return goal_hours
    return goal_hours * (DAYS_PER_WEEK - (first - 1) % DAYS_PER_WEEK) / DAYS_PER_WEEK


def _weeks(daily: Daily, today: dt.date, goal_hours: float) -> tuple[list[bool], float, float]:
    """Whether each week from the one of the first log to last week met its
    goal (``_goal``), the hours of this week so far, and this week's goal."""
    last = today.toordinal()
    weeks: dict[int, float] = {}
    first = None
    for day, hours in daily.items():
        ordinal = day.toordinal()
        if ordinal > last or hours <= 0:
            continue
        week = _week(ordinal)
        weeks[week] = weeks.get(week, 0.0) + hours
        if first is None or ordinal < first:
            first = ordinal
    this_week = _week(last)
    if first is None:
        return [], 0.0, goal_hours
    past = [
        met(weeks.get(week, 0.0), _goal(goal_hours, first, week))
        for week in range(_week(first), this_week)
    ]
    return past, weeks.get(this_week, 0.0), _goal(goal_hours, first, this_week)


def this_week_goal(daily: Daily, today: dt.date, goal_hours: float) -> float:
    """The hours this week needs to count in the week streak: ``goal_hours``,
    or its share when the learner's first log is this week."""
    return _weeks(daily, today, goal_hours)[2]


def weeks_met(
    daily: Daily, today: dt.date, goal_hours: float, since: dt.date | None = None
) -> tuple[int, int]:
    """(weeks that met the goal, weeks counted) since the week of the first log
    (and of ``since``, the start date: weeks before it could not be met), by
    the streak's own rules, so a chart's count agrees with the streak: this
    week counts once met, and never against the learner while it runs."""
    past, this_hours, this_goal = _weeks(daily, today, goal_hours)
    if since is not None:  # the weeks from the start's to last week, at most
        past = past[max(0, len(past) - (_week(today.toordinal()) - _week(since.toordinal()))) :]
    met_now = met(this_hours, this_goal)
    return sum(past) + met_now, len(past) + met_now


def week_streak(daily: Daily, today: dt.date, goal_hours: float) -> WeekStreak:
    """Weeks in a row that met ``goal_hours``; the week of the first log needs
    only its share of the goal (it may have started mid-week), whether it is
    over or still running, and this week counts once met but never breaks
    the streak while it runs.

    Keys: ``current``, ``longest``, ``goal_hours``, ``this_week_hours``,
    ``this_week_met``.
    """
    past, this_hours, this_goal = _weeks(daily, today, goal_hours)
    met_now = met(this_hours, this_goal)
    run = longest = 0
    for week_met in past:
        run = run + 1 if week_met else 0
        longest = max(longest, run)
    if met_now:
        run += 1
        longest = max(longest, run)
    return {
        "current": run,
        "longest": longest,
        "goal_hours": goal_hours,
        "this_week_hours": round(this_hours, 2),
        "this_week_met": met_now,
    }


def day_streak(
    daily: Daily, today: dt.date, minimum_minutes: float, rest_days_per_week: int
) -> DayStreak:
    """Study days in a row, where a day needs ``minimum_minutes`` and up to
    ``rest_days_per_week`` missed days in each calendar week (Monday to
    Sunday) are rests that keep the streak alive. Today never breaks it.

    ``current`` and ``longest`` count study days, not rest days. Keys also
    hold ``studied_today``, ``minimum_minutes`` and ``rest_days_per_week``.
    """
    minimum = minimum_minutes / MINUTES_PER_HOUR
    last = today.toordinal()
    studied = {
        day.toordinal()
        for day, hours in daily.items()
        if hours > 0 and hours + EPSILON >= minimum and day <= today
    }
    run = longest = 0
    if studied:
        rests: dict[int, int] = {}
        for ordinal in range(min(studied), last + 1):
            if ordinal in studied:
                run += 1
                longest = max(longest, run)
            elif ordinal < last and run:
                week = _week(ordinal)
                used = rests.get(week, 0)
                if used < rest_days_per_week:
                    rests[week] = used + 1
                else:
                    run = 0
    return {
        "current": run,
        "longest": longest,
        "studied_today": last in studied,
        "minimum_minutes": minimum_minutes,
        "rest_days_per_week": rest_days_per_week,
    }


def streaks(
    daily: Daily,
    today: dt.date,
    goal_hours: float,
    minimum_minutes: float,
    rest_days_per_week: int,
    kind: str = DEFAULT_STREAK_KIND,
) -> Streaks:
    """Both streaks plus which one the learner chose to show (``kind``)."""
    return {
        "kind": kind,
        "weeks": week_streak(daily, today, goal_hours),
        "days": day_streak(daily, today, minimum_minutes, rest_days_per_week),
    }


def describe_streak(picture: Streaks) -> str:
    """'3-week streak' / '12-day streak', or '' when there is none to show."""
    kind = picture["kind"]
    current = picture["weeks"]["current"] if kind == "weeks" else picture["days"]["current"]
    if not current:
        return ""
    unit = "week" if kind == "weeks" else "day"
    return f"{current}-{unit} streak"
