"""In the tracker an option the learner did not pick says so and is muted, and
the step's count says why it differs from the rows (the CLI's side is in
tests/cli/test_choices_in_list.py)."""

from __future__ import annotations

from pathtui.tui.widgets.checklist import Checklist
from tui_support import SIZE, app_for, mid_path_session, new_session, screen_text


def row(app, item_id: str) -> str:
    checklist = app.screen.query_one(Checklist)
    return str(checklist.get_option(item_id).prompt)


async def test_an_option_not_picked_says_so_and_the_count_says_why() -> None:
    app = app_for(new_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "not picked" not in row(app, "basics-lang-javascript")
        assert "0/9 done · 2 options count as 1" in screen_text(app)
        await pilot.press("j", "space")  # pick Python
        await pilot.pause()
        assert row(app, "basics-lang-javascript").startswith("[ ]")
        assert "not picked · Start with JavaScript" in row(app, "basics-lang-javascript")
        assert "not picked" not in row(app, "basics-lang-python")
        assert "1/9 done · 1 not picked" in screen_text(app)
        await pilot.press("space")  # take the pick back: both are options again
        await pilot.pause()
        assert "not picked" not in row(app, "basics-lang-javascript")


async def test_a_step_with_its_choice_made_shows_the_option_aside() -> None:
    app = app_for(mid_path_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "not picked" in row(app, "basics-lang-javascript")
        assert "9/9 done · 1 not picked" in screen_text(app)
