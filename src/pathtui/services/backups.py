"""Backups and restoring them: what each backup holds, and a restore that
really brings the progress back.

A restore is a replace: the current progress is backed up first (so a restore
can itself be undone), then the backup's progress takes its place whole. A
merge could not do it: after a reset, everything in an older file is older
than the reset and a merge rightly keeps it out. Like ``transfer`` this works
through a Session and neither prints nor asks; the CLI and the tracker do.
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathtui.errors import ProgressFileError
from pathtui.model.holding import Holding as Holding
from pathtui.model.progress import Progress
from pathtui.services.session import Session
from pathtui.storage import backupfiles


@dataclass(frozen=True, slots=True)
class Backup:
    """One file in backups/: when it was written and what it holds (or why not)."""

    file: Path
    written: dt.datetime
    holding: Holding | None
    problem: str = ""


def _read_backup(file: Path, path_id: str) -> Progress:
    """A backup as pathtui wrote it goes through the progress file's fast reader
    (which takes only that exact layout, every value checked); anything else
    gets an import's full checks and wording. Listing ten backups through
    ``tomllib`` cost ``pathtui restore`` several times Python's start."""
    from pathtui.storage import fastread
    from pathtui.storage.progressfile import without_bom
    from pathtui.storage.progressread import read_progress_bytes

    try:
        raw = read_progress_bytes(file)
        fast = fastread.read(without_bom(raw), path_id) if raw else None
    except (ProgressFileError, UnicodeDecodeError):
        fast = None
    if fast is not None:
        return fast
    from pathtui.services.transfer import read_import

    return read_import(file, path_id)


def backups_of(session: Session) -> list[Backup]:
    """This path's backups, newest first, each read and checked like an import.

    What each holds is kept in the cache folder by file name and signature
    (size, mtime, inode): a backup is never changed once written, so
    ``pathtui restore`` reads only the backups it has not seen before.
    """
    from pathtui.services.summarycache import cache_dir
    from pathtui.storage import statuscache

    folder = cache_dir()
    key = f"{session.store.file}\n{session.path.id}"
    known = statuscache.read_backup_cache(folder, key) if folder else {}
    seen: dict[str, list[Any]] = {}
    out = []
    for file in backupfiles.backups_newest_first(session.store.file):
        try:
            st = file.stat()
        except OSError:
            continue
        written = dt.datetime.fromtimestamp(st.st_mtime).astimezone()
        signature = [st.st_mtime_ns, st.st_size, st.st_ino]
        entry = known.get(file.name)
        try:
            if not isinstance(entry, list) or entry[:3] != signature:
                raise ValueError("not seen yet, or changed")
            holding, problem = _from_entry(entry[3:])
        except (ValueError, TypeError, OverflowError):
            entry = [*signature, *_summarise(file, session.path.id)]
            holding, problem = _from_entry(entry[3:])
        seen[file.name] = entry
        out.append(Backup(file, written, holding, problem))
    if folder and seen != known:
        statuscache.write_backup_cache(folder, key, seen)
    # The files come newest first by name (time, then counter): a stable sort
    # keeps that order where two were written in the same second.
    return sorted(out, key=lambda b: b.written, reverse=True)


def _summarise(file: Path, path_id: str) -> list[Any]:
    """A backup's holding as plain values (marshal keeps no dates), or its problem."""
    try:
        h = Holding.of(_read_backup(file, path_id))
    except ProgressFileError as exc:
        return ["", str(exc)]
    return [[h.items, h.hours, h.notes, h.start_date.toordinal(), h.ratings], ""]


def _from_entry(values: list[Any]) -> tuple[Holding | None, str]:
    held, problem = values
    if not held:
        return None, problem
    items, hours, notes, start, ratings = held
    return Holding(items, hours, notes, dt.date.fromordinal(start), ratings), ""


def find_backup(session: Session, name: str) -> Path:
    """A file as given, or else a file of that name in backups/."""
    return backupfiles.find_backup(session.store.file, name)


def restore_command(backup: Path, path_file: Path | None = None) -> str:
    """The exact command that restores ``backup`` (what `reset` prints)."""
    words = ["pathtui"]
    if path_file is not None:
        words += ["--path", str(path_file)]
    words += ["restore", str(backup)]
    return " ".join(shlex.quote(w) for w in words)


