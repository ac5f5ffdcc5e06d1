"""A 5,000-item path: the tracker uses virtual lists, not one widget per item."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.tui.widgets.checklist import Checklist
from tui_support import new_session, on_disk, screen_text, write_path

ITEMS_PER_STEP = 5000 // 7 + 1


@pytest.fixture
def tracker_session(isolated_env: Path, tmp_path: Path) -> Session:
    """A learner on a custom path of 5,000 items in seven steps."""
    steps = [[f"Item {n}.{i}" for i in range(ITEMS_PER_STEP)] for n in range(1, 8)]
    steps[-1] = steps[-1][: 5000 - ITEMS_PER_STEP * 6]
    path_file = write_path(tmp_path, steps)
    return new_session(path_file=path_file)


@pytest.mark.slow
async def test_five_thousand_items_open_and_tick(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    session = tracker_session
    assert len(session.path.items) == 5000

    app = pilot.app
    checklist = app.query_one(Checklist)
    assert checklist.option_count == ITEMS_PER_STEP
    # every row lives in one widget: the whole app has a few dozen widgets
    assert len(list(app.screen.walk_children())) < 100
    await pilot.press("end", "space")
    last = f"s1-i{ITEMS_PER_STEP - 1}"
    assert on_disk(session).state(last) == "done"
    assert "1/5000 done" in screen_text(app)
    await pilot.press("slash", *"item 7.3", "enter")
    await pilot.pause()
    assert checklist.item_id == "s7-i3"
