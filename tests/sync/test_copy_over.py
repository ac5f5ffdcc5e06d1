"""An older copy of the progress file put back over the live one (a backup
restored by hand, a sync tool or a cloud drive bringing back an old version)
never reverts newer changes: with git on three devices, and in a plain folder.

The file on disk is one replica among others: ``sync`` merges it with the
last committed state before committing, and every device remembers, in its
state folder, the newest change it saw (``storage/replica.py``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store
from support import run_pathtui
from sync_support import PATH_ID, Device, bare_remote, make_devices, needs_git

WENT_BACK = "went back in time"


def ok(*args: str) -> str:
    done = run_pathtui(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def states(file: Path) -> dict[str, str]:
    progress = read_progress(file, PATH_ID)
    assert progress is not None
    return {k: v for k, v in progress.states().items() if v != "todo"}


# --------------------------------------------------------------------------- a plain folder


def test_a_copy_put_back_by_hand_loses_nothing_and_the_learner_is_told(
    data_dir: Path, tmp_path: Path
) -> None:
    """The issue's plain-folder case: 2 ticks and 1 log entry used to vanish."""
    file = data_dir / f"{PATH_ID}.toml"
    ok("done", "basics-language")
    old = tmp_path / "old.toml"
    shutil.copy(file, old)
    ok("done", "basics-loops")
    ok("skip", "basics-variables")
    ok("log", "1h", "--note", "after the copy")
    shutil.copy(old, file)  # the old copy comes back
    assert states(file) == {"basics-language": "done"}
    told = ok("done", "basics-lists")
    assert len(told.splitlines()) == 1
    assert told.startswith(f"pathtui: {file} {WENT_BACK}: its newest change is from ")
    assert "this device's last copy" in told
    assert told.rstrip().endswith("so nothing newer is lost.")
    newest, seen = re.findall(r"from ([0-9-]+ [0-9:.]+) UTC", told)
    assert newest < seen, "two times in one minute are shown apart"
    assert states(file) == {
        "basics-language": "done",
        "basics-loops": "done",
        "basics-variables": "skipped",
        "basics-lists": "done",
    }
    progress = read_progress(file, PATH_ID)
    assert progress is not None
    assert [e.note for e in progress.live_log()] == ["after the copy"]
    assert ok("done", "basics-functions") == "", "told once"


def test_doctor_reports_a_copy_put_back_and_merges_it(data_dir: Path, tmp_path: Path) -> None:
    file = data_dir / f"{PATH_ID}.toml"
    ok("done", "basics-language")
    old = tmp_path / "old.toml"
    shutil.copy(file, old)
    ok("done", "basics-loops")
    shutil.copy(old, file)
    doctor = run_pathtui("doctor")
    assert doctor.returncode == 0, doctor.stderr
    lines = [ln for ln in doctor.stdout.splitlines() if WENT_BACK in ln]
    assert len(lines) == 1 and lines[0].startswith("note")
    assert states(file) == {"basics-language": "done", "basics-loops": "done"}
    again = run_pathtui("doctor")
    assert WENT_BACK not in again.stdout


def test_the_newest_backup_helps_when_this_device_s_copy_is_gone(
    data_dir: Path, tmp_path: Path
) -> None:
    """This device's copy unreadable (say, a disk error in the state folder), the
    newest backup still brings back what it holds."""
    file = data_dir / f"{PATH_ID}.toml"
    ok("done", "basics-language")
    old = tmp_path / "old.toml"
    shutil.copy(file, old)
    ok("done", "basics-loops")
    backup = Store(PATH_ID, file).backup()  # as before a reset, an import, a sync merge
    assert backup is not None
    (replica,) = (tmp_path / "state" / "replicas").iterdir()
    header = replica.read_bytes().split(b"\n", 1)[0] + b"\n"
    replica.write_bytes(header + b"not a progress file")
    shutil.copy(old, file)
    told = ok("done", "basics-lists")
    assert WENT_BACK in told
    assert f"pathtui merged it with {backup}, so nothing newer is lost." in told
    assert states(file) == {
        "basics-language": "done",
        "basics-loops": "done",
        "basics-lists": "done",
    }


