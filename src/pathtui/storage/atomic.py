"""Writing a file so that readers only ever see a whole one, and the names around it.

``atomic_write`` writes a temp file in the same folder (``.<name>.<pid>.tmp``),
flushes and fsyncs it, ``os.replace``s the target and fsyncs the folder: a
crash leaves the old file or the new one, whole. The new file keeps the old
one's permissions, and a file its owner made read-only is never replaced
(``refuse_read_only``). ``leftover_temp_files`` finds what a killed writer
left; ``free_name`` picks a name that overwrites nothing; ``save_error`` says
in one sentence why a write failed.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from pathtui.errors import ReadOnlyError, SaveError
from pathtui.storage import locations

TEMP_SUFFIX = ".tmp"
#: A new file (nothing to keep the permissions of) is private to its owner.
NEW_FILE_MODE = 0o600
#: How ``atomic_write`` names its temp files: ``.<target name>.<pid>.tmp``.
TEMP_NAME_RE = re.compile(r"^\.(?P<target>.+)\.(?P<pid>[0-9]+)\.tmp$")


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


def read_only_mode(file: Path) -> int | None:
    """The permissions of ``file`` if its owner may not write it (e.g. 0o444), else None.

    The bits, not ``os.access``: the owner's choice counts even for root, who
    could write anyway.
    """
    try:
        mode = os.stat(file).st_mode
    except OSError:
        return None
    return None if mode & stat.S_IWUSR or not stat.S_ISREG(mode) else stat.S_IMODE(mode)


def read_only_error(file: Path, mode: int, what: str = "") -> ReadOnlyError:
    """One sentence: the file is read-only, so nothing was written, and how to allow it."""
    return ReadOnlyError(
        f"{what or 'The file'} {file} is read-only (mode {mode:04o}), so pathtui leaves it "
        f"as it is and nothing was saved; to let pathtui change it again, run "
        f"chmod u+w {file}."
    )


def refuse_read_only(file: Path, what: str = "") -> None:
    """ReadOnlyError if ``file``'s owner took away its write permission."""
    mode = read_only_mode(file)
    if mode is not None:
        raise read_only_error(file, mode, what)


def atomic_write(file: Path, content: str | bytes, durable: bool = True) -> os.stat_result:
    """Replace ``file`` with ``content`` so that readers only ever see a whole file.

    A symbolic link keeps being a link: the write goes to its target, through
    a temp file in the target's folder (``os.replace`` works within one folder).
    The new file gets the old one's permissions; a read-only file (no write
    permission for its owner) is left alone: ReadOnlyError.
    ``durable=False`` skips both fsyncs, for files whose loss in a crash costs
    nothing (a stamp, a cache): still whole, not necessarily on the disk yet.
    Returns the new file's ``stat``, taken before the rename (so it is ours,
    whatever another writer does after).
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    if os.path.islink(file):
        file = Path(os.path.realpath(file))
    try:
        old = os.stat(file)
    except OSError:
        mode = NEW_FILE_MODE
    else:
        if not old.st_mode & stat.S_IWUSR and stat.S_ISREG(old.st_mode):
            raise read_only_error(file, stat.S_IMODE(old.st_mode))
        mode = stat.S_IMODE(old.st_mode)
    tmp = file.with_name(f".{file.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, NEW_FILE_MODE)
    try:
        try:
            if mode != NEW_FILE_MODE:
                os.fchmod(fd, mode)  # the umask does not narrow what the file had
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        os.replace(tmp, file)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        _fsync_dir(file.parent)
    return written


def temp_owner(name: str) -> int:
    match = TEMP_NAME_RE.match(name)
    return int(match.group("pid")) if match else 0


def process_alive(pid: int) -> bool:
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


def save_error(file: Path, exc: OSError, backup: bool = False) -> SaveError:
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
