"""Small things a newcomer trips on: the welcome's start date shows whole while
typed in, and `f` keeps the cursor on the item it was on."""

from __future__ import annotations

from textual.widgets import Input

from pathtui.tui.widgets.checklist import Checklist
from tui_support import SIZE, app_for, mid_path_session, new_session, screen_text


async def test_the_welcome_start_date_is_whole_while_the_cursor_is_after_it() -> None:
    app = app_for(new_session(saved=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        start = app.screen.query_one("#start", Input)
        assert app.screen.focused is start and start.cursor_position == len(start.value)
        assert start.scroll_x == 0
        assert "Start date ▊  2026-05-01" in screen_text(app)
        await pilot.press("shift+tab", *"12345678")  # the longest pace the field takes
        await pilot.pause()
        assert app.screen.query_one("#hours", Input).scroll_x == 0


async def test_f_keeps_the_cursor_on_its_item_or_the_next_one_shown() -> None:
    app = app_for(mid_path_session())  # step 2: 4 done, 1 skipped, 1 learning, 5 todo
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checklist = app.query_one(Checklist)
        checklist.focus()
        await pilot.pause()
        assert checklist.item_id == "dsa-linked-lists"  # learning, the next thing to do
        await pilot.press("j")
        await pilot.pause()
        kept = checklist.item_id
        await pilot.press("f")  # only todo: the cursor stays on the todo item it was on
        await pilot.pause()
        assert checklist.item_id == kept
        await pilot.press("f")  # only learning: the one learning item
        await pilot.pause()
        assert checklist.item_id == "dsa-linked-lists"
        await pilot.press("f", "f", "f")  # done, skipped, then all again
        await pilot.pause()
        assert checklist.item_id == "dsa-stacks-queues"  # the skipped one, kept through "all"
