"""What a Tab offers after a command that takes item ids (``done``, ``note``…).

Typer calls these from the shell's completion script; they read the path
only, change nothing, and offer nothing rather than fail: a Tab must never
print an error onto the learner's command line.
"""

from __future__ import annotations

from pathlib import Path

import typer

from pathtui.errors import PathtuiError
from pathtui.services.session import Session


def item_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The path's item ids starting with what was typed, each with its title."""
    root = ctx.find_root()
    path_file = root.params.get("path_file")
    try:
        path = Session.open(path_file if isinstance(path_file, Path) else None).path
    except (PathtuiError, OSError, ValueError):
        return []
    typed = incomplete.strip()
    return [(item.id, item.title) for item in path.items if item.id.startswith(typed)]
