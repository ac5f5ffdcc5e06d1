"""The bytes a terminal sends, read as the keys the learner typed
(``tui/keyreader.py`` and the driver's input thread, ``terminal.read_terminal``).

The input thread runs here on a real pseudo-terminal: bytes typed while it is
cooked are queued by the kernel's own line discipline (Enter turned into a
newline), then it is switched to raw mode as Textual's driver does, and the
thread reads what is queued and what comes after. Textual's parser alone reads
those newlines as Ctrl+J, and Escape with a key after it as Alt+key (``ESC 2``
as ™).
"""

from __future__ import annotations

import os
import string
import termios
import threading
import time
import tty
from collections.abc import Iterator

import pytest
from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from pathtui.tui.keyreader import ESC, EscapeSplitter, Key, KeyReader, restore_enter
from pathtui.tui.terminal import queued_bytes, read_terminal, typed_while_cooked

#: How long a test waits for the kernel or the input thread.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.005
#: Textual's escape delay, for the reader's own checks.
DELAY = 0.1

#: Every printable character Textual's parser would take, after ESC, as
#: Alt+key or an Option character: all but the two that start a sequence.
AFTER_ESCAPE = [c for c in string.printable if c.isprintable() and c not in "[O"]


class Pty:
    """A pseudo-terminal: the test writes to ``master`` as the terminal
    does; the input thread reads ``slave``."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        attrs = termios.tcgetattr(self.slave)
        attrs[tty.IFLAG] |= termios.ICRNL
        attrs[tty.LFLAG] = (attrs[tty.LFLAG] | termios.ICANON) & ~termios.ECHO
        termios.tcsetattr(self.slave, termios.TCSANOW, attrs)  # cooked, as a shell leaves it
        self.got: list[Message] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def type_cooked(self, data: bytes) -> None:
        """Typed before raw mode: the kernel queues it (each line once whole)."""
        os.write(self.master, data)
        deadline = time.monotonic() + WAIT_SECONDS
        while queued_bytes(self.slave) < len(data):
            assert time.monotonic() < deadline, "the kernel never queued what was typed"
            time.sleep(POLL_SECONDS)

    def start(self) -> None:
        """Raw mode as Textual's driver sets it, then its input thread."""
        cooked = typed_while_cooked(self.slave)
        attrs = termios.tcgetattr(self.slave)
        attrs[tty.LFLAG] = LinuxDriver._patch_lflag(attrs[tty.LFLAG])
        attrs[tty.IFLAG] = LinuxDriver._patch_iflag(attrs[tty.IFLAG])
        attrs[tty.CC][termios.VMIN] = 1
        termios.tcsetattr(self.slave, termios.TCSANOW, attrs)
        self._thread = threading.Thread(
            target=read_terminal, args=(self.slave, self._stop, self.got.append, cooked)
        )
        self._thread.start()

    def type(self, data: bytes) -> None:
        os.write(self.master, data)

    def keys(self, count: int) -> list[str]:
        """The first ``count`` keys read (waiting for them), and no more."""
        deadline = time.monotonic() + WAIT_SECONDS
        while len(self.messages(events.Key)) < count and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
        time.sleep(2 * DELAY)  # anything more would have come by now
        return [key.key for key in self.messages(events.Key)]

    def messages(self, kind: type[Message]) -> list[Message]:
        return [m for m in list(self.got) if isinstance(m, kind)]

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(WAIT_SECONDS)
        os.close(self.master)
        os.close(self.slave)


@pytest.fixture
def pty() -> Iterator[Pty]:
    terminal = Pty()
    yield terminal
    terminal.close()


def test_enter_typed_while_the_terminal_was_cooked_is_enter(pty: Pty) -> None:
    """``g5⏎`` typed before the tracker set raw mode: the kernel queued
    ``g5\\n``; the Enter still reaches the app as Enter, not Ctrl+J."""
    pty.type_cooked(b"g5\rnfast note\r")
    pty.start()
    assert pty.keys(13) == ["g", "5", "enter", "n", *"fast", "space", *"note", "enter"]


def test_a_newline_typed_in_raw_mode_stays_ctrl_j(pty: Pty) -> None:
    """Only the bytes queued when raw mode began are mended."""
    pty.type_cooked(b"1\r")
    pty.start()
    pty.type(b"2\n\r")
    assert pty.keys(5) == ["1", "enter", "2", "ctrl+j", "enter"]


def test_escape_then_any_key_in_one_write_is_escape_then_that_key(pty: Pty) -> None:
    pty.start()
    one_write = "".join(ESC + c for c in AFTER_ESCAPE)
    pty.type(one_write.encode())
    typed = pty.keys(2 * len(AFTER_ESCAPE))
    assert typed[0::2] == ["escape"] * len(AFTER_ESCAPE)
    alone = KeyReader(0, DELAY)
    assert [k for k in typed[1::2]] == [key_of(alone, c) for c in AFTER_ESCAPE]


