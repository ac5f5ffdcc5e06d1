"""Small text helpers shared by the widgets: literal Rich Text, hours, dates.

Everything shown from the path or the progress file goes through ``Text``
objects built here, so no title or note is ever read as markup.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text

from pathtui.timeleft import trim

#: The checklist mark for each state (the same as `pathtui list`).
STATE_MARKS: dict[str, str] = {"todo": "[ ]", "learning": "[~]", "done": "[x]", "skipped": "[-]"}
#: Rich styles per state; the mark alone still tells them apart without colour.
STATE_STYLES: dict[str, str] = {
    "todo": "",
    "learning": "bold yellow",
    "done": "green",
    "skipped": "dim",
}
NOTE_MARK = "✎"
FINISHED_MARK = "✓"
CURRENT_MARK = "▶"


def hours_range(hours: tuple[float, float]) -> str:
    return f"{trim(hours[0])}–{trim(hours[1])} h"


def day(date: dt.date) -> str:
    """3 Mar 2027: unambiguous and short."""
    return f"{date.day} {date:%b %Y}"


def legend() -> Text:
    """The state marks explained, for a border subtitle or the help screen."""
    out = Text()
    for i, (state, mark) in enumerate(STATE_MARKS.items()):
        if i:
            out.append("  ")
        out.append(mark, style=STATE_STYLES[state])
        out.append(f" {state}")
    return out
