"""The ``pathtui`` console script.

``status`` is answered here, before Typer is imported: Typer alone costs more
than the whole status line may (it runs in every shell prompt). The bare
command (``pathtui`` or ``pathtui --path FILE``) opens the tracker from here
too: Typer 0.29 imports pydantic to run a command, which would add about a
third to the tracker's start-up time and several MB to its memory. Every
other command, and any call with options these parsers do not know
(``--help`` included), goes to the Typer app in ``cli.py``.
"""

from __future__ import annotations

import sys

STATUS_FLAGS = {"--json"}
STATUS_OPTIONS = {"--format", "--hours-per-week"}


def _parse_fast(argv: list[str]) -> dict | None:
    """Options for a plain ``[--path FILE] status [...]`` call, else None."""
    args = list(argv)
    opts: dict = {"path_file": None, "as_json": False, "template": None, "hours_per_week": None}
    if args and (args[0] == "--path" or args[0].startswith("--path=")):
        if "=" in args[0]:
            opts["path_file"] = args.pop(0).split("=", 1)[1]
        elif len(args) >= 2:
            args.pop(0)
            opts["path_file"] = args.pop(0)
        else:
            return None
    if not args or args.pop(0) != "status":
        return None
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition("=")
        if arg in STATUS_FLAGS:
            opts["as_json"] = True
        elif name == "--path" and opts["path_file"] is None:
            if not eq:
                if not args or args[0].startswith("-"):
                    return None
                value = args.pop(0)
            if not value:
                return None
            opts["path_file"] = value
        elif name in STATUS_OPTIONS:
            if not eq:
                if not args:
                    return None
                value = args.pop(0)
            if name == "--format":
                opts["template"] = value
            else:
                try:
                    opts["hours_per_week"] = float(value)
                except ValueError:
                    return None
        else:
            return None
    return opts


def _parse_tracker(argv: list[str]) -> dict | None:
    """Options for a bare ``pathtui [--path FILE]`` (the tracker), else None."""
    if not argv:
        return {"path_file": None}
    if len(argv) == 2 and argv[0] == "--path" and argv[1] and not argv[1].startswith("-"):
        return {"path_file": argv[1]}
    if len(argv) == 1 and argv[0].startswith("--path=") and argv[0] != "--path=":
        return {"path_file": argv[0].split("=", 1)[1]}
    return None


def _fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"pathtui: {message}\n")
    return code


def _tolerant_output() -> None:
    """A terminal whose encoding cannot show '–' or '✎' (PYTHONIOENCODING=latin-1)
    gets '?' instead of a UnicodeEncodeError after the change was already saved."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "") == "strict":
            reconfigure(errors="replace")


def main(argv: list[str] | None = None) -> int:
    """Run pathtui; returns the exit code. Never lets a traceback reach the user."""
    argv = sys.argv[1:] if argv is None else argv
    _tolerant_output()
    from pathtui.errors import PathtuiError

    try:
        fast = _parse_fast(argv)
        if fast is not None:
            from pathtui.status import run_status, write_out

            write_out(run_status(**fast))
            return 0
        tracker = _parse_tracker(argv)
        if tracker is not None:
            # Start-up allocates mostly objects that live as long as the app
            # (modules, the path, the progress): collecting cycles among them is
            # wasted work, a sixth of a 5,000-item start. The app turns the
            # collector back on (and freezes what is loaded) after its first
            # frame; see PathtuiApp.on_mount.
            import gc

            gc.disable()
            # What cli.main does when no command is given, without Typer.
            from pathtui.session import Session
            from pathtui.tui import run_tracker

            return run_tracker(Session.open(tracker["path_file"]))
        from pathtui.cli import run_cli

        return run_cli(argv)
    except PathtuiError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing half-written was left behind.", 130)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
