"""The tracker tells the truth and shows where you stand: honest links, the
forecast and streak on the main screen, readable charts, forms with the same
bounds as the command line."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from tui_support import FakeBrowser, app_for, new_session, with_toasts

SIZE = (80, 24)


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


# ---------------------------------------------------------------- point 9: `o` and `y`


class NoBrowser(FakeBrowser):
    """webbrowser.open's answer when no browser could start."""

    def __call__(self, url: str) -> bool:
        super().__call__(url)
        return False


class TestNoBrowser:
    """The tracker's ``o`` when no browser could start, with toasts drawn."""

    @pytest.fixture
    def browser(self) -> FakeBrowser:
        return NoBrowser()

    @pytest.fixture
    def tracker_notifications(self) -> bool:
        return True

    async def test_o_says_so_when_no_browser_opened_and_y_copies_the_full_link(
        self, pilot: Pilot[None], tracker_session: Session, browser: FakeBrowser
    ) -> None:
        app = pilot.app
        first = tracker_session.path.steps[0].resources[0]
        await pilot.press("o")
        assert browser.opened == [first.url]
        said = messages(app)[-1]
        assert "No browser opened" in said and first.url in said
        assert "Opening" not in " ".join(messages(app))
        await pilot.press("y")
        assert app.clipboard == first.url
        assert first.url in messages(app)[-1]


