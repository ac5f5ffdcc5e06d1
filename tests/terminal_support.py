"""The installed ``pathtui`` in a real terminal: a private tmux server, one
pane at 80x24, driven through a tmux control-mode client.

A control client takes tmux commands on its stdin and answers each at once,
with no process to start per command: keys go in with the timing a test
asks for (a whole burst in one write to the terminal, or a few milliseconds
between keys), and the screen is read in well under a millisecond.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from support import pathtui_exe

WIDTH, HEIGHT = 80, 24
#: Upper bound for the tracker to react; polling returns as soon as it has.
DEADLINE_SECONDS = 30.0
POLL_SECONDS = 0.005
PANE = "typeahead"
#: What the test has the control client print once it is attached.
SYNC = "pathtui-typeahead-attached"

#: tmux's names for the named keys of ``typeahead_support`` (and a space).
TMUX_KEYS = {
    "<enter>": "Enter",
    "<tab>": "Tab",
    "<escape>": "Escape",
    "<ctrl+p>": "C-p",
    "<ctrl+c>": "C-c",
    " ": "Space",
}


class TmuxError(RuntimeError):
    """tmux refused a command."""


class Terminal:
    """``with Terminal(data_dir, ["--path", FILE]) as term:`` runs the tracker;
    ``start_after`` seconds after the terminal opens, if asked (keys typed
    meanwhile wait in the terminal, not yet set up by the tracker)."""

    def __init__(
        self, data_dir: Path, args: Sequence[str] = (), *, start_after: float = 0.0
    ) -> None:
        assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
        self.socket = f"pathtui-typeahead-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env = {
            "PATHTUI_DATA_DIR": str(data_dir),
            "HOME": os.environ["HOME"],
            "XDG_STATE_HOME": os.environ.get("XDG_STATE_HOME", ""),
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""),
            "PATHTUI_STATE_DIR": os.environ.get("PATHTUI_STATE_DIR", ""),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
        }
        words = ["env", "-i", *(f"{k}={v}" for k, v in env.items() if v), pathtui_exe(), *args]
        self.command = " ".join(words)
        if start_after:
            self.command = f"sleep {start_after}; exec {self.command}"
        self._client: subprocess.Popen[str] | None = None
        self._socket_file: Path | None = None

    def __enter__(self) -> Terminal:
        self._tmux(
            "new-session", "-d", "-s", PANE, "-x", str(WIDTH), "-y", str(HEIGHT), self.command
        )
        self._tmux("set-option", "-t", PANE, "remain-on-exit", "on")
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", os.devnull, "-C", "attach-session",
             "-f", "no-output,ignore-size", "-t", PANE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )  # fmt: skip
        # Attaching answers with a block of its own: skip blocks up to the
        # answer to a marker, so that each command then reads its own answer.
        self._write(f"display-message -p {SYNC}")
        while SYNC not in self._read_block():
            pass
        # The attach block may also come after that answer: read up to a
        # second marker, after which every block is a command's own answer.
        aligned = f"{SYNC}-{uuid.uuid4().hex[:8]}"
        self._write(f"display-message -p {aligned}")
        while aligned not in self._read_block():
            pass
        # tmux leaves its socket file behind when the server is killed.
        # Asked in a process of its own: an answer the control client reads
        # could be another command's under load.
        found = self._tmux("display-message", "-p", "#{socket_path}").strip()
        self._socket_file = Path(found) if os.path.isabs(found) else None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None and self._client.stdin is not None:
            self._client.stdin.close()
            self._client.wait(timeout=DEADLINE_SECONDS)
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            capture_output=True,
            timeout=DEADLINE_SECONDS,
        )
        if self._socket_file is not None:
            self._socket_file.unlink(missing_ok=True)

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=DEADLINE_SECONDS,
        )
        if done.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def command_output(self, line: str) -> str:
        """Run one tmux command through the control client; its output."""
        self._write(line)
        return self._read_block(line)

    def _write(self, line: str) -> None:
        client = self._client
        assert client is not None and client.stdin is not None
        client.stdin.write(line + "\n")
        client.stdin.flush()

    def _read_block(self, line: str = "") -> str:
        """The next answer block of the control client (``%begin`` … ``%end``)."""
        client = self._client
        assert client is not None and client.stdout is not None
        lines: list[str] = []
        inside = False
        for out in client.stdout:
            if out.startswith("%begin"):
                inside, lines = True, []
            elif inside and out.startswith(("%end", "%error")):
                if out.startswith("%error"):
                    raise TmuxError(f"{line}: {''.join(lines)}")
                return "".join(lines)
            elif inside:
                lines.append(out)
        raise TmuxError("the tmux control client went away")

    def screen(self) -> str:
        return self.command_output(f"capture-pane -p -t {PANE}")

    def wait_for(self, what: str, check: Callable[[str], bool]) -> str:
        deadline = time.monotonic() + DEADLINE_SECONDS
        screen = self.screen()
        while not check(screen):
            if time.monotonic() > deadline:
                pytest.fail(f"the terminal never showed {what}; it shows:\n{screen}")
            time.sleep(POLL_SECONDS)
            screen = self.screen()
        return screen

    def type(self, tokens: Sequence[str], gaps: random.Random | None = None) -> None:
        """Type tokens (``typeahead_support``): all in one write to the
        terminal, or with ``gaps``, one at a time, 0–5 ms apart."""
        names = [_quoted(TMUX_KEYS.get(token, token)) for token in tokens]
        if gaps is None:
            self.command_output(f"send-keys -t {PANE} {' '.join(names)}")
            return
        for name in names:
            self.command_output(f"send-keys -t {PANE} {name}")
            time.sleep(gaps.uniform(0, MAX_GAP_SECONDS))

    def pane_dead(self) -> bool:
        return self.command_output(f"display-message -p -t {PANE} '#{{pane_dead}}'").strip() == "1"


#: The most time between two keys of a burst typed with gaps.
MAX_GAP_SECONDS = 0.005


def _quoted(key: str) -> str:
    """A key as one word of a tmux command line."""
    assert "'" not in key
    return f"'{key}'"