def key_of(reader: KeyReader, character: str) -> str:
    """The key Textual's parser makes of one character typed alone."""
    from textual._xterm_parser import XTermParser

    (piece,) = reader.read(character.encode(), 0.0)
    assert isinstance(piece, str)
    (key,) = [m for m in XTermParser().feed(piece) if isinstance(m, events.Key)]
    return key.key


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        (b"2nhello\x1b ", ["2", "n", *"hello", "escape", "space"]),  # the note stayed open
        (b"\x1b2", ["escape", "2"]),  # was ™ in the note
        (b"\x1b7", ["escape", "7"]),  # the jump was lost
        (b"\x1bb\x1bf", ["escape", "b", "escape", "f"]),  # were Ctrl+← and Ctrl+→
        (b"\x1b\r\x1b\t\x1b\x7f", ["escape", "enter", "escape", "tab", "escape", "backspace"]),
    ],
)
def test_bursts_with_escape_in_one_write(pty: Pty, data: bytes, keys: list[str]) -> None:
    pty.start()
    pty.type(data)
    assert pty.keys(len(keys)) == keys


def test_escape_typed_ahead_before_raw_mode_still_cancels(pty: Pty) -> None:
    pty.type_cooked(b"nhello\x1b \r")
    pty.start()
    assert pty.keys(9) == ["n", *"hello", "escape", "space", "enter"]


#: What a terminal sends that starts with ESC and is no Escape key: arrows
#: (CSI and SS3), modified keys, function keys, the Kitty protocol's Escape,
#: the mouse, a bracketed paste (with an ESC pasted inside), focus, the
#: answer to a mode query, an in-band resize.
SEQUENCES = (
    "\x1b[A\x1bOB\x1b[1;5D\x1b[15~\x1bOP\x1b[Z\x1b[27u\x1b[<0;5;3M\x1b[<0;5;3m"
    "\x1b[200~a \x1bb\x1b2\n\x1b[201~\x1b[I\x1b[O\x1b[?2026;2$y\x1b[48;24;80;480;800t"
)


def test_sequences_the_terminal_sends_are_read_as_textual_reads_them(pty: Pty) -> None:
    from textual._xterm_parser import XTermParser

    alone = [describe(m) for m in XTermParser().feed(SEQUENCES + "x")]
    assert len(alone) > 10 and "Key('x')" in alone
    pty.start()
    pty.type(SEQUENCES.encode() + b"x")
    pty.keys(sum(d.startswith("Key(") for d in alone))
    assert [describe(m) for m in pty.got] == alone


def describe(message: Message) -> str:
    if isinstance(message, events.Key):
        return f"Key({message.key!r})"
    if isinstance(message, events.Paste):
        return f"Paste({message.text!r})"
    return type(message).__name__


def test_a_sequence_split_across_reads_stays_whole(pty: Pty) -> None:
    """An ESC at the end of one read waits for the next (within the delay)."""
    pty.start()
    pty.type(b"a\x1b")
    time.sleep(DELAY / 4)
    pty.type(b"[A")
    assert pty.keys(2) == ["a", "up"]


def test_escape_alone_and_twice_are_escape(pty: Pty) -> None:
    pty.start()
    pty.type(b"\x1b")
    assert pty.keys(1) == ["escape"]
    pty.type(b"\x1b\x1b")
    assert pty.keys(3) == ["escape"] * 3


# -- the reader alone


def test_restore_enter_turns_newlines_back_into_enter() -> None:
    assert restore_enter(b"g5\nn a\n") == b"g5\rn a\r"


def test_the_cooked_bytes_are_only_the_first_ones_read() -> None:
    reader = KeyReader(3, DELAY)
    assert reader.read(b"1\n2", 0.0) == ["1\r2"]
    assert reader.read(b"\n", 0.0) == ["\n"]


def test_a_held_escape_is_due_after_the_delay() -> None:
    reader = KeyReader(0, DELAY)
    assert reader.read(b"a\x1b", 10.0) == ["a"]
    assert reader.wait(1.0, 10.0) == pytest.approx(DELAY)
    assert reader.due(10.0 + DELAY / 2) == []
    assert reader.due(10.0 + DELAY) == [Key.ESCAPE]
    assert reader.wait(1.0, 11.0) == 1.0


def test_a_character_split_across_reads_is_read_whole() -> None:
    reader = KeyReader(0, DELAY)
    ticks = "✓".encode()
    assert reader.read(b"\x1b" + ticks[:1], 0.0) == []
    assert reader.read(ticks[1:], 0.0) == [Key.ESCAPE, "✓"]


def test_an_escape_inside_a_sequence_starts_over() -> None:
    splitter = EscapeSplitter()
    assert splitter.split("\x1b[1\x1bq") == ["\x1b[1", Key.ESCAPE, "q"]


def test_an_unending_sequence_is_let_go() -> None:
    splitter = EscapeSplitter()
    long = "\x1b[" + "1" * 40
    assert splitter.split(long + "\x1bq") == [long, Key.ESCAPE, "q"]
