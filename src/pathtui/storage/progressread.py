"""Reading a progress file: its bytes, safely, then parsed and checked.

Only a regular file is read, never more than the size limit. A file that
cannot be parsed, belongs to something else, was cut short or was written by
a newer pathtui is refused with one sentence naming the file and the way out
(the newest backup, or renaming it to start over). The text itself is
``progressfile.py``'s; ``fastread.py`` reads what ``dumps`` writes, fast.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.model import filelimits
from pathtui.model.holding import Holding
from pathtui.model.progress import PROGRESS_SCHEMA, Progress
from pathtui.storage import backupfiles, fastread, locations, progressfile
from pathtui.storage.backupfiles import newest_backup
from pathtui.storage.progressfile import MAX_SHOWN_DIGITS

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False

if TYPE_CHECKING:
    import tomllib
    from typing import Any

#: Refuse progress files larger than this (a huge file is not one we wrote).
MAX_PROGRESS_FILE_BYTES = filelimits.MAX_PROGRESS_FILE_BYTES
READ_CHUNK_BYTES = 1024 * 1024
#: Backups the advice for a refused file reads, newest first, for one with progress.
MAX_BACKUPS_READ = 30


#: How a caller words a refusal: ``refuse(file, problem)`` -> the error to raise.
Refusal = Callable[[Path, str], ProgressFileError]


def what_to_do(file: Path) -> str:
    """The way out of a refused file: restore the newest backup that holds
    progress (the newest may have been written just after a reset), or start over."""
    found = newest_with_progress(file)
    if found is not None:
        backup, held = found
        restore = (
            f"restore your newest backup that holds progress, {backup} ({held.words()}), "
            f"with `pathtui restore {backup.name}`, which keeps this file aside"
        )
    elif newest_backup(file) is not None:
        restore = "no backup holds any progress, so fix it by hand"
    else:
        restore = "fix it by hand"
    return (
        f"pathtui left it untouched: {restore}, or rename it (e.g. to "
        f"{file.name}.broken) to start over"
    )


def newest_with_progress(file: Path) -> tuple[Path, Holding] | None:
    """The newest readable backup of ``file`` with anything a learner did in it,
    and what it holds (only the newest ``MAX_BACKUPS_READ`` are read)."""
    for backup in backupfiles.backups_newest_first(file)[:MAX_BACKUPS_READ]:
        try:
            raw = read_progress_bytes(backup)
            progress = None if raw is None else loads_progress(raw, backup, file.stem, _plain)
        except ProgressFileError:
            continue
        if progress is None or progress.schema > PROGRESS_SCHEMA:
            continue
        held = Holding.of(progress)
        if not held.empty:
            return backup, held
    return None


def _plain(file: Path, problem: str) -> ProgressFileError:
    """A backup's refusal, which only tells the search to look further."""
    return ProgressFileError(f"{file} {problem}")


def refused(file: Path, problem: str) -> ProgressFileError:
    return ProgressFileError(f"Progress file {file} {problem}; {what_to_do(file)}.")


#: Set-aside values a sentence names; the rest are counted (doctor lists them all).
SET_ASIDE_NAMED = 3


def set_aside_words(aside: list[tuple[str, str]], named: int = SET_ASIDE_NAMED) -> str:
    """'log.0123.date (the date is outside 1970–2999), and 2 more'."""
    shown = ", ".join(f"{where} ({why})" for where, why in aside[:named])
    more = len(aside) - named
    return shown + (f", and {more} more (`pathtui doctor` lists them)" if more > 0 else "")


def set_aside_sentence(file: Path, aside: list[tuple[str, str]], kept: Path | None) -> str:
    """One sentence: what the reader set aside from ``file``, and where it is kept."""
    count = len(aside)
    what = "a value" if count == 1 else f"{count} values"
    folder = file.parent / locations.BACKUPS
    where = (
        f"the file as it was is kept in {kept}"
        if kept is not None
        else f"pathtui saves nothing until it can keep the file as it is in {folder}"
    )
    return (
        f"Progress file {file} holds {what} pathtui cannot use, left out of your "
        f"progress: {set_aside_words(aside)}; {where}."
    )


def from_the_future(file: Path, schema: int) -> ProgressFileError:
    return ProgressFileError(
        f"Progress file {file} was written by a newer pathtui (schema "
        f"{str(schema)[:MAX_SHOWN_DIGITS]}; this one "
        f"reads schema {PROGRESS_SCHEMA}) and cannot be read; pathtui left it untouched: "
        "upgrade pathtui to use it."
    )


