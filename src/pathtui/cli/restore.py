"""``pathtui restore``: list the backups, or put one back.

Registered on ``pathtui.cli.typerapp.app`` when ``pathtui.cli.commands`` imports this
module, like the study-log commands. It only parses, calls ``backups`` and prints.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli.typerapp import _opts, app, confirm_or_exit
from pathtui.services.backups import (
    Holding,
    backups_of,
    find_backup,
    open_for_restore,
    restore_command,
    restore_over,
)


@app.command("restore")
def restore(
    ctx: typer.Context,
    backup: Annotated[
        str | None,
        typer.Argument(
            metavar="[BACKUP]",
            help="A backup (a file in backups/, by name or path) or a JSON export. "
            "Without it, the backups are listed.",
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before restoring.")] = False,
) -> None:
    """List your backups, or restore one: it replaces your progress, after a backup."""
    from pathtui.services.transfer import read_import

    opts = _opts(ctx)
    session, unreadable = open_for_restore(opts.path_file)
    if backup is None:
        found = backups_of(session)
        if unreadable:
            typer.echo(f"{unreadable} Restoring a backup keeps that file aside, renamed.")
        if not found:
            folder = session.store.file.parent / "backups"
            typer.echo(f"No backups yet (they are written to {folder}).")
            return
        typer.echo(f"Backups of {session.store.file}, newest first:")
        for entry in found:
            what = entry.holding.words() if entry.holding else f"unreadable: {entry.problem}"
            typer.echo(f"  {entry.written:%Y-%m-%d %H:%M}  {entry.file.name}  {what}")
        held = [e for e in found if e.holding is not None and not e.holding.empty]
        best = held[0] if held else found[0]
        typer.echo(f"Restore one with: {restore_command(best.file, opts.path_file)}")
        return
    file = find_backup(session, backup)
    restored = read_import(file, session.path.id)
    then = Holding.of(restored)
    if unreadable and not yes:
        confirm_or_exit(
            f"Restore {file} ({then.words()}) in place of your progress file "
            f"{session.store.file}, which cannot be read? That file is kept aside, renamed"
        )
    elif session.store.exists and not yes:
        now = Holding.of(session.progress)
        confirm_or_exit(
            f"Replace your progress ({now.words()}) with {file} ({then.words()})? "
            "A backup of your progress is written first"
        )
    saved, aside = restore_over(session, restored, bool(unreadable))
    typer.echo(f"Restored {file}: {Holding.of(session.progress).words()}.")
    if aside is not None:
        typer.echo(f"The file that could not be read is kept as {aside}.")
    if saved is not None:
        typer.echo(
            f"What you had is in {saved}; to go back: {restore_command(saved, opts.path_file)}"
        )
