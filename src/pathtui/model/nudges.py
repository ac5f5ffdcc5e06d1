"""Which nudges are due: pure functions of the status summary and today.

``pathtui remind`` (and the daily timer's ``remind --notify``) says at most one
line per kind, and nothing when nothing needs the learner: the restraint of
the reminders people keep (one a day, none when on track). Each kind is one
small function of plain data, so each is tested with exact numbers:

- ``streak``: the streak the learner shows ends today unless they study (the
  very streak functions of ``streaks.py``, asked about today and tomorrow);
- ``week``: this week's logged hours are at least a study day's share behind
  the plan (the weekly pace, spread over the study days, ``studyplan.py``);
- ``reviews``: review cards due today (``services/duecards.py`` counts them);
- ``follow-up``: job applications due a follow-up (``jobs.py``);
- ``cheers``: new cheers from a study group (a line the group feature words).

No clock (``today`` is passed in), stdlib only, no dataclasses: the summary
is the cached one ``pathtui status`` reads (``model/picture.py``).
"""

from __future__ import annotations

import datetime as dt

from pathtui.model.jobs import picture_from_summary
from pathtui.model.pace import daily_from_json, hours_between
from pathtui.model.streaks import EPSILON, day_streak, week_start, week_streak
from pathtui.model.studyplan import DAYS_PER_WEEK, share_between, weekdays
from pathtui.model.timeleft import trim

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from pathtui.model.picture import Nudge, Summary

#: Every kind, in the order ``remind`` prints them: what ends tonight first.
KINDS = ("streak", "week", "reviews", "follow-up", "cheers")
#: Short titles for desktop notifications, by kind.
TITLES = {
    "streak": "Your streak ends today",
    "week": "Behind this week's plan",
    "reviews": "Reviews due",
    "follow-up": "Job follow-ups due",
    "cheers": "New cheers",
}
#: Hours are shown to this many decimals.
SHOWN_DECIMALS = 1


def _hours(value: float) -> str:
    return f"{trim(round(value, SHOWN_DECIMALS))} h"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _first_planned_weekday(start_date: str, monday: dt.date) -> int:
    """The weekday the week's plan counts from: Monday (0), or the start date's
    weekday in the week the learner starts (7, no day, when they start later)."""
    try:
        start = dt.date.fromisoformat(start_date)
    except (TypeError, ValueError):
        return 0
    return min(max(0, (start - monday).days), DAYS_PER_WEEK)


def week_nudge(summary: Summary, today: dt.date) -> Nudge | None:
    """This week's hours behind the plan, with the days left, or None.

    Only for a learner who logs study time (a path without a log has nothing
    to measure) and has steps left. The plan expects the weekly pace spread
    over the study days (every day when none are chosen); the learner is
    behind when the hours logged since Monday fall short of what the days
    before today expected by at least one study day's share, and the week's
    goal is not met yet. In the week the learner starts, the plan counts only
    from their start date: the days before it expected nothing.
    """
    raw = summary.get("daily") or {}
    if not raw or summary["current_step"] is None:
        return None
    daily = daily_from_json(raw)
    goal = float(summary["hours_per_week"])
    monday = week_start(today)
    logged = hours_between(daily, monday, today)
    days = weekdays(summary["study_settings"].get("study_days", ""))
    first = _first_planned_weekday(summary["start_date"], monday)
    expected = goal * share_between(days, first, today.weekday())
    day_share = goal / (len(days) or DAYS_PER_WEEK)
    if logged + EPSILON >= goal or expected - logged + EPSILON < day_share:
        return None
    left = DAYS_PER_WEEK - today.weekday()
    days_left = "today is the last day" if left == 1 else f"{left} days left"
    return {
        "kind": "week",
        "text": (
            f"This week: {_hours(logged)} of your {_hours(goal)} logged, "
            f"{_hours(expected - logged)} behind plan; {_hours(goal - logged)} to go "
            f"and {days_left} (pathtui log)."
        ),
    }


def streak_nudge(summary: Summary, today: dt.date) -> Nudge | None:
    """The streak the learner shows ends today unless they study, or None.

    Asked of ``streaks.py`` itself: a streak running today that would be gone
    tomorrow with nothing more logged. A day streak ends on a day without
    study once the week's rest days are used; a week streak ends on Sunday if
    the week's goal is not met.
    """
    settings = summary["study_settings"]
    raw = summary.get("daily") or {}
    if not settings["streaks"] or not raw:
        return None
    daily = daily_from_json(raw)
    tomorrow = today + dt.timedelta(days=1)
    if settings["streak_kind"] == "days":
        minimum, rests = settings["day_minimum_minutes"], settings["rest_days_per_week"]
        now = day_streak(daily, today, minimum, rests)
        if not now["current"] or now["studied_today"]:
            return None
        if day_streak(daily, tomorrow, minimum, rests)["current"]:
            return None
        return {
            "kind": "streak",
            "text": (
                f"Your {now['current']}-day streak ends today unless you study "
                f"({trim(minimum)} minutes count; pathtui log)."
            ),
        }
    goal = float(summary["hours_per_week"])
    week = week_streak(daily, today, goal)
    if not week["current"] or week["this_week_met"]:
        return None
    if week_streak(daily, tomorrow, goal)["current"]:
        return None
    return {
        "kind": "streak",
        "text": (
            f"Your {week['current']}-week streak ends tonight unless you log "
            f"{_hours(goal - week['this_week_hours'])} more this week "
            f"({_hours(week['this_week_hours'])} of {_hours(goal)} so far; pathtui log)."
        ),
    }


def follow_up_nudge(summary: Mapping[str, object], today: dt.date) -> Nudge | None:
    """Job applications due a follow-up (no reply after the set days), or None."""
    picture = picture_from_summary(summary, today)
    due = picture["due_follow_up"]
    if not due:
        return None
    waited = "has" if due == 1 else "have"
    return {
        "kind": "follow-up",
        "text": (
            f"{_plural(due, 'job application', 'job applications')} {waited} had no reply "
            f"for {picture['follow_up_days']} days or more: time to follow up (pathtui jobs)."
        ),
    }


def reviews_nudge(due: int) -> Nudge | None:
    """Review cards due today or earlier (``due`` of them), or None."""
    if due <= 0:
        return None
    return {
        "kind": "reviews",
        "text": f"{_plural(due, 'topic is', 'topics are')} due for review (pathtui review).",
    }


#: Where the learner reads new cheers (a sync shows those not shown on this device).
CHEERS_COMMAND = "pathtui group sync"


def cheers_nudge(line: str) -> Nudge | None:
    """New cheers from a study group, as the group feature words them, or None."""
    line = line.strip().rstrip(".")
    return {"kind": "cheers", "text": f"{line} ({CHEERS_COMMAND})."} if line else None


def due_nudges(
    summary: Summary, today: dt.date, reviews_due: int = 0, cheers: str = ""
) -> list[Nudge]:
    """Every nudge due today, one per kind at most, in ``KINDS`` order."""
    found = (
        streak_nudge(summary, today),
        week_nudge(summary, today),
        reviews_nudge(reviews_due),
        follow_up_nudge(summary, today),
        cheers_nudge(cheers),
    )
    return [nudge for nudge in found if nudge is not None]
