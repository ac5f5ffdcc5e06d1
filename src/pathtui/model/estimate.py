"""Time-left arithmetic: pure functions over a path and item states.

No I/O, no clock (``today`` is always passed in), no UI: every number the
learner sees comes from here and is unit-tested with exact values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pathtui.model.frozen import Frozen, set_slot
from pathtui.model.path import LearningPath
from pathtui.model.plan import COMPLETE_STATES, first_open, step_plan
from pathtui.model.timeleft import describe_weeks, finish_dates, weeks_for

__all__ = ["COMPLETE_STATES", "Estimate", "StepCount", "estimate", "remaining_hours"]


class StepCount(Frozen):
    """How far one step is: ``done`` counts done and skipped items alike."""

    __slots__ = ("done", "id", "number", "title", "total")
    _fields = ("number", "id", "title", "done", "total")
    number: int
    id: str
    title: str
    done: int
    total: int

    def __init__(self, number: int, id: str, title: str, done: int, total: int) -> None:
        set_slot(self, "number", number)
        set_slot(self, "id", id)
        set_slot(self, "title", title)
        set_slot(self, "done", done)
        set_slot(self, "total", total)

    @property
    def finished(self) -> bool:
        return self.done == self.total


class Estimate(Frozen):
    """Everything the status line and the tracker header show."""

    __slots__ = (
        "current_step",
        "hours_left",
        "hours_per_week",
        "hours_total",
        "items_done",
        "items_skipped",
        "items_total",
        "next_item_id",
        "next_item_title",
        "steps",
        "weeks_left",
    )
    _fields = (
        "hours_per_week",
        "items_done",
        "items_skipped",
        "items_total",
        "hours_left",
        "weeks_left",
        "steps",
        "current_step",
        "next_item_id",
        "next_item_title",
        "hours_total",
    )
    hours_per_week: float
    items_done: int
    items_skipped: int
    items_total: int
    hours_left: tuple[float, float]
    weeks_left: tuple[float, float]
    steps: tuple[StepCount, ...]
    current_step: StepCount | None
    next_item_id: str | None
    next_item_title: str | None
    #: Planned hours of everything that counts now (choices made or not yet).
    hours_total: tuple[float, float]

    def __init__(
        self,
        hours_per_week: float,
        items_done: int,
        items_skipped: int,
        items_total: int,
        hours_left: tuple[float, float],
        weeks_left: tuple[float, float],
        steps: tuple[StepCount, ...],
        current_step: StepCount | None,
        next_item_id: str | None,
        next_item_title: str | None,
        hours_total: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        set_slot(self, "hours_per_week", hours_per_week)
        set_slot(self, "items_done", items_done)
        set_slot(self, "items_skipped", items_skipped)
        set_slot(self, "items_total", items_total)
        set_slot(self, "hours_left", hours_left)
        set_slot(self, "weeks_left", weeks_left)
        set_slot(self, "steps", steps)
        set_slot(self, "current_step", current_step)
        set_slot(self, "next_item_id", next_item_id)
        set_slot(self, "next_item_title", next_item_title)
        set_slot(self, "hours_total", hours_total)

    @property
    def items_complete(self) -> int:
        return self.items_done + self.items_skipped

    @property
    def percent(self) -> float:
        if not self.items_total:
            return 100.0
        return round(self.items_complete / self.items_total * 100, 1)

    @property
    def finished(self) -> bool:
        return self.current_step is None

    def finish_dates(self, today: dt.date) -> tuple[dt.date, dt.date]:
        return finish_dates(self.weeks_left, today)

    def words(self) -> str:
        return describe_weeks(self.weeks_left)


def remaining_hours(path: LearningPath, states: Mapping[str, str]) -> tuple[float, float]:
    """Sum of [low, high] over the counted items neither done nor skipped
    (``plan.py``: optional items and unpicked options left out, open picks in)."""
    low = high = 0.0
    for step in path.steps:
        step_low, step_high = step_plan(step, states).hours_left(states)
        low += step_low
        high += step_high
    return low, high


def estimate(path: LearningPath, states: Mapping[str, str], hours_per_week: float) -> Estimate:
    """The whole picture for one path, one set of item states and one pace."""
    counts = []
    done = skipped = 0
    left_low = left_high = total_low = total_high = 0.0
    for step in path.steps:
        plan = step_plan(step, states)
        complete = 0
        for item in plan.counted:
            state = states.get(item.id, "todo")
            if state == "done":
                done += 1
                complete += 1
            elif state == "skipped":
                skipped += 1
                complete += 1
            else:
                left_low += item.hours[0]
                left_high += item.hours[1]
            total_low += item.hours[0]
            total_high += item.hours[1]
        left_low += plan.slot_hours[0]
        left_high += plan.slot_hours[1]
        total_low += plan.slot_hours[0]
        total_high += plan.slot_hours[1]
        counts.append(StepCount(step.number, step.id, step.title, complete, plan.total))
    current = next((c for c in counts if not c.finished), None)
    next_id = next_title = None
    if current is not None:
        opening = first_open(path.steps[current.number - 1], states)
        if opening is not None:
            next_id, next_title = opening.id, opening.title
    hours = (left_low, left_high)
    return Estimate(
        hours_per_week=hours_per_week,
        items_done=done,
        items_skipped=skipped,
        items_total=sum(c.total for c in counts),
        hours_left=hours,
        weeks_left=weeks_for(hours, hours_per_week),
        steps=tuple(counts),
        current_step=current,
        next_item_id=next_id,
        next_item_title=next_title,
        hours_total=(total_low, total_high),
    )
