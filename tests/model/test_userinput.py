"""One reading of a typed date, with the shared bounds, for every place a date is typed."""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model.userinput import (
    moved_start,
    parse_date,
    parse_log_date,
    parse_start_date,
    start_stays,
)

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize("parse", [parse_date, parse_log_date, parse_start_date])
def test_every_date_typed_anywhere_keeps_to_the_shared_bounds(parse) -> None:
    with pytest.raises(
        ValueError, match=r"^1969-12-31 is out of range; give a date from 1970 to 2999\.$"
    ):
        parse("1969-12-31", TODAY)
    assert parse("1970-01-01", TODAY) == dt.date(1970, 1, 1)


def test_a_log_date_far_ahead_is_out_of_range_before_it_is_in_the_future() -> None:
    with pytest.raises(ValueError, match=r"^3000-01-01 is out of range"):
        parse_log_date("3000-01-01", TODAY)
    with pytest.raises(
        ValueError,
        match=r"^2026-11-26 is in the future; a future day can't be logged "
        r"\(log time on or before 2026-11-25\)\.$",
    ):
        parse_log_date("2026-11-26", TODAY)
    with pytest.raises(ValueError, match=r"^2026-11-26 is in the future; a future day can't"):
        parse_log_date("tomorrow", TODAY)


def test_logging_before_the_start_date_says_it_moved_the_start_date() -> None:
    assert moved_start(TODAY, TODAY) == ""
    assert moved_start(TODAY, TODAY + dt.timedelta(days=1)) == ""
    assert moved_start(TODAY, dt.date(2026, 11, 1)) == (
        "Your start date moved from 2026-11-25 to 2026-11-01, the first day you logged."
    )


def test_removing_the_entry_on_the_start_date_says_the_start_date_stays() -> None:
    start, later = dt.date(2026, 11, 1), dt.date(2026, 11, 9)
    assert start_stays(start, later, start, TODAY) == ""  # not the start date's entry
    assert start_stays(start, start, start, TODAY) == ""  # study still on that day
    assert start_stays(start, start, later, TODAY) == (
        "Your start date stays 2026-11-01, though nothing logged or finished is on it any "
        "more; `pathtui config start-date 2026-11-09` moves it to your first day of study now."
    )
    assert start_stays(start, start, None, TODAY).endswith(
        "`pathtui config start-date 2026-11-25` moves it to today."
    )


def test_each_caller_keeps_its_own_words_for_text_that_is_no_date() -> None:
    with pytest.raises(
        ValueError, match=r"^'soon' is not a date like 2026-01-31 \(or today, yesterday\)\.$"
    ):
        parse_start_date("soon", TODAY)
    with pytest.raises(
        ValueError, match=r"^'soon' is not a date like 2026-01-31 \(or today, yesterday\)\.$"
    ):
        parse_log_date("soon", TODAY)
    with pytest.raises(
        ValueError, match=r"the start date is the day you started, on or before 2026-11-25\.$"
    ):
        parse_start_date("2026-12-01", TODAY)


def test_a_date_without_a_rule_about_today_may_be_ahead() -> None:
    """The day an application went out is checked against today by the job rules."""
    assert parse_date(" Yesterday ", TODAY) == dt.date(2026, 11, 24)
    assert parse_date("2026-12-01", TODAY) == dt.date(2026, 12, 1)
