"""The Textual app and the one factory that builds it.

``make_app`` is used by the CLI, the Pilot tests, the snapshot tests and the
screenshot script alike; the clock and the browser are passed in so tests
never depend on the real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App

from pathtui.errors import ProgressFileError
from pathtui.session import Session
from pathtui.tui.commands import TrackerCommands
from pathtui.tui.screens.main import ERROR_TIMEOUT, MainScreen
from pathtui.tui.tracker import Tracker

#: Seconds between checks for changes another pathtui saved (e.g. `pathtui done`).
REFRESH_SECONDS = 2.0

OpenUrl = Callable[[str], Any]

if TYPE_CHECKING:
    from pathtui.tui.screens.welcome import PaceAnswer


class PathtuiApp(App[None]):
    """Holds the session and the tracker; the screens do the drawing."""

    CSS_PATH = "pathtui.tcss"
    TITLE = "pathtui"
    COMMANDS = App.COMMANDS | {TrackerCommands}

    def __init__(
        self, session: Session, *, today: dt.date | None = None, open_url: OpenUrl | None = None
    ) -> None:
        super().__init__()
        self.session = session
        session.notice = self._notice
        self.tracker = Tracker(session)
        #: Tests and scripts pass their own; otherwise Textual's App.open_url asks
        #: the driver (a terminal opens the system browser; under `pathtui serve`
        #: the learner's own browser opens a tab).
        self._browser = open_url
        self._today = today
        self._refresh_error: str | None = None
        #: The tracker screen, always at the bottom of the stack.
        self.main = MainScreen()

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open a link in the browser the app was given (a fake one in tests),
        else through the driver, which knows whether a browser tab is ours."""
        if self._browser is not None:
            self._browser(url)
        else:
            super().open_url(url, new_tab=new_tab)

    def today(self) -> dt.date:
        """The date estimates count from: fixed in tests, the real one otherwise."""
        return self._today or dt.date.today()

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        self.call_after_refresh(_started)
        # After the first frame: conflict copies a sync folder left, and auto-sync.
        self.call_after_refresh(self._after_open)
        self.set_interval(REFRESH_SECONDS, self.check_for_changes)
        store = self.session.store
        if store.read_only_reason:
            self.notify(store.read_only_reason, severity="warning", markup=False)
        if not store.exists:
            from pathtui.tui.screens.welcome import WelcomeScreen  # first run only

            settings = self.session.progress.settings
            self.push_screen(
                WelcomeScreen(self.session.path, settings.hours_per_week, self.today()),
                self._welcomed,
            )

    def _welcomed(self, answer: PaceAnswer | None) -> None:
        if answer is not None:
            self.tracker.start(answer.hours_per_week, answer.start_date)
            self.main.save()
            self.main.redraw()

    def _notice(self, text: str) -> None:
        """Something found on the way (a recovered conflict copy, a sync's result)."""
        self.notify(text, timeout=ERROR_TIMEOUT, markup=False)

    def _after_open(self) -> None:
        self.check_for_changes()
        from pathtui import autosync

        if autosync.wanted(self.session):
            folder = autosync.folder_of(self.session)
            self.run_worker(
                lambda: self._synced(autosync.run_round(folder)),
                thread=True,
                group="sync",
                exit_on_error=False,
            )

    def _synced(self, line: str) -> None:
        """A sync round finished in its thread: show the line, take in what came."""
        self.call_from_thread(self._notice, line)
        self.call_from_thread(self.check_for_changes)

    def switch_path(self, file: str | None) -> None:
        """Open another path in this window (``p``) and make it the default.

        Anything unsaved is saved first; if that fails, nothing switches.
        """
        from pathtui import library
        from pathtui.errors import PathtuiError
        from pathtui.locations import embedded_path_name

        if self.tracker.unsaved:
            error = self.tracker.save()
            if error is not None:
                self.notify(error, severity="error", timeout=ERROR_TIMEOUT, markup=False)
                return
        try:
            session = Session.open(file or embedded_path_name())
            library.use(session.path.id)
        except (PathtuiError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=ERROR_TIMEOUT, markup=False)
            return
        self.session = session
        session.notice = self._notice
        self.tracker = Tracker(session)
        self.main.start_over()
        self.notify(f"Now on {session.path.title}", markup=False)

    def on_app_focus(self, _: events.AppFocus) -> None:
        self.check_for_changes()

    def check_for_changes(self) -> None:
        """Pick up changes saved outside this window; never write a broken file."""
        try:
            changed = self.tracker.refresh()
        except ProgressFileError as exc:
            if str(exc) != self._refresh_error:
                self._refresh_error = str(exc)
                self.notify(str(exc), severity="error", timeout=ERROR_TIMEOUT, markup=False)
            return
        self._refresh_error = None
        if changed:
            self.main.redraw()


def _started() -> None:
    """After the first frame: if the entry point paused the garbage collector for
    start-up, move everything loaded so far out of its way and turn it back on."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def make_app(
    session: Session,
    *,
    today: dt.date | None = None,
    open_url: OpenUrl | None = None,
) -> PathtuiApp:
    """Build the tracker for a loaded session (the CLI, tests and scripts all use this)."""
    return PathtuiApp(session, today=today, open_url=open_url)
