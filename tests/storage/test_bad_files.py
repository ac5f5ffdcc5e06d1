"""Promise 3, bad files are refused, never overwritten.

Each kind of bad progress file goes through the installed `pathtui` (status,
done, list, reset): every command gives one sentence on stderr naming the file
and what to do, exits non-zero, prints no traceback, and leaves the file's
bytes, and the folder around it, exactly as they were. (A file whose frame is
sound but holds a bad value is read, with that value set aside:
``test_set_aside.py``.)
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import random
import subprocess
from pathlib import Path

import pytest

from pathtui.errors import ProgressFileError
from pathtui.model.progress import Progress
from pathtui.services.session import Session
from pathtui.storage import store as store_mod
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store
from support import pathtui_exe, run_pathtui

T0 = dt.datetime(2026, 2, 1, 8, 30, tzinfo=dt.UTC)
COMMANDS = (["status"], ["done", "basics-loops"], ["list"], ["reset", "--yes"])
#: Every refusal tells the learner one of these ways out.
WAYS_OUT = (
    "rename it",
    "restore your newest backup that holds progress",
    "fix it by hand",
    "upgrade pathtui",
    "chmod u+rw",
    "move it aside",
)


def good_progress() -> Progress:
    p = Progress.new("backend", 10, now=T0)
    p.set_state("basics-loops", "done", now=T0)
    p.set_state("basics-lists", "learning", now=T0)
    p.set_note("basics-lists", "chapter 3", now=T0)
    return p


GOOD = dumps(good_progress())
ITEM_LINE = next(line for line in GOOD.splitlines() if line.startswith("basics-loops"))

BAD_FILES: dict[str, bytes] = {
    "empty": b"",
    "only-whitespace": b"\n   \n\t\n",
    "truncated-mid-item": GOOD.encode()[: GOOD.index(ITEM_LINE) + len(ITEM_LINE) // 2],
    "truncated-mid-header": GOOD.encode()[: GOOD.index("path_id") + 12],
    "random-bytes": random.Random(4).randbytes(512),
    "another-programs-toml": b'[tool.poetry]\nname = "demo"\nversion = "1.0"\n',
    "another-path": GOOD.replace('path_id = "backend"', 'path_id = "frontend"').encode(),
    "duplicate-keys": GOOD.replace(ITEM_LINE, ITEM_LINE + "\n" + ITEM_LINE).encode(),
    "schema-is-text": GOOD.replace("schema = 2", 'schema = "2"').encode(),
    "nested-too-deep": (GOOD + "deep = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "future-schema-unreadable": GOOD.replace("schema = 2", "schema = 7")
    .replace('state = "done"', 'state = "paused"')
    .encode(),
}


#: What each refusal must say about the problem (beyond naming the file).
EXPECTED = {
    "empty": "is empty",
    "only-whitespace": "is empty",
    "truncated-mid-item": "is not valid TOML",
    "truncated-mid-header": "is not valid TOML",
    "random-bytes": "is not text",
    "another-programs-toml": "is not a pathtui progress file",
    "another-path": "belongs to path 'frontend', not 'backend'",
    "duplicate-keys": "a key is set twice (at line",
    "schema-is-text": "is not a pathtui progress file",
    "nested-too-deep": "is not a TOML file pathtui can read",
    "future-schema-unreadable": "newer pathtui (schema 7; this one reads schema 2)",
}


def run_all(
    commands: list[list[str]], env: dict[str, str] | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """Run several `pathtui` commands (they only read a bad file).

    In this process, unless ``env`` loads the fault-injection hooks: then each
    runs as the installed script in its own process, all at once.
    """
    if "PYTHONPATH" not in (env or {}):
        return [run_pathtui(*args, env=env) for args in commands]
    full_env = {**os.environ, **(env or {})}
    procs = [
        subprocess.Popen(
            [pathtui_exe(), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=full_env,
        )
        for args in commands
    ]
    results = []
    for args, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(args, proc.returncode, out, err))
    return results


def assert_refused(result: subprocess.CompletedProcess[str], file: Path) -> str:
    """Non-zero exit, one sentence naming the file and a way out, no traceback."""
    assert result.returncode != 0, f"{result.args} succeeded on a bad file:\n{result.stdout}"
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1, message
    assert message.startswith("pathtui: ") and message.endswith("."), message
    assert str(file) in message, message
    assert any(way in message for way in WAYS_OUT), message
    return message


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for folders)."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_progress_file_is_refused_by_every_command(data_dir: Path, case: str) -> None:
    data_dir.mkdir(parents=True)
    file = data_dir / "backend.toml"
    file.write_bytes(BAD_FILES[case])
    before = snapshot(data_dir)
    for result in run_all([list(c) for c in COMMANDS]):
        message = assert_refused(result, file)
        assert EXPECTED[case] in message
    assert snapshot(data_dir) == before, "the bad file or its folder changed"


def test_the_message_points_at_the_newest_backup(data_dir: Path) -> None:
    session = Session.open()
    session.progress.set_state("basics-loops", "done")
    session.save()
    session.store.backup(now=T0)
    newest = session.store.backup(now=T0 + dt.timedelta(days=3))
    assert newest is not None
    session.store.file.write_bytes(b"schema = 1\npath_id = ")
    result = run_all([["done", "basics-lists"]])[0]
    message = assert_refused(result, session.store.file)
    assert f"restore your newest backup that holds progress, {newest} (1 item" in message
    assert f"`pathtui restore {newest.name}`" in message
    assert session.store.file.read_bytes() == b"schema = 1\npath_id = "


def test_a_future_schema_file_is_read_but_never_written(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    file = data_dir / "backend.toml"
    text = GOOD.replace("schema = 2", "schema = 3") + "\n[streak_rules]\nfreeze_days = 2\n"
    file.write_text(text, encoding="utf-8")
    status, listing, done, reset, config = run_all(
        [
            ["status"],
            ["list", "--step", "1"],
            ["done", "basics-functions"],
            ["reset", "--yes"],
            ["config", "hours-per-week", "12"],
        ]
    )
    assert status.returncode == 0 and "1/54 done" in status.stdout, status.stderr
    assert listing.returncode == 0 and "\tdone\t" in listing.stdout, listing.stderr
    for result in (done, reset, config):
        message = assert_refused(result, file)
        assert "newer pathtui" in message and "read-only" in message
    assert file.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in data_dir.iterdir()) == ["backend.toml"]


def test_a_progress_file_that_is_a_folder(data_dir: Path) -> None:
    folder = data_dir / "backend.toml"
    folder.mkdir(parents=True)
    (folder / "keep.txt").write_text("mine")
    before = snapshot(data_dir)
    for result in run_all([list(c) for c in COMMANDS]):
        assert "is a folder" in assert_refused(result, folder)
    assert snapshot(data_dir) == before


def test_a_data_folder_that_is_a_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data-is-a-file"
    not_a_folder.write_text("something else\n")
    env = {"PATHTUI_DATA_DIR": str(not_a_folder)}
    for result in run_all([list(c) for c in COMMANDS], env=env):
        assert result.returncode != 0 and "Traceback" not in result.stderr
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and str(not_a_folder) in message, message
        assert "PATHTUI_DATA_DIR" in message
    assert not_a_folder.read_text() == "something else\n"


def test_a_missing_data_folder_is_created_only_by_a_change(tmp_path: Path) -> None:
    missing = tmp_path / "not" / "yet"
    env = {"PATHTUI_DATA_DIR": str(missing)}
    status, listing, reset = run_all([["status"], ["list"], ["reset", "--yes"]], env=env)
    assert status.returncode == 0 and "0/54 done" in status.stdout, status.stderr
    assert listing.returncode == 0 and "basics-loops" in listing.stdout, listing.stderr
    assert reset.returncode == 0 and "Nothing to reset" in reset.stdout, reset.stderr
    assert not (tmp_path / "not").exists(), "reading must create nothing"
    (done,) = run_all([["done", "basics-loops"]], env=env)
    assert done.returncode == 0, done.stderr
    saved = read_progress(missing / "backend.toml", "backend")
    assert saved is not None and saved.states() == {"basics-loops": "done"}


# --------------------------------------------------------------------------- unreadable

#: sitecustomize.py there fails system calls as the kernel would (tests run
#: as root in CI, where chmod 000 does not stop reads).
HOOKS = Path(__file__).parents[1] / "fault_hooks"


def test_an_unreadable_progress_file(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    file = data_dir / "backend.toml"
    file.write_text(GOOD, encoding="utf-8")
    env = {"PYTHONPATH": str(HOOKS), "PATHTUI_TEST_DENY": str(file)}
    before = snapshot(data_dir)
    for result in run_all([list(c) for c in COMMANDS], env=env):
        message = assert_refused(result, file)
        assert "permission denied" in message and f"chmod u+rw {file}" in message
    assert snapshot(data_dir) == before
    # Without the hook the same file reads fine: the refusal came from the denial.
    (status,) = run_all([["status"]])
    assert status.returncode == 0 and "1/54 done" in status.stdout, status.stderr


def test_an_unreadable_progress_file_in_process(data_dir: Path, monkeypatch) -> None:
    data_dir.mkdir(parents=True)
    file = data_dir / "backend.toml"
    file.write_text(GOOD, encoding="utf-8")
    if os.geteuid() != 0:  # a real denial where the kernel enforces one
        file.chmod(0)
        with pytest.raises(ProgressFileError, match="permission denied"):
            Session.open()
        file.chmod(0o600)
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if os.fspath(path) == str(file):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(store_mod.os, "open", deny)
    with pytest.raises(ProgressFileError, match="permission denied") as info:
        Session.open()
    assert str(file) in str(info.value)
    store = Store("backend", file)
    with pytest.raises(ProgressFileError):
        store.save(good_progress())
    monkeypatch.undo()
    assert file.read_text(encoding="utf-8") == GOOD


def test_a_bad_file_appearing_while_open_is_not_overwritten(data_dir: Path) -> None:
    """Another program damages the file while a tracker has it open: the
    tracker's next save refuses rather than replacing it."""
    session = Session.open()
    session.progress.set_state("basics-loops", "done")
    session.save()
    session.store.file.write_bytes(b"garbage = [")
    session.progress.set_state("basics-lists", "done")
    with pytest.raises(ProgressFileError, match="not valid TOML"):
        session.save()
    assert session.store.file.read_bytes() == b"garbage = ["
    assert session.progress.state("basics-lists") == "done", "the change stays in memory"


def test_a_named_pipe_in_place_of_the_progress_file_does_not_hang(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    fifo = data_dir / "backend.toml"
    os.mkfifo(fifo)
    for result in run_all([["status"], ["done", "basics-loops"]]):
        assert "not a regular file" in assert_refused(result, fifo)
    with pytest.raises(ProgressFileError, match="not a regular file"):
        read_progress(fifo, "backend")
