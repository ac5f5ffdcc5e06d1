"""Step 6 from the shell: ``project`` adds, lists, checks and links portfolio projects.

Registered on ``typerapp.app`` when ``commands.py`` imports this module. Like
the rest of the CLI this parses, calls the core (``model/projects.py``,
``services/projectchecks.py``), saves through the Session and prints.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from pathtui.cli import output, reads
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import HELP, say
from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError
from pathtui.model import projects
from pathtui.model.portfolio import (
    CHECK_TITLES,
    FAIL,
    MAX_URL_TIMEOUT_SECONDS,
    PASS,
    UNKNOWN,
    URL_TIMEOUT_SECONDS,
)
from pathtui.model.sanitise import sanitise

if TYPE_CHECKING:
    from pathtui.model.checkresult import CheckResult

project_app = typer.Typer(
    help="Your portfolio projects (step 6): add them, check them, link them to the path.",
    context_settings=HELP,
    rich_markup_mode=None,
)
app.add_typer(project_app, name="project")


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
    if repo:
        _refuse_missing_folder(projects.repo_address(repo))
    with session.editing():
        added = session.add_project(name, repo, url)
    parts = [f"Added project {sanitise(added.name)}"]
    if added.repo:
        parts.append(f"repo {sanitise(added.repo)}")
    if added.url:
        parts.append(f"deployed at {sanitise(added.url)}")
    say(" · ".join(parts) + ". Check it with `pathtui project check`.")


#: How much of a folder a refusal repeats.
MAX_SHOWN = 200


def _refuse_missing_folder(repo: str) -> None:
    """A ``--repo`` folder must exist (an address is checked by `project check`)."""
    from pathlib import Path

    folder = Path(repo)
    try:
        missing = folder.is_absolute() and not folder.is_dir()
    except OSError:  # a name too long for this system, say: no such folder either
        missing = True
    if missing:
        raise PathtuiError(
            f"There is no folder at {repo[:MAX_SHOWN]}; give the project's local clone "
            "or its address (https://... or git@...)."
        )


@project_app.command("list")
def project_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer_param(("project", "list"), "as_json")] = False,
) -> None:
    """List your projects with their last check results."""
    reads.project_list(_opts(ctx).path_file, as_json)


@project_app.command("remove")
def project_remove(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The project's name (or id).")],
) -> None:
    """Remove a project (its check results go with it)."""
    session = _opts(ctx).session()
    with session.editing():
        gone = session.remove_project(name)
    say(f"Removed project {sanitise(gone.name)}.")


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
    ] = URL_TIMEOUT_SECONDS,
) -> None:
    """Check your projects: README, licence, git remote, a recent commit, the deployed URL.

    Exits 1 if any check failed; a check that could not run is neither a pass nor a fail.
    """
    from pathtui.services.projectchecks import check_project

    if not 0 < timeout <= MAX_URL_TIMEOUT_SECONDS:
        raise PathtuiError(
            f"--timeout must be more than 0 and at most {MAX_URL_TIMEOUT_SECONDS:g} seconds."
        )
    session = _opts(ctx).session()
    table = projects.projects_table(session.progress)
    chosen = [projects.find_project(table, name)] if name else projects.projects(table)
    if not chosen:
        raise PathtuiError("No projects to check yet; add one with `pathtui project add NAME`.")
    now = dt.datetime.now(dt.UTC)
    checked: list[tuple[projects.Project, list[CheckResult]]] = []
    for p in chosen:
        if not (p.repo or p.url):
            checked.append((p, []))
            continue
        results = check_project(p.repo, p.url, now, timeout)
        checked.append((session.record_checks(p, results), results))
    session.save()
    failed = any(r.verdict == FAIL for _, results in checked for r in results)
    if as_json:
        output.print_json(
            [{**p.as_json(), "ran": [r.as_json() for r in results]} for p, results in checked]
        )
    else:
        for p, results in checked:
            say(sanitise(p.name))
            if not results:
                say("  nothing to check: give it --repo or --url (`pathtui project add`)")
            for r in results:
                mark = {PASS: "pass", FAIL: "FAIL", UNKNOWN: "????"}[r.verdict]
                shown = "could not check · " if r.verdict == UNKNOWN else ""
                say(f"  {mark}  {CHECK_TITLES[r.check]}: {shown}{sanitise(r.reason)}")
        every = [r for _, results in checked for r in results]
        if every:
            say(reads.tally(every) + ".")
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
        found = session.link_evidence(name, ids, link=not unlink)
    shown = ", ".join(found.evidence) or "nothing"
    say(f"{sanitise(found.name)} is now evidence for: {shown}.")
