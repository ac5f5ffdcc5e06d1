"""The store: round trip, atomic replace, refusing bad files, keeping orphans."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pathtui.errors import ProgressFileError, SaveError
from pathtui.model.progress import Progress, merge
from pathtui.services.session import Session
from pathtui.storage import store as store_mod
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store

T0 = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def sample() -> Progress:
    p = Progress.new("backend", 10, now=T0)
    p.set_state("basics-loops", "done", now=at(1))
    p.set_state("basics-lists", "learning", now=at(2))
    p.set_note("basics-lists", 'up to "slicing" \\ chapter 3 ✎ ﷽', now=at(3))
    p.set_state("dsa-graphs", "skipped", now=at(4))
    p.add_log(dt.date(2026, 11, 2), 1.5, item="basics-loops", note="evening", now=at(5))
    return p


def test_round_trip_is_exact(tmp_path: Path) -> None:
    original = sample()
    file = tmp_path / "backend.toml"
    file.write_text(dumps(original), encoding="utf-8")
    loaded = read_progress(file, "backend")
    assert loaded == original


def test_save_is_atomic_replace_with_fsync(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "store"
    folder.mkdir()
    calls: list[str] = []
    real_replace, real_fsync = os.replace, os.fsync

    def replace(a: str, b: str) -> None:
        if Path(b).parent == folder:  # not the state folder's copy (storage/replica.py)
            calls.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(store_mod.os, "replace", replace)
    monkeypatch.setattr(
        store_mod.os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1]
    )
    st = Store("backend", folder / "backend.toml")
    progress = st.load(10)
    progress.set_state("basics-loops", "done")
    st.save(progress)
    # file data synced before the rename, the folder synced after it
    assert calls == ["fsync", "replace", "fsync"]
    assert sorted(p.name for p in folder.iterdir()) == [".backend.toml.lock", "backend.toml"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    st = Store("backend", tmp_path / "backend.toml")
    progress = st.load(10)
    progress.set_state("basics-loops", "done")
    st.save(progress)
    before = st.file.read_bytes()

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_mod.os, "write", full_disk)
    progress.set_state("basics-lists", "done")
    with pytest.raises(SaveError, match="the disk is full"):
        st.save(progress)
    assert st.file.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b'schema = 1\npath_id = "backend"\n[items\n', "is not valid TOML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not text"),
        (b'[tool.poetry]\nname = "x"\n', "is not a pathtui progress file"),
        (b'schema = 1\npath_id = "other"\n', "belongs to path 'other'"),
    ],
)
def test_bad_files_are_refused_and_untouched(tmp_path: Path, content: bytes, problem: str) -> None:
    file = tmp_path / "backend.toml"
    file.write_bytes(content)
    st = Store("backend", file)
    with pytest.raises(ProgressFileError) as info:
        st.load(10)
    assert problem in str(info.value)
    assert str(file) in str(info.value)
    assert file.read_bytes() == content


def test_newer_schema_is_read_but_never_overwritten(tmp_path: Path) -> None:
    text = dumps(sample()).replace("schema = 2", "schema = 3") + "\n[future]\nthing = 1\n"
    file = tmp_path / "backend.toml"
    file.write_text(text, encoding="utf-8")
    st = Store("backend", file)
    progress = st.load(10)
    assert progress.state("basics-loops") == "done"
    assert st.read_only_reason and "newer pathtui" in st.read_only_reason
    progress.set_state("basics-lists", "done")
    with pytest.raises(ProgressFileError, match="newer pathtui"):
        st.save(progress)
    assert file.read_text(encoding="utf-8") == text


def test_progress_for_ids_missing_from_the_path_is_kept(tmp_path: Path) -> None:
    p = sample()
    p.set_state("an-item-from-an-old-release", "done", now=at(9))
    Store("backend").file.parent.mkdir(parents=True)
    Store("backend").file.write_text(dumps(p), encoding="utf-8")
    session = Session.open()
    assert session.orphans() == ["an-item-from-an-old-release"]
    session.progress.set_state("basics-functions", "done")
    session.save()
    again = read_progress(session.store.file, "backend")
    assert again.state("an-item-from-an-old-release") == "done"
    assert again.state("basics-functions") == "done"


def test_save_merges_changes_made_by_another_process(tmp_path: Path) -> None:
    file = tmp_path / "backend.toml"
    a, b = Store("backend", file), Store("backend", file)
    pa, pb = a.load(10), b.load(10)
    pa.set_state("basics-loops", "done", now=at(1))
    a.save(pa)
    pb.set_state("basics-lists", "done", now=at(2))
    merged = b.save(pb)
    assert merged.state("basics-loops") == merged.state("basics-lists") == "done"
    assert read_progress(file, "backend").states() == {
        "basics-loops": "done",
        "basics-lists": "done",
    }


def test_merge_newer_change_wins_and_reset_is_respected() -> None:
    mine, theirs = sample(), sample()
    theirs.set_state("basics-loops", "todo", now=at(10))
    mine.set_state("basics-loops", "skipped", now=at(11))
    assert merge(mine, theirs).state("basics-loops") == "skipped"
    assert merge(theirs, mine).state("basics-loops") == "skipped"
    theirs.reset(now=at(12))
    merged = merge(mine, theirs)
    assert merged.items == {} and merged.log == []


def test_reset_writes_a_backup_first(tmp_path: Path) -> None:
    session = Session.open()
    session.progress.set_state("basics-loops", "done")
    session.save()
    saved = session.store.file.read_bytes()
    session.progress, backup = session.store.reset(session.progress)
    assert backup is not None and backup.parent.name == "backups"
    assert backup.read_bytes() == saved
    assert read_progress(session.store.file, "backend").items == {}


def test_renamed_ids_carry_progress_over() -> None:
    p = sample()
    moved = p.apply_renames({"basics-loops": "basics-iteration"})
    assert moved == [("basics-loops", "basics-iteration")]
    assert p.state("basics-iteration") == "done" and "basics-loops" not in p.items
