"""``pathtui sync``: progress shared between devices through any git remote.

git moves the files; pathtui decides what they hold. One round:

1. fetch (if the remote cannot be reached, nothing at all has changed);
2. merge in any conflict copies a sync folder left, then commit local changes
   (under the progress files' locks, so a save is never half-committed);
3. combine the remote's commit with ours. The tree is built here, file by
   file: a progress file changed on both sides is merged by pathtui's own
   rule (``syncmerge``), never by git's text merge; other files changed on
   both sides go through ``git merge-file`` and a conflict stops the round;
4. write the merged files atomically (a backup of each progress file first),
   move the branch and the index to the new commit;
5. push; if the remote moved meanwhile (push rejected), go back to 1, a
   bounded number of times.

The working tree is written only by pathtui, file by file with
``atomic_write``, so a crash at any instant leaves whole files; a round cut
short is finished by the next one (merging is idempotent).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.storage import locations
from pathtui.storage.atomic import atomic_write, free_name
from pathtui.storage.backupfiles import SYNC_SUFFIX
from pathtui.storage.lock import FileLock, LockTimeout
from pathtui.storage.progressread import read_progress_bytes
from pathtui.storage.store import LOCK_TIMEOUT_SECONDS, Store
from pathtui.sync.git import Git, SyncError, failure, find_git, shown_remote
from pathtui.sync.merge import count_changes, merge_files, read_path_id

REMOTE = "origin"
BRANCH = "main"
REMOTE_REF = f"refs/remotes/{REMOTE}/{BRANCH}"
#: Rounds of fetch-merge-push before giving up on a remote that keeps moving.
MAX_PUSH_ATTEMPTS = 5
#: Seconds to wait for another ``pathtui sync`` of the same folder.
SYNC_LOCK_SECONDS = 60.0
#: Files inside ``.git`` that belong to pathtui (never synced: ``.git`` stays local).
SYNC_LOCK_NAME = "pathtui-sync.lock"
LAST_SYNC_NAME = "pathtui-last-sync"
MERGE_DRIVER = "pathtui"
COMMIT_MESSAGE = "pathtui: progress"
MERGE_MESSAGE = "pathtui: merge progress"
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
)
GITATTRIBUTES_LINES = (
    "# Written by pathtui sync: progress files merge with pathtui's merge, never as text.",
    f"*.toml merge={MERGE_DRIVER}",
)
EXECUTABLE_MODES = ("100755",)
#: Where the remote's side of a non-progress file git could not merge is kept.
CONFLICTS_ASIDE = "sync-conflicts"


@dataclass
class Outcome:
    """What one round did, for its one line of output."""

    remote: str
    sent: int = 0
    received: int = 0
    pushed: bool = False
    #: The remote had no progress before this round pushed some.
    first_push: bool = False
    attempts: int = 0
    notices: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = shown_remote(self.remote)
        if self.first_push and not self.sent and not self.received:
            return f"Synced with {where}: sent your progress (the remote had none yet)."
        if not self.sent and not self.received:
            return f"Up to date with {where}: nothing to send or receive."
        return (
            f"Synced with {where}: sent {_changes(self.sent)}, received {_changes(self.received)}."
        )


def _changes(count: int) -> str:
    return f"{count} change{'' if count == 1 else 's'}"


def data_folder() -> Path:
    return locations.data_dir()


def is_set_up(folder: Path) -> bool:
    return (folder / ".git").is_dir()


def _is_progress_name(name: str) -> bool:
    """Top-level ``<id>.toml`` files are the candidates (content decides)."""
    from pathtui.sync.conflicts import is_conflict_copy

    return "/" not in name and name.endswith(".toml") and not is_conflict_copy(name)


def _progress_files(folder: Path) -> list[Path]:
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.is_file())
    except OSError:
        return []
    return [folder / n for n in names if _is_progress_name(n)]


@contextmanager
def _locked(files: list[Path]) -> Iterator[None]:
    """Hold every progress file's save lock (sorted: no two holders deadlock)."""
    with ExitStack() as stack:
        for file in sorted(set(files)):
            try:
                stack.enter_context(
                    FileLock(Store(file.stem, file).lock_file, timeout=LOCK_TIMEOUT_SECONDS)
                )
            except LockTimeout:
                raise SyncError(
                    f"Another pathtui has held the lock on {file} for "
                    f"{LOCK_TIMEOUT_SECONDS:g} seconds; sync stopped, try again."
                ) from None
        yield


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
        sep = "" if not existing or existing.endswith("\n") else "\n"
        atomic_write(file, existing + sep + "\n".join(missing) + "\n")


