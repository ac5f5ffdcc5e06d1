"""Which files of the synced folder are progress files, and holding their save locks.

Top-level ``<id>.toml`` files are the candidates; their content decides (a
file that names no ``path_id`` follows git's rules). A round holds each
progress file's save lock while it commits or writes it, so a save in
another window is never half-committed or overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from pathtui.storage.locations import CONFLICT_WORD
from pathtui.storage.lock import SAVE_LOCK_SECONDS as LOCK_TIMEOUT_SECONDS
from pathtui.storage.lock import FileLock, LockTimeout, lock_path
from pathtui.sync.git import SyncError


def is_progress_name(name: str) -> bool:
    """Top-level ``<id>.toml`` files are the candidates (content decides)."""
    if "/" in name or not name.endswith(".toml"):
        return False
    if CONFLICT_WORD not in name:
        return True  # no conflict copy: spares the patterns of ``conflicts``
    from pathtui.sync.conflicts import is_conflict_copy

    return not is_conflict_copy(name)


def progress_files(folder: Path) -> list[Path]:
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []
    return [folder / n for n in names if is_progress_name(n)]


@contextmanager
def locked(files: list[Path]) -> Iterator[None]:
    """Hold every progress file's save lock (sorted: no two holders deadlock)."""
    with ExitStack() as stack:
        for file in sorted(set(files)):
            try:
                stack.enter_context(FileLock(lock_path(file), timeout=LOCK_TIMEOUT_SECONDS))
            except LockTimeout:
                raise SyncError(
                    f"Another pathtui has held the lock on {file} for "
                    f"{LOCK_TIMEOUT_SECONDS:g} seconds; sync stopped, try again."
                ) from None
        yield
