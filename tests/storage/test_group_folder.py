"""The group's clone on this device: files read safely, the table's answer cache.

Every file in the clone is someone else's: ``read_capped`` never follows a
link, never blocks on a pipe and never reads past its cap. The answer cache
of ``pathtui group`` is used only while nothing it depends on changed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pathtui.model.groupfiles import Unreadable
from pathtui.storage import groupanswer, groupfolder

CAP = 1024


def sparse(file: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no room (and must never be read)."""
    file.write_bytes(b"")
    os.truncate(file, size)


def test_a_plain_file_is_read_whole(tmp_path: Path) -> None:
    file = tmp_path / "m.toml"
    file.write_bytes(b"x" * CAP)
    assert groupfolder.read_capped(file, CAP) == b"x" * CAP


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda f: f.write_bytes(b"x" * (CAP + 1)), "larger than 1 KiB"),
        (lambda f: sparse(f, 10 * 1024 * 1024), "larger than 1 KiB"),
        (lambda f: f.symlink_to(f.parent / "secret"), "a link, not a file"),
        (lambda f: os.mkfifo(f), "not a plain file"),
        (lambda f: f.mkdir(), "not a plain file"),
        (lambda f: None, "cannot be read"),
    ],
    ids=["over the cap", "10 MB sparse", "symlink", "pipe", "folder", "missing"],
)
def test_anything_else_is_unreadable_without_reading_it(tmp_path: Path, make, reason: str) -> None:
    (tmp_path / "secret").write_text("my ssh key")
    file = tmp_path / "m.toml"
    make(file)
    with pytest.raises(Unreadable, match=reason):
        groupfolder.read_capped(file, CAP)


def fake_clone(folder: Path, commit: str, packed: bool = False) -> None:
    git = folder / ".git"
    (git / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    ref = git / "refs" / "heads" / "main"
    if packed:
        ref.unlink(missing_ok=True)
        (git / "packed-refs").write_text(f"# pack-refs\n{commit} refs/heads/main\n")
    else:
        ref.write_text(commit + "\n")


def test_the_clones_commit_is_read_without_git(tmp_path: Path) -> None:
    fake_clone(tmp_path, "1" * 40)
    assert groupanswer.head_commit(str(tmp_path)) == "1" * 40
    fake_clone(tmp_path, "2" * 40, packed=True)
    assert groupanswer.head_commit(str(tmp_path)) == "2" * 40
    assert groupanswer.head_commit(str(tmp_path / "none")) is None


def test_the_answer_is_kept_only_while_nothing_changed(tmp_path: Path, data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    progress = data_dir / "backend.toml"
    progress.write_text("progress\n")
    clone = tmp_path / "clone"
    fake_clone(clone, "1" * 40)
    day = "2026-12-04"

    def keep(text: str) -> None:
        state = groupanswer.state_now(str(progress), str(clone))
        groupanswer.keep(None, str(progress), str(clone), state, day, "table", text)

    keep("the table")
    assert groupanswer.lookup(None, "table", day) == "the table"
    assert groupanswer.lookup(None, "json", day) is None  # another kind of call
    assert groupanswer.lookup(None, "table", "2026-12-05") is None  # another day
    progress.write_text("progress, ticked\n")
    assert groupanswer.lookup(None, "table", day) is None
    keep("the table, ticked")
    fake_clone(clone, "2" * 40)  # a sync fetched something
    assert groupanswer.lookup(None, "table", day) is None
    keep("after the sync")
    groupfolder.write_seen(clone, {"a-20261204T080000Z-000001"})  # cheers were shown
    assert groupanswer.lookup(None, "table", day) is None
    keep("after the cheers")
    groupfolder.write_last_sync(clone, "2026-12-04T10:00:00")
    assert groupanswer.lookup(None, "table", day) is None


def test_the_outbox_keeps_a_cheer_by_its_place(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    place = f"cheers/{'b' * 32}/{'a' * 32}-20261204T080000Z-000001.toml"
    groupfolder.queue(tmp_path, place, "hello\n")
    assert groupfolder.queued(tmp_path) == {place: b"hello\n"}
    groupfolder.unqueue(tmp_path, place)
    assert groupfolder.queued(tmp_path) == {}


def test_the_cheers_shown_here_are_remembered_newest_first(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    keys = {f"{'b' * 32}-20261204T08{m:02d}00Z-000001" for m in range(60)}
    groupfolder.write_seen(tmp_path, keys)
    assert groupfolder.read_seen(tmp_path) == keys
    (tmp_path / ".git" / groupfolder.SEEN).write_text("not json")
    assert groupfolder.read_seen(tmp_path) == set()


def test_the_clones_address_is_read_without_git(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".git" / "config"
    config.write_text(
        '[core]\n\tbare = false\n[remote "origin"]\n\turl = /srv/groups/cohort.git\n'
        "\tfetch = +refs/heads/*:refs/remotes/origin/*\n"
    )
    assert groupfolder.clone_remote(tmp_path) == "/srv/groups/cohort.git"
    config.write_text('[remote "origin"]\n\turl = "/odd path/with \\"quotes\\""\n')
    assert groupfolder.clone_remote(tmp_path) is None  # cannot tell: not a mismatch
    config.unlink()
    assert groupfolder.clone_remote(tmp_path) is None
