"""``pathtui path ...``: check path files and keep a library of them.

``check`` validates and lints a file; ``add``, ``list``, ``use`` and ``remove``
manage the copies in the data folder (``services/paths.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pathtui.cli import reads
from pathtui.cli.confirm import confirm_or_exit
from pathtui.cli.output import say
from pathtui.cli.typerapp import _opts, app

path_app = typer.Typer(
    help="Check path files and keep a library of paths to switch between.",
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(path_app, name="path")

FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="A path file (TOML).")]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="A path id (see `pathtui path list`).")]


@path_app.command("check")
def check(file: FileArg) -> None:
    """Validate a path file and point out likely mistakes; changes nothing.

    Exits 0 when the file is fine, 1 when pathtui cannot use it, 2 when it
    loads but has warnings (a baseline that disagrees with the items, a step
    where nothing counts, a link given twice).
    """
    from pathtui.model.pathlint import summary
    from pathtui.services import paths

    path, findings = paths.check(file)
    say(f"{file}: {summary(path)}")
    for finding in findings:
        say(f"warning  {finding}", err=True)
    if findings:
        say(
            f"{len(findings)} warning{'s' if len(findings) > 1 else ''}; the path loads, "
            "but have a look.",
            err=True,
        )
        raise typer.Exit(2)
    say("OK: pathtui can use this path.")


@path_app.command("add")
def add(
    file: FileArg,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Update the library's copy of a path with this id."),
    ] = False,
) -> None:
    """Validate a path file and keep a copy of it in your library."""
    from pathtui.model.pathlint import summary
    from pathtui.services import paths

    path, copy, replaced = paths.add(file, replace=replace)
    say(f"{'Updated' if replaced else 'Added'} {summary(path)}")
    say(f"Copy kept at {copy}")
    say(f"Run `pathtui path use {path.id}` to make it your default path.")


@path_app.command("list")
def list_paths(ctx: typer.Context) -> None:
    """Every path you have (the built-in one and your library), with progress."""
    reads.path_list(_opts(ctx).path_file)


@path_app.command("use")
def use(path_id: IdArg) -> None:
    """Make a path the default for `pathtui` and `pathtui status`."""
    from pathtui.services import paths

    paths.use(path_id)
    say(f"{path_id} is now your default path.")


@path_app.command("remove")
def remove(
    path_id: IdArg,
    forget: Annotated[
        bool,
        typer.Option(
            "--forget-progress",
            help="Also clear its progress (asks first; the file is moved to backups/).",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Take a path out of your library; its progress stays unless you ask."""
    from pathtui.services import paths

    if forget and not yes:
        confirm_or_exit(f"Remove {path_id!r} and clear its progress? A backup is kept")
    was_default = paths.default_id() == path_id
    copy = paths.remove(path_id)
    say(f"Removed {path_id} from your library ({copy}).")
    if was_default:
        say(
            f"It was your default path: `pathtui` now opens {paths.default_id()} "
            "(`pathtui path use ID` picks another)."
        )
    if forget:
        backup = paths.forget_progress(path_id)
        if backup is not None:
            say(f"Its progress was moved to {backup}")
    else:
        say("Its progress is kept; `pathtui path add` the file again to pick it up.")
