"""The learner's study plan: the weekdays they study on, the time they start, and how
the weekly pace is shared out over those days.

Two settings hold it, ``study_days`` (``"mon,wed,sat"``; empty: no days
chosen) and ``study_time`` (``"19:00"``), both kept as the canonical text the
parsers below return, so the progress file stays readable and merges like any
setting. The calendar (``services/calendar.py``) turns the plan into study
sessions, and the weekly nudge (``nudges.py``) measures "behind plan" against
the days already gone. A value read from a file is read tolerantly here
(``weekdays``, ``clock``): a broken one counts as unset, and the calendar says
so in one sentence.

Stdlib only and no dataclasses: ``pathtui remind`` runs this on a cached summary.
"""

from __future__ import annotations

#: Weekday names as the settings store them, Monday first (``date.weekday()`` order).
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_PER_WEEK = len(DAY_NAMES)
#: A typed day name must have at least this many letters ("mon", "tues", "thursday").
MIN_DAY_LETTERS = 3
#: What clears the study days.
NO_DAYS = "none"
DEFAULT_STUDY_DAYS = ""
DEFAULT_STUDY_TIME = "19:00"
HOURS_PER_DAY = 24
MINUTES_PER_HOUR = 60
MINUTES_PER_DAY = HOURS_PER_DAY * MINUTES_PER_HOUR
#: The shape of a stored time: "HH:MM".
TIME_LENGTH = 5
#: Show at most this much of a bad value in a message.
SHOWN = 40


def _day_index(word: str) -> int | None:
    """0 for 'mon', 'Monday' or 'mond'; None for anything that is no day."""
    if len(word) < MIN_DAY_LETTERS:
        return None
    for index, name in enumerate(FULL_DAY_NAMES):
        if name.startswith(word):
            return index
    return None


def parse_study_days(text: str) -> str:
    """Typed study days ('mon,wed,sat', 'Monday Wednesday', 'none') as stored:
    'mon,wed,sat' in week order, or '' for none. ValueError with one sentence."""
    raw = text.strip().lower()
    if raw in ("", NO_DAYS):
        return ""
    chosen = set()
    for word in raw.replace(",", " ").split():
        index = _day_index(word)
        if index is None:
            shown = word[:SHOWN]
            raise ValueError(
                f"{shown!r} is not a day of the week; give days like mon,wed,sat "
                f"({' '.join(DAY_NAMES)}), or {NO_DAYS}."
            )
        chosen.add(index)
    return ",".join(DAY_NAMES[i] for i in sorted(chosen))


def weekdays(stored: str) -> tuple[int, ...]:
    """The stored study days as weekday numbers (Monday 0); () when none are set
    or the value is not one ``parse_study_days`` would store."""
    try:
        canonical = parse_study_days(stored)
    except ValueError:
        return ()
    return tuple(DAY_NAMES.index(name) for name in canonical.split(",") if name)


def parse_study_time(text: str) -> str:
    """A typed start time ('19:00', '7:30') as stored ('07:30'). ValueError with one sentence."""
    raw = text.strip()
    hours, colon, minutes = raw.partition(":")
    if (
        colon
        and hours.isascii()
        and hours.isdigit()
        and len(hours) <= 2
        and minutes.isascii()
        and minutes.isdigit()
        and len(minutes) == 2
        and int(hours) < HOURS_PER_DAY
        and int(minutes) < MINUTES_PER_HOUR
    ):
        return f"{int(hours):02d}:{minutes}"
    raise ValueError(f"{raw[:SHOWN]!r} is not a time like 19:00 (24-hour clock, HH:MM).")


def clock(stored: str) -> tuple[int, int] | None:
    """The stored study time as (hour, minute), or None if it is not a valid time."""
    try:
        canonical = parse_study_time(stored)
    except ValueError:
        return None
    return int(canonical[:2]), int(canonical[3:])


def session_minutes(hours_per_week: float, days: tuple[int, ...]) -> dict[int, int]:
    """Minutes of study on each study day, adding up to the weekly pace (to the minute).

    The pace in whole minutes is shared out evenly; the minutes left over go one
    each to the first days of the week, so every week of sessions (any seven days
    in a row) adds up to exactly the pace.
    """
    if not days:
        return {}
    total = round(hours_per_week * MINUTES_PER_HOUR)
    share, extra = divmod(total, len(days))
    return {day: share + (1 if i < extra else 0) for i, day in enumerate(sorted(days))}


def share_between(days: tuple[int, ...], first: int, weekday: int) -> float:
    """The part of a week's plan that falls on days from ``first`` up to, not
    including, ``weekday`` (0 to 1): in the week a learner starts, the days
    before their start date planned nothing.

    With no study days chosen, every day of the week carries an equal part.
    """
    planned = days or tuple(range(DAYS_PER_WEEK))
    return sum(1 for day in planned if first <= day < weekday) / len(planned)


def share_before(days: tuple[int, ...], weekday: int) -> float:
    """The part of a week's plan that falls on days before ``weekday`` (0 to 1)."""
    return share_between(days, 0, weekday)


def describe_days(stored: str) -> str:
    """'mon, wed, sat' for the settings, or 'none'."""
    days = weekdays(stored)
    return ", ".join(DAY_NAMES[d] for d in days) if days else NO_DAYS
