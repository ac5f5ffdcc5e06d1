"""The one place sync asks how two copies of a progress file combine, and git's merge driver.

``pathtui sync``, the git merge driver and the recovery of sync-folder
conflict copies all merge progress *files* (bytes in, bytes out) through
``merge_files``, and describe what a merge brought through ``count_changes``.
Neither knows the file format: reading it belongs to storage and the schema,
so a new format changes this module and nothing above it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.model import limits
from pathtui.model.progress import PROGRESS_SCHEMA, merge
from pathtui.model.schema import TOMBSTONE
from pathtui.storage import replica
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import from_the_future, loads_progress
from pathtui.sync.git import find_git

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def merge_files(ours: bytes, theirs: bytes, file: Path, path_id: str) -> bytes:
    """Both copies merged by pathtui's own rule, written in the store's format.

    Both are parsed and checked as the store reads a file: ProgressFileError
    (naming ``file``) if either side is not this path's progress, or was
    written by a newer pathtui. The result depends only on the two contents,
    not on their order, so every device writes the same bytes for the same
    content.
    """
    mine = loads_progress(ours, file, path_id)
    other = loads_progress(theirs, file, path_id)
    for side in (mine, other):
        if side.schema > PROGRESS_SCHEMA:
            raise from_the_future(file, side.schema)
    merged = merge(mine, other)
    text = dumps(merged).encode("utf-8")
    problem = limits.count_problem(merged) or limits.size_problem(len(text))
    if problem is not None:
        raise MergeTooLarge(file, problem)
    return text


class MergeTooLarge(limits.LimitError):
    """Two copies, each within the limits, whose merge would not be (``model/limits.py``)."""

    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(
            f"Merging two copies of {file} would make a file that {problem}; nothing was "
            "merged or changed."
        )
        self.problem = problem


def settle(
    raw: bytes, committed: bytes | None, file: Path, path_id: str
) -> tuple[bytes | None, str | None]:
    """The working file merged with its last committed version, and, if it went
    back in time, with this device's copies (``storage/replica.py``).

    Returns the bytes to write (None when that adds nothing to the file) and
    the sentence for the learner. ProgressFileError if the file cannot be
    read or a newer pathtui wrote it; LimitError if the merge is too large.
    """
    disk = loads_progress(raw, file, path_id)
    if disk.schema > PROGRESS_SCHEMA:
        raise from_the_future(file, disk.schema)
    merged, notice = replica.catch_up(file, path_id, disk)
    if committed is not None and committed != raw:
        try:
            last = loads_progress(committed, file, path_id)
        except ProgressFileError:
            last = None  # what git holds is git's to keep; the file here is fine
        if last is not None and last.schema <= PROGRESS_SCHEMA:
            merged = merge(merged, last)
    if merged == disk:
        return None, None
    text = dumps(merged).encode("utf-8")
    problem = limits.count_problem(merged) or limits.size_problem(len(text))
    if problem is not None:
        raise MergeTooLarge(file, problem)
    return text, notice or (
        f"{file} had lost changes it held when it was last synced (an older copy put back "
        "by hand, a sync tool or a cloud drive?); pathtui merged it with the last synced "
        "version, so nothing newer is lost."
    )


def remember_written(file: Path, text: bytes, path_id: str) -> None:
    """Tell this device's memory of ``file`` (``storage/replica.py``) what sync wrote."""
    try:
        newest = loads_progress(text, file, path_id).last
    except ProgressFileError:
        return
    replica.remember(file, text, newest)


def problem_with(raw: bytes, name: str, path_id: str) -> tuple[str | None, bool]:
    """What keeps ``raw`` from being read as ``path_id``'s progress (None: nothing),
    in words without a file name, and whether a newer pathtui wrote it."""
    try:
        progress = loads_progress(raw, Path(name), path_id, refuse=_Problem.make)
    except _Problem as exc:
        return exc.problem, False
    if progress.schema > PROGRESS_SCHEMA:
        return (
            f"was written by a newer pathtui (schema {progress.schema}; this one reads "
            f"schema {PROGRESS_SCHEMA})",
            True,
        )
    if progress.set_aside:  # a remote's bad value is refused, not merged without it
        return f"has a bad value at {_first_bad_value(progress.set_aside)}", False
    return None, False


def _first_bad_value(aside: list[tuple[str, str]]) -> str:
    """'items.x.note: why' for the first value set aside (a record set aside
    whole says 'note: why' of its fields: the first field is named with it)."""
    where, why = aside[0]
    name, colon, problem = why.partition(": ")
    if colon and " " not in name:
        return f"{where}.{name}: {problem}"
    return f"{where}: {why}"


class _Problem(ProgressFileError):
    """What is wrong with a file, without its name (``problem_with``)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem

    @classmethod
    def make(cls, file: Path, problem: str) -> ProgressFileError:
        return cls(problem)


def read_path_id(raw: bytes) -> str | None:
    """The ``path_id`` a progress file names, or None if it names none.

    Used where the path is not known beforehand: a merge driver run by git,
    a conflict copy found in a synced folder.
    """
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    path_id = data.get("path_id")
    return path_id if isinstance(path_id, str) else None


def _picture(raw: bytes | None, file: Path, path_id: str) -> dict[str, Any]:
    """What a learner would call one change each: one record of any collection
    (an item's state and note, a log entry, the settings, a project...) as
    its values, stamps left out; records still at their defaults left out."""
    if raw is None:
        return {}
    progress = loads_progress(raw, file, path_id)
    out: dict[str, Any] = {}
    for name, table in progress.tables.items():
        for key, record in table.items():
            if record.deleted:
                continue
            fields = [f for f in record.kind.fields if f.name != TOMBSTONE]
            values = tuple(getattr(record, f.name) for f in fields)
            if values != tuple(f.default for f in fields):
                out[f"{name}:{key}"] = values
    return out


def count_changes(before: bytes | None, after: bytes | None, file: Path, path_id: str) -> int:
    """How many things a learner changed between two versions of one file."""
    if before == after:
        return 0
    old, new = _picture(before, file, path_id), _picture(after, file, path_id)
    if not old:  # a file that did not exist: its settings are not a change
        new = {k: v for k, v in new.items() if not k.startswith("settings:")}
    return sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))


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
        except PathtuiError as exc:  # a side pathtui refuses, or a merge past the limits
            sys.stderr.write(f"pathtui: {exc}\n")
            return 1
        ours.write_bytes(merged)
        return 0
    import subprocess

    return subprocess.run(
        [find_git(), "merge-file", str(ours), str(base), str(theirs)], check=False
    ).returncode
