"""The summary a learner publishes to their study group, at their share level.

Built from the same plain data ``pathtui status`` shows (``Session.summary()``
and the study picture), so the group sees the numbers the learner sees. What
each level adds is ``groupshare.py``'s to say; what is never sent (notes, the
study log's entries, job applications, projects, any setting but the weekly
pace) never reaches this module's output: it takes counts and dates, not
records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pathtui.model.groupfiles import (
    MAX_SHARED_ITEMS,
    MAX_TITLE_CHARS,
    WEEKS_SHARED,
    MemberData,
    published_time,
)
from pathtui.model.groupshare import SHARES_PACE
from pathtui.model.statusline import percent
from pathtui.model.streaks import this_week_goal, week_start, week_streak
from pathtui.model.timeleft import DAYS_PER_WEEK

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import Finish, Summary

Daily = Mapping[dt.date, float]
#: Hours are shared to the hundredth (36 seconds).
DECIMALS = 2


def weekly_hours(daily: Daily, today: dt.date, weeks: int = WEEKS_SHARED) -> list[float]:
    """Hours in each of the last ``weeks`` weeks, Monday to Sunday, this week last."""
    first = week_start(today) - dt.timedelta(weeks=weeks - 1)
    totals = [0.0] * weeks
    for day, hours in daily.items():
        if first <= day <= today:
            totals[(day - first).days // DAYS_PER_WEEK] += hours
    return [round(h, DECIMALS) for h in totals]


def build_member(
    *,
    member: str,
    name: str,
    observer: bool,
    share: str,
    stamp: str,
    published: dt.datetime,
    today: dt.date,
    summary: Summary,
    daily: Daily,
    finish: Finish,
    streaks_on: bool,
    states: Mapping[str, str],
    last_active: dt.date | None,
) -> MemberData:
    """One learner's member data at ``share`` (an observer's holds only the name).

    ``finish`` is the forecast's finish range (``study_picture``), ``states``
    the item states (read only at the ``items`` level), ``stamp`` the newest
    clock stamp of the progress summarised (newest summary wins, between the
    learner's own devices).
    """
    data: MemberData = {
        "member": member,
        "name": name,
        "observer": observer,
        "share": share,
        "stamp": stamp,
        "published": published_time(published),
    }
    if observer:
        return data
    current = summary["current_step"]
    data["path"] = {"id": summary["path_id"], "title": summary["path_title"][:MAX_TITLE_CHARS]}
    data["step"] = None if current is None else summary["steps"][current]["number"]
    data["steps"] = len(summary["steps"])
    data["percent"] = percent(summary)
    data["last_active"] = last_active.isoformat() if last_active else None
    if share in SHARES_PACE:
        weeks = weekly_hours(daily, today)
        goal = float(summary["hours_per_week"])
        data["week_of"] = week_start(today).isoformat()
        data["week_hours"] = weeks[-1]
        data["hours_per_week"] = goal
        data["streak_weeks"] = week_streak(daily, today, goal)["current"] if streaks_on else None
        week_goal = this_week_goal(daily, today, goal)
        if streaks_on and week_goal < goal:  # the learner's first week: its share
            data["week_goal"] = round(week_goal, DECIMALS)
        data["finish"] = {"earliest": finish["earliest"], "latest": finish["latest"]}
        data["weeks"] = weeks
    if share == "items":
        data["done"] = _ids(states, "done")
        data["skipped"] = _ids(states, "skipped")
    return data


def _ids(states: Mapping[str, str], state: str) -> list[str]:
    return sorted(i for i, s in states.items() if s == state)[:MAX_SHARED_ITEMS]


def leaving_note(member: str, stamp: str, published: dt.datetime) -> MemberData:
    """What replaces a member's summary when they leave: no name, no progress,
    only that they left (so their other devices stop publishing)."""
    return {"member": member, "left": True, "stamp": stamp, "published": published_time(published)}


def last_active(
    log_days: Iterable[dt.date], changed: dt.date | None, today: dt.date
) -> dt.date | None:
    """The last day the learner studied or changed their progress (never after today)."""
    days = [d for d in log_days if d <= today]
    if changed is not None and changed <= today:
        days.append(changed)
    return max(days, default=None)
