"""``pathtui sync`` with real git: local bare repositories as remotes, data folders as devices."""

from __future__ import annotations

import http.server
import os
import re
import shlex
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pathtui.sync import progress
from pathtui.sync.git import git_env
from pathtui.sync.merge import merge_driver
from support import pathtui_exe
from sync_support import PATH_ID, Device, bare_remote, git, make_devices, needs_git, snapshot

pytestmark = needs_git


def one_sentence(stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def remote_file(remote: Path) -> bytes:
    return git(remote, "show", f"{progress.BRANCH}:{PATH_ID}.toml").encode() + b"\n"


@pytest.fixture
def two(tmp_path: Path) -> tuple[Device, Device, Path]:
    a, b = make_devices(tmp_path, "a", "b")
    return a, b, bare_remote(tmp_path)


def test_init_against_an_empty_remote_sends_the_progress(two: tuple[Device, Device, Path]) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    out = a.ok("sync", "init", str(remote))
    assert out.strip() == f"Synced with {remote}: sent 1 change, received 0 changes."
    assert remote_file(remote) == a.file.read_bytes()
    ignored = (a.data / ".gitignore").read_text()
    for pattern in ("*.lock", "*.tmp", "backups/", ".status-cache-*"):
        assert pattern in ignored.splitlines()
    assert "*.toml merge=pathtui" in (a.data / ".gitattributes").read_text()
    assert "merge-driver" in a.git("config", "merge.pathtui.driver")
    tracked = a.git("ls-tree", "-r", "--name-only", "HEAD").splitlines()
    assert sorted(tracked) == [".gitattributes", ".gitignore", f"{PATH_ID}.toml"]


def test_init_sends_even_progress_with_nothing_ticked_and_says_so(
    two: tuple[Device, Device, Path],
) -> None:
    """A fresh start (say, right after a reset) has no changes to count, but the
    first push still sends the file: the line must not say "nothing to send"."""
    a, _, remote = two
    a.ok("done", "basics-language")
    a.ok("reset", "--yes")
    out = a.ok("sync", "init", str(remote))
    assert out.strip() == f"Synced with {remote}: sent your progress (the remote had none yet)."
    assert remote_file(remote) == a.file.read_bytes()
    again = a.ok("sync")
    assert again.strip() == f"Up to date with {remote}: nothing to send or receive."


def test_a_progress_file_first_made_after_sync_init_is_said_to_be_sent(
    two: tuple[Device, Device, Path],
) -> None:
    """Sync set up before any progress: the file a later command makes (here a
    setting, with nothing ticked) is sent, and the line says so."""
    a, b, remote = two
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    assert not a.file.exists() and not b.file.exists()
    a.ok("config", "hours-per-week", "12")
    out = a.ok("sync").strip()
    assert out == f"Synced with {remote}: sent your progress (the remote had none yet)."
    assert remote_file(remote) == a.file.read_bytes()
    out = b.ok("sync").strip()
    assert out == f"Synced with {remote}: received your progress (this device had none yet)."
    assert "12 h/week" in b.ok("status")


def test_init_against_a_remote_with_progress_merges_it_in(
    two: tuple[Device, Device, Path],
) -> None:
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("note", "basics-loops", "for and while")
    a.ok("sync", "init", str(remote))
    b.ok("learning", "basics-variables")
    b.ok("config", "hours-per-week", "12")
    out = b.ok("sync", "init", str(remote))
    assert "received 2 changes" in out
    mine = b.read()
    assert mine.state("basics-language") == "done"
    assert mine.note("basics-loops") == "for and while"
    assert mine.state("basics-variables") == "learning"
    assert mine.settings.hours_per_week == 12
    a.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes() == remote_file(remote)


def test_two_devices_tick_different_and_same_items_and_converge(
    two: tuple[Device, Device, Path],
) -> None:
    a, b, remote = two
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    a.ok("done", "basics-language", "basics-loops")
    b.ok("skip", "basics-variables")
    b.ok("learning", "basics-loops")  # the same item, later: this one wins
    a.ok("note", "basics-lists", "from A")
    b.ok("log", "1.5", "--item", "basics-lists")
    for device in (a, b, a):
        device.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes() == remote_file(remote)
    final = a.read()
    assert final.state("basics-language") == "done"
    assert final.state("basics-variables") == "skipped"
    assert final.state("basics-loops") == "learning"
    assert final.note("basics-lists") == "from A"
    assert [e.hours for e in final.live_log()] == [1.5]
    assert b.ok("sync").strip().startswith("Up to date")


def test_a_backup_is_written_before_each_sync_merge(two: tuple[Device, Device, Path]) -> None:
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("done", "basics-loops")
    before = b.file.read_bytes()
    b.ok("sync", "init", str(remote))
    backups = (b.data / "backups").glob(f"{PATH_ID}-*.toml")
    assert any(p.read_bytes() == before for p in backups), "the file as it was before the merge"
    assert b"backups" not in git(remote, "ls-tree", "-r", "--name-only", "main").encode()


@pytest.mark.slow
def test_a_rejected_push_is_retried(
    two: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """B pushes between A's fetch and A's push: A's push is rejected, A tries again."""
    a, b, remote = two
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    a.ok("done", "basics-language")
    b.ok("done", "basics-loops")
    real_fetch = progress.fetch
    raced: list[str] = []

    def fetch_then_race(git_: progress.Git, url: str) -> str | None:
        tip = real_fetch(git_, url)
        if not raced and git_.folder == a.data:
            raced.append("")  # B's own fetch (in this process too) must not race again
            raced[0] = b.ok("sync")
        return tip

    monkeypatch.setattr(progress, "fetch", fetch_then_race)
    a.use(monkeypatch)
    outcome = progress.sync(a.data)
    assert raced and "sent 1 change" in raced[0]
    assert outcome.attempts == 2
    assert outcome.pushed
    b.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes() == remote_file(remote)
    assert a.read().state("basics-loops") == b.read().state("basics-language") == "done"


def test_an_unreachable_remote_is_one_sentence_and_changes_nothing(
    two: tuple[Device, Device, Path],
) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    before = snapshot(a.data)
    # Port 9 (discard) on this machine: nothing listens, the connection is refused.
    failed = a.cli("sync", "init", "http://127.0.0.1:9/progress.git")
    assert failed.returncode != 0
    assert "Could not reach the remote" in one_sentence(failed.stderr)
    assert snapshot(a.data) == before
    a.ok("sync", "init", str(remote))
    a.ok("done", "basics-loops")
    a.git("remote", "set-url", "origin", "http://127.0.0.1:9/progress.git")
    before, head = snapshot(a.data), a.git("rev-parse", "HEAD")
    failed = a.cli("sync")
    assert failed.returncode != 0
    assert "Could not reach the remote http://127.0.0.1:9/progress.git" in one_sentence(
        failed.stderr
    )
    assert snapshot(a.data) == before
    assert a.git("rev-parse", "HEAD") == head


def test_a_bad_remote_is_one_sentence_and_creates_nothing(
    two: tuple[Device, Device, Path], tmp_path: Path
) -> None:
    a, _, _ = two
    a.ok("done", "basics-language")
    before = snapshot(a.data)
    failed = a.cli("sync", "init", str(tmp_path / "no-such-repo.git"))
    assert failed.returncode != 0
    assert "not a git repository pathtui can use" in one_sentence(failed.stderr)
    assert snapshot(a.data) == before
    not_a_repo = tmp_path / "plain-folder"
    not_a_repo.mkdir()
    failed = a.cli("sync", "init", str(not_a_repo))
    assert failed.returncode != 0
    one_sentence(failed.stderr)
    assert snapshot(a.data) == before


def test_sync_before_init_says_what_to_do(two: tuple[Device, Device, Path]) -> None:
    a, _, _ = two
    a.ok("done", "basics-language")
    failed = a.cli("sync")
    assert failed.returncode != 0
    assert "pathtui sync init REMOTE" in one_sentence(failed.stderr)


def test_missing_git_is_one_sentence_and_changes_nothing(
    two: tuple[Device, Device, Path], tmp_path: Path
) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    a.ok("done", "basics-loops")
    before = snapshot(a.data)
    empty = tmp_path / "no-git-here"
    empty.mkdir()
    for args in (("sync",), ("sync", "init", str(remote))):
        failed = a.cli(*args, env={"PATH": str(empty)})
        assert failed.returncode != 0
        assert "needs the git program" in one_sentence(failed.stderr)
        assert snapshot(a.data) == before


class _Refuse(http.server.BaseHTTPRequestHandler):
    """A git host that wants a password for everything."""

    def do_GET(self) -> None:
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def refusing_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/private.git"
    finally:
        server.shutdown()


def test_refused_credentials_never_prompt(
    two: tuple[Device, Device, Path], refusing_server: str
) -> None:
    a, _, _ = two
    a.ok("done", "basics-language")
    before = snapshot(a.data)
    failed = a.cli("sync", "init", refusing_server)
    assert failed.returncode != 0
    assert "refused access" in one_sentence(failed.stderr)
    assert snapshot(a.data) == before


@pytest.mark.slow
def test_a_hand_run_git_pull_merges_progress_with_the_driver(
    two: tuple[Device, Device, Path],
) -> None:
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    a.ok("note", "basics-language", "from A")
    a.ok("done", "basics-lists")
    a.ok("sync")
    b.ok("learning", "basics-loops")
    b.ok("done", "basics-variables")
    b.git("commit", "--quiet", "-am", "by hand")
    b.git("pull", "--quiet", "--no-edit", "origin", "main")
    text = b.file.read_text()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text
    mine = b.read()
    assert mine.note("basics-language") == "from A"
    assert mine.state("basics-lists") == "done"
    assert mine.state("basics-loops") == "learning"
    assert mine.state("basics-variables") == "done"
    b.git("push", "--quiet", "origin", "main")
    a.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes()


def test_the_merge_driver_leaves_other_files_to_git(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_text("a\nb\nc\n")
    ours.write_text("A\nb\nc\n")
    theirs.write_text("a\nb\nC\n")
    code = merge_driver(base, ours, theirs, "notes.toml")
    assert code == 0
    assert ours.read_text() == "A\nb\nC\n"


def test_the_merge_driver_refuses_a_broken_side_in_one_safe_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    for side in (base, ours, theirs):
        side.write_text('schema = 2\npath_id = "backend"\n[[[broken\n')
    code = merge_driver(base, ours, theirs, "evil\x1b]0;pwned\x07.toml")
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("pathtui: ") and "not valid TOML" in err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1


def test_sync_merges_a_save_made_during_the_round(
    two: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tick saved while sync runs is kept, and sent by the next round."""
    a, b, remote = two
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("done", "basics-lists")
    b.ok("sync")
    a.ok("done", "basics-language")
    real_integrate = progress.integrate

    def tick_then_integrate(
        git_: progress.Git, theirs: str | None, notices: list[str], *, repair: bool = False
    ) -> str:
        if not getattr(tick_then_integrate, "ran", False):
            tick_then_integrate.ran = True  # type: ignore[attr-defined]
            a.ok("note", "basics-language", "saved during sync")
        head = real_integrate(git_, theirs, notices, repair=repair)
        assert head is not None
        return head

    monkeypatch.setattr(progress, "integrate", tick_then_integrate)
    progress.sync(a.data)
    monkeypatch.undo()
    mine = a.read()
    assert mine.note("basics-language") == "saved during sync"
    assert mine.state("basics-lists") == "done"
    a.ok("sync")
    b.ok("sync")
    assert b.read().note("basics-language") == "saved during sync"
    assert a.file.read_bytes() == b.file.read_bytes()


def test_git_identity_and_prompts_are_pathtui_s_own(two: tuple[Device, Device, Path]) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    assert a.git("log", "-1", "--format=%an <%ae>") == "pathtui <pathtui@localhost>"
    env = git_env()
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["GIT_ASKPASS"] == ""
    assert "BatchMode=yes" in env["GIT_SSH_COMMAND"]


def test_a_learners_git_ssh_is_not_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_SSH_COMMAND", raising=False)
    monkeypatch.setenv("GIT_SSH", "/opt/my-ssh")
    env = git_env()
    assert env["GIT_SSH"] == "/opt/my-ssh" and "GIT_SSH_COMMAND" not in env
    # git prefers core.sshCommand to GIT_SSH, so that one is still run in batch mode
    assert git_env(ssh="ssh -i key")["GIT_SSH_COMMAND"] == "ssh -i key -o BatchMode=yes"
    monkeypatch.setenv("GIT_SSH_COMMAND", "ssh -p 2222")
    assert git_env()["GIT_SSH_COMMAND"] == "ssh -p 2222 -o BatchMode=yes"
    monkeypatch.delenv("GIT_SSH")
    monkeypatch.delenv("GIT_SSH_COMMAND")
    assert git_env()["GIT_SSH_COMMAND"] == "ssh -o BatchMode=yes"


def test_the_registered_driver_is_this_pathtui(two: tuple[Device, Device, Path]) -> None:
    """A reinstall moves pathtui; each sync registers the driver it runs from."""
    a, _, remote = two
    a.ok("sync", "init", str(remote))
    a.git("config", "merge.pathtui.driver", "/gone/python -m pathtui merge-driver %O %A %B %P")
    a.ok("sync")
    program, *rest = shlex.split(a.git("config", "merge.pathtui.driver"))
    assert Path(program).resolve() == Path(sys.executable).resolve()
    assert rest == ["-m", "pathtui", "merge-driver", "%O", "%A", "%B", "%P"]


def test_a_push_the_remote_declines_keeps_everything_for_the_next_round(
    two: tuple[Device, Device, Path],
) -> None:
    a, _, remote = two
    a.ok("sync", "init", str(remote))
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'quota exceeded' >&2\nexit 1\n")
    hook.chmod(0o755)
    a.ok("done", "basics-language")
    ticked = a.file.read_bytes()
    failed = a.cli("sync")
    assert failed.returncode != 0
    line = one_sentence(failed.stderr)
    assert line.startswith(f"pathtui: git could not push ({remote})")
    assert "the next pathtui sync sends your changes" in line
    assert a.file.read_bytes() == ticked
    hook.unlink()
    assert "sent 1 change" in a.ok("sync")
    assert remote_file(remote) == ticked


def test_init_leaves_a_repository_of_the_learner_s_own_alone(
    two: tuple[Device, Device, Path], tmp_path: Path
) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    git(a.data, "init", "--quiet")
    git(a.data, "remote", "add", "origin", "https://example.invalid/mine.git")
    before = snapshot(a.data)
    failed = a.cli("sync", "init", str(remote))
    assert failed.returncode != 0
    assert "pathtui leaves it alone" in one_sentence(failed.stderr)
    assert snapshot(a.data) == before


def test_init_again_moves_to_a_new_remote(two: tuple[Device, Device, Path], tmp_path: Path) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    other = bare_remote(tmp_path, "other.git")
    assert "sent 1 change" in a.ok("sync", "init", str(other))
    assert git(other, "show", f"main:{PATH_ID}.toml").encode() + b"\n" == a.file.read_bytes()


def test_a_file_from_a_newer_pathtui_on_the_remote_is_never_rewritten(
    two: tuple[Device, Device, Path],
) -> None:
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("done", "basics-loops")
    a.ok("sync")
    newer = re.sub(r"(?m)^schema = \d+$", "schema = 99", a.file.read_text(), count=1)
    assert "schema = 99" in newer
    a.file.write_text(newer)
    git(a.data, "commit", "--quiet", "-am", "a newer pathtui wrote this")
    git(a.data, "push", "--quiet", "origin", "main")
    before = snapshot(b.data)
    failed = b.cli("sync")
    assert failed.returncode != 0
    assert "newer pathtui" in one_sentence(failed.stderr)
    assert remote_file(remote).decode() == newer
    assert b.file.read_bytes() == before[f"{PATH_ID}.toml"]


@pytest.mark.slow
def test_a_reset_on_one_device_reaches_the_other_and_older_ticks_stay_gone(
    two: tuple[Device, Device, Path],
) -> None:
    a, b, remote = two
    a.ok("done", "basics-language", "basics-loops")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("note", "basics-loops", "before the reset")
    b.ok("sync")
    a.ok("sync")
    a.ok("reset", "--yes")
    b.ok("learning", "basics-lists")  # after the reset, on the other device
    a.ok("sync")
    b.ok("sync")
    a.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes()
    final = b.read()
    ticked = {k: v for k, v in final.states().items() if v != "todo"}
    assert ticked == {"basics-lists": "learning"}
    assert final.note("basics-loops") == ""


def test_the_installed_command_syncs_with_no_terminal_and_never_waits_for_one(
    two: tuple[Device, Device, Path], refusing_server: str
) -> None:
    """The console script in its own session (no controlling terminal, stdin closed)."""
    a, _, remote = two
    a.ok("done", "basics-language")

    def installed(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pathtui_exe(), *args],
            env={**os.environ, **a.env()},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            start_new_session=True,
        )

    refused = installed("sync", "init", refusing_server)
    assert refused.returncode != 0
    assert "refused access" in one_sentence(refused.stderr)
    done = installed("sync", "init", str(remote))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Synced with {remote}: sent 1 change, received 0 changes."
    assert remote_file(remote) == a.file.read_bytes()


def test_ssh_runs_in_batch_mode_with_the_learner_s_own_ssh_command(
    two: tuple[Device, Device, Path], tmp_path: Path
) -> None:
    """core.sshCommand is kept, with BatchMode added, so ssh can never ask."""
    a, _, _ = two
    seen = tmp_path / "ssh-args"
    fake_ssh = tmp_path / "my-ssh"
    fake_ssh.write_text(f'#!/bin/sh\necho "$@" > {seen}\nexit 255\n')
    fake_ssh.chmod(0o755)
    git(tmp_path, "config", "--global", "core.sshCommand", f"{fake_ssh} -p 2222")
    failed = a.cli("sync", "init", "ssh://git@example.invalid/progress.git")
    assert failed.returncode != 0
    one_sentence(failed.stderr)
    assert seen.read_text().startswith("-p 2222 -o BatchMode=yes")
    assert not a.data.exists() or not (a.data / ".git").exists()


@pytest.mark.slow
def test_another_file_git_cannot_merge_keeps_this_side_and_saves_the_remote_s(
    two: tuple[Device, Device, Path],
) -> None:
    """Sync is never stuck on a file the learner may not know how to fix."""
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    a.ok("sync")
    (a.data / "paths").mkdir()
    (a.data / "paths" / "default").write_text("frontend\n")
    (b.data / "paths").mkdir()
    (b.data / "paths" / "default").write_text("devops\n")
    a.ok("sync")
    done = b.cli("sync")
    assert done.returncode == 0, done.stderr
    assert "paths/default was changed here and on the remote" in done.stderr
    assert (b.data / "paths" / "default").read_text() == "devops\n"
    (aside,) = (b.data / "backups" / "sync-conflicts").iterdir()
    assert aside.read_text() == "frontend\n"
    a.ok("sync")
    assert (a.data / "paths" / "default").read_text() == "devops\n"
    assert a.file.read_bytes() == b.file.read_bytes()
