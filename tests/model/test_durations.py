"""Durations and log dates as learners type them, and the clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model.durations import format_hours, parse_duration
from pathtui.model.userinput import parse_log_date

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1.5", 1.5),
        ("2", 2.0),
        (".5", 0.5),
        ("2h", 2.0),
        ("1.5h", 1.5),
        ("90m", 1.5),
        ("45m", 0.75),
        ("1h30m", 1.5),
        ("1h 30m", 1.5),
        ("1H30M", 1.5),
        ("2 hours", 2.0),
        ("1 hour 15 minutes", 1.25),
        ("20 min", 20 / 60),
        ("1:30", 1.5),
        ("0:45", 0.75),
        ("24h", 24.0),
        ("  3h  ", 3.0),
    ],
)
def test_parse_duration_accepts_common_forms(text: str, hours: float) -> None:
    assert parse_duration(text) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Give a duration"),
        ("abc", "'abc' is not a duration like 1.5"),
        ("1h30", "is not a duration"),
        ("m", "is not a duration"),
        ("-1", "is not a duration"),
        ("1:75", "is not a duration"),
        ("0", "is no time at all"),
        ("0m", "is no time at all"),
        ("25h", "more than 24 hours"),
        ("1441m", "more than 24 hours"),
        ("nan", "is not a duration"),
        ("inf", "is not a duration"),
    ],
)
def test_parse_duration_refuses_with_one_sentence(text: str, fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_duration(text)
    message = str(info.value)
    assert fragment in message
    assert message.endswith(".")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("hours", "shown"),
    [(0.75, "45m"), (1.5, "1h30m"), (2.0, "2h"), (1 / 60, "1m"), (10.25, "10h15m")],
)
def test_format_hours(hours: float, shown: str) -> None:
    assert format_hours(hours) == shown


def test_parse_day_words_and_iso() -> None:
    assert parse_log_date("today", TODAY) == TODAY
    assert parse_log_date("Yesterday", TODAY) == dt.date(2026, 11, 24)
    assert parse_log_date("2026-11-20", TODAY) == dt.date(2026, 11, 20)


def test_parse_day_refuses_bad_and_future_dates() -> None:
    with pytest.raises(
        ValueError, match=r"'2026-13-01' is not a date like 2026-01-31 \(or today, yesterday\)\."
    ):
        parse_log_date("2026-13-01", TODAY)
    with pytest.raises(ValueError, match="2026-11-26 is in the future"):
        parse_log_date("2026-11-26", TODAY)
