"""The tracker on a generated path of 25 steps and 300 items (links, long
descriptions in paragraphs, a "choose 1 of 9"), at 80x24 and 120x40:
navigation past step 9, the sidebar, the detail pane, `o`, search and the
estimate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import OptionList

from bigpath import write_big_path
from pathtui.services.session import Session
from pathtui.storage import library
from pathtui.tui.screens.goto import GotoScreen
from pathtui.tui.screens.links import LinksScreen
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.paths import PathsScreen
from pathtui.tui.screens.search import SearchScreen
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import StepList
from tui_support import FakeBrowser, app_for, new_session, on_disk, screen_text

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]


def title_muted(checklist: Checklist, item_id: str) -> bool:
    """Whether a checklist row draws its title muted (it counts toward nothing)."""
    prompt = checklist.get_option(item_id).prompt
    title_start = len(prompt.plain) - len(checklist._items[item_id].title)
    return any(
        span.start >= title_start and "text-muted" in str(span.style) for span in prompt.spans
    )


@pytest.fixture
def tracker_session(tmp_path: Path) -> Session:
    """The learner every test here starts as: fresh, on the big path."""
    file = write_big_path(tmp_path / "big.toml")
    session = Session.open(file)
    session.save()
    return session


@pytest.mark.slow
@pytest.mark.parametrize("tracker_size", SIZES, ids=IDS)
async def test_g_then_a_number_reaches_any_step_and_the_sidebar_follows(
    pilot: Pilot[None],
) -> None:
    app = pilot.app
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen)
    await pilot.press("1", "2")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen), "it waits for Enter, even when no digit could follow"
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert app.main.section_index == 11
    assert "Step 12 of 25" in screen_text(app)
    assert app.query_one(Checklist).item_id == "s12-item-1"
    await pilot.press("g", "2")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert app.main.section_index == 1
    await pilot.press("g", "2", "5", "enter")
    await pilot.pause()
    text = screen_text(app)
    assert "Step 25 of 25" in text
    # the sidebar scrolled to show step 25, its number lined up
    assert re.search(r"│ +25 Step 25", text), text
    steps = app.query_one(StepList)
    assert steps.highlighted == 24
    # an impossible number is refused without leaving the dialog
    await pilot.press("g", "0", "enter")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen)
    await pilot.press("escape")
    await pilot.pause()
    assert app.main.section_index == 24


@pytest.mark.parametrize("tracker_size", [(120, 40)], ids=["120x40"])
async def test_two_digit_numbers_line_up_in_the_sidebar(pilot: Pilot[None]) -> None:
    lines = screen_text(pilot.app).splitlines()
    nine = next(line for line in lines if "Step 9:" in line)
    ten = next(line for line in lines if "Step 10:" in line)
    assert nine.index("Step 9:") == ten.index("Step 10:"), "titles start in one column"
    assert nine.index(" 9 ") + 1 == ten.index("10 ") + 1


@pytest.mark.parametrize("tracker_size", SIZES, ids=IDS)
async def test_the_detail_pane_shows_paragraphs_and_scrolls(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    tracker_session.progress.set_note("s1-item-1", "stopped at the list")
    app.main.show_detail()
    await pilot.pause()
    text = screen_text(app)
    assert "✎ stopped at the list" in text, "the note is shown"
    assert "The idea then practise" in text, "and the description beside it"
    box = app.main.query_one("#detail", VerticalScroll)
    assert box.max_scroll_y > 0, "2,000 characters do not fit: the pane scrolls"
    await pilot.press("shift+down")
    await pilot.pause()
    assert box.scroll_y > 0
    seen = text + screen_text(app)
    while box.scroll_y < box.max_scroll_y:
        await pilot.press("shift+down")
        await pilot.pause()
        seen += screen_text(app)
    assert "- second point" in seen, "a list keeps its lines"
    assert "Reading 5 for topic 1" in seen, "the links are listed last"
    assert "␊" not in seen
    await pilot.press("j")
    await pilot.pause()
    assert box.scroll_y == 0, "the next item starts at its top"


@pytest.mark.parametrize("tracker_size", SIZES, ids=IDS)
async def test_o_offers_the_items_links_and_opens_the_chosen_one(
    pilot: Pilot[None], browser: FakeBrowser
) -> None:
    app = pilot.app
    await pilot.press("j", "o")
    await pilot.pause()
    assert isinstance(app.screen, LinksScreen)
    links = app.screen.query_one(OptionList)
    assert links.option_count == 5
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert browser.opened == ["https://example.org/2/2"]
    await pilot.press("o", "escape")
    await pilot.pause()
    assert browser.opened == ["https://example.org/2/2"], "Esc opens nothing"


async def test_resources_are_skipped_by_tab_when_there_is_no_room_for_them(
    tracker_session: Session,
) -> None:
    # Its own run_tests: the same learner in two terminals, one after the other.
    big = tracker_session
    app = app_for(big)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        resources = app.query_one(ResourceList)
        assert resources.size.height < 3, "25 steps fill the sidebar at 80x24"
        await pilot.press("tab")
        assert app.focused is app.query_one(StepList)
    async with app_for(big).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        await pilot.press("tab")
        assert pilot.app.focused is pilot.app.query_one(ResourceList)


@pytest.mark.slow
@pytest.mark.parametrize("tracker_size", SIZES, ids=IDS)
async def test_search_finds_an_item_far_down_the_path(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*"topic 290", "enter")
    await pilot.pause()
    assert app.query_one(Checklist).item_id == "s25-item-2"
    assert "Step 25 of 25" in screen_text(app)


@pytest.mark.parametrize("tracker_size", SIZES, ids=IDS)
async def test_the_estimate_follows_the_choice_of_nine(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    big = tracker_session
    # 300 items, a "choose 1 of 9" counts as one: 292
    assert "0/292 done · 0%" in screen_text(app)
    assert "0/4" in screen_text(app), "step 2: three plain items and one pick"
    checklist = app.query_one(Checklist)
    await pilot.press("2")
    assert not title_muted(checklist, "s2-item-4"), "before the pick, options count"
    await pilot.press("j", "j", "space")  # pick and finish Language 3
    await pilot.pause()
    assert title_muted(checklist, "s2-item-4"), "the options left aside are muted"
    assert not title_muted(checklist, "s2-item-3")
    text = screen_text(app)
    assert "1/292 done" in text
    assert "1/4" in text
    est = big.estimate()
    assert est.items_total == 292 and est.steps[1].done == 1
    # the other eight options count for nothing: no work left for them
    low, high = est.hours_left
    assert (low, high) == (2 * 291, 5 * 291)
    assert on_disk(big).state("s2-item-3") == "done"


class TestTheLibrary:
    """The big path as one of the library's paths, beside the built-in one."""

    @pytest.fixture
    def tracker_session(self, tmp_path: Path) -> Session:
        """A fresh learner on the built-in path, with the big path in the library."""
        library.add(write_big_path(tmp_path / "big.toml"))
        return new_session()

    @pytest.mark.slow
    async def test_p_switches_to_another_path_of_the_library(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        await pilot.press("space")  # a change on the built-in path first
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PathsScreen)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.path.id == "big"
        text = screen_text(app)
        assert "A big generated path" in text and "0/292 done" in text
        assert app.query_one(Checklist).item_id == "s1-item-1"
        assert library.default_id() == "big", "the next `pathtui` opens it too"
        await pilot.press("space")
        await pilot.pause()
        assert on_disk(app.session).state("s1-item-1") == "done"
        await pilot.press("p", "up", "enter")  # back to the built-in path (it opens on big)
        await pilot.pause()
        assert app.session.path.id == "backend"
        assert "1/54 done" in screen_text(app)
        assert library.default_id() is None
        await pilot.exit(None)
        assert on_disk(tracker_session).state("basics-language") == "done"
