"""The full-screen tracker (Textual). Imported only when the tracker runs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathtui.services.session import Session


#: Set by textual-serve (``pathtui serve``) for the tracker it runs: the page
#: in the browser is the terminal then, and stdin/stdout are its pipes.
DRIVER_ENV = "TEXTUAL_DRIVER"


def check_terminal() -> None:
    """Refuse to start without a terminal on both ends: Textual would wait for
    keys that never come, at full CPU, for ever (``pathtui </dev/null >out``)."""
    import os

    if os.environ.get(DRIVER_ENV):  # another driver (the browser's) brings the keys
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from pathtui.errors import PathtuiError

        raise PathtuiError(
            "The tracker needs a terminal; in scripts use a command such as "
            "`pathtui status` or `pathtui list` (`pathtui --help` lists them)."
        )


def run_tracker(session: Session) -> int:
    """Build the app with the one factory, run it, and return its exit code
    (non-zero after a crash or a closing signal, never a silent 0)."""
    check_terminal()
    from pathtui.tui.app import make_app

    app = make_app(session, css_cache=True)
    app.run()
    from pathtui.sync.auto import after_close

    if app.closing_code is not None:
        # Closed by a signal or a lost terminal: saved already. The closing
        # round is a process of its own, started in milliseconds, so it does
        # not hold up the exit; its lines (and a failed save's) go where they
        # can still be read, if anywhere.
        if app.closing_error is not None:
            _say(f"pathtui: {app.closing_error}")
        line = after_close(session)
        if line is not None:
            _say(line)
        _group_round_on_close(app.session)
        return app.closing_code
    if app.closing_error is not None:  # quit while another window held the lock
        _say(f"pathtui: {app.closing_error}")
    line = after_close(session)
    if line is not None:
        print(line)
    _group_round_on_close(app.session)
    return app.return_code or 0


def _group_round_on_close(session: Session) -> None:
    """Auto-sync's closing round with the study group, in a process of its
    own, so it never holds the exit (nor a closing signal's deadline)."""
    settings = session.progress.settings
    if settings.auto_sync and settings.group_remote:
        from pathtui.services.groups import start_round

        start_round(session)


def _say(line: str) -> None:
    """A line on stderr, if the terminal is still there to show it."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
