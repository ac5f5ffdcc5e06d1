"""Checking what the learner types into the welcome and settings forms.

Each parser returns the value or raises ValueError with a sentence that the
form shows under its fields, so a typo never reaches the progress file.
"""

from __future__ import annotations

import datetime as dt
import math

from pathtui.schema import HOURS_PER_WEEK
from pathtui.schema import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK


def parse_hours(text: str) -> float:
    try:
        hours = float(text.strip())
    except ValueError:
        raise ValueError(f"Hours per week must be a number, not {text.strip()!r}.") from None
    if not math.isfinite(hours) or not HOURS_PER_WEEK.in_bounds(hours):
        raise ValueError(f"Hours per week must be {HOURS_PER_WEEK.bounds()}.")
    return hours


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date like 2026-01-31.") from None
