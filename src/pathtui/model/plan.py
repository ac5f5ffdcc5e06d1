"""Which items of a step count, once optional items and choice groups are weighed.

The rule, in one place so the estimate, the totals, the percentage, the current
step and the schedule all agree:

- An optional item never counts (like the extras): it is shown and can be
  ticked, but it is in no total and no estimate.
- An option of a choice group counts once it is *picked*: any state but
  ``todo`` (learning, done, or skipped because the learner knows it already).
  Picked options all count, even past ``choose``: the learner is doing them.
- Until ``choose`` options are picked, each missing pick is an open *slot*: it
  counts as one item not yet done, planned at the average hours of the options
  not picked yet. So before any choice, a "choose 1 of 9" group weighs as much
  as one average option, and the path's baseline is worked out the same way.
- Options nobody picked beyond that count for nothing: choosing Python does not
  leave eight other languages in the schedule.

Pure functions over the model and a state mapping; no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

from pathtui.model.frozen import Frozen, set_slot

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: path.py calls step_plan, so no import loop
    from pathtui.model.path import Item, Step

#: States that count as finished for progress and for the estimate.
COMPLETE_STATES = frozenset({"done", "skipped"})
#: The state of an item nobody has touched: an option in it is not picked.
UNTOUCHED = "todo"


class StepPlan(Frozen):
    """What one step weighs for one set of states."""

    __slots__ = ("counted", "open_slots", "slot_hours")
    _fields = ("counted", "open_slots", "slot_hours")
    #: Items that count: plain items and picked options, in file order.
    counted: tuple[Item, ...]
    #: Picks still to make; each counts as one item not done.
    open_slots: int
    #: Planned hours of the open slots together.
    slot_hours: tuple[float, float]

    def __init__(
        self,
        counted: tuple[Item, ...],
        open_slots: int = 0,
        slot_hours: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        set_slot(self, "counted", counted)
        set_slot(self, "open_slots", open_slots)
        set_slot(self, "slot_hours", slot_hours)

    @property
    def total(self) -> int:
        return len(self.counted) + self.open_slots

    @property
    def hours(self) -> tuple[float, float]:
        return (
            sum(i.hours[0] for i in self.counted) + self.slot_hours[0],
            sum(i.hours[1] for i in self.counted) + self.slot_hours[1],
        )

    def complete(self, states: Mapping[str, str]) -> int:
        """Counted items done or skipped (an open slot is never complete)."""
        return sum(1 for i in self.counted if states.get(i.id, UNTOUCHED) in COMPLETE_STATES)

    def hours_left(self, states: Mapping[str, str]) -> tuple[float, float]:
        low, high = self.slot_hours
        for item in self.counted:
            if states.get(item.id, UNTOUCHED) not in COMPLETE_STATES:
                low += item.hours[0]
                high += item.hours[1]
        return low, high


def step_plan(step: Step, states: Mapping[str, str]) -> StepPlan:
    """The items of ``step`` that count for these states, and the open slots."""
    if step.simple:
        return StepPlan(step.items)
    picked_ids: set[str] = set()
    slots = 0
    slot_low = slot_high = 0.0
    for group in step.choices:
        options = [i for i in step.items if i.choice == group.id]
        picked = [i for i in options if states.get(i.id, UNTOUCHED) != UNTOUCHED]
        picked_ids.update(i.id for i in picked)
        missing = group.choose - len(picked)
        if missing > 0:
            rest = [i for i in options if i not in picked]
            slots += missing
            slot_low += missing * sum(i.hours[0] for i in rest) / len(rest)
            slot_high += missing * sum(i.hours[1] for i in rest) / len(rest)
    counted = tuple(
        i for i in step.items if not i.optional and (not i.choice or i.id in picked_ids)
    )
    return StepPlan(counted, slots, (slot_low, slot_high))


def needs_pick(step: Step, item: Item, states: Mapping[str, str]) -> bool:
    """True if ``item`` is an unpicked option of a group still short of picks."""
    group = step.choice(item.choice) if item.choice else None
    if group is None or states.get(item.id, UNTOUCHED) != UNTOUCHED:
        return False
    picked = sum(
        1 for i in step.items if i.choice == group.id and states.get(i.id, UNTOUCHED) != UNTOUCHED
    )
    return picked < group.choose


#: How an option the learner left aside is shown everywhere (tracker, list, export).
NOT_PICKED = "not picked"


def not_picked(step: Step, states: Mapping[str, str]) -> frozenset[str]:
    """Options left aside: untouched options of a group whose picks are made.
    They count toward nothing, so they must not look like open tasks."""
    if step.simple:
        return frozenset()
    return frozenset(
        i.id
        for i in step.items
        if i.choice and states.get(i.id, UNTOUCHED) == UNTOUCHED and not needs_pick(step, i, states)
    )


def count_note(step: Step, states: Mapping[str, str]) -> str:
    """Why a step's count differs from its rows: '1 not picked', '2 options
    count as 1', '1 optional' (joined with ' · '), or ''."""
    if step.simple:
        return ""
    parts = []
    aside = len(not_picked(step, states))
    if aside:
        parts.append(f"{aside} {NOT_PICKED}")
    for group in step.choices:
        options = [i for i in step.items if i.choice == group.id]
        picked = sum(1 for i in options if states.get(i.id, UNTOUCHED) != UNTOUCHED)
        if picked < group.choose:
            parts.append(f"{len(options)} options count as {group.choose - picked}")
    optional = sum(1 for i in step.items if i.optional)
    if optional:
        parts.append(f"{optional} optional")
    return " · ".join(parts)


def first_open(step: Step, states: Mapping[str, str]) -> Item | None:
    """The item to work on next in ``step``: the first counted item not finished,
    or the first option of a group that still needs a pick."""
    counted = {i.id for i in step_plan(step, states).counted}
    for item in step.items:
        if item.id in counted:
            if states.get(item.id, UNTOUCHED) not in COMPLETE_STATES:
                return item
        elif needs_pick(step, item, states):
            return item
    return None
