"""The job search as rules: stages and the moves between them, follow-ups, the
weekly applications goal and the ``jobs`` part of ``pathtui status``.

Trackers like Huntr and Teal show applications as cards moving through
stages; what makes a card worth a look is a reply that never came. So an
application still at ``applied`` after a number of days (14 by default) is
due a follow-up, and a weekly goal of applications (10 by default) keeps a
forgiving streak, counted like the study streaks (``streaks.week_streak``).

Pure functions on plain values (no clock: ``today`` is passed in), standard
library only and no dataclasses: ``pathtui status`` renders the ``jobs``
picture from its cached summary through this module (see ``model/statusline.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pathtui.model.streaks import week_start, week_streak

#: ``typing`` costs the status line milliseconds; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Every stage, in the order an application usually moves.
STAGES: tuple[str, ...] = (
    "applied",
    "screening",
    "interview",
    "offer",
    "accepted",
    "rejected",
    "withdrawn",
    "no-reply",
)
#: Stages where the learner is still waiting on, or talking to, the company.
ACTIVE_STAGES: tuple[str, ...] = ("applied", "screening", "interview", "offer")
#: Stages that end an application for good (a mistake is put right with ``force``).
CLOSED_STAGES: tuple[str, ...] = ("accepted", "rejected", "withdrawn")
#: The order listings show stages in: the furthest along first, then the closed ones.
LISTING_ORDER: tuple[str, ...] = (
    "offer",
    "interview",
    "screening",
    "applied",
    "no-reply",
    "accepted",
    "rejected",
    "withdrawn",
)
#: Where each stage may go next. Forward only; ``no-reply`` is closed but a late
#: reply can still bring it back; an offer ends in accepted, rejected or withdrawn.
MOVES: dict[str, tuple[str, ...]] = {
    "applied": ("screening", "interview", "offer", "rejected", "withdrawn", "no-reply"),
    "screening": ("interview", "offer", "rejected", "withdrawn", "no-reply"),
    "interview": ("offer", "rejected", "withdrawn", "no-reply"),
    "offer": ("accepted", "rejected", "withdrawn"),
    "no-reply": ("screening", "interview", "offer", "rejected", "withdrawn"),
    "accepted": (),
    "rejected": (),
    "withdrawn": (),
}
#: The id of the built-in path's job-search step: the status line mentions jobs
#: once the learner reaches it (or records an application).
JOB_SEARCH_STEP_ID = "job-search"
#: Days without a reply before an application is due a follow-up.
DEFAULT_FOLLOW_UP_DAYS = 14
#: Applications a week the learner aims for.
DEFAULT_WEEKLY_GOAL = 10
#: Bounds of the two settings (a follow-up within a year; a goal a person could meet).
MAX_FOLLOW_UP_DAYS = 365
MAX_WEEKLY_GOAL = 200


def stage_problem(current: str, target: str, force: bool = False) -> str | None:
    """Why ``current`` may not move to ``target`` (one sentence), or None if it may.

    Moving to the stage it is already at is not a problem (nothing changes);
    ``force`` allows any move between known stages, to put a mistake right.
    """
    if target not in STAGES:
        return f"{target[:40]!r} is not a stage; the stages are {', '.join(STAGES)}."
    if target == current or force:
        return None
    if target in MOVES.get(current, ()):
        return None
    if current in CLOSED_STAGES:
        return (
            f"That application is {current}, which closes it; "
            "add --force to move it anyway (to put a mistake right)."
        )
    allowed = ", ".join(MOVES.get(current, ()))
    return (
        f"An application cannot go from {current} to {target} (from {current} it can go to "
        f"{allowed}); add --force to move it anyway."
    )


def is_active(stage: str) -> bool:
    return stage in ACTIVE_STAGES


def follow_up_date(applied: dt.date, days: int) -> dt.date:
    """The day an application with no reply becomes due a follow-up."""
    return applied + dt.timedelta(days=days)


def due_follow_up(applied: dt.date, stage: str, today: dt.date, days: int) -> bool:
    """No reply (still ``applied``) ``days`` or more days after applying."""
    return stage == "applied" and today >= follow_up_date(applied, days)


def check_applied_date(day: dt.date, today: dt.date) -> None:
    """Refuse a date in the future (ValueError with one sentence)."""
    if day > today:
        raise ValueError(
            f"{day.isoformat()} is in the future; give the day you applied "
            f"(today is {today.isoformat()})."
        )


def weekly(applied: Iterable[dt.date], today: dt.date, goal: int) -> dict[str, Any]:
    """This week's applications against the goal, and the forgiving week streak.

    Weeks run Monday to Sunday, local dates. As with study streaks, the week
    of the first application needs only its share of the goal, and this week
    counts once met but never breaks the streak while it runs.
    """
    counts: dict[dt.date, float] = {}
    for day in applied:
        counts[day] = counts.get(day, 0.0) + 1
    streak = week_streak(counts, today, float(goal))
    return {
        "applied_this_week": int(streak["this_week_hours"]),
        "weekly_goal": goal,
        "goal_met": streak["this_week_met"],
        "week_of": week_start(today).isoformat(),
        "streak": {"current": streak["current"], "longest": streak["longest"]},
    }


def jobs_picture(
    rows: Iterable[tuple[dt.date, str]],
    today: dt.date,
    goal: int = DEFAULT_WEEKLY_GOAL,
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS,
) -> dict[str, Any]:
    """The ``jobs`` object of ``status --json`` from (applied date, stage) pairs."""
    rows = list(rows)
    by_stage = {stage: 0 for stage in STAGES}
    for _, stage in rows:
        if stage in by_stage:
            by_stage[stage] += 1
    return {
        **weekly((day for day, _ in rows if day <= today), today, goal),
        "total": len(rows),
        "active": sum(1 for _, stage in rows if is_active(stage)),
        "due_follow_up": sum(
            1 for day, stage in rows if due_follow_up(day, stage, today, follow_up_days)
        ),
        "follow_up_days": follow_up_days,
        "by_stage": by_stage,
    }


def picture_from_summary(summary: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The ``jobs`` picture from the cached status summary's plain ``jobs`` data."""
    data = summary.get("jobs") or {}
    rows = [(dt.date.fromisoformat(day), stage) for day, stage in data.get("applications", [])]
    return jobs_picture(
        rows,
        today,
        data.get("weekly_goal", DEFAULT_WEEKLY_GOAL),
        data.get("follow_up_days", DEFAULT_FOLLOW_UP_DAYS),
    )


def shows_in_line(summary: Mapping[str, Any]) -> bool:
    """The one-line status mentions jobs once the learner reached the job-search
    step or recorded an application."""
    data = summary.get("jobs") or {}
    return bool(data.get("reached") or data.get("applications"))


def describe_jobs(picture: Mapping[str, Any]) -> str:
    """'jobs 3/10 this week · 5 active · 2 to follow up' for the status line."""
    words = [
        f"jobs {picture['applied_this_week']}/{picture['weekly_goal']} this week",
        f"{picture['active']} active",
    ]
    if picture["due_follow_up"]:
        words.append(f"{picture['due_follow_up']} to follow up")
    return " · ".join(words)
