"""Parsing what people type (a pace, a date) against the bounds in ``valueranges.py``.

One reading of a typed date for every place a date is typed (the start date,
a log entry's day, the day an application went out), so the command line,
the tracker's forms and the progress file agree: a start date of 9999-12-31
overflowed the charts, a pace of a millionth of an hour a week overflowed the
forecast. Stdlib only: ``pathtui status`` imports it.
"""

from __future__ import annotations

import datetime as dt
import math

from pathtui.model.valueranges import EARLIEST_YEAR, LATEST_YEAR
from pathtui.model.valueranges import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK
from pathtui.model.valueranges import MAX_RETENTION as MAX_RETENTION
from pathtui.model.valueranges import MIN_HOURS_PER_WEEK as MIN_HOURS_PER_WEEK
from pathtui.model.valueranges import MIN_RETENTION as MIN_RETENTION

#: The first and last day any date may be.
EARLIEST_DATE = dt.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = dt.date(LATEST_YEAR, 12, 31)

#: Words accepted for a date wherever a date is typed.
DAY_WORDS = ("today", "yesterday")
#: What a refusal adds where the form does not say which words it takes.
DAY_WORDS_HINT = " (or today, yesterday)"


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


#: A retention typed as a percentage ('85%') is divided by this.
PERCENT = 100


def parse_retention(text: str) -> float:
    """A typed desired retention ('0.85' or '85%'), checked against the bounds."""
    raw = text.strip()
    try:
        value = float(raw[:-1]) / PERCENT if raw.endswith("%") else float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not MIN_RETENTION <= value <= MAX_RETENTION:
        raise ValueError(
            f"Retention must be from {MIN_RETENTION:.2f} to {MAX_RETENTION:.2f} (the share of "
            f"reviews you want to still recall, e.g. 0.9), not {raw[:40]!r}."
        )
    return value


def parse_date(text: str, today: dt.date, *, hint: str = "", not_after_today: str = "") -> dt.date:
    """'today', 'yesterday' or YYYY-MM-DD, inside the bounds: the one reading of a typed date.

    Raises ValueError with the sentence to show: ``hint`` ends the sentence for
    text that is no date; ``not_after_today``, if given, refuses a day after
    ``today`` and says what to give instead (``{today}`` is filled in).
    """
    raw = text.strip().lower()
    if raw == "today":
        day = today
    elif raw == "yesterday":
        day = today - dt.timedelta(days=1)
    elif raw == "tomorrow":  # refused below where only past days make sense, with why
        day = today + dt.timedelta(days=1)
    else:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            shown = text.strip()[:40]
            raise ValueError(f"{shown!r} is not a date like 2026-01-31{hint}.") from None
    if not date_in_bounds(day):
        raise ValueError(
            f"{day.isoformat()} is out of range; give a date from "
            f"{EARLIEST_DATE.year} to {LATEST_DATE.year}."
        )
    if not_after_today and day > today:
        instead = not_after_today.format(today=today.isoformat())
        raise ValueError(f"{day.isoformat()} is in the future; {instead}")
    return day


def parse_start_date(text: str, today: dt.date) -> dt.date:
    """A start date: a date in bounds that is not in the future."""
    return parse_date(
        text,
        today,
        hint=DAY_WORDS_HINT,
        not_after_today="the start date is the day you started, on or before {today}.",
    )


def parse_log_date(text: str, today: dt.date) -> dt.date:
    """A log date: a date in bounds, never in the future."""
    return parse_date(
        text,
        today,
        hint=DAY_WORDS_HINT,
        not_after_today="a future day can't be logged (log time on or before {today}).",
    )


def moved_start(before: dt.date, after: dt.date) -> str:
    """What logging time before the start date did, in one sentence (or '')."""
    if after >= before:
        return ""
    return (
        f"Your start date moved from {before.isoformat()} to {after.isoformat()}, "
        "the first day you logged."
    )


def start_stays(start: dt.date, removed: dt.date, first: dt.date | None, today: dt.date) -> str:
    """What removing a log entry on the start date leaves (or ''): the start
    date is a setting, never moved back on a guess, but the learner is told
    that no study is left on it and how to move it."""
    if removed != start or (first is not None and first <= start):
        return ""
    to, what = (first, "your first day of study now") if first else (today, "today")
    return (
        f"Your start date stays {start.isoformat()}, though nothing logged or finished "
        f"is on it any more; `pathtui config start-date {to.isoformat()}` moves it to {what}."
    )


def date_in_bounds(day: dt.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE
