"""Keys typed ahead land where the learner meant them (Pilot).

Each burst of ``typeahead_support`` is sent twice, on the 21-step path and
on the built-in one: with ``pilot.press`` and no pause between keys (Pilot
still lets the app go idle after each key), then all at once, queued before
the tracker reads the first, which is how a terminal delivers a burst. After
each, the progress file must hold exactly what the burst records and nothing
else, and the screen must show the result with no dialog left open.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from bigpath import write_big_path
from pathtui.services.session import Session
from pathtui.tui.app import PathtuiApp
from pathtui.tui.screens.apply_dialog import ApplyDialog
from pathtui.tui.screens.goto import GotoScreen
from pathtui.tui.screens.jobs import JobsScreen
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.note import NoteScreen
from tui_support import (
    TODAY,
    app_for,
    burst,
    key_event,
    new_session,
    on_disk,
    press,
    screen_text,
    settled,
    until,
)
from typeahead_support import (
    BIG,
    BUILTIN_FIRST,
    CTRL_C,
    ENTER,
    ESCAPE,
    PALETTE,
    TAB,
    Burst,
    big_path_bursts,
    builtin_bursts,
    content,
    keys,
    review_burst,
    reviewing,
)

Send = Callable[[Pilot[object], Sequence[str]], Awaitable[None]]


def messages(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


def bursts_on(path: str, run: int) -> list[Burst]:
    return big_path_bursts(run, TODAY) if path == "big" else builtin_bursts(run, TODAY)


PATHS = ["big", "builtin"]
BURSTS = [b.name for b in big_path_bursts(0, TODAY)]


@pytest.fixture(params=PATHS)
def path_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def learner(path_kind: str, folder: Path, *, cards_due: bool = False) -> Session:
    """A learner past the welcome, started today (the settings dialog refuses
    a start date after the tests' fixed day); with ``cards_due``, one who
    finished three items ten days ago (the built-in path)."""
    file = write_big_path(folder / "big.toml", **BIG) if path_kind == "big" else None
    session = new_session(path_file=file)
    if cards_due:
        reviewing(session.progress, TODAY)
    session.progress.update_settings(start_date=TODAY)
    session.save()
    return session


@pytest.fixture
def tracker_session(path_kind: str, tmp_path: Path) -> Session:
    return learner(path_kind, tmp_path)


@pytest.mark.parametrize("name", BURSTS)
async def test_a_burst_lands_where_it_was_meant(
    pilot: Pilot[None], tracker_session: Session, path_kind: str, name: str
) -> None:
    app = pilot.app
    model = content(on_disk(tracker_session))
    for run, send in enumerate((press, burst)):
        planned = next(b for b in bursts_on(path_kind, run) if b.name == name)
        await send(pilot, planned.tokens)
        planned.change(model)
        how = f"{name}, sent by {send.__name__}"
        assert content(on_disk(tracker_session)) == model, how
        assert isinstance(app.screen, MainScreen), f"{how}: {type(app.screen).__name__} open"
        text = screen_text(app)
        seen = "\n".join([text, *messages(app)])
        assert re.search(planned.shows, seen), f"{how}: no {planned.shows!r} in\n{seen}"
        assert not [mark for mark in planned.hides if mark in text], how


@pytest.mark.slow
@pytest.mark.parametrize("path_kind", ["big"])
async def test_every_burst_does_what_a_slow_typist_gets(
    path_kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same keys, each once the tracker is idle (``pilot.press``) and all
    at once, on two learners alike: the same progress and the same screen
    (the filter key too)."""
    filtered = Burst("filter, move, tick", keys("1fj "))
    plan = [*bursts_on(path_kind, 0), filtered]
    results = []
    for how in ("slowly", "in bursts"):
        monkeypatch.setenv("PATHTUI_DATA_DIR", str(tmp_path / how))
        session = learner(path_kind, tmp_path)
        async with app_for(session).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for planned in plan:
                send = press if how == "slowly" else burst
                await send(pilot, planned.tokens)
            results.append((content(on_disk(session)), screen_text(pilot.app)))
    (slow, slow_screen), (fast, fast_screen) = results
    assert fast == slow
    assert fast_screen == slow_screen


class TestReview:
    """The Review screen came after the mechanism and gets typed-ahead keys
    with no code of its own: two ratings and Escape land on it, the tick
    after them on the main screen."""

    @pytest.fixture
    def tracker_session(self, tmp_path: Path) -> Session:
        return learner("builtin", tmp_path, cards_due=True)

    @pytest.mark.parametrize("send", [press, burst], ids=["press", "burst"])
    async def test_ratings_typed_ahead_are_given(
        self, pilot: Pilot[None], tracker_session: Session, send: Send
    ) -> None:
        app = pilot.app
        model = content(on_disk(tracker_session))
        await until(pilot, lambda: "to review" in screen_text(app))
        planned = review_burst(BUILTIN_FIRST)
        await send(pilot, planned.tokens)
        planned.change(model)
        assert content(on_disk(tracker_session)) == model
        assert isinstance(app.screen, MainScreen)
        assert re.search(planned.shows, screen_text(app))


# -- keys typed while the tracker starts


def typed_at_launch(session: Session, tokens: Sequence[str]) -> PathtuiApp:
    """The tracker with keys already waiting as it starts: a terminal queues
    what is typed while pathtui loads, and the app reads it all at once."""
    app = app_for(session)
    for token in tokens:
        assert app.post_message(key_event(token).set_sender(app))
    return app


async def test_a_new_learner_s_pace_typed_while_the_tracker_starts_is_kept() -> None:
    """``15⏎`` at launch: the welcome's hours field had the first focusable
    widget's focus for a moment, which took the 1; 5 h/week was saved."""
    session = new_session(saved=False)
    app = typed_at_launch(session, keys("15", ENTER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, MainScreen), type(app.screen).__name__
    assert on_disk(session).settings.hours_per_week == 15


@pytest.mark.parametrize("path_kind", ["big"])
async def test_a_burst_typed_while_the_tracker_starts_lands(tracker_session: Session) -> None:
    app = typed_at_launch(tracker_session, keys("g12", ENTER, "n", "fast note", ENTER))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, MainScreen), type(app.screen).__name__
        assert app.main.section_index == 11
    assert on_disk(tracker_session).note("s12-item-1") == "fast note"


# -- the go-to dialog


@pytest.mark.parametrize("path_kind", ["big"])
async def test_g_shows_it_waits_for_a_number_and_enter_goes(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen)
    assert "type a step number" in screen_text(app), "the empty field says a number is awaited"
    await pilot.press("1", "2")
    await pilot.pause()
    assert isinstance(app.screen, GotoScreen), "no digit could follow 12, still Enter goes"
    assert "type a step number" not in screen_text(app)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)
    assert app.main.section_index == 11


