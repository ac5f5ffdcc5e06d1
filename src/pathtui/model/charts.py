"""The data behind the history screen: burn-up, weekly hours, the study calendar.

Pure functions (no Textual, no clock: ``today`` is passed in) so the charts'
numbers are unit-tested; the screen only draws what these return.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, NamedTuple

from pathtui.model.estimate import COMPLETE_STATES, estimate
from pathtui.model.pace import Daily
from pathtui.model.path import LearningPath
from pathtui.model.progress import Progress, finished_at
from pathtui.model.streaks import week_start
from pathtui.model.timeleft import DAYS_PER_WEEK

if TYPE_CHECKING:
    from pathtui.model.picture import Forecast

#: Calendar cells: no study, below the daily minimum, then up to these hours.
HEAT_LEVELS: tuple[float, ...] = (1.0, 2.0)


class BurnUp(NamedTuple):
    """Items complete over time, the plan's line and the projection."""

    start: dt.date
    total: int
    #: (date, items complete by the end of that date), one point per change.
    done: list[tuple[dt.date, int]]
    #: The plan: from (start, 0) to (plan_end, total).
    plan_end: dt.date
    #: The projection from (today, complete) to the forecast's finish dates.
    today: dt.date
    complete: int
    earliest: dt.date
    latest: dt.date


def finish_dates(path: LearningPath, progress: Progress) -> list[dt.date]:
    """Local dates on which the counted items of the steps were finished (done or
    skipped); optional items and options not picked are left out (``plan.py``)."""
    from pathtui.model.plan import step_plan

    states = progress.states()
    days = []
    for item in (i for step in path.steps for i in step_plan(step, states).counted):
        entry = progress.items.get(item.id)
        if entry is not None and entry.state in COMPLETE_STATES:
            days.append(finished_at(entry).astimezone().date())
    return sorted(days)


def burn_up(
    path: LearningPath,
    progress: Progress,
    today: dt.date,
    forecast: Forecast,
) -> BurnUp:
    """The burn-up: when items were finished against the plan from the start date.

    The plan finishes the middle of the path's estimated hours at the planned
    pace; the projection runs from today to the forecast's finish range.
    """
    start = progress.settings.start_date
    days = [max(start, min(day, today)) for day in finish_dates(path, progress)]
    done: list[tuple[dt.date, int]] = [(start, 0)]
    for count, day in enumerate(days, start=1):
        if done[-1][0] == day:
            done[-1] = (day, count)
        else:
            done.append((day, count))
    if done[-1][0] < today:
        done.append((today, len(days)))
    est = estimate(path, progress.states(), progress.settings.hours_per_week)
    low, high = est.hours_total
    weeks = (low + high) / 2 / progress.settings.hours_per_week
    plan_end = start + dt.timedelta(days=math.ceil(weeks * DAYS_PER_WEEK))
    return BurnUp(
        start=start,
        total=est.items_total,
        done=done,
        plan_end=plan_end,
        today=today,
        complete=len(days),
        earliest=dt.date.fromisoformat(forecast["finish"]["earliest"]),
        latest=dt.date.fromisoformat(forecast["finish"]["latest"]),
    )


def weekly_series(daily: Daily, today: dt.date, weeks: int) -> list[tuple[dt.date, float]]:
    """Hours in each of the last ``weeks`` weeks (Monday first), this week last."""
    this_monday = week_start(today)
    mondays = [this_monday - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    totals = dict.fromkeys(mondays, 0.0)
    for day, hours in daily.items():
        monday = week_start(day)
        if monday in totals and day <= today:
            totals[monday] += hours
    return [(monday, round(totals[monday], 2)) for monday in mondays]


def heat_level(hours: float, minimum_hours: float) -> int:
    """0 no study, 1 below the daily minimum, 2 a study day, 3 and 4 longer days."""
    if hours <= 0:
        return 0
    if hours < minimum_hours:
        return 1
    return 2 + sum(1 for level in HEAT_LEVELS if hours >= level)


def calendar(daily: Daily, today: dt.date, weeks: int) -> list[list[tuple[dt.date, float] | None]]:
    """The last ``weeks`` weeks as columns of seven days (Monday first);
    days after today are None."""
    first = week_start(today) - dt.timedelta(weeks=weeks - 1)
    columns = []
    for week in range(weeks):
        column: list[tuple[dt.date, float] | None] = []
        for weekday in range(DAYS_PER_WEEK):
            day = first + dt.timedelta(days=week * DAYS_PER_WEEK + weekday)
            column.append(None if day > today else (day, daily.get(day, 0.0)))
        columns.append(column)
    return columns
