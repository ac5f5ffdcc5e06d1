"""``pathtui group ...``: study groups over git.

The Typer face of ``services/groups.py``: parse, call, print one line. A
plain ``pathtui group`` (the table) is answered by ``grouptable.py``, on the
fast path or through the callback below.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli.grammar import typer_param
from pathtui.cli.output import HELP, say
from pathtui.cli.typerapp import _opts, app

group_app = typer.Typer(
    help="Study groups over git: progress and cheers. With no command: one line per "
    "member (step, percent, this week's hours, streak, last active, finish).",
    context_settings=HELP,
    rich_markup_mode=None,
)
app.add_typer(group_app, name="group")

#: What ``group cheer NAME`` sends without a message.
DEFAULT_CHEER = "Keep going!"

AsName = Annotated[
    str | None,
    typer.Option(
        "--as", metavar="YOUR_NAME", help="Your name in the group (default: your login name)."
    ),
]


@group_app.callback(invoke_without_command=True)
def group_table(
    ctx: typer.Context,
    as_json: Annotated[bool, typer_param(("group",), "as_json")] = False,
) -> None:
    """One line per member: step, percent, this week's hours, streak, last active."""
    if ctx.invoked_subcommand is not None:
        return
    from pathtui.cli.grouptable import show_group

    show_group(_opts(ctx).path_file, as_json=as_json)


@group_app.command("create")
def group_create(
    ctx: typer.Context,
    remote: Annotated[
        str,
        typer.Argument(
            metavar="REMOTE",
            help="An empty git remote (a new private repository, or a bare repository's path).",
        ),
    ],
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAME", help="The group's name.")
    ] = None,
    as_name: AsName = None,
) -> None:
    """Make REMOTE a study group and publish your summary."""
    from pathtui.services import groups

    done = groups.create(_opts(ctx).session(), remote, name, as_name)
    say(done.line("Created"))


@group_app.command("join")
def group_join(
    ctx: typer.Context,
    remote: Annotated[str, typer.Argument(metavar="REMOTE", help="The group's git remote.")],
    as_name: AsName = None,
    observer: Annotated[
        bool,
        typer.Option("--observer", help="Publish nothing of your own and see everyone (a mentor)."),
    ] = False,
) -> None:
    """Join an existing study group."""
    from pathtui.services import groups

    done = groups.join(_opts(ctx).session(), remote, as_name, observer)
    say(done.line("Joined"))


@group_app.command("sync")
def group_sync(
    ctx: typer.Context,
    leave_cheers_new: Annotated[
        bool, typer.Option("--leave-cheers-new", hidden=True, help="The tracker's rounds.")
    ] = False,
) -> None:
    """Publish your summary and fetch everyone else's. Never asks for anything."""
    from pathtui.services import groups

    report = groups.sync(_opts(ctx).session(), shown=not leave_cheers_new)
    for line in report.notes:
        say(f"pathtui: {line}", err=True)
    say(report.line)
    if not leave_cheers_new:
        for cheer in reversed(report.cheers):
            say(cheer.line())


@group_app.command("share")
def group_share(
    ctx: typer.Context,
    level: Annotated[
        str,
        typer.Argument(
            metavar="minimal|progress|items",
            help="minimal: name, path, step, percent, last active; progress adds hours, "
            "pace, streak, finish and 8 weeks of hours; items adds done and skipped item ids.",
        ),
    ],
) -> None:
    """Choose what you publish to the group."""
    from pathtui.services import groups

    say(groups.share(_opts(ctx).session(), level))


@group_app.command("cheer")
def group_cheer(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="Who to cheer (their name in the group).")
    ],
    message: Annotated[
        str,
        typer.Argument(metavar="MESSAGE", help="At most 200 characters.", show_default=False),
    ] = DEFAULT_CHEER,
) -> None:
    """Cheer a member on. They see it at their next sync or tracker start."""
    from pathtui.services import groups

    say(groups.cheer(_opts(ctx).session(), name, message))


@group_app.command("leave")
def group_leave(ctx: typer.Context) -> None:
    """Leave the group: your summary and the cheers to you are removed."""
    from pathtui.services import groups

    say(groups.leave(_opts(ctx).session()))
