"""``pathtui restore``: list the backups (``cli/reads.py``), or put one back.

Registered on ``pathtui.cli.typerapp.app`` when ``pathtui.cli.commands`` imports this
module, like the study-log commands. It only parses, calls ``backups`` and prints.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli import reads
from pathtui.cli.grammar import typer_param
from pathtui.cli.typerapp import _opts, app

RESTORE = ("restore",)


@app.command("restore")
def restore(
    ctx: typer.Context,
    backup: Annotated[str | None, typer_param(RESTORE, "backup")] = None,
    yes: Annotated[bool, typer_param(RESTORE, "yes")] = False,
) -> None:
    """List your backups, or restore one: it replaces your progress, after a backup."""
    reads.restore(_opts(ctx).path_file, backup, yes)
