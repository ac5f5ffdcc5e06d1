"""The weekly chart's "met N of M weeks" counts by the streak's own rules,
over every week since the first log, so it never contradicts "best N"."""

from __future__ import annotations

import datetime as dt

from pathtui.model.streaks import week_streak, weeks_met

TODAY = dt.date(2027, 5, 5)  # a Wednesday
MONDAY = dt.date(2027, 5, 3)


def test_a_goal_met_18_weeks_ago_counts_beside_the_best_streak() -> None:
    first = MONDAY - dt.timedelta(weeks=18)
    daily = {first: 10.0}  # one full week at goal, then an hour a week
    daily.update({first + dt.timedelta(weeks=w): 1.0 for w in range(1, 19)})
    streak = week_streak(daily, TODAY, 10.0)
    assert streak["longest"] == 1
    assert weeks_met(daily, TODAY, 10.0) == (1, 18)  # this week runs: not counted yet
    # from a start date 3 weeks ago: those 3 weeks only (none met)
    assert weeks_met(daily, TODAY, 10.0, since=MONDAY - dt.timedelta(weeks=3)) == (0, 3)
    assert weeks_met(daily, TODAY, 10.0, since=TODAY) == (0, 0)


def test_a_first_week_started_midweek_needs_only_its_share() -> None:
    thursday = MONDAY - dt.timedelta(weeks=2) + dt.timedelta(days=3)
    daily = {thursday: 4.0, MONDAY - dt.timedelta(weeks=1): 10.0, MONDAY: 10.0}
    # 4 h over the last 4 days of the week is 4/7 of 10 h: met.
    assert weeks_met(daily, TODAY, 7.0) == (3, 3)
    assert week_streak(daily, TODAY, 7.0)["longest"] == 3
    assert weeks_met({}, TODAY, 10.0) == (0, 0)
