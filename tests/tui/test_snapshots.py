"""Snapshot tests: how the tracker looks, pinned as SVGs in tests/tui/__snapshots__.

Regenerate after an intended change with ``pytest --snapshot-update`` and
review the SVGs before committing them. The clock is fixed (tui_support.TODAY)
and the text cursor does not blink, so the pictures are stable.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from bigpath import write_big_path
from tui_support import app_for, mid_path_session, new_session, pressing

SMALL = (80, 24)
LARGE = (120, 40)


async def no_blink(pilot: Pilot) -> None:
    await pilot.pause()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_main_zero_progress_80x24(snap_compare) -> None:
    assert snap_compare(app_for(new_session()), terminal_size=SMALL, run_before=no_blink)


def test_main_mid_path_80x24(snap_compare) -> None:
    assert snap_compare(app_for(mid_path_session()), terminal_size=SMALL, run_before=no_blink)


def test_main_zero_progress_120x40(snap_compare) -> None:
    assert snap_compare(app_for(new_session()), terminal_size=LARGE, run_before=no_blink)


def test_main_mid_path_120x40(snap_compare) -> None:
    assert snap_compare(app_for(mid_path_session()), terminal_size=LARGE, run_before=no_blink)


def test_big_path_step_12_80x24(snap_compare, tmp_path) -> None:
    """A step past 9 of a 25-step path, reached with `g 1 2 Enter`: two-digit numbers
    line up, the sidebar has scrolled, the description fills the space left."""
    session = new_session(path_file=write_big_path(tmp_path / "big.toml"))

    async def go(pilot: Pilot) -> None:
        await pilot.press("g", "1", "2", "enter")
        await no_blink(pilot)

    assert snap_compare(app_for(session), terminal_size=SMALL, run_before=go)


def test_big_path_step_12_120x40(snap_compare, tmp_path) -> None:
    session = new_session(path_file=write_big_path(tmp_path / "big.toml"))

    async def go(pilot: Pilot) -> None:
        await pilot.press("g", "1", "2", "enter", "j")
        await no_blink(pilot)

    assert snap_compare(app_for(session), terminal_size=LARGE, run_before=go)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_go_to_dialog_waiting_for_a_number(snap_compare, tmp_path, size) -> None:
    """After `g`, the empty field says in words that a step number is awaited."""
    session = new_session(path_file=write_big_path(tmp_path / "big.toml"))

    async def go(pilot: Pilot) -> None:
        await pilot.press("g")
        await no_blink(pilot)

    assert snap_compare(app_for(session), terminal_size=size, run_before=go)


def test_main_mid_path_light_theme(snap_compare) -> None:
    app = app_for(mid_path_session())

    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await no_blink(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=light)


def test_main_mid_path_no_color(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(mid_path_session())
    assert app.no_color
    assert snap_compare(app, terminal_size=SMALL, run_before=no_blink)


def test_help_screen(snap_compare) -> None:
    app = app_for(new_session())
    assert snap_compare(app, terminal_size=SMALL, run_before=pressing("question_mark"))


def test_welcome_screen(snap_compare) -> None:
    app = app_for(new_session(saved=False))
    assert snap_compare(app, terminal_size=SMALL, run_before=no_blink)


def test_reset_dialog(snap_compare) -> None:
    app = app_for(mid_path_session())
    assert snap_compare(app, terminal_size=SMALL, run_before=pressing("R"))
