"""The study picture through the Session: the summary carries what the
status line needs, and the cached (JSON) summary gives the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

from pathtui.model.study import study_picture
from pathtui.services.session import Session
from study_log_support import TODAY, days_ago, two_months_of_study, write_mini_path


def make_session(tmp_path: Path) -> Session:
    session = Session.open(write_mini_path(tmp_path))
    two_months_of_study(session.progress)
    session.save()
    return session


def test_summary_carries_daily_totals_calibration_and_settings(tmp_path: Path) -> None:
    summary = make_session(tmp_path).summary()
    assert summary["daily"][days_ago(40).isoformat()] == 3.0
    assert summary["daily"][days_ago(13).isoformat()] == 2.0
    assert len(summary["daily"]) == 12 + 15
    assert summary["calibration"] == {"factor": 1.2, "items": 3, "hours": 36.0, "trusted": True}
    assert summary["hours_total"] == [40.0, 100.0]
    assert summary["study_settings"] == {
        "streaks": True,
        "streak_kind": "weeks",
        "day_minimum_minutes": 15,
        "rest_days_per_week": 1,
        "study_days": "",
        "study_time": "19:00",
    }


def test_picture_of_two_months(tmp_path: Path) -> None:
    picture = make_session(tmp_path).study_picture(TODAY)
    assert picture["pace"] == {
        "last_4_weeks": 7.5,
        "overall": round(66 / 41 * 7, 2),
        "planned": 10.0,
        "since": days_ago(40).isoformat(),
        "logged_hours": 66.0,
        "study_days": 27,
        "span_days": 41,
        "window_days": 28,
    }
    fc = picture["forecast"]
    # b1 is left: 18–62 h x 1.2 = 21.6–74.4 h, at 7.5 h/week = 2.88–9.92 weeks.
    assert fc["personal"] is True
    assert fc["hours_left"] == {"low": 21.6, "high": 74.4}
    assert fc["weeks_left"] == {"low": 2.9, "high": 9.9}
    assert fc["finish"] == {"earliest": "2026-12-16", "latest": "2027-02-03"}
    assert fc["basis"] == (
        "at your last 4 weeks' pace of 7.5 h/week, with items taking you 1.2× their estimate"
    )
    # Six weeks at 10 h/week expect 60 h; a1–a3 are worth 5 + 10 + 15 = 30 h.
    assert picture["schedule"]["status"] == "behind"
    assert picture["schedule"]["weeks"] == 3.0
    assert picture["schedule"]["text"] == "3 weeks behind plan"
    weeks = picture["streak"]["weeks"]
    assert (weeks["current"], weeks["longest"]) == (0, 4)


def test_cached_summary_gives_the_same_picture(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    summary = session.summary()
    cached = json.loads(json.dumps(summary))
    assert study_picture(cached, TODAY, 10.0) == session.study_picture(TODAY)


def test_streaks_switched_off(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    session.progress.update_settings(streaks=False)
    assert session.study_picture(TODAY)["streak"] is None


def test_removed_entries_leave_the_picture(tmp_path: Path) -> None:
    session = make_session(tmp_path)
    for entry in session.progress.log:
        if entry.item == "b1":
            session.progress.remove_log(entry.id)
    picture = session.study_picture(TODAY)
    assert picture["pace"]["logged_hours"] == 36.0
    assert picture["pace"]["last_4_weeks"] == 0.0
