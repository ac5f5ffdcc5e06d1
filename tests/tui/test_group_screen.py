"""The Group screen (`G`) and the study group in the tracker: Pilot and snapshots.

The learner ("Alice") is in a group with fixed files in a local bare
repository (``group_support.fixed_group``): Bob and Carol share their
progress, a mentor observes, one member file is broken, and Bob sent a cheer.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from group_support import BOB, fixed_group
from pathtui.services import groupcheers
from pathtui.services.session import Session
from sync_support import git, needs_git
from tui_support import app_for, key_bar, mid_path_session, screen_text, until

pytestmark = needs_git

WIDE = (120, 40)


@pytest.fixture
def tracker_session(isolated_env: Path, tmp_path: Path) -> Session:
    session = mid_path_session()
    fixed_group(session, tmp_path / "group")
    return session


def remote_of(session: Session) -> Path:
    return Path(session.progress.settings.group_remote)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


#: A round runs as a process of its own: wait for it as long as a loaded
#: machine may need (a bound on liveness, not a timing figure).
ROUND_SECONDS = 120.0


async def round_done(pilot, start: str = "Synced with Evening cohort") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + ROUND_SECONDS
    while not any(m.startswith(start) for m in messages(pilot.app)):
        assert loop.time() < deadline, messages(pilot.app)
        await pilot.pause(0.1)


async def test_g_opens_the_group_screen_with_every_member(pilot) -> None:
    app = pilot.app
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    listing = app.screen.query_one("#group-members")
    assert listing.option_count == 5  # Carol, Bob, Alice, the mentor, the broken file
    assert [o.id for o in listing._options][:2] == ["c0" * 16, BOB]
    text = screen_text(app)
    assert "Evening cohort · 3 members, 1 observer · you share progress · synced 1 May" in text
    assert "▸ Alice (you)" in text and "Mentor · observer" in text
    # the cheer the standing line told of, marked new, dated as the rest of the screen
    assert "● Bob · 30 Apr" in text and "2026-04-30" not in text
    assert "unreadable: it is not valid TOML" in text
    assert "Great streak, keep it up!" in text
    assert app.screen.query_one("#group-detail").border_title == "Alice"  # your own row first
    await pilot.press("escape")
    await until(pilot, lambda: app.screen.id == "main")


async def test_the_standing_line_mentions_new_cheers_until_the_group_screen_shows_them(
    pilot,
) -> None:
    app = pilot.app
    overview = app.main.query_one("Overview")
    await until(pilot, lambda: overview.standing.startswith("1 new cheer, from Bob (G) · "))
    assert any("Cheer from Bob (30 Apr 2026): Great streak" in m for m in messages(app))
    assert groupcheers.new_cheers(app.session.progress) == []  # shown once: seen here
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    await pilot.press("escape")
    await until(pilot, lambda: not overview.standing.startswith("1 new cheer"))


async def test_the_details_follow_the_highlighted_member(pilot) -> None:
    app = pilot.app
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    await pilot.press("up", "up")
    detail = app.screen.query_one("#group-detail")
    assert detail.border_title == "Carol"
    assert detail.border_subtitle == "last 8 weeks"
    spark = app.screen.query_one("#group-sparkline")
    assert list(spark.data) == [12.0, 11.0, 12.5, 10.0, 14.0, 13.0, 12.0, 12.0]
    assert "Step 5/7 · 71.4% · active 2 days ago" in screen_text(app)
    await pilot.press("down", "down", "down")
    assert app.screen.query_one("#group-detail").border_title == "Mentor"
    assert not app.screen.query_one("#group-sparkline").display


async def test_c_sends_a_cheer_to_the_highlighted_member(pilot) -> None:
    app = pilot.app
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    await pilot.press("up", "c")
    await until(pilot, lambda: app.screen.id != "group")
    await pilot.press(*"well done", "enter")
    await until(pilot, lambda: app.screen.id == "group")
    await app.workers.wait_for_complete()
    await until(
        pilot, lambda: any(m.startswith("Synced with Evening cohort") for m in messages(app))
    )
    remote = remote_of(app.session)
    names = git(remote, "ls-tree", "-r", "--name-only", "main").splitlines()
    sent = [n for n in names if n.startswith(f"cheers/{BOB}/{'a0' * 16}-")]
    assert len(sent) == 1
    assert 'text = "well done"' in git(remote, "show", f"main:{sent[0]}")


async def test_you_cannot_cheer_yourself_from_the_screen(pilot) -> None:
    app = pilot.app
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    await pilot.press("c")
    assert app.screen.id == "group"
    assert "Choose someone else in the list to cheer." in messages(app)


async def test_s_syncs_and_redraws(pilot, tmp_path: Path) -> None:
    app = pilot.app
    await pilot.press("G")
    await until(pilot, lambda: app.screen.id == "group")
    await pilot.press("s")
    await app.workers.wait_for_complete()
    await until(
        pilot, lambda: any(m.startswith("Synced with Evening cohort") for m in messages(app))
    )
    mine = git(remote_of(app.session), "show", f"main:members/{'a0' * 16}.toml")
    assert "percent = 40.0" not in mine  # the learner's real summary replaced the fixture's


async def test_a_learner_in_no_group_is_told_how_to_join(isolated_env: Path) -> None:
    """Every command fits at 80x24, and the keys that need a group are left out."""
    app = app_for(mid_path_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await until(pilot, lambda: app.screen.id == "group")
        lines = screen_text(app).splitlines()
        for command in ("group create REMOTE", "group join REMOTE", "join REMOTE --observer"):
            assert any(command in line for line in lines), command
        assert "…" not in "".join(lines)  # nothing cut
        assert "You are not in a study group yet." in lines[2]
        bar = lines[-1]
        assert "Back" in bar and "Cheer" not in bar and "Sync" not in bar
        await pilot.press("c", "s")
        await pilot.pause()
        assert app.screen.id == "group" and not messages(app)  # neither key did anything


async def test_a_member_without_a_copy_here_fetches_it_with_s(
    isolated_env: Path, tmp_path: Path
) -> None:
    import shutil

    from pathtui.services.groupview import joined

    session = mid_path_session()
    fixed_group(session, tmp_path / "group")
    shutil.rmtree(joined(session.progress).folder)  # joined on another device, say
    app = app_for(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await until(pilot, lambda: app.screen.id == "group")
        text = screen_text(app)
        assert "no copy of your study group yet: s fetches it." in text
        bar = key_bar(app)
        assert "Sync now" in bar and "Cheer" not in bar
        await pilot.press("s")
        await round_done(pilot)
        await until(pilot, lambda: "Carol" in screen_text(app))
        await until(pilot, lambda: "Cheer" in key_bar(app))
        assert "Sync now" in key_bar(app)


async def test_names_are_shown_literally(isolated_env: Path, tmp_path: Path) -> None:
    session = mid_path_session()
    fixed_group(session, tmp_path / "g", names={"bob": "[bold]Bob[/] \x1b[31m"})
    app = app_for(session)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("G")
        await until(pilot, lambda: app.screen.id == "group")
        text = screen_text(app)
        assert "[bold]Bob[/] ␛[31m" in text


async def test_auto_sync_runs_a_group_round_as_the_tracker_opens(
    isolated_env: Path, tmp_path: Path
) -> None:
    session = mid_path_session()
    remote = fixed_group(session, tmp_path / "g")
    session.progress.update_settings(auto_sync=True)
    session.save()
    before = git(remote, "rev-parse", "main")
    app = app_for(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            pilot, lambda: any(m.startswith("Synced with Evening cohort") for m in messages(app))
        )
        await app.workers.wait_for_complete()
    assert git(remote, "rev-parse", "main^") == before  # the summary went out on top


async def test_a_slow_remote_never_holds_the_tracker_up_or_its_exit_back(
    isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The group's remote answers after a minute (an ssh that sleeps): the
    tracker opens, is used and closes while the round is still waiting."""
    slow = tmp_path / "slow-ssh"
    slow.write_text("#!/bin/sh\nsleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setenv("GIT_SSH_COMMAND", str(slow))
    # The round must still be waiting when the tracker has closed, however
    # slowly a loaded machine runs the tracker: git's own bound is no part of this.
    monkeypatch.setenv("PATHTUI_SYNC_TIMEOUT", "600")
    session = mid_path_session()
    fixed_group(session, tmp_path / "g")
    session.progress.update_settings(auto_sync=True, group_remote="ssh://slow.invalid/g.git")
    session.save()
    app = app_for(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.group_round.running)
        child = app.group_round._child
        assert child is not None
        await pilot.press("space")  # the tracker answers meanwhile
        await pilot.press("q")
    try:
        output = app.group_round._output
        said = b""
        if child.poll() is not None and output is not None:
            output.seek(0)
            said = output.read()
        assert child.poll() is None, f"the round ended before the tracker closed: {said!r}"
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait(timeout=60)


def test_the_group_adds_nothing_to_the_trackers_first_frame() -> None:
    """The tracker's modules load neither the screen nor the group's services
    until `G` is pressed (or auto-sync runs a round)."""
    code = (
        "import json, sys, pathtui.tui.app, pathtui.tui.screens.main;"
        "print(json.dumps(sorted(m for m in sys.modules if 'group' in m)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ)
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout))
    assert loaded == {
        "pathtui.tui.keys.group",
        "pathtui.tui.groupround",
        "pathtui.model.groupshare",
        "asyncio.taskgroups",
    }


