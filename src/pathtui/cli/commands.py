"""Assemble the command line: import every command group, then run the app.

Each command module registers its commands on ``pathtui.cli.typerapp.app`` when
imported; this is the only module that imports them all, so no command module
imports another and none imports this one.
"""

from __future__ import annotations

import sys

# isort: off
# Imported for their registrations, in the order `pathtui --help` lists them.
from pathtui.cli import progress, review, remind, serve  # noqa: F401
from pathtui.cli import (  # noqa: F401
    projects,
    jobs,
    config,
    doctor,
    paths,
    restore,
    show,
    study,
    sync,
    groups,
)

# isort: on
from pathtui.cli.typerapp import app

__all__ = ["app", "run_cli"]


def run_cli(argv: list[str]) -> int:
    """Run the Typer app and turn its SystemExit into an exit code."""
    try:
        app(args=argv, prog_name="pathtui", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_cli(sys.argv[1:]))
