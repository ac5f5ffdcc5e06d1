"""Keys typed ahead, in a real terminal: tmux at 80x24 runs the installed
`pathtui`, and each burst of ``typeahead_support`` goes in as one write to the
terminal, or key by key 0–5 ms apart. After each burst the progress file must
hold exactly what the bursts so far recorded (a model the test keeps), and the
screen must show the result with no dialog left open; after the last, the
tracker quits and the file is checked once more. Escape and the key after it
come together (a terminal's parser reads the pair as Alt+key unless told
apart), and a burst also comes before the tracker has set up the terminal
(Enter then arrives as a newline).

tmux must be installed (CI installs it); these tests are never skipped.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from bigpath import write_big_path
from pathtui.model.durations import MINUTES_PER_HOUR
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from terminal_support import DEADLINE_SECONDS, POLL_SECONDS, Terminal
from typeahead_support import (
    BIG,
    BIG_STEPS,
    BUILTIN_FIRST,
    ENTER,
    LOG_MINUTES,
    Burst,
    Content,
    add_log,
    big_path_bursts,
    builtin_bursts,
    content,
    core_bursts,
    keys,
    on_step,
    review_burst,
    reviewing,
    set_item,
)

#: How long one burst may take to show its result (it takes well under a
#: second; this leaves room for a loaded machine).
RESULT_SECONDS = 10.0
#: The loop stops after this many failed runs (each failed burst costs
#: ``RESULT_SECONDS``), and says how many landed of those tried.
MAX_FAILED_RUNS = 3
#: The 20 runs of the issue, each with its own key timing.
RUNS = 20
#: Seed of the first run's timing; run n uses SEED + n, so a failure can be replayed.
SEED = 22


class Learner:
    """A learner past the welcome, on a path, in the test's data folder; with
    ``cards_due``, one who finished three items ten days ago (built-in path)."""

    def __init__(self, data_dir: Path, path_file: Path | None, *, cards_due: bool = False) -> None:
        session = Session.open(path_file)
        if cards_due:
            reviewing(session.progress, dt.date.today())
        session.save()
        self.file = session.store.file
        self.path_id = session.path.id
        self.args = ["--path", str(path_file)] if path_file else []
        self.data_dir = data_dir

    def content(self) -> Content:
        progress = read_progress(self.file, self.path_id)
        assert progress is not None, "the progress file is gone"
        return content(progress)


def open_tracker(term: Terminal) -> None:
    term.wait_for("the tracker", lambda s: "Steps" in s and "Next up" in s)


def play(term: Terminal, learner: Learner, plan: Sequence[Burst], model: Content,
         gaps: random.Random | None) -> list[str]:  # fmt: skip
    """Type each burst and check what it left; the failures, in words."""
    failures: list[str] = []
    for burst in plan:
        term.type(burst.tokens, gaps)
        burst.change(model)
        found = wait_for_result(term, learner, burst, model)
        if found is not None:
            failures.append(f"{burst.name}: {found}")
            model.clear()
            model.update(learner.content())  # go on from what is there
    return failures


def wait_for_result(term: Terminal, learner: Learner, burst: Burst, model: Content) -> str | None:
    """None once the file matches the model and the screen the burst; else what differs.
    The file is read only once the screen is right (reading it costs CPU the
    tracker needs)."""
    deadline = time.monotonic() + RESULT_SECONDS
    now: Content | None = None
    while True:
        screen = term.screen()
        open_dialogs = [mark for mark in burst.hides if mark in screen]
        shown = re.search(burst.shows, screen) is not None
        if shown and not open_dialogs:
            now = learner.content()
            if now == model:
                return None
        if time.monotonic() > deadline:
            now = learner.content()
            return (
                f"\nexpected {model}\nfound    {now}\n"
                f"shows {burst.shows!r}: {shown}; dialogs open: {open_dialogs}\n{screen}"
            )
        time.sleep(POLL_SECONDS)


def quit_and_check(term: Terminal, learner: Learner, model: Content) -> None:
    term.type(["q"])
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not term.pane_dead():
        assert time.monotonic() < deadline, "pathtui did not quit on q"
        time.sleep(POLL_SECONDS)
    assert learner.content() == model, "something changed after the last burst"


@pytest.mark.slow
@pytest.mark.parametrize("path", ["big", "builtin"])
def test_bursts_in_one_write_land_where_they_were_meant(
    data_dir: Path, tmp_path: Path, path: str
) -> None:
    today = dt.date.today()
    if path == "big":
        learner = Learner(data_dir, write_big_path(tmp_path / "big.toml", **BIG))
        plan = big_path_bursts(0, today)
    else:  # the Review screen too, on a learner with cards due
        learner = Learner(data_dir, None, cards_due=True)
        plan = [*builtin_bursts(0, today), review_burst(BUILTIN_FIRST)]
    model = learner.content()
    with Terminal(data_dir, learner.args) as term:
        open_tracker(term)
        failures = play(term, learner, plan, model, gaps=None)
        assert not failures, "\n".join(failures)
        quit_and_check(term, learner, model)


@pytest.mark.slow
def test_twenty_runs_with_random_key_timing_all_land(
    data_dir: Path, tmp_path: Path, record_property: pytest.RecordProperty
) -> None:
    """The issue's bursts (a jump past step 9, a note, logged time), Tab across
    an application's fields and Escape typed ahead, 20 times over in one
    tracker, 0–5 ms between keys: 20 runs of 20 must land."""
    learner = Learner(data_dir, write_big_path(tmp_path / "big.toml", **BIG))
    model = learner.content()
    failed: dict[int, list[str]] = {}
    started = time.monotonic()
    with Terminal(data_dir, learner.args) as term:
        open_tracker(term)
        tried = 0
        while tried < RUNS and len(failed) < MAX_FAILED_RUNS:
            plan = core_bursts(BIG_STEPS, "s1-item-1", tried, dt.date.today())
            failures = play(term, learner, plan, model, gaps=random.Random(SEED + tried))
            if failures:
                failed[tried] = failures
            tried += 1
        if not failed:
            quit_and_check(term, learner, model)
    landed = tried - len(failed)
    summary = f"{landed} of {tried} runs landed in {time.monotonic() - started:.1f} s"
    record_property("typeahead", summary)
    assert not failed, (
        summary + ":\n" + "\n".join(f"run {run}: {'; '.join(f)}" for run, f in failed.items())
    )


#: The tracker starts this long after its terminal opens: the keys typed at
#: once are then queued while the terminal is still cooked, as when they come
#: while pathtui loads.
START_AFTER_SECONDS = 0.5


@pytest.mark.slow
def test_a_burst_typed_while_the_tracker_starts_lands(data_dir: Path, tmp_path: Path) -> None:
    """``g5⏎``, a note and 45 minutes, typed before the tracker is up."""
    learner = Learner(data_dir, write_big_path(tmp_path / "big.toml", **BIG))
    model = learner.content()
    item = "s5-item-1"
    burst = Burst(
        "typed at launch",
        keys("g5", ENTER, "n", "fast note", ENTER, "t", f"{LOG_MINUTES}m", ENTER),
        shows=on_step(5),
    )
    set_item(item, note="fast note")(model)
    add_log(dt.date.today(), LOG_MINUTES / MINUTES_PER_HOUR, item)(model)
    with Terminal(data_dir, learner.args, start_after=START_AFTER_SECONDS) as term:
        term.type(burst.tokens)
        found = wait_for_result(term, learner, burst, model)
        assert found is None, found
        quit_and_check(term, learner, model)


@pytest.mark.slow
def test_a_new_learner_s_pace_typed_while_the_tracker_starts_is_kept(data_dir: Path) -> None:
    """``15⏎`` on the welcome screen, typed before it is up."""
    with Terminal(data_dir, start_after=START_AFTER_SECONDS) as term:
        term.type(keys("15", ENTER))
        term.wait_for("the tracker at 15 h/week", lambda s: "at 15 h/week" in s)
        term.type(["q"])
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not term.pane_dead():
            assert time.monotonic() < deadline, "pathtui did not quit on q"
            time.sleep(POLL_SECONDS)
    session = Session.open(None)
    assert session.progress.settings.hours_per_week == 15
