"""Bringing the remote's commit into ours, file by file (``pathtui sync``, step 3-4).

The tree of a merge commit is built here, never by git's text merge: a
progress file changed on both sides is merged by pathtui's own rule
(``merge.py``); any other file goes through ``git merge-file``, and when git
cannot combine it this device's version is kept and the remote's saved in
``backups/sync-conflicts/``. The new commit's files are then written over
ours atomically, a backup of each progress file first, under the progress
files' save locks.
"""

from __future__ import annotations

import os
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.storage import locations
from pathtui.sync.clone import write_tree
from pathtui.sync.git import BlobTooLarge, SyncError
from pathtui.sync.memo import Round, Tree
from pathtui.sync.merge import MergeTooLarge, read_path_id
from pathtui.sync.progressfiles import is_progress_name, locked
from pathtui.sync.remotefiles import (
    SHORT_COMMIT,
    Refused,
    keep_aside,
    refusal,
    refused_files,
)

MERGE_MESSAGE = "pathtui: merge progress"
REPAIR_MESSAGE = "pathtui: replace a file the remote could not give"
EXECUTABLE_MODES = ("100755",)
#: Where the remote's side of a non-progress file git could not merge is kept.
CONFLICTS_ASIDE = "sync-conflicts"


def integrate(
    r: Round, theirs: str | None, notices: list[str], *, repair: bool = False
) -> str | None:
    """Bring the remote's commit into ours; returns the new HEAD.

    Every file the remote brings is checked first (``remotefiles.py``): one
    pathtui refuses stops the round before anything is merged or written
    (RemoteFileError), unless ``repair``, which keeps this device's version
    of it (or none) in the new commit, so the push replaces the remote's.
    """
    git = r.git
    head = r.head()
    if theirs is None or head == theirs:
        return head
    _not_a_group(r.tree(theirs))  # before anything is sent or merged
    if head is not None and git.is_ancestor(theirs, head):
        return head
    ours, other = r.tree(head), dict(r.tree(theirs))  # (repair may change other)
    refused = refused_files(git, ours, other, theirs, r.parsed)
    if refused:
        if not repair:
            raise refusal(refused)
        for bad in refused:
            if bad.name in ours:
                other[bad.name] = ours[bad.name]
            else:
                other.pop(bad.name, None)
            notices.append(
                f"Replaced the remote's {bad.name} (commit {theirs[:SHORT_COMMIT]}), which "
                f"{bad.problem}, with this device's version"
                + (f"; its copy is in {bad.kept}." if bad.kept else ".")
            )
    merger = _Merger(r, theirs, repair, notices)
    if head is None or git.is_ancestor(head, theirs):
        if not refused:
            new = theirs  # fast-forward: the remote already holds everything we have
        else:
            tree = write_tree(git, other)
            new = git.out("commit-tree", tree, "-p", theirs, "-m", REPAIR_MESSAGE)
    else:
        base = git.out("merge-base", head, theirs, check=False) or None
        tree = merger.tree(r.tree(base), ours, other)
        new = git.out("commit-tree", tree, "-p", head, "-p", theirs, "-m", MERGE_MESSAGE)
    _check_out(r, head, new)
    return new


def _not_a_group(theirs: Tree) -> None:
    """Refuse a study group's repository as the progress remote: the whole
    progress file (notes, the log, applications) would be pushed where every
    member reads it, and the group's files pulled into the data folder."""
    from pathtui.model.groupfiles import GROUP_FILE

    if GROUP_FILE in theirs:
        raise SyncError(
            f"This remote is a study group's repository (it holds {GROUP_FILE}), not one for "
            "your progress: every member could read your notes and log there, so nothing "
            "was sent or received. Give `pathtui sync init` a repository of your own; "
            "`pathtui group join` is how to join the group."
        )


class _Merger:
    """The merge commit's tree, file by file (module docstring, step 3)."""

    def __init__(self, r: Round, theirs: str, repair: bool, notices: list[str]) -> None:
        self.r, self.git, self.theirs = r, r.git, theirs
        self.repair, self.notices = repair, notices

    def tree(
        self,
        old: dict[str, tuple[str, str]],
        ours: dict[str, tuple[str, str]],
        other: dict[str, tuple[str, str]],
    ) -> str:
        result: dict[str, tuple[str, str]] = {}
        for name in sorted(ours.keys() | other.keys()):
            o, t, b = ours.get(name), other.get(name), old.get(name)
            if o == t or t is None or t == b:
                chosen = o  # ours, or a file only we have: never lost
            elif o is None or o == b:
                chosen = t
            else:
                chosen = (o[0], self.blobs(name, b, o, t))
            if chosen is not None:
                result[name] = chosen
        return write_tree(self.git, result)

    def blobs(
        self,
        name: str,
        base: tuple[str, str] | None,
        ours: tuple[str, str],
        theirs: tuple[str, str],
    ) -> str:
        try:
            return _merge_blobs(self.r, name, base, ours, theirs, self.notices)
        except MergeTooLarge as exc:
            kept = keep_aside(self.git, name, self.theirs, self.r.blob(theirs[1]))
            problem = f"would, merged with yours, make a file that {exc.problem}"
            if not self.repair:
                raise refusal([Refused(name, self.theirs, problem, kept)]) from None
            self.notices.append(
                f"Kept this device's {name} on the remote: merged with the remote's (commit "
                f"{self.theirs[:SHORT_COMMIT]}) it would make a file that {exc.problem}"
                + (f"; the remote's copy is in {kept}." if kept else ".")
            )
            return ours[1]


