"""Three learners in a study group, one of them on two devices.

Each learner has a home, data, state and cache folder of their own; Cat's two
devices share her progress through ``pathtui sync`` (a bare repository of her
own), so they publish as one member. Everything goes through the ``pathtui``
command and real git against local bare repositories.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from group_support import Learner, group_remote, history_text, learners
from sync_support import bare_remote, needs_git

pytestmark = [needs_git, pytest.mark.slow]


def without_you(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "you"} for r in rows]


def names(learner: Learner) -> list[str]:
    return sorted(r["name"] for r in learner.table() if not r.get("unreadable"))


def test_join_sync_cheer_and_leave_are_seen_by_everyone(tmp_path: Path) -> None:
    ann, ben, cat1, cat2 = learners(tmp_path, "ann", "ben", "cat1", "cat2")
    group = group_remote(tmp_path)
    progress = bare_remote(tmp_path, "cat-progress.git")
    cat1.ok("done", "basics-language")
    cat1.ok("sync", "init", str(progress))
    cat2.ok("sync", "init", str(progress))
    ann.ok("group", "create", str(group), "--name", "Evening cohort", "--as", "Ann")
    ben.ok("group", "join", str(group), "--as", "Ben")
    cat1.ok("group", "join", str(group), "--as", "Cat")

    # Cat's second device learns of the group through her own progress sync.
    cat1.ok("sync")
    cat2.ok("sync")
    assert cat2.member == cat1.member
    out = cat2.ok("group", "sync")
    assert out.startswith("Synced with Evening cohort: 3 members")
    for learner in (ann, ben, cat1):
        learner.ok("group", "sync")
    assert names(ann) == names(ben) == names(cat1) == names(cat2) == ["Ann", "Ben", "Cat"]
    tables = [without_you(x.table()) for x in (ann, ben, cat1, cat2)]
    assert all(t == tables[0] for t in tables)
    assert [r["name"] for r in cat2.table() if r["you"]] == ["Cat"]

    # The newest summary wins between Cat's devices, whichever publishes last.
    cat1.ok("done", "basics-lang-python", "basics-variables")
    cat1.ok("group", "sync")
    cat2.ok("group", "sync")  # older progress: must not undo the newer summary
    ann.ok("group", "sync")
    cat_row = next(r for r in ann.table() if r["name"] == "Cat")
    assert cat_row["percent"] == 5.6  # 3 of 54, from cat1
    cat1.ok("sync")
    cat2.ok("sync")  # now cat2 has the same progress
    assert "sent your summary" not in cat2.ok("group", "sync")

    # A cheer: Ben to Cat, seen on each of Cat's devices once.
    assert ben.ok("group", "cheer", "cat", "Three down!") == "Sent your cheer to Cat.\n"
    for device in (cat1, cat2):
        lines = device.ok("group", "sync").splitlines()
        assert lines[0].endswith("1 new cheer for you.")
        assert lines[1].startswith("Cheer from Ben (") and lines[1].endswith("): Three down!")
        assert "new cheer" not in device.ok("group", "sync")

    # Cat leaves from her first device; everyone sees it.
    out = cat1.ok("group", "leave")
    assert "git history still keeps what was pushed before" in out
    for learner in (ann, ben):
        learner.ok("group", "sync")
        assert names(learner) == ["Ann", "Ben"]
    # Her second device, before it hears of it, does not publish her again...
    sentence = cat2.fails("group", "sync")
    assert "You left this group on another device" in sentence
    ann.ok("group", "sync")
    assert names(ann) == ["Ann", "Ben"]
    # ...and once her progress syncs, it knows she is in no group.
    cat1.ok("sync")
    cat2.ok("sync")
    assert "not in a study group" in cat2.fails("group")


def test_an_observer_sees_everyone_and_publishes_nothing_of_their_own(tmp_path: Path) -> None:
    ann, mentor = learners(tmp_path, "ann", "mentor")
    group = group_remote(tmp_path)
    ann.ok("group", "create", str(group), "--as", "Ann")
    mentor.ok("done", "basics-language")
    out = mentor.ok("group", "join", str(group), "--as", "Mentor", "--observer")
    assert "as an observer named 'Mentor'" in out
    ann.ok("group", "sync")
    rows = ann.table()
    observer = next(r for r in rows if r["name"] == "Mentor")
    assert observer["observer"] is True and observer["path"] is None and observer["percent"] is None
    assert "Mentor" in ann.ok("group") and "observer" in ann.ok("group")
    assert [r["name"] for r in mentor.table() if not r["observer"]] == ["Ann"]
    assert (
        ann.ok("group", "cheer", "Mentor", "thanks for watching") == "Sent your cheer to Mentor.\n"
    )
    assert mentor.ok("group", "cheer", "Ann", "good week").startswith("Sent your cheer to Ann")
    assert ann.ok("group", "sync").splitlines()[1].endswith("): good week")


def _wen_on_two_devices(tmp_path: Path) -> tuple[Learner, Learner, Learner, Path]:
    """Yan's group, which Wen joined on one device; her second device shares her
    progress through sync (and has not fetched the group)."""
    yan, wen1, wen2 = learners(tmp_path, "yan", "wen1", "wen2")
    group = group_remote(tmp_path)
    progress = bare_remote(tmp_path, "wen-progress.git")
    yan.ok("group", "create", str(group), "--as", "Yan")
    wen1.ok("sync", "init", str(progress))
    wen1.ok("group", "join", str(group), "--as", "Wen")
    wen1.ok("sync")
    wen2.ok("sync", "init", str(progress))
    return yan, wen1, wen2, group


def test_a_leave_stands_over_a_later_change_on_another_device(tmp_path: Path) -> None:
    """Wen leaves on one device; her other device, which has not heard of it,
    changes her progress and syncs the group: it must not publish her again."""
    yan, wen1, wen2, group = _wen_on_two_devices(tmp_path)
    wen2.ok("group", "sync")
    wen1.ok("group", "leave")

    wen2.ok("done", "basics-language")  # newer progress than the leave
    assert "You left this group on another device" in wen2.fails("group", "sync")
    yan.ok("group", "sync")
    assert names(yan) == ["Yan"]

    # Her progress syncs: both devices know she left, and she stays out.
    wen1.ok("sync")
    wen2.ok("sync")
    assert "not in a study group" in wen2.fails("group", "sync")
    yan.ok("group", "sync")
    assert names(yan) == ["Yan"]

    # Joining again brings her back, on both devices.
    wen2.ok("group", "join", str(group), "--as", "Wen")
    wen2.ok("sync")
    wen1.ok("sync")
    assert wen1.ok("group", "sync").startswith("Synced with Study group: 2 members")
    yan.ok("group", "sync")
    assert names(yan) == ["Wen", "Yan"]


def test_joining_again_after_a_leave_on_another_device_says_joined(tmp_path: Path) -> None:
    """Wen's second device has not heard of the leave yet: its join is a join
    again, not "you are in this group already"."""
    yan, wen1, wen2, group = _wen_on_two_devices(tmp_path)
    wen1.ok("group", "leave")
    out = wen2.ok("group", "join", str(group), "--as", "Wen")
    assert out.startswith(f"Joined Study group at {group} as a member named 'Wen';"), out
    yan.ok("group", "sync")
    assert names(yan) == ["Wen", "Yan"]


def test_a_cheer_or_share_refused_after_a_leave_elsewhere_leaves_nothing_behind(
    tmp_path: Path,
) -> None:
    """Wen left on one device; on the other, which has not heard of it, a
    cheer and a new share level are refused, and neither takes effect when
    she joins again: the cheer is not sent, the level is the one she had."""
    yan, wen1, wen2, group = _wen_on_two_devices(tmp_path)
    wen2.ok("group", "sync")
    wen1.ok("group", "leave")
    said = wen2.fails("group", "cheer", "Yan", "written after the leave")
    assert "You left this group on another device" in said
    assert said.endswith("The cheer waiting on this device was not sent.")
    level = wen2.progress().settings.group_share
    assert level != "items"
    assert "You left this group on another device" in wen2.fails("group", "share", "items")
    assert wen2.progress().settings.group_share == level

    wen2.ok("group", "join", str(group), "--as", "Wen")
    wen2.ok("group", "sync")
    assert "written after the leave" not in yan.ok("group", "sync")
    assert "written after the leave" not in history_text(group)
    (row,) = [r for r in yan.table() if r["name"] == "Wen"]
    assert row["share"] == level
