"""Requests the widgets send up to the main screen, as small messages.

Widgets only know which item or link the learner pointed at; the screen
decides what that means for the progress and saves it. Plain classes with an
``__init__``, as Textual's own messages are: a dataclass's methods would be
built at import, on the way to the first frame.
"""

from __future__ import annotations

from textual.message import Message

from pathtui.model.path import Resource


class StateRequested(Message):
    """Set an item to a state (``None`` toggles done)."""

    def __init__(self, item_id: str, state: str | None) -> None:
        super().__init__()
        self.item_id = item_id
        self.state = state


class NoteRequested(Message):
    """Open the note editor for an item."""

    def __init__(self, item_id: str) -> None:
        super().__init__()
        self.item_id = item_id


class OpenRequested(Message):
    """Open a resource in the browser."""

    def __init__(self, resource: Resource) -> None:
        super().__init__()
        self.resource = resource
