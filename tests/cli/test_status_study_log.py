"""``pathtui status`` with a study log: the line, --json's new keys, --format
placeholders, and the fast path staying stdlib-only on a warm cache.

The status command reads the real clock, so the log here is laid out
relative to the real local date; every number is still exact.
"""

from __future__ import annotations

import datetime as dt
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from pathtui.model.timeleft import trim
from pathtui.services.session import Session
from study_log_support import days_ago, two_months_of_study, write_mini_path
from support import run_pathtui


def seed(tmp_path: Path) -> tuple[Path, Session]:
    path_file = write_mini_path(tmp_path)
    session = Session.open(path_file)
    two_months_of_study(session.progress, dt.date.today())
    session.save()
    return path_file, session


def status(path_file: Path, *args: str) -> str:
    result = run_pathtui("--path", str(path_file), "status", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_status_line_adds_the_personal_forecast(tmp_path: Path) -> None:
    path_file, _ = seed(tmp_path)
    assert status(path_file) == (
        "Step 2/2 · Second things · 3/4 done (75%) · about 2–6 weeks left at 10 h/week"
        " · you: about 3–10 weeks at 7.5 h/week"
        " · 3 to review"  # the three items done weeks ago are due for review
    )


def test_status_line_adds_the_streak(tmp_path: Path) -> None:
    path_file, session = seed(tmp_path)
    today = dt.date.today()
    for ago in (2, 1, 0):
        session.progress.add_log(days_ago(ago, today), 0.5)
    session.progress.update_settings(streak_kind="days")
    session.save()
    assert status(path_file).endswith(" · 3-day streak · 3 to review")


def test_status_json_new_keys(tmp_path: Path) -> None:
    path_file, _ = seed(tmp_path)
    today = dt.date.today()
    data = json.loads(status(path_file, "--json"))
    # Existing keys keep their meaning.
    assert data["items_done"] == 3
    assert data["hours_per_week"] == 10
    assert data["hours_left"] == {"low": 18.0, "high": 62.0}
    assert data["weeks_left"] == {"low": 1.8, "high": 6.2}
    assert data["pace"] == {
        "last_4_weeks": 7.5,
        "overall": round(66 / 41 * 7, 2),
        "planned": 10.0,
        "since": days_ago(40, today).isoformat(),
        "logged_hours": 66.0,
        "study_days": 27,
        "span_days": 41,  # the first logged day 40 days ago, and today
        "window_days": 28,
    }
    # 18–62 h x 1.2 = 21.6–74.4 h at 7.5 h/week: 2.88–9.92 weeks, 21 and 70 days.
    assert data["forecast"] == {
        "personal": True,
        "hours_per_week": 7.5,
        "calibration": 1.2,
        "hours_left": {"low": 21.6, "high": 74.4},
        "weeks_left": {"low": 2.9, "high": 9.9},
        "finish": {
            "earliest": (today + dt.timedelta(days=21)).isoformat(),
            "latest": (today + dt.timedelta(days=70)).isoformat(),
        },
        "left": "about 3–10 weeks",
        "basis": "at your last 4 weeks' pace of 7.5 h/week, "
        "with items taking you 1.2× their estimate",
    }
    assert data["schedule"] == {
        "status": "behind",
        "weeks": 3.0,
        "done_hours": 30.0,
        "expected_hours": 60.0,
        "since": days_ago(42, today).isoformat(),
        "text": "3 weeks behind plan",
    }
    assert data["streak"]["kind"] == "weeks"
    assert data["streak"]["weeks"]["current"] == 0
    assert data["streak"]["days"]["current"] == 0
    assert data["streak"]["days"]["minimum_minutes"] == 15


def test_status_what_if_pace_changes_the_plan_not_the_streak_goal(tmp_path: Path) -> None:
    path_file, _ = seed(tmp_path)
    data = json.loads(status(path_file, "--json", "--hours-per-week", "5"))
    assert data["pace"]["planned"] == 5.0
    assert data["schedule"]["expected_hours"] == 30.0  # six weeks at 5 h
    assert data["schedule"]["status"] == "on track"
    assert data["streak"]["weeks"]["goal_hours"] == 10.0


def test_status_format_placeholders(tmp_path: Path) -> None:
    path_file, _ = seed(tmp_path)
    template = "{my_left}|{my_pace}|{pace_4w}|{streak}|{schedule}|{forecast_basis}"
    assert status(path_file, "--format", template) == (
        "3–10 weeks|7.5 h/week|7.5||3 weeks behind plan|at your last 4 weeks' pace of "
        "7.5 h/week, with items taking you 1.2× their estimate"
    )


def test_pace_4w_stays_empty_before_a_week_of_log(tmp_path: Path) -> None:
    """One hour on the first day is no weekly pace of 7 h (issue 21, point 5)."""
    path_file = write_mini_path(tmp_path)
    session = Session.open(path_file)
    session.log_time(1.0, dt.date.today())
    data = json.loads(status(path_file, "--json"))
    assert data["pace"]["window_days"] == 1 and data["pace"]["last_4_weeks"] == 7.0
    assert status(path_file, "--format", "[{pace_4w}]") == "[]"
    session.progress.add_log(days_ago(7), 1.0)
    session.save()
    pace = json.loads(status(path_file, "--json"))["pace"]
    assert pace["window_days"] >= 7
    assert status(path_file, "--format", "[{pace_4w}]") == f"[{trim(pace['last_4_weeks'])}]"


def test_status_without_a_log_falls_back_and_streaks_can_be_off(tmp_path: Path) -> None:
    path_file = write_mini_path(tmp_path)
    line = status(path_file)
    assert line == "Step 1/2 · First things · 0/4 done (0%) · about 4–10 weeks left at 10 h/week"
    data = json.loads(status(path_file, "--json"))
    assert data["forecast"]["personal"] is False
    assert data["forecast"]["weeks_left"] == data["weeks_left"]
    assert data["pace"]["last_4_weeks"] is None
    session = Session.open(path_file)
    session.progress.update_settings(streaks=False)
    session.save()
    assert json.loads(status(path_file, "--json"))["streak"] is None


def test_warm_status_stays_stdlib_only_and_rebuilds_an_old_cache(
    tmp_path: Path, data_dir: Path
) -> None:
    path_file, _ = seed(tmp_path)
    first = status(path_file, "--json")
    cache = next((Path(os.environ["XDG_CACHE_HOME"]) / "pathtui").glob(".status-cache-*"))
    cached = marshal.loads(cache.read_bytes())
    assert cached["summary"]["daily"]
    code = (
        "import sys\n"
        "from pathtui.cli.script import main\n"
        f"main(['--path', {str(path_file)!r}, 'status', '--json'])\n"
        "heavy = {'dataclasses', 'tomllib', 'typer', 'textual', 'rich', 'platformdirs'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "[]"
    # A cache from before the study log (older version, no daily totals) is rebuilt.
    cached["cache_version"] = 1
    del cached["summary"]["daily"]
    cache.write_bytes(marshal.dumps(cached))
    assert status(path_file, "--json") == first
    assert "daily" in marshal.loads(cache.read_bytes())["summary"]
