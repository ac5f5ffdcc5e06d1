"""Small text helpers shared by the widgets: literal text, marks, hours, dates.

Everything shown from the path or the progress file is put in Rich ``Text``
or Textual ``Content`` objects as plain strings, never parsed as markup, and
text from a file goes through the model's one sanitiser first (``plain``;
the app's ``notify`` does the same for every notification), so no control
character reaches the terminal. State colours are theme variables, so they
read well in dark and light themes.
"""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.visual import RichVisual

from pathtui.model.sanitise import sanitise
from pathtui.model.timeleft import spell_day, trim

#: The checklist mark for each state (the same as `pathtui list`).
STATE_MARKS: dict[str, str] = {"todo": "[ ]", "learning": "[~]", "done": "[x]", "skipped": "[-]"}
#: Styles per state (theme variables); the mark alone still tells them apart
#: without colour.
STATE_STYLES: dict[str, str] = {
    "todo": "",
    "learning": "bold $text-warning",
    "done": "$text-success",
    "skipped": "$text-muted",
}
NOTE_MARK = "✎"
FINISHED_MARK = "✓"
CURRENT_MARK = "▶"


def plain(text: str, style: str = "") -> Text:
    """Text from a file (a note, a company, a project name), shown literally:
    no markup, and every control character made visible."""
    return Text(sanitise(text), style=style)


def hours_range(hours: tuple[float, float]) -> str:
    return f"{trim(hours[0])}–{trim(hours[1])} h"


#: 3 Mar 2027: unambiguous and short, the one way the tracker writes a date.
day = spell_day


#: A date as the model and the CLI write it (2027-03-03).
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def days_in(text: str) -> str:
    """``text`` (a sentence the model words for the CLI too) with each ISO date
    written as ``day`` writes it, so one screen never shows two date formats."""

    def spelled(found: re.Match[str]) -> str:
        try:
            return day(dt.date.fromisoformat(found.group()))
        except ValueError:
            return found.group()

    return ISO_DATE.sub(spelled, text)


def legend() -> Content:
    """The state marks explained, for a border subtitle or the help screen."""
    parts: list[str | tuple[str, str]] = []
    for i, (state, mark) in enumerate(STATE_MARKS.items()):
        parts += ["  " if i else "", (mark, STATE_STYLES[state]), f" {state}"]
    return Content.assemble(*parts)


class FitRow:
    """One line that fits any width: ``left`` is cut with … so ``right`` always
    shows, at the right edge. A Rich grid does the same but costs several
    times more to draw, and these rows are in the tracker's first frame.

    ``wrap``: when both do not fit, ``left`` wraps at its words and ``right``
    goes to a line of its own (a heading whose words must all show)."""

    def __init__(self, left: Text, right: Text, *, wrap: bool = False) -> None:
        self.left, self.right, self.wrap = left, right, wrap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        left = self.left.copy()
        if self.wrap and left.cell_len + self.right.cell_len > width:
            yield from left.wrap(console, width)
            right = self.right.copy()
            right.truncate(width, overflow="ellipsis")
            yield Text.assemble(" " * (width - right.cell_len), right, no_wrap=True)
            return
        left.truncate(max(width - self.right.cell_len, 1), overflow="ellipsis", pad=True)
        yield Text.assemble(left, self.right, no_wrap=True)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        full = self.left.cell_len + self.right.cell_len
        return Measurement(min(1 + self.right.cell_len, full), full)


class Together:
    """``head`` and then ``tail`` on the same line where both fit; else ``tail``
    starts a line of its own, so a short run such as "todo · 8–20 h" is never
    broken across lines. ``rest`` follows either way."""

    def __init__(self, head: Text, tail: Text, rest: Text) -> None:
        self.head, self.tail, self.rest = head, tail, rest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        out = self.head.copy()
        if out.cell_len + self.tail.cell_len > options.max_width:
            out.append("\n")
            spaces = len(self.tail.plain) - len(self.tail.plain.lstrip(" "))
            out.append_text(self.tail[spaces:])
        else:
            out.append_text(self.tail)
        out.append_text(self.rest)
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, Text.assemble(self.head, self.tail, self.rest))


class OneLine(RichVisual):
    """A ``FitRow`` in an option list, drawn as Textual draws any Rich renderable,
    but known to be one line: Textual would render the whole row just to count
    its lines, each time the list is measured (twice before the first frame)."""

    def get_height(self, rules: RulesMap, width: int) -> int:
        return 1
