"""The right-hand pane: the selected step's heading, goal, checklist and item detail."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from pathtui.model.durations import format_hours
from pathtui.model.path import Item, Step
from pathtui.tui.text import NOTE_MARK, FitRow, Together, hours_range, legend, plain
from pathtui.tui.widgets.checklist import ALL, Checklist


def heading(step: Step, total_steps: int) -> Text:
    """'Step 3 of 7 · Web basics …' or the extras, labelled as outside the estimate."""
    if step.number:
        out = Text(f"Step {step.number} of {total_steps} · ", style="bold")
        out.append(step.title, style="bold")
    else:
        out = Text("Extras · ", style="bold")
        out.append(step.title, style="bold")
    return out


def step_count(step: Step, done: int, total: int | None = None, note: str = "") -> Text:
    """'3/7 done · 40–110 h'; the extras say they are outside the estimate;
    ``note`` says why the count differs from the rows ('1 not picked')."""
    hours = hours_range(step.hours) if step.number else "optional"
    total = len(step.items) if total is None else total
    why = f" · {note}" if note else ""
    return Text(f" {done}/{total} done{why} · {hours}", style="dim")


def detail(
    item: Item | None, state: str, note: str, counts: str = "", logged: float = 0.0
) -> Text | Together:
    """The highlighted item in full: title, state, hours logged on it, how it
    counts, the learner's note and the description (both, one after the other),
    and its links.

    All of it is plain text: paragraphs and lists keep the lines the path file
    gave them, and nothing is read as markup.
    """
    if item is None:
        return Text("")
    head = Text(item.title, style="bold")
    tail = Text(f"  {state} · {hours_range(item.hours)}", style="dim")
    if logged:
        tail.append(f" · {format_hours(logged)} logged", style="bold")
    out = Text()
    if counts:
        out.append(f"\n{counts}", style="italic dim")
    if note:  # the learner's, from a file that may have come from anywhere
        out.append(f"\n{NOTE_MARK} ", style="bold")
        out.append_text(plain(note, style="italic"))
    if item.description:
        out.append("\n")
        out.append(item.description)
    if item.links:
        plural = "s" if len(item.links) > 1 else ""
        out.append(f"\nLink{plural} (o opens{' a list' if plural else ''}):", style="dim")
        for link in item.links:
            out.append(f"\n• {link.title}")
            out.append(f"  {link.site}", style="dim italic")
    return Together(head, tail, out)


class StepPane(Vertical):
    """Everything about the one section the sidebar has selected."""

    def compose(self) -> ComposeResult:
        yield Static(id="step-heading", markup=False)
        yield Static(id="step-goal", markup=False)
        checklist = Checklist(id="checklist")
        checklist.border_title = "Checklist"
        checklist.border_subtitle = legend()
        yield checklist
        with VerticalScroll(id="detail", can_focus=False):
            yield Static(id="item-detail", markup=False)

    def show_heading(
        self, step: Step, done: int, total_steps: int, total: int | None = None, note: str = ""
    ) -> None:
        self.query_one("#step-heading", Static).update(
            FitRow(heading(step, total_steps), step_count(step, done, total, note), wrap=True)
        )
        goal = Text()
        if not step.number:
            goal.append("Optional, outside the seven steps and the estimate. ", style="italic")
        goal.append(step.goal)
        self.query_one("#step-goal", Static).update(goal)

    def show_filter(self, state_filter: str) -> None:
        checklist = self.query_one(Checklist)
        checklist.border_title = (
            "Checklist" if state_filter == ALL else f"Checklist · only {state_filter}"
        )

    def show_detail(
        self, item: Item | None, state: str, note: str, counts: str = "", logged: float = 0.0
    ) -> None:
        self.query_one("#item-detail", Static).update(detail(item, state, note, counts, logged))
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)

    def scroll_detail(self, pages: int) -> None:
        """Scroll the item's description by a page (negative: back)."""
        box = self.query_one("#detail", VerticalScroll)
        step = max(box.size.height - 1, 1) * pages
        box.scroll_to(y=box.scroll_y + step, animate=False)
