"""The tracker's model without any UI: undo depth, failed saves, reset safety,
and which changes count as finishing a step or the path."""

from __future__ import annotations

import errno
import time

import pytest

from pathtui.errors import SaveError
from pathtui.storage import store as store_module
from pathtui.tui.tracker import UNDO_LIMIT, Tracker, milestone
from tui_support import new_session, on_disk

#: How long the closing save waits for the lock in these tests.
CLOSE_WAIT = 0.05


def test_undo_keeps_at_least_twenty_changes_and_drops_the_oldest() -> None:
    assert UNDO_LIMIT >= 20
    session = new_session()
    tracker = Tracker(session, undo_limit=3)
    ids = [i.id for i in session.path.steps[0].items[:4]]
    for item_id in ids:
        assert tracker.set_state(item_id, "done")
    assert len(tracker.history) == 3
    for _ in range(3):
        assert tracker.undo() is not None
    assert tracker.undo() is None
    # the oldest change fell off the end and stays
    assert [session.progress.state(i) for i in ids] == ["done", "todo", "todo", "todo"]


def test_no_change_is_not_recorded() -> None:
    tracker = Tracker(new_session())
    assert not tracker.set_state("basics-language", "todo")
    assert not tracker.set_note("basics-language", "")
    assert not tracker.history and not tracker.unsaved


def test_undo_is_a_new_change_so_it_survives_the_merge() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state("basics-language", "done")
    assert tracker.save() is None
    tracker.undo()
    assert tracker.save() is None
    assert on_disk(session).state("basics-language") == "todo"


def test_save_reports_the_sentence_and_keeps_the_change(monkeypatch: pytest.MonkeyPatch) -> None:
    session = new_session()
    tracker = Tracker(session)

    def fail(*_a: object, **_k: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(store_module, "atomic_write", fail)
    tracker.set_state("basics-language", "learning")
    error = tracker.save()
    assert error is not None and "not writable" in error
    assert tracker.unsaved
    assert session.progress.state("basics-language") == "learning"
    monkeypatch.undo()
    assert tracker.save() is None
    assert not tracker.unsaved
    assert on_disk(session).state("basics-language") == "learning"


def test_a_failed_reset_leaves_the_progress_in_memory_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state("basics-language", "done")
    tracker.save()

    def broken_save(progress: object, now: object = None) -> object:
        raise SaveError("disk trouble")

    monkeypatch.setattr(session.store, "save", broken_save)
    with pytest.raises(SaveError):
        tracker.reset()
    assert session.progress.state("basics-language") == "done"
    assert len(tracker.history) == 1


def test_milestones() -> None:
    session = new_session()
    path = session.path
    states: dict[str, str] = {i.id: "done" for i in path.steps[0].items[:-1]}
    before = session.estimate()
    assert milestone(before, before) is None
    session.progress.items.clear()
    for key, value in states.items():
        session.progress.set_state(key, value)
    before = session.estimate()
    session.progress.set_state(path.steps[0].items[-1].id, "skipped")
    reached = milestone(before, session.estimate())
    assert reached is not None
    assert (reached.finished_step, reached.next_step, reached.path_finished) == (1, 2, False)
    for item in path.items:
        session.progress.set_state(item.id, "done")
    session.progress.set_state(path.items[-1].id, "todo")
    before = session.estimate()
    session.progress.set_state(path.items[-1].id, "done")
    reached = milestone(before, session.estimate())
    assert reached is not None and reached.path_finished


def test_the_tracker_model_does_not_need_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import pathtui.tui.tracker, pathtui.model.userinput\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'typer'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_closing_while_another_process_holds_the_lock_keeps_the_change_for_the_next_save() -> None:
    """The closing save waits a bounded time, never writes the file without
    the lock, and keeps what it could not save in a copy the next save merges."""
    from pathtui.services.session import Session
    from pathtui.storage.lock import FileLock
    from pathtui.tui.tracker import KEY_LOCK_SECONDS

    session = new_session()
    before = session.store.file.read_bytes()
    tracker = Tracker(session)
    with FileLock(session.store.lock_file, timeout=1):
        started = time.monotonic()
        assert tracker.set_state("basics-language", "done")
        tracker.log_time(0.5, session.progress.settings.start_date)
        assert time.monotonic() - started < 4 * KEY_LOCK_SECONDS  # waited once, briefly
        assert tracker.waiting and tracker.unsaved
        said = tracker.close(CLOSE_WAIT)
        assert session.store.file.read_bytes() == before
    assert said is not None
    assert "Choose one language to start with → done" in said
    [copy] = session.store.file.parent.glob("backend.pathtui-conflict-*.toml")
    assert str(copy) in said

    later = Session.open()
    with later.editing():  # the next command that saves
        pass
    assert on_disk(later).state("basics-language") == "done"
    assert [e.hours for e in on_disk(later).live_log()] == [0.5]
    assert not copy.exists()


def test_doctor_names_a_closing_copy_it_could_not_merge_as_this_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathtui.storage.lock import FileLock
    from support import run_pathtui

    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_SECONDS", CLOSE_WAIT)  # doctor waits less
    session = new_session()
    tracker = Tracker(session)
    with FileLock(session.store.lock_file, timeout=1):
        tracker.set_state("basics-language", "done")
        tracker.close(CLOSE_WAIT)
        said = run_pathtui("doctor").stdout
    [copy] = session.store.file.parent.glob("backend.pathtui-conflict-*.toml")
    assert f"1 conflict copy of backend.toml ({copy.name}) could not be merged just now" in said
    assert "of other files" not in said
