"""Shared helpers for the `pathtui serve` tests: start the real server as a user
would, read the address it prints, and stop it with Ctrl+C (SIGINT)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from support import pathtui_exe, run_pathtui

#: Seconds the server may take to print its address (a cold start on a busy 2-core CI).
START_TIMEOUT = 60.0
#: Seconds it may take to stop after Ctrl+C, open tabs included.
STOP_TIMEOUT = 30.0
URL_RE = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+")


@dataclass
class Served:
    """A running `pathtui serve`, its address, and how long it took to listen."""

    process: subprocess.Popen[str]
    url: str
    started_in: float
    output: list[str]
    reader: threading.Thread

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["token"][0]

    @property
    def origin(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def port(self) -> int:
        port = urlsplit(self.url).port
        assert port is not None
        return port

    def interrupt(self, group: bool = False) -> None:
        """SIGINT to the server, or to its whole process group as a terminal's Ctrl+C does
        (the group holds each tab's tracker too)."""
        if self.process.poll() is None:
            if group:
                os.killpg(self.process.pid, signal.SIGINT)
            else:
                self.process.send_signal(signal.SIGINT)

    def stop(self) -> tuple[int, str]:
        """Ctrl+C, as a learner would: the exit code and everything it printed."""
        self.interrupt()
        code = self.process.wait(timeout=STOP_TIMEOUT)
        self.reader.join(timeout=STOP_TIMEOUT)
        return code, "".join(self.output)


def start_serve(*args: str, cwd: Path | None = None) -> Served:
    """Run ``pathtui [args] serve --port 0`` and wait until it prints its address."""
    started = time.monotonic()
    process = subprocess.Popen(
        [pathtui_exe(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
        cwd=cwd,
        start_new_session=True,  # its own process group, like a command in a terminal
    )
    output: list[str] = []
    found = threading.Event()
    url: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            match = URL_RE.search(line)
            if match and not found.is_set():
                url.append(match.group(0))
                found.set()
        found.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not found.wait(START_TIMEOUT) or not url:
        process.kill()
        process.wait()
        raise AssertionError(f"pathtui serve printed no address: {''.join(output)!r}")
    return Served(process, url[0], time.monotonic() - started, output, reader)


def status_json() -> dict:
    result = run_pathtui("status", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def start_progress(*path_args: str) -> None:
    """Create the progress file, so the tracker opens on the checklist, not the welcome."""
    result = run_pathtui(*path_args, "config", "start-date", "2026-01-05")
    assert result.returncode == 0, result.stderr
