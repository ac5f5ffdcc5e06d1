"""A closing signal (or a lost terminal) at any moment: everything saved at
once, no crash on the way out, and a writer that cannot block the app.

The real terminal's side (a hang-up while starting or changing screens, the
process gone within 2 s) is ``tests/system/test_closing_terminal.py``.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from pathlib import Path

import pytest
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from textual.pilot import Pilot
from textual.widgets import Input

from pathtui.tui import run_tracker
from pathtui.tui.app import SIGNAL_EXIT_BASE, PathtuiApp
from pathtui.tui.terminal import TerminalOutput
from pathtui.tui.timer import StudyTimer
from tui_support import app_for, new_session, on_disk

SIZE = (80, 24)
TERM_CODE = SIGNAL_EXIT_BASE + signal.SIGTERM
#: The first item on the checklist, highlighted when the tracker opens.
FIRST = "basics-language"


class HungUpTerminal:
    """A terminal after a hang-up: every write and flush fails with EIO."""

    def __init__(self) -> None:
        self.attempts = 0

    def write(self, text: str) -> int:
        self.attempts += 1
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        self.attempts += 1
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


def test_a_hung_up_terminal_is_reported_once_and_never_raises() -> None:
    lost: list[bool] = []
    terminal = HungUpTerminal()
    output = TerminalOutput(terminal, lambda: lost.append(True))
    assert output.write("frame 1") == len("frame 1")
    output.flush()
    assert output.write("frame 2") == len("frame 2")
    assert lost == [True]
    assert output.gone
    assert terminal.attempts == 1, "nothing more is sent to a terminal that is gone"


def test_textuals_writer_thread_drains_its_queue_after_a_hang_up() -> None:
    """Textual's writer thread dies at the first failed write and its queue
    holds 30 writes, so the 31st blocked the app for ever (the stranded
    trackers). Through TerminalOutput it keeps draining to the end."""
    lost: list[bool] = []
    writer = WriterThread(TerminalOutput(HungUpTerminal(), lambda: lost.append(True)))
    writer.start()

    def app_writes() -> None:
        for frame in range(10 * MAX_QUEUED_WRITES):
            writer.write(f"frame {frame}")
        writer.stop()  # queues None and joins: returns only once the queue drained

    app = threading.Thread(target=app_writes, daemon=True)
    app.start()
    app.join(timeout=30)
    assert not app.is_alive(), "the writes blocked"
    assert not writer.is_alive()
    assert lost == [True]


async def test_a_closing_signal_saves_before_the_teardown_begins(data_dir: Path) -> None:
    session = new_session()
    ticks = [1000.0]
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.main._timer = StudyTimer(lambda: ticks[0])
        await pilot.press("space", "T")
        ticks[0] += 3600 * 0.75
        await pilot.pause()
        app.close_on_signal(signal.SIGTERM)
        # Before a single widget is unmounted: a teardown that never finishes loses nothing.
        saved = on_disk(session)
        assert saved.state(FIRST) == "done"
        [entry] = saved.live_log()
        assert entry.hours == 0.75
        app.close_on_signal(signal.SIGHUP)  # a second signal changes nothing
    assert app.return_code == TERM_CODE
    assert len(on_disk(session).live_log()) == 1, "the timer was logged once"


async def test_the_note_being_typed_is_kept_when_the_tracker_closes(data_dir: Path) -> None:
    session = new_session()
    session.progress.set_note(FIRST, "chapter 3")
    session.save()
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "chapter 4, exercise 2"
        app.close_on_signal(signal.SIGHUP)
    assert app.return_code == SIGNAL_EXIT_BASE + signal.SIGHUP
    assert on_disk(session).note(FIRST) == "chapter 4, exercise 2"


async def test_a_note_editor_left_as_it_opened_changes_nothing(data_dir: Path) -> None:
    session = new_session()
    session.progress.set_note(FIRST, "chapter 3")
    session.save()
    before = session.store.file.read_bytes()
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        app.close_on_signal(signal.SIGTERM)
    assert session.store.file.read_bytes() == before


#: Seconds between opening a screen and the signal: while its widgets mount.
OPENING = [0, 0.001, 0.003, 0.005, 0.01]


@pytest.mark.parametrize("wait", OPENING)
@pytest.mark.parametrize("action", ["history", "jobs", "settings", "help"])
async def test_a_signal_while_a_screen_opens_ends_the_tracker_without_a_crash(
    data_dir: Path, action: str, wait: float
) -> None:
    """Closing the history screen while its tabs mount made Textual raise
    (``No Tab with id '--content-tab-burnup'``): a traceback on the learner's
    terminal and exit code 1, or a seconds-long exit rendering it."""
    app = app_for(new_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        getattr(app.main, f"action_{action}")()
        await asyncio.sleep(wait)
        app.close_on_signal(signal.SIGTERM)
    assert app.return_code == TERM_CODE  # run_test re-raises an app's crash


@pytest.mark.parametrize(("ending", "code"), [("signal", TERM_CODE), ("q", 0)])
def test_a_tracker_closed_by_a_signal_still_starts_the_closing_round(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, ending: str, code: int
) -> None:
    """The closing round is a background process, started without waiting on
    it, so a closed terminal still sends its changes. ``run_tracker`` runs the
    tracker headless here, ended by a signal or by q."""
    rounds: list[object] = []
    monkeypatch.setattr("pathtui.sync.auto.after_close", rounds.append)
    monkeypatch.setattr("pathtui.tui.check_terminal", lambda: None)

    def run_headless(app: PathtuiApp) -> None:
        async def end(pilot: Pilot[None]) -> None:
            await pilot.pause()
            if ending == "q":
                await app.main.run_action("quit")
            else:
                app.close_on_signal(signal.SIGTERM)

        asyncio.run(app.run_async(headless=True, size=SIZE, auto_pilot=end))

    monkeypatch.setattr(PathtuiApp, "run", run_headless)
    assert run_tracker(new_session()) == code
    assert len(rounds) == 1
