"""Auto-sync (off by default) when the tracker opens and closes, a failing sync on
the standing line, a hung remote that never holds the tracker's exit, and
doctor's sync lines."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from pathtui.services.session import Session
from pathtui.storage.store import Store
from pathtui.sync import auto as autosync
from pathtui.sync import outcome
from pathtui.tui.widgets.overview import Overview
from sync_support import (
    PATH_ID,
    Device,
    bare_remote,
    hanging_server,
    make_devices,
    needs_git,
)
from tui_support import SIZE, app_for

#: How long a background round may take here (the machine may be busy).
BACKGROUND_SECONDS = 60.0
POLL_SECONDS = 0.1
#: The tracker closes within this even while a round waits on a hung remote
#: (the bound there is 60 s: waiting for it would blow this many times over).
CLOSING_SECONDS = 5.0


def wait_for_a_round(device: Device, after: float) -> outcome.Outcome:
    """The record of a round that ended after ``after`` (a ``time.time()``)."""
    deadline = time.monotonic() + BACKGROUND_SECONDS
    while time.monotonic() < deadline:
        last = outcome.last(device.data)
        if last is not None and last.at.timestamp() >= after:
            return last
        time.sleep(POLL_SECONDS)
    raise AssertionError("the background round never ended")


def test_auto_sync_is_off_until_turned_on(tmp_path: Path, monkeypatch) -> None:
    (a,) = make_devices(tmp_path, "a")
    a.ok("done", "basics-language")
    assert a.read().settings.auto_sync is False
    assert "auto-sync       off" in a.ok("config")
    done = a.cli("config", "auto-sync", "on")
    assert done.returncode == 0
    assert done.stdout.strip() == "Auto-sync on."
    assert "pathtui sync init REMOTE" in done.stderr, "says sync is not set up yet"
    assert a.read().settings.auto_sync is True
    assert "auto-sync       on" in a.ok("config")
    a.use(monkeypatch)
    session = Session.open(None, store=Store(PATH_ID, a.file))
    assert autosync.enabled(session) is True
    assert autosync.wanted(session) is False, "on, but nothing to sync with"
    assert autosync.after_close(session) is None
    a.ok("config", "auto-sync", "off")
    assert a.read().settings.auto_sync is False
    bad = a.cli("config", "auto-sync", "sometimes")
    assert bad.returncode != 0
    assert bad.stderr.strip() == "pathtui: auto-sync takes on or off, not 'sometimes'."


@pytest.mark.slow
@needs_git
async def test_the_tracker_syncs_when_it_opens_and_closes(tmp_path: Path, monkeypatch) -> None:
    a, b = make_devices(tmp_path, "a", "b")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("done", "basics-loops")
    b.ok("sync")
    a.ok("config", "auto-sync", "on")
    a.use(monkeypatch)
    session = Session.open(None, store=Store(PATH_ID, a.file))
    assert session.progress.state("basics-loops") == "todo"

    # The sync's notification needs notifications=True: a direct run_test.
    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith(f"Synced with {remote}") for m in messages), messages
        assert app.session.progress.state("basics-loops") == "done"
        await pilot.press("space")  # a tick made in the tracker
        await pilot.pause()
    ticked = a.read().states()
    assert len(ticked) == 3, "the tick in the tracker was saved"
    started = time.time()
    line = autosync.after_close(session)
    assert line == "Syncing in the background; `pathtui doctor` tells how it went."
    last = wait_for_a_round(a, started)
    assert last.ok and "sent 1 change" in last.message
    b.ok("sync")
    assert b.read().states() == ticked


@needs_git
async def test_an_auto_sync_that_fails_is_a_notification_not_a_crash(
    tmp_path: Path, monkeypatch
) -> None:
    (a,) = make_devices(tmp_path, "a")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    a.ok("config", "auto-sync", "on")
    a.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    a.use(monkeypatch)
    session = Session.open(None, store=Store(PATH_ID, a.file))

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Sync: The remote") for m in messages), messages
        standing = app.main.query_one(Overview).standing
        assert standing.startswith("Sync failing since "), standing
        assert "(pathtui doctor) · " in standing


@needs_git
def test_doctor_reports_the_sync_state(tmp_path: Path) -> None:
    (a,) = make_devices(tmp_path, "a")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    assert "Sync through git is not set up" in a.ok("doctor")
    a.ok("sync", "init", str(remote))
    out = a.ok("doctor")
    assert f"Sync with {remote}; last synced: " in out
    assert "nothing waits to be sent" in out
    a.ok("done", "basics-loops")
    out = a.ok("doctor")
    assert "not sent yet: 1 changed file (run `pathtui sync`)" in out
    a.ok("sync")
    assert "nothing waits to be sent" in a.ok("doctor")


@needs_git
async def test_a_remote_that_hangs_never_holds_the_tracker_s_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The round on open waits on a remote that never answers; closing the tracker
    stops it at once (not after the 60 s the bound allows here)."""
    (a,) = make_devices(tmp_path, "a")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    a.ok("config", "auto-sync", "on")
    a.use(monkeypatch)
    monkeypatch.setenv("PATHTUI_SYNC_TIMEOUT", "60")
    with hanging_server() as hung:
        a.git("remote", "set-url", "origin", f"git://127.0.0.1:{hung.port}/remote.git")
        session = Session.open(None, store=Store(PATH_ID, a.file))
        app = app_for(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            deadline = time.monotonic() + BACKGROUND_SECONDS
            while not hung.connections:
                assert time.monotonic() < deadline, "the round on open never reached the remote"
                await pilot.pause(POLL_SECONDS)
            await pilot.press("space")  # a tick while the round waits
            assert _children_mentioning(str(a.data)), "the round on open's git waits"
            quit_at = time.monotonic()
            await pilot.press("q")
        await app.workers.wait_for_complete()
        closed = time.monotonic() - quit_at
        assert closed < CLOSING_SECONDS, f"closing took {closed:.1f} s"
        # The round on open ran here, and its git is gone; the closing round
        # is a `pathtui sync` of its own, bounded by PATHTUI_SYNC_TIMEOUT.
        # Stopped, then reaped: give the killed git a moment to leave /proc.
        gone_by = time.monotonic() + CLOSING_SECONDS
        while _children_mentioning(str(a.data)) and time.monotonic() < gone_by:
            time.sleep(POLL_SECONDS)
        assert _children_mentioning(str(a.data)) == [], "no git of the tracker is left waiting"
        _end_processes_mentioning(str(a.data))
    assert len(a.read().states()) == 2, "the tick is saved; nothing waits on the remote"


def _children_mentioning(text: str) -> list[str]:
    """Processes holding ``text`` whose parent is this test's process."""
    mine = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", encoding="utf-8") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                line = handle.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except (OSError, ValueError, IndexError):
            continue
        if parent == os.getpid() and text in line:
            mine.append(line)
    return mine


def _end_processes_mentioning(text: str) -> None:
    """Stop the detached closing round (it would end at its own time limit)."""
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                if text.encode() in handle.read():
                    os.kill(int(entry.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


@needs_git
async def test_the_standing_line_is_plain_again_after_a_round_that_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (a,) = make_devices(tmp_path, "a")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    a.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    assert a.cli("sync").returncode == 1
    a.git("remote", "set-url", "origin", str(remote))
    a.ok("config", "auto-sync", "on")
    a.use(monkeypatch)
    session = Session.open(None, store=Store(PATH_ID, a.file))
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.main.query_one(Overview).standing.startswith("Sync failing")
