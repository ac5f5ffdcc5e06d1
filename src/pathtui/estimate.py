"""Time-left arithmetic: pure functions over a path and item states.

No I/O, no clock (``today`` is always passed in), no UI: every number the
learner sees comes from here and is unit-tested with exact values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from pathtui.path import LearningPath, Step
from pathtui.timeleft import describe_weeks, finish_dates, weeks_for

#: States that count as finished for progress and for the estimate.
COMPLETE_STATES = frozenset({"done", "skipped"})


@dataclass(frozen=True, slots=True)
class StepCount:
    """How far one step is: ``done`` counts done and skipped items alike."""

    number: int
    id: str
    title: str
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True, slots=True)
class Estimate:
    """Everything the status line and the tracker header show."""

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
    """Sum of [low, high] over the seven steps' items neither done nor skipped."""
    low = high = 0.0
    for item in path.items:
        if states.get(item.id, "todo") not in COMPLETE_STATES:
            low += item.hours[0]
            high += item.hours[1]
    return low, high


def step_counts(path: LearningPath, states: Mapping[str, str]) -> tuple[StepCount, ...]:
    return tuple(_count(step, states) for step in path.steps)


def _count(step: Step, states: Mapping[str, str]) -> StepCount:
    done = sum(1 for item in step.items if states.get(item.id, "todo") in COMPLETE_STATES)
    return StepCount(step.number, step.id, step.title, done, len(step.items))


def estimate(path: LearningPath, states: Mapping[str, str], hours_per_week: float) -> Estimate:
    """The whole picture for one path, one set of item states and one pace."""
    counts = step_counts(path, states)
    current = next((c for c in counts if not c.finished), None)
    next_id = next_title = None
    if current is not None:
        step = path.steps[current.number - 1]
        first_open = next(
            (i for i in step.items if states.get(i.id, "todo") not in COMPLETE_STATES),
            None,
        )
        if first_open is not None:
            next_id, next_title = first_open.id, first_open.title
    hours = remaining_hours(path, states)
    ids = {item.id for item in path.items}
    done = sum(1 for k, v in states.items() if v == "done" and k in ids)
    skipped = sum(1 for k, v in states.items() if v == "skipped" and k in ids)
    return Estimate(
        hours_per_week=hours_per_week,
        items_done=done,
        items_skipped=skipped,
        items_total=len(ids),
        hours_left=hours,
        weeks_left=weeks_for(hours, hours_per_week),
        steps=counts,
        current_step=current,
        next_item_id=next_id,
        next_item_title=next_title,
    )
