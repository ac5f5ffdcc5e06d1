"""The note editor: one line of the learner's own per item.

A note is where they left off, or a link of their own; it is saved with the
progress and shown under the checklist. An empty note clears it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from pathtui.model.sanitise import sanitise

#: Notes longer than this are cut; a note is a line, not an essay.
MAX_NOTE_CHARS = 500


class NoteScreen(ModalScreen[str | None]):
    """Answers the new note text, or None if the learner cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, item_title: str, note: str, keep: Callable[[str], object] | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self._item_title = item_title
        #: What the editor starts with: the note as shown (``sanitise``), so a
        #: note that came from a file cannot send the terminal escapes.
        self._note = sanitise(note)
        self._kept = note
        #: Takes the text typed so far if the tracker closes with the editor open.
        self._keep = keep

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note") as box:
            box.border_title = "Note"
            yield Label(Text(self._item_title, style="bold"), markup=False)
            yield Input(
                self._note,
                placeholder="Where you left off, or a link of your own",
                max_length=MAX_NOTE_CHARS,
                id="note-input",
            )
            yield Label(
                "Enter saves · an empty note clears it · Esc cancels",
                markup=False,
                classes="hint",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Unedited, the note stays exactly as stored (not as it was shown).
        self.dismiss(self._kept if event.value == self._note else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def keep_draft(self) -> None:
        """The tracker is closing (its terminal went away): keep what was typed."""
        from textual.css.query import NoMatches

        try:
            typed = self.query_one("#note-input", Input).value
        except NoMatches:  # closing while the editor opens: nothing typed yet
            return
        if typed != self._note and self._keep is not None:
            self._keep(typed)
