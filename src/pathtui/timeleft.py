"""Weeks, dates and words for time left: stdlib-only arithmetic.

Kept apart from ``estimate.py`` (which knows the path model) so the status line
can word a cached summary without importing the model at all.
"""

from __future__ import annotations

#: ``datetime`` is imported only where dates are made: the plain status line
#: needs none, and it runs in every shell prompt.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

DAYS_PER_WEEK = 7
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
WEEKS_PER_MONTH = WEEKS_PER_YEAR / MONTHS_PER_YEAR
#: Ranges below this many weeks are said in weeks.
WEEKS_UNIT_LIMIT = 13
#: Ranges below two years are said in months, longer ones in years.
MONTHS_UNIT_LIMIT = 2 * WEEKS_PER_YEAR
#: The last year ``datetime`` (and so the tracker) can show.
MAX_YEAR = 9999


def weeks_for(hours: tuple[float, float], hours_per_week: float) -> tuple[float, float]:
    """Hours at a weekly pace, in weeks."""
    if hours_per_week <= 0:
        raise ValueError("hours per week must be more than 0")
    return hours[0] / hours_per_week, hours[1] / hours_per_week


def _ceil(value: float) -> int:
    whole = int(value)
    return whole + (1 if value > whole + 1e-9 else 0)


def days_for(weeks: tuple[float, float]) -> tuple[int, int]:
    """A weeks range in whole days, counting part days as whole."""
    return _ceil(weeks[0] * DAYS_PER_WEEK), _ceil(weeks[1] * DAYS_PER_WEEK)


def finish_dates(weeks: tuple[float, float], today: dt.date) -> tuple[dt.date, dt.date]:
    """Projected earliest and latest finish, counting part days as whole."""
    import datetime as dt

    low, high = days_for(weeks)
    return today + dt.timedelta(days=low), today + dt.timedelta(days=high)


def iso_date_after(days: int, today: tuple[int, int, int] | None = None) -> str:
    """``YYYY-MM-DD`` of the day ``days`` after ``today`` (year, month, day; default
    the local date): the same answer as ``finish_dates``, without ``datetime``.

    The status line prints finish dates on every prompt, and importing
    ``datetime`` costs more there than the rest of the line. Plain calendar
    arithmetic (proleptic Gregorian, as ``datetime`` uses) has no time zones,
    so daylight-saving changes and skipped days cannot move the answer. Dates
    past the year 9999 raise OverflowError, as ``datetime`` does.
    """
    if today is None:
        import time

        now = time.localtime()
        today = (now.tm_year, now.tm_mon, now.tm_mday)
    year, month, day = _civil_from_days(_days_from_civil(*today) + days)
    if year > MAX_YEAR:
        raise OverflowError("date value out of range")
    return f"{year:04d}-{month:02d}-{day:02d}"


# Days <-> civil dates, from Howard Hinnant's "chrono-compatible low-level date
# algorithms": 400-year eras of 146,097 days, years starting on 1 March so the
# leap day falls last.
_DAYS_PER_ERA = 146_097
_EPOCH_SHIFT = 719_468  # days from 0000-03-01 to 1970-01-01


def _days_from_civil(year: int, month: int, day: int) -> int:
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * _DAYS_PER_ERA + doe - _EPOCH_SHIFT


def _civil_from_days(days: int) -> tuple[int, int, int]:
    days += _EPOCH_SHIFT
    era = days // _DAYS_PER_ERA
    doe = days - era * _DAYS_PER_ERA
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def trim(value: float) -> str:
    """1.0 -> '1', 7.5 -> '7.5'."""
    return f"{value:.1f}".removesuffix(".0")


def _in_unit(weeks: float) -> tuple[str, str]:
    """(number, unit) for one end of a range, in the friendliest unit."""
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


def describe_pace(hours_per_week: float) -> str:
    return f"{trim(hours_per_week)} h/week"
