"""``pathtui doctor``: check everything a learner's progress depends on.

The path file, the progress file (parses, schema), the lock (can be taken),
the folder (a save could be written), leftover temp files, and what a new
release of the path did to the learner's progress: ids it no longer has (their
progress is kept) and renames it declared (their progress carries over).

It also merges in conflict copies a sync folder left beside the progress file
(moving them to ``backups/conflicts/``) and a progress file that went back in
time (an older copy put back: ``storage/replica.py``), as every saving
command does, and says where sync stands: a round that failed, a git lock
file left behind, copies under names no sync tool uses. Beyond that doctor
changes nothing: at most it creates the empty lock file a first save would
create anyway. Pure core: no Typer, no Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.model import clock as hlc
from pathtui.model.path import LearningPath
from pathtui.model.progress import PROGRESS_SCHEMA, Progress
from pathtui.model.sanitise import sanitise
from pathtui.storage.atomic import TEMP_SUFFIX, leftover_temp_files
from pathtui.storage.backupfiles import backups_newest_first, kept_copy, newest_backup
from pathtui.storage.locations import BACKUPS
from pathtui.storage.lock import FileLock, LockTimeout
from pathtui.storage.pathfile import load_path
from pathtui.storage.progressfile import MAX_SHOWN_DIGITS
from pathtui.storage.progressread import (
    loads_progress,
    read_progress,
    read_progress_bytes,
    set_aside_words,
)
from pathtui.storage.store import Store

#: How long doctor waits for the lock before saying another pathtui holds it.
DOCTOR_LOCK_SECONDS = 1.0
#: Read at most this many backups looking for one with progress in it.
MAX_BACKUPS_READ = 30
#: List at most this many ids in one line; the rest are counted.
MAX_LISTED = 12

OK, NOTE, PROBLEM = "ok", "note", "problem"


@dataclass(frozen=True, slots=True)
class Finding:
    """One line of the report: ``level`` is ok, note (fine, worth knowing) or problem."""

    level: str
    text: str


@dataclass
class Report:
    """What doctor found; ``problems`` decide the exit code."""

    findings: list[Finding] = field(default_factory=list)
    orphans: dict[str, str] = field(default_factory=dict)
    renames: list[tuple[str, str]] = field(default_factory=list)
    leftovers: list[Path] = field(default_factory=list)

    def add(self, level: str, text: str) -> None:
        self.findings.append(Finding(level, text))

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.level == PROBLEM]


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def _listed(ids: list[str]) -> str:
    shown = ", ".join(sanitise(i)[:64] for i in ids[:MAX_LISTED])
    more = len(ids) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def diagnose(path_file: Path | str | None = None, store: Store | None = None) -> Report:
    """Run every check; never raises for anything a learner's files can contain."""
    report = Report()
    try:
        if path_file is None:
            from pathtui.storage.locations import default_path_name

            path_file = default_path_name()  # the library's default, if one is set
        path = load_path(path_file)
        if path_file is not None and store is None:
            from pathtui.storage.library import claim

            claim(path, path_file)
    except PathtuiError as exc:
        report.add(PROBLEM, str(exc))
        return report
    from pathtui.model.plan import step_plan

    steps, extras = len(path.steps), len(path.extras.items) if path.extras else 0
    counted = sum(step_plan(step, {}).total for step in path.steps)
    report.add(
        OK,
        f"Path {path.id!r} from {path.source}: {len(path.items)} items in {steps} steps"
        + (
            f" ({counted} count toward progress; options not picked and optional items do not)"
            if counted != len(path.items)
            else ""
        )
        + (f", {extras} extras" if extras else "")
        + ".",
    )
    from pathtui.model.pathlint import lint

    for finding in lint(path):
        report.add(NOTE, f"Path file {path.source}, {finding}.")
    try:
        store = store or Store(path.id)
    except PathtuiError as exc:  # no home folder
        report.add(PROBLEM, str(exc))
        return report
    _check_conflicts(report, store)
    progress = _check_progress(report, store)
    _check_folder(report, store)
    _check_sync(report, store.file.parent)
    if progress is not None:
        _check_upgrade(report, path, progress)
    return report


def _check_progress(report: Report, store: Store) -> Progress | None:
    file = store.file
    try:
        raw = read_progress_bytes(file)
        progress = None if raw is None else loads_progress(raw, file, store.path_id)
    except PathtuiError as exc:
        report.add(PROBLEM, str(exc))
        return None
    if progress is None:
        report.add(OK, f"No progress file yet at {file}; your first change creates it.")
        return None
    aside = progress.set_aside  # what this file holds, before any catching up
    if progress.schema <= PROGRESS_SCHEMA:
        progress = _check_went_back(report, store, progress)
    ticked = sum(1 for entry in progress.items.values() if entry.state != "todo")
    logged = len(progress.live_log())
    if progress.schema > PROGRESS_SCHEMA:
        report.add(
            PROBLEM,
            f"Progress file {file} was written by a newer pathtui (schema "
            f"{str(progress.schema)[:MAX_SHOWN_DIGITS]}; "
            f"this one writes {PROGRESS_SCHEMA}): it can be read but not changed; upgrade "
            "pathtui.",
        )
    else:
        report.add(
            OK,
            f"Progress file {file} reads {'' if aside else 'cleanly '}"
            f"(schema {progress.schema}): "
            f"{_count(ticked, 'item')} with a state, {_count(logged, 'log entry', 'log entries')}.",
        )
    if aside and raw is not None:
        _check_set_aside(report, file, raw, aside)
    _check_clock(report, file, progress)
    _check_backups(report, file, store.path_id)
    return progress


