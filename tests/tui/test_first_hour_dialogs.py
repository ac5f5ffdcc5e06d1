"""Dialogs: the new-application form is centred and says what is missing, a
screenshot says why Downloads failed and lands in another folder, and the path
switcher opens on the path that is open."""

from __future__ import annotations

from pathlib import Path

from textual.containers import Vertical
from textual.pilot import Pilot
from textual.widgets import Label, OptionList

from pathtui.tui.screens.apply_dialog import ApplyDialog
from pathtui.tui.screens.paths import PathsScreen
from support import ok
from tui_support import app_for, new_session, write_path


def _messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_the_application_form_is_centred_and_enter_says_what_is_missing() -> None:
    app = app_for(new_session())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ApplyDialog)
        box = app.screen.query_one("#apply", Vertical).region
        left, right = box.x, app.size.width - box.right
        top, bottom = box.y, app.size.height - box.bottom
        assert abs(left - right) <= 1 and abs(top - bottom) <= 1, box
        await pilot.press("enter")
        await pilot.pause()
        hint = str(app.screen.query_one("#apply-hint", Label).content)
        assert "Type the company first" in hint
        await pilot.press(*"Acme", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ApplyDialog), "a role is still missing"
        assert "Type the role first" in str(app.screen.query_one("#apply-hint", Label).content)


async def test_a_screenshot_says_why_downloads_failed_and_saves_elsewhere() -> None:
    home = Path.home()
    assert not (home / "Downloads").exists()
    app = app_for(new_session())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.deliver_screenshot()
        await pilot.pause()
        saved = list(home.glob("pathtui-*.svg"))
        assert len(saved) == 1 and "pathtui" in saved[0].read_text(encoding="utf-8")
        said = next(m for m in _messages(app) if m.startswith("Saved to "))
        assert str(saved[0]) in said
        assert f"{home / 'Downloads'}: No such file or directory" in said
        (home / "Downloads").mkdir()
        app.deliver_screenshot("second.svg")
        await pilot.pause()
        assert (home / "Downloads" / "second.svg").is_file()


async def test_the_path_switcher_opens_on_the_path_that_is_open(tmp_path: Path) -> None:
    custom = write_path(tmp_path, [["One", "Two"]])
    ok("path", "add", str(custom))
    app = app_for(new_session(path_file=custom))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PathsScreen)
        listing = app.screen.query_one(OptionList)
        assert listing.option_count == 2
        highlighted = listing.highlighted
        assert highlighted is not None
        assert "custom" in str(listing.get_option_at_index(highlighted).prompt)
        assert highlighted == 1


async def _apply(pilot: Pilot[None], company: str, role: str) -> None:
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*company, "tab", *role, "enter")
    await pilot.pause()


async def test_the_same_application_twice_in_a_day_is_pointed_out_and_undone_with_u() -> None:
    session = new_session()
    app = app_for(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        await _apply(pilot, "Acme", "Backend developer")
        assert not any("already recorded" in m for m in _messages(app))
        await _apply(pilot, "acme", "backend developer ")  # case and spaces aside: the same
        warned = [m for m in _messages(app) if "already recorded" in m]
        assert len(warned) == 1 and warned[0].startswith("Acme · Backend developer on ")
        assert len(app.session.applications_table().live()) == 2  # recorded all the same
        await _apply(pilot, "Acme", "Frontend developer")  # another role: no warning
        assert len([m for m in _messages(app) if "already recorded" in m]) == 1
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        live = app.session.applications_table().live()
        assert len(live) == 1, "u took back the second one too"
