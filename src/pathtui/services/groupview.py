"""A study group as this device last fetched it: who you are in it, and the table.

The read side of study groups, offline and without git: ``pathtui group``
and the tracker's Group screen read the clone's working tree (``storage/groupfolder.py``), which
always mirrors the commit the last round fetched. ``groups.py`` has the
commands that talk to the remote; ``groupcheers.py`` the cheers received.

The member table is kept as a digest in the cache folder: every member file
checked once, keyed by the clone's commit and each file's size, mtime and
inode, so with 500 members ``pathtui group`` reads one small JSON file
instead of parsing 500 TOML files, and a sync re-checks only the files that
changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathtui.errors import PathtuiError
from pathtui.model import groupfiles, grouptable
from pathtui.model.groupfiles import (
    GROUP_FILE,
    MAX_GROUP_BYTES,
    MAX_MEMBER_BYTES,
    MEMBERS,
    Unreadable,
)
from pathtui.model.groupshare import DEFAULT_SHARE
from pathtui.model.sanitise import sanitise
from pathtui.storage import groupfolder

#: ``typing``-only names; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress

NOT_IN_GROUP = (
    "You are not in a study group; start one with `pathtui group create REMOTE` "
    "or join one with `pathtui group join REMOTE`."
)
NO_COPY = "This device has no copy of your study group yet; run `pathtui group sync` to fetch it."
FORGED = (
    "your member file there was not written by your pathtui; "
    "your next `pathtui group sync` writes yours again"
)


class GroupError(PathtuiError):
    """A group command cannot do what was asked; the message says why."""


@dataclass(frozen=True)
class Membership:
    """The learner's group settings, from their progress (so every device of
    theirs has the same): who they are in the group and what they share."""

    member: str
    key: str
    remote: str
    name: str
    share: str
    observer: bool
    #: The clock stamp of the join that put the learner in this group (the
    #: stamp of ``group_remote``): a leaving note of theirs newer than it is a
    #: leave from another of their devices, which only a new join undoes.
    since: str = ""

    @property
    def joined(self) -> bool:
        return bool(self.remote and self.member)

    @property
    def folder(self) -> Path:
        return groupfolder.clone_folder(self.member)


def membership(progress: Progress) -> Membership:
    s = progress.settings
    return Membership(
        member=s.group_member,
        key=s.group_key,
        remote=s.group_remote,
        name=s.group_name,
        share=s.group_share or DEFAULT_SHARE,
        observer=bool(s.group_observer),
        since=s.stamp("group_remote"),
    )


def joined(progress: Progress) -> Membership:
    """The membership, or GroupError if the learner is in no group."""
    m = membership(progress)
    if not m.joined:
        raise GroupError(NOT_IN_GROUP)
    return m


# --------------------------------------------------------------------------- the digest


def _check_member(name: str, file: Path, me: Membership) -> dict[str, Any]:
    """One member file, checked: its data, or ``{"member", "unreadable"}``."""
    stem = name.removesuffix(groupfiles.SUFFIX)
    try:
        raw = groupfolder.read_capped(file, MAX_MEMBER_BYTES)
        data = groupfiles.read_member(name, raw)
        if stem == me.member and not groupfiles.signed_by(raw, me.key):
            raise Unreadable(FORGED)
    except Unreadable as exc:
        return {"member": stem, "unreadable": str(exc)}
    return dict(data)


def _group_info(folder: Path) -> dict[str, Any]:
    try:
        return dict(
            groupfiles.read_group(groupfolder.read_capped(folder / GROUP_FILE, MAX_GROUP_BYTES))
        )
    except Unreadable as exc:
        return {"unreadable": str(exc)}


def refresh(me: Membership, old: dict[str, Any] | None = None) -> tuple[dict[str, Any], int]:
    """The digest of the clone as it is now, re-checking only the files whose
    size, mtime or inode changed; also how many other members' files changed."""
    folder = me.folder
    previous: dict[str, Any] = (old or {}).get("members", {})
    members: dict[str, Any] = {}
    changed = 0
    for name, sig in groupfolder.member_files(folder).items():
        before = previous.get(name)
        if isinstance(before, dict) and before.get("sig") == sig:
            members[name] = before
            continue
        members[name] = {"sig": sig, "entry": _check_member(name, folder / MEMBERS / name, me)}
        if name != f"{me.member}{groupfiles.SUFFIX}":
            changed += 1
    changed += sum(1 for name in previous if name not in members)
    digest = {
        "head": groupfolder.head_commit(folder),
        "member": me.member,
        "group": _group_info(folder),
        "members": members,
    }
    groupfolder.write_digest(me.member, digest)
    return digest, changed


def has_copy(me: Membership) -> bool:
    """This device holds a clone of the learner's group (not one of a group
    they have left since, on another device)."""
    if not (me.folder / ".git").is_dir():
        return False
    remote = groupfolder.clone_remote(me.folder)
    return remote is None or remote == me.remote


def current_digest(me: Membership) -> dict[str, Any]:
    """The digest for the clone's commit: the cached one if it is for that
    commit, else one brought up to date."""
    if not has_copy(me):
        raise GroupError(NO_COPY)
    cached = groupfolder.read_digest(me.member)
    if (
        cached is not None
        and cached.get("member") == me.member
        and cached.get("head") == groupfolder.head_commit(me.folder)
        and isinstance(cached.get("members"), dict)
    ):
        return cached
    return refresh(me, cached)[0]


def entries(digest: dict[str, Any]) -> list[dict[str, Any]]:
    return [m["entry"] for m in digest["members"].values()]


@dataclass(frozen=True)
class GroupView:
    """What ``pathtui group`` and the Group screen show."""

    name: str
    rows: list[grouptable.Row]
    last_sync: str | None

    @property
    def members(self) -> int:
        return sum(1 for r in self.rows if not r.get("observer") and not r.get("unreadable"))

    @property
    def observers(self) -> int:
        return sum(1 for r in self.rows if r.get("observer"))

    def heading(self) -> str:
        """'Cohort 7 · 12 members, 1 observer · synced 2026-12-04 09:30 UTC'."""
        parts = [f"{self.members} member{'' if self.members == 1 else 's'}"]
        if self.observers:
            parts[0] += f", {self.observers} observer{'' if self.observers == 1 else 's'}"
        if self.last_sync:
            parts.append(f"synced {self.last_sync}")
        return " · ".join([self.name, *parts])


def view(me: Membership, today: dt.date) -> GroupView:
    """The table as this device last fetched it (no network, no git)."""
    digest = current_digest(me)
    info = digest["group"]
    name = sanitise(info["name"]) if "name" in info else "Study group"
    last = groupfolder.read_last_sync(me.folder)
    return GroupView(name, grouptable.rows(entries(digest), me.member, today), _shown_time(last))


def _shown_time(stamp: str | None) -> str | None:
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return None
    return moment.strftime("%Y-%m-%d %H:%M")


def names(digest: dict[str, Any]) -> dict[str, str]:
    """Member id -> name, for every readable member still in the group."""
    return {
        e["member"]: e["name"]
        for e in entries(digest)
        if "unreadable" not in e and not e.get("left")
    }
