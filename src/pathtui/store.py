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
import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pathtui import locations
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

#: Seconds to wait for another pathtui to finish saving before giving up.
LOCK_TIMEOUT_SECONDS = 10.0
#: Refuse progress files larger than this (a huge file is not one we wrote).
MAX_PROGRESS_FILE_BYTES = 64 * 1024 * 1024
TEMP_SUFFIX = ".tmp"

Signature = tuple[int, int, int]


def _signature(file: Path) -> Signature | None:
    try:
        st = file.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _what_to_do(file: Path) -> str:
    return (
        f"pathtui has not changed it; fix it, restore a copy from "
        f"{file.parent / 'backups'}, or move it aside to start over"
    )


def _refuse(file: Path, problem: str) -> ProgressFileError:
    return ProgressFileError(f"Progress file {file} {problem}; {_what_to_do(file)}.")


# --------------------------------------------------------------------------- reading


def read_progress(file: Path, path_id: str) -> Progress | None:
    """Parse and check a progress file; ``None`` if it does not exist."""
    try:
        if file.is_dir():
            raise ProgressFileError(
                f"Progress file {file} is a folder, not a file; move it aside and "
                "run pathtui again."
            )
        size = file.stat().st_size
        if size > MAX_PROGRESS_FILE_BYTES:
            raise _refuse(file, f"is {size // 1024 // 1024} MB, far larger than pathtui writes")
        raw = file.read_bytes()
    except FileNotFoundError:
        return None
    except PermissionError:
        raise ProgressFileError(
            f"Progress file {file} cannot be read (permission denied); give your "
            "user read and write access to it, e.g. chmod u+rw."
        ) from None
    except NotADirectoryError:
        raise ProgressFileError(
            f"Progress folder {file.parent} is a file, not a folder; move it aside "
            "or set PATHTUI_DATA_DIR."
        ) from None
    except OSError as exc:
        raise ProgressFileError(f"Progress file {file} cannot be read ({exc.strerror}).") from None
    if not raw.strip():
        raise _refuse(file, "is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(file, "is not text (it may be damaged)") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _refuse(file, f"is not valid TOML ({exc})") from None
    return parse_progress(data, file, path_id)


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
            raise refusal(
                file,
                f"was written by a newer pathtui (schema {schema}, this one knows "
                f"{PROGRESS_SCHEMA}) and cannot be read; upgrade pathtui",
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
            return value
        raise self.bad(where, "expected a date and time")

    def date(self, value: Any, where: str) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise self.bad(where, "expected a date")

    def number(self, value: Any, where: str, *, positive: bool = False) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.bad(where, "expected a number")
        if value != value or value in (float("inf"), float("-inf")) or value < 0:
            raise self.bad(where, "expected a finite number of 0 or more")
        if positive and value <= 0:
            raise self.bad(where, "must be more than 0")
        return float(value)

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
        return Settings(
            hours_per_week=self.number(
                value.get("hours_per_week"), "settings.hours_per_week", positive=True
            ),
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
            where = f"items.{key[:64]}"
            if not isinstance(entry, dict):
                raise self.bad(where, "expected a table")
            self.unknown(entry, {"state", "changed", "note"}, f"{where}.")
            state = entry.get("state")
            if not isinstance(state, str) or state not in STATES:
                raise self.bad(
                    f"{where}.state",
                    f"expected one of {', '.join(STATES)}, found {str(state)[:40]!r}",
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
                    hours=self.number(entry.get("hours"), f"{where}.hours"),
                    created=self.stamp(entry.get("created"), f"{where}.created"),
                    item=self.text(entry.get("item", ""), f"{where}.item"),
                    note=self.text(entry.get("note", ""), f"{where}.note"),
                    deleted=deleted,
                )
            )
        return out


# --------------------------------------------------------------------------- writing


def _s(text: str) -> str:
    """A TOML basic string. JSON's escapes are valid TOML except DEL, done by hand."""
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
    lines.append("log = [")
    for e in progress.log:
        parts = [
            f"id = {_s(e.id)}",
            f"date = {e.date.isoformat()}",
            f"hours = {_n(e.hours)}",
            f"created = {_t(e.created)}",
        ]
        if e.item:
            parts.append(f"item = {_s(e.item)}")
        if e.note:
            parts.append(f"note = {_s(e.note)}")
        if e.deleted:
            parts.append("deleted = true")
        lines.append("  { " + ", ".join(parts) + " },")
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
            f"{_key(key)} = {{ state = {_s(entry.state)}, changed = {_t(entry.changed)}{note} }}"
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


def _save_error(file: Path, exc: OSError) -> SaveError:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "the folder is not writable"
    else:
        why = exc.strerror or str(exc)
    return SaveError(
        f"Could not save progress to {file}: {why}. Your last saved progress is "
        "unchanged; the change is kept until a save succeeds."
    )


# --------------------------------------------------------------------------- the store


class Store:
    """Loads, merges and saves one progress file; the UI holds one of these."""

    def __init__(self, path_id: str, file: Path | None = None) -> None:
        self.path_id = path_id
        self.file = file if file is not None else locations.progress_file(path_id)
        self._seen: Signature | None = None
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
        sig = _signature(self.file)
        progress = read_progress(self.file, self.path_id)
        self._seen = sig
        if progress is None:
            return Progress.new(self.path_id, hours_per_week, now)
        if progress.schema > PROGRESS_SCHEMA:
            self.read_only_reason = (
                f"Progress file {self.file} was written by a newer pathtui (schema "
                f"{progress.schema}); it is shown read-only and will not be changed. "
                "Upgrade pathtui to change it."
            )
        return progress

    def changed_on_disk(self) -> bool:
        return _signature(self.file) != self._seen

    def refresh(self, progress: Progress) -> Progress | None:
        """If another process saved since we looked, return the merged progress."""
        if not self.changed_on_disk():
            return None
        sig = _signature(self.file)
        disk = read_progress(self.file, self.path_id)
        self._seen = sig
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
                if _signature(self.file) != self._seen:
                    disk = read_progress(self.file, self.path_id)
                    if disk is not None:
                        if disk.schema > PROGRESS_SCHEMA:
                            raise _refuse(
                                self.file,
                                f"was written by a newer pathtui (schema {disk.schema})",
                            )
                        merged = merge(progress, disk)
                atomic_write(self.file, dumps(merged))
                self._seen = _signature(self.file)
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
        """Remove temp files a killed save left behind (we hold the lock, so
        no live writer owns one)."""
        prefix = f".{self.file.name}."
        try:
            for entry in os.scandir(self.file.parent):
                if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass
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
        folder = self.file.parent / "backups"
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
            raise _save_error(target, exc) from None
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
