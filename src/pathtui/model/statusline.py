"""The status picture from plain summary data: the line, ``--json`` and ``--format``.

The summary comes from ``Session.summary()`` or, on a prompt, from the cache
(``statuscache``). This module and the study modules it uses (studyview,
pace, streaks, timeleft) import only ``datetime`` beyond what Python loads at
startup: no dataclasses, no ``typing``, no ``pathlib``; ``re`` is imported
only where ``--format`` needs it. ``tests/system/test_fast_path_imports.py`` guards it.
"""

from __future__ import annotations

import datetime as dt

from pathtui.model.jobs import describe_jobs, picture_from_summary, shows_in_line
from pathtui.model.review import count_due, due_words
from pathtui.model.study import line_suffix, study_picture, study_placeholders
from pathtui.model.timeleft import describe_pace, describe_weeks, finish_dates, weeks_for

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Any

    from pathtui.model.picture import StepCount, Summary

BAR_WIDTH = 10


def _current(summary: Summary) -> StepCount | None:
    index = summary["current_step"]
    return summary["steps"][index] if index is not None else None


def _hours_left(summary: Summary) -> tuple[float, float]:
    low, high = summary["hours_left"]
    return low, high


def percent(summary: Summary) -> float:
    total = summary["items_total"]
    if not total:
        return 100.0
    return round((summary["items_done"] + summary["items_skipped"]) / total * 100, 1)


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def reviews_due(summary: Summary, today: dt.date) -> int:
    """Review cards due today or earlier (0 while review is off): ``review.py``."""
    reviews = summary.get("reviews")
    if not reviews or not reviews["on"]:
        return 0
    return count_due((card[2] for card in reviews["cards"]), today.isoformat())


def _reviews_part(summary: Summary, today: dt.date) -> str:
    """' · 3 to review' when any card is due, else nothing."""
    count = reviews_due(summary, today)
    return f" · {due_words(count)}" if count else ""


def status_json(summary: Summary, today: dt.date, hours_per_week: float) -> dict[str, Any]:
    """The ``status --json`` object (DESIGN.md: these keys keep their meaning)."""
    hours = _hours_left(summary)
    weeks = weeks_for(hours, hours_per_week)
    earliest, latest = finish_dates(weeks, today)
    current = _current(summary)
    return {
        "path": {"id": summary["path_id"], "title": summary["path_title"]},
        "current_step": (
            {"number": current["number"], "id": current["id"], "title": current["title"]}
            if current
            else None
        ),
        "steps": [
            {k: s[k] for k in ("number", "id", "title", "done", "total")} for s in summary["steps"]
        ],
        "items_done": summary["items_done"],
        "items_skipped": summary["items_skipped"],
        "items_total": summary["items_total"],
        "percent": percent(summary),
        "hours_per_week": _num(hours_per_week),
        "hours_left": {"low": float(hours[0]), "high": float(hours[1])},
        "weeks_left": {"low": round(weeks[0], 1), "high": round(weeks[1], 1)},
        "finish": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        "left": describe_weeks(weeks),
        "next_item": (
            {"id": summary["next_item_id"], "title": summary["next_item_title"]}
            if summary["next_item_id"]
            else None
        ),
        "extras": {"complete": summary["extras_complete"], "total": summary["extras_total"]},
        "start_date": summary["start_date"],
        "progress_file": summary["progress_file"],
        "progress_file_exists": summary["has_progress"],
        **study_picture(summary, today, hours_per_week),
        "jobs": picture_from_summary(summary, today),
        "reviews_due": reviews_due(summary, today),
    }


def status_line(summary: Summary, today: dt.date, hours_per_week: float) -> str:
    """The one-line status for prompts and quick checks."""
    weeks = weeks_for(_hours_left(summary), hours_per_week)
    complete = summary["items_done"] + summary["items_skipped"]
    counts = f"{complete}/{summary['items_total']} done ({round(percent(summary))}%)"
    current = _current(summary)
    jobs = ""
    if shows_in_line(summary):
        jobs = " · " + describe_jobs(picture_from_summary(summary, today))
    reviews = _reviews_part(summary, today)
    if current is None:
        return (
            f"All {len(summary['steps'])} steps finished · {counts} · path complete{jobs}{reviews}"
        )
    suffix = line_suffix(study_picture(summary, today, hours_per_week)) + jobs + reviews
    return (
        f"Step {current['number']}/{len(summary['steps'])} · {current['title']} · "
        f"{counts} · {describe_weeks(weeks)} left at {describe_pace(hours_per_week)}{suffix}"
    )


def placeholders(summary: Summary, today: dt.date, hours_per_week: float) -> dict[str, str]:
    """Values for ``status --format``; the README documents each name."""
    weeks = weeks_for(_hours_left(summary), hours_per_week)
    earliest, latest = finish_dates(weeks, today)
    current = _current(summary)
    pct = percent(summary)
    filled = round(pct / 100 * BAR_WIDTH)
    words = describe_weeks(weeks)
    low, high = summary["hours_left"]
    return {
        "step": str(current["number"]) if current else "done",
        "steps": str(len(summary["steps"])),
        "step_title": current["title"] if current else "Path complete",
        "step_done": str(current["done"]) if current else "",
        "step_total": str(current["total"]) if current else "",
        "done": str(summary["items_done"] + summary["items_skipped"]),
        "total": str(summary["items_total"]),
        "percent": str(round(pct)),
        "percent1": f"{pct:.1f}",
        "left": words.removeprefix("about "),
        "left_long": words,
        "next": summary["next_item_title"] or "",
        "next_id": summary["next_item_id"] or "",
        "pace": describe_pace(hours_per_week),
        "hours_per_week": f"{hours_per_week:g}",
        "hours_left": f"{low:g}–{high:g}",
        "finish": f"{earliest.isoformat()} to {latest.isoformat()}",
        "finish_earliest": earliest.isoformat(),
        "finish_latest": latest.isoformat(),
        "bar": "█" * filled + "░" * (BAR_WIDTH - filled),
        "path": summary["path_title"],
        **study_placeholders(study_picture(summary, today, hours_per_week)),
        "jobs": describe_jobs(picture_from_summary(summary, today)),
        "reviews": str(reviews_due(summary, today)),
    }


PLACEHOLDER = r"\{\{|\}\}|\{([A-Za-z_0-9]*)\}"


def render_template(template: str, values: dict[str, str]) -> str:
    """Fill ``{name}`` placeholders; ``{{`` and ``}}`` are literal braces."""
    import re

    def fill(match: re.Match[str]) -> str:
        token = match.group()
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name not in values:
            known = ", ".join("{" + k + "}" for k in values)
            raise ValueError(f"--format has an unknown placeholder {token}; known ones: {known}")
        return values[name]

    return re.sub(PLACEHOLDER, fill, template)
