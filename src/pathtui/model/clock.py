"""Hybrid logical clock stamps, and this device's id.

Every change to progress carries a stamp: the wall time in milliseconds,
a counter, and the id of the device that wrote it. A device advances its
clock past every stamp it has seen, so a change always outranks every
change it could have known about, even when this device's clock runs
behind another's; the counter orders changes made within one millisecond
(or while the wall clock lags a stamp already seen), and the device id
breaks the last ties. See Kulkarni, Demirbas et al., "Logical Physical
Clocks" (2014).

Stamps are fixed-width text (``2026-11-26T10:15:00.123Z/0000/3f9a2b1c``)
so that comparing two stamps is comparing two strings: no parsing when a
file is read or merged, and a reader can see when a change was made.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable

#: Digits of the counter; when it would overflow the wall part moves on 1 ms.
COUNTER_DIGITS = 4
MAX_COUNTER = 10**COUNTER_DIGITS - 1
DEVICE_HEX = 8
#: The device of stamps made from a schema-1 file: every device migrating the
#: same file makes the same stamps, so their copies stay byte-identical.
MIGRATED_DEVICE = "0" * DEVICE_HEX
#: Below every stamp a clock makes: the stamp of defaults nobody chose.
FLOOR = f"0001-01-01T00:00:00.000Z/{0:0{COUNTER_DIGITS}d}/{MIGRATED_DEVICE}"
#: A stamp this far ahead of the local clock means some device's clock is wrong.
SKEW_LIMIT = dt.timedelta(days=1)
STAMP_RE = re.compile(
    r"[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3}Z"
    rf"/[0-9]{{{COUNTER_DIGITS}}}/[0-9a-f]{{{DEVICE_HEX}}}"
)
_WALL_CHARS = 24  # "YYYY-MM-DDTHH:MM:SS.mmmZ"
_MS = dt.timedelta(milliseconds=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make(wall: dt.datetime, counter: int, device: str) -> str:
    """A stamp from a wall time (to the millisecond), a counter and a device id."""
    w = wall.astimezone(dt.UTC)
    return (
        f"{w.year:04d}-{w.month:02d}-{w.day:02d}T{w.hour:02d}:{w.minute:02d}:{w.second:02d}"
        f".{w.microsecond // 1000:03d}Z/{counter:0{COUNTER_DIGITS}d}/{device}"
    )


def wall(stamp: str) -> dt.datetime:
    """The wall-time part of a stamp, as an aware datetime."""
    return dt.datetime.fromisoformat(stamp[: _WALL_CHARS - 1] + "+00:00")


def counter(stamp: str) -> int:
    return int(stamp[_WALL_CHARS + 1 : _WALL_CHARS + 1 + COUNTER_DIGITS])


def valid(stamp: object) -> bool:
    return type(stamp) is str and STAMP_RE.fullmatch(stamp) is not None


def tick(last: str, device: str, now: dt.datetime | None = None) -> str:
    """The next stamp on this device: after ``last`` (the newest stamp seen)
    and, when the wall clock is ahead of it, at the wall clock."""
    physical = (now or utcnow()).astimezone(dt.UTC)
    physical = physical.replace(microsecond=physical.microsecond // 1000 * 1000)
    if not last:
        return make(physical, 0, device)
    last_wall = wall(last)
    if physical > last_wall:
        return make(physical, 0, device)
    count = counter(last) + 1
    if count > MAX_COUNTER:
        return make(last_wall + _MS, 0, device)
    return make(last_wall, count, device)


#: How a sentence shows a time: to the minute, or, for two times in one minute,
#: to the second (then the millisecond) so that they read apart.
MINUTE_FORMAT = "%Y-%m-%d %H:%M"
SECOND_FORMAT = "%Y-%m-%d %H:%M:%S"


def shown_apart(first: dt.datetime, second: dt.datetime) -> tuple[str, str]:
    """Two times as text, to the minute unless that shows them equal: a sentence
    that says one came before the other must not print the same time twice."""
    for fmt in (MINUTE_FORMAT, SECOND_FORMAT):
        a, b = first.strftime(fmt), second.strftime(fmt)
        if a != b:
            return a, b
    return _to_ms(first), _to_ms(second)


def _to_ms(when: dt.datetime) -> str:
    return f"{when.strftime(SECOND_FORMAT)}.{when.microsecond // 1000:03d}"


def ahead(stamp: str, now: dt.datetime | None = None) -> dt.timedelta:
    """How far a stamp lies ahead of the local clock (negative: behind)."""
    return wall(stamp) - (now or utcnow())


# --------------------------------------------------------------------------- device id


def _process_device() -> str:
    """An id for this process only, until storage says where the lasting one lives."""
    global _fallback
    if _fallback is None:
        made = os.urandom(DEVICE_HEX // 2).hex()
        while made == MIGRATED_DEVICE:  # pragma: no cover - one chance in four billion
            made = os.urandom(DEVICE_HEX // 2).hex()
        _fallback = made
    return _fallback


_fallback: str | None = None
_device_source: Callable[[], str] = _process_device


def set_device_source(source: Callable[[], str]) -> None:
    """Where ``device_id`` comes from: ``pathtui.storage.device`` keeps it in a file.

    The model does no file I/O, so the lasting id is plugged in from below
    the storage layer when that layer is imported.
    """
    global _device_source
    _device_source = source


def device_id() -> str:
    """This device's id, for the stamps this copy makes."""
    return _device_source()
