"""Snapshots are taken once the tracker has settled.

The tracker takes keys typed ahead one at a time and draws a burst once it
has handled the last of them, and its footer follows the screen on top a turn
later. pytest-textual-snapshot presses ``press=`` keys and takes the picture
at once, so a picture could catch the screen between two of those turns: the
same test then passed or failed by the machine's load. Every ``snap_compare``
here waits for the main screen's key bar, presses its keys through
``run_before`` and waits for the tracker to be
idle, with no cursor blinking, before the picture is taken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Input

from tui_support import settled, until

RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    def compare(
        app: Any,
        *,
        press: Iterable[str] = (),
        run_before: RunBefore | None = None,
        **options: Any,
    ) -> bool:
        keys = tuple(press)

        async def settle_first(pilot: Pilot[Any]) -> None:
            # The main screen mounts its key bar just after the first frame: a
            # dialog opened before that covers a screen with no keys at its foot.
            main = pilot.app.screen_stack[0]
            if type(main).__name__ == "MainScreen" and pilot.app.screen is main:
                await until(pilot, lambda: any(bar.children for bar in main.query(Footer)))
            if run_before is not None:
                result = run_before(pilot)
                if result is not None:
                    await result
            if keys:
                await pilot.press(*keys)
            await settled(pilot)
            for field in pilot.app.screen.query(Input):
                field.cursor_blink = False
            await pilot.wait_for_scheduled_animations()
            await settled(pilot)

        return snap_compare(app, run_before=settle_first, **options)

    return compare
