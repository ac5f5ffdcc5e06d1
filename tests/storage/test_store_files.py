"""Nothing silent: a cut-short file, a symlinked file, a read-only lock file,
the daily backups, where the device id lives, what doctor says about backups."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from pathtui.errors import ProgressFileError, SaveError
from pathtui.services.doctor import diagnose
from pathtui.services.session import Session
from pathtui.storage import device, locations
from pathtui.storage.backupfiles import (
    DAILY_BACKUPS_KEPT,
    SYNC_BACKUPS_KEPT,
    SYNC_SUFFIX,
    backups_newest_first,
)
from pathtui.storage.progressfile import END_MARKER
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store
from support import run_pathtui

ITEM = "basics-loops"
T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def saved_store(file: Path, items: int = 5) -> Store:
    store = Store("backend", file)
    progress = store.load(10, now=T0)
    for n in range(items):
        progress.set_state(f"item-{n}", "done", now=T0 + dt.timedelta(minutes=n))
    store.save(progress, now=T0)
    return store


# --------------------------------------------------------------------------- cut short


def test_a_file_cut_short_at_a_line_end_is_refused_and_left_alone(data_dir: Path) -> None:
    file = data_dir / "backend.toml"
    data_dir.mkdir()
    saved_store(file)
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    item_lines = [i for i, line in enumerate(lines) if line.startswith("item-")]
    cut = "".join(lines[: item_lines[2]])  # still valid TOML, two items and the end gone
    file.write_text(cut, encoding="utf-8")
    with pytest.raises(ProgressFileError, match="ends early") as info:
        read_progress(file, "backend")
    assert str(file) in str(info.value) and END_MARKER in str(info.value)
    result = run_pathtui("done", ITEM)
    assert result.returncode != 0 and "ends early" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert file.read_text(encoding="utf-8") == cut


def test_a_whole_file_ends_with_the_marker_and_a_hand_edit_keeping_it_is_fine(
    tmp_path: Path,
) -> None:
    file = tmp_path / "backend.toml"
    saved_store(file)
    text = file.read_text(encoding="utf-8")
    assert text.endswith(END_MARKER + "\n")
    edited = text.replace('state = "done"', 'state = "skipped"', 1) + "\n\n"
    file.write_text(edited, encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and progress.state("item-0") == "skipped"


# --------------------------------------------------------------------------- symlink


def test_a_symlinked_progress_file_keeps_its_link(tmp_path: Path) -> None:
    target_dir = tmp_path / "synced"
    target_dir.mkdir()
    target = target_dir / "real-progress.toml"
    saved_store(target)
    link_dir = tmp_path / "data"
    link_dir.mkdir()
    link = link_dir / "backend.toml"
    link.symlink_to(target)
    store = Store("backend", link)
    progress = store.load(10)
    progress.set_state(ITEM, "done")
    store.save(progress)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert read_progress(target, "backend").state(ITEM) == "done"  # type: ignore[union-attr]
    assert not [p for p in target_dir.iterdir() if p.name.endswith(".tmp")]
    assert not [p for p in link_dir.iterdir() if p.name.endswith(".tmp")]


# --------------------------------------------------------------------------- the lock


def test_a_read_only_lock_file_gets_a_message_naming_it(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open()
    session.save()
    lock = session.store.lock_file
    real_open = os.open

    def deny(path: object, flags: int, *args: object) -> int:
        if Path(os.fspath(path)) == lock:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("pathtui.storage.lock.os.open", deny)
    before = session.store.file.read_bytes()
    session.progress.set_state(ITEM, "done")
    with pytest.raises(SaveError) as info:
        session.save()
    assert str(lock) in str(info.value) and "permission denied" in str(info.value)
    assert session.store.file.read_bytes() == before


# --------------------------------------------------------------------------- backups


def test_one_backup_before_the_first_save_of_each_day_and_seven_kept(tmp_path: Path) -> None:
    file = tmp_path / "backend.toml"
    store = saved_store(file)
    backups = tmp_path / "backups"
    assert not backups.exists()  # the first save made the file: nothing to back up
    reset_backup = store.backup(now=T0)
    assert reset_backup is not None
    progress = store.load(10)
    for day in range(10):
        for tick in range(3):  # three saves a day, one backup
            when = T0 + dt.timedelta(days=day, hours=tick)
            before = file.read_bytes()
            progress.set_state(ITEM, ("done", "learning", "skipped")[tick], now=when)
            progress = store.save(progress, now=when)
            if tick == 0:
                daily = sorted(backups.glob("*-daily.toml"))
                assert daily[-1].read_bytes() == before  # taken before the day's first save
        store._daily_done = ""  # as a new process would start the next day
    daily = sorted(p.name for p in backups.glob("*-daily.toml"))
    assert len(daily) == DAILY_BACKUPS_KEPT
    assert daily[-1].startswith("backend-20260310-")  # the newest days kept
    assert reset_backup.exists()  # the other backups are never pruned


def test_a_syncs_backups_keep_the_newest_ten_and_leave_every_other_alone(
    tmp_path: Path,
) -> None:
    """A sync backs the file up before it brings in another device's changes;
    with auto-sync that is daily or more, so only the newest are kept."""
    file = tmp_path / "backend.toml"
    store = saved_store(file)
    kept_by_hand = store.backup(now=T0)
    synced = [
        store.backup(now=T0 + dt.timedelta(hours=n), kind=SYNC_SUFFIX)
        for n in range(SYNC_BACKUPS_KEPT + 3)
    ]
    synced_time = T0 + dt.timedelta(hours=40)
    twice = store.backup(now=synced_time, kind=SYNC_SUFFIX)
    assert twice is not None and twice.name.endswith(f"{SYNC_SUFFIX}.toml")
    again = store.backup(now=synced_time, kind=SYNC_SUFFIX)  # the same second
    assert again is not None and again.name.endswith(f"{SYNC_SUFFIX}-2.toml")
    left = backups_newest_first(file, SYNC_SUFFIX)
    assert len(left) == SYNC_BACKUPS_KEPT
    assert left[:2] == [again, twice]  # newest first, the counter after its twin
    assert [p for p in synced if p is not None and p.exists()] == [
        p for p in synced[-(SYNC_BACKUPS_KEPT - 2) :] if p is not None
    ]
    assert kept_by_hand is not None and kept_by_hand.exists()


def test_another_paths_backups_are_never_listed_or_pruned_as_this_ones(tmp_path: Path) -> None:
    """``backend-web``'s backups share the prefix ``backend-``; they are its own."""
    mine = saved_store(tmp_path / "backend.toml")
    theirs = Store("backend-web", tmp_path / "backend-web.toml")
    progress = theirs.load(10, now=T0)
    progress.set_state("item-0", "done", now=T0)
    theirs.save(progress, now=T0)
    their_backups = [
        theirs.backup(now=T0 + dt.timedelta(days=n), kind=kind)
        for n in range(SYNC_BACKUPS_KEPT + 2)
        for kind in ("", SYNC_SUFFIX)
    ]
    folder = tmp_path / "backups"
    for n in range(DAILY_BACKUPS_KEPT + 2):  # their daily backups, by name
        (folder / f"backend-web-202601{n + 1:02d}-080000-daily.toml").write_bytes(b"x")
    mine.backup(now=T0, kind=SYNC_SUFFIX)
    progress = mine.load(10)
    progress.set_state(ITEM, "done", now=T0)
    mine.save(progress, now=T0)  # the first save of the day: a daily backup, pruning
    assert [p.name.startswith("backend-2026") for p in backups_newest_first(mine.file)] == [
        True,
        True,
    ]
    assert len(list(folder.glob("backend-web-*-daily.toml"))) == DAILY_BACKUPS_KEPT + 2
    assert all(p is not None and p.exists() for p in their_backups[::2])
    assert len(backups_newest_first(theirs.file, SYNC_SUFFIX)) == SYNC_BACKUPS_KEPT


