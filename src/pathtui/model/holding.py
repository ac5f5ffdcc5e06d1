"""What a copy of the progress holds, in the words a learner checks it by.

A backup's listing, the restore question and the advice for a file that
cannot be read all name a copy by these counts, so a learner can tell the
backup that holds their work from one written just after a reset.
"""

from __future__ import annotations

import datetime as dt

from pathtui.model.durations import format_hours
from pathtui.model.frozen import Frozen, set_slot
from pathtui.model.progress import Progress


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


class Holding(Frozen):
    """Items with a state, hours logged, notes and review ratings of one copy.

    A ``Frozen`` class, not a dataclass: every saving command imports this
    module, and ``dataclasses`` costs milliseconds to import.
    """

    __slots__ = ("hours", "items", "notes", "ratings", "start_date")
    _fields = ("items", "hours", "notes", "start_date", "ratings")
    items: int
    hours: float
    notes: int
    start_date: dt.date
    #: Review ratings (``pathtui review``); a backup keeps them like the rest.
    ratings: int

    def __init__(
        self, items: int, hours: float, notes: int, start_date: dt.date, ratings: int = 0
    ) -> None:
        set_slot(self, "items", items)
        set_slot(self, "hours", hours)
        set_slot(self, "notes", notes)
        set_slot(self, "start_date", start_date)
        set_slot(self, "ratings", ratings)

    @classmethod
    def of(cls, progress: Progress) -> Holding:
        return cls(
            items=sum(1 for e in progress.items.values() if e.state != "todo"),
            hours=sum(e.hours for e in progress.live_log()),
            notes=sum(1 for e in progress.items.values() if e.note),
            start_date=progress.settings.start_date,
            ratings=len(progress.ratings()),
        )

    @property
    def empty(self) -> bool:
        """Nothing a learner did is in it (a backup written just after a reset)."""
        return not (self.items or self.hours or self.notes or self.ratings)

    def words(self) -> str:
        """'12 items with progress, 34h30m logged, 3 notes'."""
        items = f"{_count(self.items, 'item')} with progress"
        hours = f"{format_hours(self.hours)} logged" if self.hours else "no study time logged"
        notes = f", {_count(self.notes, 'note')}" if self.notes else ""
        ratings = f", {_count(self.ratings, 'review rating')}" if self.ratings else ""
        return f"{items}, {hours}{notes}{ratings}"
