"""The one place sync asks how two copies of a progress file combine, and git's merge driver.

``pathtui sync``, the git merge driver and the recovery of sync-folder
conflict copies all merge progress *files* (bytes in, bytes out) through
``merge_files``, and describe what a merge brought through ``count_changes``.
Neither knows the file format: reading it belongs to storage and the schema,
so a new format changes this module and nothing above it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.model import filelimits

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from pathtui.model.progress import Progress
    from pathtui.storage.fastread import Index

#: The first lines ``progressfile.dumps`` writes: comments, ``schema``, then
#: ``path_id`` (a plain id needs no escape). Searched in the first bytes only.
_HEAD = re.compile(rb'(?:#[^\n]*\n)*schema = [0-9]+\npath_id = "([A-Za-z0-9_-]+)"\n')
HEAD_BYTES = 4096


def read(raw: bytes, file: Path, path_id: str, index: Index | None = None) -> Progress:
    """A progress file's bytes, read and checked as the store reads a file
    (ProgressFileError naming ``file`` if it is not this path's progress);
    with ``file``'s ``index``, what it read before stays pending."""
    from pathtui.storage.progressread import loads_progress

    return loads_progress(raw, file, path_id, index=index)


def check_schema(progress: Progress, file: Path) -> Progress:
    """``progress``, unless a newer pathtui wrote it: that is never merged."""
    from pathtui.model.progress import PROGRESS_SCHEMA
    from pathtui.storage.progressread import from_the_future

    if progress.schema > PROGRESS_SCHEMA:
        raise from_the_future(file, progress.schema)
    return progress


def parse(raw: bytes, file: Path, path_id: str) -> Progress:
    """One side of a merge: ``read``, and refused if a newer pathtui wrote it."""
    return check_schema(read(raw, file, path_id), file)


def merged(mine: Progress, other: Progress, file: Path) -> tuple[bytes, Progress]:
    """Two parsed copies merged, and the file's bytes for the result
    (MergeTooLarge, naming ``file``, past the limits)."""
    from pathtui.model.progress import merge
    from pathtui.storage.progressfile import dumps

    result = merge(mine, other)
    text = dumps(result).encode("utf-8")
    check_limits(result, text, file)
    return text, result


def merge_files(ours: bytes, theirs: bytes, file: Path, path_id: str) -> bytes:
    """Both copies merged by pathtui's own rule, written in the store's format.

    Both are parsed and checked as the store reads a file (``parse``). The
    result depends only on the two contents, not on their order, so every
    device writes the same bytes for the same content.
    """
    return merged(parse(ours, file, path_id), parse(theirs, file, path_id), file)[0]


def check_limits(progress: Progress, text: bytes, file: Path) -> None:
    """MergeTooLarge if a merge's result is past ``model/filelimits.py``'s limits."""
    problem = filelimits.count_problem(progress) or filelimits.size_problem(len(text))
    if problem is not None:
        raise MergeTooLarge(file, problem)


class MergeTooLarge(filelimits.LimitError):
    """Two copies, each within the limits, whose merge would not be (``model/filelimits.py``)."""

    def __init__(self, file: Path, problem: str) -> None:
        super().__init__(
            f"Merging two copies of {file} would make a file that {problem}; nothing was "
            "merged or changed."
        )
        self.problem = problem


def settle(
    raw: bytes,
    committed: bytes | None,
    file: Path,
    path_id: str,
    parse_side: Callable[[bytes, Path, str], Progress] | None = None,
) -> tuple[bytes | None, str | None]:
    """The working file merged with its last committed version, and, if it went
    back in time, with this device's copies (``storage/replica.py``).

    Returns the bytes to write (None when that adds nothing to the file) and
    the sentence for the learner. ProgressFileError if the file cannot be
    read or a newer pathtui wrote it; LimitError if the merge is too large.
    ``parse_side``: the round's ``parse``, which reads each content once.
    """
    from pathtui.model.progress import PROGRESS_SCHEMA, merge
    from pathtui.storage import replica
    from pathtui.storage.progressfile import dumps

    disk = (parse_side or parse)(raw, file, path_id)
    result, notice = replica.catch_up(file, path_id, disk)
    if committed is not None and committed != raw:
        try:
            last = read(committed, file, path_id)
        except ProgressFileError:
            last = None  # what git holds is git's to keep; the file here is fine
        if last is not None and last.schema <= PROGRESS_SCHEMA:
            result = merge(result, last)
    if result == disk:
        return None, None
    text = dumps(result).encode("utf-8")
    check_limits(result, text, file)
    return text, notice or (
        f"{file} had lost changes it held when it was last synced (an older copy put back "
        "by hand, a sync tool or a cloud drive?); pathtui merged it with the last synced "
        "version, so nothing newer is lost."
    )


def remember_written(file: Path, text: bytes, path_id: str) -> None:
    """Tell this device's memory of ``file`` (``storage/replica.py``) what sync wrote."""
    from pathtui.storage import replica

    try:
        newest = read(text, file, path_id).last
    except ProgressFileError:
        return
    replica.remember(file, text, newest)


def problem_with(
    raw: bytes, name: str, path_id: str, parsed: dict[bytes, Progress] | None = None
) -> tuple[str | None, bool]:
    """What keeps ``raw`` from being read as ``path_id``'s progress (None: nothing),
    in words without a file name, and whether a newer pathtui wrote it. A
    content found fine goes into ``parsed``, so the round's merge reads it once."""
    from pathtui.model.progress import PROGRESS_SCHEMA
    from pathtui.storage.progressread import loads_progress

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
    if parsed is not None:
        parsed[raw] = progress
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

    Used where the path is not known beforehand: a sync round, a merge driver
    run by git, a conflict copy found in a synced folder. A file as pathtui
    writes it names its path in its first lines, read in microseconds; any
    other layout is read whole by ``tomllib``. The id only says which file
    this is: the full read that follows checks everything, so a file whose
    first lines name a path but whose rest is broken is refused with a
    sentence, never merged as text.
    """
    head = _HEAD.match(raw, 0, HEAD_BYTES)
    if head is None:  # the slow way only: a file saved by Notepad starts with a mark
        from pathtui.storage.progressfile import without_bom

        raw = without_bom(raw)
        head = _HEAD.match(raw, 0, HEAD_BYTES)
    if head is not None:
        return head.group(1).decode("ascii")
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    path_id = data.get("path_id")
    return path_id if isinstance(path_id, str) else None


def picture_of(progress: Progress, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """What a learner would call one change each: one record of any collection
    (an item's state and note, a log entry, the settings, a project...) as
    its values and when each was set; records still at their defaults and
    never set left out. A field set again to the value it had (`pathtui todo
    ID` on an item that is todo: the learner's latest word, which wins over an
    older change elsewhere) is a change too. Collections in ``leave_out`` are
    not looked at (both sides of a count hold the same text for them)."""
    from pathtui.model.schema import TOMBSTONE

    out: dict[str, Any] = {}
    for name in sorted(progress.names() - leave_out):
        table = progress.table(name)
        if not table:
            continue
        kind = next(iter(table.values())).kind
        pairs = [(f.name, f.default) for f in kind.fields if f.name != TOMBSTONE]
        defaults = tuple(default for _, default in pairs)
        for key, record in table.items():
            values = record.values
            if values.get(TOMBSTONE):
                continue
            picture = tuple([values.get(field, default) for field, default in pairs])
            if picture != defaults or record.stamps:
                out[f"{name}:{key}"] = (picture, sorted(record.stamps.items()))
    return out


def count_pictures(old: dict[str, Any], new: dict[str, Any]) -> int:
    """How many records differ between two pictures (``picture_of``)."""
    if not old:  # a file that did not exist: its settings are not a change
        new = {k: v for k, v in new.items() if not k.startswith("settings:")}
    return sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))


def count_changes(before: bytes | None, after: bytes | None, file: Path, path_id: str) -> int:
    """How many things a learner changed between two versions of one file."""
    if before == after:
        return 0

    def picture(raw: bytes | None) -> dict[str, Any]:
        return {} if raw is None else picture_of(read(raw, file, path_id))

    return count_pictures(picture(before), picture(after))


def merge_driver(base: Path, ours: Path, theirs: Path, name: str) -> int:
    """git's merge driver: pathtui's merge for progress files, git's for the rest.

    git passes temp files; the result goes into ``ours``. Returns the exit
    status git expects (0: merged, non-zero: conflict left for the user).
    """
    mine, other = ours.read_bytes(), theirs.read_bytes()
    path_id = read_path_id(mine)
    if path_id is not None and read_path_id(other) == path_id:
        try:
            result = merge_files(mine, other, Path(name), path_id)
        except PathtuiError as exc:  # a side pathtui refuses, or a merge past the limits
            from pathtui.model.sanitise import sanitise

            sys.stderr.write(f"pathtui: {sanitise(str(exc), lines=True)}\n")  # git shows it
            return 1
        ours.write_bytes(result)
        return 0
    import subprocess

    from pathtui.sync.git import find_git

    return subprocess.run(
        [find_git(), "merge-file", str(ours), str(base), str(theirs)], check=False
    ).returncode