def _check_set_aside(report: Report, file: Path, raw: bytes, aside: list[tuple[str, str]]) -> None:
    """Values the reader set aside: every one named, and where the file as it is is kept."""
    kept = kept_copy(file, raw)
    where = (
        f"the file as it is now is kept in {kept}"
        if kept is not None
        else "the next command that reads it keeps the file as it is now in "
        f"{file.parent / BACKUPS} first"
    )
    report.add(
        PROBLEM,
        f"Progress file {file} holds {_count(len(aside), 'value')} pathtui cannot use, "
        f"left out of your progress: {set_aside_words(aside, MAX_LISTED)}; {where}. "
        "Writing one of them again (or a reset) replaces it; to fix one by hand, edit that "
        "copy and restore it (`pathtui restore FILE`).",
    )


def _check_went_back(report: Report, store: Store, progress: Progress) -> Progress:
    """A file older than what this device saw in it: merged back and written, as
    a saving command would (``storage/replica.py``)."""
    from pathtui.storage import replica

    merged, notice = replica.catch_up(store.file, store.path_id, progress)
    if notice is None:
        return progress
    try:
        with store.locked():
            loaded = store.load(progress.settings.hours_per_week)
            store.take_notices()
            merged = store.save(loaded)
    except PathtuiError as exc:
        report.add(PROBLEM, f"{notice} It could not be written back yet: {exc}")
        return merged
    report.add(NOTE, notice)
    return merged


def _check_clock(report: Report, file: Path, progress: Progress) -> None:
    """A stamp far ahead of this clock: some device's clock is (or was) wrong."""
    newest = max(progress.stamps(), default="")
    if not newest:
        return
    ahead = hlc.ahead(newest)
    if ahead <= hlc.SKEW_LIMIT:
        return
    report.add(
        PROBLEM,
        f"A change in {file} is stamped {hlc.wall(newest):%Y-%m-%d %H:%M} UTC, "
        f"{ahead.days} days ahead of this computer's clock: this device's clock or another's "
        "is wrong. pathtui keeps that change and later changes still win over it, but set "
        "the clocks right.",
    )


def _check_backups(report: Report, file: Path, path_id: str) -> None:
    """The newest backup, and the newest that has progress in it (a restore candidate)."""
    newest = newest_backup(file)
    if newest is None:
        return
    report.add(NOTE, f"Newest backup: {newest}.")
    for backup in backups_newest_first(file)[:MAX_BACKUPS_READ]:
        try:
            progress = read_progress(backup, path_id)
        except PathtuiError:
            continue
        if progress is None:
            continue
        ticked = sum(1 for entry in progress.items.values() if entry.state != "todo")
        logged = len(progress.live_log())
        if ticked or logged:
            if backup != newest:
                report.add(
                    NOTE,
                    f"Newest backup with progress in it: {backup} "
                    f"({_count(ticked, 'item')} with a state, "
                    f"{_count(logged, 'log entry', 'log entries')}).",
                )
            return
    report.add(NOTE, "No backup holds any progress yet.")


def _check_folder(report: Report, store: Store) -> None:
    folder = store.file.parent
    if not folder.is_dir():
        report.add(OK, f"Data folder {folder} does not exist yet; nothing to lock.")
        return
    try:
        with FileLock(store.lock_file, timeout=DOCTOR_LOCK_SECONDS):
            _probe_write(store.file)
    except LockTimeout:
        report.add(
            PROBLEM,
            f"Another pathtui has held the lock {store.lock_file} for over "
            f"{DOCTOR_LOCK_SECONDS:g} s; if it stays busy, close the other pathtui windows.",
        )
    except OSError as exc:
        report.add(
            PROBLEM,
            f"Saving in {folder} would fail ({exc.strerror or exc}); make the folder "
            "writable or set PATHTUI_DATA_DIR to another folder.",
        )
    else:
        report.add(OK, f"The lock can be taken and {folder} is writable.")
    leftovers = leftover_temp_files(store.file)
    report.leftovers = leftovers
    if leftovers:
        names = _listed([p.name for p in leftovers])
        report.add(
            NOTE,
            f"{len(leftovers)} temp files from interrupted saves ({names}); they hold "
            "nothing you need and the next save removes them.",
        )


