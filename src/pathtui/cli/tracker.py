"""Opening the full-screen tracker from the command line (``pathtui`` with no command).

Its own module so that both ways in reach it without reaching each other:
the fast path (``script.py``, through the grammar) and the Typer app's
callback (``typerapp.py``). Textual is imported only here, inside the
function, when the tracker is about to run.
"""

from __future__ import annotations

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def open_tracker(path_file: str | Path | None = None) -> None:
    """Open the full-screen tracker (``pathtui`` with no command)."""
    # Start-up allocates mostly objects that live as long as the app
    # (modules, the path, the progress): collecting cycles among them is
    # wasted work, a sixth of a 5,000-item start. The app turns the
    # collector back on (and freezes what is loaded) after its first
    # frame; see PathtuiApp.on_mount.
    import gc

    gc.disable()
    try:
        from pathtui.services.session import Session
        from pathtui.tui import run_tracker

        session = Session.open(path_file, tell=False)  # the tracker tells
        code = run_tracker(session)
    finally:
        gc.enable()  # the app has turned it on already, unless it never started
    if code:  # a crash or a closing signal: never a silent 0
        raise SystemExit(code)
    session.warm_status()  # the next prompt's status, for what the tracker saved
