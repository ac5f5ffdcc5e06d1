"""Conflict copies that sync folders leave beside a progress file.

When two devices change a synced file before the sync tool has carried the
other's change across, the tool keeps one version and saves the other as a
*conflict copy* next to it, each tool under its own kind of name:

* Syncthing: ``backend.sync-conflict-20261126-101010-ABCDEFG.toml``
* Dropbox:   ``backend (Alice's conflicted copy 2026-11-26).toml``, or without
  a name, ``backend (conflicted copy 2026-11-26).toml``
* Nextcloud and ownCloud: ``backend (conflicted copy 2026-11-26 101010).toml``,
  older ownCloud ``backend_conflict-20261126-101010.toml``
* OneDrive:  ``backend-DESKTOP-1AB2C3D.toml`` (the computer's name, which
  has capitals: a path id never does, so ``backend-web.toml`` is another path)
* Google Drive (and others): ``backend (1).toml``
* pathtui itself: ``backend.pathtui-conflict-20261126-101010-4242.toml``, the
  changes of a tracker that closed while another process held the lock
  (``keep_copy``): it may not write the file then, and may not wait long

A copy of a copy repeats the pattern (``… (1).toml`` after a Syncthing name).
``recover`` merges every copy that is this path's progress into the progress
file (pathtui's own merge, under the save lock, a backup first), then moves
the copy to ``backups/conflicts/``. A copy that is not this path's progress
is left where it is and reported; nothing is ever deleted. Any other
``backend*.toml`` that holds this path's progress is never merged silently:
``strays`` finds it for doctor, which suggests what to do.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pathtui.errors import PathtuiError, SaveError
from pathtui.model.progress import PROGRESS_SCHEMA
from pathtui.storage import locations
from pathtui.storage.atomic import atomic_write
from pathtui.storage.progressread import loads_progress, read_progress_bytes
from pathtui.storage.store import Store
from pathtui.sync.merge import count_changes, merge_files

CONFLICTS = "conflicts"
#: A progress file's stem is a path id: small letters, digits and dashes
#: (``path.ID_RE``; older files may have capitals or ``_``, never next to a tool's name).
_STEM = r"^(?P<stem>[a-z0-9][a-z0-9_-]*)"
#: What each tool appends to ``<stem>``; the first decides the tool, and a copy
#: of a copy appends more (any of them, or a counter such as `` (1)``).
_DECORATIONS: tuple[tuple[str, str], ...] = (
    ("Syncthing", r"\.sync-conflict-\d{8}-\d{6}-[A-Za-z0-9]+"),
    ("Dropbox", r" \([^()]+['\u2019]s conflicted copy \d{4}-\d{2}-\d{2}\)"),
    ("Dropbox", r" \(conflicted copy \d{4}-\d{2}-\d{2}\)"),
    ("Nextcloud", r" \(conflicted copy \d{4}-\d{2}-\d{2} \d{6}\)"),
    ("ownCloud", r"_conflict-\d{8}-\d{6}"),
    ("OneDrive", r"-(?=[A-Za-z0-9-]*[A-Z])[A-Za-z0-9][A-Za-z0-9-]{0,14}"),
    ("Google Drive", r" \(\d{1,4}\)"),
    ("pathtui", r"\.pathtui-conflict-\d{8}-\d{6}-\d+(?:-\d+)?"),
)
_ANY = "|".join(f"(?:{pattern})" for _, pattern in _DECORATIONS)
_COPY = re.compile(_STEM + f"(?P<first>{_ANY})(?:{_ANY})*\\.toml$")
_FIRST = tuple((tool, re.compile(pattern)) for tool, pattern in _DECORATIONS)


def conflict_of(name: str) -> tuple[str, str] | None:
    """``(tool, stem)`` if ``name`` is a conflict copy of ``<stem>.toml``."""
    match = _COPY.match(name)
    if match is None:
        return None
    first = match.group("first")
    tool = next(t for t, pattern in _FIRST if pattern.fullmatch(first))
    return tool, match.group("stem")


def is_conflict_copy(name: str) -> bool:
    return conflict_of(name) is not None


def find_copies(file: Path) -> list[tuple[Path, str]]:
    """Conflict copies of ``file`` beside it, with the tool that made each."""
    try:
        names = sorted(e.name for e in os.scandir(file.parent) if e.is_file())
    except OSError:
        return []
    found = []
    for name in names:
        known = conflict_of(name)
        if known is not None and known[1] == file.stem:
            found.append((file.parent / name, known[0]))
    return found


@dataclass
class Recovery:
    """What ``recover`` did: copies merged (and moved), copies left alone and why."""

    file: Path
    merged: list[tuple[Path, str]] = field(default_factory=list)
    moved_to: Path | None = None
    changes: int = 0
    ignored: list[tuple[Path, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One sentence for what was recovered, one per copy left alone."""
        out = []
        if self.merged:
            tools = ", ".join(sorted({tool for _, tool in self.merged}))
            count = len(self.merged)
            copies = f"{count} conflict cop{'y' if count == 1 else 'ies'}"
            what = f"{self.changes} change{'' if self.changes == 1 else 's'}"
            out.append(
                f"Recovered {what} from {copies} ({tools}) of {self.file.name}; "
                f"the copies are now in {self.moved_to}."
            )
        for copy, why in self.ignored:
            out.append(f"Left {copy} alone: {why}.")
        return out


