"""The group's table: one row per member, in one order, for every front end.

``rows`` turns checked member files (``groupfiles.read_member``) into the
objects ``pathtui group --json`` prints (DESIGN.md, "Study groups"), rolled
forward to today: a summary published in an earlier week counts nothing for
this week, and its streak ends once a whole week went by without meeting the
goal (by ``streaks.met``, the rule ``status`` uses, a learner's first week
needing only its share: the summary's ``week_goal``). So the table is a
function of the group's files and the date alone: every member who has
fetched the same files sees the same rows (only ``you`` differs). ``lines``
draws it as text for the terminal.

Text from other members is shown literally: ``sanitise`` turns every
control character into a visible symbol, and nothing here reads markup.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pathtui.model.groupshare import WEEKS_SHARED
from pathtui.model.sanitise import sanitise
from pathtui.model.streaks import met, week_start
from pathtui.model.timeleft import DAYS_PER_WEEK, trim

if TYPE_CHECKING:
    from pathtui.model.groupfiles import MemberData

#: A row of ``group --json``: plain JSON values.
Row = dict[str, Any]
#: Shown in a cell with nothing to show (not shared, or never).
NOTHING = "—"
#: Marks the learner's own row.
YOU_MARK = "▸"
#: The text table fits this many columns; a long name is cut to what is left,
#: but never below ``MIN_NAME_COLUMNS``.
TABLE_COLUMNS = 80
MIN_NAME_COLUMNS = 10
PATH_COLUMNS = 14
GAP = "  "
#: Up to this many days ago, "last active" is said in days.
RECENT_DAYS = 6
#: Locale-free month names (a learner's LC_TIME must not change the table).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The cut of a member id shown for an unreadable file.
SHORT_ID = 8


def rolled(data: MemberData, today: dt.date) -> MemberData:
    """A member's pace part as of ``today``'s week (see the module docstring)."""
    if "week_of" not in data:
        return data
    published_week = dt.date.fromisoformat(data["week_of"])
    shift = (week_start(today) - published_week).days // DAYS_PER_WEEK
    if shift <= 0:
        return data
    out: MemberData = dict(data)  # type: ignore[assignment]
    weeks = data["weeks"]
    out["weeks"] = (weeks[shift:] + [0.0] * WEEKS_SHARED)[:WEEKS_SHARED]
    out["week_hours"] = 0.0
    out["week_of"] = week_start(today).isoformat()
    out.pop("week_goal", None)  # the goal of the week published: a later week needs it all
    streak = data.get("streak_weeks")
    if streak is not None:
        last_met = met(weeks[-1], data.get("week_goal", data["hours_per_week"]))
        out["streak_weeks"] = streak if shift == 1 and last_met else 0
    return out


def row(entry: Mapping[str, Any], me: str, today: dt.date) -> Row:
    """One member's JSON object (an unreadable file's too)."""
    member = str(entry.get("member", ""))
    if "unreadable" in entry:
        return {
            "member": sanitise(member),
            "name": None,
            "you": member == me,
            "observer": False,
            "unreadable": True,
            "reason": sanitise(str(entry["unreadable"])),
        }
    data = rolled(entry, today)  # type: ignore[arg-type]
    out: Row = {
        "member": member,
        "name": sanitise(data["name"]),
        "you": member == me,
        "observer": data["observer"],
        "share": data["share"],
    }
    if data["observer"]:
        out.update(path=None, step=None, steps=None, percent=None, last_active=None)
        return out
    out["path"] = {"id": data["path"]["id"], "title": sanitise(data["path"]["title"])}
    out.update(
        step=data["step"],
        steps=data["steps"],
        percent=data["percent"],
        last_active=data["last_active"],
    )
    if "week_of" in data:
        out.update(
            week_hours=data["week_hours"],
            hours_per_week=data["hours_per_week"],
            streak_weeks=data["streak_weeks"],
            finish=dict(data["finish"]),
            weeks=list(data["weeks"]),
        )
    if "done" in data:
        out["items"] = {"done": list(data["done"]), "skipped": list(data["skipped"])}
    return out


def _order(r: Row) -> tuple[Any, ...]:
    """This week's hours first (those who share them before those who do not),
    then percent, then name; observers after members, unreadable files last."""
    if r.get("unreadable"):
        return (2, 0, 0.0, 0.0, "", r["member"])
    if r["observer"]:
        return (1, 0, 0.0, 0.0, r["name"].casefold(), r["member"])
    hours = r.get("week_hours")
    return (
        0,
        0 if hours is not None else 1,
        -(hours or 0.0),
        -r["percent"],
        r["name"].casefold(),
        r["member"],
    )


def rows(entries: Iterable[Mapping[str, Any]], me: str, today: dt.date) -> list[Row]:
    """Every member's row, sorted (left members' notes are not members)."""
    made = [row(e, me, today) for e in entries if not e.get("left")]
    return sorted(made, key=_order)


# --------------------------------------------------------------------------- the text table


_WIDTHS: dict[str, int] = {}


def cells(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide characters take two)."""
    if text.isascii():
        return len(text)
    width = _WIDTHS.get(text)
    if width is None:  # cells repeat down a column: each is measured once
        width = _WIDTHS[text] = sum(_char_cells(c) for c in text)
    return width


