"""Study-log commands: ``log``, ``export`` and ``import``.

Registered on ``pathtui.cli.typerapp.app`` when ``pathtui.cli.commands`` imports this
module, kept here so the study log stays in one place. Like the rest
of the CLI this only parses, calls the core and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pathtui.cli import actions
from pathtui.cli.confirm import confirm_or_exit
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import say
from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError
from pathtui.services.session import Session

LOG = ("log",)


@app.command("log")
def log_command(
    ctx: typer.Context,
    duration: Annotated[str | None, typer_param(LOG, "duration")] = None,
    date: Annotated[str, typer_param(LOG, "date")] = "today",
    item: Annotated[str | None, typer_param(LOG, "item")] = None,
    note: Annotated[str, typer_param(LOG, "note")] = "",
    show: Annotated[bool, typer_param(LOG, "show")] = False,
    remove: Annotated[str | None, typer_param(LOG, "remove")] = None,
) -> None:
    """Log study time, list the log, or remove a mistaken entry."""
    actions.log(_opts(ctx).path_file, duration, date, item, note, show, remove)


# --------------------------------------------------------------------------- export / import


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown (a progress report for a README), json (everything, to import) "
            "or csv (your job applications, for a spreadsheet).",
        ),
    ] = "markdown",
    jobs: Annotated[
        bool,
        typer.Option("--jobs/--no-jobs", help="Include the job search in a Markdown report."),
    ] = True,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of the screen."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FILE if it exists already.")
    ] = False,
) -> None:
    """Export your progress as a Markdown report or a JSON copy."""
    from pathtui.services.transfer import export_json, export_markdown, write_export

    fmt = fmt.lower()
    if fmt in ("md", "markdown"):
        session = _opts(ctx).session()
        text = export_markdown(session, actions._today(), jobs=jobs)
    elif fmt == "csv":
        from pathtui.services.portfoliojobs import applications_csv

        session = _opts(ctx).session()
        text = applications_csv(session, actions._today())
    elif fmt == "json":
        session = _opts(ctx).session()
        text = export_json(session.progress) + "\n"
    else:
        raise PathtuiError(f"--format must be markdown, json or csv, not {fmt!r}.")
    if output is None or str(output) == "-":
        say(text, nl=False)
        return
    mine = output.resolve() == session.store.file.resolve()  # write_export refuses that
    if not mine and not force and (output.exists() or output.is_symlink()):
        raise PathtuiError(f"{output} exists already; add --force to overwrite it.")
    write_export(text, output, session.store.file)
    say(f"Exported {fmt} to {output}.", err=True)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A JSON export (or a progress/backup .toml file)."),
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace your progress with the file's instead of merging the two.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before replacing.")] = False,
) -> None:
    """Import an export: merged into your progress (default) or replacing it.

    The file is checked in full first; your progress file is backed up before
    anything is written.
    """
    from pathtui.model.progress import merge
    from pathtui.services.backups import replace_progress, restore_command, why_unchanged
    from pathtui.services.transfer import left_out, read_import

    session = _opts(ctx).session()
    imported = read_import(file, session.path.id)
    if (told := left_out(file, imported)) is not None:
        say(f"pathtui: {told}", err=True)
    before = _counts(session)
    imported.apply_renames(session.path.renames())
    if replace:
        if session.store.exists and not yes:
            confirm_or_exit(
                f"Replace your progress ({before[0]} items, {before[1]} log entries) with "
                f"{file}? A backup is written first"
            )
        backup = replace_progress(session, imported)
    else:
        mine = session.progress
        merged = merge(mine, imported)
        merged.apply_renames(session.path.renames())
        if session.store.exists and (merged.epoch, merged.tables) == (mine.epoch, mine.tables):
            say(
                f"Nothing changed: {why_unchanged(mine, imported)}. To make {file} your "
                f"progress instead, run: {restore_command(file, _opts(ctx).path_file)}"
            )
            return
        session.store.writable_problem()
        with session.store.locked():
            backup = session.store.backup()
            session.refresh()
            session.progress = merge(session.progress, imported)
            session.progress.apply_renames(session.path.renames())
            # Saved as it is: its stamps may all be older than this copy's
            # clock, and a bare tick would claim a change no field holds.
            session.save()
        session.warm_status()
    if backup is not None:
        say(f"Backup written to {backup}")
    after = _counts(session)
    verb = "Replaced your progress with" if replace else "Merged into your progress:"
    say(
        f"{verb} {file}: now {_items(after[0])} with progress and {_entries(after[1])} "
        f"(before: {before[0]} and {before[1]})."
    )


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def _entries(count: int) -> str:
    return f"{count} log entr{'ies' if count != 1 else 'y'}"


def _counts(session: Session) -> tuple[int, int]:
    return len(session.progress.items), len(session.progress.live_log())
