"""Promise 4, disk problems: a read-only folder, a full disk, no home folder.

Each ends in one clear sentence and a non-zero exit, the progress file keeps
its bytes, no temp file is left, and the change is still in memory, so the
next save after the problem is fixed writes it.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from pathtui.errors import PathtuiError, SaveError
from pathtui.services.session import Session
from pathtui.storage import locations
from pathtui.storage import store as store_mod
from pathtui.storage.atomic import TEMP_NAME_RE
from pathtui.storage.progressread import read_progress
from support import pathtui_exe

HOOKS = Path(__file__).parents[1] / "fault_hooks"


def run(
    *args: str, env: dict[str, str | None], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed `pathtui` with the fault-injection hooks loaded."""
    full_env = {**os.environ, "PYTHONPATH": str(HOOKS), **env}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    return subprocess.run(
        [pathtui_exe(), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


def one_sentence(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and message.endswith("."), message
    for needle in needles:
        assert needle in message, message
    return message


def saved_session() -> tuple[Session, bytes]:
    """A session with one tick saved; returns it and the file's bytes."""
    session = Session.open()
    session.progress.set_state("basics-loops", "done")
    session.save()
    return session, session.store.file.read_bytes()


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if TEMP_NAME_RE.match(p.name)]


# --------------------------------------------------------------------------- full disk


def _full_at_once(real: object):
    def fail(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    return fail


def _full_after_some_bytes(real):  # the first chunk fits, the rest does not
    state = {"calls": 0}

    def write(fd: int, data: bytes) -> int:
        state["calls"] += 1
        if state["calls"] == 1:
            return real(fd, bytes(data[: max(1, len(data) // 3)]))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


@pytest.mark.parametrize(
    ("call", "make_fault"),
    [
        ("write", _full_at_once),
        ("write", _full_after_some_bytes),
        ("fsync", _full_at_once),
    ],
    ids=["at-write", "after-a-partial-write", "at-fsync"],
)
def test_a_full_disk_damages_nothing_and_the_change_is_kept(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, call: str, make_fault
) -> None:
    session, before = saved_session()
    real = getattr(os, call)
    monkeypatch.setattr(store_mod.os, call, make_fault(real))
    session.progress.set_state("basics-lists", "done")
    session.progress.set_note("basics-lists", "a long note " * 500)
    with pytest.raises(SaveError) as info:
        session.save()
    message = str(info.value)
    assert "the disk is full" in message and str(session.store.file) in message
    assert "free some space and try again" in message
    assert session.store.file.read_bytes() == before
    assert temp_files(data_dir) == []
    assert session.progress.state("basics-lists") == "done", "the change stays in memory"

    monkeypatch.undo()  # space is freed
    session.save()
    saved = read_progress(session.store.file, "backend")
    assert saved is not None
    assert saved.states() == {"basics-loops": "done", "basics-lists": "done"}


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_pathtui_done_on_a_full_disk(data_dir: Path, call: str) -> None:
    _, before = saved_session()
    result = run("done", "basics-lists", env={"PATHTUI_TEST_ENOSPC": call})
    one_sentence(result, "the disk is full", str(data_dir / "backend.toml"))
    assert (data_dir / "backend.toml").read_bytes() == before
    assert temp_files(data_dir) == []
    # The hook really is what failed: without it the same command works.
    assert run("done", "basics-lists", env={}).returncode == 0


# --------------------------------------------------------------------------- read-only folder


def test_a_read_only_data_folder_in_process(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session, before = saved_session()
    if os.geteuid() != 0:  # where the kernel enforces permissions, use them for real
        data_dir.chmod(0o555)
        session.progress.set_state("basics-functions", "done")
        with pytest.raises(SaveError, match="read-only or not writable"):
            session.save()
        data_dir.chmod(0o755)
    real_open = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(data_dir)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(store_mod.os, "open", read_only)
    session.progress.set_state("basics-lists", "learning")
    with pytest.raises(SaveError) as info:
        session.save()
    message = str(info.value)
    assert f"the folder {data_dir} is read-only or not writable" in message
    assert "PATHTUI_DATA_DIR" in message
    assert session.store.file.read_bytes() == before
    assert session.progress.state("basics-lists") == "learning"
    monkeypatch.undo()
    session.save()
    saved = read_progress(session.store.file, "backend")
    assert saved is not None and saved.state("basics-lists") == "learning"


def test_pathtui_on_a_read_only_data_folder(data_dir: Path) -> None:
    _, before = saved_session()
    env = {"PATHTUI_TEST_READONLY": str(data_dir)}
    for args in (["done", "basics-lists"], ["reset", "--yes"], ["config", "hours-per-week", "5"]):
        one_sentence(run(*args, env=env), "read-only or not writable", str(data_dir))
    status = run("status", env=env)
    assert status.returncode == 0 and "1/54 done" in status.stdout, status.stderr
    assert (data_dir / "backend.toml").read_bytes() == before
    assert not (data_dir / "backups").exists()
    assert temp_files(data_dir) == []


# --------------------------------------------------------------------------- no home


def test_no_home_no_xdg_and_no_account_entry_is_one_clear_sentence(tmp_path: Path) -> None:
    env: dict[str, str | None] = {
        "PATHTUI_DATA_DIR": None,
        "HOME": None,
        "XDG_DATA_HOME": None,
        "PATHTUI_TEST_NO_PASSWD": "1",
    }
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    for args in (["status"], ["done", "basics-loops"], ["list"], ["reset", "--yes"]):
        result = run(*args, env=env, cwd=cwd)
        one_sentence(result, "Cannot find a home folder", "set HOME or PATHTUI_DATA_DIR")
    assert list(cwd.iterdir()) == [], "nothing may be written relative to the current folder"


def test_relative_home_and_xdg_are_not_used(tmp_path: Path) -> None:
    """A relative $HOME or $XDG_DATA_HOME would scatter progress over whatever
    folder pathtui runs in; they are ignored, like platformdirs does."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    env: dict[str, str | None] = {
        "PATHTUI_DATA_DIR": None,
        "HOME": "relative-home",
        "XDG_DATA_HOME": "relative-xdg",
        "PATHTUI_TEST_NO_PASSWD": "1",
    }
    result = run("done", "basics-loops", env=env, cwd=cwd)
    one_sentence(result, "Cannot find a home folder")
    assert list(cwd.iterdir()) == []


def test_home_without_xdg_uses_the_standard_place(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env: dict[str, str | None] = {
        "PATHTUI_DATA_DIR": None,
        "XDG_DATA_HOME": None,
        "HOME": str(home),
    }
    result = run("done", "basics-loops", env=env)
    assert result.returncode == 0, result.stderr
    saved = read_progress(home / ".local" / "share" / "pathtui" / "backend.toml", "backend")
    assert saved is not None and saved.states() == {"basics-loops": "done"}


def test_no_home_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import pwd

    monkeypatch.delenv(locations.DATA_DIR_ENV)
    monkeypatch.delenv("HOME")
    monkeypatch.delenv("XDG_DATA_HOME")

    def no_entry(uid: int) -> None:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    with pytest.raises(PathtuiError, match="Cannot find a home folder"):
        Session.open()
