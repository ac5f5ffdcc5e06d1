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


def _leave(code: int) -> None:
    """End the process at once, a one-shot command's work all done.

    Python's own exit frees every object the command made, one at a time:
    after reading a large progress file that is milliseconds spent on memory
    the system takes back whole anyway. Output is flushed and exit handlers
    run first; every file pathtui writes is closed (and fsynced) by then. A
    command that left a thread running, or runs under a profiler or a
    tracer (which write their reports after it), exits the usual way instead.
    """
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return
    if sys.getprofile() is not None or sys.gettrace() is not None:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # (a closed pipe, say: the usual exit says what it says)
    import atexit

    atexit._run_exitfuncs()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run pathtui; returns the exit code. Never lets a traceback reach the user."""
    argv_given = argv
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    from pathtui.errors import PathtuiError, Stopped

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
            if argv_given is None and call.command.words:
                _leave(0)
            return 0
        from pathtui.cli.commands import run_cli

        return run_cli(argv)
    except Stopped as exc:  # the command said what it kept already
        return exc.exit_code
    except PathtuiError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing half-written was left behind.", 130)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
