"""``TypeAheadApp`` on an app of its own: a screen the tracker does not have yet
(a Group or Review screen to come) gets typed-ahead keys with no code of its
own, even when its dialog opens through a message, as the note editor does."""

from __future__ import annotations

import asyncio
import time
from typing import ClassVar

import pytest
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label

from pathtui.tui import typeahead as typeahead_module
from pathtui.tui.typeahead import TypeAheadApp
from tui_support import burst
from typeahead_support import ENTER, keys


class Opened(Message):
    """Asks for the dialog, as the checklist asks the main screen for the note editor."""


class Question(ModalScreen[str]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("A screen of the future")
            yield Input(id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Counting(Screen[None]):
    """Every letter it binds counts: a key that reaches it is a key lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "ask"),
        *(Binding(c, f"count('{c}')") for c in "helo"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counted: list[str] = []
        self.answers: list[str] = []

    def action_ask(self) -> None:
        self.post_message(Opened())

    def action_count(self, key: str) -> None:
        self.counted.append(key)

    def on_opened(self, _: Opened) -> None:
        self.app.push_screen(Question(), self.answers.append)


class Later(TypeAheadApp):
    def get_default_screen(self) -> Counting:
        return Counting()


async def test_a_new_screen_gets_typed_ahead_keys_with_no_code_of_its_own() -> None:
    app = Later()
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(pilot, keys("x", "hello", ENTER, "oh"))
        counting = app.screen_stack[0]
        assert isinstance(counting, Counting)
        assert counting.answers == ["hello"]
        assert counting.counted == ["o", "h"], "only the keys after the dialog closed"
        assert app.keys_held == 0


async def test_a_screen_that_never_goes_quiet_holds_keys_only_so_long(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Mounted but never idle (a widget busy for good): each key still goes,
    after ``HOLD_LIMIT_TURNS`` and ``HOLD_LIMIT_SECONDS``, and in order."""
    monkeypatch.setattr(typeahead_module, "HOLD_LIMIT_SECONDS", 0.05)
    monkeypatch.setattr(typeahead_module, "HOLD_LIMIT_TURNS", 20)
    monkeypatch.setattr(Later, "_top_ready", lambda self: (True, False))
    app = Later()
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(pilot, keys("helo"))
        counting = app.screen_stack[0]
        assert isinstance(counting, Counting)
        assert counting.counted == ["h", "e", "l", "o"]


async def test_a_fault_in_the_checks_lets_keys_go_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: Later) -> tuple[bool, bool]:
        raise RuntimeError("a bug in the checks")

    monkeypatch.setattr(Later, "_top_ready", broken)
    monkeypatch.setattr(Later, "_top_working", broken)
    app = Later()
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(pilot, keys("he", ENTER, "lo"))  # Enter asks whether a worker runs
        counting = app.screen_stack[0]
        assert isinstance(counting, Counting)
        assert counting.counted == ["h", "e", "l", "o"]
        assert app.keys_held == 0


class Slow(Message):
    """One step of a dialog that takes long to open (a loaded machine)."""

    def __init__(self, steps_left: int) -> None:
        super().__init__()
        self.steps_left = steps_left


class SlowCounting(Counting):
    def action_ask(self) -> None:
        self.post_message(Slow(SLOW_STEPS))

    async def on_slow(self, message: Slow) -> None:
        time.sleep(SLOW_STEP_SECONDS)  # the CPU is elsewhere
        if message.steps_left:
            self.post_message(Slow(message.steps_left - 1))
        else:
            self.post_message(Opened())
        await asyncio.sleep(0)  # as a message passed on to another widget lets others run


#: The slow dialog's steps: 4 x 0.1 s, twice the hold limit the test sets.
SLOW_STEPS = 3
SLOW_STEP_SECONDS = 0.1


class SlowLater(TypeAheadApp):
    def get_default_screen(self) -> SlowCounting:
        return SlowCounting()


async def test_a_slow_machine_holds_keys_as_long_as_their_work_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Seconds alone would let keys go to the screen behind a dialog that a
    loaded machine takes long to open; its work takes few turns, so they wait."""
    monkeypatch.setattr(typeahead_module, "HOLD_LIMIT_SECONDS", 0.2)
    app = SlowLater()
    async with app.run_test() as pilot:
        await pilot.pause()
        await burst(pilot, keys("x", "hello", ENTER))
        counting = app.screen_stack[0]
        assert isinstance(counting, SlowCounting)
        assert counting.answers == ["hello"]
        assert counting.counted == []


def count_frames(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every frame the app hands to the terminal: True if it was shown, False
    if a batch held it back (``App._display`` is where Textual decides)."""
    frames: list[bool] = []
    display = TypeAheadApp._display

    def counting(self: TypeAheadApp, screen: Screen[object], renderable: object) -> None:
        if renderable is not None:
            frames.append(not self._batch_count)
        display(self, screen, renderable)  # type: ignore[arg-type]

    monkeypatch.setattr(TypeAheadApp, "_display", counting)
    return frames


async def test_a_burst_is_drawn_once_it_is_done_not_once_for_every_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys held behind one at work are drawn together, as Textual draws a
    burst it routes itself; the screen shows the end of it, and draws again."""
    monkeypatch.setattr(typeahead_module, "BURST_FRAME_SECONDS", 60.0)
    app = Later()
    async with app.run_test() as pilot:
        await pilot.pause()
        frames = count_frames(monkeypatch)
        await burst(pilot, keys("x", "hello there", ENTER))
        counting = app.screen_stack[0]
        assert isinstance(counting, Counting)
        assert counting.answers == ["hello there"]
        assert app._batch_count == 0, "nothing is held back once the keys are done"
        assert frames.count(False) > 0, "the burst was batched"
        shown = frames.count(True)
        assert 1 <= shown < len("hello there"), frames


async def test_a_screen_slow_to_settle_is_still_drawn_while_keys_wait(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A key whose work goes on for long does not freeze the screen: the
    batch ends every ``BURST_FRAME_SECONDS`` while the next key waits."""
    monkeypatch.setattr(typeahead_module, "BURST_FRAME_SECONDS", 0.01)
    monkeypatch.setattr(typeahead_module, "HOLD_LIMIT_SECONDS", 0.4)
    monkeypatch.setattr(typeahead_module, "HOLD_LIMIT_TURNS", 20)
    monkeypatch.setattr(Later, "_top_ready", lambda self: (True, False))
    app = Later()
    async with app.run_test() as pilot:
        await pilot.pause()
        seen: list[tuple[float, int]] = []

        async def watch() -> None:
            while True:
                seen.append((time.monotonic(), app._batch_count))
                await asyncio.sleep(0.005)

        watcher = asyncio.create_task(watch())
        started = time.monotonic()
        await burst(pilot, keys("helo"))
        watcher.cancel()
        counting = app.screen_stack[0]
        assert isinstance(counting, Counting)
        assert counting.counted == ["h", "e", "l", "o"]
        assert time.monotonic() - started > 0.4 * 3, "each key waited the hold limit"
        assert any(count for _, count in seen), "keys waiting were batched"
        # The next key goes at the hold limit; the batch was drawn before it.
        assert longest_batch(seen) < 0.4, "and drawn before the next key went"


def longest_batch(seen: list[tuple[float, int]]) -> float:
    """The longest stretch of samples with a batch open, in seconds."""
    longest, began = 0.0, None
    for at, count in seen:
        if count and began is None:
            began = at
        elif not count and began is not None:
            longest, began = max(longest, at - began), None
    if began is not None:
        longest = max(longest, seen[-1][0] - began)
    return longest
