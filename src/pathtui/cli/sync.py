"""``pathtui sync``, ``pathtui sync init`` and git's merge driver.

The Typer face of ``sync/progress.py``: parse, call, print one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pathtui.cli import syncround
from pathtui.cli.grammar import typer_param
from pathtui.cli.typerapp import app

sync_app = typer.Typer(
    help="Share your progress between devices through a git remote of your own.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
app.add_typer(sync_app, name="sync")
#: The round's words in ``grammar.py``.
SYNC = ("sync",)


@sync_app.callback(invoke_without_command=True)
def sync_round(
    ctx: typer.Context,
    repair: Annotated[bool, typer_param(SYNC, "repair")] = False,
) -> None:
    """One round: commit local changes, fetch, merge, push. Never asks for anything."""
    if ctx.invoked_subcommand is not None:
        return
    syncround.sync_round(repair=repair)


@sync_app.command("init")
def sync_init(
    remote: Annotated[
        str,
        typer.Argument(
            metavar="REMOTE",
            help="Any git remote: a private repository URL, or the path of a bare repository.",
        ),
    ],
) -> None:
    """Set the data folder up to sync with REMOTE, then sync once."""
    from pathtui.sync import progress

    outcome = progress.init(remote)
    syncround.say(outcome.line(), outcome.notices)


@app.command("merge-driver", hidden=True)
def merge_driver(
    base: Annotated[Path, typer.Argument()],
    ours: Annotated[Path, typer.Argument()],
    theirs: Annotated[Path, typer.Argument()],
    name: Annotated[str, typer.Argument()] = "",
) -> None:
    """git's merge driver for progress files (set up by `pathtui sync init`)."""
    from pathtui.sync.merge import merge_driver as run

    raise typer.Exit(run(base, ours, theirs, name or str(ours)))
