"""The data-safety promises, seen from the running tracker (Pilot).

The tracker's own tests fake a failed save by replacing ``atomic_write``;
these fail the real system calls underneath (ENOSPC at fsync, EROFS at open),
put a real `pathtui done` process beside the app, open a file from a newer
pathtui, and feed the tracker arbitrary titles.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from textual import events

from hostile_text import LAYOUT
from pathtui.model.sanitise import sanitise
from pathtui.services.session import Session
from pathtui.storage import store as store_mod
from pathtui.storage.atomic import TEMP_NAME_RE
from pathtui.storage.progressfile import dumps
from pathtui.storage.store import Store
from support import pathtui_exe
from tui_support import SIZE, app_for, new_session, on_disk, run, screen_text

#: What a terminal must never receive from a path file: C0/C1 controls, DEL
#: and the characters that reorder or break a line.
CONTROL = re.compile(rf"[\x00-\x09\x0b-\x1f\x7f-\x9f{LAYOUT}]")


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if TEMP_NAME_RE.match(p.name)]


async def test_a_pathtui_done_from_a_shell_shows_up_and_is_never_overwritten() -> None:
    session = new_session()
    app = app_for(session)
    # Its own run_test: what matters is the file after the tracker has closed.
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        result = subprocess.run(
            [pathtui_exe(), "done", "basics-variables", "basics-lists"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        app.post_message(events.AppFocus())
        await pilot.pause()
        assert "2/54 done" in screen_text(app)
        await pilot.press("space")  # tick the first item in the app
        await pilot.pause()
        assert "3/54 done" in screen_text(app)
    saved = on_disk(session)
    assert {k for k, v in saved.states().items() if v == "done"} == {
        "basics-language",
        "basics-variables",
        "basics-lists",
    }


@pytest.mark.parametrize("fault", ["enospc-at-fsync", "enospc-at-write", "read-only-folder"])
async def test_disk_trouble_keeps_the_tracker_running_with_the_change_in_memory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    session = new_session()
    before = session.store.file.read_bytes()
    real_open = os.open

    def no_space(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def read_only(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(data_dir)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        expected = "disk is full"
        if fault == "enospc-at-fsync":
            monkeypatch.setattr(store_mod.os, "fsync", no_space)
        elif fault == "enospc-at-write":
            monkeypatch.setattr(store_mod.os, "write", no_space)
        else:
            monkeypatch.setattr(store_mod.os, "open", read_only)
            expected = "read-only or not writable"
        await pilot.press("space")
        await pilot.pause()
        problems = [m for m in messages(app) if expected in m]
        assert problems and str(session.store.file) in problems[0]
        assert app.is_running
        assert "1/54 done" in screen_text(app), "the change is still shown"
        assert session.progress.state("basics-language") == "done"
        assert session.store.file.read_bytes() == before
        assert temp_files(data_dir) == []
        monkeypatch.undo()  # the disk is fixed; the next change saves both
        await pilot.press("j", "j", "j", "space")
        await pilot.pause()
    saved = on_disk(session)
    assert saved.state("basics-language") == "done"
    assert saved.state("basics-variables") == "done"


async def test_a_file_from_a_newer_pathtui_is_shown_but_never_written(data_dir: Path) -> None:
    first = new_session()
    first.progress.set_state("basics-language", "done")
    first.save()
    text = dumps(first.progress).replace("schema = 2", "schema = 3") + "\n[future]\nx = 1\n"
    first.store.file.write_text(text, encoding="utf-8")
    session = Session.open()

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert any("newer pathtui" in m and "read-only" in m for m in messages(app))
        assert "1/54 done" in screen_text(app)
        await pilot.press("j", "j", "j", "space")
        await pilot.pause()
        assert app.is_running
        assert session.store.file.read_text(encoding="utf-8") == text


# --------------------------------------------------------------------------- any title

NASTY = st.sampled_from(
    [
        "[bold]not bold[/bold]",
        "[link=https://x.example]x[/link]",
        "\x1b[31mred\x1b[0m",
        "\x1b]0;retitled\x07",
        "\u202eright-to-left\u202c",
        "שלום עולם",
        "emoji 🚀👩‍💻",
        "DEL \x7f NUL \x00 BEL \x07",
        "line\nbreak\ttab",
        "x" * 3000,
    ]
)
TITLES = st.one_of(NASTY, st.text(min_size=1, max_size=60)).filter(lambda s: s.strip())


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(TITLES, TITLES, TITLES)
# A step title that wraps onto many lines once pushed the checklist off screen.
@example("[link=https://x.example]x[/link]", "x" * 3000, "[bold]not bold[/bold]")
def test_any_title_in_a_custom_path_renders_without_crashing(
    data_dir: Path, path_title: str, step_title: str, item_title: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "any.toml"
        file.write_text(
            tomli_w.dumps(
                {
                    "schema": 1,
                    "id": "any",
                    "title": path_title,
                    "baseline": {"hours_per_week": 10, "weeks": [0.1, 0.2]},
                    "steps": [
                        {
                            "id": "only",
                            "number": 1,
                            "title": step_title,
                            "goal": item_title,
                            "items": [
                                {"id": "first", "title": item_title, "hours": [1, 2]},
                                {"id": "second", "title": "plain", "hours": [0, 0]},
                            ],
                        }
                    ],
                }
            ),
            encoding="utf-8",
        )
        # A fresh progress file per example, saved so the tracker skips the welcome.
        session = Session.open(file, store=Store("any", Path(folder) / "any-progress.toml"))
        session.save()

        async def body() -> None:
            app = app_for(session)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                await pilot.press("space", "j", "space")
                await pilot.pause()
                shown = screen_text(app)
                assert app.is_running
                assert not CONTROL.search(shown), "a control character reached the screen"
                cleaned = sanitise(item_title.strip())
                if cleaned.isascii() and cleaned.isprintable() and len(cleaned) < 30:
                    assert cleaned in shown, "ASCII text is shown literally"

        run(body)
        assert on_disk(session).states() == {"first": "done", "second": "done"}
