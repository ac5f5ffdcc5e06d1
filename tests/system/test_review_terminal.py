"""Spaced review in real processes: days passing under ``faketime``, and the
interactive walk in a real terminal (tmux), where keys are single presses and
Ctrl+C is a real signal.

faketime and tmux are installed by ``.ci/run``; these tests are never skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from support import pathtui_exe
from system.test_tmux import DEADLINE_SECONDS, HEIGHT, POLL_SECONDS, SESSION, WIDTH, Tmux

ITEM, OTHER = "basics-loops", "basics-lists"


def faketime() -> str:
    found = shutil.which("faketime")
    assert found, "faketime is required for this test (.ci/run installs it)"
    return found


def at(when: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed pathtui with the clock starting at ``when`` (UTC)."""
    done = subprocess.run(
        [faketime(), when, pathtui_exe(), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "UTC"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def card_on(when: str) -> dict[str, object]:
    (card,) = json.loads(at(when, "review", "--list", "--json").stdout)
    assert isinstance(card, dict)
    return card


@pytest.mark.slow
def test_cards_come_due_on_the_right_days_and_good_makes_intervals_grow() -> None:
    at("2026-03-03 19:00:00", "done", ITEM)
    # the day it was done: not yet due, and the status line says nothing
    assert card_on("2026-03-03 23:30:00") == {
        "id": ITEM,
        "title": "Write loops that walk over a collection",
        "due": "2026-03-04",
        "reviews": 0,
        "is_due": False,
    }
    assert "to review" not in at("2026-03-03 23:30:00", "status").stdout
    # the next morning it is, in the list, the status line and its JSON
    assert card_on("2026-03-04 07:00:00")["is_due"] is True
    assert at("2026-03-04 07:00:00", "status").stdout.rstrip().endswith(" · 1 to review")
    assert json.loads(at("2026-03-04 07:00:01", "status", "--json").stdout)["reviews_due"] == 1
    intervals = []
    day = dt.date(2026, 3, 4)
    for _ in range(3):
        out = at(f"{day.isoformat()} 08:00:00", "review", ITEM, "good").stdout
        card = card_on(f"{day.isoformat()} 08:00:05")
        due = dt.date.fromisoformat(str(card["due"]))
        assert f"next review {due.isoformat()}" in out
        intervals.append((due - day).days)
        # the day before, nothing is due (the cached answer of another day is not reused)
        eve = due - dt.timedelta(days=1)
        assert card_on(f"{eve.isoformat()} 21:00:00")["is_due"] is False
        assert "to review" not in at(f"{eve.isoformat()} 21:00:01", "status").stdout
        assert card_on(f"{due.isoformat()} 06:00:00")["is_due"] is True
        assert " · 1 to review" in at(f"{due.isoformat()} 06:00:01", "status").stdout
        day = due
    assert intervals == [2, 11, 46]


@pytest.mark.slow
def test_the_walk_takes_single_key_presses_and_ctrl_c_keeps_what_was_rated(
    data_dir: Path,
) -> None:
    assert shutil.which("tmux"), "tmux is required for this test (CI installs it)"
    env = {
        "PATHTUI_DATA_DIR": str(data_dir),
        "HOME": os.environ["HOME"],
        "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"],
        "PATHTUI_STATE_DIR": os.environ["PATHTUI_STATE_DIR"],
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    done = subprocess.run(
        [faketime(), "-f", "-3d", pathtui_exe(), "done", ITEM, OTHER],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    command = " ".join(
        ["env", "-i", *(f"{k}={v}" for k, v in env.items()), pathtui_exe(), "review"]
    )
    tmux = Tmux()
    try:
        tmux("new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT), command)
        tmux("set-option", "-t", SESSION, "remain-on-exit", "on")
        tmux.wait_for("the first card", lambda s: "1 of 2" in s and "Rate it:" in s)
        tmux.keys("g")  # one key press, no Enter
        screen = tmux.wait_for("the second card", lambda s: "2 of 2" in s)
        assert "Good · next review" in screen
        tmux.keys("C-c")
        screen = tmux.wait_for("the stop", lambda s: "every rating you gave is saved." in s)
        assert "Reviewed 1 of 2: 1 good. 1 still due today." in screen
        deadline = time.monotonic() + DEADLINE_SECONDS
        while not tmux.pane_dead():
            assert time.monotonic() < deadline, "pathtui review did not end on Ctrl+C"
            time.sleep(POLL_SECONDS)
    finally:
        tmux.kill()
    progress = read_progress(data_dir / "backend.toml", "backend")
    assert progress is not None
    assert [(r.item, r.rating) for r in progress.ratings()] == [(OTHER, "good")]
