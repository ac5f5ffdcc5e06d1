"""The tracker's terminal driver: Textual's Linux driver, safe when the terminal goes.

A terminal that closes (a tab closed, ``tmux kill-session``, an ssh link that
drops) hangs up: the kernel sends SIGHUP and SIGCONT, reads return nothing and
writes fail. Textual 8.2.8's ``LinuxDriver`` then strands the tracker for good
(only SIGKILL ends it):

- its SIGCONT handler restarts application mode whether or not the app was
  suspended, so the hang-up's SIGCONT starts a second input thread and a new
  writer thread on the dead terminal, from inside a signal handler;
- its writer thread dies at the first failed write, and its queue holds 30
  writes; the 31st blocks the event loop in ``Queue.put`` for ever, so the
  loop never runs the SIGHUP and SIGTERM handlers.

``TrackerDriver`` resumes only after its own suspend, writes through
``TerminalOutput`` (which never raises, so the writer thread drains its queue
to the end and reports the lost terminal), and has the app take closing
signals as soon as the terminal is in application mode. ``exit_within`` is
the last guarantee: once a closing signal arrives, the process ends by a
deadline whatever Textual's teardown does. docs/data-safety.md has the whole story.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, cast

from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from io import TextIOWrapper
    from typing import Any

    from textual.app import App
    from textual.driver import Driver


class TerminalOutput:
    """The terminal as the writer thread sees it: a write that fails (EIO once
    the terminal hung up) is dropped and reported once, never raised."""

    def __init__(self, stream: TextIO, lost: Callable[[], None]) -> None:
        self._stream = stream
        self._lost = lost
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._stream.write(text)
            except (OSError, ValueError):
                self._give_up()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._give_up()

    def fileno(self) -> int:
        return self._stream.fileno()

    def _give_up(self) -> None:
        self.gone = True
        self._lost()


class TrackerDriver(LinuxDriver):
    """Textual's Linux driver with the three fixes above; the app it drives has
    ``handle_closing_signals()`` and ``terminal_lost()`` (``PathtuiApp``)."""

    def __init__(
        self,
        app: App[Any],
        *,
        debug: bool = False,
        mouse: bool = True,
        size: tuple[int, int] | None = None,
    ) -> None:
        super().__init__(app, debug=debug, mouse=mouse, size=size)
        self._suspended = False
        stream = self._file
        if stream is not None:
            # Textual types this attribute after sys.__stderr__; its writer
            # thread uses only write, flush and fileno.
            self._file = cast("TextIOWrapper", TerminalOutput(stream, self._report_lost))

    def _report_lost(self) -> None:
        """In the writer thread: ask the app, in its own loop, to save and close."""
        lost: Callable[[], None] | None = getattr(self._app, "terminal_lost", None)
        if lost is None:
            return
        try:
            self._loop.call_soon_threadsafe(lost)
        except RuntimeError:  # the loop is closed: the app has ended already
            pass

    def start_application_mode(self) -> None:
        handle: Callable[[], None] | None = getattr(self._app, "handle_closing_signals", None)
        if handle is not None:  # before the first write: a SIGTERM now still saves and restores
            handle()
        super().start_application_mode()

    def terminal_gone(self) -> bool:
        """The terminal hung up: a write failed, or it is no terminal any more."""
        output = self._file
        return (isinstance(output, TerminalOutput) and output.gone) or not os.isatty(self.fileno)

    def _sigtstp_application(self, *args: object) -> None:
        self._suspended = self._auto_restart
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args: object) -> None:
        """Resume only what our own SIGTSTP suspended; a hang-up's SIGCONT is not a resume."""
        if self._suspended:
            self._suspended = False
            super()._sigcont_application(*args)


def exit_within(seconds: float, code: int) -> None:
    """End the process with ``code`` after ``seconds`` unless it has ended by
    then: nothing keeps a closing tracker alive, not a teardown that blocks nor
    a worker thread still running."""
    timer = threading.Timer(seconds, os._exit, (code,))
    timer.daemon = True
    timer.start()


def end_if_gone(driver: Driver | None, code: int) -> None:
    """Once everything is saved, end at once if the terminal is gone: there is
    nothing left to give back, and a teardown that writes to it can only fail."""
    if isinstance(driver, TrackerDriver) and driver.terminal_gone():
        os._exit(code)
