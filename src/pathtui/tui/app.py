"""The Textual app and the one factory that builds it.

``make_app`` is used by the CLI, the Pilot tests, the snapshot tests and the
screenshot script alike; the clock and the browser are passed in so tests
never depend on the real ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.worker import get_current_worker

from pathtui.errors import ProgressFileError
from pathtui.model.sanitise import sanitise
from pathtui.services.session import Session
from pathtui.storage.prefs import load_theme, save_theme
from pathtui.tui.groupround import GroupRound
from pathtui.tui.screens.main import ERROR_TIMEOUT, MainScreen
from pathtui.tui.typeahead import TypeAheadApp

#: Seconds between checks for changes another pathtui saved (e.g. `pathtui done`).
REFRESH_SECONDS = 2.0

OpenUrl = Callable[[str], Any]
#: Exit code after a closing signal, as shells report it (128 + the signal number).
SIGNAL_EXIT_BASE = 128
#: From a closing signal, the process ends within this long whatever the
#: teardown does (the promise is 2 s); once it has saved, at once if the
#: terminal is gone already (there is nothing to give back).
EXIT_DEADLINE_SECONDS = 1.5
NOT_SWITCHED = (
    "Not switched: your last change is waiting for another pathtui window to finish "
    "saving; try again in a moment."
)
#: While a change waits for another process's lock: how often to try again.
SAVE_RETRY_SECONDS = 0.5
#: Said while a change waits for another process's lock.
WAITING = (
    "Waiting for another pathtui window to finish saving; your change is kept here "
    "and saved as soon as it has."
)

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.driver import Driver
    from textual.notifications import SeverityLevel
    from textual.theme import Theme
    from textual.timer import Timer

    from pathtui.tui import stylecache
    from pathtui.tui.screens.welcome import PaceAnswer
    from pathtui.tui.tracker import Tracker


class PathtuiApp(TypeAheadApp):
    """Holds the session and the tracker; the screens do the drawing. Keys
    reach them one at a time, in order, however fast they come (``TypeAheadApp``)."""

    CSS_PATH = "pathtui.tcss"
    TITLE = "pathtui"
    COMMANDS = App.COMMANDS | {lambda: _tracker_commands()}

    def __init__(
        self,
        session: Session,
        *,
        today: dt.date | None = None,
        open_url: OpenUrl | None = None,
        css_cache: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        session.notice = self._notice
        self._tracker: Tracker | None = None
        #: Tests and scripts pass their own; otherwise Textual's App.open_url asks
        #: the driver (a terminal opens the system browser; under `pathtui serve`
        #: the learner's own browser opens a tab).
        self._browser = open_url
        self._today = today
        self._refresh_error: str | None = None
        self._blur_seen = False
        #: The exit code once a closing signal (or a lost terminal) closes the
        #: tracker; why its last save failed, or where what it could not save
        #: was kept (``Tracker.close``), said after the exit.
        self.closing_code: int | None = None
        self.closing_error: str | None = None
        #: Retries the save while a change waits for another process's lock.
        self._save_retry: Timer | None = None
        #: The tracker screen, always at the bottom of the stack.
        self.main = MainScreen()
        #: The study group's round, when one runs (`G`'s sync, auto-sync).
        self.group_round = GroupRound(self)
        saved = load_theme()
        if saved is not None and saved in self.available_themes:
            self.theme = saved
        #: The parsed CSS of the last start (``stylecache``), in a real start only.
        self._css_seeded: stylecache.Seeded | None = None
        if css_cache:
            from pathtui.tui import stylecache

            self._css_seeded = stylecache.seed(self.stylesheet)

    @property
    def tracker(self) -> Tracker:
        """The changes made in this window (undo, a save that retries), over the
        session. Built at its first use: nothing changes before the first frame,
        which need not wait for its module."""
        if self._tracker is None:
            from pathtui.tui.tracker import Tracker

            self._tracker = Tracker(self.session, on_wait=self.save_later)
        return self._tracker

    def save_later(self) -> None:
        """A change waits for another process's lock: say so once, and try
        again from a timer, so no key and no closing signal waits on it."""
        if self._save_retry is not None or self.closing_code is not None:
            return
        self.notify(WAITING, title="Saving", timeout=ERROR_TIMEOUT, markup=False)
        self._save_retry = self.set_interval(SAVE_RETRY_SECONDS, self._retry_save)

    def _retry_save(self) -> None:
        tracker = self.tracker
        error = tracker.save()
        if tracker.waiting:
            return  # still held: the next tick tries again
        if self._save_retry is not None:
            self._save_retry.stop()
            self._save_retry = None
        if error is not None:
            self.main.notify_error(error)
            return
        self.notify("Saved: the other pathtui window has finished.", markup=False)
        self.main.redraw()  # the save took in what the other window wrote

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

    def get_driver_class(self) -> type[Driver]:
        """In a terminal, Textual's Linux driver made safe for a terminal that
        goes away (``tui/terminal.py``); any other driver as Textual picks it."""
        import sys

        from textual import constants

        if constants.DRIVER is not None or sys.platform == "win32":
            return super().get_driver_class()
        from pathtui.tui.terminal import TrackerDriver

        return TrackerDriver

    def on_mount(self) -> None:
        self.call_after_refresh(_started)
        if self._css_seeded is not None:
            self.call_after_refresh(self._keep_css)
        # After the first frame: conflict copies a sync folder left, and auto-sync.
        self.call_after_refresh(self._after_open)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if not self.is_headless:  # tests run headless, inside pytest's own process
            self.handle_closing_signals()  # the terminal driver did already; others not
        self.set_interval(REFRESH_SECONDS, self.check_for_changes)
        store = self.session.store
        if store.read_only_reason:
            self.notify(store.read_only_reason, severity="warning", markup=False)
        self.session.tell()  # values the reader set aside, said once
        from pathtui.storage.atomic import read_only_mode

        if not store.read_only_reason and (mode := read_only_mode(store.file)) is not None:
            self.notify(
                f"Progress file {store.file} is read-only (mode {mode:04o}): changes are "
                f"kept here but not saved until you allow it again (chmod u+w {store.file}).",
                severity="warning",
                timeout=ERROR_TIMEOUT,
                markup=False,
            )
        if not store.exists:
            from pathtui.tui.screens.welcome import WelcomeScreen  # first run only

            settings = self.session.progress.settings
            self.push_screen(
                WelcomeScreen(self.session.path, settings.hours_per_week, self.today()),
                self._welcomed,
            )

    def _keep_css(self) -> None:
        """After the first frame: the parsed CSS, for the next start."""
        from pathtui.tui import stylecache

        if self._css_seeded is not None:
            stylecache.save(self.stylesheet, self._css_seeded)

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

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """The palette's Screenshot: saved in Downloads or, when that cannot be
        written (no such folder, say), in the next folder of
        ``screenshot_folders``, and the notification says where and why.
        In a browser, Textual's own delivery downloads it."""
        if path is not None or self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        name = filename or f"pathtui-{self.now():%Y%m%d-%H%M%S}.svg"
        svg = self.export_screenshot()
        failed: list[str] = []
        for folder in screenshot_folders():
            target = folder / name
            try:
                with open(target, "x", encoding="utf-8") as file:
                    file.write(svg)
            except OSError as exc:
                failed.append(f"{folder}: {exc.strerror or exc}")
                continue
            why = f" ({'; '.join(failed)})" if failed else ""
            self.notify(f"Saved to {target}{why}.", title="Screenshot", markup=False)
            return None
        self.notify(
            f"Could not save the screenshot: {'; '.join(failed)}.",
            title="Screenshot",
            severity="error",
            markup=False,
        )
        return None

    def _theme_changed(self, theme: Theme) -> None:
        """A theme picked in the palette is the one the next start opens with."""
        if not save_theme(theme.name):
            self.notify("The theme could not be saved for next time.", markup=False)

    def handle_closing_signals(self) -> None:
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
        """Save what is unsaved (the running timer, a note being typed) and exit,
        within ``EXIT_DEADLINE_SECONDS`` in a terminal. At any moment: while
        starting, while a screen opens, with the terminal already gone."""
        if self.closing_code is not None:
            return  # closing already, and the deadline is set
        code = self.closing_code = SIGNAL_EXIT_BASE + number
        real = not self.is_headless  # tests run headless, inside pytest's own process
        if real:
            from pathtui.tui import terminal

            # Set first: not even a save waiting on another window's lock keeps
            # the process past it (the file is whole either way: writes are atomic).
            terminal.exit_within(EXIT_DEADLINE_SECONDS, code)
        try:
            self.main.settle_timer()
            for screen in self.screen_stack:
                keep_draft = getattr(screen, "keep_draft", None)
                if keep_draft is not None:
                    keep_draft()
            self.closing_error = self.tracker.close()
        finally:
            self.exit(return_code=code)
            if real:
                terminal.end_if_gone(self._driver, code)

    def terminal_lost(self) -> None:
        """A write to the terminal failed: it hung up, with or without a SIGHUP
        reaching us (``nohup``, a parent that ignores it). Close as for SIGHUP."""
        import signal

        self.close_on_signal(signal.SIGHUP)

    def _handle_exception(self, error: Exception) -> None:
        """Once a closing signal has saved everything, an error in the teardown
        (Textual's tabs fail to mount on a screen closed while it opens) is
        not the learner's: no traceback on their terminal, no slow exit."""
        if self.closing_code is None:
            super()._handle_exception(error)

    def _welcomed(self, answer: PaceAnswer | None) -> None:
        if answer is not None:
            self.tracker.start(answer.hours_per_week, answer.start_date)
            self.main.save()
            self.main.redraw()

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification, made safe to draw: a message often quotes a file
        (a company, a note, a key), so it goes through the model's sanitiser."""
        super().notify(
            sanitise(message, lines=True),
            title=sanitise(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

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
        else:
            self.start_group_round()

    def _synced(self, line: str) -> None:
        """A sync round finished in its thread: show the line, take in what came,
        then publish to the study group what came in too."""
        self.call_from_thread(self._notice, line)
        self.call_from_thread(self.check_for_changes)
        self.call_from_thread(self.main.redraw_standing)
        self.call_from_thread(self.start_group_round)

    def start_group_round(self) -> None:
        """Auto-sync with the study group (``group sync``) in a process of its
        own, when auto-sync is on and the learner is in a group."""
        settings = self.session.progress.settings
        if settings.auto_sync and settings.group_remote:
            self.group_round.start(self.session, self._group_synced)

    def _group_synced(self, lines: list[str]) -> None:
        """The group round finished: its line, then any cheers it brought."""
        from pathtui.tui.groupround import shown

        for line in lines:
            self._notice(shown(line))
        self.main.look_for_cheers()

    def switch_path(self, file: str | None) -> None:
        """Open another path in this window (``p``) and make it the default.

        Anything unsaved is saved first; if that fails, nothing switches.
        """
        from pathtui.errors import PathtuiError
        from pathtui.services import paths

        if self.tracker.unsaved:
            error = self.tracker.save()
            if error is None and self.tracker.unsaved:
                error = NOT_SWITCHED
            if error is not None:
                self.notify(error, severity="error", timeout=ERROR_TIMEOUT, markup=False)
                return
        try:
            session = Session.open(file or paths.builtin_name(), tell=False)
            paths.use(session.path.id)
        except (PathtuiError, OSError) as exc:
            self.notify(str(exc), severity="error", timeout=ERROR_TIMEOUT, markup=False)
            return
        self.session = session
        session.notice = self._notice
        self._tracker = None  # a new one, over the new session, at its first use
        self.main.start_over()
        self.notify(f"Now on {session.path.title}", markup=False)
        session.tell()

    def on_app_focus(self, _: events.AppFocus) -> None:
        self.check_for_changes()

    def on_app_blur(self, event: events.AppBlur) -> None:
        """Under `pathtui serve`, Textual's web driver reports the app as in the
        background as it starts, whatever the page says, and a tracker in the
        background draws an empty key bar; the page gives the terminal the
        keyboard focus on load (``web/page.html``), so that first report is
        ignored. Later ones (another tab, another window) count."""
        if self.is_web and not self._blur_seen:
            event.prevent_default()
        self._blur_seen = True

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


def _tracker_commands() -> type[Provider]:
    """The palette's tracker commands, imported when the palette first opens."""
    from pathtui.tui.commands import TrackerCommands

    return TrackerCommands


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
    css_cache: bool = False,
) -> PathtuiApp:
    """Build the tracker for a loaded session (the CLI, tests and scripts all use this).

    ``css_cache``: start from the CSS the last start parsed, and keep this
    one's (``stylecache``); the CLI's starts do, tests ask for it.
    """
    return PathtuiApp(session, today=today, open_url=open_url, css_cache=css_cache)


def screenshot_folders() -> list[Path]:
    """Where a screenshot goes, in order: Downloads, the home folder, the
    folder for temporary files."""
    import tempfile

    from platformdirs import user_downloads_path

    return [user_downloads_path(), Path.home(), Path(tempfile.gettempdir())]
