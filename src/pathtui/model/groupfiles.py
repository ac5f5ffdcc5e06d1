"""A study group's files: the group, one member's summary, one cheer.

The group is a git repository laid out as DESIGN.md says ("Study groups")::

    group.toml                                  the group's name and when it was made
    members/<member-id>.toml                    one learner's published summary
    cheers/<to-id>/<from-id>-<stamp>.toml       one short message each

pathtui writes only its own member file and the cheers it sends, so no two
members ever write the same file and git merges them without help. Every
file read from a group is someone else's: untrusted. The readers here take
bytes the caller has already capped (``MAX_MEMBER_BYTES``...) and check every
key, type and range; anything off makes the file *unreadable* with one
reason, never an exception. Text is kept as sent and cleaned of control
characters when shown (``sanitise``): no markup is ever interpreted.

A member file is signed with the learner's own ``group_key`` (a random
secret in their progress, shared by their devices and nobody else): other
members cannot check the signature, but the learner's devices can, so a file
under the learner's id that someone else wrote is noticed and replaced at
the next sync. Between the learner's own devices the newest summary wins:
the one built from the newest progress (its highest clock stamp), then the
later one published; but a leaving note written after the learner joined
wins over every summary until they join again (``left_since``).

Pure: bytes and dicts in, dicts and text out (parsing is ``tomllib``'s).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any, TypedDict

from pathtui.model import clock as hlc
from pathtui.model.groupshare import SHARE_LEVELS, SHARES_PACE, WEEKS_SHARED
from pathtui.model.path import ID_RE
from pathtui.model.sanitise import CONTROL_RE, sanitise
from pathtui.model.valueranges import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

#: The format this release writes and reads; a newer one is unreadable here.
FORMAT = 1
GROUP_FILE = "group.toml"
MEMBERS = "members"
CHEERS = "cheers"
SUFFIX = ".toml"
#: Size caps, checked before a byte is parsed (a 10 MB file is never read whole).
#: A member file at the ``items`` level lists ids: 5,000 of 64 characters fit.
MAX_MEMBER_BYTES = 512 * 1024
MAX_CHEER_BYTES = 4 * 1024
MAX_GROUP_BYTES = 4 * 1024
MAX_NAME_CHARS = 40
MAX_GROUP_NAME_CHARS = 60
MAX_TITLE_CHARS = 200
MAX_CHEER_CHARS = 200
MAX_SHARED_ITEMS = 5000
MAX_STEPS = 1000
MAX_STREAK_WEEKS = 100_000
MEMBER_HEX = 32
KEY_HEX = 64
PROOF_HEX = 64
PERCENT_MAX = 100.0
#: Hours are shared to this many decimals.
HOURS_DECIMALS = 2
#: Dates in a group's files fall in the years progress dates do.
EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2999, 12, 31)
#: Unicode's format characters (zero-width space, direction overrides) and the
#: line and paragraph separators: never in a name (``check_name``).
FORMAT_CATEGORY = "Cf"
SEPARATORS = frozenset("\u2028\u2029")
#: The zero-width non-joiner and joiner: format characters that a name in
#: Persian or an Indic script, or an emoji like 👩‍💻, needs. Allowed in a name,
#: and left out when names are compared (``name_key``), so none can make a
#: name that reads like another's.
JOINERS = frozenset("\u200c\u200d")
#: The table that carries a member file's signature, last in the file.
SIGNATURE_HEADER = "\n[signature]\n"

MEMBER_RE = re.compile(rf"[0-9a-f]{{{MEMBER_HEX}}}\Z")
#: ``<from-id>-<YYYYMMDDTHHMMSSZ>-<6 hex>``: the sender, when, and a random tail.
CHEER_NAME_RE = re.compile(
    rf"(?P<sender>[0-9a-f]{{{MEMBER_HEX}}})-\d{{8}}T\d{{6}}Z-[0-9a-f]{{6}}\Z"
)

_HEADER = "# A pathtui study group file. pathtui writes it; read it, but do not edit it.\n"


class Unreadable(ValueError):
    """A group file that does not pass the strict check; the message says why."""


class PathShare(TypedDict):
    id: str
    title: str


class Finish(TypedDict):
    earliest: str
    latest: str


class MemberData(TypedDict, total=False):
    """A checked member file as plain data (dates as ISO text), as the table,
    ``group --json`` and the digest cache use it. Keys after ``published``
    are there only where the member shares them."""

    member: str
    name: str
    observer: bool
    share: str
    stamp: str
    published: str
    left: bool
    path: PathShare
    step: int | None
    steps: int
    percent: float
    last_active: str | None
    week_of: str
    week_hours: float
    hours_per_week: float
    streak_weeks: int | None
    #: What ``week_of``'s week needs to count in the streak, where that is less
    #: than ``hours_per_week``: the share of a learner's first week.
    week_goal: float
    finish: Finish
    weeks: list[float]
    done: list[str]
    skipped: list[str]


class CheerData(TypedDict):
    """A checked cheer: ``key`` is its file name without ``.toml`` (unique)."""

    key: str
    sender: str
    to: str
    sent: str
    text: str


class GroupInfo(TypedDict):
    name: str
    created: str


# --------------------------------------------------------------------------- writing


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _number(value: float) -> str:
    return repr(round(float(value), HOURS_DECIMALS))


def _time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(body: str, key: str) -> str:
    """The signature of a member file's text with the learner's key."""
    import hashlib  # only writing and checking one's own file needs these
    import hmac

    return hmac.new(bytes.fromhex(key), body.encode("utf-8"), hashlib.sha256).hexdigest()


def member_text(data: MemberData, key: str) -> str:
    """The member file for ``data`` (made by ``groupsummary.py``), signed with ``key``."""
    lines = [
        _HEADER.rstrip("\n"),
        f"format = {FORMAT}",
        f"member = {toml_string(data['member'])}",
    ]
    if data.get("left"):
        lines.append("left = true")
    else:
        lines += [
            f"name = {toml_string(data['name'])}",
            f"observer = {'true' if data['observer'] else 'false'}",
            f"share = {toml_string(data['share'])}",
        ]
    lines += [
        f"stamp = {toml_string(data['stamp'])}",
        f"published = {data['published']}",
    ]
    if "path" in data:
        lines += [
            "",
            "[path]",
            f"id = {toml_string(data['path']['id'])}",
            f"title = {toml_string(data['path']['title'])}",
        ]
        if data.get("step") is not None:
            lines.append(f"step = {data['step']}")
        lines += [f"steps = {data['steps']}", f"percent = {_number(data['percent'])}"]
        if data.get("last_active"):
            lines.append(f"last_active = {data['last_active']}")
    if "week_of" in data:
        lines += [
            "",
            "[pace]",
            f"week_of = {data['week_of']}",
            f"week_hours = {_number(data['week_hours'])}",
            f"hours_per_week = {_number(data['hours_per_week'])}",
        ]
        if data.get("streak_weeks") is not None:
            lines.append(f"streak_weeks = {data['streak_weeks']}")
        if "week_goal" in data:
            lines.append(f"week_goal = {_number(data['week_goal'])}")
        lines += [
            f"finish_earliest = {data['finish']['earliest']}",
            f"finish_latest = {data['finish']['latest']}",
            "weeks = [" + ", ".join(_number(w) for w in data["weeks"]) + "]",
        ]
    if "done" in data:
        lines += [
            "",
            "[items]",
            "done = [" + ", ".join(toml_string(i) for i in data["done"]) + "]",
            "skipped = [" + ", ".join(toml_string(i) for i in data["skipped"]) + "]",
        ]
    body = "\n".join(lines) + "\n"
    return f"{body}{SIGNATURE_HEADER[1:]}proof = {toml_string(sign(body, key))}\n"


def published_time(moment: dt.datetime) -> str:
    """How ``published`` and a cheer's ``sent`` are written (UTC, to the second)."""
    return _time(moment)


