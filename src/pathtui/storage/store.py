"""The only code that touches the progress file.

Promises (each proven in ``tests/storage/test_store*.py``):

* Writes are atomic: a temp file in the same folder, flush + fsync,
  ``os.replace``, then fsync of the folder. A crash leaves the old file or the
  new one, whole.
* A file that cannot be parsed, belongs to something else, or was written by a
  newer pathtui is never overwritten: the learner gets one sentence naming the
  file and what to do.
* Read-merge-write happens under an exclusive lock (``lock.py`` says why it
  is a plain ``flock``), so two windows, or a window and a shell command,
  never lose each other's changes; the merge is ``progress.merge`` (field by
  field, see ``docs/data-safety.md``).
* A file cut short is refused (``progressfile`` writes an end marker), a
  symlinked file keeps its link, and the file is copied to ``backups/``
  before the first save of each day.
* A record or field that breaks the schema's rules is set aside by the
  reader, not the whole file: the file as it was is kept in ``backups/``
  (a ``-set-aside`` copy, written once) before any save can leave it out,
  and the store says so (``notices``).
* A read-only file (no write permission for its owner) is never replaced,
  and a save keeps the file's own permissions.
* Progress for ids the path no longer has is kept on every save.

The text itself (writing schema 2, reading schemas 1 and 2) is
``progressfile.py``'s; reading and refusing a file is ``progressread.py``'s,
writing one ``atomic.py``'s, the files in ``backups/`` ``backupfiles.py``'s.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pathtui.errors import LockBusyError, ProgressFileError, ReadOnlyError, SaveError
from pathtui.model import filelimits
from pathtui.model.progress import PROGRESS_SCHEMA, Progress, merge, utcnow
from pathtui.storage import (
    backupfiles,
    device,  # noqa: F401  (gives the clock this device's lasting id)
    locations,
    replica,
)
from pathtui.storage.atomic import (
    atomic_write,
    free_name,
    leftover_temp_files,
    process_alive,
    refuse_read_only,
    save_error,
    temp_owner,
)
from pathtui.storage.lock import SAVE_LOCK_SECONDS, FileLock, LockTimeout, lock_path
from pathtui.storage.progressfile import MAX_SHOWN_DIGITS, dumps
from pathtui.storage.progressread import (
    from_the_future,
    loads_progress,
    read_progress_bytes,
    set_aside_sentence,
)
from pathtui.storage.sections import Index

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

#: Seconds to wait for another pathtui to finish saving before giving up.
LOCK_TIMEOUT_SECONDS = SAVE_LOCK_SECONDS
CONFLICT_WORD = locations.CONFLICT_WORD


class Store:
    """Loads, merges and saves one progress file; the UI holds one of these."""

    def __init__(self, path_id: str, file: Path | None = None) -> None:
        self.path_id = path_id
        self.file = file if file is not None else locations.progress_file(path_id)
        # The exact bytes we last read or wrote. Change detection compares
        # content, not (mtime, size, inode): file times tick only every few
        # milliseconds, inodes are reused at once on ext4, and sync tools
        # restore mtimes, so a signature can match a file someone else changed.
        self._seen: bytes | None = None
        self.read_only_reason: str | None = None
        self._lock_depth = 0
        #: Seconds ``locked`` waits for another process's lock: a command can
        #: wait; the tracker waits only briefly, so a key never freezes its
        #: screen, and saves later (``tui/tracker.py``).
        self.lock_wait = LOCK_TIMEOUT_SECONDS
        self._held: FileLock | None = None
        #: The local date (YYYYMMDD) whose automatic backup is known to exist.
        self._daily_done = ""
        #: What was read of this file before (``sections.py``): unchanged
        #: collections stay undecoded.
        self.index = Index(self.file)
        #: ``(mtime_ns, size, inode)`` of the file as this store last wrote it.
        self.written: list[int] | None = None
        #: What the reader set aside from ``_seen`` (where, why): kept before a save.
        self._seen_aside: list[tuple[str, str]] = []
        #: Sentences for the learner about what was read (values set aside, a
        #: file that went back in time and was merged with this device's
        #: copies): ``take_notices``.
        self.notices: list[str] = []
        #: Hashes of the contents whose set-aside values were told (once each).
        self._told: set[int] = set()
        #: The file as read went back in time and was merged with this device's
        #: copies, and no save has written the merge yet.
        self.went_back = False
        #: The file was removed since this store read it, and ``refresh`` started
        #: over from empty progress; nothing is written until something changes.
        self.started_over = False
        #: The pace a fresh progress starts at (``load``'s).
        self._hours_per_week: float | None = None

    @property
    def lock_file(self) -> Path:
        return lock_path(self.file)

    @property
    def exists(self) -> bool:
        return self.file.exists()

    def may_have_conflict_copies(self) -> bool:
        """Whether a name beside the file may be a sync tool's copy of it: one that
        says "conflict", or ``<stem>...toml`` with a space-and-bracket or a capital
        (Google Drive's `` (1)``, OneDrive's computer name), which a path id never has.

        ``conflicts`` then tells which are copies; asking this first spares
        every command that module and its patterns.
        """
        stem, own = self.file.stem, self.file.name
        try:
            with os.scandir(self.file.parent) as entries:
                for entry in entries:
                    name = entry.name
                    if CONFLICT_WORD in name:
                        return True
                    beside = name.startswith(stem) and name.endswith(".toml") and name != own
                    if beside and (" (" in name or not name.islower()):
                        return True
        except OSError:
            return False
        return False

    @contextmanager
    def locked(self, wait: float | None = None) -> Iterator[None]:
        """Hold the lock (re-entrant: a save inside a locked block keeps it),
        waiting ``wait`` seconds at most (``lock_wait`` if None) for another
        process to let go of it; LockBusyError if it did not."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise save_error(self.file, exc) from None
        timeout = self.lock_wait if wait is None else wait
        lock = FileLock(self.lock_file, timeout=timeout)
        try:
            lock.__enter__()
        except LockTimeout:
            if timeout < LOCK_TIMEOUT_SECONDS:
                raise LockBusyError(
                    f"Another pathtui window is saving {self.file} right now; nothing was "
                    "written, try again in a moment."
                ) from None
            raise LockBusyError(
                f"Another pathtui has held the lock on {self.file} for "
                f"{LOCK_TIMEOUT_SECONDS:g} seconds; nothing was written, try again."
            ) from None
        except PermissionError as exc:
            if not self.lock_file.exists():  # the folder refuses a new file
                raise save_error(self.file, exc) from None
            raise SaveError(
                f"The lock file {self.lock_file} cannot be opened for writing (permission "
                f"denied); nothing was written: make it writable (chmod u+rw "
                f"{self.lock_file}) or remove it, and try again."
            ) from None
        except OSError as exc:
            raise save_error(self.file, exc) from None
        self._lock_depth = 1
        try:
            yield
        finally:
            self._lock_depth = 0
            lock.__exit__(None, None, None)

    def _loads(self, raw: bytes) -> Progress:
        """The store's reader: ``loads_progress`` with this file's index."""
        return loads_progress(raw, self.file, self.path_id, index=self.index)

    def keep_index(self) -> None:
        """Write what this store learnt of the file to its index (``sections.py``).

        Never inside ``save``: a save writes the progress file and nothing
        else, and the index is derived data that only saves time later.
        """
        self.index.save()

    def writable_problem(self) -> None:
        """Raise why the file must not be written, if it must not (a newer
        pathtui's file, or one its owner made read-only)."""
        if self.read_only_reason:
            raise ProgressFileError(self.read_only_reason)
        refuse_read_only(self.file, "Progress file")

    def take_notices(self) -> list[str]:
        """What the learner should be told about the file as read, once each."""
        told, self.notices = self.notices, []
        return told

    def _keep_set_aside(self, raw: bytes, aside: list[tuple[str, str]], strict: bool) -> None:
        """Keep the file as it is (``raw``) in backups/ before anything leaves out
        what the reader set aside; tell the learner once per content. Reading
        only tries (a read-only folder still reads); a save must succeed."""
        try:
            kept: Path | None = backupfiles.keep_set_aside(self.file, raw)
        except SaveError:
            if strict:
                raise
            kept = None
        if hash(raw) not in self._told:
            self._told.add(hash(raw))
            self.notices.append(set_aside_sentence(self.file, aside, kept))

    def load(self, hours_per_week: float, now: dt.datetime | None = None) -> Progress:
        """Read the file, or start fresh in memory (nothing is written yet)."""
        raw = read_progress_bytes(self.file)
        progress = None if raw is None else self._read(raw)
        self._seen = raw
        self._hours_per_week = hours_per_week
        self._seen_aside = progress.set_aside if progress is not None else []
        if progress is None:
            return Progress.new(self.path_id, hours_per_week, now)
        if progress.schema > PROGRESS_SCHEMA:
            self.read_only_reason = (
                f"Progress file {self.file} was written by a newer pathtui (schema "
                f"{str(progress.schema)[:MAX_SHOWN_DIGITS]}); it is shown read-only and "
                "will not be changed: upgrade pathtui to change it."
            )
        return progress

    def refresh(self, progress: Progress) -> Progress | None:
        """If another process saved since we looked, return the merged progress.

        A file removed since it was read (``path remove --forget-progress``,
        or renamed away to start over) is the learner's word that its progress
        is gone: an open window starts over from empty progress (``started_over``)
        rather than write back what it holds.
        """
        raw = read_progress_bytes(self.file)
        if raw == self._seen:
            return None
        if raw is None:
            return self._start_over(progress)
        disk = self._read(raw)
        self._seen, self._seen_aside = raw, disk.set_aside
        return merge(progress, disk)

    def _start_over(self, progress: Progress) -> Progress:
        """Fresh progress for a file removed since this store read it; says so."""
        self._seen, self._seen_aside = None, []
        self.started_over = True
        self.notices.append(
            f"Progress file {self.file} was removed since pathtui read it (cleared with "
            "`pathtui path remove --forget-progress`, or renamed away); pathtui starts over "
            "here from empty progress and writes a new file only at your next change."
        )
        hours = self._hours_per_week or progress.settings.hours_per_week
        return Progress.new(self.path_id, hours)

    def _read(self, raw: bytes) -> Progress:
        """The file's progress (``raw``: its bytes now): values the reader set
        aside are kept and told; merged with this device's copies if it went
        back in time (``replica.py``). Sentences for the learner go to ``notices``."""
        disk = self._loads(raw)
        aside = disk.set_aside
        if aside:
            self._keep_set_aside(raw, aside, strict=False)
        if disk.schema > PROGRESS_SCHEMA:
            return disk  # shown read-only; never merged or written
        disk, notice = replica.catch_up(self.file, self.path_id, disk)
        disk.set_aside = aside
        if notice is not None:
            self.notices.append(notice)
            self.went_back = True
        return disk

    def differs(self, progress: Progress) -> bool:
        """Whether saving ``progress`` would change the file as last read or written."""
        if self.read_only_reason:
            return False
        return dumps(progress).encode("utf-8") != self._seen

    def save(self, progress: Progress, now: dt.datetime | None = None) -> Progress:
        """Merge with what is on disk under the lock, then write atomically.

        Returns the merged progress, which the caller should adopt. Before
        the first save of a day the file is copied to ``backups/``.
        """
        self.writable_problem()
        with self.locked():
            try:
                self._clean_temp_files()
                merged = progress
                raw = read_progress_bytes(self.file)
                if raw is None and self._seen is not None:
                    raise SaveError(_REMOVED.format(file=self.file))
                aside = self._seen_aside
                if raw is not None and raw != self._seen:
                    disk = self._read(raw)
                    if disk.schema > PROGRESS_SCHEMA:
                        raise from_the_future(self.file, disk.schema)
                    merged = merge(progress, disk)
                    aside = disk.set_aside
                text = dumps(merged).encode("utf-8")
                _check_limits(self.file, merged, text)
                if raw is not None and text != raw:
                    if aside:
                        self._keep_set_aside(raw, aside, strict=True)
                    self._daily_backup(raw, now)
                if text != raw:
                    self.writable_problem()  # made read-only meanwhile
                    written = atomic_write(self.file, text)
                    self.written = [written.st_mtime_ns, written.st_size, written.st_ino]
                    self.index.note(merged, text)
                    if raw is None:
                        replica.forget(self.file)  # a new file: started over
                    # The newest stamp the text holds, not the clock: a bare
                    # tick is in no field, and a read of the file would never
                    # find it (``replica.catch_up`` would say it went back).
                    replica.remember(self.file, text, merged.held)
                self._seen, self._seen_aside = text, []
                self.went_back = self.started_over = False
                return merged
            except ReadOnlyError:
                raise
            except OSError as exc:
                raise save_error(self.file, exc) from None

    def update(self, change: Callable[[Progress], Any], hours_per_week: float) -> Progress:
        """Load, apply ``change``, save, all under the lock: the shape of a CLI command."""
        with self.locked():
            progress = self.load(hours_per_week)
            change(progress)
            return self.save(progress)

    def _clean_temp_files(self) -> None:
        """Remove temp files killed saves left behind.

        We hold the lock, so no live writer owns a temp file of the progress
        file; other temp files (status cache, backups) are written without the
        lock, so those go only once the process that made them is gone.
        """
        for temp in leftover_temp_files(self.file):
            owner = temp_owner(temp.name)
            if temp.name.startswith(f".{self.file.name}.") or not process_alive(owner):
                try:
                    os.unlink(temp)
                except OSError:
                    pass

    def _daily_backup(self, raw: bytes, now: dt.datetime | None) -> None:
        """Copy the file to backups/ before the first save of each local day
        (``backupfiles.keep_daily``)."""
        local = (now or utcnow()).astimezone()
        day = local.strftime("%Y%m%d")
        if self._daily_done == day:
            return
        backupfiles.keep_daily(self.file, raw, local)
        self._daily_done = day

    def backup(self, now: dt.datetime | None = None, kind: str = "") -> Path | None:
        """Copy the current file into backups/ (``backupfiles.write_backup``)."""
        return backupfiles.write_backup(self.file, now, kind)

    def forget(self, now: dt.datetime | None = None) -> Path | None:
        """Move the file into backups/ (a copy, then the file removed), under the
        lock, so no save falls between the two. Returns the backup (None: there
        was no file). A window still open starts over (``refresh``)."""
        with self.locked():
            backup = self.backup(now)
            if backup is not None:
                try:
                    os.unlink(self.file)
                except FileNotFoundError:
                    pass
                except OSError as exc:
                    raise save_error(self.file, exc) from None
            self._seen, self._seen_aside = None, []
            return backup

    def set_aside(self) -> Path:
        """Rename a progress file that cannot be read to ``<name>.broken`` (or
        ``.broken-2``...) beside it, under the lock, so a restore can take its
        place without deleting it. Returns the new name."""
        with self.locked():
            target = free_name(self.file.parent, f"{self.file.name}.broken", "")
            try:
                os.rename(self.file, target)
            except OSError as exc:
                raise save_error(self.file, exc) from None
            self._seen = None
            self.read_only_reason = None
            return target

    def reset(
        self, progress: Progress, now: dt.datetime | None = None, *, everything: bool = False
    ) -> tuple[Progress, Path | None]:
        """Back up, then clear progress in a new epoch (nothing older comes back);
        ``everything`` clears the job search and the projects too."""
        return self._new_epoch(progress, lambda fresh: fresh.reset(now, everything=everything), now)

    def replace(
        self, progress: Progress, imported: Progress, now: dt.datetime | None = None
    ) -> tuple[Progress, Path | None]:
        """Back up, then make ``imported`` the progress, in a new epoch."""
        return self._new_epoch(progress, lambda fresh: fresh.replace_with(imported, now), now)

    def _new_epoch(
        self,
        progress: Progress,
        start: Callable[[Progress], object],
        now: dt.datetime | None,
    ) -> tuple[Progress, Path | None]:
        """Under the lock: back up, then ``start`` a new epoch on the progress
        merged with the file, and save it. Returns it and the backup."""
        self.writable_problem()
        with self.locked():
            backup = self.backup(now)
            fresh = self._current(progress)
            start(fresh)
            return self.save(fresh, now), backup

    def _current(self, progress: Progress) -> Progress:
        """``progress`` merged with the file (under the lock), so a new epoch
        is stamped after everything on disk."""
        raw = read_progress_bytes(self.file)
        if raw is None:  # removed meanwhile: the new epoch replaces it anyway
            self._seen, self._seen_aside = None, []
            return copy.deepcopy(progress)
        if raw == self._seen:
            return copy.deepcopy(progress)
        disk = self._read(raw)
        if disk.schema > PROGRESS_SCHEMA:
            raise from_the_future(self.file, disk.schema)
        self._seen, self._seen_aside = raw, disk.set_aside
        return merge(progress, disk)


#: A save into a file removed since it was read (``refresh`` starts over instead).
_REMOVED = (
    "Progress file {file} was removed since pathtui read it (cleared with `pathtui path "
    "remove --forget-progress`, or renamed away); nothing was written, so it is not brought "
    "back: reopen pathtui to start over."
)


def _check_limits(file: Path, progress: Progress, text: bytes) -> None:
    """Never write a file the reader would refuse (``model/filelimits.py``)."""
    problem = filelimits.count_problem(progress) or filelimits.size_problem(len(text))
    if problem is not None:
        raise filelimits.LimitError(
            f"Progress file {file} would be refused if saved this way: it {problem}; "
            "nothing was written: remove records you no longer need (old log entries, "
            "applications), then try again."
        )
