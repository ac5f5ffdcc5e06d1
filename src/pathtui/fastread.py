"""A fast reader for the TOML that ``progressfile.dumps`` writes.

``tomllib`` is a general TOML parser written in Python; on a progress file
with 5,000 items and 3,000 log entries it costs several times what this
reader does (``docs/data-safety.md`` has the figures), and the tracker reads
the file at every start. ``dumps`` writes only a small part of TOML: comment
lines, ``[table]`` headers, ``key = value`` lines and one-line inline tables
of ``key = value`` pairs, whose values are basic strings, integers, floats,
booleans, dates and date-times with an offset. This reader parses exactly
that part and returns the same dict ``tomllib.loads`` would. It knows no
field of the progress file (the schema, applied afterwards to either
reader's answer, does), so the format is still defined once. The first line
outside that part (a hand edit with other spacing, an array, a dotted key)
makes it return ``None`` and the store asks ``tomllib``, with its full
checks and messages. ``tests/test_bench_fastread.py`` holds the two to the
same answer.
"""

from __future__ import annotations

import datetime as dt
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# (Written as "plain run, then escape + plain run, ..." so a string without
# escapes is one fast character-class scan.)
_PLAIN = r'[^"\\\x00-\x1f\x7f]*'
_STR = rf'"{_PLAIN}(?:\\(?:["\\bfnrt]|u[0-9A-Fa-f]{{4}}){_PLAIN})*"'
_DATE = r"\d{4}-\d\d-\d\d"
# ``datetime`` checks the ranges (a month 13, an hour 24...) except the
# offset's minutes, checked here.
_STAMP = _DATE + r"T\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:[+-]\d\d:[0-5]\d|Z)"
_NUMBER = r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:e[+-]?\d+)?"
_VALUE = rf"{_STR}|{_STAMP}|{_DATE}|{_NUMBER}|true|false"
_KEY = r"[A-Za-z0-9_-]+|" + _STR
_PAIR = rf"(?:{_KEY}) = (?:{_VALUE})"
_LINE = re.compile(rf"({_KEY}) = (?:({_VALUE})|\{{ ({_PAIR}(?:, {_PAIR})*) \}})")
_PAIRS = re.compile(rf"({_KEY}) = ({_VALUE})")
_TABLE = re.compile(r"\[([A-Za-z0-9_-]+)\]")
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
#: Lone surrogates: valid in a JSON escape, refused by TOML.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9A-Fa-f]{2}")


class _Differs(Exception):
    """The text is outside the part of TOML this reader knows: ask ``tomllib``."""


def _text(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    if _SURROGATE.search(token):
        raise _Differs
    import json  # only strings with escapes need it

    return json.loads(token)


def _value(token: str) -> Any:
    first = token[0]
    if first == '"':
        return _text(token)
    if first == "t" or first == "f":
        return first == "t"
    if len(token) >= 19 and token[10] == "T":
        if token[-1] == "Z":
            token = token[:-1] + "+00:00"
        return dt.datetime.fromisoformat(token)
    if len(token) == 10 and token[4] == "-":
        return dt.date.fromisoformat(token)
    if "." in token or "e" in token:
        return float(token)
    if len(token) > 1 and token.lstrip("-")[0] == "0":
        raise _Differs  # TOML has no leading zeros
    return int(token)


def _key(token: str) -> str:
    return _text(token) if token[0] == '"' else token


def loads(text: str) -> dict[str, Any] | None:
    """What ``tomllib.loads(text)`` returns, or None if ``text`` is outside the subset."""
    try:
        return _parse(text.split("\n"))
    except (_Differs, ValueError, OverflowError):
        return None


def _parse(lines: list[str]) -> dict[str, Any]:
    if lines[-1] != "":
        raise _Differs  # dumps ends every file with a newline
    data: dict[str, Any] = {}
    table = data
    line_match, pairs, table_match = _LINE.fullmatch, _PAIRS.finditer, _TABLE.fullmatch
    for line in lines:
        if not line:
            continue
        if line[0] == "#":
            if not _COMMENT.fullmatch(line):
                raise _Differs
            continue
        if line[0] == "[":
            found = table_match(line)
            if found is None or found.group(1) in data:
                raise _Differs
            table = data[found.group(1)] = {}
            continue
        found = line_match(line)
        if found is None:
            raise _Differs
        key, scalar, inline = found.groups()
        key = _key(key)
        if key in table:
            raise _Differs
        if scalar is not None:
            table[key] = _value(scalar)
            continue
        entry: dict[str, Any] = {}
        for pair in pairs(inline):
            name = _key(pair.group(1))
            if name in entry:
                raise _Differs
            entry[name] = _value(pair.group(2))
        table[key] = entry
    return data
