"""The tracker draws no control character from a file: every screen, scanned.

The same hostile path and progress as the command-line scan
(``tests/cli/test_no_raw_controls_in_output.py``): every C0 and C1 control and the
common OSC, CSI and DCS sequences in every text field. The tracker opens on
them and visits every screen that shows any of it (the main screen with the
item's note and description, the note editor, the log dialog, the jobs and
projects screens with their dialogs, the history, search, the path library,
the help, a review card, the settings and a notification naming the data); on each, every
segment of every rendered strip must be free of control characters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from hostile_progress import hostile_path, hostile_progress
from hostile_text import HOSTILE, raw_controls
from pathtui.services.session import Session
from tui_support import new_session, screen_text, with_toasts


@pytest.fixture
def tracker_session(tmp_path: Path, data_dir: Path) -> Session:
    path_file = hostile_path(tmp_path)
    hostile_progress(data_dir)
    return new_session(path_file=path_file)


def raw_in_strips(pilot: Pilot[None]) -> list[str]:
    """The control characters in what the screen's compositor draws now."""
    strips = pilot.app.screen._compositor.render_strips()
    return raw_controls("".join(segment.text for strip in strips for segment in strip))


async def visit(pilot: Pilot[None], *keys: str) -> str:
    await pilot.press(*keys)
    await pilot.pause()
    found = raw_in_strips(pilot)
    name = type(pilot.app.screen).__name__
    assert found == [], f"{name} (after {keys}) draws raw control characters: {found}"
    return name


@with_toasts
@pytest.mark.parametrize("tracker_size", [(120, 40)], ids=["120x40"])
async def test_no_screen_draws_a_raw_control_character(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert raw_in_strips(pilot) == []
    assert "start ␀␁" in screen_text(app)  # the hostile text is there, made visible
    seen = [await visit(pilot)]
    seen.append(await visit(pilot, "n"))  # the note editor, holding the note
    seen.append(await visit(pilot, "escape", "t"))  # the log dialog, naming the item
    seen.append(await visit(pilot, "escape", "J"))  # jobs by stage
    seen.append(await visit(pilot, "m"))  # the stage dialog, naming the application
    seen.append(await visit(pilot, "down", "enter"))  # moved: a toast names the company
    seen.append(await visit(pilot, "escape", "P"))  # projects and their check reasons
    seen.append(await visit(pilot, "l"))  # the evidence dialog, naming the project
    seen.append(await visit(pilot, "escape", "escape", "h"))  # the history and its log
    for _ in range(4):
        seen.append(await visit(pilot, "right"))  # every tab of the history
    seen.append(await visit(pilot, "escape", "slash"))  # search
    seen.append(await visit(pilot, *"start"))  # ... with results naming items
    seen.append(await visit(pilot, "escape", "p"))  # the path library
    seen.append(await visit(pilot, "escape", "question_mark"))  # help
    seen.append(await visit(pilot, "escape", "v"))  # review: a done item's card and note
    assert "start ␀␁" in screen_text(app)
    seen.append(await visit(pilot, "g"))  # ... rated: the next, or the summary
    seen.append(await visit(pilot, "escape", "c"))  # settings
    seen.append(await visit(pilot, "escape", "R"))  # the reset question names the path
    await visit(pilot, "escape")
    assert seen == [
        "MainScreen",
        "NoteScreen",
        "LogDialog",
        "JobsScreen",
        "StageDialog",
        "JobsScreen",
        "ProjectsScreen",
        "EvidenceDialog",
        *["HistoryScreen"] * 5,
        *["SearchScreen"] * 2,
        "PathsScreen",
        "HelpScreen",
        *["ReviewScreen"] * 2,
        "SettingsScreen",
        "ConfirmScreen",
    ]
    assert app.screen is app.main


@with_toasts
async def test_a_notification_from_the_data_is_made_safe(pilot: Pilot[None]) -> None:
    pilot.app.notify(HOSTILE, title=HOSTILE)
    await pilot.pause()
    assert raw_in_strips(pilot) == []
    messages = [n.message + n.title for n in pilot.app._notifications]
    assert messages and raw_controls("".join(messages)) == []


async def test_an_unedited_note_stays_as_stored(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    """The editor shows the note made safe; Enter without an edit changes nothing."""
    from hostile_progress import ITEM

    await pilot.press("n")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert tracker_session.progress.note(ITEM) == HOSTILE
    assert not pilot.app.tracker.history
