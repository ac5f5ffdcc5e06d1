"""Study groups: ``group create``, ``join``, ``sync``, ``share``, ``cheer`` and ``leave``.

Operations over a Session and the group's clone (``sync/grouprepo.py``).
The learner's group settings live in their progress (``group_*`` settings:
the member id, the key that signs their member file, the remote, their name
in the group, the share level, observer or not), so their other devices,
synced with ``pathtui sync`` or a sync folder, publish as the same member.
What belongs to one device only (the clone, the cheers waiting to go, which
cheers were shown here) is in the state folder (``storage/groupfolder.py``).

Every command checks before it changes anything: a remote that cannot be
reached, is not a group, or has the name taken changes nothing of the
learner's progress, and the settings are saved only after the group has
accepted the learner's file. Nothing here prints or asks.

A round is prepared on the caller's thread (the summary is built from the
session's progress there) and run where the caller likes: the CLI at once,
the tracker in a worker thread (``prepare_round``).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pathtui.model import clock as hlc
from pathtui.model import groupfiles, groupsummary, grouptable
from pathtui.model.groupfiles import CHEERS, GROUP_FILE, MEMBERS, MemberData, Unreadable
from pathtui.model.groupshare import SHARE_LEVELS
from pathtui.model.pace import daily_from_json
from pathtui.model.sanitise import sanitise
from pathtui.model.study import study_picture
from pathtui.services.groupcheers import Cheer, mark_seen, received
from pathtui.services.groupview import (
    FORGED,
    GroupError,
    Membership,
    current_digest,
    entries,
    joined,
    membership,
    names,
    refresh,
)
from pathtui.services.session import Session
from pathtui.storage import groupfolder
from pathtui.sync import grouprepo
from pathtui.sync.clone import checked_remote
from pathtui.sync.git import SyncError, shown_remote
from pathtui.sync.grouprepo import Changes

#: Bytes of randomness in a member id and in the key that signs a member file.
MEMBER_BYTES = groupfiles.MEMBER_HEX // 2
KEY_BYTES = groupfiles.KEY_HEX // 2
CHEER_TAIL_BYTES = 3
DEFAULT_GROUP_NAME = "Study group"
#: What a failed create or join tells the learner to run again (not
#: ``group sync``: they are in no group yet).
CREATE_COMMAND = "pathtui group create"
JOIN_COMMAND = "pathtui group join"
LEAVE_COMMAND = "pathtui group leave"
#: A remote whose address carries a password or token is refused: the address
#: is kept in the learner's progress, which travels to their other devices.
SECRET_IN_URL = (
    "Give the group's remote without a password or token in its address (use an ssh "
    "key or a git credential helper): the address is saved in your progress."
)
LEFT_ELSEWHERE = (
    "You left this group on another device; run `pathtui sync` (or let your sync "
    "folder catch up) so this device knows, or `pathtui group join` to come back."
)
#: The end of what ``share`` and ``cheer`` say when the group cannot be reached:
#: what was asked for is kept, so "nothing was changed" would be untrue.
UNREACHED = (
    "the group could not be reached just now, so your next `pathtui group sync` sends "
    "it (and says why, if it still cannot)."
)
FORGED_NOTE = "Someone else had written your member file in the group; pathtui wrote yours again."

Files = dict[str, tuple[str, str]]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _new_hex(size: int) -> str:
    return os.urandom(size).hex()


def _member_place(member: str) -> str:
    return f"{MEMBERS}/{member}{groupfiles.SUFFIX}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# --------------------------------------------------------------------------- my summary


def my_data(
    session: Session, me: Membership, today: dt.date, now: dt.datetime, stamp: str | None = None
) -> MemberData:
    """What this learner publishes now, at their share level.

    ``stamp`` orders this summary against the learner's other devices' (newest
    wins): the newest clock stamp of the progress, unless given.
    """
    progress = session.progress
    summary = session.summary()
    picture = study_picture(summary, today, session.hours_per_week)
    daily = daily_from_json(summary["daily"])
    changed = max((s for r in progress.items.values() for s in r.stamps.values()), default="")
    changed_day = hlc.wall(changed).astimezone().date() if changed else None
    active = groupsummary.last_active((d for d, h in daily.items() if h > 0), changed_day, today)
    known = set(session.path.item_ids())
    return groupsummary.build_member(
        member=me.member,
        name=me.name,
        observer=me.observer,
        share=me.share,
        stamp=stamp if stamp is not None else max(progress.stamps(), default=""),
        published=now,
        today=today,
        summary=summary,
        daily=daily,
        finish=picture["forecast"]["finish"],
        streaks_on=bool(progress.settings.streaks),
        states={i: s for i, s in progress.states().items() if i in known},
        last_active=active,
    )


#: What differs between two publishes of the same summary: when, and the clock
#: stamp of the progress (a setting changed, say), neither worth a commit alone.
_ORDERING = frozenset({"published", "stamp"})


def _same_summary(a: MemberData, b: MemberData) -> bool:
    return {k: v for k, v in a.items() if k not in _ORDERING} == {
        k: v for k, v in b.items() if k not in _ORDERING
    }


@dataclass
class Notes:
    """What a round found worth telling the learner."""

    lines: list[str] = field(default_factory=list)
    sent_summary: bool = False


def _check_group(folder: Path, files: Files, remote: str) -> None:
    """The remote holds a group pathtui can read; GroupError otherwise."""
    if GROUP_FILE not in files:
        raise GroupError(
            f"The remote {shown_remote(remote)} is not a pathtui study group (it has no "
            f"{GROUP_FILE}); check the address, or start a group there with "
            "`pathtui group create` (nothing was changed)."
        )
    try:
        raw = groupfolder.read_capped(folder / GROUP_FILE, groupfiles.MAX_GROUP_BYTES)
        groupfiles.read_group(raw)
    except Unreadable as exc:
        raise GroupError(
            f"The remote {shown_remote(remote)} is not a study group pathtui can read: its "
            f"{GROUP_FILE} is unreadable ({exc}); nothing was changed."
        ) from None


def _publish(
    me: Membership, mine: MemberData, notes: Notes, joining: bool = False
) -> grouprepo.Wanted:
    """A round's ``Wanted``: this member's file, unless the group holds a newer
    one from another of the learner's devices (newest summary wins), or the
    same summary (nothing to send then).

    A leaving note written after this device's join (``me.since``) is the
    learner's own leave on another device: it stands, whatever changed here
    since, and the round stops with ``LEFT_ELSEWHERE`` before sending
    anything. Only a new join (``joining``) replaces it."""
    place = _member_place(me.member)
    text = groupfiles.member_text(mine, me.key).encode()

    def wanted(folder: Path, files: Files) -> Changes:
        _check_group(folder, files, me.remote)
        changes: Changes = {p: None for p in files if p.startswith(place + "/")}  # squatters
        theirs = _my_file_there(folder, place, files, me, notes)
        if theirs is not None and not joining and groupfiles.left_since(theirs, me.since):
            raise GroupError(LEFT_ELSEWHERE + _drop_queued(folder))
        if theirs is not None and not theirs.get("left") and groupfiles.newer(theirs, mine):
            pass  # a newer summary from another of the learner's devices
        elif theirs is None or not _same_summary(theirs, mine):
            changes[place] = text
            notes.sent_summary = True
        return changes

    return wanted


def _drop_queued(folder: Path) -> str:
    """The learner left on another device: what waits to be sent from this one
    is dropped, as a leave here drops it; what to add to the round's sentence."""
    waiting = groupfolder.queued(folder)
    for place in waiting:
        groupfolder.unqueue(folder, place)
    if not waiting:
        return ""
    if len(waiting) == 1:
        return " The cheer waiting on this device was not sent."
    return f" The {len(waiting)} cheers waiting on this device were not sent."


