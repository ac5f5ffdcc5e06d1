"""The progress file's text: writing schema 2, reading schemas 1 and 2.

Everything about a field comes from ``schema.py``; this module only knows
the layout. One line per record (``key = { at = "stamp", field = value,
other_field = value, other_field_at = "stamp" }``): ``at`` is the record's
newest stamp, and a field written at another moment carries its own
``<field>_at``. One line per record keeps the file readable and makes a
change one changed line, which is what a sync tool or git shows. The last
line is an end marker, so a file cut short at a line end (still valid
TOML) is caught instead of read with records missing.

A schema-1 file (one stamp per item and one for all settings) is migrated
as it is read: each old stamp becomes the stamp of every field it covered,
on a fixed device id, so two devices migrating one file agree byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.model import clock as hlc
from pathtui.model.progress import (
    SETTINGS_KEY,
    Progress,
    Record,
    first_day,
    merge_records,
    order_key,
)
from pathtui.model.schema import (
    BY_NAME,
    COLLECTIONS,
    CREATED,
    EARLIEST_DATE,
    ITEMS,
    LATEST_DATE,
    LOG,
    OUT_OF_BOUNDS,
    PROGRESS_SCHEMA,
    SETTINGS,
    STAMP_KEY,
    STAMP_SUFFIX,
    TOMBSTONE,
    TOP_KEYS,
    Collection,
)

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HEADER = (
    "# pathtui progress file. pathtui rewrites it atomically on every change;",
    "# back it up or sync it freely, but edit it only while pathtui is closed.",
)
#: The last line pathtui writes; a file without it was cut short.
END_MARKER = "# end of pathtui progress file"
#: The first schema that writes the end marker.
END_MARKER_SINCE = 2
#: The byte-order mark some editors (Windows Notepad) put before UTF-8 text.
UTF8_BOM = b"\xef\xbb\xbf"
#: Show at most this many digits of an absurd schema number in a message.
MAX_SHOWN_DIGITS = 12
#: Show at most this much of a key in a message.
MAX_SHOWN_KEY = 64
#: Stamps outside the shared date bounds are refused (adding to one near year
#: 9999 overflows); compared as the ISO date text a stamp starts with.
_EARLIEST, _LATEST = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()

Refusal = Callable[[Path, str], ProgressFileError]


# --------------------------------------------------------------------------- writing


def _s(text: str) -> str:
    """A TOML basic string. JSON's escapes are valid TOML except DEL, done by hand.

    Most strings need no escape at all (printable, no quote or backslash);
    those skip ``json.dumps``.
    """
    if '"' not in text and "\\" not in text and text.isprintable():
        return f'"{text}"'
    import json  # only here: the tracker's start and most saves never need it

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(key: str) -> str:
    if key and key.replace("-", "").replace("_", "").isalnum() and key.isascii():
        return key
    return _s(key)


def _time(value: dt.datetime) -> str:
    return value.isoformat(timespec="microseconds")


#: How each kind of field is written (text goes through ``dumps``' quote cache).
_FORMATS: dict[str, Callable[[Any], str]] = {
    "number": lambda value: repr(float(value)),
    "whole": lambda value: str(int(value)),
    "flag": lambda value: "true" if value else "false",
    "date": dt.date.isoformat,
    "time": _time,
}


def _pairs(
    fields: tuple[tuple[str, Callable[[Any], str] | None], ...],
    record: Record,
    quote: Callable[[str], str],
) -> list[str]:
    """``at = ...`` then each written field (and its own stamp if it differs)."""
    stamps, values = record.stamps, record.values
    newest = max(stamps.values())
    out = [f'{STAMP_KEY} = "{newest}"']
    for name, form in fields:
        stamp = stamps.get(name)
        if stamp is None:
            continue
        value = values[name]
        out.append(f"{name} = {quote(value) if form is None else form(value)}")
        if stamp != newest:
            out.append(f'{name}{STAMP_SUFFIX} = "{stamp}"')
    return out


def dumps(progress: Progress) -> str:
    """Serialise progress as schema-2 TOML: the same progress gives the same bytes."""
    lines = [
        *HEADER,
        f"schema = {PROGRESS_SCHEMA}",
        f"path_id = {_s(progress.path_id)}",
        f"created = {_time(progress.created)}",
    ]
    if progress.epoch:
        lines.append(f'epoch = "{progress.epoch}"')
    quoted: dict[str, str] = {}  # states and item ids repeat: quote each once

    def quote(text: str) -> str:
        out = quoted.get(text)
        if out is None:
            out = quoted[text] = _s(text)
        return out

    for kind in COLLECTIONS:
        lines += ["", f"[{kind.name}]"]
        lazy = progress.pending.get(kind.name)
        if lazy is not None:  # read before and untouched: its text, as it was read
            if lazy.body:
                lines.append(lazy.body.decode("utf-8"))
            continue
        table = progress.table(kind.name) if kind.name in progress.names() else {}
        fields = tuple((f.name, _FORMATS.get(f.kind)) for f in kind.fields)
        if kind.singleton:
            record = table.get(SETTINGS_KEY)
            if record is not None and record.stamps:
                lines += _pairs(fields, record, quote)
            continue
        if kind.order:
            ordered = sorted(table.values(), key=lambda r: order_key(kind, r))
        else:
            ordered = [table[key] for key in sorted(table)]
        for record in ordered:
            line = record.line
            if line is None and record.stamps:
                pairs = ", ".join(_pairs(fields, record, quote))
                line = record.line = f"{_key(record.key)} = {{ {pairs} }}"
            if line is not None:
                lines.append(line)
    lines += ["", END_MARKER, ""]
    return "\n".join(lines)


def to_data(progress: Progress) -> dict[str, Any]:
    """The dict ``tomllib`` would read from ``dumps(progress)`` (for JSON export)."""
    data: dict[str, Any] = {
        "schema": PROGRESS_SCHEMA,
        "path_id": progress.path_id,
        "created": progress.created,
    }
    if progress.epoch:
        data["epoch"] = progress.epoch
    for kind in COLLECTIONS:
        table = progress.tables.get(kind.name, {})
        out: dict[str, Any] = {}
        for key, record in table.items():
            if not record.stamps:
                continue
            newest = max(record.stamps.values())
            entry: dict[str, Any] = {STAMP_KEY: newest}
            for field in kind.fields:
                stamp = record.stamps.get(field.name)
                if stamp is None:
                    continue
                entry[field.name] = record.values[field.name]
                if stamp != newest:
                    entry[field.name + STAMP_SUFFIX] = stamp
            if kind.singleton:
                out = entry
            else:
                out[key] = entry
        data[kind.name] = out
    return data


def typed(data: dict[str, Any]) -> dict[str, Any]:
    """JSON's strings back to dates and times where the schema has them
    (anything odd is left for the checks to name)."""
    out = dict(data)
    out["created"] = _as(dt.datetime, out.get("created"))
    for kind in COLLECTIONS:
        table = out.get(kind.name)
        if not isinstance(table, dict):
            continue
        timed = {
            f.name: dt.datetime if f.kind == "time" else dt.date
            for f in kind.fields
            if f.kind in ("date", "time")
        }
        if kind.singleton:
            out[kind.name] = _typed_record(table, timed)
        else:
            out[kind.name] = {key: _typed_record(entry, timed) for key, entry in table.items()}
    return out


def _typed_record(entry: Any, timed: dict[str, type[dt.date]]) -> Any:
    if not isinstance(entry, dict):
        return entry
    entry = dict(entry)
    for name, kind in timed.items():
        if name in entry:
            entry[name] = _as(kind, entry[name])
    return entry


def _as(kind: type[dt.date], value: Any) -> Any:
    if isinstance(value, str):
        try:
            return kind.fromisoformat(value)
        except ValueError:
            return value
    return value


def without_bom(raw: bytes) -> bytes:
    """``raw`` without a leading UTF-8 byte-order mark: an editor's mark, not part
    of the TOML, so a file saved with one reads as the file without it (and
    ``dumps`` writes none)."""
    return raw[len(UTF8_BOM) :] if raw.startswith(UTF8_BOM) else raw


def has_end_marker(text: str) -> bool:
    return text.rstrip().endswith(END_MARKER)


# --------------------------------------------------------------------------- reading


class Checker:
    """Checks parsed TOML against the schema, with messages naming the key.

    The file's frame (its schema, path id, creation time, epoch and tables)
    must be right or the file is refused. A record or a field that breaks
    the schema's rules is *set aside* instead (``set_aside``: where, and
    why): left out of what is read, so one bad value never takes the whole
    file down; the store keeps the file as it was (``docs/data-safety.md``).
    """

    def __init__(self, file: Path, lenient: bool, refuse: Refusal) -> None:
        self.file = file
        self.lenient = lenient
        self.refuse = refuse
        #: The newest stamp of the records kept (the epoch aside).
        self.last = ""
        self.set_aside: list[tuple[str, str]] = []

    def bad(self, where: str, problem: str) -> ProgressFileError:
        return self.refuse(self.file, f"has a bad value at {where}: {problem}")

    def unknown(self, table: dict[str, Any], known: frozenset[str] | set[str], where: str) -> None:
        if self.lenient:
            return
        for key in table:
            if key not in known:
                raise self.bad(f"{where}{key}", "unknown key")

    def stamp(self, value: Any, where: str) -> str:
        problem = self.stamp_problem(value)
        if problem:
            raise self.bad(where, problem)
        return str(value)

    def stamp_problem(self, value: Any) -> str:
        """What is wrong with a stamp ('' if nothing)."""
        if not hlc.valid(value):
            return "expected a pathtui stamp like '2026-01-31T10:00:00.000Z/0000/1a2b3c4d'"
        if value != hlc.FLOOR and not _EARLIEST <= value[: len(_EARLIEST)] <= _LATEST:
            return OUT_OF_BOUNDS
        return ""

    def time(self, value: Any, where: str) -> dt.datetime:
        return self.value(CREATED, value, where)

    def value(self, field: Any, value: Any, where: str) -> Any:
        try:
            return field.check(value)
        except ValueError as exc:
            raise self.bad(where, str(exc)) from None

    def missing(self, kind: Collection, record: Record) -> str:
        """The first required field a live record lacks ('' if none)."""
        if record.deleted:
            return ""
        for field in kind.fields:
            if field.default is None and field.name not in record.stamps:
                return field.name
        return ""

    def required(self, kind: Collection, record: Record, where: str) -> None:
        name = self.missing(kind, record)
        if name:
            raise self.bad(f"{where}.{name}", "missing")

    def record(self, kind: Collection, key: str, entry: Any, where: str) -> Record | None:
        """One schema-2 record, each field with its stamp; a bad field is set
        aside, and a record left without a field it needs is set aside whole
        (None)."""
        if type(entry) is not dict:
            self.set_aside.append((where, "expected a table"))
            return None
        by_name = kind.by_name
        default = entry.get(STAMP_KEY)
        if default is not None and (problem := self.stamp_problem(default)):
            self.set_aside.append((where, f"{STAMP_KEY}: {problem}"))
            return None
        values: dict[str, Any] = {}
        stamps: dict[str, str] = {}
        problems: list[tuple[str, str]] = []
        for name, value in entry.items():
            field = by_name.get(name)
            if field is None:
                if name == STAMP_KEY or (
                    name.endswith(STAMP_SUFFIX) and name[: -len(STAMP_SUFFIX)] in entry
                ):
                    continue
                if not self.lenient:
                    problems.append((name, "unknown key"))
                continue
            try:
                checked = field.check(value)
            except ValueError as exc:
                problems.append((name, str(exc)))
                continue
            own = entry.get(name + STAMP_SUFFIX)
            if own is not None:
                if problem := self.stamp_problem(own):
                    problems.append((name + STAMP_SUFFIX, problem))
                    continue
                stamp = own
            elif default is not None:
                stamp = default
            else:
                problems.append(
                    (
                        STAMP_KEY,
                        "missing (every change carries its stamp: change progress with "
                        "pathtui's commands, or copy the stamp of a line like it)",
                    )
                )
                continue
            values[name], stamps[name] = checked, stamp
        out = Record(kind, key, values, stamps)
        lacking = self.missing(kind, out) if stamps else "a field"
        if lacking and not kind.singleton:  # (the settings' gaps are filled: _settings)
            why = "; ".join(f"{name}: {problem}" for name, problem in problems)
            self.set_aside.append((where, why or f"{lacking}: missing"))
            return None
        self.set_aside += [(f"{where}.{name}", problem) for name, problem in problems]
        # Only stamps that are kept move ``last`` on: one set aside is in no
        # file written from what was read (``Progress.held``).
        if stamps:
            self.last = max(self.last, *stamps.values())
        return out

    def table(self, data: dict[str, Any], kind: Collection) -> dict[str, Record]:
        value = data.get(kind.name, {})
        if type(value) is not dict:
            raise self.bad(kind.name, "expected a table")
        if kind.singleton:
            if not value:
                return {}
            record = self.record(kind, SETTINGS_KEY, value, kind.name)
            return {} if record is None else {SETTINGS_KEY: record}
        found = (
            (key, self.record(kind, key, entry, f"{kind.name}.{key[:MAX_SHOWN_KEY]}"))
            for key, entry in value.items()
        )
        return {key: record for key, record in found if record is not None}


def _from_the_future(file: Path, schema: int, refuse: Refusal | None) -> ProgressFileError:
    shown = str(schema)[:MAX_SHOWN_DIGITS]
    if refuse is not None:
        return refuse(
            file,
            f"was written by a newer pathtui (schema {shown}; this one reads schema "
            f"{PROGRESS_SCHEMA}) and cannot be read; upgrade pathtui",
        )
    return ProgressFileError(
        f"Progress file {file} was written by a newer pathtui (schema {shown}; this one "
        f"reads schema {PROGRESS_SCHEMA}) and cannot be read; pathtui left it untouched: "
        "upgrade pathtui to use it."
    )


def parse(
    data: dict[str, Any], file: Path, path_id: str, refuse: Refusal, *, own: bool = True
) -> Progress:
    """Parsed TOML (or typed JSON) into Progress, refusing anything we did not write.

    A file from a newer schema is read leniently (unknown keys skipped) and
    marked with its schema, so it is shown but never written. ``own`` is
    False when ``refuse`` words errors for something else (an import).
    """
    schema = data.get("schema")
    if "path_id" not in data or isinstance(schema, bool) or not isinstance(schema, int):
        raise refuse(file, "is not a pathtui progress file (no schema or path_id)")
    if schema < 1:
        raise refuse(file, f"has an invalid schema number {schema}")
    if data["path_id"] != path_id:
        raise refuse(
            file, f"belongs to path {str(data['path_id'])[:MAX_SHOWN_KEY]!r}, not {path_id!r}"
        )
    newer = schema > PROGRESS_SCHEMA
    check = Checker(file, lenient=newer, refuse=refuse)
    try:
        if schema == 1:
            progress = _migrate_v1(data, check, path_id)
        else:
            progress = _parse_v2(data, check, path_id)
    except ProgressFileError:
        if newer:
            raise _from_the_future(file, schema, None if own else refuse) from None
        raise
    if newer and progress.set_aside:  # what a newer pathtui wrote may be right there
        raise _from_the_future(file, schema, None if own else refuse)
    progress.schema = schema
    return progress


def _parse_v2(data: dict[str, Any], check: Checker, path_id: str) -> Progress:
    check.unknown(data, TOP_KEYS | set(BY_NAME), "")
    created = check.time(data.get("created"), "created")
    epoch = data.get("epoch", "")
    if epoch:
        check.stamp(epoch, "epoch")
    elif epoch != "":
        raise check.bad("epoch", "expected a pathtui stamp")
    tables = {kind.name: check.table(data, kind) for kind in COLLECTIONS}
    if epoch:  # a hand edit may have left fields from before the epoch: they go
        for name, table in tables.items():
            kept = (merge_records(record, None, epoch) for record in table.values())
            tables[name] = {record.key: record for record in kept if record is not None}
    settings = tables[SETTINGS.name].get(SETTINGS_KEY)
    if settings is None or check.missing(SETTINGS, settings):
        first = first_day(tables[ITEMS.name].values(), tables[LOG.name].values())
        tables[SETTINGS.name][SETTINGS_KEY] = _with_start_date(
            settings, created, first, epoch, check
        )
    progress = Progress(path_id, created, tables, epoch=epoch, last=check.last)
    progress.set_aside = check.set_aside
    return progress


def _with_start_date(
    settings: Record | None,
    created: dt.datetime,
    first: dt.date | None,
    epoch: str,
    check: Checker,
) -> Record:
    """Settings whose start date was set aside (or never written): the day the
    progress began, or the ``first`` day of study if that came before (a file
    made by a restore is younger than its history), stamped below every real
    write since the epoch (the lowest stamp after it), so any device's own
    start date wins over it."""
    if not any(where == "settings.start_date" for where, _ in check.set_aside):
        check.set_aside.append(("settings.start_date", "missing"))
    values = dict(settings.values) if settings else {}
    stamps = dict(settings.stamps) if settings else {}
    lowest = hlc.tick(epoch, hlc.MIGRATED_DEVICE, hlc.wall(hlc.FLOOR)) if epoch else hlc.FLOOR
    began = created.astimezone().date()
    values["start_date"] = began if first is None else min(began, first)
    stamps["start_date"] = lowest
    return Record(SETTINGS, SETTINGS_KEY, values, stamps)


# --------------------------------------------------------------------------- schema 1


_V1_TOP = frozenset({"schema", "path_id", "created", "settings", "items", "log", "reset_at"})
_V1_ITEM = frozenset({"state", "changed", "note"})
_V1_LOG = frozenset({"id", "date", "hours", "created", "item", "note", "deleted"})


def _v1_stamp(when: dt.datetime, counter: int = 0) -> str:
    return hlc.make(when, counter, hlc.MIGRATED_DEVICE)


def _migrate_v1(data: dict[str, Any], check: Checker, path_id: str) -> Progress:
    """A schema-1 file as schema-2 progress (see the module docstring)."""
    check.unknown(data, _V1_TOP, "")
    created = check.time(data.get("created"), "created")
    epoch = ""
    if "reset_at" in data:
        epoch = _v1_stamp(check.time(data["reset_at"], "reset_at"))
    settings = _v1_settings(data.get("settings", {}), check, epoch)
    items: dict[str, Record] = {}
    raw_items = data.get("items", {})
    if type(raw_items) is not dict:
        raise check.bad("items", "expected a table")
    for key, entry in raw_items.items():
        where = f"items.{key[:MAX_SHOWN_KEY]}"
        if type(entry) is not dict:
            raise check.bad(where, "expected a table")
        check.unknown(entry, _V1_ITEM, f"{where}.")
        values = {"state": check.value(ITEMS.field("state"), entry.get("state"), f"{where}.state")}
        note = check.value(ITEMS.field("note"), entry.get("note", ""), f"{where}.note")
        if note:
            values["note"] = note
        stamp = _v1_stamp(check.time(entry.get("changed"), f"{where}.changed"))
        if stamp > epoch:
            items[key] = Record(ITEMS, key, values, dict.fromkeys(values, stamp))
    log: dict[str, Record] = {}
    raw_log = data.get("log", [])
    if type(raw_log) is not list:
        raise check.bad("log", "expected an array")
    for i, entry in enumerate(raw_log):
        where = f"log[{i}]"
        if type(entry) is not dict:
            raise check.bad(where, "expected a table")
        check.unknown(entry, _V1_LOG, f"{where}.")
        key = check.value(ITEMS.field("note"), entry.get("id"), f"{where}.id")
        values = {
            name: check.value(
                LOG.field(name), entry.get(name, LOG.default(name)), f"{where}.{name}"
            )
            for name in ("date", "hours", "created", "item", "note")
        }
        values = {k: v for k, v in values.items() if v != "" or k not in ("item", "note")}
        deleted = check.value(LOG.field(TOMBSTONE), entry.get(TOMBSTONE, False), f"{where}.deleted")
        if deleted:
            values[TOMBSTONE] = True
        stamp = _v1_stamp(values["created"])
        if stamp > epoch:
            log[key] = Record(LOG, key, values, dict.fromkeys(values, stamp))
    tables = {SETTINGS.name: {SETTINGS_KEY: settings}, ITEMS.name: items, LOG.name: log}
    progress = Progress(path_id, created, tables, epoch=epoch)
    progress.last = progress.held = max([epoch, *progress.stamps()])
    return progress


def _v1_settings(value: Any, check: Checker, epoch: str) -> Record:
    """Schema 1 kept the settings through a reset: they stay after its epoch."""
    if type(value) is not dict:
        raise check.bad("settings", "expected a table")
    check.unknown(value, {*SETTINGS.by_name, "changed"}, "settings.")
    stamp = _v1_stamp(check.time(value.get("changed"), "settings.changed"))
    if stamp <= epoch:
        stamp = _v1_stamp(hlc.wall(epoch), 1)
    values = {}
    for field in SETTINGS.fields:
        if field.name in value or field.default is None:
            values[field.name] = check.value(field, value.get(field.name), f"settings.{field.name}")
    return Record(SETTINGS, SETTINGS_KEY, values, dict.fromkeys(values, stamp))
