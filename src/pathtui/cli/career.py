"""The last two steps from the shell: ``project`` (portfolio), ``apply`` and ``jobs``.

Registered on ``pathtui.cli.typerapp.app`` when ``pathtui.cli.commands`` imports this
module. Like the rest of the CLI this parses, calls the core
(``career.py``, ``projectchecks.py``), saves through the Session and prints.
Text the learner typed is printed as plain text, cleaned of control
characters, never as markup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError
from pathtui.model import career
from pathtui.model.jobs import (
    LISTING_ORDER,
    STAGES,
    due_follow_up,
    follow_up_date,
)
from pathtui.model.path import clean_text
from pathtui.model.portfolio import CHECK_TITLES, FAIL, PASS, UNKNOWN
from pathtui.model.userinput import parse_date

if TYPE_CHECKING:
    from pathtui.model.checkresult import CheckResult

#: Characters of an application id ``pathtui jobs`` shows (any unique 4+ works).
SHOWN_ID = 8
#: Widest company or role shown in the jobs table.
NAME_WIDTH = 24
HELP = {"help_option_names": ["-h", "--help"]}

project_app = typer.Typer(
    help="Your portfolio projects (step 6): add them, check them, link them to the path.",
    context_settings=HELP,
    rich_markup_mode=None,
)
jobs_app = typer.Typer(
    help="Your job applications (step 7): list them or move one to another stage.",
    context_settings=HELP,
    rich_markup_mode=None,
)
app.add_typer(project_app, name="project")
app.add_typer(jobs_app, name="jobs")


def _today() -> dt.date:
    """The learner's local date (the week and the follow-ups count in it)."""
    return dt.date.today()


def _cut(text: str, width: int) -> str:
    text = clean_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _table(rows: Sequence[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        typer.echo("  ".join([*cells, row[-1]]).rstrip())


# --------------------------------------------------------------------------- apply / jobs


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
    today = _today()
    day = _applied_day(date, today)
    session = _opts(ctx).session()
    with session.editing():
        table = career.applications_table(session.progress)
        added = career.add_application(
            table, company, role, today, applied=day, url=url, board=board, note=note
        )
    goal, days = career.job_settings(session.progress)
    picture = career.career_picture(career.applications_table(session.progress), today, goal, days)
    typer.echo(
        f"Applied: {added.company} · {added.role} on {added.applied.isoformat()} "
        f"(id {added.id[:SHOWN_ID]}; a follow-up is due "
        f"{follow_up_date(added.applied, days).isoformat()} if they have not replied)."
    )
    typer.echo(_week_line(picture))


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
    today = _today()
    goal, days = career.job_settings(session.progress)
    table = career.applications_table(session.progress)
    found = career.applications(table)
    if as_json:
        _print_json([a.as_json(today, days) for a in found])
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
                _cut(a.company, NAME_WIDTH),
                _cut(a.role, NAME_WIDTH),
                flag,
            )
        )
    _table(rows)
    typer.echo(_week_line(career.career_picture(table, today, goal, days)))


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
        table = career.applications_table(session.progress)
        moved, changed = career.move_application(table, app_id, stage, _today(), force=force)
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
        gone = career.remove_application(career.applications_table(session.progress), app_id)
    typer.echo(f"Removed: {clean_text(gone.company)} · {clean_text(gone.role)} (id {gone.id}).")


# --------------------------------------------------------------------------- projects


@project_app.command("add")
def project_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The project's name.")],
    repo: Annotated[
        str,
        typer.Option("--repo", metavar="PATH_OR_URL", help="Its local clone, or its address."),
    ] = "",
    url: Annotated[
        str, typer.Option("--url", metavar="URL", help="Where it is deployed (http or https).")
    ] = "",
) -> None:
    """Add a portfolio project."""
    session = _opts(ctx).session()
    with session.editing():
        added = career.add_project(career.projects_table(session.progress), name, repo, url)
    parts = [f"Added project {added.name}"]
    if added.repo:
        parts.append(f"repo {added.repo}")
    if added.url:
        parts.append(f"deployed at {added.url}")
    typer.echo(" · ".join(parts) + ". Check it with `pathtui project check`.")


