"""`pathtui remind` in real processes: a week passing under ``faketime``, desktop
notifications through a real private D-Bus, and the warm path's imports.

faketime and dbus-daemon are installed by ``.ci/run``; these tests are never skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from dbus_support import FakeNotificationServer, PrivateBus
from nudge_support import EXPECTED, WEEK, make_week_learner
from pathtui.model.nudges import TITLES
from support import pathtui_exe
from system.test_fast_path_imports import HEAVY, SERVE_ONLY, WARM_EXTRA, imported_modules, loaded


def faketime() -> str:
    found = shutil.which("faketime")
    assert found, "faketime is required for this test (.ci/run installs it)"
    return found


def remind_at(
    when: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed ``pathtui remind`` with the clock starting at ``when`` (UTC)."""
    done = subprocess.run(
        [faketime(), when, pathtui_exe(), "remind", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC", **(env or {})},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


@pytest.mark.slow
def test_a_week_of_reminders_under_faketime(data_dir: Path) -> None:
    make_week_learner()
    for day in WEEK:
        morning = remind_at(f"{day.isoformat()} 08:00:00")
        expected = "".join(line + "\n" for line in EXPECTED[day])
        assert (morning.stdout, morning.stderr) == (expected, ""), day
        evening = remind_at(f"{day.isoformat()} 21:30:00")  # the day's cached answer
        assert evening.stdout == expected, day


@pytest.mark.slow
def test_notify_reaches_a_real_bus_once_a_day_and_prints_too(data_dir: Path) -> None:
    make_week_learner()
    friday, saturday = WEEK[4].isoformat(), WEEK[5].isoformat()
    with PrivateBus() as bus, FakeNotificationServer(bus.address) as server:
        env = {"DBUS_SESSION_BUS_ADDRESS": bus.address}
        first = remind_at(f"{friday} 19:00:00", "--notify", env=env)
        assert first.stdout.splitlines() == EXPECTED[WEEK[4]]
        assert first.stderr == ""
        assert [(c[0], c[3], c[4]) for c in server.calls] == [
            ("pathtui", TITLES["week"], EXPECTED[WEEK[4]][0]),
            ("pathtui", TITLES["reviews"], EXPECTED[WEEK[4]][1]),
        ]
        again = remind_at(f"{friday} 20:00:00", "--notify", env=env)
        assert again.stdout == first.stdout and len(server.calls) == 2
        remind_at(f"{saturday} 19:00:00", "--notify", env=env)
        assert [c[4] for c in server.calls[2:]] == EXPECTED[WEEK[5]]


@pytest.mark.slow
def test_notify_with_no_service_on_the_bus_prints_and_exits_0(data_dir: Path) -> None:
    make_week_learner()
    with PrivateBus() as bus:
        done = remind_at(
            f"{WEEK[6].isoformat()} 19:00:00",
            "--notify",
            env={"DBUS_SESSION_BUS_ADDRESS": bus.address},
        )
    assert done.stdout.splitlines() == EXPECTED[WEEK[6]]
    assert done.stderr == (
        "pathtui: no desktop notification: no notification service is running on the "
        "session bus; printed instead.\n"
    )


def test_a_warm_remind_imports_only_the_fast_path(data_dir: Path) -> None:
    make_week_learner()
    first = subprocess.run(
        [pathtui_exe(), "remind"], capture_output=True, text=True, env=dict(os.environ), timeout=60
    )
    assert first.returncode == 0, first.stderr
    names, out = imported_modules("remind")
    assert out == first.stdout
    assert (
        loaded(names, HEAVY + SERVE_ONLY + WARM_EXTRA + ("jeepney", "pathtui.model.nudges")) == []
    )
    assert "pathtui.services.reminders" in names
