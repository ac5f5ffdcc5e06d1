"""A fast reader for progress files exactly as ``progressfile.dumps`` writes them.

``tomllib`` is a general TOML parser written in Python; on a progress file
with 5,000 items and 3,000 log entries, it and the field-by-field checks
after it cost several times what this reader does (``docs/data-safety.md``
has the figures), and the tracker reads the file at every start and the
store before every save. ``dumps`` writes a fixed layout: one line per
record, fields in the schema's order, each optionally followed by its own
stamp. This reader walks each line pair by pair with two small patterns
shared by every collection, takes each name's place in the order *from the
schema* (so a new field needs nothing here), and checks each value against
its field. (One large pattern per collection matched a little faster per
line, but compiling them cost a shell command about 9 ms on every run.)

It accepts only that layout: the first line that differs in any way (a hand
edit with other spacing, a value out of bounds, a missing end marker, a
field from before the epoch) makes it return ``None``, and the store falls
back to ``tomllib`` and the schema's careful checks with their messages.
``tests/storage/test_fastread.py`` holds the two to the same answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from pathtui.model import clock as hlc
from pathtui.model.limits import MAX_TEXT_CHARS
from pathtui.model.progress import SETTINGS_KEY, Progress, Record
from pathtui.model.schema import (
    COLLECTIONS,
    EARLIEST_DATE,
    LATEST_DATE,
    PROGRESS_SCHEMA,
    STAMP_KEY,
    STAMP_SUFFIX,
    TOMBSTONE,
    Collection,
    Field,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Stamps are compared as text with the ISO dates of the bounds.
_EARLIEST, _LATEST = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()

# (Written as "plain run, then escape + plain run, ..." so a string without
# escapes is one fast character-class scan.)
_PLAIN = r'[^"\\\x00-\x1f\x7f]*'
_STR = rf'"{_PLAIN}(?:\\(?:["\\bfnrt]|u[0-9A-Fa-f]{{4}}){_PLAIN})*"'
_DATE = r"\d{4}-\d\d-\d\d"
# ``datetime`` checks the ranges (a month 13, an hour 24...) except the
# offset's minutes, checked here.
_TIME = _DATE + r"T\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:[0-5]\d"
_STAMP = '"(' + hlc.STAMP_RE.pattern + ')"'
_KEY = r"[A-Za-z0-9_-]+|" + _STR
_TOKENS = {
    "text": _STR,
    "choice": _STR,
    "number": r"-?\d+\.\d+(?:e[+-]\d+)?|-?\de[+-]\d+",
    "whole": r"-?(?:0|[1-9]\d*)",
    "flag": "true|false",
    "date": _DATE,
    "time": _TIME,
}
#: Lone surrogates: valid in a JSON escape, refused by TOML (compiled, and
#: cached by ``re``, at the first string with an escape).
_SURROGATE = r"\\u[dD][89a-fA-F][0-9A-Fa-f]{2}"
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
_TOP = re.compile(
    rf"schema = ({_TOKENS['whole']})|path_id = ({_STR})|created = ({_TIME})|epoch = {_STAMP}"
)


class _Differs(Exception):
    """Not the layout ``dumps`` writes: let ``tomllib`` and the checks judge it."""


def _text(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    if re.search(_SURROGATE, token):
        raise _Differs
    import json  # only strings with escapes need it

    return json.loads(token)


def _convert(field: Field, token: str) -> Any:
    """A value token as the field's value; _Differs if ``dumps`` would not write it."""
    kind = field.kind
    if kind == "text" or kind == "choice":
        if token[0] != '"':  # (a token that starts with one matched the whole string)
            raise _Differs
        value = _text(token)
        if kind == "choice" and value not in field.choices:
            raise _Differs
        if len(value) > MAX_TEXT_CHARS:
            raise _Differs  # the careful path names the key and the limit
        return value
    if kind == "flag":
        if token not in ("true", "false"):
            raise _Differs
        return token == "true"
    if _token_re(kind).fullmatch(token) is None:
        raise _Differs
    if kind == "date":
        day = dt.date.fromisoformat(token)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise _Differs  # the careful path names the key and the bounds
        return day
    if kind == "time":
        when = dt.datetime.fromisoformat(token)
        if not EARLIEST_DATE <= when.date() <= LATEST_DATE:
            raise _Differs
        return when
    number: float = int(token) if kind == "whole" else float(token)
    if not field.in_bounds(number):
        raise _Differs
    return number


