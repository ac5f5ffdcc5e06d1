"""Real pace, calibration, the personal forecast and the schedule, with exact numbers.

Every test uses a fixed "today" (Wednesday 2026-11-25) and a log built here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model.pace import (
    calibration,
    daily_totals,
    describe_recent_pace,
    forecast,
    pace,
    schedule,
    shows_overall_pace,
    stopped,
)
from pathtui.model.progress import Progress

TODAY = dt.date(2026, 11, 25)
STAMP = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def log_entries(*rows: tuple[dt.date, float, bool]) -> list[object]:
    """Log entries as the progress makes them (``True``: removed afterwards)."""
    progress = Progress("backend", STAMP)
    entries = []
    for day, hours, removed in rows:
        entry = progress.add_log(day, hours, now=STAMP)
        if removed:
            progress.remove_log(entry.id, now=STAMP)
        entries.append(progress.tables["log"][entry.id])
    return entries


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def every_day(first_ago: int, last_ago: int, hours: float) -> dict[dt.date, float]:
    """``hours`` on each day from ``first_ago`` days ago to ``last_ago`` days ago."""
    return {days_ago(n): hours for n in range(last_ago, first_ago + 1)}


def test_daily_totals_sums_days_and_leaves_out_removed_and_future_entries() -> None:
    entries = log_entries(
        (dt.date(2026, 11, 20), 1.0, False),
        (dt.date(2026, 11, 20), 0.5, False),
        (dt.date(2026, 11, 21), 2.0, True),
        (dt.date(2026, 11, 19), 0.25, False),
        (dt.date(2026, 11, 30), 3.0, False),
    )
    assert daily_totals(entries, TODAY) == {
        dt.date(2026, 11, 19): 0.25,
        dt.date(2026, 11, 20): 1.5,
    }
    assert list(daily_totals(entries)) == [
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 20),
        dt.date(2026, 11, 30),
    ]


def test_pace_with_no_log() -> None:
    info = pace({}, TODAY)
    assert info["last_4_weeks"] is None
    assert info["overall"] is None
    assert info["enough"] is False


def test_pace_last_four_weeks_and_overall() -> None:
    # 32 days at 2 h, then the last 28 days (today included) at 1 h.
    daily = every_day(59, 28, 2.0) | every_day(27, 0, 1.0)
    info = pace(daily, TODAY)
    assert info["last_4_weeks"] == pytest.approx(7.0)  # 28 h in 4 weeks
    assert info["overall"] == pytest.approx(92 / 60 * 7)  # 92 h over 60 days
    assert info["since"] == days_ago(59)
    assert info["span_days"] == 60
    assert info["window_days"] == 28
    assert info["logged_hours"] == pytest.approx(92.0)
    assert info["study_days"] == 60
    assert info["enough"] is True


def test_pace_of_a_young_log_covers_only_its_days() -> None:
    daily = {days_ago(13): 3.0, days_ago(9): 3.0, days_ago(4): 3.0, days_ago(0): 3.0}
    info = pace(daily, TODAY)
    assert info["window_days"] == 14
    assert info["last_4_weeks"] == pytest.approx(6.0)  # 12 h in 2 weeks
    assert info["enough"] is True


def test_pace_needs_two_weeks_and_four_study_days() -> None:
    short = {days_ago(12): 3.0, days_ago(8): 3.0, days_ago(4): 3.0, days_ago(0): 3.0}
    assert pace(short, TODAY)["enough"] is False  # 13 days only
    sparse = {days_ago(30): 3.0, days_ago(20): 3.0, days_ago(10): 3.0}
    assert pace(sparse, TODAY)["enough"] is False  # 3 study days only


def test_pace_ignores_days_after_today() -> None:
    daily = every_day(27, 0, 1.0) | {TODAY + dt.timedelta(days=1): 10.0}
    assert pace(daily, TODAY)["last_4_weeks"] == pytest.approx(7.0)


def test_calibration_trusted_from_three_items_and_ten_hours() -> None:
    calib = calibration([(6.0, 4, 6), (12.0, 8, 12), (18.0, 10, 20)])
    assert calib == {"factor": 1.2, "items": 3, "hours": 36.0, "trusted": True}


def test_calibration_not_trusted_on_thin_data() -> None:
    two_items = calibration([(6.0, 4, 6), (12.0, 8, 12)])
    assert two_items["factor"] == pytest.approx(1.2)
    assert two_items["trusted"] is False
    few_hours = calibration([(1.0, 1, 3), (2.0, 1, 3), (3.0, 1, 3)])
    assert few_hours["factor"] == 1.0
    assert few_hours["trusted"] is False  # 6 h < 10 h


def test_calibration_is_clamped_and_skips_empty_samples() -> None:
    assert calibration([(50.0, 2, 4)])["factor"] == 4.0
    assert calibration([(0.5, 10, 30)])["factor"] == 0.25
    empty = calibration([(0.0, 4, 6)])
    assert empty == {"factor": None, "items": 0, "hours": 0.0, "trusted": False}


def log_of_30_hours_in_4_weeks() -> dict[dt.date, float]:
    # 7.5 h/week: 30 h over the last 28 days, plus older days that do not count.
    return every_day(27, 0, 30 / 28) | every_day(40, 28, 5.0)


def test_personal_forecast_uses_recent_pace_and_calibration() -> None:
    info = pace(log_of_30_hours_in_4_weeks(), TODAY)
    calib = calibration([(6.0, 4, 6), (12.0, 8, 12), (18.0, 10, 20)])
    fc = forecast((300.0, 800.0), info, calib, 10.0, TODAY)
    assert fc["personal"] is True
    assert fc["hours_per_week"] == 7.5
    assert fc["calibration"] == 1.2
    assert fc["hours_left"] == {"low": 360.0, "high": 960.0}
    assert fc["weeks_left"] == {"low": 48.0, "high": 128.0}
    assert fc["finish"] == {"earliest": "2027-10-27", "latest": "2029-05-09"}
    assert fc["left"] == "about 11 months to 2.5 years"
    assert fc["basis"] == (
        "at your last 4 weeks' pace of 7.5 h/week, with items taking you 1.2× their estimate"
    )


def test_personal_forecast_without_trusted_calibration_keeps_the_hours() -> None:
    info = pace(log_of_30_hours_in_4_weeks(), TODAY)
    calib = calibration([(6.0, 4, 6)])
    fc = forecast((300.0, 750.0), info, calib, 10.0, TODAY)
    assert fc["calibration"] is None
    assert fc["hours_left"] == {"low": 300.0, "high": 750.0}
    assert fc["weeks_left"] == {"low": 40.0, "high": 100.0}
    assert fc["basis"] == "at your last 4 weeks' pace of 7.5 h/week"


def test_forecast_falls_back_to_the_baseline_on_thin_data() -> None:
    info = pace({days_ago(2): 4.0, days_ago(1): 4.0}, TODAY)
    calib = calibration([(6.0, 4, 6), (12.0, 8, 12), (18.0, 10, 20)])
    fc = forecast((390.0, 1040.0), info, calib, 10.0, TODAY)
    assert fc["personal"] is False
    assert fc["calibration"] is None
    assert fc["hours_per_week"] == 10.0
    assert fc["weeks_left"] == {"low": 39.0, "high": 104.0}
    assert fc["left"] == "about 9 months to 2 years"
    assert fc["basis"].startswith("at your planned 10 h/week: log study time")


def test_forecast_of_a_young_log_names_its_first_day() -> None:
    info = pace({days_ago(13): 3.0, days_ago(9): 3.0, days_ago(4): 3.0, days_ago(0): 3.0}, TODAY)
    fc = forecast((60.0, 120.0), info, calibration([]), 10.0, TODAY)
    assert fc["basis"] == "at your pace since 2026-11-12 of 6 h/week"
    assert fc["weeks_left"] == {"low": 10.0, "high": 20.0}


def test_forecast_after_a_quiet_month_counts_it_as_zero() -> None:
    # 56 h in the 4 weeks from 8 weeks ago, nothing since: a pace of 0, never
    # the 6.9 h/week since the first day, which would flatter a stop.
    daily = every_day(56, 29, 2.0)
    info = pace(daily, TODAY)
    assert info["last_4_weeks"] == 0.0 and stopped(info)
    fc = forecast((100.0, 200.0), info, calibration([]), 10.0, TODAY)
    assert fc["personal"] is False
    assert fc["hours_per_week"] == 10.0
    assert fc["basis"] == (
        "at your planned 10 h/week: nothing logged in the last 4 weeks, and at 0 h/week "
        "there is no finish date of yours (log study time to get one again)"
    )
    assert not stopped(pace(every_day(56, 27, 2.0), TODAY)), "a day in the window"
    assert not stopped(pace({}, TODAY)), "no log: nothing stopped"


def test_forecast_when_nothing_is_left() -> None:
    info = pace(log_of_30_hours_in_4_weeks(), TODAY)
    fc = forecast((0.0, 0.0), info, calibration([]), 10.0, TODAY)
    assert fc["left"] == "done"
    assert fc["finish"] == {"earliest": "2026-11-25", "latest": "2026-11-25"}


# Whole path 390–1040 h (middle 715); 330–900 h left (middle 615): 100 h done.
TOTAL = (390.0, 1040.0)
LEFT = (330.0, 900.0)


def test_schedule_on_track() -> None:
    plan = schedule(TOTAL, LEFT, days_ago(70), TODAY, 10.0)  # 10 weeks x 10 h = 100 h
    assert plan == {
        "status": "on track",
        "weeks": 0.0,
        "done_hours": 100.0,
        "expected_hours": 100.0,
        "since": "2026-09-16",
        "text": "on track",
    }


def test_schedule_behind() -> None:
    plan = schedule(TOTAL, LEFT, days_ago(105), TODAY, 10.0)  # 15 weeks: 150 h expected
    assert plan["status"] == "behind"
    assert plan["weeks"] == 5.0
    assert plan["expected_hours"] == 150.0
    assert plan["text"] == "5 weeks behind plan"


def test_schedule_ahead() -> None:
    plan = schedule(TOTAL, LEFT, days_ago(35), TODAY, 10.0)  # 5 weeks: 50 h expected
    assert plan["status"] == "ahead"
    assert plan["weeks"] == 5.0
    assert plan["text"] == "5 weeks ahead of plan"


def test_schedule_tolerance_is_one_week() -> None:
    within = schedule(TOTAL, LEFT, days_ago(76), TODAY, 10.0)  # 108.6 h expected
    assert within["status"] == "on track"
    assert within["weeks"] == 0.9
    edge = schedule(TOTAL, LEFT, days_ago(77), TODAY, 10.0)  # 110 h expected
    assert edge["status"] == "behind"
    assert edge["text"] == "1 week behind plan"


def test_schedule_at_a_slower_plan_and_in_months() -> None:
    plan = schedule(TOTAL, LEFT, days_ago(364), TODAY, 5.0)  # 52 weeks x 5 h = 260 h
    assert plan["status"] == "behind"
    assert plan["weeks"] == 32.0  # 160 h short at 5 h/week
    assert plan["text"] == "7 months behind plan"


def test_schedule_expects_no_more_than_the_whole_path() -> None:
    plan = schedule(TOTAL, LEFT, days_ago(7 * 200), TODAY, 10.0)
    assert plan["expected_hours"] == 715.0
    assert plan["weeks"] == 61.5


def test_schedule_finished_path_and_future_start() -> None:
    assert schedule(TOTAL, (0.0, 0.0), days_ago(10), TODAY, 10.0)["status"] == "finished"
    future = schedule(TOTAL, TOTAL, TODAY + dt.timedelta(days=3), TODAY, 10.0)
    assert future["expected_hours"] == 0.0
    assert future["status"] == "on track"


# --------------------------------------------------------------------------- the pace in words


def test_one_day_of_log_gives_its_hours_and_no_weekly_pace() -> None:
    info = pace({TODAY: 1.0}, TODAY)
    assert describe_recent_pace(info) == "1 h on your first day, too soon for a weekly pace"
    assert shows_overall_pace(info) is False


def test_under_a_week_of_log_names_its_days_and_gives_no_weekly_pace() -> None:
    info = pace({days_ago(5): 1.5, days_ago(2): 1.0}, TODAY)
    assert describe_recent_pace(info) == (
        "2.5 h over your first 6 days, too soon for a weekly pace"
    )


def test_a_week_of_log_gives_a_weekly_pace_over_those_days() -> None:
    info = pace({days_ago(6): 3.0, days_ago(0): 4.0}, TODAY)
    assert describe_recent_pace(info) == "7 h/week over your first 7 days"
    young = {days_ago(13): 3.0, days_ago(9): 3.0, days_ago(4): 3.0, days_ago(0): 3.0}
    assert describe_recent_pace(pace(young, TODAY)) == "6 h/week over your first 14 days"
    assert shows_overall_pace(pace(young, TODAY)) is False  # the same days as the pace


def test_four_weeks_of_log_give_the_last_four_weeks_and_the_overall_pace() -> None:
    info = pace(every_day(59, 28, 2.0) | every_day(27, 0, 1.0), TODAY)
    assert describe_recent_pace(info) == "7 h/week over the last 4 weeks"
    assert shows_overall_pace(info) is True
    exactly = pace(every_day(27, 0, 1.0), TODAY)
    assert describe_recent_pace(exactly) == "7 h/week over the last 4 weeks"


def test_no_log_no_pace_words() -> None:
    assert describe_recent_pace(pace({}, TODAY)) == ""
    assert shows_overall_pace(pace({}, TODAY)) is False
