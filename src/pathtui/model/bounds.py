"""Parsing what people type (a pace, a date) against the shared bounds.

The bounds themselves live in ``limits.py`` (the schema's fields are built
from them), so the command line, the tracker's forms and the progress file
agree: a start date of 9999-12-31 overflowed the charts, a pace of a
millionth of an hour a week overflowed the forecast. Stdlib only:
``pathtui status`` imports it.
"""

from __future__ import annotations

import datetime as dt
import math

from pathtui.model.limits import EARLIEST_YEAR, LATEST_YEAR
from pathtui.model.limits import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK
from pathtui.model.limits import MIN_HOURS_PER_WEEK as MIN_HOURS_PER_WEEK

#: The first and last day any date may be.
EARLIEST_DATE = dt.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = dt.date(LATEST_YEAR, 12, 31)

#: Words accepted for a date wherever a date is typed.
DAY_WORDS = ("today", "yesterday")


def check_hours_per_week(hours: float) -> float:
    """The pace, or ValueError with the sentence to show."""
    if not math.isfinite(hours) or not MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK:
        raise ValueError(
            f"Hours per week must be from {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g}."
        )
    return hours


def parse_hours_per_week(text: str) -> float:
    """A typed pace ('7.5'), checked against the bounds."""
    raw = text.strip()
    try:
        hours = float(raw)
    except ValueError:
        raise ValueError(f"Hours per week must be a number like 7.5, not {raw[:40]!r}.") from None
    return check_hours_per_week(hours)


def read_day(text: str, today: dt.date, hint: str = "") -> dt.date:
    """'today', 'yesterday' or YYYY-MM-DD, unchecked: the one reading of a typed
    date; each caller adds its own rule (the bounds, not in the future)."""
    raw = text.strip().lower()
    if raw == "today":
        return today
    if raw == "yesterday":
        return today - dt.timedelta(days=1)
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{text.strip()[:40]!r} is not a date like 2026-01-31{hint}.") from None


def parse_date(text: str, today: dt.date) -> dt.date:
    """'today', 'yesterday' or YYYY-MM-DD, inside the bounds (not checked against today)."""
    day = read_day(text, today, " (or today, yesterday)")
    if not date_in_bounds(day):
        raise ValueError(
            f"{day.isoformat()} is out of range; give a date from "
            f"{EARLIEST_DATE.year} to {LATEST_DATE.year}."
        )
    return day


def parse_start_date(text: str, today: dt.date) -> dt.date:
    """A start date: a date in bounds that is not in the future."""
    day = parse_date(text, today)
    if day > today:
        raise ValueError(
            f"{day.isoformat()} is in the future; the start date is the day you started, "
            f"on or before {today.isoformat()}."
        )
    return day


def date_in_bounds(day: dt.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE
