"""Requests the widgets send up to the main screen, as small messages.

Widgets only know which item or link the learner pointed at; the screen
decides what that means for the progress and saves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from pathtui.model.path import Resource


@dataclass
class StateRequested(Message):
    """Set an item to a state (``None`` toggles done)."""

    item_id: str
    state: str | None


@dataclass
class NoteRequested(Message):
    """Open the note editor for an item."""

    item_id: str


@dataclass
class OpenRequested(Message):
    """Open a resource in the browser."""

    resource: Resource