#: A record line's start, ``key = { at = "stamp"``, then its pairs one by one.
#: Small patterns shared by every collection: compiling one large pattern
#: per collection cost more than a shell command's whole budget allows.
_HEAD = re.compile(rf'({_KEY}) = \{{ {STAMP_KEY} = "([^"]*)"')
_VALUE = rf"({_STR}|[-+.:0-9A-Za-z]+)"
#: A setting's line, and each ``, name = value`` after a record's head.
_PAIR = re.compile(rf"([a-z_]+) = {_VALUE}")
_NEXT_PAIR = re.compile(rf"(, ([a-z_]+) = {_VALUE})")


@functools.cache
def _token_re(kind: str) -> re.Pattern[str]:
    """Compiled on first use: most files hold only some of the kinds."""
    return re.compile(_TOKENS[kind])


def _stamp(token: str) -> str:
    if hlc.STAMP_RE.fullmatch(token) is None:
        raise _Differs
    return token


@functools.cache
def _slots(kind: Collection) -> dict[str, tuple[int, Field]]:
    """Each name a line may hold, with its place in the schema's order:
    field ``i`` at ``2i``, its own stamp at ``2i + 1``."""
    found: dict[str, tuple[int, Field]] = {}
    for i, field in enumerate(kind.fields):
        found[field.name] = (2 * i, field)
        found[field.name + STAMP_SUFFIX] = (2 * i + 1, field)
    return found


def loads(text: str, path_id: str) -> Progress | None:
    """The progress in ``text`` if ``dumps`` wrote it for ``path_id``, else None."""
    try:
        return _parse(text.split("\n"), path_id)
    except (_Differs, ValueError, OverflowError, IndexError):
        return None


def _parse(lines: list[str], path_id: str) -> Progress:
    if lines[-1] != "" or lines[-2] != "# end of pathtui progress file":
        raise _Differs
    index = 0
    top: dict[str, Any] = {}
    while lines[index] != "":
        line = lines[index]
        index += 1
        if line[0] == "#":
            if not _COMMENT.fullmatch(line):
                raise _Differs
            continue
        match = _TOP.fullmatch(line)
        if match is None:
            raise _Differs
        schema, pid, created, epoch = match.groups()
        name = line[: line.index(" ")]
        if name in top:
            raise _Differs  # a key twice: tomllib says so
        if schema is not None:
            top["schema"] = int(schema)
        elif pid is not None:
            top["path_id"] = _text(pid)
        elif created is not None:
            top["created"] = dt.datetime.fromisoformat(created)
        else:
            top["epoch"] = epoch
    if top.get("schema") != PROGRESS_SCHEMA or top.get("path_id") != path_id:
        raise _Differs
    epoch = top.get("epoch", "")
    last = epoch
    tables: dict[str, dict[str, Record]] = {}
    for kind in COLLECTIONS:
        if lines[index] != "" or lines[index + 1] != f"[{kind.name}]":
            raise _Differs
        index += 2
        end = index
        while lines[end] != "":
            end += 1
        body = lines[index:end]
        index = end
        if kind.singleton:
            table, newest = _singleton(kind, body)
        else:
            table, newest = _records(kind, body)
        tables[kind.name] = table
        if newest > last:
            last = newest
        if epoch and newest and _any_at_or_before(table, epoch):
            raise _Differs  # the careful path drops those and says nothing is wrong
    if lines[index:] != ["", "# end of pathtui progress file", ""]:
        raise _Differs
    if last[:10] > _LATEST or (epoch and epoch < _EARLIEST) or _any_too_early(tables):
        raise _Differs  # a stamp outside the date bounds: the careful path refuses it
    settings = tables["settings"].get(SETTINGS_KEY)
    if settings is None or not _complete(settings):
        raise _Differs
    if "created" not in top:
        raise _Differs
    return Progress(path_id, top["created"], tables, epoch=epoch, last=last)