def _why_not(raw: bytes | None, copy: Path, path_id: str) -> str | None:
    """Why a copy cannot be merged into this path's progress (None: it can)."""
    if raw is None:
        return "it disappeared"
    try:
        progress = loads_progress(raw, copy, path_id)
    except PathtuiError as exc:
        text = str(exc)
        problem = text.split(f"{copy} ", 1)[-1].split(";", 1)[0]
        return f"it is not progress for {path_id} that pathtui can read: it {problem}"
    if progress.schema > PROGRESS_SCHEMA:
        return "a newer pathtui wrote it; upgrade pathtui to merge it"
    return None


def _unique(folder: Path, name: str) -> Path:
    target = folder / name
    counter = 1
    while target.exists():
        counter += 1
        stem, dot, ext = name.rpartition(".")
        target = folder / f"{stem}-{counter}{dot}{ext}"
    return target


def recover(store: Store) -> Recovery:
    """Merge this progress file's conflict copies into it and move them aside.

    Costs one folder listing when there are none (the tracker calls it on
    every refresh). A progress file that cannot be read itself is left to the
    store's own message: nothing is merged into it.
    """
    file = store.file
    result = Recovery(file=file)
    copies = find_copies(file)
    if not copies:
        return result
    try:
        with store.locked():  # re-entrant: a command that holds it already keeps it
            _recover_locked(store, copies, result)
    except SaveError:
        return result  # another pathtui holds the lock, or a read-only folder: next time
    except OSError:
        return result  # the copies stay where they are; doctor reports them
    return result


def _recover_locked(store: Store, copies: list[tuple[Path, str]], result: Recovery) -> None:
    file, path_id = store.file, store.path_id
    try:
        current = read_progress_bytes(file)
        if current is not None and _why_not(current, file, path_id) is not None:
            return  # the file itself is refused; the store says why
    except PathtuiError:
        return
    merged = current
    for copy, tool in copies:
        try:
            raw = read_progress_bytes(copy)
        except PathtuiError as exc:
            result.ignored.append((copy, str(exc).split(";", 1)[0]))
            continue
        why = _why_not(raw, copy, path_id)
        if why is not None:
            result.ignored.append((copy, why))
            continue
        assert raw is not None
        merged = raw if merged is None else merge_files(merged, raw, file, path_id)
        result.merged.append((copy, tool))
    if not result.merged:
        return
    if merged is not None and merged != current:
        if current is not None:
            store.backup()
        atomic_write(file, merged)
    result.changes = count_changes(current, merged, file, path_id)
    folder = file.parent / locations.BACKUPS / CONFLICTS
    folder.mkdir(parents=True, exist_ok=True)
    result.moved_to = folder
    for copy, _ in result.merged:
        os.replace(copy, _unique(folder, copy.name))


