"""Shared helpers for the portfolio and job-search tests: a local git repo made
in the test, and a small HTTP server on 127.0.0.1 with one path per case."""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

#: A README that passes: over 150 words, an Install section and a command.
GOOD_README = (
    "# Tiny notes API\n\n"
    + ("This service keeps short notes and serves them over a small JSON API. " * 14)
    + "\n\n## Install\n\n```\npip install -e .\nuvicorn notes.app:app\n```\n\n"
    "## Usage\n\nSend a POST with curl to add a note, then list them with a GET.\n"
)

#: A dripping server sends one byte this often, this many times (a minute).
DRIP_SECONDS = 0.1
DRIP_BYTES = 600

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(folder: Path, *args: str, when: str | None = None) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Learner",
        "GIT_AUTHOR_EMAIL": "learner@example.invalid",
        "GIT_COMMITTER_NAME": "Learner",
        "GIT_COMMITTER_EMAIL": "learner@example.invalid",
    }
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def make_repo(
    folder: Path,
    *,
    readme: str | None = GOOD_README,
    licence: bool = True,
    remote: str | None = "https://github.com/learner/notes.git",
    commit_date: str | None = None,
    commit: bool = True,
) -> Path:
    """A git repository with the parts the checks look for (each optional)."""
    folder.mkdir(parents=True)
    git(folder, "init", "-q")
    if readme is not None:
        (folder / "README.md").write_text(readme)
    if licence:
        (folder / "LICENSE").write_text("MIT License\n")
    (folder / "app.py").write_text("print('hi')\n")
    if remote:
        git(folder, "remote", "add", "origin", remote)
    if commit:
        git(folder, "add", "-A")
        git(folder, "commit", "-q", "-m", "first", when=commit_date)
    return folder


class _Handler(http.server.BaseHTTPRequestHandler):
    """One path per case the deployed-URL check must handle."""

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _answer(self, with_body: bool) -> None:
        path = self.path
        self.server.seen.append((self.command, path))  # type: ignore[attr-defined]
        if path == "/ok":
            self._send(200, b"hello", with_body)
        elif path == "/missing":
            self._send(404, b"not here", with_body)
        elif path == "/get-only":
            if self.command == "HEAD":
                self._send(405, b"", False)
            else:
                self._send(200, b"fine", with_body)
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)  # type: ignore[attr-defined]
            self._send(200, b"late", with_body)
        elif path == "/drip":
            self._drip()
        elif path.startswith("/drip-redirect-"):
            left = int(path.rsplit("-", 1)[1])
            time.sleep(self.server.slow_seconds / 3)  # type: ignore[attr-defined]
            self._redirect("/ok" if left == 0 else f"/drip-redirect-{left - 1}")
        elif path == "/to-http":
            self._redirect("/ok")
        elif path == "/to-ftp":
            self._redirect("ftp://127.0.0.1/file")
        elif path == "/to-javascript":
            self._redirect("javascript:alert(1)")
        elif path == "/loop":
            self._redirect("/loop")
        elif path.startswith("/to-port/"):  # /to-port/N: to 127.0.0.1:N
            self._redirect(f"http://127.0.0.1:{path.removeprefix('/to-port/')}/app")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.end_headers()
            if with_body:
                chunk = b"x" * 65536
                with contextlib.suppress(OSError):
                    for _ in range(100_000):  # 6.5 GB: a check that reads it never ends
                        self.wfile.write(chunk)
        else:
            self._send(500, b"?", with_body)

    def _send(self, status: int, body: bytes, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _drip(self) -> None:
        """A status line, then a header one byte at a time, a little faster than any
        per-read timeout, for far longer than a check may take."""
        with contextlib.suppress(OSError):
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self.wfile.flush()
            for _ in range(DRIP_BYTES):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(DRIP_SECONDS)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@contextlib.contextmanager
def local_server(slow_seconds: float = 2.0) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """An HTTP server on 127.0.0.1; yields its base URL and the requests it saw."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.seen = []  # type: ignore[attr-defined]
    server.slow_seconds = slow_seconds  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.seen  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FakeTable:
    """Records in memory, with tombstones: stands in for a progress collection
    in tests of the rules (the real one is tested through the CLI and store)."""

    def __init__(self) -> None:
        self.records: dict[str, dict[str, object]] = {}
        self.deleted: set[str] = set()
        self.writes = 0

    def live(self) -> dict[str, dict[str, object]]:
        return {k: dict(v) for k, v in self.records.items() if k not in self.deleted}

    def add(self, fields: Mapping[str, object]) -> str:
        key = f"aaaa{len(self.records) + 1:04d}"
        self.records[key] = dict(fields)
        self.writes += 1
        return key

    def update(self, record_id: str, changes: Mapping[str, object]) -> bool:
        self.records[record_id].update(changes)
        self.writes += 1
        return True

    def remove(self, record_id: str) -> bool:
        self.deleted.add(record_id)
        self.writes += 1
        return True
