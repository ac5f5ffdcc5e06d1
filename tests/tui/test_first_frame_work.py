"""Work the tracker's first frame does without (issue 21: first frame <= 1.2x a
minimal Textual app): the main screen is styled once, and the step list's rows
are never drawn just to be measured. The snapshot tests show the screen is
unchanged; these show the work is gone, and comes back where it is needed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.visual import RenderOptions

from pathtui.tui.screens.main import MainScreen
from pathtui.tui.text import OneLine
from pathtui.tui.widgets.steps import StepList
from tui_support import SIZE, app_for, mid_path_session


async def test_the_main_screen_is_styled_once_before_its_first_frame(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    restyled: list[str] = []
    update_nodes = Stylesheet.update_nodes

    def counting(self: Stylesheet, nodes, animate: bool = False) -> None:  # type: ignore[no-untyped-def]
        nodes = list(nodes)
        restyled.extend(type(node).__name__ for node in nodes if isinstance(node, MainScreen))
        update_nodes(self, nodes, animate=animate)

    monkeypatch.setattr(Stylesheet, "update_nodes", counting)
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert restyled == [], "styled as it was composed, not again as it first shows"
        # A switch of theme still restyles it, as Textual does.
        app.theme = "textual-light"
        await pilot.pause()
        assert app.main.styles.background == app.current_theme.to_color_system().background


async def test_step_rows_are_one_line_at_any_width(isolated_env: Path) -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        steps = app.main.query_one(StepList)
        rows = [steps.get_option_at_index(i).prompt for i in range(steps.option_count)]
        assert rows and all(isinstance(row, OneLine) for row in rows)
        options = RenderOptions(steps._get_style, steps.styles)
        for width in (4, 12, 40):
            for row in rows:
                assert isinstance(row, OneLine)
                drawn = row.render_strips(width, None, steps.visual_style, options)
                assert row.get_height(steps.styles, width) == len(drawn) == 1
        wide = rows[1].render_strips(40, None, steps.visual_style, options)[0].text
        assert wide.startswith("▶ 2 ") and wide.rstrip().endswith("5/11"), wide
