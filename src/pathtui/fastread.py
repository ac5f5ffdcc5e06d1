"""A fast reader for progress files exactly as ``store.dumps`` writes them.

``tomllib`` is a general TOML parser written in Python: it needs about a
quarter of a second for a 5,000-item progress file with two years of log,
and the tracker reads that file at every start. ``dumps`` writes a fixed,
line-per-entry layout, so this reader matches each line against that layout
and returns the same dict ``tomllib.loads`` would. It accepts only that
layout: the first line that differs in any way (a hand edit, other spacing,
a TOML feature ``dumps`` never writes) makes it return ``None``, and the
store falls back to ``tomllib`` with its full checks and error messages.
``tests/test_bench_fastread.py`` holds the two to the same answer.
"""

from __future__ import annotations

import datetime as dt
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Pieces of the layout, as ``dumps`` writes them.
# (Written as "plain run, then escape + plain run, ..." so a string without
# escapes is one fast character-class scan.)
_PLAIN = r'[^"\\\x00-\x1f\x7f]*'
_STR = rf'"{_PLAIN}(?:\\(?:["\\bfnrt]|u[0-9A-Fa-f]{{4}}){_PLAIN})*"'
# Dates and times in the shape dumps() writes; ``datetime`` checks the ranges
# (a month 13, an hour 24...) except the offset's minutes, checked here.
_DATE = r"\d{4}-\d\d-\d\d"
_STAMP = _DATE + r"T\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:[0-5]\d"
_INT = r"-?(?:0|[1-9]\d*)"
_FLOAT = r"-?(?:0|[1-9]\d*)(?:\.\d+(?:e[+-]?\d+)?|e[+-]?\d+)"
_KEY = r"[A-Za-z0-9_-]+|" + _STR

_TOP = re.compile(
    rf"(schema) = ({_INT})|(path_id) = ({_STR})|(created|reset_at) = ({_STAMP})|(log) = \["
)
_LOG = re.compile(
    rf"  \{{ id = ({_STR}), date = ({_DATE}), hours = ({_FLOAT}), created = ({_STAMP})"
    rf"(?:, item = ({_STR}))?(?:, note = ({_STR}))?(, deleted = true)? \}},"
)
_SETTING = re.compile(
    rf"(hours_per_week|day_minimum_minutes) = ({_FLOAT})|(start_date) = ({_DATE})"
    rf"|(changed) = ({_STAMP})|(rest_days_per_week) = ({_INT})|(streaks) = (true|false)"
    rf"|(streak_kind) = ({_STR})"
)
_ITEM = re.compile(
    rf"({_KEY}) = \{{ state = ({_STR}), changed = ({_STAMP})(?:, note = ({_STR}))? \}}"
)
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*")
#: Lone surrogates: valid in a JSON escape, refused by TOML.
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9A-Fa-f]{2}")


class _Differs(Exception):
    """The text is not in ``dumps``' layout: let ``tomllib`` judge it."""


def _text(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    if _SURROGATE.search(token):
        raise _Differs
    import json  # only strings with escapes need it

    return json.loads(token)


def _stamp(token: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(token)
    except ValueError:
        raise _Differs from None


def _date(token: str) -> dt.date:
    try:
        return dt.date.fromisoformat(token)
    except ValueError:
        raise _Differs from None


def _first(match: re.Match[str]) -> tuple[str, str]:
    """(key, value) of a match whose alternatives each have two groups."""
    groups = match.groups()
    for i in range(0, len(groups), 2):
        if groups[i] is not None:
            return groups[i], groups[i + 1]
    raise _Differs  # pragma: no cover - every alternative has a key group


def loads(text: str) -> dict[str, Any] | None:
    """What ``tomllib.loads(text)`` returns, or None if ``dumps`` did not write ``text``."""
    try:
        return _parse(text.split("\n"))
    except (_Differs, ValueError, OverflowError):
        return None


def _parse(lines: list[str]) -> dict[str, Any]:
    if lines[-1] != "":
        raise _Differs  # dumps ends every file with a newline
    data: dict[str, Any] = {}
    settings: dict[str, Any] = {}
    items: dict[str, Any] = {}
    section = ""
    seen_tables: set[str] = set()
    index, count = 0, len(lines) - 1
    while index < count:
        line = lines[index]
        index += 1
        if not line or (line[0] == "#" and _COMMENT.fullmatch(line)):
            continue
        if line in ("[settings]", "[items]"):
            section = line[1:-1]
            if section in seen_tables or section in data:
                raise _Differs
            seen_tables.add(section)
            data[section] = settings if section == "settings" else items
            continue
        if section == "items":
            match = _ITEM.fullmatch(line)
            if match is None:
                raise _Differs
            key, state, changed, note = match.groups()
            key = _text(key) if key[0] == '"' else key
            if key in items:
                raise _Differs
            entry: dict[str, Any] = {"state": _text(state), "changed": _stamp(changed)}
            if note is not None:
                entry["note"] = _text(note)
            items[key] = entry
        elif section == "settings":
            match = _SETTING.fullmatch(line)
            if match is None:
                raise _Differs
            key, value = _first(match)
            if key in settings:
                raise _Differs
            settings[key] = _setting(key, value)
        else:
            match = _TOP.fullmatch(line)
            if match is None:
                raise _Differs
            groups = match.groups()
            key = next(g for g in groups[::2] if g is not None) if groups[6] is None else "log"
            if key in data:
                raise _Differs
            if key == "log":
                data["log"], index = _log(lines, index, count)
            elif key == "schema":
                data[key] = int(groups[1])
            elif key == "path_id":
                data[key] = _text(groups[3])
            else:
                data[key] = _stamp(groups[5])
    return data


def _setting(key: str, value: str) -> Any:
    if key in ("hours_per_week", "day_minimum_minutes"):
        return float(value)
    if key == "start_date":
        return _date(value)
    if key == "changed":
        return _stamp(value)
    if key == "rest_days_per_week":
        return int(value)
    if key == "streak_kind":
        return _text(value)
    return value == "true"


def _log(lines: list[str], index: int, count: int) -> tuple[list[dict[str, Any]], int]:
    entries: list[dict[str, Any]] = []
    while index < count:
        line = lines[index]
        index += 1
        if line == "]":
            return entries, index
        match = _LOG.fullmatch(line)
        if match is None:
            raise _Differs
        entry_id, date, hours, created, item, note, deleted = match.groups()
        entry: dict[str, Any] = {
            "id": _text(entry_id),
            "date": _date(date),
            "hours": float(hours),
            "created": _stamp(created),
        }
        if item is not None:
            entry["item"] = _text(item)
        if note is not None:
            entry["note"] = _text(note)
        if deleted is not None:
            entry["deleted"] = True
        entries.append(entry)
    raise _Differs  # the array never closed
