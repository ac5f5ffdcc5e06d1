"""The full-screen tracker (Textual). Imported only when the tracker runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathtui.session import Session


def run_tracker(session: Session) -> None:
    """Build the app with the one factory and run it; auto-sync once it closes."""
    from pathtui.tui.app import make_app

    make_app(session).run()
    from pathtui.autosync import after_close

    line = after_close(session)
    if line is not None:
        print(line)