def _any_too_early(tables: dict[str, dict[str, Record]]) -> bool:
    """A stamp before the earliest date (the defaults' floor stamp aside)."""
    return any(
        s < _EARLIEST and s != hlc.FLOOR
        for table in tables.values()
        for record in table.values()
        for s in record.stamps.values()
    )


def _any_at_or_before(table: dict[str, Record], epoch: str) -> bool:
    return any(s <= epoch for record in table.values() for s in record.stamps.values())


def _complete(record: Record) -> bool:
    """A live record has every field without a default."""
    if record.values.get(TOMBSTONE):
        return True
    return all(f.default is not None or f.name in record.stamps for f in record.kind.fields)


def _records(kind: Collection, body: list[str]) -> tuple[dict[str, Record], str]:
    head, pairs_in = _HEAD.match, _NEXT_PAIR.findall
    slots = _slots(kind)
    table: dict[str, Record] = {}
    newest = ""
    for line in body:
        found = head(line)
        if found is None or line[-2:] != " }":
            raise _Differs
        key, at = found.groups()
        _stamp(at)
        if key[0] == '"':
            key = _text(key)
        if key in table:
            raise _Differs
        start = found.end()
        pairs = pairs_in(line, start, len(line) - 2)
        if sum(len(pair[0]) for pair in pairs) != len(line) - 2 - start:
            raise _Differs  # something between the pairs that is not a pair
        values: dict[str, Any] = {}
        stamps: dict[str, str] = {}
        place = -1
        for _, name, token in pairs:
            slot, field = slots.get(name, (-1, None))
            if field is None or slot <= place:
                raise _Differs  # unknown, twice, or out of the schema's order
            place = slot
            if slot % 2:  # a field's own stamp: right after its value
                own = _stamp(token[1:-1] if token[0] == '"' else "")
                if field.name not in values or own > at:
                    raise _Differs  # ``at`` is always the newest: a hand edit
                stamps[field.name] = own
            else:
                values[field.name] = _convert(field, token)
                stamps[field.name] = at
        if not stamps or at not in stamps.values():
            raise _Differs
        record = Record(kind, key, values, stamps)
        if not _complete(record):
            raise _Differs
        table[key] = record
        if at > newest:
            newest = at
    return table, newest


def _singleton(kind: Collection, body: list[str]) -> tuple[dict[str, Record], str]:
    if not body:
        return {}, ""
    slots = _slots(kind)
    pairs: dict[str, str] = {}
    for line in body:
        found = _PAIR.fullmatch(line)
        if found is None:
            raise _Differs
        name, token = found.groups()
        if name in pairs or (name != STAMP_KEY and name not in slots):
            raise _Differs
        if name == STAMP_KEY or slots[name][0] % 2:
            if token[0] != '"':
                raise _Differs
            token = _stamp(token[1:-1])
        pairs[name] = token
    at = pairs.pop(STAMP_KEY, None)
    if at is None:
        raise _Differs
    values: dict[str, Any] = {}
    stamps: dict[str, str] = {}
    for field in kind.fields:
        token = pairs.pop(field.name, None)
        own = pairs.pop(field.name + STAMP_SUFFIX, None)
        if token is None:
            if own is not None:
                raise _Differs
            continue
        values[field.name] = _convert(field, token)
        stamps[field.name] = own or at
        if own is not None and own > at:
            raise _Differs
    if pairs or not stamps or at not in stamps.values():
        raise _Differs
    return {SETTINGS_KEY: Record(kind, SETTINGS_KEY, values, stamps)}, at
