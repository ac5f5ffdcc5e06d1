"""Auto-sync (off by default) when the tracker opens and closes, and doctor's sync lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from pathtui.services.session import Session
from pathtui.storage.store import Store
from pathtui.sync import auto as autosync
from sync_support import PATH_ID, bare_remote, make_devices, needs_git
from tui_support import SIZE, app_for


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
    line = autosync.after_close(session)
    assert line is not None and "sent 1 change" in line
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
    line = autosync.after_close(session)
    assert line is not None and line.startswith("Sync: The remote")


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
