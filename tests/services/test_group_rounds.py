"""The rounds the tracker runs with the study group: ``group sync`` in a
process of its own, started and never waited for, so a slow remote never
holds the tracker up or its exit back.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from group_support import fixed_group
from pathtui.services import groupcheers, groups
from pathtui.services.session import Session
from sync_support import git, needs_git

pytestmark = needs_git


@pytest.fixture
def session(isolated_env: Path, tmp_path: Path) -> Session:
    session = Session.open()
    session.save()
    fixed_group(session, tmp_path / "group")
    return session


def test_no_round_outside_a_group(isolated_env: Path) -> None:
    session = Session.open()
    assert groups.round_command(session) is None
    assert groups.start_round(session) is None


def test_the_round_is_group_sync_leaving_cheers_new(session: Session) -> None:
    argv = groups.round_command(session)
    assert argv == [sys.executable, "-m", "pathtui", "group", "sync", "--leave-cheers-new"]


def test_the_round_is_started_in_its_own_session_and_not_waited_for(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[list[str], dict]] = []

    class Child:
        def __init__(self, argv: list[str], **kwargs: object) -> None:
            started.append((argv, kwargs))

        def wait(self, timeout: float | None = None) -> int:  # pragma: no cover
            raise AssertionError("nothing waits for a round")

    monkeypatch.setattr(subprocess, "Popen", Child)
    assert groups.start_round(session) is not None
    ((argv, kwargs),) = started
    assert argv[-3:] == ["group", "sync", "--leave-cheers-new"]
    assert kwargs["start_new_session"] is True
    assert kwargs["stdin"] is kwargs["stdout"] is kwargs["stderr"] is subprocess.DEVNULL


def test_a_round_publishes_says_one_line_and_leaves_the_cheers_new(session: Session) -> None:
    remote = Path(session.progress.settings.group_remote)
    before = git(remote, "rev-parse", "main")
    with tempfile.TemporaryFile() as output:
        child = groups.start_round(session, output)
        assert child is not None
        assert child.wait(timeout=120) == 0
        output.seek(0)
        lines = output.read().decode().splitlines()
    assert lines == [
        "Synced with Evening cohort: 3 members, sent your summary, 1 new cheer for you."
    ]
    assert git(remote, "rev-parse", "main^") == before
    assert len(groupcheers.new_cheers(session.progress)) == 1  # for the tracker to show


def test_a_failed_round_says_why_in_one_line(session: Session, tmp_path: Path) -> None:
    remote = Path(session.progress.settings.group_remote)
    remote.rename(tmp_path / "gone.git")
    with tempfile.TemporaryFile() as output:
        child = groups.start_round(session, output)
        assert child is not None
        assert child.wait(timeout=120) != 0
        output.seek(0)
        lines = output.read().decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pathtui: The remote ")
