"""Checking what the learner types into the welcome and settings forms.

Each parser returns the value or raises ValueError with a sentence that the
form shows under its fields, so a typo never reaches the progress file.
"""

from __future__ import annotations

import datetime as dt
import math

#: A week has 168 hours; more than that cannot be a study pace.
MAX_HOURS_PER_WEEK = 7 * 24


def parse_hours(text: str) -> float:
    try:
        hours = float(text.strip())
    except ValueError:
        raise ValueError(f"Hours per week must be a number, not {text.strip()!r}.") from None
    if not math.isfinite(hours) or not 0 < hours <= MAX_HOURS_PER_WEEK:
        raise ValueError(f"Hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK}.")
    return hours


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date like 2026-01-31.") from None
