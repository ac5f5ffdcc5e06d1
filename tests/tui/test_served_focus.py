"""The tracker under `pathtui serve`: Textual's web driver reports the app as in
the background as it starts, before the page can say otherwise; the tracker
must still draw its key bar (the page gives it the keyboard focus on load,
which ``tests/system/test_browser.py`` checks in Chromium)."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Footer

from pathtui.tui.app import PathtuiApp
from tui_support import SIZE, app_for, mid_path_session


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PathtuiApp, "is_web", property(lambda _app: True))


async def test_the_key_bar_is_drawn_though_the_driver_starts_in_the_background(
    served: None,
) -> None:
    app = app_for(mid_path_session())
    app.call_later(app.post_message, events.AppBlur())  # what the web driver does on start
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.app_focus
        keys = app.screen.query_one(Footer).query("FooterKey")
        assert "Done" in [getattr(key, "description", "") for key in keys]


async def test_a_later_blur_still_counts(served: None) -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_message(events.AppBlur())  # the driver's, on start
        await pilot.pause()
        app.post_message(events.AppBlur())  # the learner went to another tab
        await pilot.pause()
        assert not app.app_focus
