"""The forecast under ``faketime``: weeks without study count as zero, so a
learner who stops sees the forecast get worse, then no finish date of their
own, never a better one; a restart forecasts from the new, slow pace.

faketime is installed by ``.ci/run``; this test is never skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

from pathtui.model.pace import STOPPED_WORDS
from pathtui.services.session import Session
from support import pathtui_exe

#: Thirteen weeks of study from Monday 4 January 2027, 8.7 h a week in three
#: evenings, then nothing.
FIRST = dt.date(2027, 1, 4)
WEEKS = 13
EVENINGS = (0, 2, 5)  # Monday, Wednesday, Saturday
EVENING_HOURS = 2.9
LAST = FIRST + dt.timedelta(weeks=WEEKS - 1, days=EVENINGS[-1])


def status_at(day: dt.date, *args: str) -> str:
    """The installed ``pathtui status`` with the clock at noon UTC on ``day``."""
    faketime = shutil.which("faketime")
    assert faketime, "faketime is required for this test (.ci/run installs it)"
    done = subprocess.run(
        [faketime, f"{day.isoformat()} 12:00:00", pathtui_exe(), "status", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        timeout=60,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done.stdout


def forecast_at(day: dt.date) -> dict[str, object]:
    found = json.loads(status_at(day, "--json"))["forecast"]
    assert isinstance(found, dict)
    return found


def test_a_stop_a_long_stop_and_a_restart(data_dir: Path) -> None:
    session = Session.open()
    for week in range(WEEKS):
        for offset in EVENINGS:
            day = FIRST + dt.timedelta(weeks=week, days=offset)
            session.progress.add_log(day, EVENING_HOURS)
    session.save()

    studying = forecast_at(LAST)
    assert studying["personal"] and studying["hours_per_week"] == 8.7

    # A stop: each week without study is a zero in the 4-week pace, so the
    # pace falls and the finish moves later, week after week.
    paces = [studying["hours_per_week"]]
    weeks_left = [studying["weeks_left"]["high"]]  # type: ignore[index]
    for weeks_off in (1, 2, 3):
        fc = forecast_at(LAST + dt.timedelta(weeks=weeks_off))
        assert fc["personal"], weeks_off
        paces.append(fc["hours_per_week"])
        weeks_left.append(fc["weeks_left"]["high"])  # type: ignore[index]
    assert paces == [8.7, 6.52, 4.35, 2.17]  # 8.7 x 4/4, 3/4, 2/4, 1/4, rounded
    assert weeks_left == sorted(weeks_left) and len(set(weeks_left)) == len(weeks_left)
    three_weeks = status_at(LAST + dt.timedelta(weeks=3))
    assert "you: about" in three_weeks and " at 2.2 h/week" in three_weeks

    # A long stop: nothing in the last 4 weeks is a pace of 0, and no finish
    # date of the learner's own; never the pace of months ago (6.1 h/week).
    for weeks_off in (6, 20):
        day = LAST + dt.timedelta(weeks=weeks_off)
        fc = forecast_at(day)
        assert fc["personal"] is False
        assert "nothing logged in the last 4 weeks" in str(fc["basis"])
        line = status_at(day)
        assert f"you: {STOPPED_WORDS}" in line
        assert "you: about" not in line

    # A restart: one evening after the long stop forecasts from that pace alone.
    restart = LAST + dt.timedelta(weeks=20)
    session = Session.open()
    session.progress.add_log(restart, 3.0)
    session.save()
    fc = forecast_at(restart)
    assert fc["personal"] and fc["hours_per_week"] == 0.75
    assert fc["weeks_left"]["high"] > weeks_left[-1]  # type: ignore[index,operator]
    assert "you: about 10–26.5 years at 0.8 h/week" in status_at(restart)
