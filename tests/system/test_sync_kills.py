"""SIGKILL at many moments of a real ``pathtui sync`` round, then the next round
succeeds and sends everything.

A kill of the whole device's side (pathtui and every git it started, as a
lost power would) can leave git's lock files behind: half the kills land at
moments spread over a round, half the moment git takes a lock. The remote's
own processes (``git-receive-pack`` and ``git-upload-pack``, which on a real
remote run on another machine) are spared.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from pathtui.sync.git import OWN_LOCK_PREFIX, lock_files
from support import pathtui_exe
from sync_support import PATH_ID, bare_remote, git, make_devices, needs_git

pytestmark = [needs_git, pytest.mark.slow]

#: Kills, spread over the length of a round.
KILLS = 30
#: Each kill is also followed by a change, so every round has something to send.
ITEMS = ("basics-language", "basics-loops", "basics-variables", "basics-lists")
STATES = ("done", "learning", "skip", "todo")
#: The remote's side of git's transport: not this device's to kill.
REMOTE_SIDE = (b"receive-pack", b"upload-pack")


def _kids(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as handle:
                found += [int(n) for n in handle.read().split()]
        except OSError:
            continue
    return found


def _remote_side(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            cmdline = handle.read()
    except OSError:
        return False
    return any(side in cmdline for side in REMOTE_SIDE)


def device_side(pid: int) -> list[int]:
    """``pid`` and its descendants, the remote's side (and what it started) left out."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += [kid for kid in _kids(current) if not _remote_side(kid)]
    return found


def kill_device_side(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL pathtui and every process it started on this device (each git runs
    in a process group of its own, so a group kill would miss them)."""
    for pid in device_side(process.pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()


def wait_for_a_lock(git_dir: Path, seconds: float) -> None:
    """Return the moment git holds a lock file in ``git_dir`` (or after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            names = os.listdir(git_dir)
        except OSError:
            continue
        if any(n.endswith(".lock") and not n.startswith(OWN_LOCK_PREFIX) for n in names):
            return


def test_a_round_killed_at_any_moment_is_finished_by_the_next(
    tmp_path: Path, record_property
) -> None:
    a, b = make_devices(tmp_path, "a", "b")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    env = {**os.environ, **a.env()}
    command = [pathtui_exe(), "sync"]

    # How long a whole round takes here (the machine may be busy): the kills
    # are spread over a little more than that.
    start = time.monotonic()
    subprocess.run(command, env=env, capture_output=True, check=True)
    round_seconds = time.monotonic() - start

    locks_left = notices = 0
    for i in range(KILLS):
        item, state = ITEMS[i % len(ITEMS)], STATES[(i // len(ITEMS)) % len(STATES)]
        a.ok(state, item)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        if i % 2:  # at a moment spread over the round
            time.sleep(round_seconds * 1.2 * i / KILLS)
        else:  # the moment git takes one of its locks
            wait_for_a_lock(a.data / ".git", round_seconds * 1.5)
        kill_device_side(process)
        locks_left += bool(lock_files(a.data / ".git"))
        if i % 3 == 2:  # now and then a round runs to its end between kills
            done = a.cli("sync")
            assert done.returncode == 0, f"after kill {i + 1}: {done.stderr}"
            notices += "a lock file left by a git that was stopped" in done.stderr
            assert lock_files(a.data / ".git") == []

    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    notices += "a lock file left by a git that was stopped" in done.stderr
    assert lock_files(a.data / ".git") == []
    assert "nothing waits to be sent" in a.ok("doctor")
    b.ok("sync")
    mine = read_progress(a.file, PATH_ID)
    theirs = read_progress(b.file, PATH_ID)
    assert mine is not None and theirs is not None
    assert mine.states() == theirs.states(), "everything reached the other device"
    assert a.file.read_bytes() == b.file.read_bytes()
    git(a.data, "fsck", "--no-progress")
    record_property(
        "safety",
        f"{KILLS} SIGKILLs of a sync round (pathtui and its git): {locks_left} left a git lock "
        f"file, {notices} rounds removed one, every next round succeeded and sent everything",
    )
