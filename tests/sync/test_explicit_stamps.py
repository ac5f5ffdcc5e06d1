"""An explicit command is the learner's latest word, even when it changes no
value: ``pathtui todo X`` where X is already todo still wins over an older
``done X`` from another device at the next merge (here a sync folder's
conflict copy, and the model's merge). The tracker's keys: tests/tui/test_tracker_restamp.py."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from pathtui.model.progress import Progress, merge
from sync_support import PATH_ID, Device, bare_remote, make_devices

ITEM = "basics-loops"
T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
LATER = T0 + dt.timedelta(hours=1)


def two_copies() -> tuple[Progress, Progress]:
    a = Progress.new(PATH_ID, 10.0, now=T0)
    b = Progress.new(PATH_ID, 10.0, now=T0)
    a.device, b.device = "device-a", "device-b"
    return a, b


def test_put_restamps_an_unchanged_value_only_when_asked() -> None:
    a, _ = two_copies()
    assert a.set_state(ITEM, "learning", T0)
    stamp = a.items[ITEM].stamp("state")
    assert not a.set_state(ITEM, "learning", LATER)
    assert a.items[ITEM].stamp("state") == stamp
    assert not a.set_state(ITEM, "learning", LATER, restamp=True)  # no value changed...
    assert a.items[ITEM].stamp("state") > stamp  # ...but the stamp is the newer intent


@pytest.mark.parametrize("state", ["todo", "learning"])
def test_a_later_explicit_state_wins_over_an_older_change_elsewhere(state: str) -> None:
    a, b = two_copies()
    if state != "todo":
        a.set_state(ITEM, state, T0)
        b = merge(b, a)
        b.device = "device-b"
    a.set_state(ITEM, "done", T0 + dt.timedelta(minutes=5))  # not yet synced
    b.set_state(ITEM, state, LATER, restamp=True)  # already `state` on b
    assert merge(a, b).state(ITEM) == merge(b, a).state(ITEM) == state


@pytest.fixture
def two(tmp_path: Path) -> tuple[Device, Device]:
    return tuple(make_devices(tmp_path, "a", "b"))  # type: ignore[return-value]


def conflict_copy(into: Device, source: Device) -> Path:
    """What a sync folder leaves when both devices saved: the other side's file."""
    copy = into.data / f"{PATH_ID}.sync-conflict-20261204-101010-ABCDEFG.toml"
    shutil.copyfile(source.file, copy)
    return copy


@pytest.mark.parametrize("finder", ["a", "b"])
def test_todo_on_an_item_already_todo_wins_at_the_next_merge(
    two: tuple[Device, Device], finder: str
) -> None:
    a, b = two
    b.ok("config", "hours-per-week", "10")  # b has a file of its own, X untouched
    a.ok("done", ITEM)  # earlier, on the other device
    out = b.ok("todo", ITEM)
    assert f"already todo: {ITEM}" in out
    assert b.read().items[ITEM].values["state"] == "todo"  # recorded all the same
    one, other = (a, b) if finder == "a" else (b, a)
    conflict_copy(one, other)
    one.ok("doctor")  # takes the conflict copy in
    assert one.read().state(ITEM) == "todo"


def test_sync_counts_an_explicit_todo_it_sends(tmp_path: Path) -> None:
    """The round that sends `todo X` (X already todo here) sends a change that
    will undo an older `done X` elsewhere: its line must not say "nothing to send"."""
    a, b = make_devices(tmp_path, "a", "b")
    remote = bare_remote(tmp_path)
    a.ok("config", "hours-per-week", "10")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("done", ITEM)  # not synced yet
    a.ok("todo", ITEM)  # already todo here: the learner's later word
    out = a.ok("sync")
    assert "sent 1 change" in out, out
    b.ok("sync")
    assert b.read().state(ITEM) == "todo"
