"""``pathtui sync``: one round, answered on the fast path.

A round with nothing to do costs a handful of git commands; importing Typer
would cost more than all of them (docs/performance.md has the figures), so
``grammar.parse`` dispatches a plain ``pathtui sync`` here. ``sync init``,
``--help`` and any mistake still go to the Typer command in ``cli/sync.py``,
which calls this same function for a plain round.
"""

from __future__ import annotations

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os


def say(line: str, notices: list[str]) -> None:
    """The notices on stderr, then the round's one line on stdout (sanitised)."""
    from pathtui.cli.output import say as print_line

    for notice in notices:
        print_line(f"pathtui: {notice}", err=True)
    print_line(line)


def sync_round(path_file: str | os.PathLike[str] | None = None, repair: bool = False) -> None:
    """One round: commit local changes, fetch, merge, push (``--path`` plays no part;
    ``--repair`` goes through the Typer command)."""
    from pathtui.sync.progress import sync

    outcome = sync(repair=repair)
    say(outcome.line(), outcome.notices)
