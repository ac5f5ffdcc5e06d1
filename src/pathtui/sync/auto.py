"""Auto-sync: the rounds the tracker runs when it opens and closes.

The setting is ``auto_sync`` in the progress file's settings (off until the
learner runs ``pathtui config auto-sync on``), so like every setting it
travels with the progress. It only acts where the data folder is set up for
``pathtui sync``. The round on open runs in a worker thread and stops at once
when the tracker closes; the round on close runs in a process of its own, so
a remote that hangs never holds the terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Protocol

from pathtui.errors import PathtuiError
from pathtui.model.progress import Progress
from pathtui.storage import locations
from pathtui.storage.store import Store


class Session(Protocol):
    """What a round needs of the tracker's session (``services.session.Session``
    has it): the progress, for the setting, and the store, for the folder."""

    progress: Progress
    store: Store


def enabled(session: Session) -> bool:
    """Whether the learner turned auto-sync on."""
    return session.progress.settings.auto_sync is True


def folder_of(session: Session) -> Path:
    """The data folder a session's progress file is in (what sync works on)."""
    return session.store.file.parent


def wanted(session: Session) -> bool:
    """Auto-sync is on and this data folder is set up for sync."""
    return (folder_of(session) / ".git").is_dir() and enabled(session)


def run_round(folder: Path, stop: threading.Event | None = None) -> str:
    """One sync round for the tracker: the line to show, success or not.

    ``stop`` ends a round that waits on the remote as soon as it is set (the
    tracker's worker sets it when the tracker closes).
    """
    from pathtui.sync import progress as sync_progress

    try:
        outcome = sync_progress.sync(folder, stop=stop)
    except PathtuiError as exc:
        return f"Sync: {exc}"
    return " ".join([outcome.line(), *outcome.notices])


def after_close(session: Session) -> str | None:
    """The round the tracker runs as it closes, if auto-sync is on: started in the
    background, so the terminal is the learner's again at once, even when the
    remote hangs (``git.network_timeout`` bounds it there). Nothing waits on it:
    every change was saved before, and the next round finishes what it leaves.
    Returns the line to print."""
    if not wanted(session):
        return None
    folder = folder_of(session)
    try:
        start_background_round(folder)
    except OSError as exc:
        return (
            f"The closing sync could not start ({exc.strerror or exc}); your "
            "progress is saved here, run `pathtui sync` to send it."
        )
    return "Syncing in the background; `pathtui doctor` tells how it went."


def start_background_round(folder: Path) -> subprocess.Popen[bytes]:
    """``pathtui sync`` for ``folder`` as a process of its own (its own session,
    no terminal, nothing read or printed): it outlives the tracker and records
    how it went for doctor and the next tracker (``outcome.py``)."""
    env = {**os.environ, locations.DATA_DIR_ENV: str(folder)}
    return subprocess.Popen(
        [sys.executable, "-m", "pathtui", "sync"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
        close_fds=True,
    )


def trouble(folder: Path) -> str | None:
    """A few words for the tracker's standing line when sync is failing here
    (the last round on this device failed), else None."""
    from pathtui.sync import outcome

    if not (folder / ".git").is_dir():
        return None
    last = outcome.last(folder)
    if last is None or last.ok:
        return None
    since = (last.failing_since or last.at).astimezone()
    return f"Sync failing since {since.day} {since:%b %H:%M} (pathtui doctor)"
