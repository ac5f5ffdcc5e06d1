"""The tracker in a real terminal: tmux runs the installed `pathtui`, keys go in
through the terminal, and the screen and `pathtui status --json` are checked.

tmux must be installed (CI installs it); this test is never skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from support import pathtui_exe, run_pathtui

WIDTH, HEIGHT = 80, 24
#: Upper bound for the app to react; polling returns as soon as it has.
DEADLINE_SECONDS = 30.0
POLL_SECONDS = 0.1
SESSION = "pathtui"


class Tmux:
    """A private tmux server (its own socket), so no user session is touched."""

    def __init__(self) -> None:
        self.socket = f"pathtui-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", SESSION)

    def wait_for(self, what: str, check: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + DEADLINE_SECONDS
        screen = self.screen()
        while not check(screen):
            if time.monotonic() > deadline:
                pytest.fail(f"the terminal never showed {what}; it shows:\n{screen}")
            time.sleep(POLL_SECONDS)
            screen = self.screen()
        return screen

    def keys(self, *keys: str) -> None:
        self("send-keys", "-t", SESSION, *keys)

    def pane_dead(self) -> bool:
        return self("list-panes", "-t", SESSION, "-F", "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=30)


@pytest.mark.slow
def test_tick_two_skip_one_quit_in_a_real_terminal(data_dir: Path) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    env = {
        "PATHTUI_DATA_DIR": str(data_dir),
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    command = " ".join(["env", "-i", *(f"{k}={v}" for k, v in env.items()), pathtui_exe()])
    tmux = Tmux()
    try:
        tmux("new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT), command)
        tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
        tmux.wait_for("the welcome", lambda s: "Welcome to pathtui" in s)
        tmux.keys("Escape")
        tmux.wait_for("the main screen", lambda s: "Welcome" not in s and "0/54 done" in s)
        tmux.keys("Space")
        tmux.wait_for("one item done", lambda s: "1/54 done" in s)
        tmux.keys("j", "j", "j", "Space")  # past the two first-language options
        tmux.wait_for("two items done", lambda s: "2/54 done" in s)
        tmux.keys("j", "s")
        screen = tmux.wait_for("an item skipped", lambda s: "3/54 done" in s)
        assert screen.count("[x]") >= 2
        assert "[-]" in screen
        assert "Step 1 of 7" in screen
        # the first language is not picked yet, so picking one is next
        assert "Next up: Step 1 · Start with Python" in screen
        rows = [line for line in screen.splitlines() if "[x]" in line or "[-]" in line]
        assert any("Choose one language" in row for row in rows)
        assert any("Store values in variables" in row for row in rows)
        assert any("[-]" in row and "Compare values" in row for row in rows)
        tmux.keys("q")
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not tmux.pane_dead():
            assert time.monotonic() < deadline, "pathtui did not quit on q"
            time.sleep(POLL_SECONDS)
    finally:
        tmux.kill()

    status = run_pathtui("status", "--json")
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["items_done"] == 2
    assert data["items_skipped"] == 1
    assert data["current_step"]["number"] == 1


def _progress_json() -> dict:  # type: ignore[type-arg]
    done = run_pathtui("status", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _wait_for_file(what: str, check: Callable[[dict], bool]) -> dict:  # type: ignore[type-arg]
    """Poll `pathtui status --json` (the progress file, as a shell sees it)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    data = _progress_json()
    while not check(data):
        if time.monotonic() > deadline:
            pytest.fail(f"the progress file never showed {what}: {data['items_done']} done")
        time.sleep(POLL_SECONDS)
        data = _progress_json()
    return data


@pytest.mark.slow
@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_after_a_reset_the_keys_work_and_u_brings_everything_back(
    data_dir: Path, size: tuple[int, int]
) -> None:
    """Issue 25: R, Shift+Tab to Reset, Enter; then j, Space and u at once, as typed."""
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    for args in (
        ("done", "basics-language", "basics-lang-python"),
        ("note", "basics-language", "page 7"),
        ("log", "45m"),
        ("config", "hours-per-week", "7.5"),
    ):
        done = run_pathtui(*args)
        assert done.returncode == 0, done.stderr
    before = {
        args: run_pathtui(*args).stdout for args in (("show", "basics-language"), ("log", "--list"))
    }
    assert "page 7" in before[("show", "basics-language")]
    env = {
        "PATHTUI_DATA_DIR": str(data_dir),
        "PATHTUI_STATE_DIR": os.environ["PATHTUI_STATE_DIR"],
        "HOME": os.environ["HOME"],
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    command = " ".join(["env", "-i", *(f"{k}={v}" for k, v in env.items()), pathtui_exe()])
    width, height = size
    tmux = Tmux()
    try:
        tmux("new-session", "-d", "-s", SESSION, "-x", str(width), "-y", str(height), command)
        tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
        tmux.wait_for("the main screen", lambda s: "2/54 done" in s)
        tmux.keys("R")
        tmux.wait_for("the reset question", lambda s: "Reset progress" in s)
        tmux.keys("BTab", "Enter")
        _wait_for_file("the reset", lambda d: d["items_done"] == 0)
        tmux.keys("j", "Space")
        _wait_for_file("a tick after the reset", lambda d: d["items_done"] == 1)
        tmux.keys("u")
        _wait_for_file("the tick undone", lambda d: d["items_done"] == 0)
        tmux.keys("u")
        data = _wait_for_file("the reset undone", lambda d: d["items_done"] == 2)
        assert data["hours_per_week"] == 7.5
        for args, shown in before.items():
            assert run_pathtui(*args).stdout == shown, args
        tmux.keys("q")
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not tmux.pane_dead():
            assert time.monotonic() < deadline, "pathtui did not quit on q"
            time.sleep(POLL_SECONDS)
    finally:
        tmux.kill()