@with_toasts
async def test_o_shows_the_full_link_when_the_browser_opened(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("o")
    assert tracker_session.path.steps[0].resources[0].url in messages(app)[-1]


def _browser_script(folder: Path, code: int) -> Path:
    script = folder / f"browser{code}"
    script.write_text(f"#!/bin/sh\necho NOISE-OUT\necho NOISE-ERR >&2\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize("code", [0, 1])
def test_the_browser_command_prints_nothing_over_the_tracker(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    from pathtui.tui.app import open_in_browser

    monkeypatch.setenv("BROWSER", str(_browser_script(tmp_path, code)))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opened = open_in_browser("https://example.org/")
    out, err = capfd.readouterr()
    assert "NOISE" not in out + err
    assert opened is (code == 0)
    assert os.environ["BROWSER"]  # the child saw our BROWSER


# ---------------------------------------------------------------- point 8: forms use the bounds


@pytest.mark.parametrize(
    ("hours", "start", "error"),
    [
        ("0.000001", "2026-01-01", "from 0.5 to 168"),
        ("10", "9999-12-31", "out of range"),
        ("10", "2026-05-02", "in the future"),
    ],
)
async def test_settings_form_refuses_what_the_command_line_refuses(
    pilot: Pilot[None], tracker_session: Session, hours: str, start: str, error: str
) -> None:
    from textual.widgets import Input, Label

    session = tracker_session
    before = session.progress.settings.start_date, session.progress.settings.hours_per_week

    app = pilot.app
    await pilot.press("c")
    await pilot.pause()
    screen = app.screen
    screen.query_one("#hours", Input).value = hours
    screen.query_one("#start", Input).value = start
    screen.query_one("#start", Input).focus()
    await pilot.press("enter")
    await pilot.pause()
    assert error in str(app.screen.query_one("#form-error", Label).content)

    await pilot.exit(None)
    after = session.progress.settings
    assert (after.start_date, after.hours_per_week) == before


# ---------------------------------------------------------------- point 10: where am I


def _studied_session(tmp_path: Path):  # type: ignore[no-untyped-def]
    from pathtui.services.session import Session
    from study_log_support import two_months_of_study, write_mini_path

    folder = tmp_path / "paths"
    folder.mkdir()
    session = Session.open(write_mini_path(folder))
    two_months_of_study(session.progress)
    session.save()
    return session


async def test_main_screen_shows_personal_forecast_schedule_streak_and_item_hours(
    tmp_path: Path,
) -> None:
    from pathtui.tui.app import make_app
    from pathtui.tui.widgets.overview import Overview
    from study_log_support import TODAY
    from tui_support import screen_text

    session = _studied_session(tmp_path)
    picture = session.study_picture(TODAY)

    # The study log's own day, not the tracker tests' one: a direct run_test.
    app = make_app(session, today=TODAY, open_url=lambda url: True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        standing = app.main.query_one(Overview).standing
        assert standing.startswith(f"You: {picture['forecast']['left']} at 7.5 h/week")
        assert picture["schedule"]["text"] in standing
        assert "this week" in standing
        text = screen_text(app)
        assert standing in text
        assert "Item b1  learning · 18–62 h · 30h logged" in text  # b1 is highlighted
        app.main.log_time(1.5, TODAY, "b1")
        await pilot.pause()
        assert "31h30m logged" in screen_text(app)


async def test_footer_offers_t_T_h_and_c_at_80_columns(pilot: Pilot[None]) -> None:
    from tui_support import screen_text

    footer = screen_text(pilot.app).splitlines()[-1]
    for words in ("t Log", "T Timer", "h History", "c Pace", "u Undo", "q Quit"):
        assert words in footer


@pytest.mark.parametrize("tracker_size", [(100, 40)], ids=["100x40"])
async def test_help_lists_only_the_step_keys_the_path_has(pilot: Pilot[None]) -> None:
    from tui_support import screen_text

    await pilot.press("question_mark")
    await pilot.pause()
    text = screen_text(pilot.app)
    assert "1–7" in text and "1–9" not in text


class TestTheWelcome:
    """A learner with no progress file yet: the tracker opens on the welcome."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        return new_session(saved=False)

    async def test_the_welcome_footer_offers_keys_that_work_there(self, pilot: Pilot[None]) -> None:
        from textual.widgets import Input

        from tui_support import screen_text

        app = pilot.app
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "esc Skip" in footer and "^q Quit" in footer
        assert " q Quit" not in f" {footer}"
        field = app.screen.query_one("#hours", Input)
        field.value = ""
        await pilot.press("q")
        assert field.value == "q" and app.is_running


# ---------------------------------------------------------------- point 12: layout


@pytest.mark.parametrize("tracker_size", [(120, 40)], ids=["120x40"])
async def test_step_titles_are_whole_when_the_screen_has_room(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    from tui_support import screen_text

    sidebar = "\n".join(line[:50] for line in screen_text(pilot.app).splitlines())
    for step in tracker_session.path.steps:
        assert f"{step.number} {step.title}" in sidebar


class TestMidPath:
    """A learner half-way through step 2, with a note on the highlighted item."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        from tui_support import mid_path_session

        return mid_path_session()

    async def test_item_detail_shows_the_note_and_the_description_at_80x24(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        from tui_support import screen_text

        app = pilot.app
        item = tracker_session.path.steps[1].items[5]
        assert app.main.query_one("#checklist").item_id == item.id
        pane = app.main.query_one("#item-detail")
        right = [line[pane.region.x :] for line in screen_text(app).splitlines()]
        text = " ".join(" ".join(right).split())
        assert "stopped at chapter 4" in text
        assert " ".join(item.description.split()) in text, "the whole description"


async def test_the_hours_field_shows_all_of_12_5(pilot: Pilot[None]) -> None:
    from textual.widgets import Input

    from tui_support import screen_text

    app = pilot.app
    await pilot.press("c")
    await pilot.pause()
    field = app.screen.query_one("#hours", Input)
    field.value = ""
    field.focus()
    await pilot.press(*"12.5")
    await pilot.pause()
    row = next(line for line in screen_text(app).splitlines() if "Hours per week" in line)
    assert "12.5" in row


async def test_a_theme_chosen_in_the_tracker_is_kept_for_the_next_start() -> None:
    # Two apps one after the other on the same learner: direct run_test.
    session = new_session()

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        app.theme = "textual-light"
        await pilot.pause()

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"


def _contrast(one, two) -> float:  # type: ignore[no-untyped-def]
    def luminance(color) -> float:  # type: ignore[no-untyped-def]
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = color.rgb
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_title_is_readable_in_light_and_dark_themes(
    pilot: Pilot[None], theme: str
) -> None:
    from textual.color import Color

    from pathtui.tui.widgets.overview import Overview

    app = pilot.app
    app.theme = theme
    await pilot.pause()
    overview = app.main.query_one(Overview)
    title = overview.get_component_rich_style("overview--title").color
    _, background = overview.background_colors
    assert title is not None
    fg = Color.from_rich_color(title)
    assert _contrast(fg, background) >= 4.5


class TestFirstItemDone:
    """The first item of step 1 done when the tracker opens, toasts drawn."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        session = new_session()
        session.progress.set_state("basics-language", "done")
        session.save()
        return session

    @pytest.fixture
    def tracker_notifications(self) -> bool:
        return True

    async def test_undo_after_r_names_the_state_the_item_is_back_to(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        session = tracker_session
        app = pilot.app
        assert app.main.query_one("#checklist").item_id == "basics-lang-python"
        await pilot.press("up", "r")
        assert session.progress.state("basics-language") == "todo"
        await pilot.press("u")
        assert session.progress.state("basics-language") == "done"
        said = messages(app)[-1]
        assert said == "Undone: Choose one language to start with is back to done"


# ---------------------------------------------------------------- point 11: charts


def _history_session(start_weeks_ago: int = 6):  # type: ignore[no-untyped-def]
    from tui_support import TODAY, mid_path_session

    session = mid_path_session()
    session.progress.update_settings(start_date=TODAY - dt.timedelta(weeks=start_weeks_ago))
    for days in range(2, 7 * start_weeks_ago - 2, 3):
        session.log_time(2.5, TODAY - dt.timedelta(days=days))
    session.save()
    return session


async def _chart(session, size: tuple[int, int], tab: str = "1") -> list[str]:  # type: ignore[no-untyped-def]
    """The history screen's ``tab`` as text lines. Each chart test builds its own
    learner (one sets NO_COLOR, which Textual reads as the app is made), so
    this opens the app itself rather than through the ``pilot`` fixture."""
    from tui_support import screen_text

    app = app_for(session)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await pilot.press(tab)
        await pilot.pause(0.2)
        return screen_text(app).splitlines()


def _plot_rows(lines: list[str]) -> list[str]:
    """The rows inside the plot's frame (between ┌ and └)."""
    top = next(i for i, line in enumerate(lines) if "┌" in line)
    bottom = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[top + 1 : bottom]


async def test_burn_up_at_80x24_shows_done_years_and_today() -> None:
    from pathtui.tui.screens.history import DONE_MARKER

    lines = await _chart(_history_session(), SIZE)
    rows = _plot_rows(lines)
    assert sum(row.count(DONE_MARKER) for row in rows) >= 3, "the done line is visible"
    axis = lines[next(i for i, line in enumerate(lines) if "└" in line) + 1]
    assert len(re.findall(r"\b20\d\d\b", axis)) >= 3, axis
    title = next(line for line in lines if "Items complete" in line)
    assert "done" in title and "plan" in title and "projected" in title and "today" in title


async def test_burn_up_series_differ_without_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathtui.tui.screens.history import DONE_MARKER, PROJECTED_MARKER

    monkeypatch.setenv("NO_COLOR", "1")
    rows = "".join(_plot_rows(await _chart(_history_session(), SIZE)))
    assert DONE_MARKER in rows
    assert PROJECTED_MARKER in rows
    assert any("\u2801" <= ch <= "\u28ff" for ch in rows), "the plan is a thin braille line"


async def test_at_60x18_no_legend_sits_on_the_lines() -> None:
    lines = await _chart(_history_session(), (60, 18))
    rows = _plot_rows(lines)
    assert rows, "the plot is drawn"
    for word in ("done", "plan", "projected"):
        assert not any(word in row for row in rows)
    title = lines[next(i for i, line in enumerate(lines) if "┌" in line) - 1]
    assert "done" in title and "plan" in title


async def test_weekly_met_counts_only_weeks_since_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui_support import TODAY

    session = new_session()
    for weeks_ago in range(5, 9):  # four weeks at goal, all before the start date
        for day in range(4):
            session.log_time(3.0, TODAY - dt.timedelta(weeks=weeks_ago, days=day))
    session.progress.update_settings(start_date=TODAY - dt.timedelta(weeks=2))
    session.save()
    lines = await _chart(session, (100, 30), tab="2")
    title = next(line for line in lines if "goal 10 h" in line)
    # the start's week and last week; this week counts once met, as in the streak
    assert "met 0 of 2 weeks" in title


def test_the_standing_line_says_what_a_personal_forecast_takes_once_time_is_logged() -> None:
    """One hour logged is not nothing: the line says what the forecast needs
    instead of asking for time to be logged."""
    from pathtui.tui.widgets.overview import standing_parts

    def words(study_days: int) -> str:
        picture = {
            "forecast": {"personal": False},
            "schedule": {"text": "on track"},
            "streak": None,
            "pace": {"study_days": study_days, "last_4_weeks": None, "span_days": 1},
        }
        return " · ".join(text.plain for _, text in standing_parts(picture))

    assert words(0).startswith("Your pace: log time with t for your own forecast")
    assert words(1).startswith("Your forecast: after 4 study days over 2 weeks")
