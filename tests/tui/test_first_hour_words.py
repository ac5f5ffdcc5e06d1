"""Words and keys agree: the key bar and the help name each key alike, the
path-file guide names the keys that really scroll the description, and one
screen writes its dates one way."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding
from textual.pilot import Pilot

from pathtui.tui.screens.help import KEY_NAMES
from pathtui.tui.screens.history import HistoryScreen
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.widgets.checklist import Checklist
from study_log_support import two_months_of_study
from tui_support import TODAY, app_for, mid_path_session, screen_text

REPO = Path(__file__).resolve().parents[2]
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
#: 9 Nov 2027, the tracker's way.
SPELLED_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")


def _bindings() -> list[Binding]:
    return [b for b in (*MainScreen.BINDINGS, *Checklist.BINDINGS) if isinstance(b, Binding)]


def test_the_help_names_each_key_as_the_key_bar_does() -> None:
    """Help shows a binding's tooltip; the key bar its description: the tooltip
    starts with that word, so `c` is 'Pace' in both."""
    for binding in _bindings():
        if binding.show and binding.tooltip:
            assert binding.tooltip.startswith(binding.description), binding.key


def test_the_path_guide_names_the_keys_that_scroll_the_description() -> None:
    guide = (REPO / "data" / "PATH_SCHEMA.md").read_text(encoding="utf-8")
    said = guide.split("description in a pane that scrolls", 1)[1].split(")", 1)[0]
    named = set(re.findall(r"`([^`]+)`|(Shift\+[↑↓])", said))
    keys = {a or b for a, b in named}
    scrolls = {
        KEY_NAMES.get(b.key, b.key) for b in _bindings() if b.action.startswith("scroll_detail")
    }
    assert keys and keys <= scrolls, f"{keys} are not all scroll keys ({scrolls})"


async def test_the_history_screen_writes_dates_one_way() -> None:
    session = mid_path_session()
    two_months_of_study(session.progress, TODAY)
    session.save()
    app = app_for(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.push_screen(HistoryScreen(session, TODAY))
        await _drawn(pilot)
        text = screen_text(app)
        assert "You: about" in text
        assert ISO_DATE.findall(text) == [], text
        assert len(SPELLED_DATE.findall(text)) >= 2, text


async def _drawn(pilot: Pilot[None]) -> None:
    for _ in range(20):
        await pilot.pause()


async def test_at_80_columns_short_step_titles_are_never_cut(tmp_path: Path) -> None:
    """Ten short step titles: the sidebar takes the columns its widest row
    needs (a two-digit number and its own count), so none is cut."""
    from tui_support import new_session, write_path

    titles = ["Go syntax", "Go tooling", "Concurrency", "Web services", "Databases"]
    titles += ["Testing", "Deploy", "Jobs", "Extra practice", "Capstone"]
    custom = write_path(tmp_path, [["Variables", "Control flow"]] * len(titles), step_titles=titles)
    app = app_for(new_session(path_file=custom))
    async with app.run_test(size=(80, 24)) as pilot:
        await _drawn(pilot)
        sidebar = [line.split("│")[1] for line in screen_text(app).splitlines()[6:16]]
        for number, title in enumerate(titles, 1):
            assert any(f"{number:>2} {title} " in row for row in sidebar), (title, sidebar)
        assert not any("…" in row for row in sidebar)
