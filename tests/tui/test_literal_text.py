"""Text from a path file is shown literally, and long titles are cut cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.tui.widgets.checklist import Checklist
from tui_support import new_session, screen_text, write_path

MARKUP_TITLE = "[bold red]Not bold[/bold red] and [link=x]no link[/link]"
ESCAPE_TITLE = "Colour \x1b[31mred\x1b[0m stays plain"
LONG_TITLE = "A very long item title " * 4 + "END"


class TestMarkupAndEscapes:
    """A path whose titles and goal hold Rich markup and terminal escapes."""

    @pytest.fixture
    def tracker_session(self, tmp_path: Path) -> Session:
        path_file = write_path(
            tmp_path,
            [[MARKUP_TITLE, ESCAPE_TITLE, "plain"]],
            step_titles=["[i]Step[/i] title"],
            goal="Goal with [b]brackets[/b].",
        )
        return new_session(path_file=path_file)

    @pytest.mark.parametrize("tracker_size", [(120, 30)], ids=["120x30"])
    async def test_markup_and_escapes_in_a_path_are_shown_literally(
        self, pilot: Pilot[None]
    ) -> None:
        text = screen_text(pilot.app)
        assert MARKUP_TITLE in text
        assert "[i]Step[/i] title" in text
        assert "Goal with [b]brackets[/b]." in text
        # the escape character is shown as a symbol, never sent to the terminal
        assert "Colour ␛[31mred␛[0m stays plain" in text
        assert "\x1b[31m" not in text


class TestLongTitles:
    """A path whose first item and only step have titles wider than the screen."""

    @pytest.fixture
    def tracker_session(self, tmp_path: Path) -> Session:
        path_file = write_path(tmp_path, [[LONG_TITLE, "short"]], step_titles=[LONG_TITLE])
        return new_session(path_file=path_file)

    async def test_long_titles_are_cut_in_the_list_and_shown_whole_below(
        self, pilot: Pilot[None], tracker_size: tuple[int, int]
    ) -> None:
        app = pilot.app
        checklist = app.query_one(Checklist)
        assert checklist.item_id == "s1-i0"
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "[ ]" in line and "A very long" in line)
        assert "…" in row and "END" not in row
        assert all(len(line) <= tracker_size[0] for line in lines)
        # the item detail under the list wraps the whole title
        assert "END" in screen_text(app)
        heading = next(line for line in lines if "Step 1 of 1" in line)
        assert "…" not in heading  # a step's title wraps in its heading, whole
