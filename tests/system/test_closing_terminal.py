"""A tracker whose terminal goes away at any moment ends, and loses nothing.

Each run starts the installed ``pathtui`` as the only process of a tmux pane
(as a terminal tab runs it: it is the session leader, so a hang-up sends it
SIGHUP and SIGCONT), then closes it one of four ways: ``tmux kill-session``
and ``tmux kill-server`` (the terminal goes away), SIGHUP and SIGTERM sent to
the process (the terminal stays). The moments are random: within the first
1.5 s (start-up: imports, the first frame), just after a key that changes
screens (history, jobs, settings, help, review), and with the note editor
open on a typed note. After each close, the process must be gone within 2 s; then the
progress file must read back whole, with what was saved before the close (a
tick) and what was unsaved at it (the typed note).

Before the fix, a hang-up restarted Textual's terminal mode on the dead
terminal and its writer thread died, so the event loop blocked for ever in a
full write queue: 4 start-ups in 10 stayed, deaf to SIGTERM and SIGHUP.

The runs go four at a time, each on its own tmux server. Set
``PATHTUI_CLOSE_SEED`` to replay the moments of a failed run (its seed is in
the failure message).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from pathtui.model.progress import Progress
from pathtui.storage.progressread import read_progress
from support import pathtui_exe
from tui_support import new_session

pytestmark = pytest.mark.slow

WIDTH, HEIGHT = 80, 24
#: tmux's ways of closing the terminal, and the signals sent straight to the process.
CLOSERS = ("kill-session", "kill-server", "HUP", "TERM")
STARTUP_RUNS = 20
STARTUP_SECONDS = 1.5
#: Keys that change screens: history, jobs, settings, help, review.
SCREEN_KEYS = ("h", "J", "c", "?", "v")
#: The close comes this long (at most) after the key: while the screen changes.
CHANGING_SECONDS = 0.2
#: The promise: gone within this long after its terminal closed or the signal.
GONE_SECONDS = 2.0
POLL_SECONDS = 0.02
#: Upper bound for the tracker to show something it is waiting for.
SHOW_SECONDS = 30.0
PARALLEL_RUNS = 4
#: The close of a tick waiting for the lock comes this long after it, as in the report.
CLOSE_AFTER_SECONDS = 1.0
#: After a resume, time for the new input thread to be reading the terminal.
RESUME_SECONDS = 0.3
ITEM = "basics-language"
NOTE_BEFORE = "chapter 3"
#: Typed into the note editor of the highlighted item (which has no note yet).
NOTE_TYPED = "typed, not yet saved"


@dataclass(frozen=True)
class Case:
    name: str
    closer: str
    #: Seconds from launch (start-up runs) or from the last key to the close.
    delay: float
    #: "startup", "screen KEY" or "note".
    kind: str


@dataclass
class Outcome:
    case: Case
    gone_after: float | None  # seconds; None if still there after GONE_SECONDS
    progress: Progress | str  # what the file holds, or why it could not be read
    ticked: bool = False


class Pane:
    """The tracker alone in a tmux pane of a private server."""

    def __init__(self, root: Path, template: Path | None) -> None:
        """``template``: the progress file to start from (None: the one ``root``
        holds already, for a tracker started again)."""
        self.root = root
        self.socket = f"pathtui-close-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        data = root / "data"
        if template is not None:
            data.mkdir(parents=True)
            shutil.copy(template, data / template.name)
        self.file = data / "backend.toml"
        env = {
            "PATHTUI_DATA_DIR": str(data),
            "PATHTUI_STATE_DIR": str(root / "state"),
            "HOME": str(root),
            "XDG_CACHE_HOME": str(root / "cache"),
            "XDG_STATE_HOME": str(root / "state"),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
        }
        line = " ".join(["exec", "env", "-i", *(f"{k}={v}" for k, v in env.items()), pathtui_exe()])
        self.tmux("new-session", "-d", "-s", "s", "-x", str(WIDTH), "-y", str(HEIGHT), line)
        self.launched = time.monotonic()
        self.pid = int(self.tmux("display-message", "-p", "-t", "s", "#{pane_pid}"))

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=SHOW_SECONDS,
        )
        return done.stdout

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + SHOW_SECONDS
        while text not in self.tmux("capture-pane", "-p", "-t", "s"):
            if time.monotonic() > deadline:
                raise AssertionError(f"the tracker never showed {text!r}")
            time.sleep(POLL_SECONDS)

    def alternate(self) -> str:
        """ "1" while the pane shows the alternate screen (the tracker's), else "0"."""
        return self.tmux("display-message", "-p", "-t", "s", "#{alternate_on}").strip()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "s", *keys)

    def close(self, closer: str) -> float:
        """Close the terminal, or signal the process; returns when it was done."""
        if closer in ("kill-session", "kill-server"):
            self.tmux(closer, *(["-t", "s"] if closer == "kill-session" else []))
        else:
            try:
                os.kill(self.pid, getattr(signal, f"SIG{closer}"))
            except ProcessLookupError:
                pass
        return time.monotonic()

    def alive(self) -> bool:
        """Still running (a zombie waiting for its parent has ended)."""
        try:
            with open(f"/proc/{self.pid}/stat", encoding="ascii") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except (FileNotFoundError, ProcessLookupError):
            return False

    def gone_within(self, closed: float) -> float | None:
        while time.monotonic() - closed < GONE_SECONDS:
            if not self.alive():
                return time.monotonic() - closed
            time.sleep(POLL_SECONDS)
        return None if self.alive() else GONE_SECONDS

    def clean_up(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=SHOW_SECONDS
        )
        if self.alive():  # a failed run must not leave the process behind
            os.kill(self.pid, signal.SIGKILL)


