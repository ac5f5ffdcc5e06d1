"""The files in ``backups/``: their names, how many are kept, and writing one.

A backup of ``<stem>.toml`` is ``<stem>-YYYYMMDD-HHMMSS[-daily|-sync|-set-aside][-N].toml``:
one before the first save of each day (the newest seven kept), one before a
sync brings in another device's changes (the newest ten kept), one before
every reset, restore or replacing import, and one of a file holding values
the reader set aside, as it was, before anything could leave them out (these
two kinds kept until removed by hand).
What each holds and how a restore brings one back is ``services/backups.py``'s.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.model.progress import utcnow
from pathtui.storage import locations
from pathtui.storage.atomic import atomic_write, free_name, save_error

#: Automatic backups (one before the first save of a day) kept per file.
DAILY_BACKUPS_KEPT = 7
DAILY_SUFFIX = "-daily"
#: Backups a sync writes before it brings in another device's changes, kept
#: per file (with auto-sync, one a day or more: they must not pile up).
SYNC_BACKUPS_KEPT = 10
SYNC_SUFFIX = "-sync"
#: A file with values the reader set aside, kept exactly as it was.
SET_ASIDE_SUFFIX = "-set-aside"
#: Set-aside copies compared byte for byte before another is written (the newest).
SET_ASIDE_COMPARED = 20
#: After ``<stem>``: ``-YYYYMMDD-HHMMSS``, what kind, and ``free_name``'s counter.
_BACKUP_TAIL = (
    r"-(?P<stamp>\d{8}-\d{6})(?P<kind>-daily|-sync|-set-aside)?(?:-(?P<counter>\d+))?\.toml"
)


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


def remove_old(files: list[Path]) -> None:
    """Remove old backups; one that cannot be removed is left for the next time."""
    for file in files:
        try:
            os.unlink(file)
        except OSError:
            pass


def kept_copy(file: Path, raw: bytes) -> Path | None:
    """The set-aside copy of ``file`` that holds exactly ``raw``, if one was kept."""
    for copy in backups_newest_first(file, SET_ASIDE_SUFFIX)[:SET_ASIDE_COMPARED]:
        try:
            if copy.stat().st_size == len(raw) and copy.read_bytes() == raw:
                return copy
        except OSError:
            continue
    return None


def keep_set_aside(file: Path, raw: bytes, now: dt.datetime | None = None) -> Path:
    """Keep ``raw`` (the file as it is, values the reader set aside included)
    in backups/, once: a copy with the same bytes is not written again.

    A failure is the save's (SaveError naming the backup): nothing may leave
    those values out of the file before they are kept.
    """
    found = kept_copy(file, raw)
    if found is not None:
        return found
    now = (now or utcnow()).astimezone()
    folder = file.parent / locations.BACKUPS
    base = f"{file.stem}-{now.strftime('%Y%m%d-%H%M%S')}{SET_ASIDE_SUFFIX}"
    target = folder / f"{base}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, base, ".toml")
        atomic_write(target, raw)
    except OSError as exc:
        raise save_error(target, exc, backup=True) from None
    return target


def write_backup(file: Path, now: dt.datetime | None = None, kind: str = "") -> Path | None:
    """Copy ``file`` into backups/, timestamped; ``None`` if there is no file.

    A sync's backups (``kind=SYNC_SUFFIX``) keep only the newest
    ``SYNC_BACKUPS_KEPT``; every other backup is kept until removed by hand.
    """
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ProgressFileError(
            f"Cannot read {file} to back it up ({exc.strerror}); nothing was changed."
        ) from None
    now = (now or utcnow()).astimezone()
    folder = file.parent / locations.BACKUPS
    stamp = now.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{file.stem}-{stamp}{kind}.toml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = free_name(folder, f"{file.stem}-{stamp}{kind}", ".toml")
        atomic_write(target, raw)
    except OSError as exc:
        raise save_error(target, exc, backup=True) from None
    if kind == SYNC_SUFFIX:
        remove_old(backups_newest_first(file, SYNC_SUFFIX)[SYNC_BACKUPS_KEPT:])
    return target


def keep_daily(file: Path, raw: bytes, local: dt.datetime) -> None:
    """Copy ``raw`` (the file as it was) to backups/ unless the local day of
    ``local`` has its automatic backup already; keep the newest
    ``DAILY_BACKUPS_KEPT`` of these (other backups are kept).

    A failure is named as the save's (the save stops here).
    """
    day = local.strftime("%Y%m%d")
    folder = file.parent / locations.BACKUPS
    daily = backups_newest_first(file, DAILY_SUFFIX)
    if not any(p.name.startswith(f"{file.stem}-{day}-") for p in daily):
        name = f"{file.stem}-{local.strftime('%Y%m%d-%H%M%S')}{DAILY_SUFFIX}.toml"
        target = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write(target, raw)
        except OSError as exc:
            raise save_error(file, exc) from None
        daily.insert(0, target)
    remove_old(daily[DAILY_BACKUPS_KEPT:])


def find_backup(file: Path, name: str) -> Path:
    """A file as given, or else a file of that name in ``file``'s backups/."""
    given = Path(name).expanduser()
    if given.exists() or given.is_absolute() or len(given.parts) > 1:
        return given
    in_backups = file.parent / locations.BACKUPS / given
    return in_backups if in_backups.exists() else given
