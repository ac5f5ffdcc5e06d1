"""The cheers a learner received, as ``pathtui remind``, the tracker and
``group sync`` ask for them: ``groupcheers.new_cheers(progress)``.

It reads this device's copy of the group and the note of what was shown
here; never git, never the network.
"""

from __future__ import annotations

import datetime as dt
import inspect
import subprocess
from pathlib import Path

import pytest

from group_support import BOB, Writer, cheer_file, fixed_group
from pathtui.services import groupcheers, groupview
from pathtui.services.session import Session
from pathtui.sync import grouprepo
from sync_support import needs_git

pytestmark = needs_git
ME = "a0" * 16


@pytest.fixture
def session(isolated_env: Path, tmp_path: Path) -> Session:
    session = Session.open()
    session.save()
    fixed_group(session, tmp_path / "group")
    return session


def test_the_signature_other_features_rely_on() -> None:
    signature = inspect.signature(groupcheers.new_cheers)
    assert list(signature.parameters) == ["progress"]
    assert signature.return_annotation == "list[Cheer]"
    fields = inspect.signature(groupcheers.Cheer).parameters
    assert list(fields) == ["key", "sender", "sender_name", "sent", "text"]


def test_new_cheers_are_new_until_marked_seen_on_this_device(session: Session) -> None:
    cheers = groupcheers.new_cheers(session.progress)
    assert [(c.sender_name, c.text, c.sent) for c in cheers] == [
        ("Bob", "Great streak, keep it up!", "2026-04-30T18:00:00Z")
    ]
    assert cheers[0].line() == "Cheer from Bob (2026-04-30): Great streak, keep it up!"
    assert groupcheers.cheers_line(cheers) == "1 new cheer, from Bob"
    groupcheers.mark_seen(session.progress, cheers)
    assert groupcheers.new_cheers(session.progress) == []
    assert groupcheers.received(groupview.joined(session.progress)) == cheers  # still listed


def test_a_learner_in_no_group_has_none(isolated_env: Path) -> None:
    session = Session.open()
    assert groupcheers.new_cheers(session.progress) == []


def test_new_cheers_never_runs_git(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError("new_cheers ran a program")

    monkeypatch.setattr(subprocess, "run", no_git)
    monkeypatch.setattr(subprocess, "Popen", no_git)
    assert len(groupcheers.new_cheers(session.progress)) == 1


def test_a_flood_of_cheers_costs_no_more_than_the_newest_hundred(
    session: Session, tmp_path: Path
) -> None:
    remote = Path(session.progress.settings.group_remote)
    writer = Writer(remote, tmp_path / "flood")
    start = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    for n in range(150):
        place, text = cheer_file(BOB, ME, f"cheer {n}", start + dt.timedelta(minutes=n), f"{n:06x}")
        writer.write(place, text)
    gone = "99" * 16  # a sender with no member file: they left
    place, text = cheer_file(gone, ME, "bye", start + dt.timedelta(days=40), "abcdef")
    writer.write(place, text)
    writer.push()
    me = groupview.joined(session.progress)
    grouprepo.round_trip(me.folder, lambda _f, _files: {})
    cheers = groupcheers.new_cheers(session.progress)
    assert len(cheers) == groupcheers.MAX_CHEERS_READ
    assert cheers[0].sender_name == groupcheers.SOMEONE and cheers[0].text == "bye"
    assert [c.text for c in cheers[1:3]] == ["Great streak, keep it up!", "cheer 149"]


def test_a_copy_of_a_group_the_learner_has_left_is_not_shown(
    session: Session, tmp_path: Path
) -> None:
    """Left on another device and joined another group: this device's old clone
    is not taken for the new group's."""
    session.progress.update_settings(group_remote=str(tmp_path / "another.git"))
    me = groupview.joined(session.progress)
    assert groupcheers.new_cheers(session.progress) == []
    with pytest.raises(groupview.GroupError, match="no copy of your study group yet"):
        groupview.view(me, dt.date(2026, 5, 1))


def test_remind_reads_the_real_group_through_its_one_function(session: Session) -> None:
    """``pathtui remind`` finds the group modules by name: this release has them,
    so its cheers line is the group's own, and marking them seen changes the
    day's cache key and empties the line."""
    from pathtui.services import reminders

    assert reminders.new_cheers_line(None) == "1 new cheer, from Bob"
    signature = reminders.cheers_signature()
    assert signature != ""
    groupcheers.mark_seen(session.progress, groupcheers.new_cheers(session.progress))
    assert reminders.cheers_signature() != signature
    assert reminders.new_cheers_line(None) == ""