def cheer_name(sender: str, sent: dt.datetime, tail: str) -> str:
    """A cheer's file name (without folder): unique by its random ``tail``."""
    return f"{sender}-{sent.astimezone(dt.UTC).strftime('%Y%m%dT%H%M%SZ')}-{tail}{SUFFIX}"


def cheer_text(sender: str, to: str, sent: dt.datetime, text: str) -> str:
    return (
        _HEADER
        + f"format = {FORMAT}\nfrom = {toml_string(sender)}\nto = {toml_string(to)}\n"
        + f"sent = {_time(sent)}\ntext = {toml_string(text)}\n"
    )


def group_text(name: str, created: dt.datetime) -> str:
    return _HEADER + f"format = {FORMAT}\nname = {toml_string(name)}\ncreated = {_time(created)}\n"


# --------------------------------------------------------------------------- what people type


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _invisible(char: str) -> bool:
    """A character that changes how a name looks or reads without being seen:
    a format character (zero-width space, a direction override) or a line or
    paragraph separator."""
    return char in SEPARATORS or unicodedata.category(char) == FORMAT_CATEGORY


def check_name(name: str, limit: int = MAX_NAME_CHARS, what: str = "A name") -> str:
    """A display name as the learner typed it, tidied and in NFC (so "é" is one
    form however it was typed); ValueError says what is wrong."""
    if any(_invisible(char) and char not in JOINERS for char in name):
        raise ValueError(
            f"{what} cannot hold invisible characters such as a zero-width space or a "
            "text direction mark."
        )
    tidy = unicodedata.normalize("NFC", _collapse(name))
    if not tidy:
        raise ValueError(f"{what} cannot be empty.")
    if CONTROL_RE.search(tidy):
        raise ValueError(f"{what} cannot hold control characters.")
    if len(tidy) > limit:
        raise ValueError(f"{what} may have at most {limit} characters, not {len(tidy)}.")
    return tidy


