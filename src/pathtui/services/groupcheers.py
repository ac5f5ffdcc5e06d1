"""The cheers this learner received, and which of them are new on this device.

``new_cheers(progress)`` is the one question ``pathtui remind``, the
tracker's standing line and ``group sync`` ask: it reads the group's clone on
this device (``storage/groupfolder.py``, as the last round left it) and the
note of the cheers already shown here, never git or the network, so it costs
a directory listing and a few small files. ``mark_seen`` writes that note
once a cheer was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathtui.model import groupfiles
from pathtui.model.groupfiles import CHEERS, MAX_CHEER_BYTES, MAX_MEMBER_BYTES, MEMBERS, Unreadable
from pathtui.model.sanitise import sanitise
from pathtui.services.groupview import Membership, has_copy, membership
from pathtui.storage import groupfolder

#: ``typing``-only names; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress

#: Cheers read per look, newest first (a flood of them costs no more than this).
MAX_CHEERS_READ = 100
#: Who sent a cheer, when the sender's file is gone or unreadable.
SOMEONE = "someone who left the group"


@dataclass(frozen=True)
class Cheer:
    """A cheer this learner received, ready to show (text cleaned)."""

    key: str
    sender: str
    sender_name: str
    sent: str
    text: str

    def line(self) -> str:
        """'Cheer from Bob (2026-12-03): keep going!'."""
        return f"Cheer from {self.sender_name} ({self.sent[:10]}): {self.text}"


def _sender_name(folder: Path, sender: str, known: dict[str, str]) -> str:
    if sender in known:
        return known[sender]
    name = f"{sender}{groupfiles.SUFFIX}"
    try:
        raw = groupfolder.read_capped(folder / MEMBERS / name, MAX_MEMBER_BYTES)
        data = groupfiles.read_member(name, raw)
    except Unreadable:
        data = None
    found = SOMEONE if data is None or data.get("left") else sanitise(data["name"])
    known[sender] = found
    return found


def received(
    me: Membership, only_unseen: bool = False, limit: int = MAX_CHEERS_READ
) -> list[Cheer]:
    """The cheers addressed to this learner in the clone, newest first
    (``only_unseen``: those not shown on this device yet). No git, no network."""
    folder = me.folder
    files = groupfolder.cheer_files(folder, me.member)
    if not files or not has_copy(me):
        return []
    seen = groupfolder.read_seen(folder) if only_unseen else set()
    newest = sorted(files, key=lambda n: n.split("-", 1)[-1], reverse=True)
    out: list[Cheer] = []
    known: dict[str, str] = {}
    for name in newest:
        if len(out) >= limit:
            break
        if name.removesuffix(groupfiles.SUFFIX) in seen:
            continue
        try:
            raw = groupfolder.read_capped(folder / CHEERS / me.member / name, MAX_CHEER_BYTES)
            cheer = groupfiles.read_cheer(me.member, name, raw)
        except Unreadable:
            continue
        if cheer["sender"] == me.member:
            continue
        out.append(
            Cheer(
                key=cheer["key"],
                sender=cheer["sender"],
                sender_name=_sender_name(folder, cheer["sender"], known),
                sent=cheer["sent"],
                text=sanitise(cheer["text"]),
            )
        )
    return out


def new_cheers(progress: Progress) -> list[Cheer]:
    """The cheers this learner has not seen on this device, newest first.

    Cheap and offline: it reads the group's clone on this device and the
    note of what was shown here, never git or the network; a learner in no
    group (or with no copy of it here) has none. For ``pathtui remind``, the
    tracker's standing line and ``group sync``.
    """
    me = membership(progress)
    if not me.joined:
        return []
    return received(me, only_unseen=True)


def mark_seen(progress: Progress, cheers: list[Cheer]) -> None:
    """Remember on this device that ``cheers`` were shown."""
    me = membership(progress)
    if not me.joined or not cheers:
        return
    seen = groupfolder.read_seen(me.folder)
    groupfolder.write_seen(me.folder, seen | {c.key for c in cheers})


def cheers_line(cheers: list[Cheer]) -> str:
    """'2 new cheers, from Bob and Ann' (for a nudge or the standing line)."""
    count = len(cheers)
    senders = list(dict.fromkeys(c.sender_name for c in cheers))
    who = senders[0] if len(senders) == 1 else ", ".join(senders[:-1]) + " and " + senders[-1]
    return f"{count} new cheer{'' if count == 1 else 's'}, from {who}"