@project_app.command("list")
def project_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """List your projects with their last check results."""
    session = _opts(ctx).session()
    found = career.projects(career.projects_table(session.progress))
    if as_json:
        _print_json([p.as_json() for p in found])
        return
    if not found:
        typer.echo(
            "No projects yet. Add one with `pathtui project add NAME --repo PATH --url URL`."
        )
        return
    for p in found:
        typer.echo(clean_text(p.name))
        if p.repo:
            typer.echo(f"  repo      {clean_text(p.repo)}")
        if p.url:
            typer.echo(f"  deployed  {clean_text(p.url)}")
        if p.evidence:
            typer.echo(f"  evidence  {', '.join(p.evidence)}")
        if p.checks:
            typer.echo(f"  checks    {_tally(p.checks)} (last run {_last_run(p.checks)})")
        else:
            typer.echo("  checks    never run")


def _tally(results: tuple | list) -> str:
    counts = {verdict: sum(1 for r in results if r.verdict == verdict) for verdict in (PASS, FAIL)}
    unknown = sum(1 for r in results if r.verdict == UNKNOWN)
    text = f"{counts[PASS]} passed, {counts[FAIL]} failed"
    return text + (f", {unknown} could not check" if unknown else "")


def _last_run(results: tuple | list) -> str:
    latest = max(r.ran for r in results)
    return latest.astimezone().strftime("%Y-%m-%d %H:%M")


@project_app.command("remove")
def project_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The project's name (or id).")],
) -> None:
    """Remove a project (its check results go with it)."""
    session = _opts(ctx).session()
    with session.editing():
        gone = career.remove_project(career.projects_table(session.progress), name)
    typer.echo(f"Removed project {clean_text(gone.name)}.")


@project_app.command("check")
def project_check(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="One project (default: all).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    timeout: Annotated[
        float,
        typer.Option("--timeout", metavar="SECONDS", help="How long a deployed URL may take."),
    ] = 5.0,
) -> None:
    """Check your projects: README, licence, git remote, a recent commit, the deployed URL.

    Exits 1 if any check failed; a check that could not run is neither a pass nor a fail.
    """
    from pathtui.services.projectchecks import check_project

    if not 0 < timeout <= 60:
        raise PathtuiError("--timeout must be more than 0 and at most 60 seconds.")
    session = _opts(ctx).session()
    table = career.projects_table(session.progress)
    chosen = [career.find_project(table, name)] if name else career.projects(table)
    if not chosen:
        raise PathtuiError("No projects to check yet; add one with `pathtui project add NAME`.")
    now = dt.datetime.now(dt.UTC)
    checked: list[tuple[career.Project, list[CheckResult]]] = []
    for p in chosen:
        if not (p.repo or p.url):
            checked.append((p, []))
            continue
        results = check_project(p.repo, p.url, now, timeout)
        checked.append((career.record_results(table, p, results), results))
    session.save()
    failed = any(r.verdict == FAIL for _, results in checked for r in results)
    if as_json:
        _print_json(
            [{**p.as_json(), "ran": [r.as_json() for r in results]} for p, results in checked]
        )
    else:
        for p, results in checked:
            typer.echo(clean_text(p.name))
            if not results:
                typer.echo("  nothing to check: give it --repo or --url (`pathtui project add`)")
            for r in results:
                mark = {PASS: "pass", FAIL: "FAIL", UNKNOWN: "????"}[r.verdict]
                shown = "could not check" if r.verdict == UNKNOWN else r.verdict
                typer.echo(f"  {mark}  {CHECK_TITLES[r.check]}: {shown} · {clean_text(r.reason)}")
        every = [r for _, results in checked for r in results]
        if every:
            typer.echo(_tally(every) + ".")
    if failed:
        raise typer.Exit(1)


@project_app.command("link")
def project_link(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The project's name.")],
    ids: Annotated[
        list[str], typer.Argument(metavar="ID...", help="Checklist items it is evidence for.")
    ],
    unlink: Annotated[bool, typer.Option("--unlink", help="Remove the links instead.")] = False,
) -> None:
    """Link checklist items (e.g. step 6's) to a project as evidence you did them."""
    session = _opts(ctx).session()
    session.resolve(ids)
    with session.editing():
        table = career.projects_table(session.progress)
        found = career.link_evidence(table, career.find_project(table, name), ids, link=not unlink)
    shown = ", ".join(found.evidence) or "nothing"
    typer.echo(f"{clean_text(found.name)} is now evidence for: {shown}.")