def check_cheer(text: str) -> str:
    """A cheer's message as typed, tidied; ValueError for an empty or long one."""
    tidy = _collapse(text)
    if not tidy:
        raise ValueError("A cheer needs a message.")
    if CONTROL_RE.search(tidy):
        raise ValueError("A cheer cannot hold control characters.")
    if len(tidy) > MAX_CHEER_CHARS:
        raise ValueError(
            f"A cheer may have at most {MAX_CHEER_CHARS} characters; this one has {len(tidy)}."
        )
    return tidy


def name_key(name: str) -> str:
    """What two names that read the same have in common: invisible characters
    dropped, compatibility forms folded (NFKC: a fullwidth "Ａ" is an "A"),
    case and extra spaces ignored. Names already in a group were written by
    anyone, so both sides of a comparison go through this."""
    visible = "".join(char for char in name if not _invisible(char))
    folded = unicodedata.normalize("NFKC", _collapse(visible)).casefold()
    return unicodedata.normalize("NFKC", folded)  # casefolding can undo the form


def same_name(a: str, b: str) -> bool:
    """Whether two display names would read as the same person's."""
    return name_key(a) == name_key(b)


# --------------------------------------------------------------------------- strict reading


def _parse(raw: bytes, cap: int) -> dict[str, Any]:
    import tomllib  # only a file to check needs the parser; the table reads its digest

    if len(raw) > cap:
        raise Unreadable(f"it is larger than {cap // 1024} KiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("it is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise Unreadable("it is not valid TOML") from None
    except RecursionError:  # arrays nested thousands deep: the parser recurses
        raise Unreadable("it nests too deep to be a member's file") from None
    fmt = data.get("format")
    if type(fmt) is not int:
        raise Unreadable("it has no format number")
    if fmt > FORMAT:
        raise Unreadable(f"a newer pathtui wrote it (format {fmt}); update pathtui to read it")
    if fmt != FORMAT:
        raise Unreadable(f"its format {fmt} is not one pathtui knows")
    return data


def _keys(table: dict[str, Any], allowed: set[str], required: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise Unreadable(f"{where} has an unknown key {sanitise(unknown[0])[:40]!r}")
    missing = sorted(required - set(table))
    if missing:
        raise Unreadable(f"{where} lacks {missing[0]!r}")


def _text(value: Any, key: str, limit: int, empty: bool = False) -> str:
    if type(value) is not str:
        raise Unreadable(f"{key} is not text")
    if not value.strip() and not empty:
        raise Unreadable(f"{key} is empty")
    if len(value) > limit:
        raise Unreadable(f"{key} is longer than {limit} characters")
    return value


def _flag(value: Any, key: str) -> bool:
    if type(value) is not bool:
        raise Unreadable(f"{key} is not true or false")
    return value


def _whole(value: Any, key: str, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise Unreadable(f"{key} is not a whole number from {low} to {high}")
    return value


def _float(value: Any, key: str, low: float, high: float) -> float:
    if type(value) not in (int, float) or not math.isfinite(value) or not low <= value <= high:
        raise Unreadable(f"{key} is not a number from {low:g} to {high:g}")
    return round(float(value), HOURS_DECIMALS)


def _date(value: Any, key: str) -> str:
    if type(value) is not dt.date or not EARLIEST <= value <= LATEST:
        raise Unreadable(f"{key} is not a date")
    return value.isoformat()


def _moment(value: Any, key: str) -> str:
    if (
        type(value) is not dt.datetime
        or value.tzinfo is None
        or not EARLIEST <= value.astimezone(dt.UTC).date() <= LATEST
    ):
        raise Unreadable(f"{key} is not a date and time with its offset")
    return _time(value)


def _ids(value: Any, key: str) -> list[str]:
    if type(value) is not list or len(value) > MAX_SHARED_ITEMS:
        raise Unreadable(f"{key} is not a list of at most {MAX_SHARED_ITEMS} item ids")
    for item in value:
        if type(item) is not str or not ID_RE.match(item):
            raise Unreadable(f"{key} holds something that is not an item id")
    return list(value)


_TOP = {"format", "member", "name", "observer", "share", "stamp", "published", "left"}
_TABLES = {"path", "pace", "items", "signature"}
_PATH_KEYS = {"id", "title", "step", "steps", "percent", "last_active"}
_PACE_KEYS = {
    "week_of",
    "week_hours",
    "hours_per_week",
    "streak_weeks",
    "week_goal",
    "finish_earliest",
    "finish_latest",
    "weeks",
}


def member_id_of(file_name: str) -> str | None:
    """The member id a file under ``members/`` is named for, or None."""
    stem = file_name.removesuffix(SUFFIX)
    return stem if file_name.endswith(SUFFIX) and MEMBER_RE.match(stem) else None


def read_member(file_name: str, raw: bytes) -> MemberData:
    """Check one member file (``members/<file_name>``); Unreadable says why not."""
    member = member_id_of(file_name)
    if member is None:
        raise Unreadable("its file name is not a member id")
    data = _parse(raw, MAX_MEMBER_BYTES)
    _keys(data, _TOP | _TABLES, {"format", "member", "stamp", "published"}, "the file")
    if data["member"] != member:
        raise Unreadable("the member id inside is not the one in its file name")
    out: MemberData = {"member": member}
    stamp = data["stamp"]
    if not (stamp == "" or hlc.valid(stamp)):
        raise Unreadable("stamp is not a clock stamp")
    out["stamp"] = stamp
    out["published"] = _moment(data["published"], "published")
    if data.get("left", False) is not False:
        _flag(data["left"], "left")
        _keys(
            data,
            {"format", "member", "left", "stamp", "published", "signature"},
            set(),
            "A leaving note",
        )
        out["left"] = True
        return out
    _keys(data, _TOP | _TABLES, {"name", "observer", "share"}, "the file")
    out["name"] = _text(data["name"], "name", MAX_NAME_CHARS)
    out["observer"] = _flag(data["observer"], "observer")
    share = data["share"]
    if share not in SHARE_LEVELS:
        raise Unreadable("share is not minimal, progress or items")
    out["share"] = share
    if out["observer"]:
        if set(data) & {"path", "pace", "items"}:
            raise Unreadable("an observer's file holds progress")
        return out
    if type(data.get("path")) is not dict:
        raise Unreadable("it has no [path] table")
    _read_path(data["path"], out)
    wants_pace = share in SHARES_PACE
    if ("pace" in data) != wants_pace:
        raise Unreadable(f"its [pace] table does not match its share level {share!r}")
    if wants_pace:
        if type(data["pace"]) is not dict:
            raise Unreadable("[pace] is not a table")
        _read_pace(data["pace"], out)
    if ("items" in data) != (share == "items"):
        raise Unreadable(f"its [items] table does not match its share level {share!r}")
    if share == "items":
        items = data["items"]
        if type(items) is not dict:
            raise Unreadable("[items] is not a table")
        _keys(items, {"done", "skipped"}, {"done", "skipped"}, "[items]")
        out["done"] = _ids(items["done"], "done")
        out["skipped"] = _ids(items["skipped"], "skipped")
    return out


def _read_path(table: dict[str, Any], out: MemberData) -> None:
    _keys(table, _PATH_KEYS, {"id", "title", "steps", "percent"}, "[path]")
    if type(table["id"]) is not str or not ID_RE.match(table["id"]):
        raise Unreadable("the path id is not an id")
    out["path"] = {"id": table["id"], "title": _text(table["title"], "title", MAX_TITLE_CHARS)}
    out["steps"] = _whole(table["steps"], "steps", 1, MAX_STEPS)
    out["step"] = _whole(table["step"], "step", 1, out["steps"]) if "step" in table else None
    out["percent"] = _float(table["percent"], "percent", 0.0, PERCENT_MAX)
    active = table.get("last_active")
    out["last_active"] = None if active is None else _date(active, "last_active")


def _read_pace(table: dict[str, Any], out: MemberData) -> None:
    _keys(table, _PACE_KEYS, _PACE_KEYS - {"streak_weeks", "week_goal"}, "[pace]")
    week_of = _date(table["week_of"], "week_of")
    if dt.date.fromisoformat(week_of).weekday() != 0:
        raise Unreadable("week_of is not a Monday")
    out["week_of"] = week_of
    out["week_hours"] = _float(table["week_hours"], "week_hours", 0.0, MAX_HOURS_PER_WEEK)
    out["hours_per_week"] = _float(
        table["hours_per_week"], "hours_per_week", MIN_HOURS_PER_WEEK, MAX_HOURS_PER_WEEK
    )
    streak = table.get("streak_weeks")
    out["streak_weeks"] = (
        None if streak is None else _whole(streak, "streak_weeks", 0, MAX_STREAK_WEEKS)
    )
    if "week_goal" in table:
        out["week_goal"] = _float(table["week_goal"], "week_goal", 0.0, out["hours_per_week"])
    earliest = _date(table["finish_earliest"], "finish_earliest")
    latest = _date(table["finish_latest"], "finish_latest")
    if earliest > latest:
        raise Unreadable("the finish range ends before it starts")
    out["finish"] = {"earliest": earliest, "latest": latest}
    weeks = table["weeks"]
    if type(weeks) is not list or len(weeks) != WEEKS_SHARED:
        raise Unreadable(f"weeks is not a list of {WEEKS_SHARED} numbers")
    out["weeks"] = [_float(w, "weeks", 0.0, MAX_HOURS_PER_WEEK) for w in weeks]


def signed_by(raw: bytes, key: str) -> bool:
    """Whether a member file's signature was made with ``key`` (the learner's own)."""
    import hmac
    import tomllib

    if not key:
        return False
    at = raw.rfind(SIGNATURE_HEADER.encode())
    if at < 0:
        return False
    body = raw[: at + 1]
    try:
        data = tomllib.loads(raw.decode("utf-8"))
        proof = data["signature"]["proof"]
        expected = sign(body.decode("utf-8"), key)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        return False
    except RecursionError:
        return False
    return type(proof) is str and hmac.compare_digest(proof, expected)


def newer(a: MemberData, b: MemberData) -> bool:
    """Whether summary ``a`` wins over ``b`` from the same learner: built from newer
    progress, or from the same progress and published later."""
    return (a["stamp"], a["published"]) > (b["stamp"], b["published"])


def left_since(data: MemberData, joined: str) -> bool:
    """Whether ``data`` is the learner's leaving note written after ``joined``
    (the stamp of their join): then the leave stands over any summary from
    their other devices, however new their progress, until they join again."""
    return bool(data.get("left")) and data["stamp"] > joined


def read_cheer(to: str, file_name: str, raw: bytes) -> CheerData:
    """Check one cheer (``cheers/<to>/<file_name>``); Unreadable says why not."""
    key = file_name.removesuffix(SUFFIX)
    found = CHEER_NAME_RE.match(key) if file_name.endswith(SUFFIX) else None
    if found is None:
        raise Unreadable("its file name is not a cheer's")
    data = _parse(raw, MAX_CHEER_BYTES)
    _keys(data, {"format", "from", "to", "sent", "text"}, {"from", "to", "sent", "text"}, "it")
    if data["from"] != found["sender"] or data["to"] != to:
        raise Unreadable("who sent it or whom it is for does not match its place")
    text = _text(data["text"], "text", MAX_CHEER_CHARS)
    return {
        "key": key,
        "sender": found["sender"],
        "to": to,
        "sent": _moment(data["sent"], "sent"),
        "text": text,
    }


def read_group(raw: bytes) -> GroupInfo:
    """Check ``group.toml``; Unreadable says why it does not make a group."""
    data = _parse(raw, MAX_GROUP_BYTES)
    _keys(data, {"format", "name", "created"}, {"name", "created"}, "group.toml")
    return {
        "name": _text(data["name"], "name", MAX_GROUP_NAME_CHARS),
        "created": _moment(data["created"], "created"),
    }