def replace_progress(session: Session, progress: Progress) -> Path | None:
    """Back up the current progress, then make ``progress`` the progress in a new
    epoch, so nothing older (another window, a synced copy) brings back what
    was replaced. Returns the backup (None if nothing was saved yet).

    The one way ``import --replace``, ``restore`` and the tracker's restore
    after a reset replace progress.
    """
    progress.apply_renames(session.path.renames())
    session.progress, backup = session.store.replace(session.progress, progress)
    return backup


def open_for_restore(path_file: Path | None) -> tuple[Session, str]:
    """The Session a restore works on, and why its progress file cannot be read
    ('' when it can).

    A file that exists but cannot be parsed (damaged by hand or by a disk) is
    exactly when a learner needs their backups: the Session then starts from
    nothing, and ``restore_over`` keeps the file aside before it writes.
    A file that cannot be opened at all (permissions, a folder) is refused as
    everywhere else: its own sentence says how to fix it.
    """
    try:
        return Session.open(path_file), ""
    except ProgressFileError as exc:
        from pathtui.storage.locations import default_path_name
        from pathtui.storage.pathcache import load_path_cached
        from pathtui.storage.progressread import read_progress_bytes
        from pathtui.storage.store import Store

        path = load_path_cached(path_file if path_file is not None else default_path_name())
        store = Store(path.id)
        if read_progress_bytes(store.file) is None:  # raises what cannot be opened
            raise
        fresh = Progress.new(path.id, path.baseline.hours_per_week)
        return Session(path=path, store=store, progress=fresh), str(exc)


def restore_over(
    session: Session, progress: Progress, unreadable: bool
) -> tuple[Path | None, Path | None]:
    """Restore ``progress``: the current file is backed up first, or, when it
    cannot be read, renamed aside (``Store.set_aside``); never deleted.
    Returns (the backup, the file set aside); either may be None."""
    if not unreadable:
        return replace_progress(session, progress), None
    with session.store.locked():
        aside = session.store.set_aside()
        return replace_progress(session, progress), aside


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _listed(parts: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


@dataclass(frozen=True, slots=True)
class ResetScope:
    """What a reset clears and what it keeps, with counts: the one wording the
    CLI's question and the tracker's dialog both show."""

    cleared: str
    kept: str


def reset_scope(session: Session, everything: bool = False) -> ResetScope:
    """Name, with counts, what ``reset`` (or ``reset --all``) clears and keeps."""
    from pathtui.model.applications import applications_table
    from pathtui.model.durations import format_hours
    from pathtui.model.projects import projects_table

    done = session.estimate().items_complete
    held = Holding.of(session.progress)
    cleared = [
        f"{_count(done, 'item')} done or skipped",
        f"the study log ({format_hours(held.hours) if held.hours else 'empty'})",
        f"notes on {_count(held.notes, 'item')}",
    ]
    if held.ratings:
        cleared.append(_count(held.ratings, "review rating"))
    portfolio_and_jobs = [
        _count(len(applications_table(session.progress).live()), "job application"),
        _count(len(projects_table(session.progress).live()), "portfolio project"),
    ]
    kept = ["your settings (pace, study days, goals)"]
    if everything:
        cleared += portfolio_and_jobs
    else:
        kept = portfolio_and_jobs + kept
    cleared.append(f"the start date ({held.start_date.isoformat()})")
    return ResetScope(cleared=_listed(cleared), kept=_listed(kept))


def reset_question(session: Session, everything: bool = False) -> str:
    """The reset's y/N question, naming everything that goes and what stays."""
    scope = reset_scope(session, everything)
    what = "everything" if everything else "your learning progress"
    also = "" if everything else "; `pathtui reset --all` clears the applications and projects too"
    return (
        f"This clears {what} on {session.path.title!r}: {scope.cleared}. "
        f"Kept: {scope.kept}{also}. A backup is written first. Reset?"
    )


def why_unchanged(mine: Progress, theirs: Progress) -> str:
    """Why merging ``theirs`` into ``mine`` changed nothing, in one sentence."""
    from pathtui.model import clock as hlc

    stamps = [stamp for stamp in theirs.stamps() if stamp != hlc.FLOOR]
    if mine.epoch and stamps and max(stamps) <= mine.epoch:
        when = hlc.wall(mine.epoch).astimezone().strftime("%Y-%m-%d %H:%M")
        return f"everything in it is older than your last reset or restore ({when})"
    if not theirs.items and not theirs.live_log():
        return "it holds no progress"
    return "your progress already has everything in it"
