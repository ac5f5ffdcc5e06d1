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

A record's line is accepted only if ``dumps`` would write exactly that line
(numbers as ``repr`` writes them, keys and strings quoted only as ``dumps``
quotes them, an own stamp only where it differs, records in ``dumps``'
order), and the record keeps it: saving it again joins lines instead of
formatting every value. So a collection this reader accepted is, byte for
byte, what ``dumps`` writes for its records, which lets a collection whose
text was read before stay undecoded (``read`` with an index, below, and
``storage/sections.py``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from pathtui.errors import ProgressFileError
from pathtui.model import clock as hlc
from pathtui.model.filelimits import MAX_TEXT_CHARS
from pathtui.model.progress import (
    SETTINGS_KEY,
    Pending,
    Progress,
    Record,
    log_totals,
    order_key,
)
from pathtui.model.schema import (
    COLLECTIONS,
    EARLIEST_DATE,
    LATEST_DATE,
    LOG,
    PROGRESS_SCHEMA,
    STAMP_KEY,
    STAMP_SUFFIX,
    TOMBSTONE,
    Collection,
    Field,
)
from pathtui.storage.progressfile import END_MARKER, _key, _s

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, Protocol

    #: What is known of one collection's text: its newest and oldest stamps,
    #: how many records it holds, and (for the log) ``log_totals``.
    Info = tuple[str, str, int, Any]

    class Index(Protocol):
        """Collections already read, by digest (``storage/sections.py``)."""

        def get(self, name: str, digest: bytes) -> Info | None: ...

        def put(self, name: str, digest: bytes, info: Info) -> None: ...

        def decoder(
            self, kind: Collection, digest: bytes
        ) -> Callable[[bytes], dict[str, Record]]: ...


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

    value: str = json.loads(token)
    if _s(value) != token:
        raise _Differs  # escaped where ``dumps`` would not escape, or the other way
    return value


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
        if token.endswith("-00:00"):
            raise _Differs  # ``dumps`` writes that offset as +00:00
        when = dt.datetime.fromisoformat(token)
        if not EARLIEST_DATE <= when.date() <= LATEST_DATE:
            raise _Differs
        return when
    number: float = int(token) if kind == "whole" else float(token)
    if not field.in_bounds(number) or (str(number) if kind == "whole" else repr(number)) != token:
        raise _Differs  # e.g. 1.50 or -0: ``dumps`` writes 1.5 and 0
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
    return read(text.encode("utf-8"), path_id)


def read(raw: bytes, path_id: str, index: Index | None = None) -> Progress | None:
    """``loads`` for a file's bytes. With an ``index``, a collection whose text
    the index knows is left pending (``Pending``: decoded on first use), and
    what was read in full is told to the index."""
    try:
        return _read(raw, path_id, index)
    except (_Differs, ValueError, OverflowError, IndexError):
        return None


_END = ("\n\n" + END_MARKER + "\n").encode("ascii")
_MARKS = {kind.name: f"\n\n[{kind.name}]".encode("ascii") for kind in COLLECTIONS}


def split(raw: bytes) -> tuple[bytes, dict[str, bytes]] | None:
    """The header and each collection's lines, as ``dumps`` lays them out:
    an exact partition of the bytes, or None for any other layout."""
    at = raw.find(b"\n\n")
    header, bodies = raw[:at], {}
    for kind in COLLECTIONS:
        mark = _MARKS[kind.name]
        if at < 0 or not raw.startswith(mark, at):
            return None
        start = at + len(mark)
        at = raw.find(b"\n\n", start)
        if at < 0:
            return None
        if at > start and raw[start] != 0x0A:  # "[name]" then its lines, or nothing
            return None
        bodies[kind.name] = raw[start + 1 : at]
    if len(raw) != at + len(_END) or not raw.endswith(_END):
        return None
    return header, bodies


def digest(body: bytes) -> bytes:
    """A collection's text, identified: blake2b-128, which no file can be made to
    collide with (a hostile remote included); through ``_blake2``, because
    ``hashlib`` loads OpenSSL, which costs a command milliseconds."""
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - every CPython has it
        from hashlib import blake2b
    return blake2b(body, digest_size=16).digest()


def _read(raw: bytes, path_id: str, index: Index | None) -> Progress:
    parts = split(raw)
    if parts is None:
        raise _Differs
    header, bodies = parts
    created, epoch = _header(header.decode("utf-8"), path_id)
    last = epoch
    tables: dict[str, dict[str, Record]] = {}
    pending: dict[str, Pending] = {}
    for kind in COLLECTIONS:
        body = bodies[kind.name]
        if kind.singleton:
            table, newest = _singleton(kind, _lines(body))
            oldest = _oldest(table)
            tables[kind.name] = table
        elif index is None or not body:
            table, newest, oldest, _ = _section(kind, body, with_totals=False)
            tables[kind.name] = table
        else:
            key = digest(body)
            info = index.get(kind.name, key)
            if info is None:
                table, newest, oldest, totals = _section(kind, body, with_totals=True)
                info = (newest, oldest, len(table), totals)
                index.put(kind.name, key, info)
                tables[kind.name] = table
            else:
                newest, oldest, count, totals = info
                pending[kind.name] = Pending(
                    body, key, index.decoder(kind, key), newest, count, totals
                )
        if newest > last:
            last = newest
        if epoch and oldest and oldest <= epoch:
            raise _Differs  # the careful path drops those and says nothing is wrong
    if last[:10] > _LATEST or (epoch and epoch < _EARLIEST):
        raise _Differs  # a stamp outside the date bounds: the careful path refuses it
    settings = tables["settings"].get(SETTINGS_KEY)
    if settings is None or not _complete(settings):
        raise _Differs
    return Progress(path_id, created, tables, epoch=epoch, last=last, pending=pending)


def _lines(body: bytes) -> list[str]:
    return body.decode("utf-8").split("\n") if body else []


def _header(text: str, path_id: str) -> tuple[dt.datetime, str]:
    """``created`` and ``epoch`` from the lines before the first collection."""
    top: dict[str, Any] = {}
    for line in text.split("\n"):
        if line[:1] == "#":
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
    if "created" not in top:
        raise _Differs
    return top["created"], top.get("epoch", "")


def _section(
    kind: Collection, body: bytes, with_totals: bool
) -> tuple[dict[str, Record], str, str, Any]:
    """One collection's records, its newest and oldest stamps, and the log's totals."""
    table, newest = _records(kind, _lines(body))
    # (The table holds the records in the file's order, which ``_records`` checked.)
    totals = log_totals(table.values()) if with_totals and kind is LOG else None
    return table, newest, _oldest(table), totals


def _oldest(table: dict[str, Record]) -> str:
    """The oldest stamp ('' for none); _Differs for a stamp before the earliest
    date (the defaults' floor stamp aside), which the careful path refuses."""
    oldest = ""
    for record in table.values():
        for stamp in record.stamps.values():
            if stamp < _EARLIEST and stamp != hlc.FLOOR:
                raise _Differs
            if not oldest or stamp < oldest:
                oldest = stamp
    return oldest


def decode(kind: Collection, body: bytes) -> dict[str, Record]:
    """A pending collection's records, the first time they are asked for.

    Its text was read in full before (that is how its digest came to be
    known), so it reads the same now; an error here means the cache was
    tampered with.
    """
    try:
        return _records(kind, _lines(body))[0]
    except (_Differs, ValueError, OverflowError, IndexError):
        raise ProgressFileError(
            f"pathtui's cache of the [{kind.name}] records no longer matches them; delete "
            "the cache folder (pathtui keeps nothing there that it cannot rebuild) and "
            "run the command again."
        ) from None


@functools.cache
def _required(kind: Collection) -> tuple[str, ...]:
    """The fields without a default, which every live record holds."""
    return tuple(f.name for f in kind.fields if f.default is None)


def _complete(record: Record) -> bool:
    """A live record has every field without a default."""
    required = _required(record.kind)
    if not required or record.values.get(TOMBSTONE):
        return True
    stamps = record.stamps
    return all(name in stamps for name in required)


def _records(kind: Collection, body: list[str]) -> tuple[dict[str, Record], str]:
    """A collection's lines, each exactly as ``dumps`` writes it, in its order."""
    head, pairs_in = _HEAD.match, _NEXT_PAIR.findall
    slots = _slots(kind)
    table: dict[str, Record] = {}
    newest = ""
    ordered = bool(kind.order)
    previous: Any = None
    for line in body:
        found = head(line)
        if found is None or line[-2:] != " }":
            raise _Differs
        key, at = found.groups()
        _stamp(at)
        if key[0] == '"':
            token = key
            key = _text(key)
            if _key(key) != token:
                raise _Differs  # quoted where ``dumps`` writes it bare
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
                if field.name not in values or own >= at:
                    raise _Differs  # ``at`` is the newest, and no field repeats it: a hand edit
                stamps[field.name] = own
            else:
                values[field.name] = _convert(field, token)
                stamps[field.name] = at
        if not stamps or at not in stamps.values():
            raise _Differs
        record = Record(kind, key, values, stamps)
        if not _complete(record):
            raise _Differs
        rank = order_key(kind, record) if ordered else key
        if previous is not None and not previous < rank:
            raise _Differs  # out of ``dumps``' order
        previous = rank
        record.line = line
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
