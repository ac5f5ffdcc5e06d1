"""Saving from the tracker: failures keep the change, undo is saved like any
change, and changes made outside the app (or a broken file) are noticed."""

from __future__ import annotations

import errno
import time
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.storage import store as store_module
from pathtui.tui.app import REFRESH_SECONDS
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.welcome import PaceAnswer
from pathtui.tui.widgets.checklist import Checklist
from tui_support import (
    SIZE,
    app_for,
    mid_path_session,
    new_session,
    on_disk,
    screen_text,
    with_toasts,
)

#: Generous upper bound for the refresh timer to fire (not a timing assertion).
DEADLINE_SECONDS = 10 * REFRESH_SECONDS
#: A key held up this long waited for another window's lock (the store waits 10 s).
FROZEN_SECONDS = 5.0


def overview_count(app) -> str:
    """The overview's count line ('1/54 done · 1.9%'); the overview draws it itself."""
    from pathtui.tui.widgets.overview import Overview

    return app.screen_stack[0].query_one(Overview).count


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def full_disk(*_args, **_kwargs) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_failed_save_is_reported_kept_in_memory_and_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = new_session()
    before = session.store.file.read_bytes()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store_module, "atomic_write", full_disk)
        await pilot.press("space")
        await pilot.pause()
        assert any("the disk is full" in m for m in messages(app))
        # kept in memory and on screen ...
        assert session.progress.state("basics-language") == "done"
        assert "1/54 done" in screen_text(app)
        assert app.tracker.unsaved
        # ... and the file is exactly as it was
        assert session.store.file.read_bytes() == before
        monkeypatch.undo()
        await pilot.press("j", "j", "j", "space")
        assert not app.tracker.unsaved
    saved = on_disk(session)
    assert saved.state("basics-language") == "done"
    assert saved.state("basics-variables") == "done"


async def test_quit_with_an_unsaved_change_warns_once(monkeypatch: pytest.MonkeyPatch) -> None:
    session = new_session()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store_module, "atomic_write", full_disk)
        await pilot.press("space", "q")
        await pilot.pause()
        assert app.is_running
        assert any("Press q again" in m for m in messages(app))
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert on_disk(session).state("basics-language") == "todo"


async def test_quit_saves_a_pending_change_when_the_disk_is_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = new_session()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store_module, "atomic_write", full_disk)
        await pilot.press("space")
        monkeypatch.undo()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert on_disk(session).state("basics-language") == "done"


