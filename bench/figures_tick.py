"""Tick an item → the progress file is replaced on disk (absolute targets).

Measured in-process through the same calls the tracker makes on a tick
(``progress.set_state`` then ``Session.save``): the clock stops when ``save``
returns, which is after ``os.replace`` and the folder fsync — so the figure
includes every guarantee of the store (lock, merge check, atomic write, both
fsyncs). A second figure shows the slower path taken when another process has
saved in between, so the store must re-read and merge.
"""

from __future__ import annotations

import os
import time

import procs
from context import Context
from fixtures import Scenario
from pathtui.session import Session
from pathtui.store import Store
from report import ABSOLUTE, INFO, MS, Row

TICK_TARGET_MS = 10.0
TICK_BIG_TARGET_MS = 60.0
#: The tracker cycles todo → learning → done; a tick here flips one item.
STATES = ("done", "todo")


def _open(scenario: Scenario) -> Session:
    store = Store(scenario.path_id, file=scenario.progress_file)
    return Session.open(scenario.path_file, store=store)


def _pick_item(session: Session) -> str:
    """An item in the middle of the path, so the tick is not a special case."""
    items = session.path.items
    return items[len(items) // 2].id


def ticks(scenario: Scenario, runs: int, warmup: int, other_writer: bool = False) -> procs.Samples:
    """Time ``runs`` ticks; with ``other_writer`` the file changes on disk before each."""
    session = _open(scenario)
    other = _open(scenario) if other_writer else None
    item = _pick_item(session)
    samples = procs.Samples()
    for i in range(warmup + runs):
        if other is not None:
            other.progress.set_note(item, f"note from the other window {i}")
            other.save()
        state = STATES[i % len(STATES)]
        start = time.perf_counter()
        session.progress.set_state(item, state)
        session.save()
        elapsed = (time.perf_counter() - start) * MS
        if not os.path.exists(scenario.progress_file):  # pragma: no cover - sanity
            raise RuntimeError("save did not leave a progress file")
        if i >= warmup:
            samples.values.append(elapsed)
    _check(scenario, item, STATES[(warmup + runs - 1) % len(STATES)])
    return samples


def _check(scenario: Scenario, item: str, state: str) -> None:
    """The last tick really is on disk, in a file pathtui reads back."""
    fresh = _open(scenario)
    assert fresh.progress.state(item) == state, (fresh.progress.state(item), state)


def measure(ctx: Context) -> list[Row]:
    default, big = ctx.scenarios["default"], ctx.biggest
    n, warm = ctx.counts.ticks, ctx.counts.warmup
    small = ticks(default, n, warm)
    large = ticks(big, n, warm)
    merged = ticks(big, max(n // 4, 1), warm, other_writer=True)
    label = f"{big.items:,} items + {round(big.items * 0.6):,} log entries"
    size_kb = big.progress_file.stat().st_size / 1024
    return [
        Row(
            "tick → progress file replaced, default path",
            small.median,
            kind=ABSOLUTE,
            target=TICK_TARGET_MS,
            runs=len(small.values),
            spread=small.spread,
        ),
        Row(
            f"tick → progress file replaced, {label}",
            large.median,
            kind=ABSOLUTE,
            target=TICK_BIG_TARGET_MS,
            runs=len(large.values),
            spread=large.spread,
            note=f"progress file {size_kb:.0f} KB",
        ),
        Row(
            f"tick after another window saved (re-read + merge), {label} (info)",
            merged.median,
            kind=INFO,
            runs=len(merged.values),
            spread=merged.spread,
        ),
    ]
