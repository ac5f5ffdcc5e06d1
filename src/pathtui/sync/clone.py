"""A working clone of a git remote, kept by pathtui: the part of sync that knows
nothing of what the files hold.

Everything here runs ``git`` through ``git.py`` (never prompting, one
sentence per failure) on a folder that is pathtui's own working clone of one
remote (``origin``, branch ``main``): setting it up, holding pathtui's own
lock on it while a round runs, fetching, committing, pushing, building a
tree without touching the index, and what doctor says about it.
``progress.py`` (``pathtui sync``) builds its rounds from these; another
git-backed feature (a study group's repository, one file per member, cloned
into the cache or data folder) can use them without the progress merge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pathtui.storage.lock import FileLock, LockTimeout
from pathtui.sync.git import (
    SYNC_COMMAND,
    Git,
    GitTimeout,
    SyncError,
    clear_stale_locks,
    failure,
    timed_out,
)

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

REMOTE = "origin"
BRANCH = "main"
REMOTE_REF = f"refs/remotes/{REMOTE}/{BRANCH}"
#: Seconds to wait for another round on the same clone.
SYNC_LOCK_SECONDS = 60.0
#: Files inside ``.git`` that belong to pathtui (never synced: ``.git`` stays local).
SYNC_LOCK_NAME = "pathtui-sync.lock"
LAST_SYNC_NAME = "pathtui-last-sync"
#: What ``git push --porcelain`` says when the remote moved since our fetch: a
#: plain rejection, or (two pushes at the same moment) the remote's ref lock
#: taken by the other push ("cannot lock ref ... is at X but expected Y").
REJECTED_SIGNS = ("[rejected]", "non-fast-forward", "fetch first", "cannot lock ref")


def is_set_up(folder: Path) -> bool:
    return (folder / ".git").is_dir()


def existing(folder: Path) -> Path:
    """The folder, or its nearest parent that exists (somewhere to run git in)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.cwd()


# --------------------------------------------------------------------------- set-up


def checked_remote(remote: str) -> str:
    """The remote as git will be given it: a URL, or a local path made absolute
    (git runs in the clone's folder). SyncError for what cannot be a remote."""
    remote = remote.strip()
    if not remote or remote.startswith("-"):
        raise SyncError(f"{remote!r} is not a git remote; give a URL or the path of a repository.")
    if "://" not in remote and Path(remote).expanduser().exists():
        remote = str(Path(remote).expanduser().resolve())
    return remote


def probe(remote: str, folder: Path, program: str, command: str = SYNC_COMMAND) -> str:
    """Ask the remote for its branches: one that does not answer changes nothing.

    Returns what it answered (one ``<commit>\t<ref>`` line per branch).
    """
    try:
        done = Git(existing(folder), program, command=command).run(
            "ls-remote", "--heads", "--", remote, check=False, network=True
        )
    except GitTimeout as exc:
        raise timed_out(remote, exc.seconds, command=command) from None
    if done.returncode != 0:
        raise failure("connect", remote, done.stderr.decode("utf-8", "replace"), command=command)
    return done.stdout.decode("utf-8", "replace")


def attach(git: Git, remote: str, *, is_ours: Callable[[], bool], elsewhere: str) -> None:
    """Make ``git.folder`` a clone whose ``origin`` is ``remote`` (a repository
    made here is the caller's to remove again if what follows fails).

    A repository that is not pathtui's (``is_ours()`` false) and already points
    its ``origin`` elsewhere is left alone: SyncError with ``elsewhere``.
    """
    if not is_set_up(git.folder):
        git.run("init", "--quiet")
        git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}")
    current = git.run("remote", "get-url", REMOTE, check=False)
    if current.returncode == 0:
        if not is_ours() and current.stdout.decode("utf-8", "replace").strip() != remote:
            raise SyncError(elsewhere)
        git.run("remote", "set-url", REMOTE, remote)
    else:
        git.run("remote", "add", REMOTE, remote)


def read_config(git: Git, pattern: str) -> dict[str, list[str]]:
    """Every setting whose name matches ``pattern`` (a regular expression over
    git's lower-cased names), with its values in order, in one git call."""
    done = git.run("config", "-z", "--get-regexp", pattern, check=False)
    found: dict[str, list[str]] = {}
    for entry in done.stdout.split(b"\0"):
        if entry:
            name, _, value = entry.decode("utf-8", "replace").partition("\n")
            found.setdefault(name, []).append(value)
    return found


def remote_of(git: Git) -> str | None:
    """The URL of ``origin``, or None if the clone has none."""
    done = git.run("remote", "get-url", REMOTE, check=False)
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "replace").strip()


