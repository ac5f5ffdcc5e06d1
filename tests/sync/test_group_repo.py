"""One round on a study group's repository (``sync/grouprepo.py``), with real git.

A round builds this member's commit on top of whatever the remote holds and
pushes it: history stays a line, two members never conflict, a remote that
moved meanwhile is fetched again, and cheers wait in the outbox until sent.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from group_support import Writer, group_remote, member_file
from pathtui.model.groupsummary import leaving_note
from pathtui.storage import groupfolder, locations
from pathtui.sync import grouprepo
from pathtui.sync.git import SyncError
from sync_support import git, needs_git

pytestmark = needs_git

ME = "a" * 32
BOB = "b" * 32


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    remote = group_remote(tmp_path)
    writer = Writer(remote, tmp_path / "founder")
    writer.write("group.toml", "format = 1\n")
    writer.write(f"members/{BOB}.toml", "bob's\n")
    writer.push("the group")
    return remote


def clone(remote: Path, member: str = ME) -> Path:
    folder = groupfolder.clone_folder(member)
    grouprepo.set_up(folder, str(remote))
    return folder


def mine(content: bytes, place: str = f"members/{ME}.toml") -> grouprepo.Wanted:
    return lambda _folder, _files: {place: content}


def test_the_clone_lives_in_the_state_folder(remote: Path) -> None:
    folder = clone(remote)
    assert folder == Path(locations.state_dir_name()) / "groups" / ME
    assert not folder.is_relative_to(locations.data_dir())
    assert git(folder, "config", "core.symlinks") == "false"


def test_a_round_commits_on_top_of_the_remote_and_history_stays_a_line(remote: Path) -> None:
    folder = clone(remote)
    before = git(remote, "rev-parse", "main")
    outcome = grouprepo.round_trip(folder, mine(b"v1\n"))
    assert outcome.pushed and outcome.attempts == 1
    assert git(remote, "rev-parse", "main^") == before
    assert git(remote, "rev-list", "--merges", "--count", "main") == "0"
    assert (folder / "members" / f"{ME}.toml").read_bytes() == b"v1\n"
    assert (folder / "members" / f"{BOB}.toml").read_bytes() == b"bob's\n"


def test_a_round_with_nothing_new_pushes_nothing(remote: Path) -> None:
    folder = clone(remote)
    grouprepo.round_trip(folder, mine(b"v1\n"))
    head = git(remote, "rev-parse", "main")
    outcome = grouprepo.round_trip(folder, mine(b"v1\n"))
    assert not outcome.pushed and outcome.head == head == git(remote, "rev-parse", "main")


def test_a_remote_that_moved_during_the_round_is_fetched_again(
    remote: Path, tmp_path: Path
) -> None:
    folder = clone(remote)
    writer = Writer(remote, tmp_path / "bob")
    calls = []

    def wanted(_folder: Path, files: dict[str, tuple[str, str]]) -> dict[str, bytes | None]:
        calls.append(sorted(files))
        if len(calls) == 1:  # Bob pushes while this round is under way
            writer.write(f"members/{BOB}.toml", "bob's, updated\n")
            writer.push()
        return {f"members/{ME}.toml": b"mine\n"}

    outcome = grouprepo.round_trip(folder, wanted)
    assert outcome.pushed and outcome.attempts == 2
    tree = set(git(remote, "ls-tree", "-r", "--name-only", "main").splitlines())
    assert tree == {"group.toml", f"members/{BOB}.toml", f"members/{ME}.toml"}
    assert git(remote, "show", f"main:members/{BOB}.toml") == "bob's, updated"


def test_two_members_syncing_at_once_never_conflict(remote: Path, tmp_path: Path) -> None:
    folders = [clone(remote, ME), clone(remote, "c" * 32)]
    errors: list[BaseException] = []

    def run(folder: Path, member: str) -> None:
        try:
            for n in range(3):
                grouprepo.round_trip(folder, mine(f"{n}\n".encode(), f"members/{member}.toml"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(f, m))
        for f, m in zip(folders, (ME, "c" * 32), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert git(remote, "show", f"main:members/{ME}.toml") == "2"
    assert git(remote, "show", f"main:members/{'c' * 32}.toml") == "2"


def test_cheers_wait_in_the_outbox_until_a_round_sends_them(remote: Path, tmp_path: Path) -> None:
    folder = clone(remote)
    to_bob = f"cheers/{BOB}/{ME}-20260501T080000Z-000001.toml"
    to_gone = f"cheers/{'d' * 32}/{ME}-20260501T080000Z-000002.toml"
    groupfolder.queue(folder, to_bob, "for bob\n")
    groupfolder.queue(folder, to_gone, "for someone who left\n")
    moved = tmp_path / "moved.git"
    remote.rename(moved)
    with pytest.raises(SyncError, match="nothing was changed"):
        grouprepo.round_trip(folder, mine(b"v1\n"))
    assert set(groupfolder.queued(folder)) == {to_bob, to_gone}  # kept while offline
    moved.rename(remote)
    outcome = grouprepo.round_trip(folder, mine(b"v1\n"))
    assert outcome.sent_cheers == [to_bob] and outcome.dropped_cheers == [to_gone]
    assert groupfolder.queued(folder) == {}
    assert git(remote, "show", f"main:{to_bob}") == "for bob"


def test_a_queued_cheer_to_someone_who_left_is_dropped(remote: Path, tmp_path: Path) -> None:
    """A leaving note is a member file too, but its member is gone."""
    folder = clone(remote)
    to_bob = f"cheers/{BOB}/{ME}-20260501T080000Z-000001.toml"
    groupfolder.queue(folder, to_bob, "for bob\n")
    writer = Writer(remote, tmp_path / "bob")
    note = leaving_note(BOB, "2026-05-01T09:00:00.000Z/0000/0b0b0b0b", dt.datetime.now(dt.UTC))
    writer.write(f"members/{BOB}.toml", member_file(note))
    writer.push("bob leaves")
    outcome = grouprepo.round_trip(folder, mine(b"v1\n"))
    assert outcome.sent_cheers == [] and outcome.dropped_cheers == [to_bob]
    assert groupfolder.queued(folder) == {}
    assert not any(
        p.startswith("cheers/") for p in git(remote, "ls-tree", "-r", "--name-only", "main").split()
    )


def test_what_squats_where_a_member_writes_gives_way(remote: Path, tmp_path: Path) -> None:
    writer = Writer(remote, tmp_path / "eve")
    writer.write(f"members/{ME}.toml/evil.toml", "a folder where my file goes\n")
    writer.push()
    folder = clone(remote)
    grouprepo.round_trip(folder, mine(b"mine\n"))
    tree = set(git(remote, "ls-tree", "-r", "--name-only", "main").splitlines())
    assert f"members/{ME}.toml" in tree
    assert f"members/{ME}.toml/evil.toml" not in tree


def test_a_remote_emptied_since_is_no_group(tmp_path: Path) -> None:
    empty = group_remote(tmp_path, "empty.git")
    folder = clone(empty)
    with pytest.raises(SyncError, match="holds no group any more"):
        grouprepo.round_trip(folder, mine(b"v1\n"))


def test_a_new_local_path_becomes_a_bare_repository(tmp_path: Path) -> None:
    new = tmp_path / "new.git"
    assert grouprepo.make_bare(str(new))
    assert git(new, "rev-parse", "--is-bare-repository") == "true"
    assert not grouprepo.make_bare(str(new))  # exists now
    assert not grouprepo.make_bare("git@example.invalid:group.git")
    assert not grouprepo.make_bare("https://example.invalid/group.git")
    assert not grouprepo.make_bare(str(tmp_path / "no" / "parent.git"))


def test_a_git_that_hangs_making_the_bare_repository_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    def hangs(args: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
        raise subprocess.TimeoutExpired(args, kw.get("timeout", 0))  # type: ignore[arg-type]

    monkeypatch.setattr(grouprepo.subprocess, "run", hangs)
    target = tmp_path / "cohort.git"
    with pytest.raises(SyncError, match=r"^Could not make a new repository at .*cohort\.git: git"):
        grouprepo.make_bare(str(target))
    assert not target.exists()
