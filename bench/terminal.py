"""A real terminal for the first-frame figures: a private tmux server, 80x24.

Each launch respawns the one pane with ``launch.py``, which notes the start
time on CLOCK_MONOTONIC and spawns the app. The bench polls the pane's screen
until every marker text is on it; the first frame is taken as the middle of
the capture that saw them. Captures go through one tmux control-mode client
(``tmux -C``, output notifications off), so each costs well under a
millisecond and polling does not steal CPU from the app being timed; older
tmux without control-mode flags falls back to one ``capture-pane`` process per
poll. The app is then stopped, and ``launch.py`` reports its peak memory.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 80, 24
#: Pause between two captures, so polling does not starve the app of CPU.
POLL_SECONDS = 0.002
#: Give up on a launch after this long (a broken app must not hang the bench).
LAUNCH_TIMEOUT = 30.0
#: After the first frame, let the app settle (timers, late layout) before
#: stopping it, so peak memory covers a tracker that is open and idle.
SETTLE_SECONDS = 0.5
STOP_TIMEOUT = 10.0
NS = 1e9
LAUNCHER = Path(__file__).resolve().with_name("launch.py")
SYNC = "pathtui-bench-control-ready"


class LaunchFailed(RuntimeError):
    """The app never showed its markers (or died): no figure from this run."""


@dataclass
class Launch:
    first_frame_ms: float
    maxrss_bytes: int
    screen: str
    #: CPU time the app had used when its first frame was seen (all threads);
    #: much steadier than wall time on a busy machine. None off Linux.
    cpu_ms: float | None = None


def cpu_ms(pid: int) -> float | None:
    """On-CPU time of every thread of ``pid`` so far, from /proc (Linux only)."""
    total = 0
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="ascii") as handle:
                total += int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return total / 1e6


class Terminal:
    """``with Terminal(folder) as term: term.launch(argv, env, markers)``."""

    def __init__(self, folder: Path) -> None:
        if shutil.which("tmux") is None:
            raise SystemExit("tmux is needed for the tracker figures (apt-get install tmux)")
        self.folder = folder
        self.socket = f"pathtui-bench-{os.getpid()}"
        self.runs = 0
        self._control: subprocess.Popen[str] | None = None

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=LAUNCH_TIMEOUT,
        )
        if done.returncode != 0:
            raise LaunchFailed(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def __enter__(self) -> Terminal:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix="runs-", dir=self.folder))
        self.tmux(
            "new-session", "-d", "-s", "bench", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 86400"
        )
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        size = self.tmux("display-message", "-p", "-t", "bench", "#{pane_width}x#{pane_height}")
        if size.strip() != f"{WIDTH}x{HEIGHT}":
            raise LaunchFailed(f"tmux pane is {size.strip()}, not {WIDTH}x{HEIGHT}")
        self._control = self._attach()
        return self

    def _attach(self) -> subprocess.Popen[str] | None:
        """A control-mode client for cheap captures, or None (tmux older than 3.2)."""
        flags = "no-output,ignore-size,read-only"
        control = subprocess.Popen(
            ["tmux", "-L", self.socket, "-f", os.devnull, "-C", "attach-session", "-f", flags,
             "-t", "bench"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )  # fmt: skip
        assert control.stdin is not None and control.stdout is not None
        control.stdin.write(f"display-message -p {SYNC}\n")
        control.stdin.flush()
        for line in control.stdout:
            if SYNC in line:
                control.stdout.readline()  # the %end of that block
                return control
        control.wait()
        return None

    def __exit__(self, *exc: object) -> None:
        if self._control is not None and self._control.stdin is not None:
            self._control.stdin.close()
            self._control.wait(timeout=LAUNCH_TIMEOUT)
        try:
            self.tmux("kill-server")
        except (LaunchFailed, subprocess.TimeoutExpired):
            pass

    def capture(self) -> str:
        """The pane's screen as text."""
        control = self._control
        if control is None or control.stdin is None or control.stdout is None:
            return self.tmux("capture-pane", "-p", "-t", "bench")
        control.stdin.write("capture-pane -p -t bench\n")
        control.stdin.flush()
        lines: list[str] = []
        inside = False
        for line in control.stdout:
            if line.startswith("%begin"):
                inside, lines = True, []
            elif inside and line.startswith(("%end", "%error")):
                if line.startswith("%error"):
                    raise LaunchFailed("tmux capture-pane: " + "".join(lines))
                return "".join(lines)
            elif inside:
                lines.append(line)
        raise LaunchFailed("the tmux control client went away")

    def launch(self, argv: list[str], env: dict[str, str], markers: list[str]) -> Launch:
        """Start ``argv`` in the pane; time to the first frame showing every marker."""
        self.runs += 1
        out = self.folder / f"run-{self.runs}.json"
        spec = self.folder / f"run-{self.runs}.spec.json"
        spec.write_text(json.dumps({"argv": argv, "env": env, "out": str(out)}), "utf-8")
        command = f"{sys.executable} {LAUNCHER} {spec}"
        self.tmux("respawn-pane", "-k", "-t", "bench", command)
        deadline = time.monotonic() + LAUNCH_TIMEOUT
        start_file = Path(str(out) + ".start")
        while True:
            launched = start_file.exists()  # before the capture: no stale screen counts
            before = time.monotonic_ns()
            screen = self.capture()
            after = time.monotonic_ns()
            if launched and all(marker in screen for marker in markers):
                break
            if out.exists() or time.monotonic() > deadline:
                raise LaunchFailed(
                    f"{' '.join(argv)} never showed {markers!r}; the screen was:\n{screen}"
                )
            time.sleep(POLL_SECONDS)
        seen = (before + after) // 2
        started = self._read(start_file)
        cpu = cpu_ms(started["pid"])
        time.sleep(SETTLE_SECONDS)
        self._stop(started["pid"], out)
        result = self._read(out)
        frame_ms = (seen - started["start_ns"]) / NS * 1000
        if frame_ms <= 0:
            raise LaunchFailed(f"a first frame {frame_ms:.1f} ms after launch cannot be right")
        return Launch(frame_ms, result["maxrss_bytes"], screen, cpu)

    def _read(self, file: Path) -> dict[str, int]:
        deadline = time.monotonic() + STOP_TIMEOUT
        while not file.exists():
            if time.monotonic() > deadline:
                raise LaunchFailed(f"the launcher never wrote {file}")
            time.sleep(POLL_SECONDS)
        return json.loads(file.read_text("utf-8"))

    def _stop(self, pid: int, out: Path) -> None:
        """Stop the app we started (by its pid) and wait for the launcher's report."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                return
            deadline = time.monotonic() + STOP_TIMEOUT / 2
            while not out.exists() and time.monotonic() < deadline:
                time.sleep(POLL_SECONDS)
            if out.exists():
                return
