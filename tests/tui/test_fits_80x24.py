"""At 80x24 the fixed parts (the header, each step's heading, the footer and
the help) show no word cut with …, and a help taller than the terminal says
that it scrolls. Snapshots of the same screens are in test_snapshots.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot

from pathtui.model.path import Step
from pathtui.tui.screens.help import MORE, HelpScreen
from pathtui.tui.text import hours_range
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.overview import LINES
from tui_support import SIZE, app_for, mid_path_session, screen_text

CUT = "…"
#: The checklist's room for a title at 80 columns, with no hours column and a
#: scrollbar: 4 of the built-in path's 58 titles are longer (with the hours
#: column, 31 were cut).
ROOM_AT_80 = 39


def header_and_footer(app) -> list[str]:  # type: ignore[no-untyped-def]
    lines = screen_text(app).splitlines()
    return [*lines[:LINES], lines[-1]]


@pytest.mark.parametrize("keys", [(), ("J",), ("P",), ("h",), ("v",)], ids=str)
async def test_no_cut_words_in_the_header_and_footer(keys: tuple[str, ...]) -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        for line in header_and_footer(app):
            assert CUT not in line, line


async def test_every_step_heading_shows_its_whole_title() -> None:
    session = mid_path_session()
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        async for step in each_step(pilot):
            text = screen_text(app)
            assert f"Step {step.number} of 7 · {step.title}" in text


async def test_the_help_has_no_cut_words_and_says_it_scrolls_until_the_end() -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help", VerticalScroll)
        assert box.max_scroll_y > 0  # taller than 24 lines
        assert MORE in screen_text(app)
        seen = screen_text(app)
        while box.scroll_y < box.max_scroll_y:
            await pilot.press("pagedown")
            await pilot.pause()
            seen += screen_text(app)
        assert MORE not in screen_text(app)
        assert CUT not in seen
        for key in ("J       Jobs", "P       Projects", "R       Reset", "q       Quit"):
            assert key in seen


async def test_below_a_workable_size_one_line_says_how_big_and_the_keys_still_work() -> None:
    session = mid_path_session()
    app = app_for(session)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        notice = "Make the terminal at least 60×18 to see the steps (it is 40×12)."
        text = " ".join(screen_text(app).split())
        assert notice in text
        assert "Checklist" not in text and "Steps" not in text  # no broken panes
        assert "14/54 done" in text  # the header still says where things stand
        await pilot.press("space")  # the highlighted item, as at any size
        await pilot.pause()
        assert "15/54 done" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "Make the terminal" not in text and "Checklist" in text


async def test_checklist_titles_read_whole_at_80_columns_the_hours_where_they_fit() -> None:
    """Too narrow for every row with its hours, the list drops the hours column
    (all rows alike) rather than cut titles; the highlighted item's state and
    hours stay on one line under the list. Wide enough, the column is back."""
    session = mid_path_session()
    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        async for step in each_step(pilot):
            checklist = app.main.query_one(Checklist)
            rows = _checklist_rows(app)
            assert rows, step.number
            for row in rows:  # only a title longer than the whole row's room is cut
                if CUT in row:
                    shown = row.split("]", 1)[1].lstrip(" ✎").split(CUT)[0]
                    title = next(i.title for i in step.items if i.title.startswith(shown))
                    assert len(title) > ROOM_AT_80, title
            with_hours = [row for row in rows if " h  " in row]
            assert with_hours == [] or len(with_hours) == len(rows), rows  # one column or none
            item = session.path.find(checklist.item_id)[1]
            meta = f"{session.progress.state(item.id)} · {hours_range(item.hours)}"
            assert any(meta in line for line in screen_text(app).splitlines()), meta
        await pilot.press("2")
        await pilot.pause()
        assert not any(" h  " in row for row in _checklist_rows(app))  # step 2: no room at 80
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        rows = _checklist_rows(app)
        assert rows and all(" h  " in row for row in rows), rows  # room for every row in full
        assert "8–20 h  Study computer-science fundamentals" in "\n".join(rows)


async def each_step(pilot: Pilot[None]) -> AsyncIterator[Step]:
    """Each step of the learner's path, shown in turn by its number key."""
    await pilot.pause()
    for step in pilot.app.session.path.steps:
        await pilot.press(str(step.number))
        await pilot.pause()
        yield step


def _checklist_rows(app) -> list[str]:  # type: ignore[no-untyped-def]
    checklist = app.main.query_one(Checklist)
    left, width = checklist.region.x, checklist.region.width
    lines = screen_text(app).splitlines()
    return [line[left : left + width] for line in lines if "[" in line[left : left + 6]]