# --------------------------------------------------------------------------- a round


@contextmanager
def locked(folder: Path, command: str = SYNC_COMMAND) -> Iterator[list[str]]:
    """Hold pathtui's own lock on the clone for a round (another round waits).

    Every git call of pathtui's on the clone runs under this lock, so once it
    is held, a git lock file that no running program holds open was left by
    a git killed mid-write (a crash, a kill, a lost power): it is removed, or
    it would stop every round from now on. Yields a line for each removed.
    """
    try:
        with FileLock(folder / ".git" / SYNC_LOCK_NAME, timeout=SYNC_LOCK_SECONDS):
            yield clear_stale_locks(folder / ".git")
    except LockTimeout:
        raise SyncError(
            f"Another {command} of {folder} has been running for over "
            f"{SYNC_LOCK_SECONDS:g} seconds; try again when it is done."
        ) from None


def fetch(git: Git, remote: str) -> str | None:
    """Fetch ``origin``; the remote branch's commit (None while it has none)."""
    try:
        done = git.run(
            "fetch", "--quiet", "--no-tags", "--prune", REMOTE, check=False, network=True
        )
    except GitTimeout as exc:
        raise timed_out(remote, exc.seconds, command=git.command) from None
    if done.returncode != 0:
        raise failure("fetch", remote, done.stderr.decode("utf-8", "replace"), command=git.command)
    return git.rev(REMOTE_REF)


def changed_names(git: Git) -> set[str]:
    """The paths that differ from HEAD in the working tree (none: nothing to commit).

    One ``git status``, so a round with nothing to commit adds, diffs and
    reads nothing.
    """
    done = git.run("status", "--porcelain", "-z", "--untracked-files=all", "--no-renames")
    entries = done.stdout.split(b"\0")
    return {e[3:].decode("utf-8", "surrogateescape") for e in entries if len(e) > 3}


def commit_all(git: Git, message: str) -> str | None:
    """Commit every change in the working tree (if any); returns HEAD."""
    git.run("add", "--all")
    if git.run("diff", "--cached", "--quiet", check=False).returncode != 0:
        git.run("commit", "--quiet", "--no-verify", "-m", message)
    return git.rev("HEAD")


def push(git: Git, remote: str, commit: str = "HEAD", kept: bool = True) -> bool:
    """Push ``commit`` to the branch: True if sent, False if the remote moved since
    the fetch (fetch and try again); SyncError for any other failure (``kept``:
    its sentence says the merge is kept here)."""
    try:
        done = git.run(
            "push",
            "--porcelain",
            REMOTE,
            f"{commit}:refs/heads/{BRANCH}",
            check=False,
            network=True,
        )
    except GitTimeout as exc:
        raise timed_out(remote, exc.seconds, kept=kept, command=git.command) from None
    if done.returncode == 0:
        return True
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    if not any(sign in text for sign in REJECTED_SIGNS):
        raise failure("push", remote, text, kept=kept, command=git.command)
    return False


def write_tree(git: Git, files: dict[str, tuple[str, str]]) -> str:
    """A tree object for ``files``, built in a private index (the real one is untouched)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pathtui-index-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        listing = "".join(f"{mode} {blob}\t{name}\0" for name, (mode, blob) in files.items())
        git.run("update-index", "-z", "--index-info", input=listing.encode(), env=env)
        return git.out("write-tree", env=env)


def write_last_sync(folder: Path) -> None:
    """When this round ended, for doctor: replaced whole, but never fsynced (a
    stamp lost in a crash only makes the last sync look older)."""
    import time

    from pathtui.storage.atomic import atomic_write

    try:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
        atomic_write(folder / ".git" / LAST_SYNC_NAME, stamp + "\n", durable=False)
    except OSError:
        pass


# --------------------------------------------------------------------------- state


class SyncState:
    """What doctor says about sync: where to, when last, what is waiting.

    A plain class: ``dataclasses`` would cost every round its import.
    """

    def __init__(
        self, remote: str, last_sync: dt.datetime | None, unpushed: int, uncommitted: int
    ) -> None:
        self.remote = remote
        self.last_sync = last_sync
        self.unpushed_commits = unpushed
        self.uncommitted_files = uncommitted

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SyncState):
            return NotImplemented
        return vars(self) == vars(other)

    def __repr__(self) -> str:
        return f"SyncState({vars(self)!r})"


def state(folder: Path) -> SyncState | None:
    """The state of the clone in ``folder``, or None if there is none.

    Raises SyncError if git is needed and missing. Reads only; never fetches.
    """
    import datetime as dt

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