def driver_command() -> str:
    """How git runs the merge driver: this very pathtui, wherever it is installed."""
    return f"{shlex.quote(sys.executable)} -m pathtui merge-driver %O %A %B %P"


def configure(git: Git) -> None:
    """The repository settings a hand-run ``git pull`` needs to merge correctly."""
    git.run("config", f"merge.{MERGE_DRIVER}.name", "pathtui progress merge")
    git.run("config", f"merge.{MERGE_DRIVER}.driver", driver_command())
    git.run("config", "pull.rebase", "false")
    _ensure_lines(git.folder / ".gitignore", GITIGNORE_LINES)
    _ensure_lines(git.folder / ".gitattributes", GITATTRIBUTES_LINES)


def init(remote: str, folder: Path | None = None) -> Outcome:
    """Make the data folder a git repository with ``remote``, then sync once.

    The remote is checked first, so an address that does not work changes
    nothing; if the first round fails, a repository made here is removed again.
    """
    folder = folder or data_folder()
    remote = remote.strip()
    if not remote or remote.startswith("-"):
        raise SyncError(f"{remote!r} is not a git remote; give a URL or the path of a repository.")
    if "://" not in remote and Path(remote).expanduser().exists():
        remote = str(Path(remote).expanduser().resolve())  # git runs in the data folder
    program = find_git()
    probe = Git(_existing(folder), program)
    done = probe.run("ls-remote", "--heads", "--", remote, check=False, network=True)
    if done.returncode != 0:
        raise failure("connect", remote, done.stderr.decode("utf-8", "replace"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SyncError(f"Cannot create the data folder {folder}: {exc.strerror}.") from None
    git = Git(folder, program)
    created = not is_set_up(folder)
    made = [p for p in (folder / ".gitignore", folder / ".gitattributes") if not p.exists()]
    try:
        if created:
            git.run("init", "--quiet")
            git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
        current = git.run("remote", "get-url", REMOTE, check=False)
        if current.returncode == 0:
            ours = git.run("config", f"merge.{MERGE_DRIVER}.driver", check=False).returncode == 0
            if not ours and current.stdout.decode("utf-8", "replace").strip() != remote:
                raise SyncError(
                    f"The data folder {folder} is already a git repository whose remote "
                    f"{REMOTE} points elsewhere; pathtui leaves it alone: give pathtui a "
                    "data folder of its own or set that remote yourself."
                )
            git.run("remote", "set-url", REMOTE, remote)
        else:
            git.run("remote", "add", REMOTE, remote)
        configure(git)
        return sync(folder)
    except BaseException:
        if created:
            import shutil

            shutil.rmtree(folder / ".git", ignore_errors=True)
            for path in made:
                try:
                    path.unlink()
                except OSError:
                    pass
        raise


def _existing(folder: Path) -> Path:
    """The folder, or its nearest parent that exists (somewhere to run git in)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


# --------------------------------------------------------------------------- one round


def sync(folder: Path | None = None) -> Outcome:
    """One round (see the module docstring); raises SyncError with one sentence."""
    folder = folder or data_folder()
    if not is_set_up(folder):
        raise SyncError(
            f"The data folder {folder} is not set up for sync yet; run "
            "`pathtui sync init REMOTE` with your git remote first."
        )
    git = Git(folder)
    done = git.run("remote", "get-url", REMOTE, check=False)
    if done.returncode != 0:
        raise SyncError(
            f"The data folder {folder} has no remote named {REMOTE}; run "
            "`pathtui sync init REMOTE` to set one."
        )
    remote = done.stdout.decode("utf-8", "replace").strip()
    outcome = Outcome(remote=remote)
    try:
        with FileLock(folder / ".git" / SYNC_LOCK_NAME, timeout=SYNC_LOCK_SECONDS):
            _rounds(git, outcome)
    except LockTimeout:
        raise SyncError(
            f"Another pathtui sync of {folder} has been running for over "
            f"{SYNC_LOCK_SECONDS:g} seconds; try again when it is done."
        ) from None
    _write_last_sync(folder)
    return outcome


def _fetch(git: Git, remote: str) -> str | None:
    done = git.run("fetch", "--quiet", "--no-tags", "--prune", REMOTE, check=False, network=True)
    if done.returncode != 0:
        raise failure("fetch", remote, done.stderr.decode("utf-8", "replace"))
    return git.rev(REMOTE_REF)


def _rounds(git: Git, outcome: Outcome) -> None:
    theirs = _fetch(git, outcome.remote)
    configure(git)  # heals a driver path left behind by a reinstall
    outcome.notices += _recover_conflicts(git.folder)
    start = _commit_local(git)
    for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
        outcome.attempts = attempt
        if attempt > 1:
            theirs = _fetch(git, outcome.remote)
            _commit_local(git)
        head = _integrate(git, theirs, outcome.notices)
        if head is None or head == theirs:
            break
        done = git.run(
            "push", "--porcelain", REMOTE, f"HEAD:refs/heads/{BRANCH}", check=False, network=True
        )
        if done.returncode == 0:
            outcome.pushed = True
            break
        text = (done.stdout + done.stderr).decode("utf-8", "replace")
        if not any(s in text for s in ("[rejected]", "non-fast-forward", "fetch first")):
            raise failure("push", outcome.remote, text, kept=True)
    else:
        raise SyncError(
            f"The remote {shown_remote(outcome.remote)} changed during each of "
            f"{MAX_PUSH_ATTEMPTS} attempts to push; your changes are merged and committed "
            "here, run pathtui sync again to send them."
        )
    final = git.rev("HEAD")
    outcome.received = _count(git, start, final)
    outcome.sent = _count(git, theirs, final) if outcome.pushed else 0
    outcome.first_push = outcome.pushed and theirs is None


def _commit_local(git: Git) -> str | None:
    """Commit what changed here since the last round; returns HEAD."""
    files = _progress_files(git.folder)
    with _locked(files):
        for file in files:
            _check_readable(file)
        git.run("add", "--all")
        if git.run("diff", "--cached", "--quiet", check=False).returncode != 0:
            git.run("commit", "--quiet", "--no-verify", "-m", COMMIT_MESSAGE)
    return git.rev("HEAD")


def _check_readable(file: Path) -> None:
    """A progress file that does not parse is never sent (the store's message says why)."""
    raw = read_progress_bytes(file)
    if raw is None:
        return
    path_id = read_path_id(raw)
    if path_id is None:
        return  # not a progress file: git's rules apply
    try:
        merge_files(raw, raw, file, path_id)
    except ProgressFileError as exc:
        raise SyncError(f"{exc} Nothing was synced.") from None


def _integrate(git: Git, theirs: str | None, notices: list[str]) -> str | None:
    """Bring the remote's commit into ours; returns the new HEAD."""
    head = git.rev("HEAD")
    if theirs is None or (head is not None and git.is_ancestor(theirs, head)):
        return head
    if head is None or git.is_ancestor(head, theirs):
        new = theirs  # fast-forward: the remote already holds everything we have
    else:
        base = git.out("merge-base", head, theirs, check=False) or None
        tree = _merged_tree(git, base, head, theirs, notices)
        new = git.out("commit-tree", tree, "-p", head, "-p", theirs, "-m", MERGE_MESSAGE)
    _check_out(git, head, new)
    return new


def _merged_tree(git: Git, base: str | None, head: str, theirs: str, notices: list[str]) -> str:
    """The tree of the merge commit, file by file (module docstring, step 3)."""
    old, ours, other = git.tree(base), git.tree(head), git.tree(theirs)
    result: dict[str, tuple[str, str]] = {}
    for name in sorted(ours.keys() | other.keys()):
        o, t, b = ours.get(name), other.get(name), old.get(name)
        if o == t or t is None or t == b:
            chosen = o  # ours, or a file only we have: never lost
        elif o is None or o == b:
            chosen = t
        else:
            chosen = (o[0], _merge_blobs(git, name, b, o, t, notices))
        if chosen is not None:
            result[name] = chosen
    return _write_tree(git, result)


def _merge_blobs(
    git: Git,
    name: str,
    base: tuple[str, str] | None,
    ours: tuple[str, str],
    theirs: tuple[str, str],
    notices: list[str],
) -> str:
    """One file changed on both sides: pathtui's merge for progress, git's for the rest.

    When git cannot combine another file, this device's version is kept (sync
    is never stuck on a file the learner may not know how to fix) and the
    remote's is saved in ``backups/sync-conflicts/``: nothing is lost.
    """
    mine, other = git.blob(ours[1]), git.blob(theirs[1])
    path_id = read_path_id(mine) if _is_progress_name(name) else None
    if path_id is not None and read_path_id(other) == path_id:
        try:
            merged = merge_files(mine, other, git.folder / name, path_id)
        except ProgressFileError as exc:
            raise SyncError(f"{exc} Nothing was synced.") from None
        return git.write_blob(merged)
    with tempfile.TemporaryDirectory(prefix="pathtui-merge-") as tmp:
        parts = []
        older = git.blob(base[1]) if base else b""
        for label, data in (("ours", mine), ("base", older), ("theirs", other)):
            part = Path(tmp) / label
            part.write_bytes(data)
            parts.append(str(part))
        done = git.run("merge-file", "-p", *parts, check=False)
    if done.returncode != 0:
        kept = _keep_aside(git.folder, name, other)
        notices.append(
            f"{name} was changed here and on the remote in ways git cannot combine; "
            f"this device's version is kept and the remote's is in {kept}."
        )
        return ours[1]
    return git.write_blob(done.stdout)


def _keep_aside(folder: Path, name: str, data: bytes) -> Path:
    """Save the remote's side of a file git could not merge (backups are never synced)."""
    aside = folder / locations.BACKUPS / CONFLICTS_ASIDE
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        aside.mkdir(parents=True, exist_ok=True)
        target = free_name(aside, f"{name.replace('/', '_')}.{stamp}", "")
        atomic_write(target, data)
    except OSError as exc:
        raise SyncError(
            f"{name} was changed here and on the remote, and the remote's version could not "
            f"be saved to {aside} ({exc.strerror}); nothing was changed."
        ) from None
    return target


def _write_tree(git: Git, files: dict[str, tuple[str, str]]) -> str:
    """A tree object for ``files``, built in a private index (the real one is untouched)."""
    with tempfile.TemporaryDirectory(prefix="pathtui-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        listing = "".join(f"{mode} {blob}\t{name}\0" for name, (mode, blob) in files.items())
        git.run("update-index", "-z", "--index-info", input=listing.encode(), env=env)
        return git.out("write-tree", env=env)


def _check_out(git: Git, head: str | None, new: str) -> None:
    """Write the new commit's files over ours, atomically, then move branch and index.

    A progress file saved here since our commit keeps that save: it is merged
    into what is written, and the next round sends it.
    """
    before, after = git.tree(head), git.tree(new)
    changed = [n for n in sorted(before.keys() | after.keys()) if before.get(n) != after.get(n)]
    files = [git.folder / n for n in changed if _is_progress_name(n)]
    with _locked(files):
        for name in changed:
            _check_out_file(git, name, before.get(name), after.get(name))
        git.run("update-ref", "HEAD", new)
        git.run("read-tree", new)
        git.run("update-index", "-q", "--refresh", check=False)


def _check_out_file(
    git: Git, name: str, before: tuple[str, str] | None, after: tuple[str, str] | None
) -> None:
    target = git.folder / name
    if after is None:
        if _is_progress_name(name):
            return  # never delete progress because another device did
        try:
            if before is not None and target.read_bytes() == git.blob(before[1]):
                target.unlink()
        except OSError:
            pass
        return
    data = git.blob(after[1])
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise SyncError(f"Cannot read {target} ({exc.strerror}); nothing was changed.") from None
    committed = git.blob(before[1]) if before is not None else None
    if _is_progress_name(name):
        path_id = read_path_id(data)
        if current is not None and path_id is not None:
            if current != committed and read_path_id(current) == path_id:
                data = merge_files(current, data, target, path_id)  # a save made meanwhile
            if data != current:
                Store(path_id, target).backup(kind=SYNC_SUFFIX)
    elif current is not None and current != committed:
        return  # edited here meanwhile: the next round commits and merges it
    if data == current:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    if after[0] in EXECUTABLE_MODES:
        os.chmod(target, 0o755)


def _count(git: Git, old: str | None, new: str | None) -> int:
    """Changes a learner would count between two commits, over all progress files."""
    if old == new:
        return 0
    before, after = git.tree(old), git.tree(new)
    total = 0
    for name in sorted(before.keys() | after.keys()):
        if not _is_progress_name(name) or before.get(name) == after.get(name):
            continue
        a = git.blob(before[name][1]) if name in before else None
        b = git.blob(after[name][1]) if name in after else None
        path_id = read_path_id(b or a or b"")
        if path_id is None:
            continue
        try:
            total += count_changes(a, b, git.folder / name, path_id)
        except ProgressFileError:
            total += 1
    return total


def _recover_conflicts(folder: Path) -> list[str]:
    """Merge in what a sync folder left beside each progress file."""
    from pathtui.sync.conflicts import recover_and_tell

    lines: list[str] = []
    for file in _progress_files(folder):
        try:
            raw = read_progress_bytes(file)
        except ProgressFileError:
            continue
        path_id = read_path_id(raw) if raw else None
        if path_id is not None:
            lines += recover_and_tell(Store(path_id, file))
    return lines


# --------------------------------------------------------------------------- state


def _write_last_sync(folder: Path) -> None:
    try:
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        atomic_write(folder / ".git" / LAST_SYNC_NAME, stamp + "\n")
    except OSError:
        pass


@dataclass(frozen=True)
class SyncState:
    """What doctor says about sync: where to, when last, what is waiting."""

    remote: str
    last_sync: dt.datetime | None
    unpushed_commits: int
    uncommitted_files: int


def state(folder: Path | None = None) -> SyncState | None:
    """The sync state of the data folder, or None if sync is not set up.

    Raises SyncError if git is needed and missing. Reads only; never fetches.
    """
    folder = folder or data_folder()
    if not is_set_up(folder):
        return None
    git = Git(folder)
    remote = git.out("remote", "get-url", REMOTE, check=False)
    try:
        text = (folder / ".git" / LAST_SYNC_NAME).read_text(encoding="utf-8").strip()
        last: dt.datetime | None = dt.datetime.fromisoformat(text)
    except (OSError, ValueError):
        last = None
    head, theirs = git.rev("HEAD"), git.rev(REMOTE_REF)
    if head is None:
        unpushed = 0
    elif theirs is None:
        unpushed = int(git.out("rev-list", "--count", head) or 0)
    else:
        unpushed = int(git.out("rev-list", "--count", f"{theirs}..{head}") or 0)
    status = git.run("status", "--porcelain", "-z", "--untracked-files=all").stdout
    uncommitted = len([r for r in status.split(b"\0") if r[:2].strip()])
    return SyncState(remote, last, unpushed, uncommitted)


# --------------------------------------------------------------------------- merge driver


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's merge driver: pathtui's merge for progress files, git's for the rest.

    git passes temp files; the result goes into ``ours``. Returns the exit
    status git expects (0: merged, non-zero: conflict left for the user).
    """
    mine, other = ours.read_bytes(), theirs.read_bytes()
    path_id = read_path_id(mine)
    if path_id is not None and read_path_id(other) == path_id:
        try:
            merged = merge_files(mine, other, Path(name), path_id)
        except ProgressFileError as exc:
            sys.stderr.write(f"pathtui: {exc}\n")
            return 1
        ours.write_bytes(merged)
        return 0
    import subprocess

    return subprocess.run(
        [find_git(), "merge-file", str(ours), str(base), str(theirs)], check=False
    ).returncode