def _merge_blobs(
    r: Round,
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
    import tempfile

    mine, other = r.blob(ours[1]), r.blob(theirs[1])
    path_id = read_path_id(mine) if is_progress_name(name) else None
    if path_id is not None and read_path_id(other) == path_id:
        try:
            merged = r.merge(mine, other, r.folder / name, path_id)
        except ProgressFileError as exc:
            raise SyncError(f"{exc} Nothing was synced.") from None
        return r.write_blob(merged)
    git = r.git
    with tempfile.TemporaryDirectory(prefix="pathtui-merge-") as tmp:
        parts = []
        older = r.blob(base[1]) if base else b""
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
    import datetime as dt

    from pathtui.storage.atomic import atomic_write, free_name

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


def _check_out(r: Round, head: str | None, new: str) -> None:
    """Write the new commit's files over ours, atomically, then move branch and index.

    A progress file saved here since our commit keeps that save: it is merged
    into what is written, and the next round sends it.
    """
    git = r.git
    before, after = r.tree(head), r.tree(new)
    changed = [n for n in sorted(before.keys() | after.keys()) if before.get(n) != after.get(n)]
    files = [git.folder / n for n in changed if is_progress_name(n)]
    with locked(files):
        for name in changed:
            _check_out_file(r, name, before.get(name), after.get(name))
        git.run("update-ref", "HEAD", new)
        r.moved(new)
        git.run("read-tree", new)
        git.run("update-index", "-q", "--refresh", check=False)


def _check_out_file(
    r: Round, name: str, before: tuple[str, str] | None, after: tuple[str, str] | None
) -> None:
    from pathtui.storage.atomic import atomic_write

    target = r.folder / name
    if after is None:
        if is_progress_name(name):
            return  # never delete progress because another device did
        try:
            if before is not None and target.read_bytes() == r.blob(before[1]):
                target.unlink()
        except OSError:
            pass
        return
    data = r.blob(after[1])
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise SyncError(f"Cannot read {target} ({exc.strerror}); nothing was changed.") from None
    committed = r.blob(before[1]) if before is not None else None
    if is_progress_name(name):
        path_id = read_path_id(data)
        if current is not None and path_id is not None:
            if current != committed and read_path_id(current) == path_id:
                data = r.merge(current, data, target, path_id)  # a save made meanwhile
            if data != current:
                from pathtui.storage.backupfiles import SYNC_SUFFIX
                from pathtui.storage.store import Store

                Store(path_id, target).backup(kind=SYNC_SUFFIX)
    elif current is not None and current != committed:
        return  # edited here meanwhile: the next round commits and merges it
    if data == current:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
    if after[0] in EXECUTABLE_MODES:
        os.chmod(target, 0o755)
    r.wrote(target, data)


def adds_progress(r: Round, old: str | None, new: str | None) -> bool:
    """Whether ``new`` holds a progress file ``old`` did not: sending it is
    sending progress, even when nothing in it counts as a change yet (a new
    file's first settings, say a group joined before anything was ticked)."""
    if old == new:
        return False
    before, after = r.tree(old), r.tree(new)
    return any(is_progress_name(name) and name not in before for name in after)


def count(r: Round, old: str | None, new: str | None) -> int:
    """Changes a learner would count between two commits, over all progress files."""
    if old == new:
        return 0
    before, after = r.tree(old), r.tree(new)
    total = 0
    for name in sorted(before.keys() | after.keys()):
        if not is_progress_name(name) or before.get(name) == after.get(name):
            continue
        try:
            a = r.blob(before[name][1]) if name in before else None
            b = r.blob(after[name][1]) if name in after else None
        except BlobTooLarge:  # a file too large to read, replaced by --repair: one change
            total += 1
            continue
        path_id = read_path_id(b or a or b"")
        if path_id is None:
            continue
        try:
            total += r.count(a, b, r.folder / name, path_id)
        except ProgressFileError:
            total += 1
    return total
