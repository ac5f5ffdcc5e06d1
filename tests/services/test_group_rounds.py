"""The rounds the tracker runs with the study group when auto-sync is on.

Opening: a round prepared on the tracker's thread, run in a worker. Closing:
``group sync`` in a process of its own, started and never waited for, so a
slow remote never holds the tracker's exit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from group_support import fixed_group
from pathtui.services import groups
from pathtui.services.session import Session
from sync_support import git, needs_git

pytestmark = needs_git


@pytest.fixture
def session(isolated_env: Path, tmp_path: Path) -> Session:
    session = Session.open()
    session.save()
    fixed_group(session, tmp_path / "group")
    return session


def test_no_round_without_auto_sync(session: Session) -> None:
    assert groups.auto_round(session) is None
    assert groups.close_round_command(session) is None
    assert groups.start_close_round(session) is False


def test_the_opening_round_publishes_and_says_so(session: Session) -> None:
    session.progress.update_settings(auto_sync=True)
    session.save()
    remote = Path(session.progress.settings.group_remote)
    before = git(remote, "rev-parse", "main")
    run = groups.auto_round(session)
    assert run is not None
    line = run()
    assert line.startswith("Synced with Evening cohort: 3 members, sent your summary")
    assert git(remote, "rev-parse", "main^") == before


def test_the_opening_round_reports_a_failure_as_its_line(session: Session, tmp_path: Path) -> None:
    session.progress.update_settings(auto_sync=True)
    session.save()
    remote = Path(session.progress.settings.group_remote)
    run = groups.auto_round(session)
    assert run is not None
    remote.rename(tmp_path / "gone.git")
    assert run().startswith("Group sync: The remote ")


def test_the_closing_round_is_started_in_its_own_session_and_not_waited_for(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.progress.update_settings(auto_sync=True)
    started: list[tuple[list[str], dict]] = []

    class Child:
        def __init__(self, argv: list[str], **kwargs: object) -> None:
            started.append((argv, kwargs))

        def wait(self, timeout: float | None = None) -> int:  # pragma: no cover
            raise AssertionError("the tracker must not wait for the closing round")

    monkeypatch.setattr(subprocess, "Popen", Child)
    assert groups.start_close_round(session) is True
    ((argv, kwargs),) = started
    assert argv == [sys.executable, "-m", "pathtui", "group", "sync"]
    assert kwargs["start_new_session"] is True
    assert kwargs["stdin"] is kwargs["stdout"] is kwargs["stderr"] is subprocess.DEVNULL


def test_the_closing_rounds_command_really_syncs(session: Session) -> None:
    session.progress.update_settings(auto_sync=True)
    session.save()
    argv = groups.close_round_command(session)
    assert argv is not None
    remote = Path(session.progress.settings.group_remote)
    before = git(remote, "rev-parse", "main")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Synced with Evening cohort")
    assert git(remote, "rev-parse", "main^") == before