def test_doctor_names_the_newest_backup_that_has_progress(data_dir: Path) -> None:
    session = Session.open()
    session.progress.set_state(ITEM, "done")
    session.save()
    session.store.backup(now=T0)
    # the reset's own backup holds the tick; the one after it holds nothing
    session.progress, with_data = session.store.reset(
        session.progress, now=T0 + dt.timedelta(days=1)
    )
    empty = session.store.backup(now=T0 + dt.timedelta(days=2))
    texts = [f.text for f in diagnose().findings]
    assert f"Newest backup: {empty}." in texts
    assert any(f"Newest backup with progress in it: {with_data} (1 item" in t for t in texts)


# --------------------------------------------------------------------------- device id


def test_the_device_id_lives_in_the_state_folder_and_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    state = tmp_path / "state"
    first = device.device_id()
    assert (state / device.DEVICE_FILE).read_text().strip() == first
    device.forget_device()
    assert device.device_id() == first  # stable across runs
    session = Session.open()
    session.progress.set_state(ITEM, "done")
    session.save()
    assert first in session.store.file.read_text()
    assert not any(first in p.name for p in data_dir.rglob("*"))
    assert all(first not in p.read_text() for p in data_dir.rglob("device*"))
    # another state folder is another device
    monkeypatch.setenv(locations.STATE_DIR_ENV, str(tmp_path / "elsewhere"))
    device.forget_device()
    assert device.device_id() != first


def test_the_state_folder_follows_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(locations.STATE_DIR_ENV)
    assert locations.state_dir_name() == str(platformdirs.user_state_path("pathtui"))


def test_a_folder_that_refuses_the_lock_file_is_named_as_the_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    session = Session.open()
    lock = session.store.lock_file
    real_open = os.open

    def deny(path: object, flags: int, *args: object) -> int:
        if Path(os.fspath(path)) == lock:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("pathtui.storage.lock.os.open", deny)
    session.progress.set_state(ITEM, "done")
    with pytest.raises(SaveError, match="read-only or not writable") as info:
        session.save()
    assert str(data_dir) in str(info.value) and not lock.exists()


def test_a_hand_added_line_without_a_stamp_is_set_aside_with_the_key(tmp_path: Path) -> None:
    file = tmp_path / "backend.toml"
    saved_store(file)
    text = file.read_text(encoding="utf-8")
    added = text.replace("\n[log]", '\nbasics-new = { state = "done" }\n\n[log]', 1)
    file.write_text(added, encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and "basics-new" not in progress.items
    [(where, why)] = progress.set_aside
    assert where == "items.basics-new" and why.startswith("at: missing (every change")
