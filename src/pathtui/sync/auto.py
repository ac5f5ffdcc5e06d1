"""Auto-sync: the rounds the tracker runs when it opens and closes.

The setting is ``auto_sync`` in the progress file's settings (off until the
learner runs ``pathtui config auto-sync on``), so like every setting it
travels with the progress. It only acts where the data folder is set up for
``pathtui sync``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pathtui.errors import PathtuiError
from pathtui.model.progress import Progress
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


def run_round(folder: Path) -> str:
    """One sync round for the tracker: the line to show, success or not."""
    from pathtui.sync import progress as sync_progress

    try:
        outcome = sync_progress.sync(folder)
    except PathtuiError as exc:
        return f"Sync: {exc}"
    return " ".join([outcome.line(), *outcome.notices])


def after_close(session: Session) -> str | None:
    """The round the tracker runs as it closes, if auto-sync is on: its line."""
    return run_round(folder_of(session)) if wanted(session) else None
