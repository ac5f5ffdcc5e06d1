"""The one Typer app, its shared options and the core progress commands.

Everything here parses arguments, calls the core and prints. This module
imports no other command module: the command groups (``study``, ``career``,
``paths``, ...) import ``app`` from here and register on it, and
``pathtui.cli.main`` imports them all. The tracker is imported only when it is
about to run, so other commands stay quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument

from pathtui import __version__
from pathtui.cli import actions
from pathtui.cli.grammar import typer_param
from pathtui.services.session import Session


def _no_type_label(self: TyperArgument, ctx: object) -> None:
    """Arguments have their own metavars (ID..., FILE); Typer would add
    ``<list[str]>`` or ``<path>`` after them, which means nothing to a learner."""
    return None


setattr(TyperArgument, "display_type_rich", _no_type_label)  # noqa: B010 (not in Typer's types)

app = typer.Typer(
    name="pathtui",
    help="Track the self-taught path to a first backend job, in your terminal. "
    "Run it without a command to open the full-screen tracker.",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
)
#: The ``config`` group; every command in it is in ``pathtui.cli.config``.
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


PathOption = Annotated[Path | None, typer_param((), "path_file")]


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
        from pathtui.cli.entry import open_tracker

        open_tracker(path)


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
) -> None:
    """Start over: clear all ticks, notes and log, after writing a backup."""
    session = _opts(ctx).session()
    if not session.store.exists:
        typer.echo(f"Nothing to reset: there is no progress file at {session.store.file} yet.")
        return
    if not yes:
        from pathtui.services.backups import reset_question

        confirm_or_exit(reset_question(session))
    session.progress, backup = session.store.reset(session.progress)
    typer.echo(f"Backup written to {backup}")
    typer.echo("Progress cleared. Run `pathtui` to start again from step 1.")
    if backup is not None:
        from pathtui.services.backups import restore_command

        typer.echo(f"Changed your mind? {restore_command(backup, _opts(ctx).path_file)}")


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
    from pathtui.services.serve import serve as run_server

    run_server(
        path_file,
        host=host,
        port=port,
        open_browser=open_browser,
        echo=typer.echo,
        warn=lambda line: typer.echo(f"pathtui: {line}", err=True),
    )
