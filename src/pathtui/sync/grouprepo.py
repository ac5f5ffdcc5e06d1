"""A study group's repository: this device's clone of it, and one round of sync.

Built on ``clone.py`` (git under pathtui's lock, never prompting, bounded
time, one sentence per failure); it knows the group's layout only as far as
the outbox of cheers goes (and whether a cheer's recipient has left). What
to publish is decided above, in ``services/groups.py``, by a function this
module calls in the middle of a round (``Wanted``).

One round, on the clone in the state folder (``storage/groupfolder.py``):

1. fetch the group (a remote that cannot be reached changes nothing);
2. check the remote's commit out into the working tree (pathtui never edits
   the working tree itself: it always mirrors a commit, so what is read from
   it is what the group holds);
3. ask ``Wanted`` what this member's own files should hold, given that tree;
   add the cheers waiting in the outbox;
4. if anything differs, commit it *on top of the remote's commit* and push.
   No merge is ever made: each member writes only files of its own, so the
   new commit can always be built on whatever the remote holds now. If the
   remote moved meanwhile, go back to 1, a bounded number of times.

So history stays a line and nothing ever conflicts. The clone is set with
``core.symlinks=false``: a link someone committed is checked out as a small
file, never followed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pathtui.model.groupfiles import MAX_MEMBER_BYTES, MEMBERS, SUFFIX, Unreadable, read_member
from pathtui.storage import groupfolder
from pathtui.sync import clone
from pathtui.sync.clone import BRANCH, REMOTE, fetch, is_set_up, push
from pathtui.sync.git import LOCAL_TIMEOUT_SECONDS, Git, SyncError, find_git, shown_remote

#: The command a failure's sentence tells the learner to run again: a round's
#: own, unless the caller ran another (``group join``, ``group create``).
COMMAND = "pathtui group sync"
#: Rounds of fetch-build-push before giving up on a remote that keeps moving.
MAX_PUSH_ATTEMPTS = 5
COMMIT_MESSAGE = "pathtui: group"
FILE_MODE = "100644"
#: Settings of the clone: links are never made, nothing is rewritten.
CLONE_CONFIG = (
    ("core.symlinks", "false"),
    ("core.autocrlf", "false"),
    ("core.fsmonitor", "false"),
)

#: What this member's files should hold: place -> bytes, or None to remove.
Changes = dict[str, bytes | None]
#: Given the checked-out clone and the remote's files (place -> (mode, blob)),
#: the changes this member wants; raising stops the round, nothing pushed.
Wanted = Callable[[Path, dict[str, tuple[str, str]]], Changes]


@dataclass
class Round:
    """What one round did."""

    remote: str
    #: The commit the clone holds now (None: the group has no commit yet).
    head: str | None = None
    pushed: bool = False
    attempts: int = 0
    #: Places of cheers sent from the outbox in this round.
    sent_cheers: list[str] = field(default_factory=list)
    #: Places of queued cheers dropped (their recipient has left).
    dropped_cheers: list[str] = field(default_factory=list)


def git_for(folder: Path, command: str = COMMAND) -> Git:
    return Git(folder, command=command)


def is_local_path(remote: str) -> bool:
    """A remote written as a folder on this machine (no URL scheme, no ``host:``)."""
    if "://" in remote:
        return False
    head = remote.split("/", 1)[0]
    return ":" not in head or (len(head) == 2 and head[1] == ":")  # C:\ on Windows


def make_bare(remote: str, command: str = COMMAND) -> bool:
    """Make a new bare repository at a local path that does not exist yet
    (``group create ~/groups/cohort.git``); True if one was made."""
    if not is_local_path(remote):
        return False
    path = Path(remote).expanduser()
    if path.exists() or not path.parent.is_dir():
        return False
    try:
        done = subprocess.run(
            [
                find_git(command),
                "init",
                "--quiet",
                "--bare",
                f"--initial-branch={BRANCH}",
                str(path),
            ],
            capture_output=True,
            timeout=LOCAL_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise SyncError(
            f"Could not make a new repository at {path}: git did not finish in "
            f"{LOCAL_TIMEOUT_SECONDS:g} seconds."
        ) from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
        raise SyncError(f"Could not make a new repository at {path}: {why[0][:200]}.")
    return True


def point_head(remote: str, command: str = COMMAND) -> None:
    """Point the HEAD of a bare repository on this machine at ``main`` when it
    names a branch with no commits (a plain ``git init --bare`` names
    ``master``), so a ``git clone`` of the group checks the group out. A
    remote elsewhere, or a HEAD that names a branch with commits, is left
    alone; so is anything git will not do here (nothing depends on it)."""
    if not is_local_path(remote) or not Path(remote).expanduser().is_dir():
        return
    git = Git(Path(remote).expanduser(), command=command)
    try:
        if git.out("rev-parse", "--is-bare-repository", check=False) != "true":
            return
        if git.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0:
            return
        git.run("symbolic-ref", "HEAD", f"refs/heads/{BRANCH}", check=False)
    except SyncError:
        return


def heads(remote: str, folder: Path, command: str = COMMAND) -> list[str]:
    """The branches the remote has (none: an empty repository); SyncError if it
    cannot be reached."""
    answer = clone.probe(remote, folder, find_git(command), command=command)
    return [line.split("\t", 1)[1] for line in answer.splitlines() if "\t" in line]


def set_up(folder: Path, remote: str, command: str = COMMAND) -> Git:
    """A fresh clone folder with ``origin`` at ``remote`` (an old one is replaced)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    git = git_for(folder, command)
    clone.attach(git, remote, is_ours=lambda: True, elsewhere="")
    for key, value in CLONE_CONFIG:
        git.run("config", key, value)
    return git


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def remote_of(folder: Path) -> str | None:
    return clone.remote_of(git_for(folder)) if is_set_up(folder) else None


