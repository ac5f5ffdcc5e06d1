"""The tracker's l, s and r on an item that already has that state are the
learner's latest word too: recorded, so they win over an older change from
another device at the next merge, and `u` still takes back the change before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pathtui.services.session import Session
from pathtui.storage.store import Store
from pathtui.tui.tracker import Tracker
from sync_support import PATH_ID, Device, make_devices

ITEM = "basics-loops"


@pytest.fixture
def two(tmp_path: Path) -> tuple[Device, Device]:
    return tuple(make_devices(tmp_path, "a", "b"))  # type: ignore[return-value]


def conflict_copy(into: Device, source: Device) -> Path:
    """What a sync folder leaves when both devices saved: the other side's file."""
    copy = into.data / f"{PATH_ID}.sync-conflict-20261204-101010-ABCDEFG.toml"
    shutil.copyfile(source.file, copy)
    return copy


def test_the_trackers_key_for_the_state_an_item_has_is_recorded_too(
    two: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = two
    b.ok("learning", ITEM)
    a.data.mkdir(parents=True)
    shutil.copyfile(b.file, a.file)  # the folder brought the file over
    a.ok("done", ITEM)  # a changes it, b has not heard yet
    b.use(monkeypatch)
    tracker = Tracker(Session.open(None, store=Store(PATH_ID, b.file)))
    assert tracker.set_state(ITEM, "learning") is False  # nothing changes on screen
    assert not tracker.unsaved and not tracker.history
    conflict_copy(b, a)
    b.ok("doctor")
    assert b.read().state(ITEM) == "learning"


def test_undo_still_takes_back_a_change_after_its_key_was_pressed_again(
    two: tuple[Device, Device], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, b = two
    b.ok("config", "hours-per-week", "10")
    b.use(monkeypatch)
    tracker = Tracker(Session.open(None, store=Store(PATH_ID, b.file)))
    assert tracker.set_state(ITEM, "learning")
    assert tracker.set_state(ITEM, "learning") is False
    undone = tracker.undo()
    assert undone is not None and not undone.kept
    assert b.read().state(ITEM) == "todo"
