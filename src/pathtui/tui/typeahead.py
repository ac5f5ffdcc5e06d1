"""How keys reach the screens: one at a time, in order, however fast they come;
and Ctrl+C, which backs out of whatever is on top.

A terminal hands over a burst (``g12⏎``, or ``n`` and a note) in one read.
Textual 8.2.8 routes each key in two halves: ``App.on_event`` forwards it to
the widget focused *when the app reads it*, and the key's binding runs only
when the key bubbles back up to ``App._on_key``, against the screen on top
*then*. The app reads the whole burst before the first key comes back, so
every key after ``g`` has already gone to the checklist: the go-to dialog
opens empty. A dialog opened through a message (``n`` asks the main screen
for the note editor) comes later still, so ``s`` in "fast note" bubbles back
while the main screen is on top and skips the item. ``push_screen`` itself
is asynchronous too: the new screen composes, mounts and takes focus several
messages after it is on the stack, and a key read in between has nowhere to
go. Tab in a form is the same story: the letters after it were routed to the
field Tab was about to leave.

``TypeAheadApp`` takes keys (and pastes) the way a slow typist gives them: it lets
one through, then holds the next until the work of that one has settled:
every message queue on the screens is empty, and the screen on top has
mounted and has a widget focused (if it has any to focus). A key that acts
on what is shown (Enter, Tab, an arrow) also waits for the short tasks that
the text before it started on the screen on top (the command palette's
search), so Enter picks from the results of everything typed. Keys that
come meanwhile wait in order. Nothing is dropped, nothing goes to a screen
behind, and a screen added later gets this without code of its own. Threads
(a sync, a project check) are not waited for: they are not typing. While
keys wait the screen is not drawn, so a burst costs one frame, not one a key.

How the terminal's bytes become keys in the first place (Enter typed while
the tracker starts, Escape typed just before another key) is
``tui/keyreader.py``'s part.

Two private Textual attributes tell what is at work:
``MessagePump._message_queue`` and ``Worker._thread_worker``;
tests/tui/test_private_api.py fails if a release changes either.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.worker import WorkerState

#: Quiet checks in a row, one event-loop turn apart, before the next key goes:
#: a task woken by the last message runs in the turn after it.
QUIET_TURNS = 3
#: Turns checked back to back (a key usually settles within a few dozen);
#: after these the checks are spaced out so a slow settle does not spin a core.
BUSY_TURNS = 200
#: Seconds between checks after ``BUSY_TURNS``.
CHECK_SECONDS = 0.002
#: A screen whose queues never go quiet (a widget that keeps posting to
#: itself) holds keys only until both of these have passed: turns with
#: something at work, and seconds. A key's work takes a few dozen turns
#: however loaded the machine (a turn waits for the CPU too), so the turns
#: keep a slow machine's keys held as long as their work goes on; the
#: seconds keep a fast machine from giving up within a blink. The screen on
#: top must still have mounted.
HOLD_LIMIT_TURNS = 1000
HOLD_LIMIT_SECONDS = 2.0
#: While keys wait behind one at work, nothing is drawn (a burst is drawn
#: once, as Textual draws it), for at most this long at a time (a screen
#: slow to settle still moves); then the screen is drawn, and given this
#: gap to do it before the next batch.
BURST_FRAME_SECONDS = 0.25
DRAW_GAP_SECONDS = 0.03
#: A worker of the screen on top in these states, on the event loop (not a
#: thread), is part of that screen getting ready (the palette's search): a
#: key that acts on what is shown waits for it, text typed does not.
WORKING = frozenset({WorkerState.PENDING, WorkerState.RUNNING})


class TypeAheadApp(App[None]):
    """An app whose keys land where the learner meant them (see the module)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "interrupt", "Copy, close or say how to quit", show=False, priority=True)
    ]

    def __init__(self) -> None:
        super().__init__()
        #: Keys and pastes not let through yet, oldest first.
        self._held: deque[events.Key | events.Paste] = deque()
        #: True from letting a key through until its work has settled.
        self._key_at_work = False
        #: The task watching the last key's work (kept, or asyncio may drop it).
        self._settler: asyncio.Task[None] | None = None
        #: Textual's ``batch_update`` while keys wait: a burst is drawn when it is
        #: done (or every ``BURST_FRAME_SECONDS``), not once for every key.
        self._batch: AbstractContextManager[None] | None = None
        #: When the batch began, and when the last one ended (monotonic seconds).
        self._batched_at = self._drawn_at = 0.0

    @property
    def keys_held(self) -> int:
        """Keys not let through yet, plus one while the last one's work (or the
        wait before the next) settles; 0 when all is done (tests look)."""
        return len(self._held) + self._key_at_work

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._held.append(event)
            if self._key_at_work:
                self._hold_frames()
            else:
                await self._next_key()
            return
        await super().on_event(event)

    async def _next_key(self, settled: bool = False) -> None:
        """Let the oldest key through, as Textual routes it, and watch its work.
        Unless ``settled`` says the waiting is over, a key waits first for the
        screen on top to mount and take its focus (keys typed while the
        tracker starts), and a key that acts (Enter, Tab, an arrow) for what
        the text before it started on that screen (the palette's search)."""
        self._key_at_work = False
        if not self._held or time.monotonic() - self._batched_at > BURST_FRAME_SECONDS:
            self._draw()  # the burst is done, or it has gone long enough undrawn
        if not self._held:
            return
        self._hold_frames()
        self._key_at_work = True
        if settled or self._ready_for(self._held[0]):
            await super().on_event(self._held.popleft())
        self._settler = asyncio.create_task(self._settle(), name="pathtui keys settle")

    def _hold_frames(self) -> None:
        """Keys are waiting: draw nothing until they are done (a burst costs
        one frame, as it does in Textual), once the last frame had its turn."""
        if self._batch is None and time.monotonic() - self._drawn_at > DRAW_GAP_SECONDS:
            self._batch = self.batch_update()
            self._batch.__enter__()
            self._batched_at = time.monotonic()

    def _draw(self) -> None:
        """End the batch, and have the screen on top drawn."""
        if self._batch is None:
            return
        batch, self._batch = self._batch, None
        batch.__exit__(None, None, None)
        self._drawn_at = time.monotonic()
        if self.screen_stack:
            self.screen.refresh()

    def _ready_for(self, event: events.Key | events.Paste) -> bool:
        """Whether a key may go at once, with no key at work before it: the
        screen on top is as ready as after a key's work (a screen that has
        just mounted may still be moving its focus: the welcome's hours field
        takes it from the first focusable widget)."""
        try:
            mounted, idle = self._top_ready()
            return mounted and idle and not (self._acts(event) and self._top_working())
        except Exception as error:
            self.log.error("keys typed ahead are no longer held:", error)
            return True

    async def _settle(self) -> None:
        """Check, turn by turn, until the last key's work is done; then the next.

        A fault in the checks must not leave every later key held: the keys
        then go on as Textual routes them, and the fault is logged."""
        try:
            settled = await self._settled()
        except Exception as error:
            self.log.error("keys typed ahead are no longer held:", error)
            settled = True
        if settled:
            self.call_later(self._next_key, True)

    async def _settled(self) -> bool:
        """True once the last key's work is done; False if the app is closing."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + HOLD_LIMIT_SECONDS
        quiet = turns = busy = 0
        while quiet < QUIET_TURNS:
            await asyncio.sleep(0 if turns < BUSY_TURNS else CHECK_SECONDS)
            turns += 1
            if not self.is_running:
                return False  # closing: no key goes anywhere any more
            if time.monotonic() - self._batched_at > BURST_FRAME_SECONDS:
                self._draw()  # a long wait is drawn as it goes, not only at its end
            mounted, idle = self._top_ready()
            if self._held and self._acts(self._held[0]):
                idle = idle and not self._top_working()
            busy += not idle
            if not mounted:
                quiet = 0
            elif idle or (busy > HOLD_LIMIT_TURNS and loop.time() > give_up):
                quiet += 1
            else:
                quiet = 0
        return True

    def _top_ready(self) -> tuple[bool, bool]:
        """(the screen on top has mounted, no message waits anywhere and the
        screen on top has its focus)."""
        if not self.screen_stack:
            return False, False
        top = self.screen
        if not top.is_mounted:
            return False, False
        if any(not node._message_queue.empty() for node in self._pumps()):
            return True, False
        if top.focused is None and top.focus_chain:
            return True, False  # its ``focus()`` is still on the way
        return True, True

    def _pumps(self) -> Iterator[DOMNode]:
        """The app, then every node on the screen stack, the focused widget's
        line first: a key's own messages wait there, so a busy turn is told
        after a few looks, and only a quiet one looks at every node."""
        yield self
        focused = self.screen.focused
        if focused is not None:
            yield from focused.ancestors_with_self
        for screen in reversed(self.screen_stack):
            nodes: list[DOMNode] = [screen]
            while nodes:
                node = nodes.pop()
                yield node
                nodes.extend(node.children)

    def _top_working(self) -> bool:
        """Whether the screen on top has a worker at work on the event loop."""
        if not self.screen_stack:
            return False
        top = self.screen
        return any(
            w.node is top and w.state in WORKING and not w._thread_worker for w in self.workers
        )

    @staticmethod
    def _acts(event: events.Key | events.Paste) -> bool:
        """A key that acts on what is shown (Enter, Tab, arrows), not text typed."""
        return isinstance(event, events.Key) and not event.is_printable

    # -- Ctrl+C

    async def action_interrupt(self) -> None:
        """Ctrl+C copies a selection, as it does in Textual. Without one, it backs
        out of the screen on top as its Esc does (a dialog is cancelled, nothing
        saved); on the tracker itself it says how to quit, as Textual does."""
        focused = self.focused
        if focused is not None and await self.run_action("copy", focused):
            return
        if await self.run_action("screen.copy_text"):
            return
        screen = self.screen
        if len(self.screen_stack) > 1:
            escape = screen.active_bindings.get("escape")
            if escape is not None and escape.enabled:
                await self.run_action(escape.binding.action, escape.node)
                return
        self.action_help_quit()
