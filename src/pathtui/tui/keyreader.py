"""What the terminal sends, read as the learner typed it, before Textual's
parser turns it into keys (``tui/terminal.py`` reads the terminal through it).

Textual 8.2.8 reads two things typed ahead as keys nobody pressed:

- **Enter typed while the tracker starts.** Until the driver switches the
  terminal to raw mode it is cooked: the kernel turns Enter (``\\r``) into
  ``\\n`` as it queues it (ICRNL), and Textual reads ``\\n`` as Ctrl+J, which
  nothing binds. ``g5⏎`` typed at launch left the go-to dialog open, and a new
  learner's ``15⏎`` never left the welcome screen. The bytes already queued
  when raw mode begins get their Enter back.
- **Escape and the next key together.** Textual's parser reads ESC followed
  by a key within its escape delay (any burst, or one read) as Alt+key, or as
  a macOS Option character (``ESC 2`` is ™, ``ESC b`` is Ctrl+←): the Escape
  is lost and the key changed. The tracker binds no Alt key, so a lone ESC is
  handed over as the Escape key and the key after it as itself. An ESC that
  starts a sequence (``ESC [`` and ``ESC O``: arrows, function keys, the
  mouse, bracketed paste, focus, the terminal's answers) goes to the parser
  whole, and nothing inside a bracketed paste is touched. Escape typed just
  before ``[`` or ``O`` still reads as the start of a sequence: the two bytes
  are the same either way. A lone ESC at the end of a read waits up to the
  escape delay for what follows, as Textual's parser does.
"""

from __future__ import annotations

import enum
from codecs import getincrementaldecoder

ESC = "\x1b"
#: What follows ESC when the terminal sends a sequence: CSI and SS3.
SEQUENCE_STARTS = frozenset("[O")
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
#: A CSI sequence ends at its first byte in this range (ECMA-48).
CSI_FINAL_FIRST, CSI_FINAL_LAST = 0x40, 0x7E
#: A CSI longer than this is no sequence the parser knows (Textual gives up at
#: 32 characters too); the splitter stops following it.
LONGEST_SEQUENCE = 32


class Key(enum.Enum):
    """A key handed over as itself, not as text for the parser."""

    ESCAPE = "escape"


#: Text for Textual's parser, or a key to deliver as it is.
Piece = str | Key


class _State(enum.Enum):
    TEXT = enum.auto()
    HELD = enum.auto()  # an ESC read, what follows not yet
    CSI = enum.auto()
    SS3 = enum.auto()
    PASTE = enum.auto()


def restore_enter(data: bytes) -> bytes:
    """Bytes queued while the terminal was cooked, with Enter as it was typed."""
    return data.replace(b"\n", b"\r")


def csi_ends(character: str) -> bool:
    """Whether ``character`` is a CSI sequence's last (its final byte)."""
    return CSI_FINAL_FIRST <= ord(character) <= CSI_FINAL_LAST


class EscapeSplitter:
    """Splits a lone ESC from the key after it; sequences and pastes stay whole.

    ``split`` takes text as it is read and returns the pieces to deliver in
    order; a trailing lone ESC is held (``holding``) until the next text
    tells what it is, or ``release`` gives it up as the Escape key."""

    def __init__(self) -> None:
        self._state = _State.TEXT
        #: The sequence so far (a CSI, to tell a paste's start), or a paste's last characters.
        self._seen = ""

    @property
    def holding(self) -> bool:
        return self._state is _State.HELD

    def release(self) -> list[Piece]:
        """The held ESC, as the Escape key (nothing followed it in time)."""
        if self._state is not _State.HELD:
            return []
        self._state = _State.TEXT
        return [Key.ESCAPE]

    def split(self, text: str) -> list[Piece]:
        """The pieces of ``text`` to deliver, in order (a trailing ESC held)."""
        pieces: list[Piece] = []
        run: list[str] = []
        for character in text:
            if self._state is _State.HELD:
                if character in SEQUENCE_STARTS:
                    run.append(ESC + character)
                    self._state = _State.CSI if character == "[" else _State.SS3
                    self._seen = ESC + character
                    continue
                if run:
                    pieces.append("".join(run))
                    run = []
                pieces.append(Key.ESCAPE)
                self._state = _State.TEXT
            self._step(character, run)
        if run:
            pieces.append("".join(run))
        return pieces

    def _step(self, character: str, run: list[str]) -> None:
        """One character read in any state but HELD."""
        state = self._state
        if state is _State.PASTE:
            run.append(character)
            self._seen = (self._seen + character)[-len(PASTE_END) :]
            if self._seen == PASTE_END:
                self._state = _State.TEXT
            return
        if character == ESC:  # a new start, even inside a broken sequence
            self._state = _State.HELD
            return
        run.append(character)
        if state is _State.SS3:  # one character ends it
            self._state = _State.TEXT
        elif state is _State.CSI:
            self._seen += character
            if csi_ends(character):
                pasting = self._seen == PASTE_START
                self._state = _State.PASTE if pasting else _State.TEXT
                self._seen = ""
            elif len(self._seen) > LONGEST_SEQUENCE:
                self._state = _State.TEXT


class KeyReader:
    """Bytes read from the terminal, into pieces for Textual's parser.

    ``cooked`` is how many bytes were queued when raw mode began (they get
    their Enter back); ``escape_delay`` how long a lone ESC at the end of a
    read waits for what follows."""

    def __init__(self, cooked: int, escape_delay: float) -> None:
        self._cooked = cooked
        self._escape_delay = escape_delay
        self._decode = getincrementaldecoder("utf-8")(errors="replace").decode
        self._splitter = EscapeSplitter()
        #: When the held ESC was read (monotonic seconds).
        self._held_at = 0.0

    def read(self, data: bytes, now: float) -> list[Piece]:
        if self._cooked > 0:
            head, data = restore_enter(data[: self._cooked]), data[self._cooked :]
            self._cooked -= len(head)
            data = head + data
        text = self._decode(data)
        pieces = self._splitter.split(text)
        if text and self._splitter.holding:  # an ESC held afresh
            self._held_at = now
        return pieces

    def wait(self, longest: float, now: float) -> float:
        """How long the next wait for input may be, at most ``longest``: a
        held ESC is due at the end of its escape delay."""
        if not self._splitter.holding:
            return longest
        return max(0.0, min(longest, self._held_at + self._escape_delay - now))

    def due(self, now: float) -> list[Piece]:
        """The held ESC as the Escape key, once nothing followed it in time."""
        if self._splitter.holding and now >= self._held_at + self._escape_delay:
            return self._splitter.release()
        return []
