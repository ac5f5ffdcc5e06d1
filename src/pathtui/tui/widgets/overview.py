"""The always-visible summary: progress bar, time left, finish dates, next up.

It sits above everything else on the main screen so the learner sees where
they are the moment the tracker opens, and it is redrawn after every change.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar

from pathtui.estimate import Estimate
from pathtui.path import LearningPath
from pathtui.timeleft import describe_pace
from pathtui.tui.text import day


def count_text(est: Estimate) -> Text:
    """'14/52 done · 26.9%' (skipped items count as done, as in `status`)."""
    return Text(f"{est.items_complete}/{est.items_total} done · {est.percent:g}%")


def time_left_text(est: Estimate, today: dt.date) -> Text:
    """'about 6–17 months left at 10 h/week · finish 3 Mar 2027 – 1 Feb 2028'."""
    if est.finished:
        return Text("Nothing left: every step is finished.", style="bold")
    earliest, latest = est.finish_dates(today)
    finish = day(earliest) if earliest == latest else f"{day(earliest)} – {day(latest)}"
    out = Text()
    out.append(est.words(), style="bold")
    out.append(f" left at {describe_pace(est.hours_per_week)} · finish {finish}")
    return out


def next_up_text(path: LearningPath, est: Estimate) -> Text:
    out = Text("Next up: ", style="bold")
    if est.current_step is None:
        out.append("nothing — you have finished the path.")
        return out
    out.append(f"Step {est.current_step.number} · ")
    out.append(est.next_item_title or est.current_step.title)
    return out


class Overview(Vertical):
    """Overall progress, time left at the learner's pace and what comes next."""

    def compose(self) -> ComposeResult:
        yield Label(id="path-title", markup=False)
        with Horizontal(id="overall"):
            yield ProgressBar(id="overall-bar", show_eta=False, show_percentage=False)
            yield Label(id="overall-count", markup=False)
        yield Label(id="time-left", markup=False)
        yield Label(id="next-up", markup=False)

    def show(self, path: LearningPath, est: Estimate, today: dt.date) -> None:
        """Redraw from a fresh estimate."""
        self.query_one("#path-title", Label).update(Text(path.title))
        self.query_one("#overall-bar", ProgressBar).update(
            total=max(est.items_total, 1), progress=est.items_complete
        )
        self.query_one("#overall-count", Label).update(count_text(est))
        self.query_one("#time-left", Label).update(time_left_text(est, today))
        self.query_one("#next-up", Label).update(next_up_text(path, est))
