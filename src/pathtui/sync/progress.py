"""``pathtui sync``: progress shared between devices through any git remote.

git moves the files; pathtui decides what they hold. One round:

1. fetch (if the remote cannot be reached, nothing at all has changed);
2. merge in any conflict copies a sync folder left, then commit local changes
   (under the progress files' locks, so a save is never half-committed);
3. combine the remote's commit with ours. The tree is built here, file by
   file: a progress file changed on both sides is merged by pathtui's own
   rule (``merge.py``), never by git's text merge; other files changed on
   both sides go through ``git merge-file`` and a conflict stops the round;
4. write the merged files atomically (a backup of each progress file first),
   move the branch and the index to the new commit;
5. push; if the remote moved meanwhile (push rejected), go back to 1, a
   bounded number of times.

The working tree is written only by pathtui, file by file with
``atomic_write``, so a crash at any instant leaves whole files; a round cut
short is finished by the next one (merging is idempotent).

The clone itself (set-up, lock, fetch, commit, push) is ``clone.py``'s, the
merge commit's tree and writing it out (steps 3 and 4) ``integrate.py``'s.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.storage import locations
from pathtui.sync import clone
from pathtui.sync import outcome as remembered
from pathtui.sync.clone import (
    BRANCH,
    REMOTE,
    SyncState,
    commit_all,
    fetch,
    is_set_up,
    push,
)
from pathtui.sync.git import Git, GitStopped, SyncError, find_git, shown_remote
from pathtui.sync.integrate import adds_progress, count, integrate
from pathtui.sync.memo import Round
from pathtui.sync.merge import read_path_id, remember_written, settle
from pathtui.sync.progressfiles import locked, progress_files

__all__ = ["BRANCH", "Git", "Outcome", "SyncError", "init", "is_set_up", "state", "sync"]

#: Rounds of fetch-merge-push before giving up on a remote that keeps moving.
MAX_PUSH_ATTEMPTS = 5
MERGE_DRIVER = "pathtui"
COMMIT_MESSAGE = "pathtui: progress"
GITIGNORE_LINES = (
    "# Written by pathtui sync: locks, temp files, caches and backups stay on this device.",
    "*.lock",
    "*.tmp",
    ".*.tmp",
    ".status-cache-*",
    ".path-cache-*",
    "__pycache__/",
    f"{locations.BACKUPS}/",
    "# Sync-folder conflict copies pathtui could not merge stay on this device too.",
    "*.sync-conflict-*",
    "* (*conflicted copy *)*",
    "*_conflict-*",
    "* ([0-9]*).toml",
    "/*-*[A-Z]*.toml",
    "*.pathtui-conflict-*",
)
GITATTRIBUTES_LINES = (
    "# Written by pathtui sync: progress files merge with pathtui's merge, never as text.",
    f"*.toml merge={MERGE_DRIVER}",
)
#: The settings a round reads, all in one git call (git lower-cases the names).
ROUND_SETTINGS = (
    rf"^(remote\.{REMOTE}\.url|core\.sshcommand|merge\.{MERGE_DRIVER}\..*|pull\.rebase)$"
)


class Outcome:
    """What one round did, for its one line of output."""

    def __init__(self, remote: str) -> None:
        self.remote = remote
        self.sent = 0
        self.received = 0
        self.pushed = False
        #: The remote had no progress (or not this file) before this round pushed some.
        self.first_push = False
        #: This device had no progress (or not this file) before this round brought some.
        self.first_pull = False
        self.attempts = 0
        self.notices: list[str] = []

    def line(self) -> str:
        where = shown_remote(self.remote)
        if self.first_push and not self.sent and not self.received:
            return f"Synced with {where}: sent your progress (the remote had none yet)."
        if self.first_pull and not self.sent and not self.received:
            return f"Synced with {where}: received your progress (this device had none yet)."
        if not self.sent and not self.received:
            return f"Up to date with {where}: nothing to send or receive."
        return (
            f"Synced with {where}: sent {_changes(self.sent)}, received {_changes(self.received)}."
        )


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


def data_folder() -> Path:
    return locations.data_dir()


# --------------------------------------------------------------------------- set-up


def _ensure_lines(file: Path, lines: tuple[str, ...]) -> None:
    """Add our lines to a file the learner may have written too (never remove theirs)."""
    try:
        existing = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        existing = ""
    have = set(existing.splitlines())
    missing = [ln for ln in lines if ln not in have]
    if missing:
        from pathtui.storage.atomic import atomic_write

        sep = "" if not existing or existing.endswith("\n") else "\n"
        atomic_write(file, existing + sep + "\n".join(missing) + "\n")


def driver_command() -> str:
    """How git runs the merge driver: this very pathtui, wherever it is installed."""
    import shlex

    return f"{shlex.quote(sys.executable)} -m pathtui merge-driver %O %A %B %P"


def configure(git: Git, have: dict[str, list[str]] | None = None) -> None:
    """The repository settings a hand-run ``git pull`` needs to merge correctly.

    ``have`` is what the repository holds already (``clone.read_config``):
    only a setting that differs is written.
    """
    wanted = {
        f"merge.{MERGE_DRIVER}.name": "pathtui progress merge",
        f"merge.{MERGE_DRIVER}.driver": driver_command(),
        "pull.rebase": "false",
    }
    for name, value in wanted.items():
        if have is None or have.get(name) != [value]:
            git.run("config", name, value)
    _ensure_lines(git.folder / ".gitignore", GITIGNORE_LINES)
    _ensure_lines(git.folder / ".gitattributes", GITATTRIBUTES_LINES)


def init(remote: str, folder: Path | None = None) -> Outcome:
    """Make the data folder a git repository with ``remote``, then sync once.

    The remote is checked first, so an address that does not work changes
    nothing; if the first round fails, a repository made here is removed again.
    """
    folder = folder or data_folder()
    remote = clone.checked_remote(remote)
    program = find_git()
    clone.probe(remote, folder, program)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"Cannot create the data folder {folder}: {exc.strerror}.") from None
    git = Git(folder, program)
    created = not is_set_up(folder)
    made = [p for p in (folder / ".gitignore", folder / ".gitattributes") if not p.exists()]
    try:
        clone.attach(
            git,
            remote,
            is_ours=lambda: (
                git.run("config", f"merge.{MERGE_DRIVER}.driver", check=False).returncode == 0
            ),
            elsewhere=(
                f"The data folder {folder} is already a git repository whose remote "
                f"{REMOTE} points elsewhere; pathtui leaves it alone: give pathtui a "
                "data folder of its own or set that remote yourself."
            ),
        )
        configure(git)
        return sync(folder)
    except BaseException:
        if created:
            _undo_init(folder, made)
        raise


def _undo_init(folder: Path, made: list[Path]) -> None:
    """Remove the repository ``init`` made, and the files it added."""
    import shutil

    shutil.rmtree(folder / ".git", ignore_errors=True)
    for path in made:
        try:
            path.unlink()
        except OSError:
            pass


# --------------------------------------------------------------------------- one round


def sync(
    folder: Path | None = None, *, repair: bool = False, stop: threading.Event | None = None
) -> Outcome:
    """One round (see the module docstring); raises SyncError with one sentence.

    ``repair``: a file on the remote that pathtui refuses is replaced there by
    this device's version instead of stopping the round. ``stop``: set it to
    stop a round that waits on the remote (the tracker closing). How the round
    ended is remembered on this device (``outcome.py``) for doctor and the tracker.
    """
    folder = folder or data_folder()
    if not is_set_up(folder):
        raise SyncError(
            f"The data folder {folder} is not set up for sync yet; run "
            "`pathtui sync init REMOTE` with your git remote first."
        )
    try:
        result = _sync(folder, repair, stop)
    except GitStopped:
        raise  # not a failure of the remote: the caller asked
    except PathtuiError as exc:
        remembered.remember(folder, False, str(exc))
        raise
    remembered.remember(folder, True, result.line())
    return result


def _sync(folder: Path, repair: bool, stop: threading.Event | None) -> Outcome:
    git = Git(folder, stop=stop)
    settings = clone.read_config(git, ROUND_SETTINGS)
    remote = settings.get(f"remote.{REMOTE}.url", [""])[0].strip()
    if not remote:
        raise SyncError(
            f"The data folder {folder} has no remote named {REMOTE}; run "
            "`pathtui sync init REMOTE` to set one."
        )
    git.ssh = settings.get("core.sshcommand", [""])[-1]  # git uses the last one set
    outcome = Outcome(remote=remote)
    with clone.locked(folder) as cleared:
        outcome.notices += cleared
        _rounds(Round(git), outcome, settings, repair)
    clone.write_last_sync(folder)
    return outcome


def _rounds(
    r: Round, outcome: Outcome, settings: dict[str, list[str]] | None = None, repair: bool = False
) -> None:
    theirs = fetch(r.git, outcome.remote)
    configure(r.git, settings)  # heals a driver path left behind by a reinstall
    outcome.notices += _recover_conflicts(r.folder)
    start = _commit_local(r, outcome.notices)
    for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
        outcome.attempts = attempt
        if attempt > 1:
            theirs = fetch(r.git, outcome.remote)
            _commit_local(r, outcome.notices)
        head = integrate(r, theirs, outcome.notices, repair=repair)
        if head is None or head == theirs:
            break
        if push(r.git, outcome.remote):
            outcome.pushed = True
            break
    else:
        raise SyncError(
            f"The remote {shown_remote(outcome.remote)} changed during each of "
            f"{MAX_PUSH_ATTEMPTS} attempts to push; your changes are merged and committed "
            "here, run pathtui sync again to send them."
        )
    final = r.head()
    outcome.received = count(r, start, final)
    outcome.sent = count(r, theirs, final) if outcome.pushed else 0
    outcome.first_push = outcome.pushed and (theirs is None or adds_progress(r, theirs, final))
    outcome.first_pull = adds_progress(r, start, final)
    r.keep_indexes()


def _commit_local(r: Round, notices: list[str]) -> str | None:
    """Commit what changed here since the last round; returns HEAD.

    Only the progress files git lists as changed are read: an unchanged one
    is the committed one, checked when it was committed. Each changed one is
    first merged with its last committed version (and, if it went back in
    time, with this device's copies: ``replica.py``), so an older copy put
    back over it is committed as the merge, never as a revert of newer
    changes that then wins on every device.
    """
    files = progress_files(r.folder)
    with locked(files):
        changed = clone.changed_names(r.git)
        # An older copy put back over a file may match what was committed, so
        # git sees no change; this device's last write tells (one read each).
        put_back = {f.name for f in files if f.name not in changed and _put_back(f)}
        if not changed and not put_back:
            return r.head()
        committed = r.tree(r.head())
        for file in files:
            if file.name in changed or file.name in put_back:
                found = committed.get(file.name)
                notice = _settle(r, file, found[1] if found else None)
                if notice is not None:
                    notices.append(notice)
        head = commit_all(r.git, COMMIT_MESSAGE)
        r.moved(head)
        return head


def _put_back(file: Path) -> bool:
    """Whether ``file`` is not what this device last wrote to it (a copy put
    back, or a change made outside pathtui): worth settling though git saw
    no change."""
    from pathtui.storage import replica

    return replica.differs_from_last_written(file)


def _settle(r: Round, file: Path, committed: str | None) -> str | None:
    """Merge a progress file with its committed version (``merge.settle``),
    writing it back if that brought anything in; the sentence to tell, if any.

    A progress file that does not parse is never sent (the store's message
    says why); a file that names no path is not progress (git's rules apply).
    """
    from pathtui.storage import replica
    from pathtui.storage.progressread import read_progress_bytes

    raw = read_progress_bytes(file)
    if raw is None:
        return None
    path_id = read_path_id(raw)
    if path_id is None:
        return None
    head = r.blob(committed) if committed is not None else None
    try:
        text, notice = settle(raw, head, file, path_id, r.progress)
    except PathtuiError as exc:
        raise SyncError(f"{exc} Nothing was synced.") from None
    if text is None:
        # The next round need not look again.
        replica.remember(file, raw, r.progress(raw, file, path_id).last)
        return None
    from pathtui.storage.atomic import atomic_write
    from pathtui.storage.backupfiles import SYNC_SUFFIX
    from pathtui.storage.store import Store

    Store(path_id, file).backup(kind=SYNC_SUFFIX)
    atomic_write(file, text)
    remember_written(file, text, path_id)
    return notice


def _may_be_a_copy(name: str) -> bool:
    """A name a sync tool's copy of some progress file may have (the rule of
    ``Store.may_have_conflict_copies``, for any file of the folder)."""
    if locations.CONFLICT_WORD in name:
        return True
    return name.endswith(".toml") and (" (" in name or not name.islower())


def _recover_conflicts(folder: Path) -> list[str]:
    """Merge in what a sync folder left beside each progress file."""
    import os

    try:
        with os.scandir(folder) as entries:
            if not any(_may_be_a_copy(e.name) for e in entries):
                return []  # no sync tool left a copy: nothing to read
    except OSError:
        return []
    from pathtui.storage.progressread import read_progress_bytes
    from pathtui.storage.store import Store
    from pathtui.sync.conflicts import recover_and_tell

    lines: list[str] = []
    for file in progress_files(folder):
        try:
            raw = read_progress_bytes(file)
        except ProgressFileError:
            continue
        path_id = read_path_id(raw) if raw else None
        if path_id is not None:
            lines += recover_and_tell(Store(path_id, file))
    return lines


def state(folder: Path | None = None) -> SyncState | None:
    """The sync state of the data folder, or None if sync is not set up."""
    return clone.state(folder or data_folder())
