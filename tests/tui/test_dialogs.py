"""Pilot tests for the dialogs: welcome, note, search, settings, help, reset,
the celebration, and the command palette. Each checks the screen and the file."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from pathtui.services.session import Session
from pathtui.tui.screens.celebrate import CelebrateScreen
from pathtui.tui.screens.confirm import ConfirmScreen
from pathtui.tui.screens.help import HelpScreen
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.note import NoteScreen
from pathtui.tui.screens.search import SearchScreen
from pathtui.tui.screens.settings import SettingsScreen
from pathtui.tui.screens.welcome import WelcomeScreen
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import StepList
from tui_support import SIZE, TODAY, app_for, mid_path_session, new_session, on_disk, screen_text


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def clear_and_type(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


# -- welcome


class TestFirstRun:
    """A learner with no progress file yet: the tracker opens on the welcome."""

    @pytest.fixture
    def tracker_session(self) -> Session:
        return new_session(saved=False)

    async def test_welcome_shows_on_first_run_and_saving_creates_the_file(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        assert not tracker_session.store.exists
        assert isinstance(app.screen, WelcomeScreen)
        text = screen_text(app)
        assert "Welcome to pathtui" in text
        intro = str(app.screen.query_one(".dialog-text", Label).content)
        assert "9 months to 2 years" in intro
        assert "10 h/week" in text
        assert app.screen.query_one("#hours", Input).value == "10"
        assert app.screen.query_one("#start", Input).value == "2026-05-01"
        await clear_and_type(pilot, "#hours", "15")
        await clear_and_type(pilot, "#start", "2026-04-20")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "at 15 h/week" in screen_text(app)
        await pilot.exit(None)
        saved = on_disk(tracker_session)
        assert saved.settings.hours_per_week == 15
        assert str(saved.settings.start_date) == "2026-04-20"

    async def test_welcome_with_default_answers_still_creates_the_file(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        await pilot.click("#start-path")
        await pilot.pause()
        assert isinstance(pilot.app.screen, MainScreen)
        await pilot.exit(None)
        assert on_disk(tracker_session).settings.hours_per_week == 10

    @pytest.mark.slow
    async def test_welcome_refuses_bad_answers_and_escape_skips_it(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        await clear_and_type(pilot, "#hours", "lots")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "must be a number" in screen_text(app)
        await clear_and_type(pilot, "#hours", "500")
        await pilot.press("enter")
        assert "from 0.5 to 168" in screen_text(app)
        await clear_and_type(pilot, "#hours", "10")
        await clear_and_type(pilot, "#start", "May 1st")
        await pilot.press("enter")
        assert "is not a date" in screen_text(app)
        assert not tracker_session.store.exists
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert not tracker_session.store.exists  # skipping writes nothing
        await pilot.press("space")  # the first change creates the file
        await pilot.exit(None)
        assert on_disk(tracker_session).state("basics-language") == "done"


async def test_no_welcome_once_the_file_exists(pilot: Pilot[None]) -> None:
    assert isinstance(pilot.app.screen, MainScreen)


# -- notes


@pytest.mark.slow
async def test_note_editor_saves_a_literal_note_shown_beside_the_item(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, NoteScreen)
    assert "Choose one language" in screen_text(app)
    await pilot.press(*"[bold]p.12[/bold]")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert on_disk(tracker_session).note("basics-language") == "[bold]p.12[/bold]"
    text = screen_text(app)
    assert "✎ [bold]p.12[/bold]" in text  # shown literally, not as markup
    row = str(app.query_one(Checklist).get_option("basics-language").prompt)
    assert "✎" in row
    # the state is untouched by a note
    assert on_disk(tracker_session).state("basics-language") == "todo"
    # escape cancels, an empty note clears
    await pilot.press("n", "x", "escape")
    await pilot.pause()
    assert on_disk(tracker_session).note("basics-language") == "[bold]p.12[/bold]"
    await pilot.press("n")
    await pilot.pause()
    app.screen.query_one(Input).value = ""
    await pilot.press("enter")
    await pilot.pause()
    assert on_disk(tracker_session).note("basics-language") == ""
    assert "✎" not in str(app.query_one(Checklist).get_option("basics-language").prompt)


# -- search


@pytest.mark.slow
async def test_search_finds_an_item_in_another_step_and_jumps_to_it(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("slash")
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*"postgres")
    assert "PostgreSQL" in screen_text(app)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert app.query_one(StepList).highlighted == 4
    checklist = app.query_one(Checklist)
    assert checklist.item_id == "databases-postgresql"
    assert app.focused is checklist
    await pilot.press("space")
    assert on_disk(tracker_session).state("databases-postgresql") == "done"


@pytest.mark.slow
async def test_search_reaches_the_extras_and_clears_a_hiding_filter(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("f", "f")  # learning only: nothing is learning
    await pilot.press("slash", *"terminal")
    await pilot.press("enter")
    await pilot.pause()
    assert app.main.state_filter == "all"
    assert app.query_one(Checklist).item_id == "extras-terminal"
    assert "Extras" in screen_text(app)


async def test_search_with_no_match_stays_open(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("slash", *"zzzz", "enter")
    await pilot.pause()
    assert isinstance(app.screen, SearchScreen)
    assert "No item matches" in screen_text(app)
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


# -- settings


@pytest.mark.slow
async def test_settings_change_the_pace_and_the_estimate(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    await clear_and_type(pilot, "#hours", "0")
    await pilot.press("enter")
    assert "from 0.5 to 168" in screen_text(app)
    await clear_and_type(pilot, "#hours", "20")
    await clear_and_type(pilot, "#start", "2026-03-01")
    await pilot.click("#save")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    text = screen_text(app)
    assert "at 20 h/week" in text
    assert "about 4–12 months left" in text
    await pilot.exit(None)
    saved = on_disk(tracker_session)
    assert saved.settings.hours_per_week == 20
    assert str(saved.settings.start_date) == "2026-03-01"


async def test_settings_cancel_changes_nothing() -> None:
    # A direct run: the file is read before the tracker opens.
    session = new_session()
    before = session.store.file.read_bytes()

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await clear_and_type(pilot, "#hours", "30")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "at 10 h/week" in screen_text(app)
    assert session.store.file.read_bytes() == before


# -- help


@pytest.mark.parametrize("tracker_size", [(120, 50)], ids=["120x50"])
async def test_help_lists_every_key(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    text = screen_text(app)
    for cls in (MainScreen, Checklist, StepList, ResourceList):
        for binding in cls.BINDINGS:
            if binding.action in ("cursor_up", "cursor_down"):
                continue
            words = binding.tooltip or binding.description
            assert words in text, words
    for key in (
        "Space",
        "Enter",
        "1–7",
        "Tab",
        "Shift+Tab",
        "Ctrl+P",
        "k j",
        "?",
        "/",
        " R ",
    ):
        assert key in text, key
    assert "1–9" not in text, "a 7-step path has no keys 8 and 9"
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)


# -- reset


async def test_reset_asks_first_and_cancel_keeps_everything() -> None:
    # A direct run: the file is read before the tracker opens.
    session = mid_path_session()
    before = session.store.file.read_bytes()

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "14 items done or skipped" in screen_text(app)
        await pilot.press("enter")  # Cancel has the focus
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "14/54 done" in screen_text(app)
    assert session.store.file.read_bytes() == before
    folder = session.store.file.parent / "backups"
    # at most the day's automatic backup (taken before an earlier tick), no reset's
    assert all(p.name.endswith("-daily.toml") for p in folder.glob("*"))


async def test_reset_writes_a_backup_then_clears_and_says_where() -> None:
    session = mid_path_session()
    before = session.store.file.read_bytes()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.click("#reset")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        folder = session.store.file.parent / "backups"
        backups = [p for p in folder.iterdir() if not p.name.endswith("-daily.toml")]
        assert len(backups) == 1
        assert backups[0].read_bytes() == before
        assert any(str(backups[0]) in m for m in messages(app))
        assert "0/54 done" in screen_text(app)
        assert app.query_one(StepList).highlighted == 0
    assert on_disk(session).items == {}


async def test_reset_names_what_it_keeps_like_the_cli_and_keeps_it() -> None:
    """The tracker's question says what the CLI's says: the counts cleared and
    the applications and projects kept; after the reset they are still there."""
    from pathtui.model.applications import add_application, applications_table
    from pathtui.model.projects import projects_table
    from pathtui.services.backups import reset_scope

    session = mid_path_session()
    add_application(applications_table(session.progress), "Acme", "Dev", TODAY)
    projects_table(session.progress).add({"name": "Notes API"})
    session.save()
    scope = reset_scope(session)
    assert scope.kept.startswith("1 job application, 1 portfolio project and your settings")

    app = app_for(session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = " ".join(screen_text(app).split())
        assert "14 items done or skipped" in question
        assert "1 job application, 1 portfolio project" in question
        assert "Kept:" in question
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    kept = on_disk(session)
    assert kept.items == {}
    assert [r.company for r in kept.records("applications")] == ["Acme"]
    assert [r.name for r in kept.records("projects")] == ["Notes API"]


async def test_reset_with_nothing_saved_says_so() -> None:
    session = new_session(saved=False)

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("escape", "R")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("Nothing to reset" in m for m in messages(app))
    assert not session.store.exists


# -- milestones


@pytest.mark.slow
async def test_finishing_a_step_names_the_next_one() -> None:
    session = mid_path_session()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        open_items = [
            i.id
            for i in session.path.steps[1].items
            if on_disk(session).state(i.id) in ("todo", "learning")
        ]
        assert app.query_one(Checklist).item_id == open_items[0]
        for _ in open_items:
            await pilot.press("d", "j")
        await pilot.pause()
        assert any("Step 2 finished! Next: step 3 · Web basics" in m for m in messages(app))
        assert "✓ 2 " in screen_text(app)
        assert "Next up: Step 3" in screen_text(app)
    assert all(on_disk(session).state(i) == "done" for i in open_items)


class TestLastItem:
    """Every item but the last is done when the tracker opens."""

    @pytest.fixture
    def tracker_session(self) -> Session:
        session = new_session()
        for item in session.path.items[:-1]:
            session.progress.set_state(item.id, "done")
        session.save()
        return session

    async def test_finishing_the_path_is_celebrated(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        app = pilot.app
        items = tracker_session.path.items
        assert app.query_one(Checklist).item_id == items[-1].id
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, CelebrateScreen)
        text = screen_text(app)
        assert "You did it!" in text and "58 items" in text
        assert "the new job" in text  # the built-in path ends in a job search
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        text = screen_text(app)
        assert "58/58 done · 100%" in text
        assert "Nothing left" in text
        await pilot.exit(None)
        assert on_disk(tracker_session).state(items[-1].id) == "skipped"


# -- command palette


@pytest.mark.slow
async def test_command_palette_offers_the_tracker_actions(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"mark learning")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert on_disk(tracker_session).state("basics-language") == "learning"
    assert str(app.query_one(Checklist).get_option("basics-language").prompt).startswith("[~]")
    await pilot.press("ctrl+p", *"go to step 5")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    assert app.query_one(StepList).highlighted == 4


async def test_the_palette_says_what_reset_keeps(pilot: Pilot[None]) -> None:
    """Reset keeps applications and projects (issue 23): the palette must not
    promise to clear everything."""
    await pilot.press("ctrl+p", *"reset progress")
    await pilot.pause(0.3)
    text = screen_text(pilot.app)
    assert "applications and projects stay" in text
    assert "Clear everything" not in text


@pytest.mark.slow
async def test_command_palette_switches_to_the_light_theme(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert app.theme == "textual-dark"
    await pilot.press("ctrl+p", *"theme")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)
    await pilot.press(*"textual-light")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()
    assert app.theme == "textual-light"
    assert isinstance(app.screen, MainScreen)


def test_the_celebration_quotes_a_long_path_title_cut_short() -> None:
    """A path file may give a title of any length; the message stays on screen."""
    from pathtui.tui.screens.celebrate import TITLE_SHOWN, celebration

    text = celebration("Backend " + "x" * 5000, 7, 54).plain
    assert "Backend xxx" in text and "x" * TITLE_SHOWN not in text
    assert "…" in text and text.endswith("enjoy the first day of the new job.")
    assert "Backend path" in celebration("Backend path", 7, 54).plain


def test_the_celebration_speaks_of_a_new_job_only_on_a_path_that_ends_in_one() -> None:
    from pathtui.tui.screens.celebrate import celebration

    own = celebration("Watercolour basics", 3, 12, job_search=False).plain
    assert "job" not in own and "months" not in own
    assert own.endswith(
        "is ticked off: 12 items. That is steady work, and it shows. Keep building on it."
    )
