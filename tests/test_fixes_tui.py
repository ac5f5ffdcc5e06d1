"""The tracker tells the truth and shows where you stand: honest links, the
forecast and streak on the main screen, readable charts, forms with the same
bounds as the command line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pathtui.tui.app import open_in_browser
from tui_support import FakeBrowser, app_for, new_session, run

SIZE = (80, 24)


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


# ---------------------------------------------------------------- point 9: `o` and `y`


class NoBrowser(FakeBrowser):
    """webbrowser.open's answer when no browser could start."""

    def __call__(self, url: str) -> bool:
        super().__call__(url)
        return False


def test_o_says_so_when_no_browser_opened_and_y_copies_the_full_link() -> None:
    session = new_session()
    browser = NoBrowser()

    async def body() -> None:
        app = app_for(session, browser)
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            first = session.path.steps[0].resources[0]
            await pilot.press("o")
            assert browser.opened == [first.url]
            said = messages(app)[-1]
            assert "No browser opened" in said and first.url in said
            assert "Opening" not in " ".join(messages(app))
            await pilot.press("y")
            assert app.clipboard == first.url
            assert first.url in messages(app)[-1]

    run(body)


def test_o_shows_the_full_link_when_the_browser_opened() -> None:
    session = new_session()

    async def body() -> None:
        app = app_for(session, FakeBrowser())
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await pilot.pause()
            await pilot.press("o")
            assert session.path.steps[0].resources[0].url in messages(app)[-1]

    run(body)


def _browser_script(folder: Path, code: int) -> Path:
    script = folder / f"browser{code}"
    script.write_text(f"#!/bin/sh\necho NOISE-OUT\necho NOISE-ERR >&2\nexit {code}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


@pytest.mark.parametrize("code", [0, 1])
def test_the_browser_command_prints_nothing_over_the_tracker(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
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
def test_settings_form_refuses_what_the_command_line_refuses(
    hours: str, start: str, error: str
) -> None:
    from textual.widgets import Input, Label

    session = new_session()
    before = session.progress.settings.start_date, session.progress.settings.hours_per_week

    async def body() -> None:
        app = app_for(session)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            screen = app.screen
            screen.query_one("#hours", Input).value = hours
            screen.query_one("#start", Input).value = start
            screen.query_one("#start", Input).focus()
            await pilot.press("enter")
            await pilot.pause()
            assert error in str(app.screen.query_one("#form-error", Label).content)

    run(body)
    after = session.progress.settings
    assert (after.start_date, after.hours_per_week) == before
