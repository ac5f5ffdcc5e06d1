"""What the remote brings, checked before anything is merged or written.

A remote is shared and may hold anything: a file another device's older or
newer pathtui wrote, a hand edit, a copy cut short, random bytes, a file of
gigabytes. Every file the remote's commit changes is checked here first, as
the store reads a file, with the same limits (``model/filelimits.py``): its size
from git (``ls-tree -l``) before a byte of it is read, then, for a progress
file, its content. One that fails is *refused*: nothing is merged, the
learner's own files are left as they are, the remote's copy is kept in
``backups/sync-conflicts/`` (unless it is too large to read), and the
sentence names the remote's file and commit and the way forward:
``pathtui sync --repair`` replaces it on the remote with this device's
version (``integrate.py``).
"""

from __future__ import annotations

from pathlib import Path

from pathtui.model.filelimits import size_problem
from pathtui.storage import locations
from pathtui.storage.atomic import atomic_write
from pathtui.sync.git import MAX_BLOB_BYTES, Git, SyncError
from pathtui.sync.merge import problem_with, read_path_id
from pathtui.sync.progressfiles import is_progress_name

#: ``typing`` costs every sync round milliseconds; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress

#: Where the remote's copy of a refused file is kept (backups are never synced).
ASIDE = "sync-conflicts"
#: Characters of a commit id shown to the learner (enough to find it with git).
SHORT_COMMIT = 12
#: The header line every progress file starts with, and its ``path_id`` line: a
#: file cut short or damaged may not parse as TOML, yet still say whose it is.
_PATH_ID_PREFIX = b'path_id = "'
#: Look for the ``path_id`` line in this many bytes at the start of a file.
_HEAD_BYTES = 4096
REPAIR = "pathtui sync --repair"


class RemoteFileError(SyncError):
    """A file on the remote that pathtui will not merge; the sentence says why."""


class Refused:
    """One file of the remote's commit that pathtui refuses, and why.

    ``kept``: where the remote's copy was kept (None: too large to read, or
    it could not be). A plain class: ``dataclasses`` costs every sync round
    milliseconds to import.
    """

    __slots__ = ("commit", "kept", "name", "newer", "problem")

    def __init__(
        self, name: str, commit: str, problem: str, kept: Path | None, newer: bool = False
    ) -> None:
        self.name = name
        self.commit = commit
        self.problem = problem
        self.kept = kept
        self.newer = newer

    def sentence(self, others: int = 0) -> str:
        short = self.commit[:SHORT_COMMIT]
        more = f" (and {others} more file{'s' if others != 1 else ''})" if others else ""
        if self.newer:
            where, fix = "", f": upgrade pathtui here to read it, or run `{REPAIR}`"
        elif self.kept is not None:
            where, fix = f"; the remote's copy is kept in {self.kept}", f": run `{REPAIR}`"
        else:
            where = f"; it stays in the remote's history at commit {short}"
            fix = f": run `{REPAIR}`"
        return (
            f"The remote's {self.name} (commit {short}){more} {self.problem}, so pathtui "
            f"did not merge it and left your own files untouched{where}{fix} to replace it "
            "on the remote with this device's version."
        )


def claimed_path(raw: bytes) -> str | None:
    """The ``path_id`` a file names, even if the rest of it is damaged or cut short."""
    found = read_path_id(raw)
    if found is not None:
        return found
    head = raw[:_HEAD_BYTES]
    for line in head.splitlines():
        if line.startswith(_PATH_ID_PREFIX) and line.endswith(b'"'):
            value = line[len(_PATH_ID_PREFIX) : -1]
            try:
                return value.decode("ascii")
            except UnicodeDecodeError:
                return None
    return None


def refused_files(
    git: Git,
    ours: dict[str, tuple[str, str]],
    theirs: dict[str, tuple[str, str]],
    commit: str,
    parsed: dict[bytes, Progress] | None = None,
) -> list[Refused]:
    """Every file the remote's ``commit`` changes that pathtui will not merge
    (``parsed`` keeps the contents found fine, for the merge to reuse).

    A progress file is one at the top of the folder that names a path (or
    whose version here does): it must read as the store reads one. Any file
    must be small enough to read. Files equal to ours were checked when they
    came in.
    """
    refused = []
    for name in sorted(theirs):
        entry = theirs[name]
        if ours.get(name) == entry:
            continue
        size = git.size(entry[1])
        too_large = size_problem(size) if size > MAX_BLOB_BYTES else None
        if too_large is not None:
            refused.append(Refused(name, commit, too_large, None))
            continue
        if not is_progress_name(name):
            continue
        data = git.blob(entry[1])
        # Ours decides whose file it is (a remote's copy naming another path is
        # refused); a file new to us says it itself.
        path_id = claimed_path(git.blob(ours[name][1])) if name in ours else None
        path_id = path_id or claimed_path(data)
        if path_id is None:
            continue  # not a progress file: git's rules apply
        problem, newer = problem_with(data, name, path_id, parsed)
        if problem is not None:
            kept = None if newer else keep_aside(git, name, commit, data)
            refused.append(Refused(name, commit, problem, kept, newer=newer))
    return refused


def keep_aside(git: Git, name: str, commit: str, data: bytes) -> Path | None:
    """Keep the remote's copy of a refused file in ``backups/sync-conflicts/``
    (once per commit: a round that fails again does not pile up copies)."""
    folder = git.folder / locations.BACKUPS / ASIDE
    stem, dot, ext = name.replace("/", "_").rpartition(".")
    base = stem if dot else ext
    target = folder / f"{base}.remote-{commit[:SHORT_COMMIT]}{dot}{ext if dot else ''}"
    try:
        if target.exists():
            return target
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(target, data)
    except OSError:
        return None
    return target


def refusal(refused: list[Refused]) -> RemoteFileError:
    """The one sentence for a round that stops on refused files."""
    return RemoteFileError(refused[0].sentence(len(refused) - 1))
