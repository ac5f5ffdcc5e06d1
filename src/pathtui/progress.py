"""The learner's progress: plain dataclasses and the merge rule.

Everything here is pure; reading and writing the file is ``store.py``'s job.
Items are keyed by stable id and carry the time they last changed, so two
copies of the same progress (two windows, a window and a shell command) merge
item by item: the newer change to an item wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from pathtui.streaks import DEFAULT_STREAK_KIND as DEFAULT_STREAK_KIND
from pathtui.streaks import STREAK_KINDS as STREAK_KINDS

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Item states, in the order the tracker cycles through them.
STATES: tuple[str, ...] = ("todo", "learning", "done", "skipped")
#: The progress-file schema this release writes.
PROGRESS_SCHEMA = 1
DEFAULT_DAY_MINIMUM_MINUTES = 15
DEFAULT_REST_DAYS_PER_WEEK = 1
#: Bounds of the daily minimum for a study day (a whole day at most).
MAX_DAY_MINIMUM_MINUTES = 24 * 60
#: Rest days allowed per week: 0 (every day counts) to 6.
MAX_REST_DAYS_PER_WEEK = 6


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def clean_user_text(text: str) -> str:
    """Text a learner typed, made safe to store (no lone surrogates)."""
    return text.encode("utf-8", "replace").decode("utf-8").strip()


@dataclass(slots=True)
class ItemState:
    """One item's state, note and when either last changed."""

    state: str
    changed: dt.datetime
    note: str = ""


@dataclass(slots=True)
class LogEntry:
    """Time spent studying; ``deleted`` is a tombstone so removals merge too."""

    id: str
    date: dt.date
    hours: float
    created: dt.datetime
    item: str = ""
    note: str = ""
    deleted: bool = False


@dataclass(slots=True)
class Settings:
    """The learner's own choices; the whole block merges as one by ``changed``."""

    hours_per_week: float
    start_date: dt.date
    changed: dt.datetime
    day_minimum_minutes: float = DEFAULT_DAY_MINIMUM_MINUTES
    rest_days_per_week: int = DEFAULT_REST_DAYS_PER_WEEK
    streaks: bool = True
    streak_kind: str = DEFAULT_STREAK_KIND


@dataclass(slots=True)
class Progress:
    """Everything pathtui knows about one learner on one path."""

    path_id: str
    created: dt.datetime
    settings: Settings
    items: dict[str, ItemState] = field(default_factory=dict)
    log: list[LogEntry] = field(default_factory=list)
    reset_at: dt.datetime | None = None
    schema: int = PROGRESS_SCHEMA

    @classmethod
    def new(cls, path_id: str, hours_per_week: float, now: dt.datetime | None = None) -> Progress:
        now = now or utcnow()
        return cls(
            path_id=path_id,
            created=now,
            settings=Settings(
                hours_per_week=hours_per_week,
                start_date=now.astimezone().date(),
                changed=now,
            ),
        )

    # -- reading

    def state(self, item_id: str) -> str:
        entry = self.items.get(item_id)
        return entry.state if entry else "todo"

    def note(self, item_id: str) -> str:
        entry = self.items.get(item_id)
        return entry.note if entry else ""

    def states(self) -> dict[str, str]:
        return {key: value.state for key, value in self.items.items()}

    def live_log(self) -> list[LogEntry]:
        return [entry for entry in self.log if not entry.deleted]

    # -- changing (each returns whether anything changed)

    def set_state(self, item_id: str, state: str, now: dt.datetime | None = None) -> bool:
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        entry = self.items.get(item_id)
        if entry is not None and entry.state == state:
            return False
        if entry is None and state == "todo":
            return False
        now = now or utcnow()
        if entry is None:
            self.items[item_id] = ItemState(state=state, changed=now)
        else:
            entry.state, entry.changed = state, now
        return True

    def set_note(self, item_id: str, note: str, now: dt.datetime | None = None) -> bool:
        note = clean_user_text(note)
        entry = self.items.get(item_id)
        if (entry.note if entry else "") == note:
            return False
        now = now or utcnow()
        if entry is None:
            self.items[item_id] = ItemState(state="todo", changed=now, note=note)
        else:
            entry.note, entry.changed = note, now
        return True

    def set_hours_per_week(self, hours: float, now: dt.datetime | None = None) -> bool:
        if self.settings.hours_per_week == hours:
            return False
        self.settings.hours_per_week = hours
        self.settings.changed = now or utcnow()
        return True

    def update_settings(self, now: dt.datetime | None = None, **changes: Any) -> None:
        self.settings = replace(self.settings, **changes, changed=now or utcnow())

    def add_log(
        self,
        date: dt.date,
        hours: float,
        item: str = "",
        note: str = "",
        now: dt.datetime | None = None,
    ) -> LogEntry:
        import uuid  # only a new log entry needs one; keeps the tracker's start light

        entry = LogEntry(
            id=uuid.uuid4().hex[:12],
            date=date,
            hours=hours,
            created=now or utcnow(),
            item=item,
            note=clean_user_text(note),
        )
        self.log.append(entry)
        return entry

    def remove_log(self, entry_id: str) -> bool:
        for entry in self.log:
            if entry.id == entry_id and not entry.deleted:
                entry.deleted = True
                return True
        return False

    def reset(self, now: dt.datetime | None = None) -> None:
        """Start over: forget ticks, notes and log, keep the learner's pace."""
        now = now or utcnow()
        self.items = {}
        self.log = []
        self.reset_at = now
        self.settings = replace(self.settings, start_date=now.astimezone().date(), changed=now)

    def apply_renames(self, renames: dict[str, str]) -> list[tuple[str, str]]:
        """Carry progress from old ids to their new ones; returns what moved."""
        moved = []
        for old, new in renames.items():
            entry = self.items.get(old)
            if entry is None:
                continue
            current = self.items.get(new)
            if current is None or current.changed < entry.changed:
                self.items[new] = entry
            del self.items[old]
            moved.append((old, new))
        return moved


def _newer(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def merge(mine: Progress, theirs: Progress) -> Progress:
    """Combine two copies of the same progress; on a tie ``mine`` wins.

    Per item the newer change wins; log entries are a union by id where a
    deletion wins; a reset in either copy drops every change made before it.
    """
    reset_at = _newer(mine.reset_at, theirs.reset_at)
    items: dict[str, ItemState] = dict(theirs.items)
    for key, entry in mine.items.items():
        other = items.get(key)
        if other is None or entry.changed >= other.changed:
            items[key] = entry
    if reset_at is not None:
        items = {k: v for k, v in items.items() if v.changed > reset_at}
    log: dict[str, LogEntry] = {e.id: e for e in theirs.log}
    for mine_entry in mine.log:
        seen = log.get(mine_entry.id)
        if seen is not None and seen.deleted and not mine_entry.deleted:
            continue
        log[mine_entry.id] = mine_entry
    entries = sorted(log.values(), key=lambda e: (e.date, e.created, e.id))
    if reset_at is not None:
        entries = [e for e in entries if e.created > reset_at]
    settings = (
        mine.settings if mine.settings.changed >= theirs.settings.changed else theirs.settings
    )
    return Progress(
        path_id=mine.path_id,
        created=min(mine.created, theirs.created),
        settings=settings,
        items=items,
        log=entries,
        reset_at=reset_at,
        schema=mine.schema,
    )
