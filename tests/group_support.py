"""Learners for the study group tests: each with a home, data, state and cache
folder of their own, talking to a group in a local bare repository.

Everything runs real git; nothing leaves the machine. ``Writer`` is a plain
git clone of the group, for files no pathtui would write (another member's,
or a hostile one's).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathtui.model import groupfiles
from pathtui.model.groupfiles import MemberData
from pathtui.model.progress import Progress
from pathtui.storage.progressread import read_progress
from support import run_pathtui
from sync_support import git

PATH_ID = "backend"


@dataclass
class Learner:
    """One learner on one device: every folder pathtui uses is their own."""

    name: str
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def file(self) -> Path:
        return self.data / f"{PATH_ID}.toml"

    def env(self) -> dict[str, str]:
        home = self.root / "home"
        home.mkdir(parents=True, exist_ok=True)
        return {
            "HOME": str(home),
            "PATHTUI_DATA_DIR": str(self.data),
            "PATHTUI_STATE_DIR": str(self.root / "state"),
            "XDG_STATE_HOME": str(self.root / "state"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
        }

    @contextlib.contextmanager
    def active(self) -> Iterator[Learner]:
        """This process works as this learner for a while (service calls)."""
        from pathtui.storage import device

        saved = {k: os.environ.get(k) for k in self.env()}
        os.environ.update(self.env())
        device.forget_device()
        try:
            yield self
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            device.forget_device()

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``pathtui ARGS`` as this learner (in this process, through ``main``)."""
        from pathtui.storage import device

        device.forget_device()
        try:
            return run_pathtui(*args, env=self.env())
        finally:
            device.forget_device()

    def ok(self, *args: str) -> str:
        done = self.cli(*args)
        assert done.returncode == 0, f"{args}: {done.stderr}"
        assert "Traceback" not in done.stderr
        return done.stdout

    def fails(self, *args: str) -> str:
        """A command that must fail with one sentence on stderr; that sentence."""
        done = self.cli(*args)
        assert done.returncode != 0, done.stdout
        assert "Traceback" not in done.stderr + done.stdout
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith("pathtui: ") and lines[0].endswith((".", ")")), lines[0]
        return lines[0]

    def table(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = json.loads(self.ok("group", "--json"))
        return rows

    def progress(self) -> Progress:
        progress = read_progress(self.file, PATH_ID)
        assert progress is not None
        return progress

    @property
    def member(self) -> str:
        return str(self.progress().settings.group_member)


def learners(tmp_path: Path, *names: str) -> list[Learner]:
    return [Learner(n, tmp_path / n) for n in names]


def group_remote(tmp_path: Path, name: str = "group.git") -> Path:
    """An empty bare repository whose default branch is ``main`` (as a new
    repository on a forge is), so plain clones of it check ``main`` out."""
    remote = tmp_path / name
    subprocess.run(
        ["git", "init", "--quiet", "--bare", "--initial-branch=main", str(remote)], check=True
    )
    return remote


class Writer:
    """A plain git clone of the group, for files pathtui itself would not write."""

    def __init__(self, remote: Path, folder: Path) -> None:
        self.folder = folder
        subprocess.run(["git", "clone", "--quiet", str(remote), str(folder)], check=True)

    def write(self, place: str, content: bytes | str) -> Path:
        file = self.folder / place
        file.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        file.write_bytes(data)
        return file

    def pull(self) -> None:
        if git(self.folder, "ls-remote", "--heads", "origin", "main"):
            git(self.folder, "pull", "--quiet", "--rebase", "origin", "main")

    def push(self, message: str = "a member writes") -> None:
        git(self.folder, "add", "--all")
        git(self.folder, "commit", "--quiet", "-m", message)
        self.pull()
        git(self.folder, "push", "--quiet", "origin", "HEAD:main")

    def files(self) -> set[str]:
        self.pull()
        return set(git(self.folder, "ls-files").splitlines())


def made_up_member(member: str, name: str, **changes: Any) -> MemberData:
    """Another member's summary at the ``progress`` level, with fixed numbers."""
    data: MemberData = {
        "member": member,
        "name": name,
        "observer": False,
        "share": "progress",
        "stamp": "2026-04-30T10:00:00.000Z/0000/0a0a0a0a",
        "published": "2026-04-30T10:00:00Z",
        "path": {"id": PATH_ID, "title": "Backend developer"},
        "step": 2,
        "steps": 7,
        "percent": 25.0,
        "last_active": "2026-04-29",
        "week_of": "2026-04-27",
        "week_hours": 6.5,
        "hours_per_week": 10.0,
        "streak_weeks": 2,
        "finish": {"earliest": "2027-03-01", "latest": "2027-11-01"},
        "weeks": [8.0, 10.0, 12.0, 3.0, 0.0, 10.5, 11.0, 6.5],
    }
    data.update(changes)  # type: ignore[typeddict-item]
    return data


def member_file(data: MemberData, key: str = "cd" * 32) -> str:
    return groupfiles.member_text(data, key)


def cheer_file(sender: str, to: str, text: str, sent: dt.datetime, tail: str) -> tuple[str, str]:
    """(place, content) of a cheer as the sender's pathtui writes it."""
    name = groupfiles.cheer_name(sender, sent, tail)
    return f"cheers/{to}/{name}", groupfiles.cheer_text(sender, to, sent, text)


def remote_files(remote: Path) -> dict[str, bytes]:
    """Every file of the group's branch, by place."""
    names = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    return {
        n: subprocess.run(
            ["git", "-C", str(remote), "show", f"main:{n}"], capture_output=True, check=True
        ).stdout
        for n in names
    }


def history_text(remote: Path) -> str:
    """Everything the group's history ever held, as text (for privacy checks)."""
    return git(remote, "log", "-p", "--all", "--format=%H")


#: The fixed group the tracker's tests open: member ids sort the way the rows do.
BOB = "b0" * 16
CAROL = "c0" * 16
MENTOR = "e0" * 16
BROKEN = "f0" * 16
CHEER_SENT = dt.datetime(2026, 4, 30, 18, 0, tzinfo=dt.UTC)


def fixed_group(session: Any, root: Path, *, names: dict[str, str] | None = None) -> Path:
    """Put ``session``'s learner ("Alice") in a group with fixed files, fetched
    onto this device as a sync would (nothing published), with a fixed last
    sync time; returns the group's remote.

    Bob and Carol share progress, a mentor observes, one file is broken, and
    Bob sent Alice a cheer she has not seen.
    """
    from pathtui.services.groupview import joined, refresh
    from pathtui.storage import groupfolder
    from pathtui.sync import grouprepo

    names = names or {}
    remote = group_remote(root)
    me, key = "a0" * 16, "ab" * 32
    session.progress.update_settings(
        group_member=me, group_key=key, group_remote=str(remote), group_name="Alice"
    )
    session.save()
    writer = Writer(remote, root / "founder")
    writer.write("group.toml", groupfiles.group_text("Evening cohort", CHEER_SENT))
    writer.write(
        f"members/{me}.toml",
        member_file(made_up_member(me, "Alice", percent=40.0, week_hours=4.0), key=key),
    )
    bob = made_up_member(BOB, names.get("bob", "Bob"), percent=25.0, week_hours=6.5)
    writer.write(f"members/{BOB}.toml", member_file(bob))
    carol = made_up_member(
        CAROL, "Carol", step=5, percent=71.4, week_hours=12.0, streak_weeks=6,
        weeks=[12.0, 11.0, 12.5, 10.0, 14.0, 13.0, 12.0, 12.0],
    )  # fmt: skip
    writer.write(f"members/{CAROL}.toml", member_file(carol))
    mentor: MemberData = {
        "member": MENTOR,
        "name": "Mentor",
        "observer": True,
        "share": "progress",
        "stamp": "",
        "published": "2026-04-30T10:00:00Z",
    }
    writer.write(f"members/{MENTOR}.toml", member_file(mentor))
    writer.write(f"members/{BROKEN}.toml", "not = [valid")
    place, text = cheer_file(BOB, me, "Great streak, keep it up!", CHEER_SENT, "000001")
    writer.write(place, text)
    writer.push("the group")
    with_env = joined(session.progress)
    grouprepo.set_up(with_env.folder, str(remote))
    grouprepo.round_trip(with_env.folder, lambda _folder, _files: {})
    groupfolder.write_last_sync(with_env.folder, "2026-05-01T08:30:00")
    refresh(with_env)
    return remote
