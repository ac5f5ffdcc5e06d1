"""A remote that hangs never holds the terminal: in tmux, with auto-sync on and a
remote that accepts connections and never answers, `q` gives the shell back at
once and says the closing sync runs in the background.

tmux must be installed (CI installs it); this test is never skipped.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from test_tmux import DEADLINE_SECONDS, HEIGHT, POLL_SECONDS, SESSION, WIDTH, Tmux

from support import pathtui_exe
from sync_support import bare_remote, hanging_server, make_devices, needs_git

pytestmark = [needs_git, pytest.mark.slow]

#: The terminal is back within this after `q` (the bound on the remote is 60 s
#: here; before, the tracker waited 120 s for the round on open and as long again
#: for the closing one).
BACK_SECONDS = 5.0


def test_q_gives_the_terminal_back_at_once_while_the_remote_hangs(tmp_path: Path) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    (a,) = make_devices(tmp_path, "a")
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(bare_remote(tmp_path)))
    a.ok("config", "auto-sync", "on")
    with hanging_server() as hung:
        a.git("remote", "set-url", "origin", f"git://127.0.0.1:{hung.port}/remote.git")
        env = {
            **a.env(),
            "HOME": os.environ["HOME"],
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
            "PATHTUI_SYNC_TIMEOUT": "60",
        }
        command = " ".join(["env", "-i", *(f"{k}={v}" for k, v in env.items()), pathtui_exe()])
        tmux = Tmux()
        try:
            tmux("new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT), command)
            tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
            tmux.wait_for("the main screen", lambda s: "1/54 done" in s)
            deadline = time.monotonic() + DEADLINE_SECONDS
            while not hung.connections:
                assert time.monotonic() < deadline, "the round on open never reached the remote"
                time.sleep(POLL_SECONDS)
            tmux.keys("Space")
            tmux.wait_for("the tick", lambda s: "2/54 done" in s)
            quit_at = time.monotonic()
            tmux.keys("q")
            while not tmux.pane_dead():
                waited = time.monotonic() - quit_at
                assert waited < BACK_SECONDS, f"the terminal was not back after {waited:.1f} s"
                time.sleep(POLL_SECONDS)
            screen = tmux("capture-pane", "-p", "-t", SESSION, "-S", "-100")  # with history
            assert "Syncing in the background; `pathtui doctor` tells how it went." in screen
        finally:
            tmux.kill()
    assert len(a.read().states()) == 2, "the tick was saved before any sync"