def run_case(case: Case, root: Path, template: Path) -> Outcome:
    pane = Pane(root, template)
    ticked = False
    try:
        if case.kind == "startup":
            time.sleep(max(0.0, pane.launched + case.delay - time.monotonic()))
        else:
            pane.wait_for("1/54 done")
            if case.kind == "note":
                pane.keys("n")
                pane.wait_for("Enter saves")
                pane.keys("-l", NOTE_TYPED)
                pane.wait_for(NOTE_TYPED)
            else:
                pane.keys("j", "j", "j", "Space")  # past the first language's options
                pane.wait_for("2/54 done")  # saved: a tick is saved as it is made
                ticked = True
                pane.keys(case.kind.split()[1])
            time.sleep(case.delay)
        gone_after = pane.gone_within(pane.close(case.closer))
    finally:
        pane.clean_up()
    try:
        progress: Progress | str = read_progress(pane.file, "backend") or "the file is gone"
    except Exception as exc:  # reported with the case, below
        progress = f"{type(exc).__name__}: {exc}"
    return Outcome(case, gone_after, progress, ticked)


def cases(rng: random.Random) -> list[Case]:
    found = [
        Case(
            f"start-up #{n}", CLOSERS[n % len(CLOSERS)], rng.uniform(0, STARTUP_SECONDS), "startup"
        )
        for n in range(STARTUP_RUNS)
    ]
    for key in SCREEN_KEYS:
        for closer in CLOSERS:
            delay = rng.uniform(0, CHANGING_SECONDS)
            found.append(Case(f"screen {key!r}", closer, delay, f"screen {key}"))
    for closer in CLOSERS:
        found.append(Case("note typed", closer, rng.uniform(0, CHANGING_SECONDS), "note"))
    return found


def problems(outcome: Outcome) -> list[str]:
    """What is wrong with one run (nothing, for a good one)."""
    case, found = outcome.case, []
    if outcome.gone_after is None:
        found.append(f"still running {GONE_SECONDS} s after the close")
    progress = outcome.progress
    if isinstance(progress, str):
        return [*found, f"the progress file does not read back: {progress}"]
    if progress.state(ITEM) != "done":
        found.append(f"{ITEM} is {progress.state(ITEM)}, not done")
    done = sum(1 for state in progress.states().values() if state == "done")
    if outcome.ticked and done != 2:
        found.append(f"{done} items done, not the 2 saved before the close")
    if progress.note(ITEM) != NOTE_BEFORE:
        found.append(f"the note on {ITEM} is {progress.note(ITEM)!r}, not {NOTE_BEFORE!r}")
    typed = [item for item in progress.items if progress.note(item) == NOTE_TYPED]
    if len(typed) != (case.kind == "note"):
        found.append(f"the typed note is on {len(typed)} items")
    return found


def run_all(
    all_cases: list[Case], root: Path, template: Path, run: Callable[..., Outcome] = run_case
) -> list[Outcome]:
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        futures = [
            pool.submit(run, case, root / f"run-{n}", template) for n, case in enumerate(all_cases)
        ]
        return [future.result() for future in futures]


def test_a_tracker_closed_at_any_moment_ends_within_2_s_and_loses_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    session = new_session()
    session.progress.set_state(ITEM, "done")
    session.progress.set_note(ITEM, NOTE_BEFORE)
    session.save()
    seed = int(os.environ.get("PATHTUI_CLOSE_SEED", time.time_ns() % 2**32))
    all_cases = cases(random.Random(seed))
    outcomes = run_all(all_cases, tmp_path / "runs", session.store.file)

    report = [
        f"{o.case.name}, {o.case.closer} after {o.case.delay:.2f} s: {'; '.join(problems(o))}"
        for o in outcomes
        if problems(o)
    ]
    assert not report, f"PATHTUI_CLOSE_SEED={seed}\n" + "\n".join(report)
    assert len(outcomes) == STARTUP_RUNS + len(SCREEN_KEYS) * len(CLOSERS) + len(CLOSERS)
    assert sum(o.ticked for o in outcomes) == len(SCREEN_KEYS) * len(CLOSERS)


def threads(pid: int) -> set[int]:
    """The ids of the process's threads (the main thread's is the pid)."""
    return {int(task) for task in os.listdir(f"/proc/{pid}/task")}


