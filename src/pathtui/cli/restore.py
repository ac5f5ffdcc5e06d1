"""``pathtui restore``: list the backups, or put one back.

Registered on ``pathtui.cli.typerapp.app`` when ``pathtui.cli.commands`` imports this
module, like the study-log commands. It only parses, calls ``backups`` and prints.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli.output import say
from pathtui.cli.typerapp import _opts, app, confirm_or_exit
from pathtui.services.backups import (
    Holding,
    backups_of,
    find_backup,
    replace_progress,
    restore_command,
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
    from pathtui.services.transfer import left_out, read_import

    opts = _opts(ctx)
    session = opts.session()
    if backup is None:
        found = backups_of(session)
        if not found:
            folder = session.store.file.parent / "backups"
            say(f"No backups yet (they are written to {folder}).")
            return
        say(f"Backups of {session.store.file}, newest first:")
        for entry in found:
            what = entry.holding.words() if entry.holding else f"unreadable: {entry.problem}"
            say(f"  {entry.written:%Y-%m-%d %H:%M}  {entry.file.name}  {what}")
        say(f"Restore one with: {restore_command(found[0].file, opts.path_file)}")
        return
    file = find_backup(session, backup)
    restored = read_import(file, session.path.id)
    if session.store.exists and not yes:
        now, then = Holding.of(session.progress), Holding.of(restored)
        confirm_or_exit(
            f"Replace your progress ({now.words()}) with {file} ({then.words()})? "
            "A backup of your progress is written first"
        )
    saved = replace_progress(session, restored)
    say(f"Restored {file}: {Holding.of(session.progress).words()}.")
    if (told := left_out(file, restored)) is not None:
        say(f"pathtui: {told}", err=True)
    if saved is not None:
        say(f"What you had is in {saved}; to go back: {restore_command(saved, opts.path_file)}")
