"""The only code that touches the progress file.

Promises (each proven in ``tests/test_store*.py``):

* Writes are atomic: a temp file in the same folder, flush + fsync,
  ``os.replace``, then fsync of the folder. A crash leaves the old file or the
  new one, whole.
* A file that cannot be parsed, belongs to something else, or was written by a
  newer pathtui is never overwritten: the learner gets one sentence naming the
  file and what to do.
* Read-merge-write happens under an exclusive lock (``lock.py`` says why it
  is a plain ``flock``), so two windows, or a window and a shell command,
  never lose each other's changes.
* Progress for ids the path no longer has is kept on every save.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathtui import fastread, locations
from pathtui.bounds import (
    EARLIEST_DATE,
    LATEST_DATE,
    check_hours_per_week,
    date_in_bounds,
    stamp_in_bounds,
)
from pathtui.durations import MAX_ENTRY_HOURS
from pathtui.errors import ProgressFileError, SaveError
from pathtui.lock import FileLock, LockTimeout
from pathtui.progress import (
    DEFAULT_DAY_MINIMUM_MINUTES,
    DEFAULT_REST_DAYS_PER_WEEK,
    DEFAULT_STREAK_KIND,
    MAX_DAY_MINIMUM_MINUTES,
    MAX_REST_DAYS_PER_WEEK,
    PROGRESS_SCHEMA,
    STATES,
    STREAK_KINDS,
    ItemState,
    LogEntry,
    Progress,
    Settings,
    merge,
    utcnow,
)

if TYPE_CHECKING:
    import tomllib

#: Seconds to wait for another pathtui to finish saving before giving up.
LOCK_TIMEOUT_SECONDS = 10.0
#: Refuse progress files larger than this (a huge file is not one we wrote).
MAX_PROGRESS_FILE_BYTES = 64 * 1024 * 1024
TEMP_SUFFIX = ".tmp"
#: How ``atomic_write`` names its temp files: ``.<target name>.<pid>.tmp``.
TEMP_NAME_RE = re.compile(r"^\.(?P<target>.+)\.(?P<pid>[0-9]+)\.tmp$")
READ_CHUNK_BYTES = 1024 * 1024

#: Show at most this many digits of an absurd schema number in a message.
MAX_SHOWN_DIGITS = 12


def newest_backup(file: Path) -> Path | None:
    """The most recent backup of ``file`` in ``backups/``, if there is one."""
    folder = file.parent / locations.BACKUPS
    try:
        found = [p for p in folder.glob(f"{file.stem}-*.toml") if p.is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.name, default=None)


def _what_to_do(file: Path) -> str:
    """The way out of a refused file: restore the newest backup, or start over."""
    backup = newest_backup(file)
    restore = f"copy your newest backup {backup} over it" if backup else "fix it by hand"
    return (
        f"pathtui left it untouched: {restore}, or rename it (e.g. to "
        f"{file.name}.broken) to start over"
    )


def _refuse(file: Path, problem: str) -> ProgressFileError:
    return ProgressFileError(f"Progress file {file} {problem}; {_what_to_do(file)}.")


def _from_the_future(file: Path, schema: int) -> ProgressFileError:
    return ProgressFileError(
        f"Progress file {file} was written by a newer pathtui (schema "
        f"{str(schema)[:MAX_SHOWN_DIGITS]}; this one "
        f"reads schema {PROGRESS_SCHEMA}) and cannot be read; pathtui left it untouched: "
        "upgrade pathtui to use it."
    )


# --------------------------------------------------------------------------- reading


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
                raise _refuse(
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
        raise _refuse(file, "is far larger than pathtui writes")
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


def loads_progress(raw: bytes, file: Path, path_id: str) -> Progress:
    """Parse a progress file's bytes; ``file`` names it in errors."""
    if not raw.strip():
        raise _refuse(file, "is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(file, "is not text (it may be damaged)") from None
    data = fastread.loads(text)  # the layout dumps() writes, read ~5x faster
    if data is None:
        import tomllib  # only for files dumps() did not write

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise _refuse(file, f"is not valid TOML ({_toml_problem(exc)})") from None
        except (ValueError, RecursionError):
            # tomllib raises a bare ValueError for integers over Python's digit
            # limit and recurses once per nesting level: neither is a file we wrote.
            raise _refuse(
                file, "is not a TOML file pathtui can read (absurd numbers or nesting)"
            ) from None
    return parse_progress(data, file, path_id)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> str:
    """tomllib's message, with its most puzzling one said plainly."""
    text = str(exc)
    if text.startswith(("Cannot overwrite a value", "Cannot declare")):
        where = text[text.find(" (at ") :] if " (at " in text else ""
        return "a key is set twice" + where
    return text


Refusal = Callable[[Path, str], ProgressFileError]


def parse_progress(
    data: dict[str, Any], file: Path, path_id: str, refuse: Refusal | None = None
) -> Progress:
    """Turn parsed TOML into Progress, refusing anything we did not write.

    ``refuse`` words the error (an import says "Cannot import ...", not
    "Progress file ...").
    """
    refusal = refuse or _refuse
    schema = data.get("schema")
    if "path_id" not in data or isinstance(schema, bool) or not isinstance(schema, int):
        raise refusal(file, "is not a pathtui progress file (no schema or path_id)")
    newer = schema > PROGRESS_SCHEMA
    if schema < 1:
        raise refusal(file, f"has an invalid schema number {schema}")
    if data["path_id"] != path_id:
        raise refusal(file, f"belongs to path {str(data['path_id'])[:64]!r}, not {path_id!r}")
    check = _Checker(file, lenient=newer, refuse=refusal)
    try:
        progress = Progress(
            path_id=path_id,
            created=check.stamp(data.get("created"), "created"),
            settings=check.settings(data.get("settings", {})),
            items=check.items(data.get("items", {})),
            log=check.log(data.get("log", [])),
            reset_at=(check.stamp(data["reset_at"], "reset_at") if "reset_at" in data else None),
            schema=schema,
        )
    except ProgressFileError:
        if newer:
            if refuse is None:
                raise _from_the_future(file, schema) from None
            raise refusal(
                file,
                f"was written by a newer pathtui (schema {str(schema)[:MAX_SHOWN_DIGITS]}; "
                f"this one reads schema {PROGRESS_SCHEMA}) and cannot be read; upgrade pathtui",
            ) from None
        raise
    if not newer:
        check.unknown(
            data, {"schema", "path_id", "created", "settings", "items", "log", "reset_at"}, ""
        )
    return progress


class _Checker:
    """Type checks with messages that name the key at fault."""

    def __init__(self, file: Path, lenient: bool, refuse: Refusal) -> None:
        self.file = file
        self.lenient = lenient
        self.refuse = refuse

    def bad(self, where: str, problem: str) -> ProgressFileError:
        return self.refuse(self.file, f"has a bad value at {where}: {problem}")

    def unknown(self, table: dict[str, Any], known: set[str], where: str) -> None:
        if self.lenient:
            return
        for key in table:
            if key not in known:
                raise self.bad(f"{where}{key}", "unknown key")

    def stamp(self, value: Any, where: str) -> dt.datetime:
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.UTC)
            if not stamp_in_bounds(value):
                raise self.bad(where, OUT_OF_BOUNDS)
            return value
        raise self.bad(where, "expected a date and time")

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            if not date_in_bounds(value):
                raise self.bad(where, OUT_OF_BOUNDS)
            return value
        raise self.bad(where, "expected a date")

    def number(self, value: Any, where: str, *, positive: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(where, "expected a number")
        try:
            number = float(value)
        except OverflowError:
            raise self.bad(where, "the number is far too large") from None
        if not math.isfinite(number) or number < 0:
            raise self.bad(where, "expected a finite number of 0 or more")
        if positive and number <= 0:
            raise self.bad(where, "must be more than 0")
        return number

    def entry_hours(self, value: Any, where: str) -> float:
        hours = self.number(value, where)
        if hours > MAX_ENTRY_HOURS:
            raise self.bad(where, f"one entry covers one day at most ({MAX_ENTRY_HOURS:g} h)")
        return hours

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.bad(where, "expected text")
        return value

    def settings(self, value: Any) -> Settings:
        if not isinstance(value, dict):
            raise self.bad("settings", "expected a table")
        self.unknown(
            value,
            {
                "hours_per_week",
                "start_date",
                "changed",
                "day_minimum_minutes",
                "rest_days_per_week",
                "streaks",
                "streak_kind",
            },
            "settings.",
        )
        rest = value.get("rest_days_per_week", DEFAULT_REST_DAYS_PER_WEEK)
        if (
            isinstance(rest, bool)
            or not isinstance(rest, int)
            or not 0 <= rest <= MAX_REST_DAYS_PER_WEEK
        ):
            raise self.bad(
                "settings.rest_days_per_week",
                f"expected a whole number from 0 to {MAX_REST_DAYS_PER_WEEK}",
            )
        streaks = value.get("streaks", True)
        if not isinstance(streaks, bool):
            raise self.bad("settings.streaks", "expected true or false")
        kind = value.get("streak_kind", DEFAULT_STREAK_KIND)
        if kind not in STREAK_KINDS:
            raise self.bad("settings.streak_kind", f"expected one of {', '.join(STREAK_KINDS)}")
        minimum = self.number(
            value.get("day_minimum_minutes", DEFAULT_DAY_MINIMUM_MINUTES),
            "settings.day_minimum_minutes",
        )
        if minimum > MAX_DAY_MINIMUM_MINUTES:
            raise self.bad(
                "settings.day_minimum_minutes", f"expected at most {MAX_DAY_MINIMUM_MINUTES}"
            )
        hours_per_week = self.number(
            value.get("hours_per_week"), "settings.hours_per_week", positive=True
        )
        try:
            check_hours_per_week(hours_per_week)
        except ValueError as exc:
            raise self.bad("settings.hours_per_week", str(exc)) from None
        return Settings(
            hours_per_week=hours_per_week,
            start_date=self.date(value.get("start_date"), "settings.start_date"),
            changed=self.stamp(value.get("changed"), "settings.changed"),
            day_minimum_minutes=minimum,
            rest_days_per_week=rest,
            streaks=streaks,
            streak_kind=kind,
        )

    def items(self, value: Any) -> dict[str, ItemState]:
        if not isinstance(value, dict):
            raise self.bad("items", "expected a table")
        out: dict[str, ItemState] = {}
        for key, entry in value.items():
            fast = _plain_item(entry)
            if fast is not None:
                out[key] = fast
                continue
            where = f"items.{key[:64]}"
            if not isinstance(entry, dict):
                raise self.bad(where, "expected a table")
            self.unknown(entry, {"state", "changed", "note"}, f"{where}.")
            state = entry.get("state")
            if not isinstance(state, str) or state not in STATES:
                raise self.bad(
                    f"{where}.state",
                    f"expected one of {', '.join(STATES)}, found {repr(state)[:40]}",
                )
            out[key] = ItemState(
                state=state,
                changed=self.stamp(entry.get("changed"), f"{where}.changed"),
                note=self.text(entry.get("note", ""), f"{where}.note"),
            )
        return out

    def log(self, value: Any) -> list[LogEntry]:
        if not isinstance(value, list):
            raise self.bad("log", "expected an array")
        out = []
        for i, entry in enumerate(value):
            fast = _plain_log_entry(entry)
            if fast is not None:
                out.append(fast)
                continue
            where = f"log[{i}]"
            if not isinstance(entry, dict):
                raise self.bad(where, "expected a table")
            self.unknown(
                entry, {"id", "date", "hours", "created", "item", "note", "deleted"}, f"{where}."
            )
            deleted = entry.get("deleted", False)
            if not isinstance(deleted, bool):
                raise self.bad(f"{where}.deleted", "expected true or false")
            out.append(
                LogEntry(
                    id=self.text(entry.get("id"), f"{where}.id"),
                    date=self.date(entry.get("date"), f"{where}.date"),
                    hours=self.entry_hours(entry.get("hours"), f"{where}.hours"),
                    created=self.stamp(entry.get("created"), f"{where}.created"),
                    item=self.text(entry.get("item", ""), f"{where}.item"),
                    note=self.text(entry.get("note", ""), f"{where}.note"),
                    deleted=deleted,
                )
            )
        return out


_ITEM_KEYS = frozenset({"state", "changed", "note"})
_LOG_KEYS = frozenset({"id", "date", "hours", "created", "item", "note", "deleted"})
#: What a date or time outside ``bounds`` is told.
OUT_OF_BOUNDS = f"the date is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}"


def _stamp_ok(value: Any) -> bool:
    return (
        type(value) is dt.datetime
        and value.tzinfo is not None
        and EARLIEST_DATE.year < value.year < LATEST_DATE.year  # the edges go the careful way
    )


def _plain_item(entry: Any) -> ItemState | None:
    """An item exactly as pathtui writes it, checked without building messages;
    None sends anything else through the careful checks (and their messages)."""
    if type(entry) is not dict or not entry.keys() <= _ITEM_KEYS:
        return None
    state, changed, note = entry.get("state"), entry.get("changed"), entry.get("note", "")
    if type(state) is not str or state not in STATES or not _stamp_ok(changed):
        return None
    if type(note) is not str:
        return None
    return ItemState(state=state, changed=changed, note=note)


def _plain_log_entry(entry: Any) -> LogEntry | None:
    """A log entry exactly as pathtui writes it (see ``_plain_item``)."""
    if type(entry) is not dict or not entry.keys() <= _LOG_KEYS:
        return None
    hours = entry.get("hours")  # dumps() writes floats; a whole number goes the careful way
    if type(hours) is not float or not 0 <= hours <= MAX_ENTRY_HOURS:
        return None
    entry_id, item, note = entry.get("id"), entry.get("item", ""), entry.get("note", "")
    if type(entry_id) is not str or type(item) is not str or type(note) is not str:
        return None
    date, created, deleted = entry.get("date"), entry.get("created"), entry.get("deleted", False)
    if type(date) is not dt.date or not date_in_bounds(date) or not _stamp_ok(created):
        return None
    if type(deleted) is not bool:
        return None
    return LogEntry(entry_id, date, hours, created, item, note, deleted)


# --------------------------------------------------------------------------- writing


def _s(text: str) -> str:
    """A TOML basic string. JSON's escapes are valid TOML except DEL, done by hand.

    Most strings need no escape at all (printable, no quote or backslash);
    those skip ``json.dumps``, which is most of what a save of a big file costs.
    """
    if '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    return key if key.replace("-", "").replace("_", "").isalnum() and key.isascii() else _s(key)


def _t(stamp: dt.datetime) -> str:
    return stamp.isoformat(timespec="microseconds")


def _n(value: float) -> str:
    return repr(float(value))


def dumps(progress: Progress) -> str:
    """Serialise progress as TOML, one item or log entry per line.

    Hand-written because the format is fixed and small: it is ~10x faster than
    a general TOML writer on a 5,000-item file, and the round trip is proven by
    property tests against ``tomllib``.
    """
    s = progress.settings
    lines = [
        "# pathtui progress file. pathtui rewrites it atomically on every change;",
        "# back it up or sync it freely, but edit it only while pathtui is closed.",
        f"schema = {PROGRESS_SCHEMA}",
        f"path_id = {_s(progress.path_id)}",
        f"created = {_t(progress.created)}",
    ]
    if progress.reset_at is not None:
        lines.append(f"reset_at = {_t(progress.reset_at)}")
    quoted: dict[str, str] = {}  # item ids and states repeat: quote each once

    def q(text: str) -> str:
        out = quoted.get(text)
        if out is None:
            out = quoted[text] = _s(text)
        return out

    lines.append("log = [")
    for e in progress.log:
        line = (
            f"  {{ id = {_s(e.id)}, date = {e.date.isoformat()}, hours = {_n(e.hours)}, "
            f"created = {_t(e.created)}"
        )
        if e.item:
            line += f", item = {q(e.item)}"
        if e.note:
            line += f", note = {_s(e.note)}"
        if e.deleted:
            line += ", deleted = true"
        lines.append(line + " },")
    lines += [
        "]",
        "",
        "[settings]",
        f"hours_per_week = {_n(s.hours_per_week)}",
        f"start_date = {s.start_date.isoformat()}",
        f"changed = {_t(s.changed)}",
        f"day_minimum_minutes = {_n(s.day_minimum_minutes)}",
        f"rest_days_per_week = {int(s.rest_days_per_week)}",
        f"streaks = {'true' if s.streaks else 'false'}",
        f"streak_kind = {_s(s.streak_kind)}",
        "",
        "[items]",
    ]
    for key, entry in progress.items.items():
        note = f", note = {_s(entry.note)}" if entry.note else ""
        lines.append(
            f"{_key(key)} = {{ state = {q(entry.state)}, changed = {_t(entry.changed)}{note} }}"
        )
    lines.append("")
    return "\n".join(lines)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)


