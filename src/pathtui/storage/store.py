"""The only code that touches the progress file.

Promises (each proven in ``tests/test_store*.py``):

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
* Progress for ids the path no longer has is kept on every save.

The text itself (writing schema 2, reading schemas 1 and 2) is
``progressfile.py``'s; ``fastread.py`` reads what it writes, fast.
"""

from __future__ import annotations

import copy
import datetime as dt
import errno
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pathtui.errors import ProgressFileError, SaveError
from pathtui.model.progress import PROGRESS_SCHEMA, Progress, merge, utcnow
from pathtui.storage import (
    device,  # noqa: F401  (gives the clock this device's lasting id)
    fastread,
    locations,
    progressfile,
)
from pathtui.storage.lock import FileLock, LockTimeout
from pathtui.storage.progressfile import MAX_SHOWN_DIGITS as MAX_SHOWN_DIGITS
from pathtui.storage.progressfile import dumps as dumps

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False

if TYPE_CHECKING:
    import tomllib
    from typing import Any

#: Seconds to wait for another pathtui to finish saving before giving up.
LOCK_TIMEOUT_SECONDS = 10.0
#: Refuse progress files larger than this (a huge file is not one we wrote).
MAX_PROGRESS_FILE_BYTES = 64 * 1024 * 1024
TEMP_SUFFIX = ".tmp"
#: How ``atomic_write`` names its temp files: ``.<target name>.<pid>.tmp``.
TEMP_NAME_RE = re.compile(r"^\.(?P<target>.+)\.(?P<pid>[0-9]+)\.tmp$")
READ_CHUNK_BYTES = 1024 * 1024

#: Automatic backups (one before the first save of a day) kept per file.
DAILY_BACKUPS_KEPT = 7
DAILY_SUFFIX = "-daily"
#: Backups a sync writes before it brings in another device's changes, kept
#: per file (with auto-sync, one a day or more: they must not pile up).
SYNC_BACKUPS_KEPT = 10
SYNC_SUFFIX = "-sync"
#: After ``<stem>``: ``-YYYYMMDD-HHMMSS``, what kind, and ``free_name``'s counter.
_BACKUP_TAIL = r"-(?P<stamp>\d{8}-\d{6})(?P<kind>-daily|-sync)?(?:-(?P<counter>\d+))?\.toml"


def backup_order(name: str, stem: str) -> tuple[str, int, str] | None:
    """``(time, counter, kind)`` if ``name`` is a backup of ``<stem>.toml``, else None.

    Matched whole, so the backups of a path ``python-web`` are never taken for
    those of ``python``; the counter orders ``x-2.toml`` after ``x.toml``.
    """
    found = re.fullmatch(re.escape(stem) + _BACKUP_TAIL, name)
    if found is None:
        return None
    return found["stamp"], int(found["counter"] or 1), found["kind"] or ""


def backups_newest_first(file: Path, kind: str | None = None) -> list[Path]:
    """The backups of ``file`` in ``backups/`` (only those of ``kind`` if given)."""
    folder = file.parent / locations.BACKUPS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        order = backup_order(entry.name, file.stem)
        if order is not None and (kind is None or order[2] == kind) and entry.is_file():
            # Within one second, a backup asked for (a reset's, a restore's)
            # comes before the automatic one taken as it saved.
            found.append(((order[0], order[1], order[2] == ""), Path(entry.path)))
    return [path for _, path in sorted(found, reverse=True)]


def newest_backup(file: Path) -> Path | None:
    """The most recent backup of ``file`` in ``backups/``, if there is one."""
    found = backups_newest_first(file)
    return found[0] if found else None


def _what_to_do(file: Path) -> str:
    """The way out of a refused file: restore the newest backup, or start over."""
    backup = newest_backup(file)
    restore = f"copy your newest backup {backup} over it" if backup else "fix it by hand"
    return (
        f"pathtui left it untouched: {restore}, or rename it (e.g. to "
        f"{file.name}.broken) to start over"
    )


def _refuse(file: Path, problem: str) -> ProgressFileError:
    return ProgressFileError(f"Progress file {file} {problem}; {_what_to_do(file)}.")


def _from_the_future(file: Path, schema: int) -> ProgressFileError:
    return ProgressFileError(
        f"Progress file {file} was written by a newer pathtui (schema "
        f"{str(schema)[:MAX_SHOWN_DIGITS]}; this one "
        f"reads schema {PROGRESS_SCHEMA}) and cannot be read; pathtui left it untouched: "
        "upgrade pathtui to use it."
    )


# --------------------------------------------------------------------------- reading


