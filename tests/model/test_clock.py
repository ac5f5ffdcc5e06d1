"""Clock stamps as a sentence shows them."""

from __future__ import annotations

import datetime as dt

from pathtui.model import clock

T0 = dt.datetime(2026, 12, 5, 1, 36, 24, 201000, tzinfo=dt.UTC)


def test_two_times_are_shown_to_the_minute_when_that_tells_them_apart() -> None:
    later = T0 + dt.timedelta(minutes=2)
    assert clock.shown_apart(T0, later) == ("2026-12-05 01:36", "2026-12-05 01:38")


def test_two_times_in_one_minute_are_shown_to_the_second_or_millisecond() -> None:
    assert clock.shown_apart(T0, T0 + dt.timedelta(seconds=3)) == (
        "2026-12-05 01:36:24",
        "2026-12-05 01:36:27",
    )
    assert clock.shown_apart(T0, T0 + dt.timedelta(milliseconds=451)) == (
        "2026-12-05 01:36:24.201",
        "2026-12-05 01:36:24.652",
    )
