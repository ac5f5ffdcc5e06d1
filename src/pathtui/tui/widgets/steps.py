"""The sidebar: the steps in order (any number of them, numbers right-aligned),
then the extras below a separator.

Each row shows the step's number, title and its own count; finished steps get
a tick and the current step (the first unfinished one) an arrow and bold
text, so the marks still say it all without colour.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pathtui.model.estimate import Estimate
from pathtui.model.path import LearningPath, Step
from pathtui.tui.text import CURRENT_MARK, FINISHED_MARK, FitRow, OneLine

#: Width of the mark column ("✓ ", "▶ ").
MARK_WIDTH = 2
EXTRAS_LABEL = "Extras (optional)"


def section_prompt(
    step: Step, done: int, *, current: bool, total: int | None = None, number_width: int = 1
) -> FitRow:
    """One sidebar row: mark, number (right-aligned to ``number_width``) and
    title (cut with …), and the step's count (``total``: what counts, after
    choices; by default every item)."""
    total = len(step.items) if total is None else total
    finished = done >= total
    style = "bold" if current else ""
    if step.number:
        mark = FINISHED_MARK if finished else CURRENT_MARK if current else ""
        label = Text(f"{step.number:>{number_width}} ", style=style)
        label.append(step.title)
    else:
        mark = FINISHED_MARK if finished else "+"
        label = Text(EXTRAS_LABEL, style="italic")
    row = Text(mark.ljust(MARK_WIDTH), style=style)
    row.append_text(label)
    return FitRow(row, Text(f" {done}/{total}", style=style))


class StepList(OptionList):
    """The steps, a separator, and the extras: picks which section is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "select", "Open step"),
    ]

    def show(self, path: LearningPath, est: Estimate, extras_done: int) -> None:
        """Build the rows once, or redraw their prompts in place."""
        current = est.current_step.number if est.current_step else None
        width = len(str(len(path.steps)))
        prompts = [
            OneLine(
                self,
                section_prompt(
                    step,
                    count.done,
                    current=step.number == current,
                    total=count.total,
                    number_width=width,
                ),
            )
            for step, count in zip(path.steps, est.steps, strict=True)
        ]
        if path.extras is not None:
            prompts.append(OneLine(self, section_prompt(path.extras, extras_done, current=False)))
        if self.option_count != len(prompts):
            options: list[Option | None] = [
                Option(prompt, id=f"section-{i}") for i, prompt in enumerate(prompts)
            ]
            if path.extras is not None:
                options.insert(len(path.steps), None)
            self.set_options(options)
            return
        for index, prompt in enumerate(prompts):
            self.replace_option_prompt_at_index(index, prompt)
