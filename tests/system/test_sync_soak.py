"""Three devices, 200 random changes, syncs in random order: nothing lost, all identical.

Each change is made through the CLI (a real ``pathtui`` process) or the
Session API, on a random device; after a change, now and then a random device
syncs (``pathtui sync`` or ``sync_progress.sync``). At the end every device syncs
until a whole pass changes nothing. The changes are written one after another,
so the last write to each field is the one every device must end up with.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pathtui.services.session import Session
from pathtui.storage.pathfile import load_path
from pathtui.storage.store import Store
from pathtui.sync import progress as sync_progress
from sync_support import PATH_ID, Device, bare_remote, make_devices, needs_git

pytestmark = [needs_git, pytest.mark.slow]

DEVICES = 3
OPERATIONS = 200
#: Chance that a random device syncs after a change.
SYNC_CHANCE = 0.3
#: Every this many changes goes through a real ``pathtui`` process.
CLI_EVERY = 8
#: A pass of every device syncing that changes nothing ends the test; at most this many.
MAX_QUIET_PASSES = 6
SEED = 20261126
#: How many items the changes go to.
ITEMS = 12
STATE_VERBS = {"done": "done", "learning": "learning", "skipped": "skip", "todo": "todo"}


class World:
    """The devices, the remote, and what the last write to each field was."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rng = random.Random(SEED)
        self.monkeypatch = monkeypatch
        self.devices = make_devices(tmp_path, *(f"d{i}" for i in range(DEVICES)))
        self.remote = bare_remote(tmp_path)
        # A few items, so devices often change the same one (state and note
        # are separate fields: a note never undoes a tick, nor a tick a note).
        self.items = load_path(None).item_ids()[:ITEMS]
        self.states: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.logs: set[str] = set()
        self.syncs = 0

    def session(self, device: Device) -> Session:
        device.use(self.monkeypatch)
        return Session.open(None, store=Store(PATH_ID, device.file))

    def change(self, n: int) -> None:
        device = self.rng.choice(self.devices)
        kind = self.rng.choice(("state", "state", "note", "log"))
        by_cli = n % CLI_EVERY == 0
        if kind == "state":
            item = self.rng.choice(self.items)
            state = self.rng.choice(list(STATE_VERBS))
            if by_cli:
                wrote = not device.ok(STATE_VERBS[state], item).startswith("already")
            else:
                session = self.session(device)
                wrote = session.progress.set_state(item, state)
                if wrote:
                    session.save()
            if wrote:  # setting what this device already shows is not a write
                self.states[item] = state
        elif kind == "note":
            item = self.rng.choice(self.items)
            text = f"note {n} on {device.name}"
            if by_cli:
                device.ok("note", item, text)
            else:
                session = self.session(device)
                session.progress.set_note(item, text)
                session.save()
            self.notes[item] = text
        else:
            day = (dt.date.today() - dt.timedelta(days=self.rng.randrange(60))).isoformat()
            text = f"log {n} on {device.name}"
            if by_cli:
                device.ok("log", "15m", "--date", day, "--note", text)
            else:
                self.session(device).log_time(0.25, dt.date.fromisoformat(day), note=text)
            self.logs.add(text)

    def sync(self, device: Device, by_cli: bool = False) -> tuple[int, int]:
        self.syncs += 1
        if by_cli:
            device.ok("sync")
            return (1, 1)  # counted as "something may have moved"
        device.use(self.monkeypatch)
        outcome = sync_progress.sync(device.data)
        return outcome.sent, outcome.received

    def lost(self, device: Device) -> list[str]:
        """Every last write this device's file does not hold."""
        progress = device.read()
        missing = [f"state {i}={s}" for i, s in self.states.items() if progress.state(i) != s]
        missing += [f"note {i}" for i, t in self.notes.items() if progress.note(i) != t]
        have = {e.note for e in progress.live_log()}
        missing += [f"log {t}" for t in sorted(self.logs - have)]
        return missing


def test_three_devices_two_hundred_changes_converge_with_nothing_lost(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    record_property: Callable[[str, object], None],
) -> None:
    started = time.monotonic()
    world = World(tmp_path, monkeypatch)
    for device in world.devices:
        device.ok("config", "hours-per-week", "10")
        device.ok("sync", "init", str(world.remote))
        world.syncs += 1
    for n in range(1, OPERATIONS + 1):
        world.change(n)
        if world.rng.random() < SYNC_CHANCE:
            world.sync(world.rng.choice(world.devices), by_cli=n % CLI_EVERY == 1)
    passes = 0
    for passes in range(1, MAX_QUIET_PASSES + 1):  # noqa: B007 - reported below
        order = world.devices[:]
        world.rng.shuffle(order)
        moved = [world.sync(device) for device in order]
        if not any(sent or received for sent, received in moved):
            break
    files = [device.file.read_bytes() for device in world.devices]
    lost = sorted({m for device in world.devices for m in world.lost(device)})
    heads = {device.git("rev-parse", "HEAD") for device in world.devices}
    elapsed = time.monotonic() - started
    record_property(
        "safety",
        f"{DEVICES} devices, {OPERATIONS} changes, {world.syncs} syncs "
        f"({passes} final passes), {len(lost)} changes lost, {elapsed:.1f} s",
    )
    assert lost == []
    assert all(f == files[0] for f in files), "every device holds the same bytes"
    assert len(heads) == 1
    assert world.devices[0].git("status", "--porcelain") == ""
    assert world.states and world.notes and world.logs