# --------------------------------------------------------------------------- snapshots


def _group_app(tmp_path: Path):
    session = mid_path_session()
    fixed_group(session, tmp_path / "group")
    return app_for(session)


async def _without_toasts(pilot) -> None:
    """The cheer's toast from the tracker's start would cover the Cheers panel."""
    await until(pilot, lambda: bool(pilot.app._notifications))
    pilot.app.clear_notifications()
    await pilot.pause()


def _pressing(*keys: str, typed: str = ""):
    """Clear the toasts, press ``keys``, and wait until the screen is drawn
    whole: keys typed ahead are drawn as a batch, so the snapshot is taken
    only once the last of them is in (``typed``: the cheer field's text)."""

    async def run_before(pilot) -> None:
        await _without_toasts(pilot)
        await pilot.press(*keys)
        if typed:
            await until(
                pilot,
                lambda: getattr(pilot.app.screen.query_one("#cheer-input"), "value", "") == typed,
            )
            pilot.app.screen.query_one("#cheer-input").cursor_blink = False
        else:
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "GroupScreen")
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


def test_snapshot_group_screen(snap_compare, tmp_path: Path) -> None:
    app = _group_app(tmp_path)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_pressing("G"))


def test_snapshot_group_screen_wide(snap_compare, tmp_path: Path) -> None:
    app = _group_app(tmp_path)
    assert snap_compare(app, terminal_size=WIDE, run_before=_pressing("G", "up", "up"))


