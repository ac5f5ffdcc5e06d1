"""The one Typer app and what every command shares: the global options and the y/N question.

This module imports no command module: each command group (``progress``,
``study``, ``projects``, ``jobs``, ``paths``, ...) imports ``app`` from here and
registers on it, and ``commands.py`` imports them all. With no command the
app opens the tracker (``tracker.py``), which imports Textual only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperArgument

from pathtui import __version__
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import say
from pathtui.cli.tracker import open_tracker
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
#: For a command whose value may start with a dash (``-3``): an unknown option
#: is taken as the value, which the command then refuses in one sentence.
VALUE_FIRST = {"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]}
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
        say(f"pathtui {__version__}")
        raise typer.Exit()


def _opts(ctx: typer.Context) -> Options:
    return ctx.obj if isinstance(ctx.obj, Options) else Options(None)


PathOption = Annotated[Path | None, typer_param((), "path_file")]


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
        open_tracker(path)