def checkout(git: Git, commit: str | None) -> None:
    """Make the branch, the index and the working tree hold ``commit`` exactly."""
    if commit is None:
        return
    git.run("reset", "--quiet", "--hard", commit)


def _apply(
    files: dict[str, tuple[str, str]], git: Git, changes: Changes
) -> dict[str, tuple[str, str]]:
    """The remote's files with ``changes`` made; anything squatting where a
    written file must go (a file where its folder is, a folder at its name)
    gives way."""
    out = dict(files)
    for place, content in changes.items():
        out.pop(place, None)
        if content is None:
            continue
        for other in [p for p in out if p.startswith(place + "/")]:
            del out[other]
        parts = place.split("/")
        for depth in range(1, len(parts)):
            out.pop("/".join(parts[:depth]), None)
        out[place] = (FILE_MODE, git.write_blob(content))
    return out


def round_trip(
    folder: Path, wanted: Wanted, *, first: bool = False, command: str = COMMAND
) -> Round:
    """One round (the module docstring); SyncError with one sentence on failure.

    ``first``: the round that creates the group, on a remote with no commit.
    ``command``: what the learner ran, for a failure's "run ... again".
    """
    git = git_for(folder, command)
    remote = clone.remote_of(git)
    if remote is None:
        raise SyncError(f"The group's copy in {folder} has no remote; join the group again.")
    outcome = Round(remote=remote)
    with clone.locked(folder, command):
        for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
            outcome.attempts = attempt
            theirs = fetch(git, remote)
            if theirs is None and not first:
                raise SyncError(
                    f"The remote {shown_remote(remote)} holds no group any more (it is empty); "
                    "ask the group for its address (nothing was changed)."
                )
            checkout(git, theirs)
            files = git.tree(theirs)
            changes = wanted(folder, files)
            sent = _add_queued(folder, files, changes, outcome)
            new = _apply(files, git, changes)
            if new == files:
                outcome.head = theirs
                break
            tree = clone.write_tree(git, new)
            parents = ["-p", theirs] if theirs else []
            commit = git.out("commit-tree", tree, *parents, "-m", COMMIT_MESSAGE)
            if push(git, remote, commit, kept=False):
                checkout(git, commit)
                outcome.head, outcome.pushed = commit, True
                for place in sent:
                    groupfolder.unqueue(folder, place)
                outcome.sent_cheers = sent
                break
        else:
            raise SyncError(
                f"The group at {shown_remote(remote)} changed during each of "
                f"{MAX_PUSH_ATTEMPTS} attempts to send your summary; run {command} again."
            )
    return outcome


def has_left(folder: Path, files: dict[str, tuple[str, str]], recipient: str) -> bool:
    """Whether ``recipient`` is gone from the group: no member file, or their
    leaving note in its place. A file that cannot be read is not a leave:
    the cheer still goes (a broken file never blocks anyone)."""
    place = f"{MEMBERS}/{recipient}{SUFFIX}"
    if place not in files:
        return True
    try:
        raw = groupfolder.read_capped(folder / place, MAX_MEMBER_BYTES)
        return bool(read_member(f"{recipient}{SUFFIX}", raw).get("left"))
    except Unreadable:
        return False


def _add_queued(
    folder: Path, files: dict[str, tuple[str, str]], changes: Changes, outcome: Round
) -> list[str]:
    """Put the outbox's cheers into ``changes``; those whose recipient has left
    (no member file, or a leaving note) are dropped from the outbox."""
    sent = []
    for place, content in groupfolder.queued(folder).items():
        if place in files:  # already there (a round that pushed but did not clean up)
            groupfolder.unqueue(folder, place)
            continue
        recipient = place.split("/")[1] if place.count("/") == 2 else ""
        if has_left(folder, files, recipient):
            groupfolder.unqueue(folder, place)
            outcome.dropped_cheers.append(place)
            continue
        changes.setdefault(place, content)
        sent.append(place)
    return sent


__all__ = ["BRANCH", "COMMAND", "REMOTE", "Round", "SyncError", "checkout", "heads"]
