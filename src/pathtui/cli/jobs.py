"""Step 7 from the shell: ``apply`` adds an application, ``jobs`` lists them and
moves or removes one.

Registered on ``typerapp.app`` when ``commands.py`` imports this module. Like
the rest of the CLI this parses, calls the core (``model/applications.py``),
saves through the Session and prints.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from pathtui.cli import output, reads
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import HELP, say
from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError
from pathtui.model import applications
from pathtui.model.jobs import (
    STAGES,
    follow_up_date,
)
from pathtui.model.sanitise import sanitise
from pathtui.model.userinput import parse_date

SHOWN_ID = reads.SHOWN_ID

jobs_app = typer.Typer(
    help="Your job applications (step 7): list them or move one to another stage.",
    context_settings=HELP,
    rich_markup_mode=None,
)
app.add_typer(jobs_app, name="jobs")


@app.command("apply")
def apply_command(
    ctx: typer.Context,
    company: Annotated[str, typer.Argument(metavar="COMPANY", help="Who you applied to.")],
    role: Annotated[str, typer.Argument(metavar="ROLE", help="The job's title.")],
    url: Annotated[
        str, typer.Option("--url", metavar="URL", help="The job ad (http or https).")
    ] = "",
    board: Annotated[
        str, typer.Option("--board", metavar="BOARD", help="Where you found it.")
    ] = "",
    date: Annotated[
        str,
        typer.Option("--date", "-d", metavar="DATE", help="YYYY-MM-DD, today or yesterday."),
    ] = "today",
    note: Annotated[str, typer.Option("--note", "-n", help="A short note (optional).")] = "",
) -> None:
    """Record a job application (it starts at the stage 'applied')."""
    today = output.today()
    day = _applied_day(date, today)
    session = _opts(ctx).session()
    with session.editing():
        table = session.applications_table()
        twin = applications.same_application(table, company, role, day)
        added = session.add_application(
            company, role, today, applied=day, url=url, board=board, note=note
        )
    goal, days = applications.job_settings(session.progress)
    picture = applications.applications_picture(
        applications.applications_table(session.progress), today, goal, days
    )
    say(
        f"Applied: {sanitise(added.company)} · {sanitise(added.role)} on "
        f"{added.applied.isoformat()} "
        f"(id {added.id[:SHOWN_ID]}; a follow-up is due "
        f"{follow_up_date(added.applied, days).isoformat()} if they have not replied)."
    )
    say(reads.week_line(picture))
    if twin is not None:
        say(
            f"Note: {twin.company} · {twin.role} on {twin.applied.isoformat()} was already "
            f"recorded (id {twin.id[:SHOWN_ID]}); if this one is a slip, "
            f"`pathtui jobs remove {added.id[:SHOWN_ID]}` takes it out.",
            err=True,
        )


def _applied_day(text: str, today: dt.date) -> dt.date:
    """'today', 'yesterday' or YYYY-MM-DD; a future date is refused by the core."""
    try:
        return parse_date(text, today)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None


@jobs_app.callback(invoke_without_command=True)
def jobs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer_param(("jobs",), "as_json")] = False,
) -> None:
    """List your applications: the furthest along first, closed ones last, newest first."""
    if ctx.invoked_subcommand is None:
        reads.jobs_list(_opts(ctx).path_file, as_json)


@jobs_app.command("move")
def jobs_move(
    ctx: typer.Context,
    app_id: Annotated[str, typer.Argument(metavar="ID", help="The application's id.")],
    stage: Annotated[str, typer.Argument(metavar="STAGE", help=f"One of {', '.join(STAGES)}.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Allow any move, e.g. to put a mistaken move right."),
    ] = False,
) -> None:
    """Move an application to another stage (forward only, unless --force)."""
    session = _opts(ctx).session()
    with session.editing():
        moved, changed = session.move_application(app_id, stage, output.today(), force=force)
    if not changed:
        say(f"Already {moved.stage}: {sanitise(moved.company)} · {sanitise(moved.role)}")
        return
    say(f"Moved to {moved.stage}: {sanitise(moved.company)} · {sanitise(moved.role)}")


@jobs_app.command("remove")
def jobs_remove(
    ctx: typer.Context,
    app_id: Annotated[str, typer.Argument(metavar="ID", help="The application's id.")],
) -> None:
    """Remove an application recorded by mistake."""
    session = _opts(ctx).session()
    with session.editing():
        gone = session.remove_application(app_id)
    say(f"Removed: {sanitise(gone.company)} · {sanitise(gone.role)} (id {gone.id}).")
