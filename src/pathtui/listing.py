"""``pathtui list``: a table for people, plain lines or JSON for scripts.

On a terminal the items are a padded table that wraps long titles. Piped
into another program, each item is one tab-separated line (id, state, hours,
title), never padded and never wrapped, so ``cut`` and ``grep`` see whole
rows. ``--json`` prints a list of objects.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import typer

from pathtui.path import Step
from pathtui.session import Session

MARKS = {"todo": "[ ]", "learning": "[~]", "done": "[x]", "skipped": "[-]"}
STYLES = {"todo": "", "learning": "yellow", "done": "green", "skipped": "dim"}


def _heading(session: Session, section: Step) -> str:
    if section.number:
        count = session.estimate().steps[section.number - 1]
        return f"Step {section.number}: {section.title}  ({count.done}/{count.total})"
    return f"Extras: {section.title}  (outside the estimate)"


def _shown(session: Session, sections: Sequence[Step], state: str | None) -> list[tuple]:
    """(section, items) pairs, leaving out sections with nothing in the filter."""
    out = []
    for section in sections:
        items = [i for i in section.items if state is None or session.progress.state(i.id) == state]
        if items or state is None:
            out.append((section, items))
    return out


def list_json(session: Session, sections: Sequence[Step], state: str | None) -> str:
    """The items as a JSON list (one object per item, in path order)."""
    progress = session.progress
    rows = [
        {
            "id": item.id,
            "step": section.number,
            "step_title": section.title,
            "title": item.title,
            "state": progress.state(item.id),
            "hours": {"low": item.hours[0], "high": item.hours[1]},
            "note": progress.note(item.id),
        }
        for section, items in _shown(session, sections, state)
        for item in items
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2)


def list_text(session: Session, sections: Sequence[Step], state: str | None) -> None:
    """Print the list: a table on a terminal (or with FORCE_COLOR), tab-separated
    lines otherwise."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = _shown(session, sections, state)
    if not shown:
        typer.echo(f"No items are {state}.")
        return
    console = Console(highlight=False)
    if not console.is_terminal:
        for number, (section, items) in enumerate(shown):
            if number:
                typer.echo("")
            typer.echo(_heading(session, section))
            for item in items:
                item_state = session.progress.state(item.id)
                note = " ✎" if session.progress.note(item.id) else ""
                typer.echo(
                    f"{item.id}\t{MARKS[item_state]} {item_state}\t"
                    f"{item.hours[0]:g}–{item.hours[1]:g} h\t{item.title}{note}"
                )
        return
    for section, items in shown:
        table = Table(
            title=Text(_heading(session, section), style="bold"),
            title_justify="left",
            show_header=False,
            box=None,
            pad_edge=False,
        )
        table.add_column("id", no_wrap=True, style="cyan")
        table.add_column("state", no_wrap=True)
        table.add_column("hours", justify="right", no_wrap=True)
        table.add_column("item")
        for item in items:
            item_state = session.progress.state(item.id)
            note = " ✎" if session.progress.note(item.id) else ""
            table.add_row(
                Text(item.id),
                Text(f"{MARKS[item_state]} {item_state}", style=STYLES[item_state]),
                Text(f"{item.hours[0]:g}–{item.hours[1]:g} h"),
                Text(item.title + note),
            )
        console.print(table)
        console.print()