def keep_copy(file: Path, text: str, now: dt.datetime) -> Path:
    """Keep ``text`` (progress with changes the file lacks) beside ``file`` as a
    conflict copy of pathtui's own, which the next save merges in (``recover``)
    like a sync folder's: the way a tracker closing while another process holds
    the lock keeps its changes without writing the file. Raises OSError."""
    name = f"{file.stem}.pathtui-conflict-{now:%Y%m%d-%H%M%S}-{os.getpid()}.toml"
    target = _unique(file.parent, name)
    atomic_write(target, text)
    return target


def strays(file: Path, path_id: str) -> list[Path]:
    """Other ``<stem>*.toml`` files beside ``file`` that hold this path's progress
    under a name no sync tool uses (a copy made by hand, an unknown tool's):
    never merged silently, doctor reports them. Another path's file (say
    ``backend-web.toml``) names its own path and is not one."""
    stem = file.stem
    try:
        names = sorted(e.name for e in os.scandir(file.parent) if e.is_file())
    except OSError:
        return []
    found = []
    for name in names:
        if not name.startswith(stem) or not name.endswith(".toml") or name == file.name:
            continue
        if conflict_of(name) is not None:
            continue
        other = file.parent / name
        try:
            raw = read_progress_bytes(other)
            if raw is not None and _why_not(raw, other, path_id) is None:
                found.append(other)
        except PathtuiError:
            continue
    return found


def scan(folder: Path) -> list[tuple[Path, str]]:
    """Every conflict copy in a data folder, whatever file it belongs to (doctor)."""
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []
    return [(folder / n, known[0]) for n in names if (known := conflict_of(n)) is not None]


def _told_file(folder: Path) -> str:
    """Where a data folder's already-reported copies are remembered (the cache folder)."""
    from pathtui.storage.statuscache import digest

    return os.path.join(locations.cache_dir_name(), f"conflicts-told-{digest(str(folder))}.txt")


def _signature(copy: Path) -> str:
    try:
        st = copy.stat()
    except OSError:
        return copy.name
    return f"{copy.name}\t{st.st_size}\t{st.st_mtime_ns}"


def recover_and_tell(store: Store) -> list[str]:
    """``recover``, as lines to show the learner once each.

    What was recovered is told when it happens (the copies then move away, so
    it cannot be told twice); a copy left alone is told once per version of
    it, remembered in the cache folder. ``pathtui doctor`` lists them all.
    """
    try:
        result = recover(store)
    except PathtuiError as exc:  # a backup that could not be written, and so on
        return [str(exc)]
    lines = result.lines()[:1] if result.merged else []
    if not result.ignored:
        return lines
    try:
        told_file = _told_file(store.file.parent)
    except PathtuiError:  # no home folder, so no cache folder: tell every time
        return lines + [f"Left {copy} alone: {why}." for copy, why in result.ignored]
    try:
        with open(told_file, encoding="utf-8") as handle:
            told = set(handle.read().splitlines())
    except OSError:
        told = set()
    fresh = [(copy, why) for copy, why in result.ignored if _signature(copy) not in told]
    lines += [f"Left {copy} alone: {why}." for copy, why in fresh]
    if fresh:
        told |= {_signature(copy) for copy, _ in fresh}
        try:
            os.makedirs(os.path.dirname(told_file), exist_ok=True)
            atomic_write(Path(told_file), "\n".join(sorted(told)) + "\n")
        except OSError:
            pass
    return lines
