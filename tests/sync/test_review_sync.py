"""Two devices review the same card, in either order: through ``pathtui sync``
(real git, a local bare repository) and through a sync folder's conflict
copy. Both ratings are kept, and both devices end with identical cards."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sync_support import PATH_ID, Device, bare_remote, make_devices, needs_git

ITEM = "basics-loops"


def cards(device: Device) -> list[dict[str, object]]:
    listed = json.loads(device.ok("review", "--list", "--json"))
    assert isinstance(listed, list)
    return listed


def ratings(device: Device) -> list[tuple[str, str]]:
    return sorted((r.item, r.rating) for r in device.read().ratings())


@pytest.fixture
def two(tmp_path: Path) -> tuple[Device, Device]:
    return tuple(make_devices(tmp_path, "a", "b"))  # type: ignore[return-value]


@needs_git
@pytest.mark.slow
@pytest.mark.parametrize("first", ["a", "b"])
def test_two_devices_rate_one_card_and_converge_through_git(
    two: tuple[Device, Device], tmp_path: Path, first: str
) -> None:
    a, b = two
    remote = bare_remote(tmp_path)
    a.ok("done", ITEM)
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))  # b now has the card too
    assert [c["id"] for c in cards(b)] == [ITEM]
    # Both rate the card before either hears of the other.
    a.ok("review", ITEM, "good")
    b.ok("review", ITEM, "again")
    one, other = (a, b) if first == "a" else (b, a)
    for device in (one, other, one):
        device.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes()
    assert ratings(a) == ratings(b) == [(ITEM, "again"), (ITEM, "good")]
    assert cards(a) == cards(b)
    assert cards(a)[0]["reviews"] == 2


@pytest.mark.parametrize("first", ["a", "b"])
def test_two_devices_rate_one_card_and_converge_through_a_conflict_copy(
    two: tuple[Device, Device], first: str
) -> None:
    """A sync folder keeps one file and leaves the other side as a conflict
    copy; whichever device finds the copy merges it in, then the folder
    carries the merged file back to the other."""
    a, b = two
    a.ok("done", ITEM)
    b.data.mkdir(parents=True)
    shutil.copyfile(a.file, b.file)  # the folder brought the file over
    a.ok("review", ITEM, "hard")
    b.ok("review", ITEM, "easy")
    finder, loser = (a, b) if first == "a" else (b, a)
    copy = finder.data / f"{PATH_ID}.sync-conflict-20261204-101010-ABCDEFG.toml"
    shutil.copyfile(loser.file, copy)
    done = finder.cli("doctor")  # any saving command, sync or doctor takes the copy in
    assert done.returncode == 0, done.stderr
    assert "Recovered 1 change from 1 conflict copy (Syncthing)" in done.stdout
    assert not copy.exists()
    assert ratings(finder) == [(ITEM, "easy"), (ITEM, "hard")]
    shutil.copyfile(finder.file, loser.file)  # and the folder carries it back
    assert ratings(a) == ratings(b) == [(ITEM, "easy"), (ITEM, "hard")]
    assert cards(a) == cards(b)
    assert cards(a)[0]["reviews"] == 2