def test_starting_over_by_renaming_the_file_is_not_a_copy_put_back(data_dir: Path) -> None:
    file = data_dir / f"{PATH_ID}.toml"
    ok("done", "basics-language", "basics-loops")
    file.rename(file.with_name(f"{PATH_ID}.toml.broken"))
    assert ok("done", "basics-lists") == ""
    assert states(file) == {"basics-lists": "done"}
    assert ok("done", "basics-functions") == ""


def test_a_merge_import_is_not_a_copy_put_back(data_dir: Path, tmp_path: Path) -> None:
    """The import merges older changes from another device: no stamp of it is
    newer than the file, so no later command may say the file went back."""
    other = {"PATHTUI_DATA_DIR": str(tmp_path / "device-a")}
    export = tmp_path / "ex.json"
    assert run_pathtui("done", "basics-loops", env=other).returncode == 0
    assert run_pathtui("export", "--format", "json", "-o", str(export), env=other).returncode == 0
    ok("done", "basics-variables")
    ok("import", str(export), "--yes")
    for command in (("list",), ("show", "basics-loops"), ("done", "basics-loops")):
        assert WENT_BACK not in ok(*command), command
    file = data_dir / f"{PATH_ID}.toml"
    assert states(file) == {"basics-loops": "done", "basics-variables": "done"}


# --------------------------------------------------------------------------- git, three devices


@pytest.fixture
def three(tmp_path: Path) -> tuple[Device, Device, Device, Path]:
    a, b, c = make_devices(tmp_path, "a", "b", "c")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    for device in (a, b, c):
        device.ok("sync", "init", str(remote))
    return a, b, c, remote


@pytest.mark.slow
@needs_git
def test_an_old_copy_put_back_is_merged_before_it_is_committed(
    three: tuple[Device, Device, Device, Path], tmp_path: Path
) -> None:
    """The issue's git case: sync used to commit the old file as new changes and the
    two later ticks vanished on all three devices."""
    a, b, c, _ = three
    old = tmp_path / "old.toml"
    shutil.copy(a.file, old)
    a.ok("done", "basics-loops")
    a.ok("done", "basics-variables")
    assert "sent 2 changes" in a.ok("sync")
    shutil.copy(old, a.file)
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert WENT_BACK in done.stderr
    assert done.stdout.strip().startswith("Up to date"), "nothing to send: nothing was lost"
    for device in (b, c, a, b, c):
        device.ok("sync")
    want = {"basics-language": "done", "basics-loops": "done", "basics-variables": "done"}
    for device in (a, b, c):
        assert states(device.file) == want, device.name
    assert a.file.read_bytes() == b.file.read_bytes() == c.file.read_bytes()


@pytest.mark.slow
@needs_git
def test_without_this_device_s_memory_the_last_synced_state_still_wins(
    three: tuple[Device, Device, Device, Path], tmp_path: Path
) -> None:
    """Merging with the last commit alone protects what was synced: a device whose
    state folder was wiped (a new account, a reinstall) still cannot revert it."""
    a, b, _, _ = three
    old = tmp_path / "old.toml"
    shutil.copy(a.file, old)
    a.ok("done", "basics-loops")
    a.ok("sync")
    shutil.rmtree(a.state)
    shutil.copy(old, a.file)
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert "had lost changes it held when it was last synced" in done.stderr
    b.ok("sync")
    assert states(b.file) == {"basics-language": "done", "basics-loops": "done"}


@pytest.mark.slow
@needs_git
def test_changes_not_yet_synced_come_back_from_this_device_s_copy(
    three: tuple[Device, Device, Device, Path], tmp_path: Path
) -> None:
    a, b, c, _ = three
    old = tmp_path / "old.toml"
    shutil.copy(a.file, old)
    a.ok("done", "basics-loops")  # never synced before the old copy comes back
    shutil.copy(old, a.file)
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert WENT_BACK in done.stderr
    assert "sent 1 change" in done.stdout
    for device in (b, c):
        device.ok("sync")
        assert states(device.file) == {"basics-language": "done", "basics-loops": "done"}
