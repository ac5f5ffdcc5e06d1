"""A read-only progress file is respected, and a file's own permissions are kept.

A learner who makes ``backend.toml`` read-only (mode 0444) to freeze it gets
one sentence saying why nothing was saved and how to allow it again, from
every command that would write, and the file keeps its bytes and its mode.
Reading still works. Otherwise a save keeps the permissions the file had
(it used to come back 0600 after every save). The bits decide, not who runs
pathtui: root, who could write anyway, is refused just the same.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pathtui.errors import SaveError
from pathtui.storage.atomic import atomic_write
from pathtui.storage.store import Store
from support import run_pathtui
from sync_support import bare_remote, make_devices, needs_git

#: Every command that writes the progress file.
WRITING = [
    ["done", "basics-lists"],
    ["note", "basics-loops", "frozen?"],
    ["log", "1h"],
    ["config", "hours-per-week", "5"],
    ["config", "streaks", "off"],
    ["apply", "Acme", "Backend developer"],
    ["project", "add", "Notes API"],
    ["reset", "--yes"],
]


def mode(file: Path) -> int:
    return stat.S_IMODE(os.stat(file).st_mode)


@pytest.fixture
def frozen(data_dir: Path) -> Path:
    assert run_pathtui("done", "basics-loops").returncode == 0
    file = data_dir / "backend.toml"
    file.chmod(0o444)
    return file


@pytest.mark.parametrize("args", WRITING, ids=" ".join)
def test_every_writing_command_refuses_a_read_only_file(frozen: Path, args: list[str]) -> None:
    before = frozen.read_bytes()
    folder = sorted(p.name for p in frozen.parent.rglob("*"))
    result = run_pathtui(*args)
    assert result.returncode == 1
    assert result.stderr == (
        f"pathtui: Progress file {frozen} is read-only (mode 0444), so pathtui leaves it as "
        "it is and nothing was saved; to let pathtui change it again, run "
        f"chmod u+w {frozen}.\n"
    )
    assert frozen.read_bytes() == before and mode(frozen) == 0o444
    assert sorted(p.name for p in frozen.parent.rglob("*")) == folder  # not even a backup


def test_reading_a_read_only_file_still_works(frozen: Path) -> None:
    for args in (["status"], ["list", "--step", "1"], ["show", "basics-loops"], ["doctor"]):
        result = run_pathtui(*args)
        assert result.returncode == 0, (args, result.stderr)
    assert "1/54 done" in run_pathtui("status").stdout


def test_allowed_again_it_saves_and_keeps_the_mode_it_was_given(frozen: Path) -> None:
    frozen.chmod(0o640)
    assert run_pathtui("done", "basics-lists").returncode == 0
    assert mode(frozen) == 0o640
    assert "2/54 done" in run_pathtui("status").stdout


def test_a_save_keeps_the_files_own_permissions(data_dir: Path) -> None:
    assert run_pathtui("done", "basics-loops").returncode == 0
    file = data_dir / "backend.toml"
    assert mode(file) == 0o600  # a new file is private to its owner
    for wanted in (0o644, 0o604, 0o660):
        file.chmod(wanted)
        assert run_pathtui("log", "10m").returncode == 0
        assert mode(file) == wanted


def test_the_store_and_atomic_write_refuse_it_too(tmp_path: Path) -> None:
    store = Store("backend", tmp_path / "backend.toml")
    progress = store.load(10.0)
    store.save(progress)
    store.file.chmod(0o444)
    progress.set_state("basics-loops", "done")
    with pytest.raises(SaveError, match="read-only"):  # (a ReadOnlyError)
        store.save(progress)
    with pytest.raises(PermissionError):  # code that skips what it cannot write skips it
        atomic_write(store.file, "other")
    assert "basics-loops" not in store.file.read_text()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@needs_git
@pytest.mark.slow
def test_sync_leaves_a_read_only_file_alone_and_finishes_later(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    mine, theirs = make_devices(tmp_path, "mine", "theirs")
    mine.ok("done", "basics-loops")
    mine.ok("sync", "init", str(remote))
    theirs.ok("sync", "init", str(remote))
    theirs.ok("done", "basics-lists")
    theirs.ok("sync")
    mine.file.chmod(0o444)
    before = mine.file.read_bytes()
    result = mine.cli("sync")
    assert result.returncode == 1 and "is read-only (mode 0444)" in result.stderr
    assert mine.file.read_bytes() == before and mode(mine.file) == 0o444
    mine.file.chmod(0o644)
    mine.ok("sync")
    assert mine.read().state("basics-lists") == "done" and mode(mine.file) == 0o644
