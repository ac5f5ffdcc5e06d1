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
from textual.worker import get_current_worker

from pathtui.errors import ProgressFileError
from pathtui.services.session import Session
from pathtui.storage.prefs import load_theme, save_theme
from pathtui.tui.commands import TrackerCommands
from pathtui.tui.screens.main import ERROR_TIMEOUT, MainScreen
from pathtui.tui.tracker import Tracker

#: Seconds between checks for changes another pathtui saved (e.g. `pathtui done`).
REFRESH_SECONDS = 2.0

OpenUrl = Callable[[str], Any]
#: Exit code after a closing signal, as shells report it (128 + the signal number).
SIGNAL_EXIT_BASE = 128

if TYPE_CHECKING:
    from textual.theme import Theme

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
        saved = load_theme()
        if saved is not None and saved in self.available_themes:
            self.theme = saved

    def today(self) -> dt.date:
        """The date estimates count from: fixed in tests, the real one otherwise."""
        return self._today or dt.date.today()

    def now(self) -> dt.datetime:
        """When a review rating is given: noon of a fixed day in tests, the clock otherwise."""
        if self._today is None:
            return dt.datetime.now(dt.UTC).astimezone()
        return dt.datetime.combine(self._today, dt.time(12)).astimezone()

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        self.call_after_refresh(_started)
        # After the first frame: conflict copies a sync folder left, and auto-sync.
        self.call_after_refresh(self._after_open)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if not self.is_headless:  # tests run headless, inside pytest's own process
            self._handle_closing_signals()
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

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Textual's way to open a link (the command palette, markup links)."""
        self.open_link(url, new_tab=new_tab)

    def open_link(self, url: str, *, new_tab: bool = True) -> bool | None:
        """Open a link. In a terminal, the system browser in a child process whose
        output is hidden, saying whether one started (``open_in_browser``); under
        `pathtui serve`, a tab in the learner's own browser through Textual's
        driver, where whether it opened is not known (None)."""
        if self._browser is not None:  # the browser the app was given (a fake one in tests)
            return self._browser(url)
        if self.is_web:
            super().open_url(url, new_tab=new_tab)
            return None
        return open_in_browser(url)

    def _theme_changed(self, theme: Theme) -> None:
        """A theme picked in the palette is the one the next start opens with."""
        if not save_theme(theme.name):
            self.notify("The theme could not be saved for next time.", markup=False)

    def _handle_closing_signals(self) -> None:
        """A closed terminal (SIGHUP) or a polite kill (SIGTERM) ends the tracker
        like `q`: unsaved changes and a running study timer are saved, and the
        terminal is given back as it was."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            try:
                loop.add_signal_handler(number, self.close_on_signal, number)
            except (NotImplementedError, RuntimeError, ValueError):  # no such signal here
                pass

    def close_on_signal(self, number: int) -> None:
        """Save what is unsaved (the timer logs itself as it is removed) and exit."""
        self.tracker.save()
        self.exit(return_code=SIGNAL_EXIT_BASE + number)

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
        from pathtui.sync import auto as autosync

        if autosync.wanted(self.session):
            folder = autosync.folder_of(self.session)

            def round_on_open() -> None:
                # Textual sets the worker's event as the app closes: the round
                # then stops waiting on the remote at once, and so does the exit.
                stop = get_current_worker().cancelled_event
                line = autosync.run_round(folder, stop)
                if not stop.is_set():
                    self._synced(line)

            self.run_worker(round_on_open, thread=True, group="sync", exit_on_error=False)

    def _synced(self, line: str) -> None:
        """A sync round finished in its thread: show the line, take in what came."""
        self.call_from_thread(self._notice, line)
        self.call_from_thread(self.check_for_changes)
        self.call_from_thread(self.main.redraw_standing)

    def switch_path(self, file: str | None) -> None:
        """Open another path in this window (``p``) and make it the default.

        Anything unsaved is saved first; if that fails, nothing switches.
        """
        from pathtui.errors import PathtuiError
        from pathtui.services import paths

        if self.tracker.unsaved:
            error = self.tracker.save()
            if error is not None:
                self.notify(error, severity="error", timeout=ERROR_TIMEOUT, markup=False)
                return
        try:
            session = Session.open(file or paths.builtin_name())
            paths.use(session.path.id)
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


#: How long to wait for the browser launcher to say whether a browser started.
BROWSER_WAIT_SECONDS = 5.0
_LAUNCHER = "import sys, webbrowser; sys.exit(0 if webbrowser.open(sys.argv[1]) else 3)"


def open_in_browser(url: str) -> bool | None:
    """``webbrowser.open`` in a child process whose output goes nowhere, so what
    a browser command prints never lands on top of the tracker. True if a browser
    started, False if none could, None if the launcher is still busy."""
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", _LAUNCHER, url],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        return child.wait(BROWSER_WAIT_SECONDS) == 0
    except subprocess.TimeoutExpired:
        return None  # still starting (or a text browser waiting): not an error


def make_app(
    session: Session,
    *,
    today: dt.date | None = None,
    open_url: OpenUrl | None = None,
) -> PathtuiApp:
    """Build the tracker for a loaded session (the CLI, tests and scripts all use this)."""
    return PathtuiApp(session, today=today, open_url=open_url)