@pytest.mark.parametrize("path_kind", ["big"])
async def test_enter_after_a_go_to_ticks_nothing(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    """``g12`` once went by itself, and the learner's Enter then ticked the
    first item of step 12 behind the dialog."""
    before = content(on_disk(tracker_session))
    await burst(pilot, keys("g12", ENTER))
    assert pilot.app.main.section_index == 11
    assert content(on_disk(tracker_session)) == before
    assert tracker_session.progress.state("s12-item-1") == "todo"


# -- Tab across fields, and a paste


@pytest.mark.parametrize("path_kind", ["builtin"])
async def test_tab_typed_ahead_moves_to_the_next_field_first(pilot: Pilot[None]) -> None:
    """``a``, "Initech", Tab, "Backend engineer" in one burst, without Enter:
    each field holds its own words."""
    await burst(pilot, keys("Ja", "Initech", TAB, "Backend engineer"))
    dialog = pilot.app.screen
    assert isinstance(dialog, ApplyDialog)
    assert dialog.query_one("#apply-company", Input).value == "Initech"
    assert dialog.query_one("#apply-role", Input).value == "Backend engineer"
    assert dialog.focused is dialog.query_one("#apply-role", Input)
    await burst(pilot, keys(ESCAPE))
    assert isinstance(pilot.app.screen, JobsScreen)


@pytest.mark.parametrize("path_kind", ["builtin"])
async def test_a_paste_typed_ahead_goes_into_the_dialog(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    for event in (key_event("n"), events.Paste("pasted at once"), key_event(ENTER)):
        app.post_message(event.set_sender(app))
    await settled(pilot)
    assert isinstance(app.screen, MainScreen)
    assert on_disk(tracker_session).note("basics-language") == "pasted at once"


# -- Ctrl+C


#: A key that opens a screen over the tracker, and that screen's class name.
OPENERS = [
    ("n", "NoteScreen"),
    ("g", "GotoScreen"),
    ("t", "LogDialog"),
    ("/", "SearchScreen"),
    ("c", "SettingsScreen"),
    ("?", "HelpScreen"),
    ("J", "JobsScreen"),
    ("P", "ProjectsScreen"),
    ("h", "HistoryScreen"),
    ("v", "ReviewScreen"),
    (PALETTE, "CommandPalette"),
]


@pytest.mark.parametrize("path_kind", ["builtin"])
@pytest.mark.parametrize(("opener", "screen"), OPENERS, ids=[s for _, s in OPENERS])
async def test_ctrl_c_backs_out_of_any_screen_like_escape(
    pilot: Pilot[None], tracker_session: Session, opener: str, screen: str
) -> None:
    app = pilot.app
    before = content(on_disk(tracker_session))
    await burst(pilot, [opener, "s", "x"])  # s would skip the item behind it
    assert type(app.screen).__name__ == screen
    await burst(pilot, [CTRL_C])
    assert isinstance(app.screen, MainScreen), f"Ctrl+C left {type(app.screen).__name__} open"
    assert content(on_disk(tracker_session)) == before


@pytest.mark.parametrize("path_kind", ["builtin"])
@pytest.mark.parametrize("tracker_notifications", [True], ids=["toasts"])
async def test_ctrl_c_on_the_tracker_says_how_to_quit(pilot: Pilot[None]) -> None:
    await burst(pilot, [CTRL_C])
    assert pilot.app.is_running
    assert any("to quit" in m and "q" in m for m in messages(pilot.app)), messages(pilot.app)


@pytest.mark.parametrize("path_kind", ["builtin"])
async def test_ctrl_c_still_copies_a_selection(pilot: Pilot[None]) -> None:
    app = pilot.app
    await burst(pilot, keys("n", "copy me"))
    field = app.screen.query_one(Input)
    field.select_all()
    await burst(pilot, [CTRL_C])
    assert isinstance(app.screen, NoteScreen), "a selection is copied, the dialog stays"
    assert app.clipboard == "copy me"
