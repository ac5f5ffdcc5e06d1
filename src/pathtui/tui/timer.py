"""The study timer's state, without any UI: start, read, stop.

It measures on a monotonic clock (passed in, so tests control it), so a
clock change or a laptop's sleep never makes it jump backwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SECONDS_PER_HOUR = 3600
SECONDS_PER_MINUTE = 60
#: Less than this is not worth a log entry (a key pressed twice by mistake).
MIN_LOGGED_SECONDS = 60


class StudyTimer:
    """One running stretch of study, optionally on one item."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started: float | None = None
        self.item_id: str | None = None
        self.item_title: str | None = None

    @property
    def running(self) -> bool:
        return self.started is not None

    def start(self, item_id: str | None, item_title: str | None) -> None:
        self.started = self.clock()
        self.item_id, self.item_title = item_id, item_title

    def elapsed(self) -> float:
        """Seconds since start (0 when stopped)."""
        return 0.0 if self.started is None else max(0.0, self.clock() - self.started)

    def stop(self) -> float:
        """Stop and return the hours to log (0 when under a minute)."""
        seconds = self.elapsed()
        self.started = None
        if seconds < MIN_LOGGED_SECONDS:
            return 0.0
        return round(seconds / SECONDS_PER_MINUTE) * SECONDS_PER_MINUTE / SECONDS_PER_HOUR


def clock_face(seconds: float) -> str:
    """0:05:07 style."""
    whole = int(seconds)
    hours, rest = divmod(whole, SECONDS_PER_HOUR)
    minutes, secs = divmod(rest, SECONDS_PER_MINUTE)
    return f"{hours}:{minutes:02d}:{secs:02d}"
