"""The first run: what the path is, how long it usually takes, and the learner's pace.

Shown only while there is no progress file. Saving the answers creates the
file; Escape skips (the defaults apply, and nothing is written yet).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from pathtui.model.path import LearningPath
from pathtui.model.timeleft import describe_pace, trim
from pathtui.tui.widgets.keybar import KeyBar
from pathtui.tui.widgets.paceform import PaceForm

if TYPE_CHECKING:  # what the mixin is mixed into, for the type checker only
    _ModalBase = ModalScreen[Any]
else:
    _ModalBase = object


@dataclass(frozen=True, slots=True)
class PaceAnswer:
    """What the welcome or the settings screen was told."""

    hours_per_week: float
    start_date: dt.date


class AsksPace(_ModalBase):
    """What the welcome and the settings dialogs share: focus the hours field,
    and answer a PaceAnswer once the form's values are valid."""

    def on_mount(self) -> None:
        self.query_one("#hours", Input).focus()

    def _submit(self) -> None:
        values = self.query_one(PaceForm).values()
        if values is not None:
            self.dismiss(PaceAnswer(*values))

    def on_input_submitted(self, _: Input.Submitted) -> None:
        self._submit()


def introduction(path: LearningPath) -> Text:
    """The path in a few sentences, built from the path file itself."""
    low = sum(step.hours[0] for step in path.steps)
    high = sum(step.hours[1] for step in path.steps)
    out = Text()
    out.append(path.title, style="bold")
    out.append("\n")
    if path.description:
        out.append(path.description)
        out.append("\n")
    out.append(
        f"\nIt has {len(path.steps)} steps, worked through in order; the list on the "
        "left shows them with your progress."
    )
    baseline = path.baseline
    span = baseline.label or f"{trim(baseline.weeks[0])}–{trim(baseline.weeks[1])} weeks"
    out.append(
        f" At {describe_pace(baseline.hours_per_week)} most people need about {span} "
        f"({trim(low)}–{trim(high)} hours of study). Tell pathtui your own pace and "
        "it keeps the estimate honest as you tick items off."
    )
    return out


class WelcomeScreen(AsksPace, ModalScreen[PaceAnswer | None]):
    """Answers the learner's pace, or None if they skipped with Escape."""

    #: `q` types into the hours field here, so the welcome's own footer offers
    #: what works: Escape, and Ctrl+Q to quit.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),
    ]

    def __init__(self, path: LearningPath, hours_per_week: float, today: dt.date) -> None:
        super().__init__(classes="dialog-screen")
        self._path = path
        self._hours = hours_per_week
        self._today = today

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="welcome") as box:
            box.border_title = "Welcome to pathtui"
            yield Label(introduction(self._path), markup=False, classes="dialog-text")
            yield PaceForm(self._hours, self._today)
            with Horizontal(classes="buttons"):
                yield Button("Start", variant="primary", id="start-path")
                yield Label("Esc skips", markup=False, classes="hint")
        yield KeyBar(compact=True, show_command_palette=False)

    def on_button_pressed(self, _: Button.Pressed) -> None:
        self._submit()

    def action_skip(self) -> None:
        self.dismiss(None)
