"""The ``pathtui`` console script.

A plain call of an everyday command (the tracker, ``status``, ``done``,
``note``, ``log``, ``config``, ``list``…) is answered here, before Typer is
imported: ``grammar.parse`` reads the one declaration of those commands'
arguments, which the Typer app in ``cli/progress.py`` is built from as well. Typer's
import alone costs more than a status line may take (it runs in every shell
prompt) and several times what ``done`` needs; docs/performance.md has the
figures. Every other call (``--help``, a mistake, any other command) goes to
the Typer app (``commands.py``), which answers it in full.
"""

from __future__ import annotations

import os
import sys

COMPLETION_REQUEST = "_PATHTUI_COMPLETE"
"""Set by the shell's completion script, which runs ``pathtui`` with no arguments."""


def _tolerant_output() -> None:
    """A terminal whose encoding cannot show '–' or '✎' (PYTHONIOENCODING=latin-1)
    gets '?' instead of a UnicodeEncodeError after the change was already saved."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="replace")


def _fail(message: str, code: int = 1) -> int:
    """The one-sentence error; it may quote a file's text, so it is sanitised."""
    from pathtui.model.sanitise import sanitise

    sys.stderr.write(f"pathtui: {sanitise(message, lines=True)}\n")
    return code


def main(argv: list[str] | None = None) -> int:
    """Run pathtui; returns the exit code. Never lets a traceback reach the user."""
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    from pathtui.errors import PathtuiError

    try:
        if os.environ.get(COMPLETION_REQUEST):
            # A Tab in the shell: no arguments here does not mean "open the tracker".
            from pathtui.cli.commands import run_cli

            return run_cli(argv)
        from pathtui.cli.grammar import parse

        call = parse(argv)
        if call is not None:
            if call.command.words:  # a one-shot command (the tracker sees to its own)
                import gc

                # Nearly all it allocates lives until it exits: collecting
                # would only walk the records read, over and over.
                gc.disable()
            call.run()
            return 0
        from pathtui.cli.commands import run_cli

        return run_cli(argv)
    except PathtuiError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing half-written was left behind.", 130)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
