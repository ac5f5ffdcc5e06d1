"""An exclusive, cross-process lock on a side file.

Why ``fcntl.flock`` and not the ``filelock`` package: the kernel drops an
``flock`` the instant its holder dies (even by SIGKILL), so a crash can never
leave a stale lock; it needs no dependency; and it imports in microseconds,
where ``filelock`` costs ~40 ms, which a learner would feel on every tick.
Windows gets the equivalent ``msvcrt.locking`` byte-range lock.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType

#: How often to retry while another process holds the lock.
POLL_SECONDS = 0.01
#: Seconds to wait for another pathtui to finish saving a progress file.
SAVE_LOCK_SECONDS = 10.0


def lock_path(file: Path) -> Path:
    """The side file that guards saves of ``file``: ``.<name>.lock`` beside it.

    Here rather than on the store, so a sync round can hold a progress file's
    lock without importing the store.
    """
    return file.with_name(f".{file.name}.lock")


class LockTimeout(TimeoutError):
    """Another process held the lock for longer than we were willing to wait."""


class FileLock:
    """``with FileLock(path, timeout):`` holds an exclusive lock on ``path``."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path = path
        self.timeout = timeout
        self._fd: int | None = None

    def __enter__(self) -> FileLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.timeout
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise LockTimeout(f"timed out waiting for {self.path}")
                time.sleep(POLL_SECONDS)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if sys.platform != "win32":
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