def _check_conflicts(report: Report, store: Store) -> None:
    """Merge in conflict copies a sync folder left, and say what was found."""
    from pathtui.sync.conflicts import conflict_of, recover, scan, strays

    try:
        result = recover(store)
    except PathtuiError as exc:  # a merge past the limits, a backup that could not be written
        report.add(PROBLEM, str(exc))
        return
    for line in result.lines():
        report.add(NOTE, line)
    handled = {copy for copy, _ in result.ignored} | {copy for copy, _ in result.merged}
    left = [copy for copy, _ in scan(store.file.parent) if copy not in handled]
    ours = [c for c in left if (conflict_of(c.name) or ("", ""))[1] == store.file.stem]
    others = [c for c in left if c not in ours]
    if ours:  # not merged just now: another pathtui holds the lock
        report.add(
            NOTE,
            f"{_count(len(ours), 'conflict copy', 'conflict copies')} of {store.file.name} "
            f"({_listed([p.name for p in ours])}) could not be merged just now; the next "
            "save merges it, or run `pathtui doctor` again once other pathtui windows are closed.",
        )
    if others:
        report.add(
            NOTE,
            f"{_count(len(others), 'conflict copy', 'conflict copies')} of other files in "
            f"{store.file.parent}: {_listed([p.name for p in others])}; pathtui merges a copy "
            "when it opens the path that file belongs to.",
        )
    found = strays(store.file, store.path_id)
    for stray in found:
        command = f"pathtui import {shlex.quote(str(stray))}"  # as it would be pasted
        report.add(
            NOTE,
            f"{stray} holds progress for {store.path_id!r} too, but its name is not a sync "
            f"tool's conflict copy, so pathtui did not merge it: if it holds changes you "
            f"want, run `{command}` (which merges), then move it out of "
            f"{store.file.parent}.",
        )
    if not (result.merged or result.ignored or left or found):
        report.add(OK, "No conflict copies from a sync folder.")


def _check_sync(report: Report, folder: Path) -> None:
    """Where sync goes, when it last ran and what waits to be sent."""
    from pathtui.sync import progress as sync_progress
    from pathtui.sync.git import shown_remote

    try:
        found = sync_progress.state(folder)
    except PathtuiError as exc:
        report.add(NOTE, f"Sync is set up in {folder}, but its state cannot be read: {exc}")
        return
    if found is None:
        report.add(OK, "Sync through git is not set up (see `pathtui sync init`).")
        return
    _check_git_locks(report, folder)
    _check_last_round(report, folder)
    when = found.last_sync.astimezone().strftime("%Y-%m-%d %H:%M") if found.last_sync else "never"
    waiting = found.unpushed_commits + found.uncommitted_files
    text = f"Sync with {shown_remote(found.remote) or '(no remote)'}; last synced: {when}"
    if waiting:
        parts = []
        if found.uncommitted_files:
            parts.append(_count(found.uncommitted_files, "changed file"))
        if found.unpushed_commits:
            parts.append(_count(found.unpushed_commits, "commit"))
        report.add(NOTE, f"{text}; not sent yet: {', '.join(parts)} (run `pathtui sync`).")
    else:
        report.add(OK, f"{text}; nothing waits to be sent.")


def _check_last_round(report: Report, folder: Path) -> None:
    """A round that failed here: changes stop reaching the other devices until fixed."""
    from pathtui.sync import outcome

    last = outcome.last(folder)
    if last is None or last.ok:
        return
    since = last.failing_since or last.at
    when = _local(last.at)
    run = "" if since >= last.at else f"; it has failed every time since {_local(since)}"
    report.add(
        PROBLEM,
        f"The last pathtui sync here ({when}) failed{run}, so your changes since then have "
        f"not reached your other devices: {sanitise(last.message)}",
    )


def _check_git_locks(report: Report, folder: Path) -> None:
    """Lock files git left in the data folder's repository."""
    from pathtui.sync.git import lock_files, stale_locks

    git_dir = folder / ".git"
    locks = lock_files(git_dir)
    if not locks:
        return
    stale = set(stale_locks(git_dir))
    for lock in locks:
        if lock in stale:
            report.add(
                NOTE,
                f"{lock} was left by a git that was stopped before it finished; "
                "the next pathtui sync removes it.",
            )
        else:
            report.add(NOTE, f"{lock} is held by a git that is running now.")


def _local(when: dt.datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _probe_write(file: Path) -> None:
    """Create and remove a file where a save would put its temp file."""
    # Named like a save's temp file, so a save removes it if doctor is killed here.
    probe = file.with_name(f".{file.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.unlink(probe)


def _check_upgrade(report: Report, path: LearningPath, progress: Progress) -> None:
    renames = path.renames()
    report.renames = [(old, new) for old, new in renames.items() if old in progress.items]
    for old, new in report.renames:
        report.add(
            NOTE,
            f"Renamed: progress on {old!r} carries over to {new!r} (saved with your next change).",
        )
    known = set(path.item_ids())
    report.orphans = {
        key: entry.state
        for key, entry in sorted(progress.items.items())
        if key not in known and key not in renames
    }
    if report.orphans:
        listed = _listed([f"{key} ({state})" for key, state in report.orphans.items()])
        report.add(
            NOTE,
            f"Kept: progress for {len(report.orphans)} ids this path no longer has: "
            f"{listed}; it stays in your file in case they come back.",
        )
