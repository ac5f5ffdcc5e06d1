"""The tracker as a process: no terminal, closing signals, a crash's exit code.

tmux runs the installed `pathtui` in a real terminal (CI installs tmux; these
tests are never skipped), so the exit status and whether the terminal was
given back (the alternate screen left) are read from tmux itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from pathtui.tui.timer import StudyTimer
from support import pathtui_exe
from system.test_tmux import SESSION, Tmux
from tui_support import app_for, new_session, on_disk

WIDTH, HEIGHT = 80, 24
DEADLINE_SECONDS = 60.0
POLL_SECONDS = 0.1
#: Shells report a process ended by signal N as 128 + N.
SIGNAL_EXIT_BASE = 128
#: How long the bare tracker gets to refuse before it counts as hanging.
REFUSE_SECONDS = 20


# ---------------------------------------------------------------- point 6: no terminal


@pytest.mark.parametrize("args", [[], ["--path", "PATH"]], ids=["bare", "--path"])
def test_without_a_terminal_the_tracker_refuses_at_once(args: list[str], tmp_path: Path) -> None:
    from pathtui.storage.pathfile import embedded_path_text

    own = tmp_path / "own.toml"
    own.write_text(embedded_path_text()[0], encoding="utf-8")
    argv = [str(own) if a == "PATH" else a for a in args]
    started = time.monotonic()
    result = subprocess.run(
        [pathtui_exe(), *argv],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=REFUSE_SECONDS,
    )
    assert time.monotonic() - started < REFUSE_SECONDS
    assert result.returncode == 1
    assert result.stderr.startswith("pathtui: The tracker needs a terminal")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- point 7: signals


async def test_a_closing_signal_logs_the_running_timer_like_q(tmp_path: Path) -> None:
    session = new_session()
    ticks = [1000.0]

    # Its own run_test: the app must end by the signal alone, with the signal's exit code.
    app = app_for(session)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        app.main._timer = StudyTimer(lambda: ticks[0])
        await pilot.press("T")
        await pilot.pause()
        ticks[0] += 3600 * 1.5
        app.close_on_signal(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == SIGNAL_EXIT_BASE + signal.SIGTERM
    [entry] = on_disk(session).live_log()
    assert entry.hours == 1.5


#: Runs the command in the pane as its parent and records what became of it:
#: the exit code, or minus the signal that killed it (tmux's own pane status
#: is sometimes not filled in when a pane dies).
RUNNER = """
import subprocess, sys
out = sys.argv[1]
child = subprocess.Popen(sys.argv[2:])
open(out + ".pid", "w").write(str(child.pid))
code = child.wait()
open(out + ".tmp", "w").write(str(code))
import os
os.replace(out + ".tmp", out)
"""


class Pane:
    """One command in a tmux pane, with its pid and how it ended."""

    def __init__(self, tmux: Tmux, folder: Path, command: list[str]) -> None:
        self.tmux = tmux
        self.status = folder / "ended"
        runner = folder / "runner.py"
        runner.write_text(RUNNER, encoding="utf-8")
        env = {
            "PATHTUI_DATA_DIR": os.environ["PATHTUI_DATA_DIR"],
            "HOME": os.environ["HOME"],
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
        }
        line = " ".join(
            [
                "exec",
                "env",
                "-i",
                *(f"{k}={v}" for k, v in env.items()),
                sys.executable,
                str(runner),
                str(self.status),
                *command,
            ]
        )
        tmux("new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT), line)
        tmux("set-option", "-t", SESSION, "remain-on-exit", "on")

    def pid(self) -> int:
        return int(Path(str(self.status) + ".pid").read_text())

    def ended(self) -> int:
        """Wait for the command to end: its exit code, or minus the killing signal."""
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not self.status.exists():
            assert time.monotonic() < deadline, f"it did not end; the screen:\n{self.tmux.screen()}"
            time.sleep(POLL_SECONDS)
        return int(self.status.read_text())


@pytest.mark.slow
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_closing_signal_ends_the_tracker_cleanly_in_a_real_terminal(
    data_dir: Path, number: int
) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    session = new_session()
    session.progress.set_state("basics-language", "done")
    session.save()
    tmux = Tmux()
    try:
        pane = Pane(tmux, data_dir.parent, [pathtui_exe()])
        tmux.wait_for("the main screen", lambda s: "1/54 done" in s)
        tmux.keys("T")
        tmux.wait_for("the timer bar", lambda s: "T stops and logs it" in s)
        os.kill(pane.pid(), number)
        assert pane.ended() == SIGNAL_EXIT_BASE + number, "handled, not killed"
        alternate = tmux("display-message", "-p", "-t", SESSION, "#{alternate_on}").strip()
        assert alternate == "0", "the terminal was given back"
        assert "Traceback" not in tmux.screen()
    finally:
        tmux.kill()
    saved = read_progress(data_dir / "backend.toml", "backend")
    assert saved is not None and saved.state("basics-language") == "done"


# ---------------------------------------------------- point 8: never exit 0 after a crash

CRASH_PROBE = """
import sys
from pathtui.tui.screens import main as screen

def crash(self):
    raise OverflowError("date value out of range")

screen.MainScreen.action_history = crash
from pathtui.cli.script import main
sys.exit(main([]))
"""


@pytest.mark.slow
def test_a_crash_in_the_tracker_never_exits_0(data_dir: Path) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    new_session()
    probe = data_dir / "probe.py"
    probe.write_text(CRASH_PROBE, encoding="utf-8")
    tmux = Tmux()
    try:
        pane = Pane(tmux, data_dir.parent, [sys.executable, str(probe)])
        tmux.wait_for("the main screen", lambda s: "0/54 done" in s)
        tmux.keys("h")
        assert pane.ended() == 1
    finally:
        tmux.kill()
