"""Faults around a sync round: a lock left by a killed git, a round that keeps
failing, a remote that accepts connections and never answers.

Real git, local bare repositories, and a TCP server on 127.0.0.1 that never
answers (``sync_support.hanging_server``).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pathtui.sync import outcome
from pathtui.sync.git import Git, GitStopped, stale_locks
from support import run_pathtui
from sync_support import (
    PATH_ID,
    Device,
    bare_remote,
    hanging_server,
    make_devices,
    needs_git,
    processes_mentioning,
)

pytestmark = needs_git

#: How long a test lets a hung remote be waited on (the bound under test is 1 s).
BOUND = "1"
#: A round against a hung remote must end well within this, bound included
#: (the default bound is 15 s, the old one 120 s: either would blow it).
GENEROUS_SECONDS = 10.0
#: How long a killed helper may take to disappear from the process table.
REAPED_SECONDS = 3.0


def one_sentence(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture
def synced(tmp_path: Path) -> tuple[Device, Device, Path]:
    a, b = make_devices(tmp_path, "a", "b")
    remote = bare_remote(tmp_path)
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    return a, b, remote


# --------------------------------------------------------------------------- stale locks


def test_a_lock_left_by_a_killed_git_is_removed_with_a_notice(
    synced: tuple[Device, Device, Path],
) -> None:
    """The issue's repro: an index.lock no git holds used to stop sync for good."""
    a, b, _ = synced
    lock = a.data / ".git" / "index.lock"
    lock.touch()
    a.ok("note", "basics-loops", "after the crash")
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert one_sentence(done.stderr) == (
        f"pathtui: Removed {lock}, a lock file left by a git that was stopped before it finished."
    )
    assert "sent 1 change" in done.stdout
    assert not lock.exists()
    b.ok("sync")
    assert b.read().note("basics-loops") == "after the crash"