def read_progress_bytes(file: Path) -> bytes | None:
    """The file's bytes, read safely; ``None`` if it does not exist.

    Only a regular file is read, and never more than the size limit, so a
    folder, a named pipe or ``/dev/zero`` in its place cannot hang pathtui.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise ProgressFileError(
                    f"Progress file {file} is a folder, not a file; pathtui has not "
                    f"touched it: rename it (e.g. to {file.name}.broken) and run pathtui again."
                )
            if not stat.S_ISREG(st.st_mode):
                raise ProgressFileError(
                    f"Progress file {file} is not a regular file (a device or pipe?); "
                    "pathtui has not touched it: remove it or move it aside."
                )
            if st.st_size > MAX_PROGRESS_FILE_BYTES:
                raise _refuse(
                    file, f"is {st.st_size // 1024 // 1024} MB, far larger than pathtui writes"
                )
            raw = _read_at_most(fd, MAX_PROGRESS_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise ProgressFileError(
            f"Progress file {file} cannot be read (permission denied); pathtui has "
            "not changed it: give your user read and write access, e.g. "
            f"chmod u+rw {file}, and run pathtui again."
        ) from None
    except NotADirectoryError:
        raise ProgressFileError(
            f"Progress folder {file.parent} is a file, not a folder; move it aside "
            f"or set {locations.DATA_DIR_ENV} to another folder."
        ) from None
    except OSError as exc:
        raise ProgressFileError(
            f"Progress file {file} cannot be read ({exc.strerror or exc}); pathtui has "
            "not changed it: check the disk and try again."
        ) from None
    if len(raw) > MAX_PROGRESS_FILE_BYTES:
        raise _refuse(file, "is far larger than pathtui writes")
    return raw


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(READ_CHUNK_BYTES, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_progress(file: Path, path_id: str) -> Progress | None:
    """Parse and check a progress file; ``None`` if it does not exist."""
    raw = read_progress_bytes(file)
    return None if raw is None else loads_progress(raw, file, path_id)


def loads_progress(raw: bytes, file: Path, path_id: str) -> Progress:
    """Parse a progress file's bytes; ``file`` names it in errors."""
    if not raw.strip():
        raise _refuse(file, "is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(file, "is not text (it may be damaged)") from None
    fast = fastread.loads(text, path_id)  # the layout dumps() writes, read fast
    if fast is not None:
        return fast
    return careful_loads(text, file, path_id)


def careful_loads(text: str, file: Path, path_id: str) -> Progress:
    """``tomllib`` and the schema's checks: any TOML, with a message for any fault."""
    import tomllib  # only for files dumps() did not write

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(file, f"is not valid TOML ({_toml_problem(exc)})") from None
    except (ValueError, RecursionError):
        # tomllib raises a bare ValueError for integers over Python's digit
        # limit and recurses once per nesting level: neither is a file we wrote.
        raise _refuse(
            file, "is not a TOML file pathtui can read (absurd numbers or nesting)"
        ) from None
    progress = parse_progress(data, file, path_id)
    marked = progressfile.END_MARKER_SINCE <= progress.schema <= PROGRESS_SCHEMA
    if marked and not progressfile.has_end_marker(text):
        raise _refuse(
            file,
            f"ends early: its last line, {progressfile.END_MARKER!r}, is missing, so it "
            "was cut short (an interrupted copy or a full disk?) or that line was edited away",
        )
    return progress


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message, with its most puzzling one said plainly."""
    text = str(exc)
    if text.startswith(("Cannot overwrite a value", "Cannot declare")):
        where = text[text.find(" (at ") :] if " (at " in text else ""
        return "a key is set twice" + where
    return text


Refusal = Callable[[Path, str], ProgressFileError]


def parse_progress(
    data: dict[str, Any], file: Path, path_id: str, refuse: Refusal | None = None
) -> Progress:
    """Turn parsed TOML into Progress, refusing anything we did not write.

    ``refuse`` words the error (an import says "Cannot import ...", not
    "Progress file ...").
    """
    return progressfile.parse(data, file, path_id, refuse or _refuse, own=refuse is None)


def merge_progress_bytes(ours: bytes, theirs: bytes, file: Path, path_id: str) -> bytes:
    """Merge two copies of one progress file (two devices', a conflict copy...).

    Both are parsed and checked as the store reads a file (ProgressFileError
    names ``file`` if either is bad); the answer depends only on the two
    contents, not their order, so every device that merges the same two
    copies writes the same bytes.
    """
    mine = loads_progress(ours, file, path_id)
    other = loads_progress(theirs, file, path_id)
    for side in (mine, other):
        if side.schema > PROGRESS_SCHEMA:
            raise _from_the_future(file, side.schema)
    return dumps(merge(mine, other)).encode("utf-8")


# --------------------------------------------------------------------------- writing


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)


def free_name(folder: Path, base: str, suffix: str) -> Path:
    """``folder/base+suffix``, or ``base-2+suffix``, ``base-3+suffix``...: the
    first name not taken, so a backup or a kept-aside copy never overwrites one."""
    target = folder / f"{base}{suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{base}-{counter}{suffix}"
    return target


def atomic_write(file: Path, content: str | bytes) -> None:
    """Replace ``file`` with ``content`` so that readers only ever see a whole file.

    A symbolic link keeps being a link: the write goes to its target, through
    a temp file in the target's folder (``os.replace`` works within one folder).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if os.path.islink(file):
        file = Path(os.path.realpath(file))
    tmp = file.with_name(f".{file.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, file)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(file.parent)


def _temp_owner(name: str) -> int:
    match = TEMP_NAME_RE.match(name)
    return int(match.group("pid")) if match else 0


def _process_alive(pid: int) -> bool:
    """Whether ``pid`` may still be writing its temp file (unsure -> True)."""
    if pid <= 0 or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


#: In the name of every conflict copy Syncthing, Dropbox and Nextcloud make.
CONFLICT_WORD = "conflict"


def leftover_temp_files(file: Path) -> list[Path]:
    """Temp files an interrupted write left beside ``file`` or in its backups.

    ``atomic_write`` names them ``.<target>.<pid>.tmp``; nothing else in the
    data folder looks like that.
    """
    found: list[Path] = []
    for folder in (file.parent, file.parent / locations.BACKUPS):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        found += [Path(e.path) for e in entries if TEMP_NAME_RE.match(e.name)]
    return sorted(found)


def _remove(files: list[Path]) -> None:
    """Remove old backups; one that cannot be removed is left for the next time."""
    for file in files:
        try:
            os.unlink(file)
        except OSError:
            pass


def _save_error(file: Path, exc: OSError, backup: bool = False) -> SaveError:
    """One sentence: what failed, that nothing was damaged, and what to do."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why, fix = "the disk is full", "free some space and try again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"the folder {file.parent} is read-only or not writable"
        fix = f"make it writable, or set {locations.DATA_DIR_ENV} to a folder you can write to"
    else:
        why, fix = exc.strerror or str(exc), "try again"
    if backup:
        return SaveError(
            f"Could not write a backup to {file}: {why}; nothing was changed, so {fix}."
        )
    return SaveError(
        f"Could not save progress to {file}: {why}; the file still holds your last "
        f"saved progress, so {fix}."
    )


# --------------------------------------------------------------------------- the store


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
        self._held: FileLock | None = None
        #: The local date (YYYYMMDD) whose automatic backup is known to exist.
        self._daily_done = ""

    @property
    def lock_file(self) -> Path:
        return self.file.with_name(f".{self.file.name}.lock")

    @property
    def exists(self) -> bool:
        return self.file.exists()

    def may_have_conflict_copies(self) -> bool:
        """Whether a name beside the file says "conflict", as every sync tool's copy does.

        ``conflicts`` then tells which are copies; asking this first spares
        every command that module and its patterns.
        """
        try:
            with os.scandir(self.file.parent) as entries:
                return any(CONFLICT_WORD in entry.name for entry in entries)
        except OSError:
            return False

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the lock (re-entrant: a save inside a locked block keeps it)."""
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
            raise _save_error(self.file, exc) from None
        lock = FileLock(self.lock_file, timeout=LOCK_TIMEOUT_SECONDS)
        try:
            lock.__enter__()
        except LockTimeout:
            raise SaveError(
                f"Another pathtui has held the lock on {self.file} for "
                f"{LOCK_TIMEOUT_SECONDS:g} seconds; nothing was written, try again."
            ) from None
        except PermissionError as exc:
            if not self.lock_file.exists():  # the folder refuses a new file
                raise _save_error(self.file, exc) from None
            raise SaveError(
                f"The lock file {self.lock_file} cannot be opened for writing (permission "
                f"denied); nothing was written: make it writable (chmod u+rw "
                f"{self.lock_file}) or remove it, and try again."
            ) from None
        except OSError as exc:
            raise _save_error(self.file, exc) from None
        self._lock_depth = 1
        try:
            yield
        finally:
            self._lock_depth = 0
            lock.__exit__(None, None, None)

    def load(self, hours_per_week: float, now: dt.datetime | None = None) -> Progress:
        """Read the file, or start fresh in memory (nothing is written yet)."""
        raw = read_progress_bytes(self.file)
        progress = None if raw is None else loads_progress(raw, self.file, self.path_id)
        self._seen = raw
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
        """If another process saved since we looked, return the merged progress."""
        raw = read_progress_bytes(self.file)
        if raw == self._seen:
            return None
        disk = None if raw is None else loads_progress(raw, self.file, self.path_id)
        self._seen = raw
        if disk is None:
            return None
        return merge(progress, disk)

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
        if self.read_only_reason:
            raise ProgressFileError(self.read_only_reason)
        with self.locked():
            try:
                self._clean_temp_files()
                merged = progress
                raw = read_progress_bytes(self.file)
                if raw is not None and raw != self._seen:
                    disk = loads_progress(raw, self.file, self.path_id)
                    if disk.schema > PROGRESS_SCHEMA:
                        raise _from_the_future(self.file, disk.schema)
                    merged = merge(progress, disk)
                text = dumps(merged).encode("utf-8")
                if raw is not None and text != raw:
                    self._daily_backup(raw, now)
                if text != raw:
                    atomic_write(self.file, text)
                self._seen = text
                return merged
            except OSError as exc:
                raise _save_error(self.file, exc) from None

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
            owner = _temp_owner(temp.name)
            if temp.name.startswith(f".{self.file.name}.") or not _process_alive(owner):
                try:
                    os.unlink(temp)
                except OSError:
                    pass

    def _daily_backup(self, raw: bytes, now: dt.datetime | None) -> None:
        """Copy the file to backups/ before the first save of each local day;
        keep the newest ``DAILY_BACKUPS_KEPT`` of these (other backups are kept)."""
        local = (now or utcnow()).astimezone()
        day = local.strftime("%Y%m%d")
        if self._daily_done == day:
            return
        folder = self.file.parent / locations.BACKUPS
        daily = backups_newest_first(self.file, DAILY_SUFFIX)
        if not any(p.name.startswith(f"{self.file.stem}-{day}-") for p in daily):
            name = f"{self.file.stem}-{local.strftime('%Y%m%d-%H%M%S')}{DAILY_SUFFIX}.toml"
            target = folder / name
            try:
                folder.mkdir(parents=True, exist_ok=True)
                atomic_write(target, raw)
            except OSError as exc:  # the save stops here: named as the save's failure
                raise _save_error(self.file, exc) from None
            daily.insert(0, target)
        _remove(daily[DAILY_BACKUPS_KEPT:])
        self._daily_done = day

    def backup(self, now: dt.datetime | None = None, kind: str = "") -> Path | None:
        """Copy the current file into backups/, timestamped; ``None`` if no file.

        A sync's backups (``kind=SYNC_SUFFIX``) keep only the newest
        ``SYNC_BACKUPS_KEPT``; every other backup is kept until removed by hand.
        """
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressFileError(
                f"Cannot read {self.file} to back it up ({exc.strerror}); nothing was changed."
            ) from None
        now = (now or utcnow()).astimezone()
        folder = self.file.parent / locations.BACKUPS
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{self.file.stem}-{stamp}{kind}.toml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            target = free_name(folder, f"{self.file.stem}-{stamp}{kind}", ".toml")
            atomic_write(target, raw)
        except OSError as exc:
            raise _save_error(target, exc, backup=True) from None
        if kind == SYNC_SUFFIX:
            _remove(backups_newest_first(self.file, SYNC_SUFFIX)[SYNC_BACKUPS_KEPT:])
        return target

    def reset(
        self, progress: Progress, now: dt.datetime | None = None
    ) -> tuple[Progress, Path | None]:
        """Back up, then clear progress in a new epoch (nothing older comes back)."""
        return self._new_epoch(progress, lambda fresh: fresh.reset(now), now)

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
        if self.read_only_reason:
            raise ProgressFileError(self.read_only_reason)
        with self.locked():
            backup = self.backup(now)
            fresh = self._current(progress)
            start(fresh)
            return self.save(fresh, now), backup

    def _current(self, progress: Progress) -> Progress:
        """``progress`` merged with the file (under the lock), so a new epoch
        is stamped after everything on disk."""
        raw = read_progress_bytes(self.file)
        if raw is None or raw == self._seen:
            return copy.deepcopy(progress)
        disk = loads_progress(raw, self.file, self.path_id)
        if disk.schema > PROGRESS_SCHEMA:
            raise _from_the_future(self.file, disk.schema)
        self._seen = raw
        return merge(progress, disk)