@pytest.mark.slow
@with_toasts
async def test_undo_takes_back_at_least_twenty_changes_and_saves_each(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    session = tracker_session
    app = pilot.app
    await pilot.press("2")
    items = [i.id for i in session.path.steps[1].items]
    for _ in items:  # 11 changes: every item of step 2 done
        await pilot.press("d", "j")
    await pilot.press("home")
    for _ in items[:10]:  # 10 more: the first ten back to learning
        await pilot.press("l", "j")
    saved = on_disk(session)
    assert [saved.state(i) for i in items] == ["learning"] * 10 + ["done"]
    for _ in range(20):
        await pilot.press("u")
    saved = on_disk(session)
    assert saved.state(items[0]) == "done"
    assert all(saved.state(i) == "todo" for i in items[1:])
    assert overview_count(app).startswith("1/54 done")
    await pilot.press("u")
    assert on_disk(session).state(items[0]) == "todo"
    await pilot.press("u")
    await pilot.pause()
    assert any("Nothing to undo" in m for m in messages(app))
    assert overview_count(app).startswith("0/54 done")


async def test_undo_restores_a_note_and_a_setting(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("n", *"page 7", "enter")
    await pilot.pause()
    assert on_disk(tracker_session).note("basics-language") == "page 7"
    start = tracker_session.progress.settings.start_date
    app.main.apply_pace(PaceAnswer(hours_per_week=5.0, start_date=start))
    assert on_disk(tracker_session).settings.hours_per_week == 5
    assert "at 5 h/week" in screen_text(app)
    await pilot.press("u")
    assert on_disk(tracker_session).settings.hours_per_week == 10
    assert "at 10 h/week" in screen_text(app)
    await pilot.press("u")
    assert on_disk(tracker_session).note("basics-language") == ""


async def test_changes_from_a_shell_show_up_when_the_app_gets_focus(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    other = Session.open()  # like `pathtui done basics-language basics-lists`
    other.progress.set_state("basics-language", "done")
    other.progress.set_state("basics-lists", "skipped")
    other.save()
    app.post_message(events.AppFocus())
    await pilot.pause()
    assert "2/54 done" in screen_text(app)
    row = str(app.query_one(Checklist).get_option("basics-lists").prompt)
    assert row.startswith("[-]")
    # our next change merges with theirs instead of overwriting it
    await pilot.press("j", "j", "j", "l")
    await pilot.exit(None)
    saved = on_disk(tracker_session)
    assert saved.state("basics-language") == "done"
    assert saved.state("basics-lists") == "skipped"
    assert saved.state("basics-variables") == "learning"


@pytest.mark.slow
async def test_changes_from_a_shell_show_up_on_the_timer(pilot: Pilot[None]) -> None:
    app = pilot.app
    other = Session.open()
    other.progress.set_state("basics-variables", "done")
    other.save()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while "1/54 done" not in screen_text(app) and time.monotonic() < deadline:
        await pilot.pause(0.1)
    assert "1/54 done" in screen_text(app)


class TestMidPath:
    """A learner half-way through step 2, with toasts drawn."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        return mid_path_session()

    @pytest.fixture
    def tracker_notifications(self) -> bool:
        return True

    async def test_a_file_broken_from_outside_is_reported_and_never_overwritten(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        session = tracker_session
        app = pilot.app
        session.store.file.write_text("this is = not [ toml", encoding="utf-8")
        broken = session.store.file.read_bytes()
        app.check_for_changes()
        await pilot.pause()
        assert any("is not valid TOML" in m for m in messages(app))
        assert isinstance(app.screen, MainScreen)
        # what the app had is still shown, and a change does not overwrite the file
        assert "14/54 done" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert session.store.file.read_bytes() == broken
        assert session.progress.state("dsa-linked-lists") == "done"
        # the same problem is reported once, not every two seconds
        count = len(messages(app))
        app.check_for_changes()
        await pilot.pause()
        assert len(messages(app)) == count

    async def test_progress_forgotten_from_outside_is_not_written_back(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        """``pathtui path remove ID --forget-progress`` while the tracker is open:
        the tracker starts over, says so, and a change writes a new file with
        that change alone."""
        from pathtui.storage import library

        session = tracker_session
        app = pilot.app
        assert library.forget_progress(session.path.id) is not None
        app.check_for_changes()
        await pilot.pause()
        assert any("was removed since pathtui read it" in m for m in messages(app))
        assert "0/54 done" in screen_text(app)
        assert not session.store.file.exists()
        await pilot.press("space")
        await pilot.pause()
        assert sum(1 for s in on_disk(session).states().values() if s != "todo") == 1


def test_an_unreadable_file_stops_the_tracker_before_it_starts(data_dir) -> None:
    from support import run_installed

    session = new_session()
    session.store.file.write_text("schema = [broken", encoding="utf-8")
    broken = session.store.file.read_bytes()
    result = run_installed()
    assert result.returncode == 1
    assert "is not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr
    assert session.store.file.read_bytes() == broken


async def test_a_read_only_file_is_named_on_open_and_saved_once_allowed() -> None:
    """A file frozen with chmod 0444: the tracker says so, keeps changes in memory
    without touching the file, and saves them once it may write again."""
    session = new_session()
    file = session.store.file
    file.chmod(0o444)
    before = file.read_bytes()
    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert any("is read-only (mode 0444)" in m for m in messages(app))
        await pilot.press("space")
        await pilot.pause()
        assert any(m.endswith(f"run chmod u+w {file}.") for m in messages(app))
        assert app.tracker.unsaved and overview_count(app).startswith("1/54 done")
        assert file.read_bytes() == before
        file.chmod(0o644)
        await pilot.press("j", "space")
        await pilot.pause()
        second = app.main.query_one(Checklist).item_id
        assert not app.tracker.unsaved
    saved = on_disk(session)
    assert second is not None and second != "basics-language"
    assert saved.state("basics-language") == "done" and saved.state(second) == "done"
    assert file.stat().st_mode & 0o777 == 0o644


async def test_a_value_set_aside_is_told_once_and_the_tracker_works_on() -> None:
    """A file holding a value the reader refuses (a pace of 0 h a week) opens:
    one notification names it, and a change saves the rest after keeping the file."""
    session = new_session()
    file = session.store.file
    file.write_text(file.read_text().replace("hours_per_week = 10.0", "hours_per_week = 0.0"))
    original = file.read_bytes()
    app = app_for(Session.open(tell=False))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        told = [m for m in messages(app) if "cannot use" in m]
        assert len(told) == 1 and "settings.hours_per_week (expected a number" in told[0]
        await pilot.press("space")
        await pilot.pause()
        assert not app.tracker.unsaved
        assert len([m for m in messages(app) if "cannot use" in m]) == 1
    [copy] = (file.parent / "backups").glob("*-set-aside.toml")
    assert copy.read_bytes() == original
    saved = on_disk(session)
    assert saved.set_aside == [] and saved.state("basics-language") == "done"


async def test_a_change_waiting_for_another_windows_lock_is_shown_at_once_and_saved_later() -> None:
    """Another pathtui holding the lock (a long save, a sync round) does not
    freeze the tracker: the tick shows at once, a notice says it is waiting,
    and the change is saved from a timer as soon as the lock is free."""
    from pathtui.storage.lock import FileLock
    from pathtui.tui.app import WAITING

    session = new_session()
    before = session.store.file.read_bytes()
    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        with FileLock(session.store.lock_file, timeout=1):
            started = time.monotonic()
            await pilot.press("space")
            await pilot.pause()
            # Before, the key waited twice for the lock (10 s each), the screen frozen.
            assert time.monotonic() - started < FROZEN_SECONDS
            assert WAITING in messages(app)
            assert "1/54 done" in screen_text(app)
            assert app.tracker.waiting
            await pilot.press("j", "space")  # a second key does not wait again
            await pilot.pause()
            assert time.monotonic() - started < FROZEN_SECONDS
            assert "2/54 done" in screen_text(app)
            assert messages(app).count(WAITING) == 1
            assert session.store.file.read_bytes() == before
        deadline = time.monotonic() + DEADLINE_SECONDS
        while app.tracker.unsaved and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert not app.tracker.unsaved
        assert any(m.startswith("Saved") for m in messages(app))
    saved = on_disk(session)
    assert sum(1 for state in saved.states().values() if state == "done") == 2


async def test_quit_while_another_window_holds_the_lock_keeps_the_change_in_a_copy() -> None:
    """q does not wait for the lock either: the change goes to a copy that the
    next save merges in, and the line said after the exit names it."""
    from pathtui.storage.lock import FileLock

    session = new_session()
    before = session.store.file.read_bytes()
    app = app_for(session)
    with FileLock(session.store.lock_file, timeout=1):
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("space", "q")
            await pilot.pause()
            assert not app.is_running
        assert session.store.file.read_bytes() == before
    [copy] = session.store.file.parent.glob("backend.pathtui-conflict-*.toml")
    assert app.closing_error is not None and str(copy) in app.closing_error
    later = Session.open()
    with later.editing():
        pass
    assert on_disk(later).state("basics-language") == "done"
