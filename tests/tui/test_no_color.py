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