def _my_file_there(
    folder: Path, place: str, files: Files, me: Membership, notes: Notes
) -> MemberData | None:
    """The group's copy of this learner's file, if their own pathtui wrote it."""
    if place not in files:
        return None
    try:
        raw = groupfolder.read_capped(folder / place, groupfiles.MAX_MEMBER_BYTES)
        theirs = groupfiles.read_member(place.rsplit("/", 1)[1], raw)
        if not groupfiles.signed_by(raw, me.key):
            raise Unreadable(FORGED)
    except Unreadable as exc:
        if str(exc) == FORGED:
            notes.lines.append(FORGED_NOTE)
        return None
    return theirs


# --------------------------------------------------------------------------- one round


@dataclass
class SyncReport:
    """What ``group sync`` did: its one line, the new cheers, and notices."""

    line: str
    cheers: list[Cheer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Places of this learner's queued cheers dropped: their recipient has left.
    dropped_cheers: list[str] = field(default_factory=list)


def _member_count(digest: dict[str, Any]) -> int:
    """Readable members still in the group, observers left out."""
    return sum(
        1
        for e in entries(digest)
        if "unreadable" not in e and not e.get("left") and not e.get("observer")
    )


def _group_name(digest: dict[str, Any]) -> str:
    info = digest["group"]
    return sanitise(info["name"]) if "name" in info else DEFAULT_GROUP_NAME


def _report(me: Membership, outcome: grouprepo.Round, notes: Notes) -> SyncReport:
    """After a round: the digest brought up to date, and the round's line."""
    groupfolder.write_last_sync(me.folder, _now().isoformat(timespec="seconds"))
    old = groupfolder.read_digest(me.member)
    digest, changed = refresh(me, old if old and old.get("member") == me.member else None)
    what = [_plural(_member_count(digest), "member")]
    if outcome.pushed and notes.sent_summary:
        what.append("sent your summary")
    if outcome.sent_cheers:
        what.append(f"sent {_plural(len(outcome.sent_cheers), 'cheer')}")
    if changed:
        what.append(f"{changed} updated")
    cheers = received(me, only_unseen=True)
    if cheers:
        what.append(f"{_plural(len(cheers), 'new cheer')} for you")
    line = f"Synced with {_group_name(digest)}: " + ", ".join(what) + "."
    extra = list(notes.lines)
    for place in outcome.dropped_cheers:
        who = place.split("/")[1][: grouptable.SHORT_ID]
        extra.append(f"A cheer you wrote was not sent: its recipient ({who}…) left the group.")
    return SyncReport(line, cheers, extra, list(outcome.dropped_cheers))


def _ensure_clone(me: Membership) -> None:
    """A clone of the learner's group on this device (joined on another device:
    none yet; the group moved: the old one is replaced)."""
    if not (me.folder / ".git").is_dir() or grouprepo.remote_of(me.folder) != me.remote:
        grouprepo.set_up(me.folder, me.remote)


def prepare_round(session: Session, today: dt.date | None = None) -> Callable[[], SyncReport]:
    """A round of ``group sync``, its summary built now from the session: the
    returned function does the git work (any thread) and reads no progress."""
    me = joined(session.progress)
    notes = Notes()
    wanted = _publish(me, my_data(session, me, today or dt.date.today(), _now()), notes)

    def run() -> SyncReport:
        _ensure_clone(me)
        return _report(me, grouprepo.round_trip(me.folder, wanted), notes)

    return run


def sync(session: Session, today: dt.date | None = None, shown: bool = True) -> SyncReport:
    """``pathtui group sync``: publish this learner's summary, fetch everyone's.
    The new cheers in the report are shown by the caller, so they count as
    seen (unless not ``shown``: the tracker's rounds leave them new)."""
    report = prepare_round(session, today)()
    if shown:
        mark_seen(session.progress, report.cheers)
    return report


# --------------------------------------------------------------------------- create and join


def _check_remote(remote: str) -> str:
    remote = remote.strip()
    if "://" in remote:
        authority = remote.split("://", 1)[1].split("/", 1)[0]
        userinfo, at, _host = authority.rpartition("@")
        if at and ":" in userinfo:
            raise GroupError(SECRET_IN_URL)
    return remote


def _identity(session: Session) -> tuple[str, str]:
    """The learner's member id and key: kept from before, or new."""
    s = session.progress.settings
    return s.group_member or _new_hex(MEMBER_BYTES), s.group_key or _new_hex(KEY_BYTES)


def _already_in(m: Membership) -> GroupError:
    return GroupError(
        f"You are already in the study group at {shown_remote(m.remote)}; run "
        "`pathtui group leave` first to change groups."
    )


def _default_name() -> str:
    import getpass

    try:
        return groupfiles.check_name(getpass.getuser())
    except (ValueError, OSError, KeyError):
        return "learner"


def _checked_name(name: str | None, what: str = "Your name in the group") -> str:
    if name is None:
        return _default_name()
    try:
        return groupfiles.check_name(name, what=what)
    except ValueError as exc:
        raise GroupError(str(exc)) from None


def _save_membership(session: Session, **settings: Any) -> None:
    """Save group settings, each stamped anew even where its value is the same:
    a join or a leave is the learner's latest word and wins over an older one
    from another device at the next progress sync."""
    with session.editing():
        session.change_settings(restamp=True, **settings)


@dataclass
class Joined:
    """What ``create`` or ``join`` did, for its line."""

    group: str
    remote: str
    name: str
    members: int
    observer: bool
    #: The name and role before, when a join was to the group one is in already.
    was: tuple[str, bool] | None = None

    def line(self, verb: str) -> str:
        where = f"{self.group} at {shown_remote(self.remote)}"
        count = f"{_plural(self.members, 'member')} so far."
        now = f"{_role(self.observer)} named {_quoted(self.name)}"
        if self.was is None:
            return f"{verb} {where} as {now}; {count}"
        if self.was == (self.name, self.observer):
            return f"You are in {where} already, as {now}; {count}"
        before = f"{_role(self.was[1])} named {_quoted(self.was[0])}"
        return f"You are now {now} in {where} (you were {before}); {count}"


def _quoted(name: str) -> str:
    """A name in quotes as it reads (``repr`` would spell out the joiner in 👩‍💻)."""
    return f"'{sanitise(name)}'"


def _role(observer: bool) -> str:
    return "an observer" if observer else "a member"


def create(
    session: Session, remote: str, group_name: str | None = None, as_name: str | None = None
) -> Joined:
    """``pathtui group create REMOTE``: make an empty (or new) remote a group."""
    current = membership(session.progress)
    if current.joined:
        raise _already_in(current)
    name = _checked_name(as_name)
    title = _checked_name(group_name, "The group's name") if group_name else DEFAULT_GROUP_NAME
    remote = _check_remote(remote)
    made = grouprepo.make_bare(remote, CREATE_COMMAND)
    remote = checked_remote(remote)
    member, key = _identity(session)
    me = Membership(member, key, remote, name, current.share, False)
    if grouprepo.heads(remote, me.folder.parent, CREATE_COMMAND) and not made:
        _refuse_non_empty(me)
    now = _now()
    mine = my_data(session, me, dt.date.today(), now, stamp=session.progress.tick())
    first = {
        GROUP_FILE: groupfiles.group_text(title, now).encode(),
        _member_place(member): groupfiles.member_text(mine, key).encode(),
    }

    def only_if_empty(folder: Path, files: Files) -> Changes:
        if files:
            raise GroupError(
                f"Someone made the remote {shown_remote(remote)} a group meanwhile; "
                "join it with `pathtui group join` instead (nothing was changed)."
            )
        return dict(first)

    try:
        grouprepo.set_up(me.folder, remote, CREATE_COMMAND)
        outcome = grouprepo.round_trip(me.folder, only_if_empty, first=True, command=CREATE_COMMAND)
        grouprepo.point_head(remote, CREATE_COMMAND)
        _save_membership(
            session,
            group_member=member,
            group_key=key,
            group_remote=remote,
            group_name=name,
            group_observer=False,
        )
    except BaseException:
        grouprepo.remove(me.folder)
        raise
    _report(me, outcome, Notes())
    return Joined(title, remote, name, 1, False)


def _refuse_non_empty(me: Membership) -> None:
    """A remote with commits: say whether it is a group already (then join it)."""
    from pathtui.sync.clone import fetch

    grouprepo.set_up(me.folder, me.remote, CREATE_COMMAND)
    try:
        git = grouprepo.git_for(me.folder, CREATE_COMMAND)
        grouprepo.checkout(git, fetch(git, me.remote))
        is_group = (me.folder / GROUP_FILE).is_file()
    finally:
        grouprepo.remove(me.folder)
    if is_group:
        raise GroupError(
            f"The remote {shown_remote(me.remote)} is a study group already; join it with "
            f"`pathtui group join {shown_remote(me.remote)}` (nothing was changed)."
        )
    raise _other_files(me.remote, "give an empty repository")


def _other_files(remote: str, then: str) -> GroupError:
    return GroupError(
        f"The remote {shown_remote(remote)} already holds other files and is not a study "
        f"group; {then} (nothing was changed)."
    )


def _check_joinable(remote: str, branches: list[str]) -> None:
    """A remote to join has the group's branch: an empty one is no group yet,
    one with only other branches holds something else."""
    if not branches:
        shown = shown_remote(remote)
        raise GroupError(
            f"The remote {shown} holds no group yet (it is an empty repository); start "
            f"one there with `pathtui group create {shown}`, or check the group's address "
            "(nothing was changed)."
        )
    if f"refs/heads/{grouprepo.BRANCH}" not in branches:
        raise _other_files(remote, "check the group's address")


def join(
    session: Session, remote: str, as_name: str | None = None, observer: bool = False
) -> Joined:
    """``pathtui group join REMOTE``: join an existing group (the name must be free).

    Joining the group one is in again changes one's name or observer role.
    """
    current = membership(session.progress)
    remote = checked_remote(_check_remote(remote))
    if current.joined and current.remote != remote:
        raise _already_in(current)
    name = _checked_name(as_name if as_name is not None else (current.name or None))
    member, key = _identity(session)
    me = Membership(member, key, remote, name, current.share, observer)
    # unreachable, empty or not a group: one sentence, nothing made
    _check_joinable(remote, grouprepo.heads(remote, me.folder.parent, JOIN_COMMAND))
    notes = Notes()
    mine = my_data(session, me, dt.date.today(), _now(), stamp=session.progress.tick())
    publish = _publish(me, mine, notes, joining=True)

    left: list[bool] = []  # whether the group holds this learner's leaving note

    def wanted(folder: Path, files: Files) -> Changes:
        _check_group(folder, files, remote)
        _check_name_free(folder, me)
        left[:] = [grouprepo.has_left(folder, files, member)]
        return publish(folder, files)

    fresh = not (me.folder / ".git").is_dir() or grouprepo.remote_of(me.folder) != remote
    try:
        if fresh:
            grouprepo.set_up(me.folder, remote, JOIN_COMMAND)
        outcome = grouprepo.round_trip(me.folder, wanted, command=JOIN_COMMAND)
        _save_membership(
            session,
            group_member=member,
            group_key=key,
            group_remote=remote,
            group_name=name,
            group_observer=observer,
        )
    except BaseException:
        if fresh:
            grouprepo.remove(me.folder)
        raise
    _report(me, outcome, notes)
    digest = current_digest(me)
    # Left on another device (the group holds the leaving note): joined again.
    was = (current.name, current.observer) if current.joined and not any(left) else None
    return Joined(_group_name(digest), remote, name, _member_count(digest), observer, was)


def _check_name_free(folder: Path, me: Membership) -> None:
    for name in groupfolder.member_files(folder):
        if name == f"{me.member}{groupfiles.SUFFIX}":
            continue
        try:
            raw = groupfolder.read_capped(folder / MEMBERS / name, groupfiles.MAX_MEMBER_BYTES)
            data = groupfiles.read_member(name, raw)
        except Unreadable:
            continue
        if not data.get("left") and groupfiles.same_name(data["name"], me.name):
            raise GroupError(
                f"The name {_quoted(me.name)} is already taken in this group; choose "
                "another with --as NAME (nothing was changed)."
            )


# --------------------------------------------------------------------------- share, cheer, leave


def share(session: Session, level: str) -> str:
    """``pathtui group share LEVEL``: save what to publish, then try to send it."""
    if level not in SHARE_LEVELS:
        shown = sanitise(level)[:20]
        raise GroupError(f"The share level is one of {', '.join(SHARE_LEVELS)}, not {shown!r}.")
    joined(session.progress)
    # What this round publishes, in memory only: a round the group refuses (the
    # learner left it on another device) must leave the level as it was.
    session.change_settings(group_share=level, restamp=True)
    try:
        said = f". {sync(session).line}"
    except SyncError:
        said = f"; {UNREACHED}"  # kept all the same: the next round sends it
    _save_membership(session, group_share=level)
    return f"You now share {level!r}{said}"


def find_member(me: Membership, name: str) -> tuple[str, str]:
    """(member id, name) of the member called ``name``; GroupError if nobody is."""
    everyone = names(current_digest(me))
    for member, their_name in everyone.items():
        if groupfiles.same_name(their_name, name) and member != me.member:
            return member, sanitise(their_name)
    if groupfiles.same_name(me.name, name):
        raise GroupError("A cheer is for someone else in the group, not for yourself.")
    shown = sanitise(name)[: groupfiles.MAX_NAME_CHARS]
    raise GroupError(
        f"Nobody in your group is named {_quoted(shown)}; `pathtui group` lists the members "
        "(run `pathtui group sync` first if they joined just now)."
    )


def queue_cheer(me: Membership, to: str, message: str) -> str:
    """Write a cheer into this device's outbox; the next round sends it.
    Returns its place in the group."""
    try:
        text = groupfiles.check_cheer(message)
    except ValueError as exc:
        raise GroupError(str(exc)) from None
    if to == me.member:
        raise GroupError("A cheer is for someone else in the group, not for yourself.")
    now = _now()
    name = groupfiles.cheer_name(me.member, now, _new_hex(CHEER_TAIL_BYTES))
    place = f"{CHEERS}/{to}/{name}"
    try:
        groupfolder.queue(me.folder, place, groupfiles.cheer_text(me.member, to, now, text))
    except OSError as exc:
        raise GroupError(f"Could not keep the cheer on this device: {exc.strerror}.") from None
    return place


def cheer(session: Session, to_name: str, message: str) -> str:
    """``pathtui group cheer NAME [MESSAGE]``: queue a cheer and try to send it."""
    me = joined(session.progress)
    to, who = find_member(me, to_name)
    place = queue_cheer(me, to, message)
    try:
        report = sync(session)
    except SyncError:
        return f"Your cheer for {who} waits on this device; {UNREACHED}"
    if place in report.dropped_cheers:
        raise GroupError(f"{who} has left the group, so your cheer was not sent.")
    return f"Sent your cheer to {who}."


def leave(session: Session) -> str:
    """``pathtui group leave``: replace the summary with a leaving note, remove
    the cheers addressed to this learner, then forget the group here."""
    me = joined(session.progress)
    _ensure_clone(me)
    note = groupsummary.leaving_note(me.member, session.progress.tick(), _now())
    place = _member_place(me.member)
    text = groupfiles.member_text(note, me.key).encode()
    to_me = f"{CHEERS}/{me.member}/"

    def wanted(folder: Path, files: Files) -> Changes:
        changes: Changes = {
            p: None for p in files if p.startswith(to_me) or p.startswith(place + "/")
        }
        changes[place] = text
        return changes

    grouprepo.round_trip(me.folder, wanted, command=LEAVE_COMMAND)
    _save_membership(session, group_remote="", group_name="", group_observer=False)
    grouprepo.remove(me.folder)
    groupfolder.forget_digest(me.member)
    return (
        f"You left the study group at {shown_remote(me.remote)}: your summary and the cheers "
        "to you are removed. The group's git history still keeps what was pushed before, "
        "for anyone who can read the repository."
    )


# --------------------------------------------------------------------------- the tracker


def round_command(session: Session) -> list[str] | None:
    """``pathtui [--path FILE] group sync --leave-cheers-new``: a round as the
    tracker runs it, in a process of its own (None when the learner is in no
    group). The tracker never waits for it: a slow remote holds nothing up,
    and a round left running when the tracker closes finishes on its own. Its
    one line is all it prints; the cheers it brings stay new, for the tracker
    (or the next look) to show."""
    if not membership(session.progress).joined:
        return None
    source = session.path.source
    path_args = ["--path", source] if source and os.path.isfile(source) else []
    return [sys.executable, "-m", "pathtui", *path_args, "group", "sync", "--leave-cheers-new"]


def start_round(
    session: Session, output: IO[bytes] | None = None
) -> subprocess.Popen[bytes] | None:
    """Start ``round_command`` in its own session, its output (both streams) to
    ``output`` (nowhere when None); None when none is due or it cannot start."""
    argv = round_command(session)
    if argv is None:
        return None
    sink: IO[bytes] | int = output if output is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT if output is not None else subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        return None
