"""Forgetting a path's progress (``pathtui path remove ID --forget-progress``):
the backup and the removal happen under the store's lock, and a window still
open afterwards starts over instead of writing the forgotten file back."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from pathtui.errors import SaveError
from pathtui.services.session import Session
from pathtui.storage import library
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store

#: Seconds the forget is given to run while another pathtui holds the lock
#: (it must still be waiting; not a timing assertion about speed).
WAIT_SECONDS = 0.3


def _saved_session() -> Session:
    session = Session.open()
    with session.editing():
        session.set_state("basics-loops", "done")
    return session


def test_a_save_under_the_lock_is_in_the_backup_and_not_brought_back(data_dir: Path) -> None:
    holder = Store("backend")
    progress = holder.load(10)
    progress.set_state("basics-loops", "done")
    holder.save(progress)
    backups: list[Path | None] = []
    with holder.locked():
        forget = threading.Thread(target=lambda: backups.append(library.forget_progress("backend")))
        forget.start()
        forget.join(WAIT_SECONDS)
        assert forget.is_alive(), "the forget waits for the lock"
        progress.set_state("basics-lists", "learning")
        holder.save(progress)  # a tracker's save while the lock is held
    forget.join()
    (backup,) = backups
    assert backup is not None and not holder.file.exists()
    kept = read_progress(backup, "backend")
    assert kept is not None and kept.state("basics-lists") == "learning"


def test_an_open_session_starts_over_and_writes_nothing_until_a_change(data_dir: Path) -> None:
    session = _saved_session()
    told: list[str] = []
    session.notice = told.append
    assert library.forget_progress("backend") is not None
    assert session.refresh() is True
    assert session.progress.items == {}
    assert len(told) == 1 and "was removed since pathtui read it" in told[0]
    assert not session.store.file.exists(), "a refresh writes nothing back"
    assert session.refresh() is False and told == [told[0]], "told once"
    with session.editing():
        session.set_state("basics-lists", "learning")
    progress = read_progress(session.store.file, "backend")
    assert progress is not None
    assert progress.states() == {"basics-lists": "learning"}, "nothing forgotten came back"


def test_a_save_into_a_removed_file_is_refused(data_dir: Path) -> None:
    session = _saved_session()
    Store("backend").forget()
    session.progress.set_state("basics-lists", "learning")
    with pytest.raises(SaveError, match="was removed since pathtui read it"):
        session.store.save(session.progress)
    assert not session.store.file.exists()


def test_a_reset_or_a_replace_over_a_removed_file_writes_its_new_epoch(data_dir: Path) -> None:
    session = _saved_session()
    Store("backend").forget()
    session.progress, _ = session.store.reset(session.progress)
    progress = read_progress(session.store.file, "backend")
    assert progress is not None and progress.items == {}
