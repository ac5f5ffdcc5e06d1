"""Fixtures. Test isolation first: no test may touch the real user's data or
config. Every test gets its own data folder through PATHTUI_DATA_DIR, and
HOME / XDG variables point into tmp too, so subprocesses are isolated as
well. Then the tracker under Pilot and the in-process CLI. Plain helpers
live in ``support.py``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import settings

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from pathtui.services.session import Session
    from pathtui.tui.app import PathtuiApp
    from tui_support import FakeBrowser

from support import TINY_PATH, run_pathtui

# No timed assertions in the suite: Hypothesis's per-example deadline would be
# one, and with two workers per core a loaded machine trips it at random.
settings.register_profile("pathtui", deadline=None)
settings.load_profile("pathtui")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (the default, see ``pyproject.toml``): two workers per core.

    Most of a Pilot test's time is Textual waiting for the app to go idle
    (sleeps of 20 ms), which another worker can use. On 2 cores,
    ``pytest -m "not slow"`` took 82 s with 2 workers, 68 s with 3, 61 s with
    4, 69 s with 6 and 77 s with 8.
    """
    affinity = getattr(os, "sched_getaffinity", None)  # Linux; elsewhere, every core
    cores = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    return WORKERS_PER_CORE * cores


#: See ``pytest_xdist_auto_num_workers``.
WORKERS_PER_CORE = 2


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path) -> Iterator[Path]:
    """Point every location pathtui could use at a fresh temp folder.

    With a MonkeyPatch of its own, not the test's: a test that calls
    ``monkeypatch.undo()`` to drop its own patches must not send pathtui
    to the real home folder for the rest of the test.
    """
    data = tmp_path / "data"
    home = tmp_path / "home"
    home.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATHTUI_DATA_DIR", str(data))
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
        patch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
        patch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
        patch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
        patch.setenv("PATHTUI_STATE_DIR", str(tmp_path / "state"))
        from pathtui.storage import device

        device.forget_device()  # each test is a fresh device
        patch.delenv("NO_COLOR", raising=False)
        yield data


@pytest.fixture
def data_dir(isolated_env: Path) -> Path:
    return isolated_env


@pytest.fixture
def tiny_path(tmp_path: Path) -> Path:
    """``TINY_PATH`` in a file of the test's own (tests may edit it)."""
    file = tmp_path / "tiny.toml"
    file.write_text(TINY_PATH, encoding="utf-8")
    return file


# -- the tracker under Pilot


@pytest.fixture
def tracker_session(isolated_env: Path) -> Session:
    """The learner ``pilot`` opens: a fresh one with a saved file.

    A module or a test asks for another by defining its own ``tracker_session``.
    """
    from tui_support import new_session

    return new_session()


@pytest.fixture
def tracker_size() -> tuple[int, int]:
    """The terminal ``pilot`` runs in; parametrize ``tracker_size`` for others."""
    from tui_support import SIZE

    return SIZE


@pytest.fixture
def browser() -> FakeBrowser:
    """What the tracker opened with ``o`` (it never opens a real browser)."""
    from tui_support import FakeBrowser

    return FakeBrowser()


@pytest.fixture
def tracker_notifications() -> bool:
    """Whether toasts are drawn (``run_test`` leaves them out unless asked;
    ``app._notifications`` records every message either way)."""
    return False


@pytest.fixture
def tracker_app(tracker_session: Session, browser: FakeBrowser) -> PathtuiApp:
    """The app ``pilot`` runs: the tracker on ``tracker_session`` on the tests'
    fixed day. A module whose tests need another day or path overrides it."""
    from tui_support import app_for

    return app_for(tracker_session, browser)


@pytest.fixture
async def pilot(
    tracker_app: PathtuiApp, tracker_size: tuple[int, int], tracker_notifications: bool
) -> AsyncIterator[Pilot[None]]:
    """The tracker running, past its first frame.

    ``pilot.app`` is the app; it closes after the test. A test that checks
    what the tracker writes *as it closes* (a running timer, say) runs its own
    ``run_test`` and reads the file after the ``async with``: widgets unmount
    only when that block ends, after ``pilot.exit`` has returned.
    """
    async with tracker_app.run_test(
        size=tracker_size, notifications=tracker_notifications
    ) as pilot:
        await pilot.pause()
        yield pilot


@pytest.fixture
def cli():
    return run_pathtui


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show the numbers the data-safety tests record (kills survived, writes merged)."""
    lines = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for report in terminalreporter.stats.get("passed", [])
        for key, value in report.user_properties
        if key == "safety"
    ]
    if lines:
        terminalreporter.write_sep("-", "data safety")
        for line in lines:
            terminalreporter.write_line(line)
    browser = [
        f"{report.nodeid.split('::')[-1]}: {value}"
        for report in terminalreporter.stats.get("passed", [])
        for key, value in report.user_properties
        if key == "browser"
    ]
    if browser:
        terminalreporter.write_sep("-", "pathtui serve in a browser")
        for line in browser:
            terminalreporter.write_line(line)
