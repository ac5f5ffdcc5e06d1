"""The tracker's working state: changes, undo history and saving, without any UI.

The Textual layer only asks this module to change something and shows what
comes back, so every rule here (undo depth, what a failed save keeps, what
counts as finishing a step) is tested without running an app.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import deque
from dataclasses import dataclass, replace
from pathlib import Path

from pathtui.errors import ProgressFileError, SaveError
from pathtui.estimate import Estimate
from pathtui.progress import ItemState, Settings
from pathtui.session import Session

#: How many changes `u` can take back (the issue asks for at least 20).
UNDO_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change: what it was called and what it replaced."""

    label: str
    item_id: str | None = None
    item_before: ItemState | None = None
    settings_before: Settings | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    """Something worth telling the learner after a change."""

    finished_step: int | None
    next_step: int | None
    path_finished: bool


def milestone(before: Estimate, after: Estimate) -> Milestone | None:
    """A step (or the whole path) that this change finished, if any."""
    if after.finished and not before.finished:
        return Milestone(finished_step=None, next_step=None, path_finished=True)
    for old, new in zip(before.steps, after.steps, strict=True):
        if new.finished and not old.finished:
            nxt = after.current_step.number if after.current_step else None
            return Milestone(finished_step=new.number, next_step=nxt, path_finished=False)
    return None


class Tracker:
    """Wraps a Session with undo and a save that never loses a change."""

    def __init__(self, session: Session, undo_limit: int = UNDO_LIMIT) -> None:
        self.session = session
        self.history: deque[Change] = deque(maxlen=undo_limit)
        #: True while a change exists only in memory (the last save failed).
        self.unsaved = False

    # -- reading

    def state(self, item_id: str) -> str:
        return self.session.progress.state(item_id)

    def note(self, item_id: str) -> str:
        return self.session.progress.note(item_id)

    def title(self, item_id: str) -> str:
        found = self.session.path.find(item_id)
        return found[1].title if found else item_id

    # -- changing (each returns True if something changed; call save() next)

    def _item_copy(self, item_id: str) -> ItemState | None:
        entry = self.session.progress.items.get(item_id)
        return None if entry is None else replace(entry)

    def set_state(self, item_id: str, state: str) -> bool:
        before = self._item_copy(item_id)
        if not self.session.progress.set_state(item_id, state):
            return False
        self._record(Change(f"{self.title(item_id)} → {state}", item_id, before))
        return True

    def toggle_done(self, item_id: str) -> bool:
        """Done becomes todo again; anything else becomes done."""
        return self.set_state(item_id, "todo" if self.state(item_id) == "done" else "done")

    def set_note(self, item_id: str, note: str) -> bool:
        before = self._item_copy(item_id)
        if not self.session.progress.set_note(item_id, note):
            return False
        self._record(Change(f"note on {self.title(item_id)}", item_id, before))
        return True

    def set_settings(self, hours_per_week: float, start_date: dt.date) -> bool:
        settings = self.session.progress.settings
        if (settings.hours_per_week, settings.start_date) == (hours_per_week, start_date):
            return False
        before = replace(settings)
        self.session.progress.update_settings(hours_per_week=hours_per_week, start_date=start_date)
        self._record(Change("settings", settings_before=before))
        return True

    def start(self, hours_per_week: float, start_date: dt.date) -> None:
        """The welcome's answers: saved even if they match the defaults (that
        creates the progress file), and not something to undo."""
        self.session.progress.update_settings(hours_per_week=hours_per_week, start_date=start_date)
        self.unsaved = True

    def _record(self, change: Change) -> None:
        self.history.append(change)
        self.unsaved = True

    def undo(self) -> Change | None:
        """Put back what the last change replaced, as a new change (so it merges)."""
        if not self.history:
            return None
        change = self.history.pop()
        progress = self.session.progress
        if change.item_id is not None:
            before = change.item_before
            progress.set_state(change.item_id, before.state if before else "todo")
            progress.set_note(change.item_id, before.note if before else "")
        if change.settings_before is not None:
            old = change.settings_before
            progress.update_settings(hours_per_week=old.hours_per_week, start_date=old.start_date)
        self.unsaved = True
        return change

    # -- the file

    def save(self) -> str | None:
        """Save everything unsaved; the error sentence if that failed."""
        if not self.unsaved:
            return None
        try:
            self.session.save()
        except (SaveError, ProgressFileError) as exc:
            return str(exc)
        self.unsaved = False
        return None

    def refresh(self) -> bool:
        """Take in what another pathtui saved; raises ProgressFileError if the
        file became unreadable (it is then left alone)."""
        return self.session.refresh()

    def reset(self) -> Path | None:
        """Back up and clear; on failure the progress in memory is untouched."""
        kept = copy.deepcopy(self.session.progress)
        try:
            self.session.progress, backup = self.session.store.reset(self.session.progress)
        except BaseException:
            self.session.progress = kept
            raise
        self.history.clear()
        self.unsaved = False
        return backup
