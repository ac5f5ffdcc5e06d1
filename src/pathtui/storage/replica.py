"""This device's memory of each progress file: the newest change it has seen in
it, and a copy of what it last wrote there (both in the state folder).

The file on disk is one replica among others, never the truth that replaces
history. An older copy put back over it (a backup restored by hand, a sync
tool or a cloud drive bringing back an old version) would otherwise revert
every newer change, here and on every device it reaches. Every change
carries a stamp that only grows (``model/clock.py``), so a file whose newest
stamp is older than one this device saw in it *went back in time*: the store
then merges it with this device's last copy and the newest backup, by the
per-field rules, and says so. Nothing newer is lost, and nothing older
comes back than what the merge keeps anyway.

One file per progress file, ``replicas/<digest>.toml`` in the state folder:
a first line ``# newest <stamp>`` (read on every load: one short read), then
the bytes last written. It lives outside the data folder, which may be
synced or copied to another device. It is written without ``fsync``: it is a
second copy, checked like any file when it is read, and a crash can only
make it older or unreadable, never the progress file.
"""

from __future__ import annotations

import os
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.model import clock as hlc
from pathtui.model.filelimits import MAX_PROGRESS_FILE_BYTES
from pathtui.storage import locations

#: ``typing`` costs milliseconds; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress

#: The folder in the state folder.
FOLDER = "replicas"
HEADER = b"# newest "
#: The first line is a header and a stamp; read no more of it than this.
MAX_HEADER_BYTES = 256
#: ``differs_from_last_written`` compares this much at a time.
COMPARE_CHUNK_BYTES = 64 * 1024


def _file(file: Path) -> str:
    from pathtui.storage.statuscache import digest

    name = f"{digest(os.path.abspath(file))}-{file.stem[:64]}.toml"
    return os.path.join(locations.state_dir_name(), FOLDER, name)


def newest_seen(file: Path) -> str:
    """The newest stamp this device saw in ``file`` ("" if it remembers none)."""
    try:
        with open(_file(file), "rb") as handle:
            line = handle.readline(MAX_HEADER_BYTES)
    except (OSError, PathtuiError):
        return ""
    if not line.startswith(HEADER):
        return ""
    stamp = line[len(HEADER) :].strip().decode("ascii", "replace")
    return stamp if hlc.valid(stamp) else ""


def last_written(file: Path) -> bytes | None:
    """The bytes this device last wrote to ``file``, or None."""
    try:
        with open(_file(file), "rb") as handle:
            if not handle.readline(MAX_HEADER_BYTES).startswith(HEADER):
                return None
            # (Not ``read(MAX + 1)``: that sets aside the whole limit's memory
            # first, which costs a sync round milliseconds.)
            if os.fstat(handle.fileno()).st_size - handle.tell() > MAX_PROGRESS_FILE_BYTES:
                return None
            data = handle.read()
    except (OSError, PathtuiError):
        return None
    return data if len(data) <= MAX_PROGRESS_FILE_BYTES else None


def differs_from_last_written(file: Path) -> bool:
    """Whether ``file`` is not what this device last wrote to it (False when
    it remembers no write, or either file cannot be read).

    Compared a piece at a time, never read whole: a fresh process pays for
    every page of a large buffer it fills, and a sync round with nothing to
    do asks this of every progress file.
    """
    try:
        with open(_file(file), "rb") as copy, open(file, "rb") as current:
            if not copy.readline(MAX_HEADER_BYTES).startswith(HEADER):
                return False
            while True:
                mine, now = copy.read(COMPARE_CHUNK_BYTES), current.read(COMPARE_CHUNK_BYTES)
                if mine != now:
                    return True
                if not mine:
                    return False
    except (OSError, PathtuiError):
        return False


def remember(file: Path, data: bytes, newest: str) -> None:
    """After a save: what was written, and its newest stamp (never lowered).

    A state folder that cannot be written is let be: this is a safety net,
    and a save must not fail for it.
    """
    seen = newest_seen(file)
    newest = max(newest, seen)
    try:
        target = _file(file)
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as handle:
            handle.write(HEADER + newest.encode("ascii") + b"\n")
            handle.write(data)
        os.replace(tmp, target)
    except (OSError, PathtuiError, UnicodeEncodeError):
        pass


def forget(file: Path) -> None:
    """A new file where none was (the learner started over): nothing to compare with."""
    try:
        os.unlink(_file(file))
    except (OSError, PathtuiError):
        pass


def catch_up(file: Path, path_id: str, disk: Progress) -> tuple[Progress, str | None]:
    """``disk`` merged with what this device knows, if the file went back in time.

    Returns the progress to use and a sentence for the learner (None when the
    file is not older than what this device saw).
    """
    seen = newest_seen(file)
    if not seen or disk.last >= seen:
        return disk, None
    # Only a file that went back needs these (a sync round with nothing to do
    # reads this module's first functions alone).
    from pathtui.model.progress import merge
    from pathtui.storage.backupfiles import newest_backup
    from pathtui.storage.progressread import loads_progress

    merged = disk
    sources = []
    copy = last_written(file)
    backup = newest_backup(file)
    for name, raw in (("this device's last copy", copy), (str(backup), _read(backup))):
        if raw is None:
            continue
        try:
            other = loads_progress(raw, file, path_id)
        except PathtuiError:
            continue  # a copy that cannot be read adds nothing
        if other.schema > disk.schema:
            continue
        merged = merge(merged, other)
        sources.append(name)
    found = " and ".join(sources) if sources else "nothing this device kept"
    if disk.last:
        when, seen_when = hlc.shown_apart(hlc.wall(disk.last), hlc.wall(seen))
    else:
        when, seen_when = "never", hlc.wall(seen).strftime(hlc.MINUTE_FORMAT)
    lost = "" if merged.last >= seen else " (some of the newest changes could not be found)"
    return merged, (
        f"{file} went back in time: its newest change is from {when} UTC, but this device "
        f"saw one from {seen_when} UTC (an older copy put back by hand, a sync tool or a "
        f"cloud drive?); pathtui merged it with {found}, so nothing newer is lost{lost}."
    )


def _read(file: Path | None) -> bytes | None:
    if file is None:
        return None
    from pathtui.storage.progressread import read_progress_bytes

    try:
        return read_progress_bytes(file)
    except PathtuiError:
        return None
