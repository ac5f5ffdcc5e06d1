"""The one y/N question pathtui asks before it replaces or clears progress.

Its own module, so a command reached through the fast dispatch
(``grammar.py``) can ask it without importing the Typer app, which imports
the grammar back.
"""

from __future__ import annotations

import typer

from pathtui.cli.output import say
from pathtui.model.sanitise import sanitise


def confirm_or_exit(question: str) -> None:
    """Ask y/N (default no); anything but yes, or no terminal, changes nothing."""
    try:
        ok = typer.confirm(sanitise(question, lines=True), default=False)
    except (typer.Abort, EOFError):
        ok = False
    if not ok:
        say("Nothing was changed.", err=True)
        raise typer.Exit(1)
