"""The always-visible summary: progress bar, time left, finish dates, next up.

It sits above everything else on the main screen so the learner sees where
they are the moment the tracker opens, and it is redrawn after every change.
It is one widget drawing four lines (the bar is Textual's own bar renderable)
rather than a container of labels and a ProgressBar: every widget costs the
tracker's first frame time, and these nine cost about a sixth of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.console import Group
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import RenderResult
from textual.renderables.bar import Bar
from textual.widget import Widget

from pathtui.model.durations import format_hours
from pathtui.model.estimate import Estimate
from pathtui.model.pace import MIN_LOG_SPAN_DAYS, MIN_STUDY_DAYS, STOPPED_WORDS, stopped
from pathtui.model.path import LearningPath
from pathtui.model.review import due_words
from pathtui.model.streaks import describe_streak
from pathtui.model.timeleft import DAYS_PER_WEEK, describe_pace, trim
from pathtui.tui.text import day

#: Title, bar, time left, where you stand (forecast, schedule, streak), next up.
LINES = 5


def count_text(est: Estimate) -> Text:
    """'14/52 done · 26.9%' (skipped items count as done, as in `status`)."""
    return Text(f"{est.items_complete}/{est.items_total} done · {est.percent:g}%")


def month(date: dt.date) -> str:
    """Mar 2027: the finish when a day does not fit."""
    return f"{date:%b %Y}"


def time_left_text(est: Estimate, today: dt.date, width: int | None = None) -> Text:
    """'about 6–17 months left at 10 h/week · finish 3 Mar 2027 – 1 Feb 2028';
    where ``width`` is too narrow the finish days go first (months are left),
    then the finish, then the pace, so no word is cut."""
    if est.finished:
        return Text("Nothing left: every step is finished.", style="bold")
    earliest, latest = est.finish_dates(today)
    finish = day(earliest) if earliest == latest else f"{day(earliest)} – {day(latest)}"
    months = (
        month(earliest)
        if month(earliest) == month(latest)
        else f"{month(earliest)} – {month(latest)}"
    )
    pace = f" at {describe_pace(est.hours_per_week)}"
    tails = (f"{pace} · finish {finish}", f"{pace} · finish {months}", pace, "")
    for tail in tails:
        out = Text()
        out.append(est.words(), style="bold")
        out.append(f" left{tail}")
        if width is None or out.cell_len <= width:
            break
    return out


#: Between the parts of the standing line.
SEPARATOR = " · "


def standing_parts(picture: Mapping[str, Any], reviews_due: int = 0) -> list[tuple[int, Text]]:
    """The parts of the standing line, each with its rank: where the line is
    too narrow for all of them, the highest rank is left out first, so no
    part is ever cut in the middle of a word. The reviews due come first and
    stay; then the forecast, the plan, this week, and the streak."""
    fc, plan, streak = picture["forecast"], picture["schedule"], picture["streak"]
    parts: list[tuple[int, Text]] = []
    if reviews_due:
        parts.append((0, Text(f"{due_words(reviews_due)} (v)", style="bold")))
    if fc["personal"]:
        you = f"You: {fc['left']} at {describe_pace(fc['hours_per_week'])}"
        parts.append((1, Text(you, style="bold")))
    elif stopped(picture["pace"]):
        parts.append((1, Text(f"You: {STOPPED_WORDS}", style="bold")))
    elif picture["pace"]["study_days"]:  # some log, not enough yet: say what it takes
        weeks = MIN_LOG_SPAN_DAYS // DAYS_PER_WEEK
        needs = f"Your forecast: after {MIN_STUDY_DAYS} study days over {weeks} weeks"
        parts.append((1, Text(needs, style="dim")))
    else:
        parts.append((1, Text("Your pace: log time with t for your own forecast", style="dim")))
    parts.append((2, Text(plan["text"])))
    if streak is not None:
        if describe_streak(streak):
            parts.append((4, Text(describe_streak(streak))))
        week = streak["weeks"]
        hours = f"{format_hours(week['this_week_hours'])} of {trim(week['goal_hours'])} h"
        parts.append((3, Text(f"this week {hours}")))
    return parts


def fit_parts(parts: list[tuple[int, Text]], width: int) -> Text:
    """The parts that fit in ``width``, whole, joined in their order."""
    kept = list(parts)

    def length() -> int:
        return sum(part.cell_len for _, part in kept) + len(SEPARATOR) * (len(kept) - 1)

    while len(kept) > 1 and length() > width:
        kept.remove(max(kept, key=lambda ranked: ranked[0]))
    return Text(SEPARATOR).join(part for _, part in kept)


def next_up_text(path: LearningPath, est: Estimate) -> Text:
    out = Text("Next up: ", style="bold")
    if est.current_step is None:
        out.append("nothing — you have finished the path.")
        return out
    out.append(f"Step {est.current_step.number} · ")
    out.append(est.next_item_title or est.current_step.title)
    return out


class Overview(Widget):
    """Overall progress, time left at the learner's pace and what comes next."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "overview--title",
        "overview--bar",
        "overview--complete",
        "overview--count",
        "overview--warning",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[LearningPath, Estimate, dt.date] | None = None
        self._standing = Text()
        self._parts: list[tuple[int, Text]] = []
        self._cheers = ""

    def show(self, path: LearningPath, est: Estimate, today: dt.date) -> None:
        """Redraw from a fresh estimate."""
        self._shown = (path, est, today)
        self.refresh(layout=True)

    def show_standing(
        self, picture: Mapping[str, Any], reviews_due: int = 0, warning: str | None = None
    ) -> None:
        """The forecast, schedule and streak line, and the reviews due (worked out
        after the first frame), after a ``warning`` the learner must see first (a
        sync that keeps failing)."""
        parts = standing_parts(picture, reviews_due)
        if warning:
            line = Text(warning, style=self.get_component_rich_style("overview--warning"))
            parts.insert(0, (0, line))
        self._parts = parts
        self._standing = Text(SEPARATOR).join(part for _, part in parts)
        self.refresh()

    def show_cheers(self, text: str) -> None:
        """New cheers from the study group, said first on the standing line."""
        self._cheers = text
        self.refresh()

    @property
    def standing(self) -> str:
        return (f"{self._cheers} · " if self._cheers else "") + self._standing.plain

    @property
    def count(self) -> str:
        """The count as shown ('14/52 done · 26.9%'); empty before the first show."""
        return count_text(self._shown[1]).plain if self._shown else ""

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return LINES if self._shown else 0

    def render(self) -> RenderResult:
        if self._shown is None:
            return ""
        path, est, today = self._shown
        width = self.content_size.width
        count = count_text(est)
        count.stylize(self.get_component_rich_style("overview--count"))
        bar_width = max(width - count.cell_len - 1, 0)
        part = est.items_complete / est.items_total if est.items_total else 1.0
        look = self.get_component_rich_style("overview--complete" if part >= 1 else "overview--bar")
        bar = Table.grid()
        bar.add_column(width=bar_width, no_wrap=True)
        bar.add_column(no_wrap=True)
        bar.add_row(
            Bar(
                highlight_range=(0, bar_width * part),
                highlight_style=Style.from_color(look.color),
                background_style=Style.from_color(look.bgcolor),
                width=bar_width,
            ),
            Text(" ").append_text(count),
        )
        title = Text(path.title, style=self.get_component_rich_style("overview--title"))
        parts = self._parts
        if self._cheers:  # first, where 80 columns still show it
            parts = [(0, Text(self._cheers, style="bold")), *parts]
        standing = fit_parts(parts, width)
        lines = [title, time_left_text(est, today, width), standing, next_up_text(path, est)]
        for line in lines:
            line.no_wrap, line.overflow = True, "ellipsis"
        return Group(lines[0], bar, *lines[1:])
