"""One item in full, as plain data and as text (``pathtui show``, the tracker).

Functions of the path and the progress, nothing else. The path's text is
cleaned by the path loader; the learner's note, which may come from any
file, is made safe here (``sanitise``) where it is laid out as text, and the
printers sanitise every line again. Nothing is read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pathtui.model.plan import needs_pick, step_plan
from pathtui.model.sanitise import sanitise

if TYPE_CHECKING:
    from pathtui.model.path import Item, LearningPath, Step
    from pathtui.model.progress import Progress


def _place(path: LearningPath, item_id: str) -> tuple[Step, Item]:
    found = path.find(item_id)
    assert found is not None, "resolve() the id first"
    return found


def _logged(progress: Progress, item_id: str) -> float:
    """Hours logged against the item (removed entries left out)."""
    return sum((e.hours for e in progress.live_log() if e.item == item_id), 0.0)


def counts(progress: Progress, step: Step, item: Item) -> str:
    """How the item counts: 'optional', 'option of ...', or ''."""
    if item.optional or not step.number:
        return "optional: counts toward nothing"
    if not item.choice:
        return ""
    group = step.choice(item.choice)
    assert group is not None
    states = progress.states()
    picked = item.id in {i.id for i in step_plan(step, states).counted}
    how = (
        "picked"
        if picked
        else "pick it to count it"
        if needs_pick(step, item, states)
        else "not picked: counts toward nothing"
    )
    return f"one of {len(group.options)} options in {group.title!r} (choose {group.choose}); {how}"


def item_json(path: LearningPath, progress: Progress, item_id: str) -> dict[str, Any]:
    step, item = _place(path, item_id)
    logged = _logged(progress, item_id)
    return {
        "id": item.id,
        "title": item.title,
        "step": {"number": step.number, "id": step.id, "title": step.title},
        "state": progress.state(item.id),
        "note": progress.note(item.id),
        "hours": {"low": item.hours[0], "high": item.hours[1]},
        "hours_logged": round(logged, 2),
        "description": item.description,
        "links": [{"title": r.title, "url": r.url} for r in item.links],
        "optional": item.optional or not step.number,
        "choice": item.choice or None,
        "counts": counts(progress, step, item) or "counts toward the estimate",
    }


def item_text(path: LearningPath, progress: Progress, item_id: str) -> str:
    from pathtui.model.durations import format_hours
    from pathtui.model.timeleft import trim

    data = item_json(path, progress, item_id)
    step, item = _place(path, item_id)
    where = f"Step {step.number} · {step.title}" if step.number else f"Extras · {step.title}"
    lines = [
        item.title,
        f"{item.id} · {where}",
        f"State: {data['state']} · planned {trim(item.hours[0])}–{trim(item.hours[1])} h · "
        f"logged {format_hours(data['hours_logged']) if data['hours_logged'] else 'nothing yet'}",
    ]
    how = counts(progress, step, item)
    if how:
        lines.append(f"Counts: {how}")
    if data["note"]:
        lines += ["", f"Your note: {sanitise(data['note'])}"]
    if item.description:
        lines += ["", item.description]
    if item.links:
        lines += ["", "Links:"]
        lines += [f"  {n}. {r.title}  {r.url}" for n, r in enumerate(item.links, start=1)]
    return "\n".join(lines)
