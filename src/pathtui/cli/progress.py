"""The everyday progress commands: ``status``, ``reset``, ``list``, marking items, ``note``.

Their arguments are declared once in ``grammar.py``, which the fast path
(``script.py``) reads too; each command here parses, calls the core and
prints. Registered on ``typerapp.app`` when ``commands.py`` imports this
module.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli import actions
from pathtui.cli.confirm import confirm_or_exit
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import say
from pathtui.cli.typerapp import _opts, app

STATUS = ("status",)


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer_param(STATUS, "as_json")] = False,
    template: Annotated[str | None, typer_param(STATUS, "template")] = None,
    hours_per_week: Annotated[str | None, typer_param(STATUS, "hours_per_week")] = None,
    status_path: Annotated[str | None, typer_param(STATUS, "status_path")] = None,
    every_path: Annotated[bool, typer_param(STATUS, "every_path")] = False,
) -> None:
    """One line: current step, items done, time left at your pace."""
    from pathtui.cli.status import print_status

    print_status(_opts(ctx).path_file, as_json, template, hours_per_week, status_path, every_path)


@app.command()
def reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Clear the job applications and projects too."),
    ] = False,
) -> None:
    """Start over: clear ticks, notes and log; keep job applications.

    A backup is written first. Reviews and the start date are cleared too;
    job applications and projects are kept unless --all.
    """
    session = _opts(ctx).session()
    if not session.store.exists:
        say(f"Nothing to reset: there is no progress file at {session.store.file} yet.")
        return
    if not yes:
        from pathtui.services.backups import reset_question

        confirm_or_exit(reset_question(session, everything))
    session.progress, backup = session.store.reset(session.progress, everything=everything)
    say(f"Backup written to {backup}")
    if everything:
        say("Everything cleared. Run `pathtui` to start again from step 1.")
    else:
        say(
            "Learning progress cleared; job applications and projects kept. "
            "Run `pathtui` to start again from step 1."
        )
    if backup is not None:
        from pathtui.services.backups import restore_command

        say(f"Changed your mind? {restore_command(backup, _opts(ctx).path_file)}")


LIST = ("list",)


@app.command("list")
def list_items(
    ctx: typer.Context,
    step: Annotated[str | None, typer_param(LIST, "step")] = None,
    state: Annotated[str | None, typer_param(LIST, "state")] = None,
    as_json: Annotated[bool, typer_param(LIST, "as_json")] = False,
) -> None:
    """List the steps and their items, with ids and states."""
    actions.list_items(_opts(ctx).path_file, step, state, as_json)


IdsArg = Annotated[list[str], typer_param(("done",), "ids")]


@app.command()
def done(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items done."""
    actions.mark(_opts(ctx).path_file, ids, "done")


@app.command()
def learning(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items as being learned right now."""
    actions.mark(_opts(ctx).path_file, ids, "learning")


@app.command()
def skip(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items you already know as skipped (they count as complete)."""
    actions.mark(_opts(ctx).path_file, ids, "skipped")


@app.command()
def todo(ctx: typer.Context, ids: IdsArg) -> None:
    """Put items back to todo."""
    actions.mark(_opts(ctx).path_file, ids, "todo")


@app.command()
def note(
    ctx: typer.Context,
    item_id: Annotated[str, typer_param(("note",), "item_id")],
    text: Annotated[str, typer_param(("note",), "text")],
) -> None:
    """Keep a note on an item: where you left off, a link of your own."""
    actions.note(_opts(ctx).path_file, item_id, text)
