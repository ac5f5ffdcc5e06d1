"""The history screen's data (burn-up, weekly hours, calendar), from a learner's session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pathtui.model.charts import burn_up, calendar, heat_level, weekly_series
from pathtui.services.session import Session
from study_log_support import TODAY, two_months_of_study, write_mini_path

D = dt.date


def test_burn_up_of_two_months(tmp_path: Path) -> None:
    session = Session.open(write_mini_path(tmp_path))
    two_months_of_study(session.progress)
    picture = session.study_picture(TODAY)
    burn = burn_up(session.path, session.progress, TODAY, picture["forecast"])
    assert burn.start == D(2026, 10, 14)  # 42 days before today
    assert burn.total == 4
    assert burn.complete == 3
    # a1–a3 were all ticked today (NOW), so the line jumps from 0 to 3 today.
    assert burn.done == [(D(2026, 10, 14), 0), (TODAY, 3)]
    # The plan: the middle of 40–100 h (70 h) at 10 h/week is 7 weeks from the start.
    assert burn.plan_end == D(2026, 12, 2)
    assert (burn.earliest, burn.latest) == (D(2026, 12, 16), D(2027, 2, 3))


def test_burn_up_steps_and_clamps_dates(tmp_path: Path) -> None:
    session = Session.open(write_mini_path(tmp_path))
    progress = session.progress
    stamp = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
    progress.update_settings(start_date=D(2026, 11, 1), now=stamp - dt.timedelta(days=40))
    progress.set_state("a1", "done", now=stamp - dt.timedelta(days=30))  # before the start
    progress.set_state("a2", "skipped", now=stamp)
    progress.set_state("a3", "done", now=stamp)
    progress.set_state("x1", "done", now=stamp)  # extras are outside the burn-up
    burn = burn_up(session.path, progress, TODAY, session.study_picture(TODAY)["forecast"])
    assert burn.done == [(D(2026, 11, 1), 1), (D(2026, 11, 10), 3), (TODAY, 3)]


def test_weekly_series_is_monday_weeks_ending_this_week() -> None:
    daily = {
        D(2026, 11, 9): 2.0,
        D(2026, 11, 15): 1.5,  # Sunday: still the week of the 9th
        D(2026, 11, 16): 4.0,
        D(2026, 11, 25): 1.0,
        D(2026, 11, 26): 9.0,  # after today: left out
        D(2026, 10, 1): 3.0,  # older than the window
    }
    assert weekly_series(daily, TODAY, 3) == [
        (D(2026, 11, 9), 3.5),
        (D(2026, 11, 16), 4.0),
        (D(2026, 11, 23), 1.0),
    ]


def test_heat_levels() -> None:
    minimum = 0.25
    assert [heat_level(h, minimum) for h in (0.0, 0.1, 0.25, 0.99, 1.0, 1.99, 2.0, 5.0)] == [
        0,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_calendar_columns_are_weeks_with_future_days_blank() -> None:
    daily = {D(2026, 11, 16): 1.0, D(2026, 11, 25): 0.5}
    columns = calendar(daily, TODAY, 2)
    assert len(columns) == 2
    assert columns[0][0] == (D(2026, 11, 16), 1.0)
    assert columns[0][6] == (D(2026, 11, 22), 0.0)
    assert columns[1][2] == (TODAY, 0.5)
    assert columns[1][3:] == [None, None, None, None]


def test_hours_logged_on_an_item_follow_every_change(tmp_path: Path) -> None:
    """The detail pane's figure: live entries on that item only, through adding,
    removing and a fresh start that reads the log's totals from storage."""
    path_file = write_mini_path(tmp_path)
    session = Session.open(path_file)
    assert session.logged_on("a1") == 0.0
    session.log_time(1.5, TODAY, item="a1")
    gone = session.log_time(0.25, TODAY, item="a1")
    session.log_time(2.0, TODAY, item="a2")
    session.log_time(1.0, TODAY)  # on no item
    assert session.logged_on("a1") == 1.75
    with session.editing():
        session.remove_log_entry(gone)
    assert session.logged_on("a1") == 1.5
    assert session.logged_on("a2") == 2.0
    for _ in range(2):  # the second start finds the log's totals kept beside it
        again = Session.open(path_file)
        assert (again.logged_on("a1"), again.logged_on("a2"), again.logged_on("a3")) == (
            1.5,
            2.0,
            0.0,
        )
