"""The Typer command-line interface: a thin layer over the Session.

Everything here parses arguments, calls the core and prints. The tracker is
imported only when it is about to run, so other commands stay quick.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument

from pathtui import __version__
from pathtui.bounds import parse_hours_per_week, parse_start_date
from pathtui.errors import PathtuiError
from pathtui.progress import STATES
from pathtui.session import Session
from pathtui.statusview import PLACEHOLDER_NAMES

T = TypeVar("T")

app = typer.Typer(
    name="pathtui",
    help="Track the self-taught path to a first backend job, in your terminal. "
    "Run it without a command to open the full-screen tracker.",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
config_app = typer.Typer(
    help="Show or change your settings (saved in your progress file).",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
app.add_typer(config_app, name="config")


class Options:
    """Global options, shared with every command through the Typer context."""

    def __init__(self, path_file: Path | None) -> None:
        self.path_file = path_file

    def session(self) -> Session:
        return Session.open(self.path_file)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pathtui {__version__}")
        raise typer.Exit()


def _opts(ctx: typer.Context) -> Options:
    return ctx.obj if isinstance(ctx.obj, Options) else Options(None)


PathOption = Annotated[
    Path | None,
    typer.Option(
        "--path",
        help="Use your own path file instead of the built-in backend path.",
        metavar="FILE",
        dir_okay=False,
    ),
]


def _no_type_label(self: TyperArgument, ctx: object) -> None:
    """Arguments have their own metavars (ID..., FILE); Typer would add
    ``<list[str]>`` or ``<path>`` after them, which means nothing to a learner."""
    return None


TyperArgument.display_type_rich = _no_type_label  # type: ignore[method-assign]


def _checked(parse: Callable[..., T], *args: Any) -> T:
    """Run a parser from ``bounds``; its ValueError becomes the one-sentence error."""
    try:
        return parse(*args)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None


def confirm_or_exit(question: str) -> None:
    """Ask y/N (default no); anything but yes, or no terminal, changes nothing."""
    try:
        ok = typer.confirm(question, default=False)
    except (typer.Abort, EOFError):
        ok = False
    if not ok:
        typer.echo("Nothing was changed.", err=True)
        raise typer.Exit(1)


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    path: PathOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Open the full-screen tracker, or run one of the commands below."""
    ctx.obj = Options(path)
    if ctx.invoked_subcommand is None:
        session = ctx.obj.session()
        from pathtui.tui import run_tracker

        code = run_tracker(session)
        if code:
            raise typer.Exit(code)


@app.command()
def status(
    ctx: typer.Context,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON object for scripts.")
    ] = False,
    template: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="TEMPLATE",
            help="Fill a template for prompts, e.g. '{step}/{steps} {percent}% {left}'. "
            "Placeholders: " + ", ".join(f"{{{name}}}" for name in PLACEHOLDER_NAMES) + ".",
        ),
    ] = None,
    hours_per_week: Annotated[
        str | None,
        typer.Option(
            "--hours-per-week",
            metavar="N",
            help="Estimate at this pace without saving it.",
        ),
    ] = None,
    path: PathOption = None,
) -> None:
    """One line: current step, items done, time left at your pace."""
    from pathtui.status import run_status, write_out

    pace = None
    if hours_per_week is not None:
        try:
            pace = float(hours_per_week)
        except ValueError:
            raise PathtuiError(
                f"--hours-per-week must be a number like 7.5, not {hours_per_week[:40]!r}."
            ) from None
    path_file = path or _opts(ctx).path_file
    write_out(
        run_status(
            str(path_file) if path_file else None,
            as_json=as_json,
            template=template,
            hours_per_week=pace,
        )
    )


