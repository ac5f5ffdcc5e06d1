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

Its input thread (``read_terminal``) is Textual's, reading the terminal
through ``keyreader.KeyReader``: Enter typed while the tracker starts, and
Escape typed just before another key, reach the app as those keys.
"""

from __future__ import annotations

import fcntl
import os
import selectors
import sys
import termios
import threading
import time
import tty
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO, cast

from textual import constants, events
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

from pathtui.tui.keyreader import ESC, Key, KeyReader, Piece

if TYPE_CHECKING:
    from io import TextIOWrapper
    from typing import Any

    from textual.app import App
    from textual.driver import Driver
    from textual.message import Message

#: How long the input thread waits for a byte before it looks whether it
#: should stop, and the most it reads at once (both as Textual's).
INPUT_POLL_SECONDS = 0.1
READ_BYTES = 4096
#: The size of the count ``FIONREAD`` answers (a C int).
INT_BYTES = 4


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
    """Textual's Linux driver with the fixes above; the app it drives has
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
        #: Bytes typed before raw mode began, whose Enter the kernel turned into \n.
        self._cooked = 0
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
        self._cooked = typed_while_cooked(self.fileno)
        super().start_application_mode()

    def run_input_thread(self) -> None:
        read_terminal(
            self.fileno, self.exit_event, self.process_message, self._cooked, debug=self._debug
        )

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


def queued_bytes(fileno: int) -> int:
    """How many bytes wait to be read from the terminal (0 if it cannot say)."""
    try:
        answer = fcntl.ioctl(fileno, termios.FIONREAD, bytes(INT_BYTES))
    except OSError:
        return 0
    return int.from_bytes(answer, sys.byteorder, signed=True)


def typed_while_cooked(fileno: int) -> int:
    """Just before raw mode: how many bytes typed so far had Enter turned
    into ``\\n`` (ICRNL). In canonical mode the count stops after the last
    whole line, and the rest of a line holds no newline."""
    try:
        translated = termios.tcgetattr(fileno)[tty.IFLAG] & termios.ICRNL
    except termios.error:
        return 0
    return queued_bytes(fileno) if translated else 0


def read_terminal(
    fileno: int,
    stop: threading.Event,
    deliver: Callable[[Message], None],
    cooked: int = 0,
    *,
    debug: bool = False,
) -> None:
    """Textual 8.2.8's input thread (``LinuxDriver.run_input_thread``): read
    the terminal and hand each key, mouse event and answer to ``deliver``
    until ``stop`` is set; through ``KeyReader``, which gives the first
    ``cooked`` bytes (``typed_while_cooked``) their Enter back, and hands a
    lone Escape over as itself."""
    reader = KeyReader(cooked, constants.ESCAPE_DELAY)
    parser = XTermParser(debug)

    def hand_over(pieces: list[Piece]) -> None:
        for piece in pieces:
            if isinstance(piece, Key):
                deliver(events.Key(piece.value, ESC))
            else:
                for message in parser.feed(piece):
                    deliver(message)

    selector = selectors.SelectSelector()
    selector.register(fileno, selectors.EVENT_READ)
    try:
        while not stop.is_set():
            if selector.select(reader.wait(INPUT_POLL_SECONDS, time.monotonic())):
                data = os.read(fileno, READ_BYTES)
                if data:  # nothing: the terminal hung up (Textual reads on, too)
                    hand_over(reader.read(data, time.monotonic()))
            hand_over(reader.due(time.monotonic()))
            for message in parser.tick():
                deliver(message)
        selector.unregister(fileno)
    finally:
        selector.close()
        try:
            for _ in parser.feed(""):
                pass
        except (EOFError, ParseError):
            pass


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
