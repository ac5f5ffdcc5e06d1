"""Step 7 from the shell: ``apply`` adds an application, ``jobs`` lists them and
moves or removes one.

Registered on ``typerapp.app`` when ``commands.py`` imports this module. Like
the rest of the CLI this parses, calls the core (``model/applications.py``),
saves through the Session and prints.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from pathtui.cli import output
from pathtui.cli.output import HELP
from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError
from pathtui.model import applications
from pathtui.model.jobs import (
    LISTING_ORDER,
    STAGES,
    due_follow_up,
    follow_up_date,
)
from pathtui.model.path import clean_text
from pathtui.model.userinput import parse_date

if TYPE_CHECKING:
    pass

#: Characters of an application id ``pathtui jobs`` shows (any unique 4+ works).
SHOWN_ID = 8
#: Widest company or role shown in the jobs table.
NAME_WIDTH = 24

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
        table = applications.applications_table(session.progress)
        twin = applications.same_application(table, company, role, day)
        added = applications.add_application(
            table, company, role, today, applied=day, url=url, board=board, note=note
        )
    goal, days = applications.job_settings(session.progress)
    picture = applications.applications_picture(
        applications.applications_table(session.progress), today, goal, days
    )
    typer.echo(
        f"Applied: {added.company} · {added.role} on {added.applied.isoformat()} "
        f"(id {added.id[:SHOWN_ID]}; a follow-up is due "
        f"{follow_up_date(added.applied, days).isoformat()} if they have not replied)."
    )
    typer.echo(_week_line(picture))
    if twin is not None:
        typer.echo(
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


def _week_line(picture: dict) -> str:
    streak = picture["streak"]["current"]
    parts = [
        f"This week: {picture['applied_this_week']} of {picture['weekly_goal']} applications",
        f"{picture['active']} active",
    ]
    if picture["due_follow_up"]:
        parts.append(f"{picture['due_follow_up']} due a follow-up")
    if streak:
        parts.append(f"{streak}-week streak")
    return " · ".join(parts)


@jobs_app.callback(invoke_without_command=True)
def jobs_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list for scripts.")] = False,
) -> None:
    """List your applications: the furthest along first, closed ones last, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    session = _opts(ctx).session()
    today = output.today()
    goal, days = applications.job_settings(session.progress)
    table = applications.applications_table(session.progress)
    found = applications.applications(table)
    if as_json:
        output.print_json([a.as_json(today, days) for a in found])
        return
    if not found:
        typer.echo(
            "No applications yet. Record one with `pathtui apply COMPANY ROLE` "
            f"(your goal: {goal} a week)."
        )
        return
    order = {stage: i for i, stage in enumerate(LISTING_ORDER)}
    found.sort(key=lambda a: order[a.stage])  # stable: newest first within a stage
    rows = [("ID", "STAGE", "APPLIED", "COMPANY", "ROLE", "")]
    for a in found:
        flag = "follow up" if due_follow_up(a.applied, a.stage, today, days) else ""
        rows.append(
            (
                a.id[:SHOWN_ID],
                a.stage,
                a.applied.isoformat(),
                output.cut(a.company, NAME_WIDTH),
                output.cut(a.role, NAME_WIDTH),
                flag,
            )
        )
    output.table(rows)
    typer.echo(_week_line(applications.applications_picture(table, today, goal, days)))


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
        table = applications.applications_table(session.progress)
        moved, changed = applications.move_application(
            table, app_id, stage, output.today(), force=force
        )
    if not changed:
        typer.echo(f"Already {moved.stage}: {clean_text(moved.company)} · {clean_text(moved.role)}")
        return
    typer.echo(f"Moved to {moved.stage}: {clean_text(moved.company)} · {clean_text(moved.role)}")


@jobs_app.command("remove")
def jobs_remove(
    ctx: typer.Context,
    app_id: Annotated[str, typer.Argument(metavar="ID", help="The application's id.")],
) -> None:
    """Remove an application recorded by mistake."""
    session = _opts(ctx).session()
    with session.editing():
        gone = applications.remove_application(
            applications.applications_table(session.progress), app_id
        )
    typer.echo(f"Removed: {clean_text(gone.company)} · {clean_text(gone.role)} (id {gone.id}).")
