"""One item in full, as plain data and as text (``pathtui show``, the tracker).

Everything here is already cleaned by the path loader and the store, so it
can be printed as it is; nothing is read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pathtui.model.plan import needs_pick, step_plan

if TYPE_CHECKING:
    from pathtui.model.path import Item, Step
    from pathtui.services.session import Session


def _place(session: Session, item_id: str) -> tuple[Step, Item]:
    found = session.path.find(item_id)
    assert found is not None, "resolve() the id first"
    return found


def counts(session: Session, step: Step, item: Item) -> str:
    """How the item counts: 'optional', 'option of ...', or ''."""
    if item.optional or not step.number:
        return "optional: counts toward nothing"
    if not item.choice:
        return ""
    group = step.choice(item.choice)
    assert group is not None
    states = session.progress.states()
    picked = item.id in {i.id for i in step_plan(step, states).counted}
    how = (
        "picked"
        if picked
        else "pick it to count it"
        if needs_pick(step, item, states)
        else "not picked: counts toward nothing"
    )
    return f"one of {len(group.options)} options in {group.title!r} (choose {group.choose}); {how}"


def item_json(session: Session, item_id: str) -> dict[str, Any]:
    step, item = _place(session, item_id)
    logged = session.logged_by_item().get(item_id, 0.0)
    return {
        "id": item.id,
        "title": item.title,
        "step": {"number": step.number, "id": step.id, "title": step.title},
        "state": session.progress.state(item.id),
        "note": session.progress.note(item.id),
        "hours": {"low": item.hours[0], "high": item.hours[1]},
        "hours_logged": round(logged, 2),
        "description": item.description,
        "links": [{"title": r.title, "url": r.url} for r in item.links],
        "optional": item.optional or not step.number,
        "choice": item.choice or None,
        "counts": counts(session, step, item) or "counts toward the estimate",
    }


def item_text(session: Session, item_id: str) -> str:
    from pathtui.model.durations import format_hours
    from pathtui.model.timeleft import trim

    data = item_json(session, item_id)
    step, item = _place(session, item_id)
    where = f"Step {step.number} · {step.title}" if step.number else f"Extras · {step.title}"
    lines = [
        item.title,
        f"{item.id} · {where}",
        f"State: {data['state']} · planned {trim(item.hours[0])}–{trim(item.hours[1])} h · "
        f"logged {format_hours(data['hours_logged']) if data['hours_logged'] else 'nothing yet'}",
    ]
    how = counts(session, step, item)
    if how:
        lines.append(f"Counts: {how}")
    if data["note"]:
        lines += ["", f"Your note: {data['note']}"]
    if item.description:
        lines += ["", item.description]
    if item.links:
        lines += ["", "Links:"]
        lines += [f"  {n}. {r.title}  {r.url}" for n, r in enumerate(item.links, start=1)]
    return "\n".join(lines)
