"""With NO_COLOR the pane borders stay visible and the focused pane shows by
its border's shape (the snapshot test_main_mid_path_no_color shows the same)."""

from __future__ import annotations

import pytest

from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import StepList
from tui_support import SIZE, app_for, mid_path_session

#: The least brightness difference (0 to 1) between a border and the background
#: that reads as a line in greyscale; the theme's own border greys are ~0.03.
VISIBLE = 0.3


async def test_borders_and_focus_stay_visible_without_colour(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.no_color
        background = app.screen.styles.background
        checklist = app.screen.query_one(Checklist)
        assert checklist.has_focus
        for pane in (StepList, Checklist, ResourceList):
            _kind, colour = app.screen.query_one(pane).styles.border_top
            assert abs(colour.brightness - background.brightness) >= VISIBLE, pane
        assert checklist.styles.border_top[0] == "heavy"
        assert app.screen.query_one(StepList).styles.border_top[0] == "round"
        await pilot.press("tab")  # the focus moves: so does the heavy border
        await pilot.pause()
        assert checklist.styles.border_top[0] == "round"
        assert app.screen.focused is not None
        assert app.screen.focused.styles.border_top[0] == "heavy"


#: In colour a blurred pane's edge may be quieter than a focused one's, but
#: still a line: the theme's own $border-blurred is ~0.03 from the background.
VISIBLE_IN_COLOUR = 0.15


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_unfocused_pane_borders_stay_visible_in_colour(theme: str) -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        assert not app.no_color
        background = app.screen.styles.background
        assert app.screen.query_one(Checklist).has_focus
        for pane in (StepList, ResourceList):
            _kind, colour = app.screen.query_one(pane).styles.border_top
            shown = background + colour  # the border's alpha over the background
            assert abs(shown.brightness - background.brightness) >= VISIBLE_IN_COLOUR, pane
