"""``pathtui doctor``: the Typer face of ``doctor.py``."""

from __future__ import annotations

import typer

from pathtui.cli.output import say
from pathtui.cli.typerapp import _opts, app
from pathtui.services.doctor import PROBLEM, diagnose

#: Width of the level column, so the messages line up.
LEVEL_WIDTH = 8


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the path file, your progress file, the lock and leftovers; changes nothing."""
    report = diagnose(_opts(ctx).path_file)
    for finding in report.findings:
        say(f"{finding.level:<{LEVEL_WIDTH}}{finding.text}", err=finding.level == PROBLEM)
    problems = len(report.problems)
    if problems:
        say(f"{problems} problem{'s' if problems > 1 else ''} found.", err=True)
        raise typer.Exit(1)
    say("All good: your progress is safe.")
