"""Shared helpers for the tracker's tests: sessions in known states, a fake
browser, the screen as plain text, and the progress file read back from disk."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import pytest
from rich.console import Console
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from pathtui.model.progress import Progress
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from pathtui.tui.app import PathtuiApp, make_app
from typeahead_support import CTRL_C, ENTER, ESCAPE, PALETTE, TAB

#: Every test app runs on this day, so estimates and dates are fixed.
TODAY = dt.date(2026, 5, 1)
SIZE = (80, 24)
#: A Pilot test that reads toasts: ``pilot`` then runs with notifications drawn.
with_toasts = pytest.mark.parametrize("tracker_notifications", [True], ids=["toasts"])


class FakeBrowser:
    """Stands in for webbrowser.open and remembers what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True


def new_session(*, saved: bool = True, path_file: Path | None = None) -> Session:
    """A session on the test's data folder; ``saved`` creates the progress file."""
    session = Session.open(path_file)
    if saved:
        session.save()
    return session


def mid_path_session(path_file: Path | None = None) -> Session:
    """Step 1 done (the first option of each choice picked), step 2 half done
    (one skipped), one item learning, one note."""
    session = new_session(path_file=path_file)
    steps = session.path.steps
    picked: set[str] = set()
    for item in steps[0].items:
        if item.choice and item.choice in picked:
            continue  # an option left aside stays todo: it no longer counts
        picked.add(item.choice)
        session.progress.set_state(item.id, "done")
    for item in steps[1].items[:4]:
        session.progress.set_state(item.id, "done")
    session.progress.set_state(steps[1].items[4].id, "skipped")
    session.progress.set_state(steps[1].items[5].id, "learning")
    session.progress.set_note(steps[1].items[5].id, "stopped at chapter 4")
    # A fixed start date: the main screen's schedule and the reset question show it.
    session.progress.update_settings(start_date=TODAY)
    session.save()
    return session


def app_for(session: Session, browser: FakeBrowser | None = None) -> PathtuiApp:
    return make_app(session, today=TODAY, open_url=browser or FakeBrowser())


def on_disk(session: Session) -> Progress:
    """The progress file as another process would read it now."""
    progress = read_progress(session.store.file, session.path.id)
    assert progress is not None, "the progress file does not exist"
    return progress


def screen_text(app: App[object]) -> str:
    """What the terminal shows right now, as plain text."""
    width, _ = app.size
    console = Console(width=width, file=io.StringIO(), record=True, force_terminal=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def key_bar(app: App[object]) -> str:
    """The key bar (the screen's last line), its runs of spaces as one."""
    return " ".join(screen_text(app).splitlines()[-1].split())


def run(test: Callable[[], Awaitable[None]]) -> None:
    """Run an async body inside a Hypothesis example (which cannot be ``async def``).

    Every other tracker test is an ``async def`` test, run by pytest-asyncio,
    most of them on the ``pilot`` fixture.
    """
    asyncio.run(test())


#: Pauses ``until`` waits at most (each lets the app process what is pending).
SETTLE_PAUSES = 100


async def until(pilot: Pilot[object], condition: Callable[[], bool]) -> None:
    """Pause until ``condition()`` holds: for what the tracker draws after its
    first frame (the footer), which a loaded machine may not have drawn yet."""
    for _ in range(SETTLE_PAUSES):
        if condition():
            return
        await pilot.pause()
    assert condition(), "the tracker never reached the expected state"


def label_text(app: App[object], selector: str) -> str:
    """The plain text of a Label on the main screen (immune to toasts covering it)."""
    from textual.widgets import Label

    return str(app.screen_stack[0].query_one(selector, Label).content)


def write_path(
    folder: Path,
    steps: list[list[str]],
    *,
    step_titles: list[str] | None = None,
    goal: str = "A goal.",
) -> Path:
    """A custom path file: one list of item titles per step, 1–2 h each."""
    import json

    total = sum(len(items) for items in steps)
    lines = [
        "schema = 1",
        'id = "custom"',
        'title = "A custom path"',
        "[baseline]",
        "hours_per_week = 10",
        f"weeks = [{total / 10}, {2 * total / 10}]",
    ]
    for n, items in enumerate(steps, 1):
        title = step_titles[n - 1] if step_titles else f"Step {n}"
        lines += [
            "[[steps]]",
            f'id = "s{n}"',
            f"number = {n}",
            f"title = {json.dumps(title)}",
            f"goal = {json.dumps(goal)}",
            "[[steps.resources]]",
            'title = "A link"',
            'url = "https://example.org/learn"',
        ]
        for i, item in enumerate(items):
            lines += [
                "[[steps.items]]",
                f'id = "s{n}-i{i}"',
                f"title = {json.dumps(item)}",
                "hours = [1, 2]",
            ]
    file = folder / "custom.toml"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


# -- keys typed ahead (see ``typeahead_support`` for the tokens)

#: Textual's names for the keys the bursts type that are not letters or digits.
KEY_NAMES = {
    ENTER: ("enter", "\r"),
    TAB: ("tab", "\t"),
    ESCAPE: ("escape", "\x1b"),
    PALETTE: ("ctrl+p", None),
    CTRL_C: ("ctrl+c", None),
    " ": ("space", " "),
    "/": ("slash", "/"),
    "?": ("question_mark", "?"),
}


def key_event(token: str) -> events.Key:
    """The event a terminal's parser makes for one token of a burst."""
    if token in KEY_NAMES:
        name, char = KEY_NAMES[token]
        return events.Key(name, char)
    assert token.isalnum(), f"add {token!r} to KEY_NAMES"
    return events.Key(token, token)


async def press(pilot: Pilot[object], tokens: Sequence[str]) -> None:
    """``pilot.press`` with every key at once and no ``pause()`` between."""
    await pilot.press(*(KEY_NAMES[t][0] if t in KEY_NAMES else t for t in tokens))
    await settled(pilot)


async def burst(pilot: Pilot[object], tokens: Sequence[str]) -> None:
    """All keys queued before the app reads the first, as one read from a
    terminal gives them; then wait until the app has handled every one."""
    app = pilot.app
    for token in tokens:
        app.post_message(key_event(token).set_sender(app))
    await settled(pilot)


async def settled(pilot: Pilot[object]) -> None:
    """Until no key is held back and the app is idle."""
    await pilot.pause()
    await until(pilot, lambda: not getattr(pilot.app, "keys_held", 0))
    await pilot.pause()


def pressing(*keys: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    """A snapshot's ``run_before``: press ``keys`` and wait until the screen they
    lead to is drawn whole, with no cursor blinking (``press=`` would take the
    picture while keys typed ahead may still be on their way)."""

    async def run_before(pilot: Pilot[object]) -> None:
        await pilot.press(*keys)
        await settled(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before