def _char_cells(char: str) -> int:
    if char.isascii():
        return 1
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` (with an ellipsis) and padded to them."""
    width = cells(text)
    if width > columns:
        out, width = [], 1
        for char in text:
            size = _char_cells(char)
            if width + size > columns:
                break
            out.append(char)
            width += size
        text = "".join(out) + "…"
    return text + " " * (columns - width)


def short_date(day: dt.date, today: dt.date) -> str:
    """'3 Dec', or '3 Dec 2025' in another year."""
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == today.year else f"{text} {day.year}"


def active_text(last: str | None, today: dt.date) -> str:
    if last is None:
        return "never"
    day = dt.date.fromisoformat(last)
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days <= RECENT_DAYS:
        return f"{days} days ago"
    return short_date(day, today)


def finish_text(finish: Mapping[str, str] | None) -> str:
    """'May 2027–Feb 2028' (or one month when both ends fall in it)."""
    if not finish:
        return NOTHING
    ends = [dt.date.fromisoformat(finish[k]) for k in ("earliest", "latest")]
    words = [f"{MONTHS[d.month - 1]} {d.year}" for d in ends]
    return words[0] if words[0] == words[1] else f"{words[0]}–{words[1]}"


def week_text(r: Row) -> str:
    if r.get("week_hours") is None:
        return NOTHING
    return f"{trim(r['week_hours'])}/{trim(r['hours_per_week'])} h"


def streak_text(r: Row) -> str:
    streak = r.get("streak_weeks")
    return NOTHING if streak is None else f"{streak} wk"


def step_text(r: Row) -> str:
    if r["step"] is None:
        return "all done" if r["percent"] >= 100 else NOTHING
    return f"{r['step']}/{r['steps']}"


def _cells_of(r: Row, today: dt.date, with_path: bool) -> list[str]:
    name = r["name"] + (" (you)" if r["you"] else "")
    if r["observer"]:
        return [name, "observer"]
    path = [r["path"]["id"]] if with_path else []
    return [
        name,
        *path,
        step_text(r),
        f"{r['percent']:.0f}%",
        week_text(r),
        streak_text(r),
        active_text(r["last_active"], today),
        finish_text(r.get("finish")),
    ]


HEADINGS = ("NAME", "STEP", "DONE", "THIS WEEK", "STREAK", "ACTIVE", "FINISH")


def lines(table: list[Row], today: dt.date, columns: int = TABLE_COLUMNS) -> list[str]:
    """The table as aligned lines, headings first; unreadable files at the end.

    Every column but the name takes what its widest cell needs; the name
    takes what is left of ``columns`` (at least ``MIN_NAME_COLUMNS``).
    """
    readable = [r for r in table if not r.get("unreadable")]
    paths = {r["path"]["id"] for r in readable if r.get("path")}
    with_path = len(paths) > 1
    heads = list(HEADINGS)
    if with_path:
        heads.insert(1, "PATH")
    body = [_cells_of(r, today, with_path) for r in readable]
    full = [b for b in body if len(b) == len(heads)]  # an observer's row has two cells
    widths = [max([cells(head), *(cells(b[i]) for b in full)]) for i, head in enumerate(heads)]
    widths[0] = max([widths[0], *(cells(b[0]) for b in body)])
    if with_path:
        widths[1] = min(widths[1], PATH_COLUMNS)
    rest = columns - len(YOU_MARK) - 1 - len(GAP) * (len(heads) - 1) - sum(widths[1:])
    widths[0] = min(widths[0], max(MIN_NAME_COLUMNS, rest))

    def join(mark: str, values: list[str]) -> str:
        cut = [fit(v, w) for v, w in zip(values, widths, strict=False)]
        if len(values) < len(widths):  # an observer: "observer" after the name, uncut
            cut[-1] = values[-1]
        return (mark + " " + GAP.join(cut)).rstrip()

    out = [join(" ", heads)]
    for r, values in zip(readable, body, strict=True):
        out.append(join(YOU_MARK if r["you"] else " ", values))
    for r in table:
        if r.get("unreadable"):
            out.append(f"? {r['member'][:SHORT_ID]}…  unreadable: {r['reason']}")
    return out