def test_snapshot_cheer_dialog(snap_compare, tmp_path: Path) -> None:
    app = _group_app(tmp_path)
    run_before = _pressing("G", "up", "c", *"nice", typed="nice")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("ending", ["signal", "q"])
def test_the_closing_group_round_starts_however_the_tracker_ends(
    isolated_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Closed with q, or by a signal (a lost terminal), the tracker starts the
    group's closing round: a process of its own, never waited for."""
    from pathtui.tui import run_tracker
    from pathtui.tui.app import PathtuiApp

    session = Session.open()
    session.save()
    fixed_group(session, tmp_path / "group")
    session.progress.update_settings(auto_sync=True)
    session.save()
    started: list[bool] = []

    def start_round(session: Session, output: object = None) -> None:
        started.append(output is None)  # the closing round sends its line nowhere

    monkeypatch.setattr("pathtui.services.groups.start_round", start_round)
    monkeypatch.setattr("pathtui.sync.auto.after_close", lambda session: None)
    monkeypatch.setattr("pathtui.tui.check_terminal", lambda: None)

    def run_headless(app: PathtuiApp) -> None:
        async def end(pilot) -> None:
            await pilot.pause()
            if ending == "q":
                await app.main.run_action("quit")
            else:
                app.close_on_signal(signal.SIGTERM)

        asyncio.run(app.run_async(headless=True, size=(80, 24), auto_pilot=end))

    monkeypatch.setattr(PathtuiApp, "run", run_headless)
    code = run_tracker(session)
    assert code == (0 if ending == "q" else 128 + signal.SIGTERM)
    assert started.count(True) == 1
