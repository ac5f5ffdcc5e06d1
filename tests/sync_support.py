"""Devices for the sync tests: each one a data folder and a state folder of its own.

Everything runs real git against local bare repositories; nothing leaves the
machine.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from support import run_pathtui

PATH_ID = "backend"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@dataclass
class Device:
    """One device: ``PATHTUI_DATA_DIR`` and ``PATHTUI_STATE_DIR`` of its own."""

    name: str
    data: Path
    state: Path

    @property
    def file(self) -> Path:
        return self.data / f"{PATH_ID}.toml"

    def env(self) -> dict[str, str]:
        return {
            "PATHTUI_DATA_DIR": str(self.data),
            "PATHTUI_STATE_DIR": str(self.state),
            "XDG_STATE_HOME": str(self.state),
        }

    def use(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Point this process at the device (for Session API calls), device id included."""
        from pathtui.storage import device

        for key, value in self.env().items():
            monkeypatch.setenv(key, value)
        device.forget_device()

    def cli(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """``pathtui ARGS`` on this device (``run_pathtui`` runs it in this process,
        so the device id read from the state folder is forgotten around the call)."""
        from pathtui.storage import device

        device.forget_device()
        try:
            return run_pathtui(*args, env={**self.env(), **(env or {})})
        finally:
            device.forget_device()

    def ok(self, *args: str) -> str:
        done = self.cli(*args)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    def read(self):  # -> Progress
        progress = read_progress(self.file, PATH_ID)
        assert progress is not None
        return progress

    def git(self, *args: str) -> str:
        return git(self.data, *args)


def git(folder: Path, *args: str, check: bool = True) -> str:
    """Plain git as a person would run it (with an identity, since HOME is empty)."""
    env = dict(os.environ)
    env.update(
        {
            "GIT_AUTHOR_NAME": "Test",
            "GIT_AUTHOR_EMAIL": "test@example.invalid",
            "GIT_COMMITTER_NAME": "Test",
            "GIT_COMMITTER_EMAIL": "test@example.invalid",
            "GIT_TERMINAL_PROMPT": "0",
        }
    )
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, timeout=60
    )
    if check:
        assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def bare_remote(tmp_path: Path, name: str = "remote.git") -> Path:
    remote = tmp_path / name
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    return remote


def make_devices(tmp_path: Path, *names: str) -> list[Device]:
    return [Device(n, tmp_path / n / "data", tmp_path / n / "state") for n in names]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by relative path (to prove nothing changed)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@dataclass
class Hung:
    """A remote that hangs: its port, and the connections it has taken so far."""

    port: int
    connections: list[socket.socket]


@contextlib.contextmanager
def hanging_server() -> Iterator[Hung]:
    """A TCP server on 127.0.0.1 that accepts every connection and never answers
    (a remote that hangs). Closing it ends every connection."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)  # the accepting thread looks for the end this often
    hung = Hung(listener.getsockname()[1], [])
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            hung.connections.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield hung
    finally:
        done.set()
        thread.join(timeout=5)
        listener.close()
        for conn in hung.connections:
            conn.close()


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that hold ``text`` (git and its helpers
    name the remote's address in theirs)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                line = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in line:
            found.append(line)
    return found
