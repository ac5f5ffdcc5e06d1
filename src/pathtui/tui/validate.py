"""Checking what the learner types into the welcome and settings forms.

Each parser returns the value or raises ValueError with a sentence that the
form shows under its fields, so a typo never reaches the progress file. The
bounds are the same as the command line's and the file's (``bounds.py``).
"""

from __future__ import annotations

import datetime as dt

from pathtui.model.bounds import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK
from pathtui.model.bounds import parse_hours_per_week, parse_start_date


def parse_hours(text: str) -> float:
    return parse_hours_per_week(text)


def parse_date(text: str, today: dt.date) -> dt.date:
    """A start date: today, yesterday or YYYY-MM-DD, not in the future."""
    return parse_start_date(text, today)