def read_progress_bytes(file: Path) -> bytes | None:
    """The file's bytes, read safely; ``None`` if it does not exist.

    Only a regular file is read, and never more than the size limit, so a
    folder, a named pipe or ``/dev/zero`` in its place cannot hang pathtui.
    """
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                raise ProgressFileError(
                    f"Progress file {file} is a folder, not a file; pathtui has not "
                    f"touched it: rename it (e.g. to {file.name}.broken) and run pathtui again."
                )
            if not stat.S_ISREG(st.st_mode):
                raise ProgressFileError(
                    f"Progress file {file} is not a regular file (a device or pipe?); "
                    "pathtui has not touched it: remove it or move it aside."
                )
            if st.st_size > MAX_PROGRESS_FILE_BYTES:
                raise refused(
                    file, f"is {st.st_size // 1024 // 1024} MB, far larger than pathtui writes"
                )
            raw = _read_at_most(fd, MAX_PROGRESS_FILE_BYTES + 1)
        finally:
            os.close(fd)
    except FileNotFoundError:
        return None
    except PermissionError:
        raise ProgressFileError(
            f"Progress file {file} cannot be read (permission denied); pathtui has "
            "not changed it: give your user read and write access, e.g. "
            f"chmod u+rw {file}, and run pathtui again."
        ) from None
    except NotADirectoryError:
        raise ProgressFileError(
            f"Progress folder {file.parent} is a file, not a folder; move it aside "
            f"or set {locations.DATA_DIR_ENV} to another folder."
        ) from None
    except OSError as exc:
        raise ProgressFileError(
            f"Progress file {file} cannot be read ({exc.strerror or exc}); pathtui has "
            "not changed it: check the disk and try again."
        ) from None
    if len(raw) > MAX_PROGRESS_FILE_BYTES:
        raise refused(file, "is far larger than pathtui writes")
    return raw


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(READ_CHUNK_BYTES, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_progress(file: Path, path_id: str) -> Progress | None:
    """Parse and check a progress file; ``None`` if it does not exist."""
    raw = read_progress_bytes(file)
    return None if raw is None else loads_progress(raw, file, path_id)


def loads_progress(
    raw: bytes,
    file: Path,
    path_id: str,
    refuse: Refusal | None = None,
    index: fastread.Index | None = None,
) -> Progress:
    """Parse a progress file's bytes; ``file`` names it in errors.

    ``refuse`` words the error (sync names the remote's file and commit, not
    the learner's). A file over ``model/filelimits.py``'s limits is refused too.
    With an ``index`` (``sections.py``), collections whose text was read
    before stay pending, decoded only when asked for.
    """
    refuse = refuse or refused
    raw = progressfile.without_bom(raw)  # before both readers: they read the same text
    if not raw.strip():
        raise refuse(file, "is empty")
    problem = filelimits.size_problem(len(raw)) or _too_many_lines(raw)
    if problem is not None:
        raise refuse(file, problem)
    progress = fastread.read(raw, path_id, index)  # the layout dumps() writes, read fast
    if progress is None:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise refuse(file, "is not text (it may be damaged)") from None
        progress = careful_loads(text, file, path_id, refuse)
    problem = filelimits.count_problem(progress)
    if problem is not None:
        raise refuse(file, problem)
    return progress


#: ``progressfile.UTF8_BOM`` decoded.
BOM_CHAR = "\ufeff"


#: How every record's line starts after its key in the layout ``dumps`` writes
#: (inside a text the quote is escaped, so a note cannot hold it).
RECORD_MARK = b' = { at = "'


def _too_many_lines(raw: bytes) -> str | None:
    """Too many records, counted before parsing (parsing one costs memory):
    each line ``dumps`` writes for a record holds ``RECORD_MARK`` once."""
    count = raw.count(RECORD_MARK)
    if count <= filelimits.MAX_RECORDS:
        return None
    most = filelimits.MAX_RECORDS
    return f"holds {count:,} records, more than the {most:,} pathtui keeps in one file"


def careful_loads(text: str, file: Path, path_id: str, refuse: Refusal | None = None) -> Progress:
    """``tomllib`` and the schema's checks: any TOML, with a message for any fault."""
    import tomllib  # only for files dumps() did not write

    refuse = refuse or refused
    text = text.removeprefix(BOM_CHAR)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise refuse(file, f"is not valid TOML ({_toml_problem(exc)})") from None
    except (ValueError, RecursionError):
        # tomllib raises a bare ValueError for integers over Python's digit
        # limit and recurses once per nesting level: neither is a file we wrote.
        raise refuse(
            file, "is not a TOML file pathtui can read (absurd numbers or nesting)"
        ) from None
    progress = parse_progress(data, file, path_id, None if refuse is refused else refuse)
    marked = progressfile.END_MARKER_SINCE <= progress.schema <= PROGRESS_SCHEMA
    if marked and not progressfile.has_end_marker(text):
        raise refuse(
            file,
            f"ends early: its last line, {progressfile.END_MARKER!r}, is missing, so it "
            "was cut short (an interrupted copy or a full disk?) or that line was edited away",
        )
    return progress


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message, with its most puzzling one said plainly."""
    text = str(exc)
    if text.startswith(("Cannot overwrite a value", "Cannot declare")):
        where = text[text.find(" (at ") :] if " (at " in text else ""
        return "a key is set twice" + where
    return text


def parse_progress(
    data: dict[str, Any], file: Path, path_id: str, refuse: Refusal | None = None
) -> Progress:
    """Turn parsed TOML into Progress, refusing anything we did not write.

    ``refuse`` words the error (an import says "Cannot import ...", not
    "Progress file ...").
    """
    return progressfile.parse(data, file, path_id, refuse or refused, own=refuse is None)