def atomic_write(file: Path, content: str | bytes) -> None:
    """Replace ``file`` with ``content`` so that readers only ever see a whole file."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    tmp = file.with_name(f".{file.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, file)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(file.parent)


def _temp_owner(name: str) -> int:
    match = TEMP_NAME_RE.match(name)
    return int(match.group("pid")) if match else 0


def _process_alive(pid: int) -> bool:
    """Whether ``pid`` may still be writing its temp file (unsure -> True)."""
    if pid <= 0 or os.name != "posix":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def leftover_temp_files(file: Path) -> list[Path]:
    """Temp files an interrupted write left beside ``file`` or in its backups.

    ``atomic_write`` names them ``.<target>.<pid>.tmp``; nothing else in the
    data folder looks like that.
    """
    found: list[Path] = []
    for folder in (file.parent, file.parent / locations.BACKUPS):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        found += [Path(e.path) for e in entries if TEMP_NAME_RE.match(e.name)]
    return sorted(found)


def _save_error(file: Path, exc: OSError, backup: bool = False) -> SaveError:
    """One sentence: what failed, that nothing was damaged, and what to do."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        why, fix = "the disk is full", "free some space and try again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = f"the folder {file.parent} is read-only or not writable"
        fix = f"make it writable, or set {locations.DATA_DIR_ENV} to a folder you can write to"
    else:
        why, fix = exc.strerror or str(exc), "try again"
    if backup:
        return SaveError(
            f"Could not write a backup to {file}: {why}; nothing was changed, so {fix}."
        )
    return SaveError(
        f"Could not save progress to {file}: {why}; the file still holds your last "
        f"saved progress, so {fix}."
    )


