"""The tracker's working state: changes, undo history and saving, without any UI.

The Textual layer only asks this module to change something and shows what
comes back, so every rule here (undo depth, what a failed save keeps, what
counts as finishing a step) is tested without running an app.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pathtui.errors import ProgressFileError, SaveError
from pathtui.model.estimate import Estimate
from pathtui.services.session import Session

#: How many changes `u` can take back (the issue asks for at least 20).
UNDO_LIMIT = 50


@dataclass(frozen=True, slots=True)
class Write:
    """One field a change wrote: its value before, and the stamp the change gave it."""

    collection: str
    key: str
    name: str
    before: Any
    stamp: str
    #: The stamp the field had before (what an earlier change in the history wrote).
    before_stamp: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change: what it was called and the fields it wrote.

    After an undo, ``kept`` names the fields another window (or device)
    changed in the meantime, which the undo left as they are.
    """

    label: str
    writes: tuple[Write, ...] = ()
    kept: tuple[str, ...] = field(default=())


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

    def _change(self, label: str, change: Callable[[], object]) -> bool:
        """Make a change through the Session's one write path and remember, for
        undo, every field it wrote."""
        with self.session.watching() as written:
            change()
        if not written:
            return False
        writes = tuple(
            Write(w.collection, w.key, w.name, w.before, w.stamp, w.before_stamp) for w in written
        )
        self._record(Change(label, writes))
        return True

    def set_state(self, item_id: str, state: str) -> bool:
        if state == self.state(item_id):
            return False
        return self._change(
            f"{self.title(item_id)} → {state}", lambda: self.session.set_state(item_id, state)
        )

    def toggle_done(self, item_id: str) -> bool:
        """Done becomes todo again; anything else becomes done."""
        return self.set_state(item_id, "todo" if self.state(item_id) == "done" else "done")

    def set_note(self, item_id: str, note: str) -> bool:
        return self._change(
            f"note on {self.title(item_id)}", lambda: self.session.set_note(item_id, note)
        )

    def set_settings(
        self,
        hours_per_week: float,
        start_date: dt.date,
        review: bool | None = None,
        retention: float | None = None,
    ) -> bool:
        """The settings screen's answers; review and retention only when given."""
        changes: dict[str, Any] = {"hours_per_week": hours_per_week, "start_date": start_date}
        if review is not None:
            changes["review"] = review
        if retention is not None:
            changes["retention"] = retention
        return self._change("settings", lambda: self.session.change_settings(**changes))

    def start(self, hours_per_week: float, start_date: dt.date) -> None:
        """The welcome's answers: saved even if they match the defaults (that
        creates the progress file), and not something to undo."""
        self.session.change_settings(hours_per_week=hours_per_week, start_date=start_date)
        self.unsaved = True

    def _record(self, change: Change) -> None:
        self.history.append(change)
        self.unsaved = True

    def undo(self) -> Change | None:
        """Write back what the last change replaced, field by field, as new writes
        (so the undo merges like any change). A field someone else changed since
        is left alone and named in the answer's ``kept``."""
        if not self.history:
            return None
        change = self.history.pop()
        progress = self.session.progress
        kept = []
        for write in change.writes:
            record = progress.tables[write.collection].get(write.key)
            if record is None or record.stamps.get(write.name) != write.stamp:
                kept.append(write.name)
                continue
            kind = record.kind.field(write.name)
            before = kind.default if write.before is None else write.before
            self.session.write(write.collection, write.key, {write.name: before}, force=True)
            self._restamp(write, progress.tables[write.collection][write.key].stamps[write.name])
        self.unsaved = True
        return Change(change.label, change.writes, tuple(kept))

    def _restamp(self, undone: Write, stamp: str) -> None:
        """The earlier change that wrote what an undo put back now owns the
        undo's stamp, so undoing it too is not mistaken for someone else's edit."""
        for index, change in enumerate(self.history):
            writes = tuple(
                replace(w, stamp=stamp)
                if (w.collection, w.key, w.name, w.stamp)
                == (undone.collection, undone.key, undone.name, undone.before_stamp)
                else w
                for w in change.writes
            )
            if writes != change.writes:
                self.history[index] = replace(change, writes=writes)

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
        """Take in what another pathtui saved (and write back a merge that holds
        more than the file); raises ProgressFileError if the file became
        unreadable (it is then left alone). A failed write-back leaves the
        merge unsaved, so the next save or quit tries again and says why."""
        try:
            return self.session.refresh()
        except SaveError:
            self.unsaved = True
            return True

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
