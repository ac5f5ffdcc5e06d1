"""The study picture (pace, forecast, streak, schedule) from plain summary data.

``Session.summary()`` puts what these need into the cached status summary:
the log as daily totals, the calibration, the hours of the whole path and
the streak settings. From that plain dict this module works out everything
date-dependent, so ``pathtui status`` on a warm cache, the tracker, the CLI
and the export all show the same numbers from the same functions.
Standard library only, and no dataclasses (see ``model/statusline.py``).
"""

from __future__ import annotations

import datetime as dt

from pathtui.model.pace import (
    MIN_WEEKLY_PACE_DAYS,
    SHOWN_DECIMALS,
    STOPPED_WORDS,
    daily_from_json,
    forecast,
    pace,
    schedule,
    stopped,
)
from pathtui.model.streaks import describe_streak, streaks
from pathtui.model.timeleft import describe_pace, trim

#: ``typing`` costs the status line milliseconds; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import StudyPicture, Summary


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, SHOWN_DECIMALS)


def study_picture(summary: Summary, today: dt.date, hours_per_week: float) -> StudyPicture:
    """The ``pace``, ``forecast``, ``streak`` and ``schedule`` keys of ``status --json``.

    ``hours_per_week`` is the plan's pace (the saved one, or ``--hours-per-week``);
    the weekly streak goal is always the saved one, so a what-if never
    rewrites the learner's history.
    """
    daily = daily_from_json(summary.get("daily", {}))
    info = pace(daily, today)
    hours_left = (float(summary["hours_left"][0]), float(summary["hours_left"][1]))
    hours_total = (float(summary["hours_total"][0]), float(summary["hours_total"][1]))
    settings = summary["study_settings"]
    since = info["since"]
    streak = None
    if settings["streaks"]:
        streak = streaks(
            daily,
            today,
            goal_hours=summary["hours_per_week"],
            minimum_minutes=settings["day_minimum_minutes"],
            rest_days_per_week=settings["rest_days_per_week"],
            kind=settings["streak_kind"],
        )
    return {
        "pace": {
            "last_4_weeks": _round(info["last_4_weeks"]),
            "overall": _round(info["overall"]),
            "planned": hours_per_week,
            "since": since.isoformat() if since else None,
            "logged_hours": round(info["logged_hours"], SHOWN_DECIMALS),
            "study_days": info["study_days"],
            "span_days": info["span_days"],
            "window_days": info["window_days"],
        },
        "forecast": forecast(hours_left, info, summary["calibration"], hours_per_week, today),
        "streak": streak,
        "schedule": schedule(
            hours_total,
            hours_left,
            dt.date.fromisoformat(summary["start_date"]),
            today,
            hours_per_week,
        ),
    }


def line_suffix(picture: StudyPicture) -> str:
    """What the status line adds: ' · you: about 8–14 months at 7.5 h/week · 3-week streak'."""
    parts = []
    fc = picture["forecast"]
    if fc["personal"]:
        parts.append(f"you: {fc['left']} at {describe_pace(fc['hours_per_week'])}")
    elif stopped(picture["pace"]):
        parts.append(f"you: {STOPPED_WORDS}")
    if picture["streak"] is not None:
        words = describe_streak(picture["streak"])
        if words:
            parts.append(words)
    return "".join(f" · {part}" for part in parts)


def study_placeholders(picture: StudyPicture) -> dict[str, str]:
    """The study log's ``status --format`` placeholders (README: "Study log")."""
    fc = picture["forecast"]
    recent = picture["pace"]["last_4_weeks"]
    if picture["pace"]["window_days"] < MIN_WEEKLY_PACE_DAYS:
        recent = None  # a day or two of log is too soon for a weekly pace
    streak = picture["streak"]
    return {
        "my_left": fc["left"].removeprefix("about "),
        "my_finish": f"{fc['finish']['earliest']} to {fc['finish']['latest']}",
        "my_pace": describe_pace(fc["hours_per_week"]),
        "pace_4w": "" if recent is None else trim(recent),
        "forecast_basis": fc["basis"],
        "streak": describe_streak(streak) if streak else "",
        "schedule": picture["schedule"]["text"],
    }