# --------------------------------------------------------------------------- the store


class Store:
    """Loads, merges and saves one progress file; the UI holds one of these."""

    def __init__(self, path_id: str, file: Path | None = None) -> None:
        self.path_id = path_id
        self.file = file if file is not None else locations.progress_file(path_id)
        # The exact bytes we last read or wrote. Change detection compares
        # content, not (mtime, size, inode): file times tick only every few
        # milliseconds, inodes are reused at once on ext4, and sync tools
        # restore mtimes, so a signature can match a file someone else changed.
        self._seen: bytes | None = None
        self.read_only_reason: str | None = None

    @property
    def lock_file(self) -> Path:
        return self.file.with_name(f".{self.file.name}.lock")

    @property
    def exists(self) -> bool:
        return self.file.exists()

    def _lock(self) -> FileLock:
        return FileLock(self.lock_file, timeout=LOCK_TIMEOUT_SECONDS)

    def load(self, hours_per_week: float, now: dt.datetime | None = None) -> Progress:
        """Read the file, or start fresh in memory (nothing is written yet)."""
        raw = read_progress_bytes(self.file)
        progress = None if raw is None else loads_progress(raw, self.file, self.path_id)
        self._seen = raw
        if progress is None:
            return Progress.new(self.path_id, hours_per_week, now)
        if progress.schema > PROGRESS_SCHEMA:
            self.read_only_reason = (
                f"Progress file {self.file} was written by a newer pathtui (schema "
                f"{str(progress.schema)[:MAX_SHOWN_DIGITS]}); it is shown read-only and "
                "will not be changed: upgrade pathtui to change it."
            )
        return progress

    def changed_on_disk(self) -> bool:
        """Whether the file's content differs from what we last read or wrote."""
        try:
            return read_progress_bytes(self.file) != self._seen
        except ProgressFileError:
            return True

    def refresh(self, progress: Progress) -> Progress | None:
        """If another process saved since we looked, return the merged progress."""
        raw = read_progress_bytes(self.file)
        if raw == self._seen:
            return None
        disk = None if raw is None else loads_progress(raw, self.file, self.path_id)
        self._seen = raw
        if disk is None:
            return None
        return merge(progress, disk)

    def save(self, progress: Progress) -> Progress:
        """Merge with what is on disk under the lock, then write atomically.

        Returns the merged progress, which the caller should adopt.
        """
        if self.read_only_reason:
            raise ProgressFileError(self.read_only_reason)
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _save_error(self.file, exc) from None
        try:
            with self._lock():
                self._clean_temp_files()
                merged = progress
                raw = read_progress_bytes(self.file)
                if raw is not None and raw != self._seen:
                    disk = loads_progress(raw, self.file, self.path_id)
                    if disk.schema > PROGRESS_SCHEMA:
                        raise _from_the_future(self.file, disk.schema)
                    merged = merge(progress, disk)
                text = dumps(merged).encode("utf-8")
                atomic_write(self.file, text)
                self._seen = text
                return merged
        except LockTimeout:
            raise SaveError(
                f"Another pathtui has held the lock on {self.file} for "
                f"{LOCK_TIMEOUT_SECONDS:g} seconds; nothing was written, try again."
            ) from None
        except OSError as exc:
            raise _save_error(self.file, exc) from None

    def update(self, change: Callable[[Progress], Any], hours_per_week: float) -> Progress:
        """Load, apply ``change``, save: the shape of every CLI command."""
        progress = self.load(hours_per_week)
        change(progress)
        return self.save(progress)

    def _clean_temp_files(self) -> None:
        """Remove temp files killed saves left behind.

        We hold the lock, so no live writer owns a temp file of the progress
        file; other temp files (status cache, backups) are written without the
        lock, so those go only once the process that made them is gone.
        """
        for temp in leftover_temp_files(self.file):
            owner = _temp_owner(temp.name)
            if temp.name.startswith(f".{self.file.name}.") or not _process_alive(owner):
                try:
                    os.unlink(temp)
                except OSError:
                    pass

    def backup(self, now: dt.datetime | None = None) -> Path | None:
        """Copy the current file into backups/, timestamped; ``None`` if no file."""
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressFileError(
                f"Cannot read {self.file} to back it up ({exc.strerror}); nothing was changed."
            ) from None
        now = (now or utcnow()).astimezone()
        folder = self.file.parent / locations.BACKUPS
        stamp = now.strftime("%Y%m%d-%H%M%S")
        target = folder / f"{self.file.stem}-{stamp}.toml"
        counter = 1
        try:
            folder.mkdir(parents=True, exist_ok=True)
            while target.exists():
                counter += 1
                target = folder / f"{self.file.stem}-{stamp}-{counter}.toml"
            atomic_write(target, raw)
        except OSError as exc:
            raise _save_error(target, exc, backup=True) from None
        return target

    def reset(
        self, progress: Progress, now: dt.datetime | None = None
    ) -> tuple[Progress, Path | None]:
        """Back up, then clear progress; the backup is written before anything else."""
        if self.read_only_reason:
            raise ProgressFileError(self.read_only_reason)
        backup = self.backup(now)
        progress.reset(now)
        return self.save(progress), backup