def test_the_lock_of_a_git_killed_while_it_held_it_is_removed_by_the_next_round(
    synced: tuple[Device, Device, Path],
) -> None:
    """A real git, killed with SIGKILL while it holds the index lock (it waits
    for its input, so the moment is certain), leaves the lock for real."""
    a, b, _ = synced
    lock = a.data / ".git" / "index.lock"
    holder = subprocess.Popen(
        ["git", "-C", str(a.data), "update-index", "--index-info"], stdin=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + GENEROUS_SECONDS
        while not lock.exists():
            assert time.monotonic() < deadline, "git never took the index lock"
            time.sleep(0.01)
        assert stale_locks(a.data / ".git") == [], "a running git holds it"
    finally:
        holder.kill()
        holder.wait()
    assert lock.exists(), "SIGKILL left the lock behind"
    a.ok("done", "basics-loops")
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert "a lock file left by a git that was stopped before it finished" in done.stderr
    assert "sent 1 change" in done.stdout
    b.ok("sync")
    assert b.read().state("basics-loops") == "done"


def test_ref_and_head_locks_are_stale_too_but_pathtui_s_own_lock_is_not(
    synced: tuple[Device, Device, Path],
) -> None:
    a, _, _ = synced
    git_dir = a.data / ".git"
    ref_lock = git_dir / "refs" / "heads" / "main.lock"
    head_lock = git_dir / "HEAD.lock"
    ref_lock.touch()
    head_lock.touch()
    assert stale_locks(git_dir) == sorted([head_lock, ref_lock])
    a.ok("done", "basics-loops")
    done = a.cli("sync")
    assert done.returncode == 0, done.stderr
    assert not ref_lock.exists() and not head_lock.exists()
    assert (git_dir / "pathtui-sync.lock").exists(), "pathtui's own lock file stays"


def test_a_lock_a_running_program_holds_is_left_alone_and_named(
    synced: tuple[Device, Device, Path],
) -> None:
    """A git run by hand (here: any process holding the file open) is never robbed
    of its lock; the round fails with a sentence that names the file, and doctor
    reports the failing sync instead of "All good"."""
    a, _, _ = synced
    lock = a.data / ".git" / "index.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; f = open(sys.argv[1], 'w'); print('open', flush=True); "
            "time.sleep(60)",
            str(lock),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert stale_locks(a.data / ".git") == []
        a.ok("done", "basics-loops")
        failed = a.cli("sync")
        assert failed.returncode == 1
        sentence = one_sentence(failed.stderr)
        assert sentence.startswith(f"pathtui: git could not lock {lock}: another git program")
        assert lock.exists()
        doctor = a.cli("doctor")
        assert doctor.returncode == 1
        assert f"{lock} is held by a git that is running now." in doctor.stdout
        assert "The last pathtui sync here (" in doctor.stderr
        assert "so your changes since then have not reached your other devices" in doctor.stderr
        assert f"git could not lock {lock}" in doctor.stderr
        assert "All good" not in doctor.stdout
    finally:
        holder.kill()
        holder.wait()
    done = a.cli("sync")  # the holder is gone: its lock is stale now
    assert done.returncode == 0, done.stderr
    assert "sent 1 change" in done.stdout
    assert "All good" in a.ok("doctor")


def test_doctor_names_a_stale_lock_before_the_next_round_removes_it(
    synced: tuple[Device, Device, Path],
) -> None:
    a, _, _ = synced
    lock = a.data / ".git" / "index.lock"
    lock.touch()
    out = a.ok("doctor")
    assert (
        f"{lock} was left by a git that was stopped before it finished; "
        "the next pathtui sync removes it."
    ) in out
    assert lock.exists(), "doctor reports; the round under pathtui's own lock removes"


# --------------------------------------------------------------------------- the last round


def test_doctor_reports_a_round_that_failed_until_one_works(
    synced: tuple[Device, Device, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, remote = synced
    a.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))
    a.ok("done", "basics-loops")
    for _ in range(2):
        failed = a.cli("sync")
        assert failed.returncode == 1
    a.use(monkeypatch)
    last = outcome.last(a.data)
    assert last is not None and not last.ok
    assert last.failing_since is not None and last.failing_since < last.at
    assert last.message.startswith(f"The remote {tmp_path / 'gone.git'} is not a git repository")
    doctor = a.cli("doctor")
    assert doctor.returncode == 1
    problem = [ln for ln in doctor.stderr.splitlines() if "The last pathtui sync here" in ln]
    assert len(problem) == 1
    assert "it has failed every time since" in problem[0]
    assert "is not a git repository pathtui can use" in problem[0]
    a.git("remote", "set-url", "origin", str(remote))
    a.ok("sync")
    last = outcome.last(a.data)
    assert last is not None and last.ok and last.failing_since is None
    assert "All good" in a.ok("doctor")


# --------------------------------------------------------------------------- a hung remote


def test_a_remote_that_never_answers_is_given_up_within_the_bound(
    synced: tuple[Device, Device, Path],
) -> None:
    """git:// to a server that accepts and never answers: the round ends after
    PATHTUI_SYNC_TIMEOUT seconds with one sentence, and no git is left running."""
    a, _, _ = synced
    a.ok("done", "basics-loops")
    before = a.file.read_bytes()
    with hanging_server() as hung:
        url = f"git://127.0.0.1:{hung.port}/remote.git"
        a.git("remote", "set-url", "origin", url)
        start = time.monotonic()
        failed = a.cli("sync", env={"PATHTUI_SYNC_TIMEOUT": BOUND})
        took = time.monotonic() - start
        assert failed.returncode == 1
        assert one_sentence(failed.stderr) == (
            f"pathtui: The remote {url} did not answer within 1 seconds, so pathtui stopped "
            "waiting (nothing was changed); check your connection and run pathtui sync "
            "again, or give it longer with PATHTUI_SYNC_TIMEOUT=SECONDS."
        )
        assert took < GENEROUS_SECONDS
        assert len(hung.connections) == 1, "git did reach the remote"
        assert processes_mentioning(str(a.data)) == [], "no git is left running"
    assert a.file.read_bytes() == before


def test_an_http_remote_that_never_answers_leaves_no_helper_behind(
    synced: tuple[Device, Device, Path],
) -> None:
    """Over http git runs a helper (git-remote-http) that holds the output pipes:
    killing git alone would leave the round waiting on it."""
    a, _, _ = synced
    with hanging_server() as hung:
        url = f"http://127.0.0.1:{hung.port}/remote.git"
        a.git("remote", "set-url", "origin", url)
        start = time.monotonic()
        failed = a.cli("sync", env={"PATHTUI_SYNC_TIMEOUT": BOUND})
        assert time.monotonic() - start < GENEROUS_SECONDS
        assert failed.returncode == 1
        assert "did not answer within 1 seconds" in one_sentence(failed.stderr)
        assert hung.connections, "git's helper did reach the remote"
        assert processes_mentioning(url) == [], "no helper is left running"
        assert processes_mentioning(str(a.data)) == []


def test_a_learners_own_git_ssh_is_used_and_still_bounded(tmp_path: Path) -> None:
    """GIT_SSH (not GIT_SSH_COMMAND) is the learner's ssh: pathtui runs it
    rather than plain ssh, and a remote behind it that never answers is given
    up within the bound, with the command that was run as the one to retry."""
    from group_support import learners

    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    ran = tmp_path / "ssh-ran"
    slow = tmp_path / "slowssh"
    # ``-G`` is git asking which ssh this is (answered at once, as ssh does)
    slow.write_text(
        f'#!/bin/sh\n[ "$1" = -G ] && exit 0\necho "$@" > {ran}\nwhile :; do sleep 1; done\n'
    )
    slow.chmod(0o755)
    env = {**cat.env(), "GIT_SSH": str(slow), "PATHTUI_SYNC_TIMEOUT": BOUND}
    env.pop("GIT_SSH_COMMAND", None)
    start = time.monotonic()
    failed = run_pathtui("group", "join", "nobody@127.0.0.1:group.git", env=env)
    assert time.monotonic() - start < GENEROUS_SECONDS
    assert failed.returncode == 1
    sentence = one_sentence(failed.stderr)
    assert "did not answer within 1 seconds" in sentence
    assert "run pathtui group join again" in sentence
    assert "127.0.0.1" in ran.read_text(), "the learner's GIT_SSH ran"
    deadline = time.monotonic() + REAPED_SECONDS  # killed, but perhaps not yet gone
    while processes_mentioning(str(slow)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_mentioning(str(slow)) == [], "no ssh is left running"


@pytest.mark.parametrize("value", ["soon", "0", "-3", "nan", "100000"])
def test_a_bad_timeout_setting_is_one_sentence(
    synced: tuple[Device, Device, Path], value: str
) -> None:
    a, _, _ = synced
    failed = a.cli("sync", env={"PATHTUI_SYNC_TIMEOUT": value})
    assert failed.returncode == 1
    assert one_sentence(failed.stderr) == (
        "pathtui: PATHTUI_SYNC_TIMEOUT must be a number of seconds above 0 and at most "
        f"3600, not {value!r}; nothing was changed."
    )


def test_a_waiting_git_stops_at_once_when_asked(tmp_path: Path) -> None:
    """What the tracker does as it closes: the round on open stops waiting."""
    stop = threading.Event()
    git = Git(tmp_path, stop=stop)
    caught: list[BaseException] = []

    def probe(url: str) -> None:
        try:
            git.run("ls-remote", url, network=True)
        except BaseException as exc:  # the test looks at what it was
            caught.append(exc)

    with hanging_server() as hung:
        url = f"git://127.0.0.1:{hung.port}/remote.git"
        worker = threading.Thread(target=probe, args=(url,))
        worker.start()
        deadline = time.monotonic() + GENEROUS_SECONDS
        while not hung.connections:
            assert time.monotonic() < deadline, "git never reached the remote"
            time.sleep(0.05)
        assert worker.is_alive(), "the remote does not answer, so git still waits"
        stopped_at = time.monotonic()
        stop.set()
        worker.join(GENEROUS_SECONDS)
        assert not worker.is_alive()
        assert time.monotonic() - stopped_at < 2.0
        assert len(caught) == 1 and isinstance(caught[0], GitStopped)
        assert processes_mentioning(url) == []


def test_the_state_record_lives_outside_the_data_folder(
    synced: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, _ = synced
    a.ok("sync")
    a.use(monkeypatch)
    assert outcome.last(a.data) is not None
    inside = [p for p in a.data.rglob("*") if "sync" in p.name and p.suffix == ".json"]
    assert inside == []
    assert list((a.state / "sync").glob("*.json"))
    assert f"{PATH_ID}.toml" in a.git("ls-files")
