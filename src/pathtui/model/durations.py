"""Study time as people type it ("1.5", "90m", "1h30m") and as we show it.

Pure and stdlib-only: the CLI, the tracker's log dialog and the timer all go
through these functions, so a duration means the same thing everywhere and
every refusal reads the same.
"""

from __future__ import annotations

import re

MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
#: One log entry may not claim more than a day.
MAX_ENTRY_HOURS = float(HOURS_PER_DAY)
#: Tolerance when comparing float hours (a microsecond is far below anything shown).
EPSILON = 1e-9

#: Patterns, compiled (and cached by ``re``) at the first duration typed, not
#: at every start: the tracker's first frame imports this module.
_NUMBER = r"\d+(?:\.\d*)?|\.\d+"
_DURATION = (
    rf"(?i)^(?:(?P<hours>{_NUMBER})\s*h(?:ours?|rs?)?)?\s*"
    rf"(?:(?P<minutes>{_NUMBER})\s*m(?:in(?:utes?|s)?)?)?$"
)
_PLAIN = rf"^(?:{_NUMBER})$"
_CLOCK = r"^(?P<hours>\d+):(?P<minutes>[0-5]\d)$"

DURATION_HELP = "a duration like 1.5 (hours), 90m, 1h30m or 1:30"


def parse_duration(text: str) -> float:
    """Hours from '1.5', '2h', '90m', '1h30m', '1h 30m' or '1:30'.

    Raises ValueError with a sentence meant for the learner.
    """
    raw = text.strip()
    if not raw:
        raise ValueError(f"Give {DURATION_HELP}.")
    hours: float
    if re.match(_PLAIN, raw):
        hours = float(raw)
    elif clock := re.match(_CLOCK, raw):
        hours = int(clock["hours"]) + int(clock["minutes"]) / MINUTES_PER_HOUR
    else:
        match = re.match(_DURATION, raw)
        if match is None or not (match["hours"] or match["minutes"]):
            raise ValueError(f"{text.strip()[:40]!r} is not {DURATION_HELP}.")
        hours = float(match["hours"] or 0) + float(match["minutes"] or 0) / MINUTES_PER_HOUR
    check_hours(hours, text.strip()[:40])
    return hours


def check_hours(hours: float, shown: str | None = None) -> None:
    """Refuse nothing, negative or more than a day in one entry."""
    label = repr(shown) if shown is not None else format_hours(hours)
    if not hours > 0:
        raise ValueError(f"{label} is no time at all; log more than 0 minutes.")
    if hours > MAX_ENTRY_HOURS + EPSILON:
        raise ValueError(
            f"{label} is more than {HOURS_PER_DAY} hours; one entry covers one day at most."
        )


def format_hours(hours: float) -> str:
    """Short human form: 0.75 -> '45m', 1.5 -> '1h30m', 2 -> '2h'."""
    minutes = round(hours * MINUTES_PER_HOUR)
    whole, rest = divmod(minutes, MINUTES_PER_HOUR)
    if not whole:
        return f"{rest}m"
    if not rest:
        return f"{whole}h"
    return f"{whole}h{rest:02d}m"
