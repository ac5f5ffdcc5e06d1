"""Spaced review on or off, and the desired retention: the settings screen's second row."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label

from pathtui.model.userinput import parse_retention

#: Characters the retention field takes ('0.85' or '85%').
RETENTION_CHARS = 6


class ReviewForm(Vertical):
    """A switch, a field, and a line saying what is wrong with the field."""

    def __init__(self, review: bool, retention: float) -> None:
        super().__init__(classes="review-form")
        self._review = review
        self._retention = f"{retention:.2f}"

    def compose(self) -> ComposeResult:
        with Horizontal(classes="fields"):
            yield Checkbox("Review done items", self._review, id="review-on")
            yield Label("Retention", markup=False, classes="field-label")
            yield Input(self._retention, id="retention", max_length=RETENTION_CHARS)
        yield Label("", id="review-error", markup=False)

    def values(self) -> tuple[bool, float] | None:
        """(review on, retention), or None after showing what is wrong."""
        error = self.query_one("#review-error", Label)
        try:
            retention = parse_retention(self.query_one("#retention", Input).value)
        except ValueError as exc:
            error.update(str(exc))
            return None
        error.update("")
        return self.query_one("#review-on", Checkbox).value, retention
