"""Study groups the bench makes for itself: a local bare repository with N members.

The learner measured ("me") is the default scenario's mid-progress learner
with data, state and cache folders of their own; they create the group with
the real ``pathtui group create``. The other members' files are written the
way their pathtui would write them (``model/groupfiles.member_text``), with
made-up numbers, and pushed in one commit by a helper clone, as if they had
joined one by one. ``Group.touch_other`` changes one of them between timed
runs, so every measured sync really fetches something.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import procs
from fixtures import HOURS_PER_WEEK, default_progress, write_progress
from pathtui.model import groupfiles
from pathtui.model.groupfiles import MemberData
from pathtui.storage.pathfile import load_path

#: Cheers addressed to the measured learner in every group.
CHEERS_TO_ME = 5
SEED = 18
NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@localhost",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@localhost",
    "GIT_TERMINAL_PROMPT": "0",
}


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()


def other_member(rng: random.Random, number: int, bump: int = 0) -> tuple[MemberData, str]:
    """A made-up member at the ``progress`` level (and its key)."""
    member, key = rng.randbytes(16).hex(), rng.randbytes(32).hex()
    weeks = [round(rng.uniform(0, 14), 2) for _ in range(groupfiles.WEEKS_SHARED)]
    weeks[-1] = round(weeks[-1] + bump * 0.25, 2)
    data: MemberData = {
        "member": member,
        "name": f"Learner {number:03d}",
        "observer": False,
        "share": "progress",
        "stamp": f"2026-12-0{1 + number % 3}T10:00:00.000Z/0000/0a0a0a0a",
        "published": "2026-12-04T09:00:00Z",
        "path": {"id": "backend", "title": "Backend developer"},
        "step": 1 + number % 7,
        "steps": 7,
        "percent": round(rng.uniform(0, 100), 1),
        "last_active": "2026-12-03",
        "week_of": "2026-11-30",
        "week_hours": weeks[-1],
        "hours_per_week": float(HOURS_PER_WEEK),
        "streak_weeks": number % 9,
        "finish": {"earliest": "2027-06-01", "latest": "2028-03-01"},
        "weeks": weeks,
    }
    return data, key


@dataclass
class Group:
    """One bench group: the remote, the helper clone, and the measured learner."""

    size: int
    remote: Path
    helper: Path
    data: Path
    state: Path
    cache: Path
    home: Path
    bumps: int = 0

    def env(self) -> dict[str, str]:
        return procs.isolated_env(
            self.data,
            self.home,
            PATHTUI_STATE_DIR=str(self.state),
            XDG_STATE_HOME=str(self.state),
            XDG_CACHE_HOME=str(self.cache),
        )

    def touch_other(self) -> None:
        """Another member publishes a new summary (outside the clock)."""
        self.bumps += 1
        rng = random.Random(SEED)
        data, key = other_member(rng, 1, self.bumps)
        git(self.helper, "pull", "--quiet", "--rebase")
        file = self.helper / groupfiles.MEMBERS / f"{data['member']}.toml"
        file.write_text(groupfiles.member_text(data, key), encoding="utf-8")
        git(self.helper, "commit", "--quiet", "-am", "a member publishes")
        git(self.helper, "push", "--quiet", "origin", "HEAD:main")


def make_group(root: Path, size: int, home: Path) -> Group:
    """A group of ``size`` members (the measured learner one of them)."""
    base = root / f"group-{size}"
    if base.exists():
        shutil.rmtree(base)
    group = Group(
        size,
        remote=base / "remote.git",
        helper=base / "helper",
        data=base / "data",
        state=base / "state",
        cache=base / "cache",
        home=home,
    )
    ids = [item.id for item in load_path(None).items]
    write_progress(group.data / "backend.toml", default_progress(ids))
    exe = procs.console_script()
    procs.capture(
        [exe, "group", "create", str(group.remote), "--name", "Bench", "--as", "Me"], group.env()
    )
    subprocess.run(
        ["git", "clone", "--quiet", str(group.remote), str(group.helper)],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )
    rng = random.Random(SEED)
    me = _my_id(group)
    (group.helper / groupfiles.MEMBERS).mkdir(exist_ok=True)
    for number in range(1, size):
        data, key = other_member(rng, number)
        (group.helper / groupfiles.MEMBERS / f"{data['member']}.toml").write_text(
            groupfiles.member_text(data, key), encoding="utf-8"
        )
        if number <= CHEERS_TO_ME:
            folder = group.helper / groupfiles.CHEERS / me
            folder.mkdir(parents=True, exist_ok=True)
            sent = NOW + dt.timedelta(minutes=number)
            name = groupfiles.cheer_name(data["member"], sent, f"{number:06x}")
            (folder / name).write_text(
                groupfiles.cheer_text(data["member"], me, sent, f"Keep going! ({number})"),
                encoding="utf-8",
            )
    git(group.helper, "add", "--all")
    git(group.helper, "commit", "--quiet", "-m", f"{size - 1} members join")
    git(group.helper, "push", "--quiet", "origin", "HEAD:main")
    out = procs.capture([exe, "group", "sync"], group.env())
    assert "Synced with Bench" in out, out
    return group


def _my_id(group: Group) -> str:
    from pathtui.storage.progressread import read_progress

    progress = read_progress(group.data / "backend.toml", "backend")
    assert progress is not None
    return str(progress.settings.group_member)
