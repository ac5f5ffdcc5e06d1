"""Pilot tests for the main screen: what it shows, and that every key changes
both the screen and the saved progress file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from pathtui.services.session import Session
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import StepList
from tui_support import (
    SIZE,
    FakeBrowser,
    app_for,
    mid_path_session,
    new_session,
    on_disk,
    screen_text,
    until,
)


class TestMidPath:
    """A learner part way through: step 1 done, step 2 half done, one note."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        """The learner ``pilot`` opens for these tests (on the test's data folder)."""
        return mid_path_session()

    async def test_opens_at_the_current_step_with_the_overview(self, pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app.screen, MainScreen)
        assert app.query_one(StepList).highlighted == 1
        checklist = app.query_one(Checklist)
        assert app.focused is checklist
        assert checklist.item_id == "dsa-linked-lists"
        text = screen_text(app)
        # 9 + 4 done + 1 skipped of 54; the bar, the count and the percentage.
        assert "14/54 done · 25.9%" in text
        assert "at 10 h/week" in text
        assert "about 7–18 months left" in text
        assert "finish " in text and "2026" in text
        assert "Next up: Step 2 · Implement a linked list" in text
        assert "Step 2 of 7 · Master data" in text
        assert "✎ stopped at chapter 4" in text
        assert "▶ 2 " in text and "✓ 1 " in text
        assert "5/11" in text
        assert "[x]" in text and "[-]" in text and "[~]" in text

    async def test_filter_shows_only_items_in_one_state(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        checklist = app.query_one(Checklist)
        before = tracker_session.store.file.read_bytes()
        await pilot.press("f")  # todo
        ids = [o.id for o in checklist.options]
        assert ids and all(on_disk(tracker_session).state(i) == "todo" for i in ids)
        assert "Checklist · only todo" in screen_text(app)
        await pilot.press("f")  # learning
        assert [o.id for o in checklist.options] == ["dsa-linked-lists"]
        await pilot.press("f", "f")  # skipped
        assert [o.id for o in checklist.options] == ["dsa-stacks-queues"]
        await pilot.press("3")  # nothing skipped in step 3
        assert "No skipped items here (f: filter)." in screen_text(app)  # whole at 80x24
        await pilot.press("f")  # all
        assert len(checklist.options) == 6
        # filtering is a view: the file is untouched
        assert tracker_session.store.file.read_bytes() == before


async def test_first_run_estimate_matches_the_baseline(pilot: Pilot[None]) -> None:
    app = pilot.app
    text = screen_text(app)
    assert "0/54 done · 0%" in text
    assert "about 9 months to 2 years left at 10 h/week" in text
    assert "finish 29 Jan 2027 – 28 Apr 2028" in text
    assert app.query_one(StepList).highlighted == 0


async def test_space_enter_and_d_toggle_done_and_save(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("space")
    assert on_disk(tracker_session).state("basics-language") == "done"
    assert "1/54 done" in screen_text(app)
    await pilot.press("enter")
    assert on_disk(tracker_session).state("basics-language") == "todo"
    assert "0/54 done" in screen_text(app)
    await pilot.press("j", "j", "j", "d")  # past the two first-language options
    assert on_disk(tracker_session).state("basics-variables") == "done"
    row = str(app.query_one(Checklist).get_option("basics-variables").prompt)
    assert row.startswith("[x]")


async def test_learning_skip_and_back_to_todo(pilot: Pilot[None], tracker_session: Session) -> None:
    app = pilot.app
    await pilot.press("l")
    assert on_disk(tracker_session).state("basics-language") == "learning"
    checklist = app.query_one(Checklist)
    assert str(checklist.get_option("basics-language").prompt).startswith("[~]")
    await pilot.press("s")
    assert on_disk(tracker_session).state("basics-language") == "skipped"
    assert str(checklist.get_option("basics-language").prompt).startswith("[-]")
    # skipped counts as complete, as in `pathtui status`
    assert "1/54 done" in screen_text(app)
    await pilot.press("r")
    assert on_disk(tracker_session).state("basics-language") == "todo"
    assert str(checklist.get_option("basics-language").prompt).startswith("[ ]")


async def test_clicking_an_item_toggles_it(pilot: Pilot[None], tracker_session: Session) -> None:
    app = pilot.app
    checklist = app.query_one(Checklist)
    # the third row inside the border is the third item
    await pilot.click(Checklist, offset=(10, 3))
    await pilot.pause()
    assert checklist.item_id == "basics-lang-javascript"
    assert on_disk(tracker_session).state("basics-lang-javascript") == "done"
    assert "[x]" in screen_text(app)


@pytest.mark.slow
async def test_arrows_jk_tab_and_step_keys_move_around(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    checklist = app.query_one(Checklist)
    await pilot.press("down", "down", "j")
    assert checklist.item_id == "basics-variables"
    await pilot.press("up", "k")
    assert checklist.item_id == "basics-lang-python"
    await pilot.press("tab")
    assert app.focused is app.query_one(ResourceList)
    await pilot.press("tab")
    assert app.focused is app.query_one(StepList)
    await pilot.press("down")
    assert "Step 2 of 7" in screen_text(app)
    await pilot.press("4")
    assert app.query_one(StepList).highlighted == 3
    assert "Step 4 of 7 · Build simple web" in screen_text(app)
    assert checklist.item_id == "servers-specialize"
    await pilot.press("enter")
    assert app.focused is checklist
    # moving around saves nothing
    assert on_disk(tracker_session).items == {}


async def test_extras_are_outside_the_seven_steps_and_the_estimate(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("e")
    text = screen_text(app)
    assert "+ Extras (optional)" in text
    assert "Extras · Extra skills" in text
    assert "outside the seven steps and the estimate" in text
    await pilot.press("space")
    assert on_disk(tracker_session).state("extras-terminal") == "done"
    text = screen_text(app)
    # the overall count and estimate ignore the extras
    assert "0/54 done" in text
    assert "about 9 months to 2 years" in text
    assert "1/18" in text


class TestWithToasts:
    """Tests that read notifications, which the shared ``pilot`` leaves out."""

    @pytest.fixture
    def tracker_notifications(self) -> bool:
        """Toasts drawn, as in the real tracker."""
        return True

    async def test_o_opens_the_highlighted_resource_in_the_browser(
        self, pilot: Pilot[None], tracker_session: Session, browser: FakeBrowser
    ) -> None:
        app = pilot.app
        first = tracker_session.path.steps[0].resources[0]
        await pilot.press("o")
        assert browser.opened == [first.url]
        assert any(first.site in n.message for n in app._notifications)
        await pilot.press("tab", "down", "enter")
        assert browser.opened[-1] == tracker_session.path.steps[0].resources[1].url

    async def test_only_http_links_are_ever_opened(
        self, pilot: Pilot[None], browser: FakeBrowser
    ) -> None:
        from pathtui.model.path import Resource

        app = pilot.app
        app.main.open_resource(Resource("evil", "file:///etc/passwd"))
        app.main.open_resource(Resource("js", "javascript:alert(1)"))
        await pilot.pause()
        assert browser.opened == []
        assert any("Only http and https" in n.message for n in app._notifications)


async def test_footer_shows_the_keys_of_the_focused_pane(pilot: Pilot[None]) -> None:
    app = pilot.app
    await until(pilot, lambda: "space Done" in screen_text(app).splitlines()[-1])
    footer = screen_text(app).splitlines()[-1]
    for words in (
        "space Done",
        "l Learn",
        "s Skip",
        "t Log",
        "T Timer",
        "h History",
        "c Pace",
        "u Undo",
        "? Help",
        "q Quit",
    ):
        assert words in footer
    await pilot.press("tab")
    await pilot.pause()
    footer = screen_text(app).splitlines()[-1]
    assert "o Open link" in footer
    assert "Learn" not in footer


async def test_q_quits() -> None:
    # Its own run_test: the file is read once the tracker has fully shut down,
    # which the shared ``pilot`` only lets happen after the test.
    session = new_session()

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space", "q")
        await pilot.pause()
        assert not app.is_running
    assert on_disk(session).state("basics-language") == "done"


async def test_steps_sidebar_is_one_virtual_list(pilot: Pilot[None]) -> None:
    steps = pilot.app.query_one("#steps", OptionList)
    assert steps.option_count == 8  # seven steps and the extras
