"""Weeks, dates and words for time left: stdlib-only arithmetic.

Kept apart from ``estimate.py`` (which knows the path model) so the status line
can word a cached summary without importing the model at all.
"""

from __future__ import annotations

import datetime as dt

DAYS_PER_WEEK = 7
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR
#: Ranges below this many weeks are said in weeks.
WEEKS_UNIT_LIMIT = 13
#: Ranges below two years are said in months, longer ones in years.
MONTHS_UNIT_LIMIT = 2 * WEEKS_PER_YEAR
#: Longer than this is said as "1000+ years" rather than in digits.
MAX_DESCRIBED_YEARS = 1000


def weeks_for(hours: tuple[float, float], hours_per_week: float) -> tuple[float, float]:
    """Hours at a weekly pace, in weeks."""
    if hours_per_week <= 0:
        raise ValueError("hours per week must be more than 0")
    return hours[0] / hours_per_week, hours[1] / hours_per_week


def _ceil(value: float) -> int:
    whole = int(value)
    return whole + (1 if value > whole + 1e-9 else 0)


def _finish(weeks: float, today: dt.date) -> dt.date:
    days_left = (dt.date.max - today).days
    days = weeks * DAYS_PER_WEEK
    if not days < days_left:  # also catches inf and nan from an absurd pace
        return dt.date.max
    return today + dt.timedelta(days=_ceil(days))


def finish_dates(weeks: tuple[float, float], today: dt.date) -> tuple[dt.date, dt.date]:
    """Projected earliest and latest finish, counting part days as whole.

    Past the calendar's end (a pace of a minute a week) the date is 9999-12-31.
    """
    return _finish(weeks[0], today), _finish(weeks[1], today)


def trim(value: float) -> str:
    """1.0 -> '1', 7.5 -> '7.5'."""
    return f"{value:.1f}".removesuffix(".0")


def _in_unit(weeks: float) -> tuple[str, str]:
    """(number, unit) for one end of a range, in the friendliest unit."""
    if not weeks < MAX_DESCRIBED_YEARS * WEEKS_PER_YEAR:  # also inf and nan
        return f"{MAX_DESCRIBED_YEARS}+", "year"
    if weeks < WEEKS_UNIT_LIMIT:
        return str(max(1, round(weeks))), "week"
    if weeks < MONTHS_UNIT_LIMIT:
        return str(round(weeks / WEEKS_PER_MONTH)), "month"
    return trim(round(weeks / WEEKS_PER_YEAR * 2) / 2), "year"


def _plural(number: str, unit: str) -> str:
    return f"{number} {unit}" if number == "1" else f"{number} {unit}s"


def describe_weeks(weeks: tuple[float, float]) -> str:
    """Friendly words for a weeks range: 'about 9 months to 2 years', or 'done'."""
    low, high = weeks
    if high <= 0:
        return "done"
    if high < 1:
        return "less than a week"
    (n_low, u_low), (n_high, u_high) = _in_unit(low), _in_unit(high)
    if low <= 0:
        return f"up to {_plural(n_high, u_high)}"
    if u_low == u_high:
        if n_low == n_high:
            return f"about {_plural(n_high, u_high)}"
        return f"about {n_low}–{n_high} {u_high}s"
    return f"about {_plural(n_low, u_low)} to {_plural(n_high, u_high)}"


def describe_span(weeks: float) -> str:
    """Friendly words for one length of time: '3 weeks', '4 months', '1.5 years'."""
    return _plural(*_in_unit(weeks))


def describe_pace(hours_per_week: float) -> str:
    return f"{trim(hours_per_week)} h/week"


def spell_day(date: dt.date) -> str:
    """3 Mar 2027: unambiguous and short, the one way the tracker writes a date."""
    return f"{date.day} {date:%b %Y}"