def wait_until(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + SHOW_SECONDS
    while not check():
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(POLL_SECONDS)


def test_sigcont_resumes_only_a_tracker_that_sigtstp_suspended(data_dir: Path) -> None:
    """A hang-up's SIGCONT (or ``kill -CONT``) starts no second input and
    writer thread; a suspend (SIGTSTP) and its resume (SIGCONT) still work."""
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    session = new_session()
    session.progress.set_state(ITEM, "done")
    session.save()
    pane = Pane(data_dir.parent / "pane", session.store.file)
    try:
        pane.wait_for("1/54 done")
        before = threads(pane.pid)
        os.kill(pane.pid, signal.SIGCONT)
        pane.keys("j", "j", "j", "Space")
        pane.wait_for("2/54 done")
        assert threads(pane.pid) == before, "SIGCONT alone started threads"

        # Suspended as Ctrl+Z would (tmux continues a stopped pane at once):
        # it comes back to its screen with new input and output threads (as
        # many as before), and takes keys again.
        os.kill(pane.pid, signal.SIGTSTP)
        wait_until(
            "back with renewed threads",
            lambda: (
                threads(pane.pid) & before == {pane.pid} and len(threads(pane.pid)) == len(before)
            ),
        )
        wait_until("back on its screen", lambda: pane.alternate() == "1")
        time.sleep(RESUME_SECONDS)  # the new input thread reading
        pane.keys("j", "Space")
        pane.wait_for("3/54 done")
        pane.keys("q")
        gone_after = pane.gone_within(time.monotonic())
        assert gone_after is not None, "q did not end it after a resume"
    finally:
        pane.clean_up()
    saved = read_progress(pane.file, "backend")
    assert saved is not None
    assert sum(1 for s in saved.states().values() if s == "done") == 3


def test_a_save_waiting_on_another_windows_lock_does_not_keep_it_past_2_s(
    data_dir: Path,
) -> None:
    """The deadline is set before the last save: a tracker closed while another
    pathtui holds the progress file's lock (a sync round, a long save) ends in
    time anyway, and the file is whole and untouched (the note it could not
    write goes to a copy beside it, as in the next test)."""
    from pathtui.storage.lock import FileLock
    from pathtui.storage.store import Store

    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    session = new_session()
    session.progress.set_state(ITEM, "done")
    session.progress.set_note(ITEM, NOTE_BEFORE)
    session.save()
    pane = Pane(data_dir.parent / "pane", session.store.file)
    try:
        pane.wait_for("1/54 done")
        pane.keys("n")
        pane.wait_for("Enter saves")
        pane.keys("-l", NOTE_TYPED)
        pane.wait_for(NOTE_TYPED)
        with FileLock(Store("backend", pane.file).lock_file, timeout=GONE_SECONDS):
            gone_after = pane.gone_within(pane.close("TERM"))
    finally:
        pane.clean_up()
    assert gone_after is not None, f"still running {GONE_SECONDS} s after SIGTERM"
    saved = read_progress(pane.file, "backend")
    assert saved is not None and saved.note(ITEM) == NOTE_BEFORE


@pytest.mark.parametrize("closer", ["TERM", "kill-session"])
def test_a_tick_waiting_on_another_windows_lock_is_shown_ends_in_2_s_and_is_kept(
    data_dir: Path, closer: str
) -> None:
    """A tick made while another pathtui holds the lock shows at once, with a
    notice that it waits, and does not hold up a close: the tracker is gone
    within 2 s, the file is left alone (nothing is written without the lock),
    and the tick, kept in a copy beside it, is in the file once the tracker
    starts again. Before, the key waited for the lock on the event loop, so the
    screen froze and the close waited for the lock (about 28 s)."""
    from pathtui.storage.lock import FileLock
    from pathtui.storage.store import Store

    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    session = new_session()
    session.progress.set_state(ITEM, "done")
    session.save()
    root = data_dir.parent / "pane"
    pane = Pane(root, session.store.file)
    try:
        pane.wait_for("1/54 done")
        before = pane.file.read_bytes()
        with FileLock(Store("backend", pane.file).lock_file, timeout=GONE_SECONDS):
            pane.keys("j", "j", "j", "Space")
            pane.wait_for("2/54 done")
            pane.wait_for("Waiting for another pathtui")
            time.sleep(CLOSE_AFTER_SECONDS)
            gone_after = pane.gone_within(pane.close(closer))
            assert pane.file.read_bytes() == before, "written without the lock"
    finally:
        pane.clean_up()
    assert gone_after is not None, f"still running {GONE_SECONDS} s after {closer}"
    assert list(pane.file.parent.glob("backend.pathtui-conflict-*.toml")), "no copy kept"

    again = Pane(root, None)
    try:
        again.wait_for("2/54 done")
        again.wait_for("Recovered 1 change")
        again.keys("q")
        assert again.gone_within(time.monotonic()) is not None
    finally:
        again.clean_up()
    saved = read_progress(pane.file, "backend")
    assert saved is not None
    assert sum(1 for state in saved.states().values() if state == "done") == 2
