"""Tick an item → the progress file is replaced on disk (absolute targets).

The target rows are measured in the real tracker: the app runs headless under
Textual's Pilot at 80x24, the space key is pressed on the highlighted item,
and the clock stops the moment ``os.replace`` puts the new file in place
(the bench wraps ``os.replace`` to note the time). So a tick includes the key
event, the tracker's own work before saving, and every guarantee of the store
(lock, merge check, temp file, fsync). The store alone (``set_state`` +
``Session.save``, until ``save`` returns, folder fsync included) is shown as
information, as is the slower path after another process saved in between
(the store must re-read and merge).
"""

from __future__ import annotations

import asyncio
import os
import time

import procs
from context import Context
from fixtures import Scenario
from pathtui.services.session import Session
from pathtui.storage.store import Store
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


def tracker_ticks(scenario: Scenario, runs: int, warmup: int) -> procs.Samples:
    """Press space in the real tracker ``runs`` times; time from key to ``os.replace``."""
    from pathtui.tui.app import make_app

    samples = procs.Samples()
    replaced: list[float] = []
    real_replace = os.replace

    def noting_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        real_replace(src, dst)
        if os.fspath(dst) == os.fspath(scenario.progress_file):
            replaced.append(time.perf_counter())

    async def run() -> None:
        app = make_app(_open(scenario), open_url=lambda _url: True)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for i in range(warmup + runs):
                replaced.clear()
                start = time.perf_counter()
                await pilot.press("space")
                if len(replaced) != 1:
                    raise RuntimeError(f"a tick replaced the progress file {len(replaced)} times")
                if i >= warmup:
                    samples.values.append((replaced[0] - start) * MS)

    os.replace = noting_replace  # type: ignore[assignment]
    try:
        asyncio.run(run())
    finally:
        os.replace = real_replace
    return samples


def measure(ctx: Context) -> list[Row]:
    default, big = ctx.scenarios["default"], ctx.biggest
    n, warm = ctx.counts.ticks, ctx.counts.warmup
    app_small = tracker_ticks(default, n, warm)
    app_large = tracker_ticks(big, n, warm)
    small = ticks(default, n, warm)
    large = ticks(big, n, warm)
    merged = ticks(big, max(n // 4, 1), warm, other_writer=True)
    label = f"{big.items:,} items + {round(big.items * 0.6):,} log entries"
    size_kb = big.progress_file.stat().st_size / 1024

    return [
        Row.of(
            "tick in the tracker → progress file replaced, default path",
            app_small,
            kind=ABSOLUTE,
            target=TICK_TARGET_MS,
        ),
        Row.of(
            f"tick in the tracker → progress file replaced, {label}",
            app_large,
            kind=ABSOLUTE,
            target=TICK_BIG_TARGET_MS,
            note=f"progress file {size_kb:.0f} KB",
        ),
        Row.of("store alone: set_state + save(), default path (info)", small, kind=INFO),
        Row.of(f"store alone: set_state + save(), {label} (info)", large, kind=INFO),
        Row.of(
            f"save after another window saved (re-read + merge), {label} (info)", merged, kind=INFO
        ),
    ]
