"""``pathtui remind`` (as the Typer app answers it), ``remind install|uninstall``
and ``pathtui calendar``.

``remind``'s options are declared once in ``grammar.py``, which the fast path
(``script.py``) reads too; the work is in ``reminding.py``. The timer is
``services/remindtimer.py``'s, the calendar ``services/studycalendar.py``'s.
Registered on ``typerapp.app`` when ``commands.py`` imports this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pathtui.cli import reminding
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import HELP, say
from pathtui.cli.typerapp import _opts, app
from pathtui.errors import PathtuiError

REMIND = ("remind",)

remind_app = typer.Typer(
    help="Print what needs your attention now. One line each: the week's plan, a streak "
    "ending today, reviews and job follow-ups due, new cheers from your study group; "
    "nothing when nothing is due.",
    context_settings=HELP,
    rich_markup_mode=None,
)
app.add_typer(remind_app, name="remind")


def _path(ctx: typer.Context) -> str | None:
    path = _opts(ctx).path_file
    return None if path is None else str(path)


@remind_app.callback(invoke_without_command=True)
def remind(
    ctx: typer.Context,
    as_json: Annotated[bool, typer_param(REMIND, "as_json")] = False,
    notify: Annotated[bool, typer_param(REMIND, "notify")] = False,
) -> None:
    """Print the nudges due now, one line each; nothing when nothing is due."""
    if ctx.invoked_subcommand is None:
        reminding.remind(_opts(ctx).path_file, as_json, notify)


def _at(ctx: typer.Context, at: str | None) -> str:
    """The --at time, else the study-time setting."""
    from pathtui.model.studyplan import DEFAULT_STUDY_TIME, parse_study_time

    if at is not None:
        try:
            return parse_study_time(at)
        except ValueError as exc:
            raise PathtuiError(f"--at: {exc}") from None
    try:
        return parse_study_time(_opts(ctx).session().progress.settings.study_time)
    except (ValueError, PathtuiError):  # a stored time that is not one, an unreadable file
        return DEFAULT_STUDY_TIME


@remind_app.command("install")
def install(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="HH:MM",
            help="When to remind you each day (default: your study-time setting, 19:00).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the files instead of writing them.")
    ] = False,
) -> None:
    """Set up a daily reminder: a systemd user timer (or a crontab line to add)."""
    from pathtui.services import remindtimer

    when = _at(ctx, at)
    if dry_run:
        lines = remindtimer.dry_run(when, _path(ctx))
    else:
        lines = remindtimer.install(when, _path(ctx))
    for line in lines:
        say(line)


@remind_app.command("uninstall")
def uninstall() -> None:
    """Remove the daily reminder: exactly the files `remind install` wrote."""
    from pathtui.services import remindtimer

    for line in remindtimer.uninstall():
        say(line)


@app.command("calendar")
def calendar(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of the screen."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FILE if it exists already.")
    ] = False,
    weeks: Annotated[
        str,
        typer.Option("--weeks", metavar="N", help="How many weeks of sessions to plan (1 to 52)."),
    ] = "8",
) -> None:
    """Write your plan as an iCalendar file: study sessions, step finishes, follow-ups, reviews."""
    from pathtui.cli.output import today
    from pathtui.services import studycalendar

    count = studycalendar.parse_weeks(weeks)
    if output is not None and str(output) != "-":
        studycalendar.check_target(output, force)
    session = _opts(ctx).session()
    plan = studycalendar.build(session, today(), count)
    if output is None or str(output) == "-":
        typer.echo(plan.text, nl=False)
    else:
        studycalendar.write(plan.text, output, force, session.store.file)
        typer.echo(f"Wrote {plan.describe()} to {output}.", err=True)
    for hint in plan.hints:
        typer.echo(hint, err=True)