@app.command()
def reset(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Start over: clear all ticks, notes and log, after writing a backup."""
    session = _opts(ctx).session()
    if not session.store.exists:
        typer.echo(f"Nothing to reset: there is no progress file at {session.store.file} yet.")
        return
    if not yes:
        from pathtui.backups import reset_question

        confirm_or_exit(reset_question(session))
    session.progress, backup = session.store.reset(session.progress)
    typer.echo(f"Backup written to {backup}")
    typer.echo("Progress cleared. Run `pathtui` to start again from step 1.")
    if backup is not None:
        from pathtui.backups import restore_command

        typer.echo(f"Changed your mind? {restore_command(backup, _opts(ctx).path_file)}")


@app.command("list")
def list_items(
    ctx: typer.Context,
    step: Annotated[
        str | None,
        typer.Option("--step", metavar="N", help="Only this step (1-7, 0 for the extras)."),
    ] = None,
    state: Annotated[
        str | None, typer.Option("--state", metavar="STATE", help="Only items in this state.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON list of the items for scripts.")
    ] = False,
) -> None:
    """List the steps and their items, with ids and states."""
    from pathtui.listing import list_json, list_text

    if state is not None and state not in STATES:
        raise PathtuiError(f"--state must be one of {', '.join(STATES)}, not {state[:20]!r}.")
    session = _opts(ctx).session()
    sections = session.path.all_sections()
    if step is not None:
        number = int(step) if step.strip().isdigit() else -1
        sections = tuple(s for s in sections if s.number == number)
        if not sections:
            raise PathtuiError(
                f"There is no step {step.strip()[:20]}; steps run from 1 to "
                f"{len(session.path.steps)} (0 for the extras)."
            )
    if as_json:
        typer.echo(list_json(session, sections, state))
        return
    list_text(session, sections, state)


def _mark(ctx: typer.Context, ids: list[str], state: str) -> None:
    session = _opts(ctx).session()
    session.resolve(ids)
    with session.editing():
        changed = [i for i in dict.fromkeys(ids) if session.progress.set_state(i, state)]
    for item_id in dict.fromkeys(ids):
        _, item = session.path.find(item_id)  # type: ignore[misc]
        verb = state if item_id in changed else f"already {state}"
        typer.echo(f"{verb}: {item_id}  {item.title}")
    from pathtui.timeleft import describe_pace

    est = session.estimate()
    left = (
        "the whole path is finished"
        if est.finished
        else f"{est.words()} left at {describe_pace(session.hours_per_week)}"
    )
    typer.echo(f"Now {est.items_complete}/{est.items_total} done ({round(est.percent)}%) · {left}")


IdsArg = Annotated[
    list[str], typer.Argument(metavar="ID...", help="Item ids (see `pathtui list`).")
]


@app.command()
def done(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items done."""
    _mark(ctx, ids, "done")


@app.command()
def learning(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items as being learned right now."""
    _mark(ctx, ids, "learning")


@app.command()
def skip(ctx: typer.Context, ids: IdsArg) -> None:
    """Mark items you already know as skipped (they count as complete)."""
    _mark(ctx, ids, "skipped")


@app.command()
def todo(ctx: typer.Context, ids: IdsArg) -> None:
    """Put items back to todo."""
    _mark(ctx, ids, "todo")


@app.command()
def note(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help='The note; "" clears it.')],
) -> None:
    """Keep a note on an item: where you left off, a link of your own."""
    session = _opts(ctx).session()
    session.resolve([item_id])
    with session.editing():
        session.progress.set_note(item_id, text)
    typer.echo(f"Note on {item_id}: {session.progress.note(item_id) or '(cleared)'}")


@config_app.callback(invoke_without_command=True)
def config_show(ctx: typer.Context) -> None:
    """Show your settings."""
    if ctx.invoked_subcommand is not None:
        return
    session = _opts(ctx).session()
    s = session.progress.settings
    typer.echo(f"hours-per-week  {s.hours_per_week:g}")
    typer.echo(f"start-date      {s.start_date.isoformat()}")
    from pathtui.cli_log import describe_settings

    for line in describe_settings(session):
        typer.echo(line)
    typer.echo(f"progress file   {session.store.file}")


@config_app.command("hours-per-week")
def config_hours(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="N", help="Hours you study per week.")],
) -> None:
    """Save how many hours a week you study (the estimate uses it)."""
    hours = _checked(parse_hours_per_week, text)
    session = _opts(ctx).session()
    with session.editing():
        session.progress.set_hours_per_week(hours)
    typer.echo(f"Hours per week set to {hours:g}.")


@config_app.command("start-date")
def config_start(
    ctx: typer.Context,
    date: Annotated[
        str,
        typer.Argument(
            metavar="DATE", help="When you started the path: YYYY-MM-DD, today or yesterday."
        ),
    ],
) -> None:
    """Save the date you started (the schedule counts from it)."""
    start = _checked(parse_start_date, date, dt.date.today())
    session = _opts(ctx).session()
    with session.editing():
        session.progress.update_settings(start_date=start)
    typer.echo(f"Start date set to {start.isoformat()}.")


#: Where `pathtui serve` listens unless told otherwise: this machine only.
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", min=0, max=65535, help="Port (0 picks a free one)."),
    ] = SERVE_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="H",
            help="Address to listen on. Anything but this machine prints a warning.",
        ),
    ] = SERVE_HOST,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the address in your browser.")
    ] = False,
    path: PathOption = None,
) -> None:
    """Open the tracker in a web browser: serves it on this machine, with a private link."""
    path_file = path or _opts(ctx).path_file
    Session.open(path_file)  # a bad path or progress file stops here, in one sentence
    from pathtui.serve import serve as run_server

    run_server(
        path_file,
        host=host,
        port=port,
        open_browser=open_browser,
        echo=typer.echo,
        warn=lambda line: typer.echo(f"pathtui: {line}", err=True),
    )


def run_cli(argv: list[str]) -> int:
    """Run the Typer app and turn its SystemExit into an exit code."""
    try:
        app(args=argv, prog_name="pathtui", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


from pathtui import cli_doctor, cli_log, cli_restore  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_cli(sys.argv[1:]))
