"""Undo and redo write through the one write path too: a value the reader
would refuse is never put back, the file stays readable, and the tracker
says why in one notification (never a traceback)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.tui.tracker import Tracker
from tui_support import new_session, on_disk, with_toasts

ITEM = "basics-language"
#: A pace the schema refuses (the reader sets it aside): what undo must not write.
BAD_PACE = -3.0


def poison(tracker: Tracker) -> None:
    """Make the last change's "before" a value the schema refuses, as a value
    that slipped past the checks in memory would be."""
    change = tracker.history.pop()
    writes = tuple(
        replace(w, before=BAD_PACE) if w.name == "hours_per_week" else w for w in change.writes
    )
    tracker.history.append(replace(change, writes=writes))


def test_undo_refuses_to_put_back_a_value_the_reader_refuses(isolated_env: Path) -> None:
    session = new_session()
    tracker = Tracker(session)
    assert tracker.set_settings(12.0, session.progress.settings.start_date)
    poison(tracker)
    undone = tracker.undo()
    assert undone is not None
    assert undone.writes == () and "hours_per_week" in undone.refused
    assert undone.refused.startswith("Nothing was saved: -3.0 is not a value")
    saved = on_disk(session)  # the file still reads, with the pace the change set
    assert saved.settings.hours_per_week == 12.0 and not saved.set_aside
    assert session.progress.settings.hours_per_week == 12.0
    assert not tracker.future  # nothing to redo: nothing was undone


def test_the_rest_of_an_undo_still_goes_back(isolated_env: Path) -> None:
    """One record refused; the change's other records are undone as usual."""
    session = new_session()
    tracker = Tracker(session)
    start = session.progress.settings.start_date

    def both() -> None:
        session.set_state(ITEM, "done")
        session.change_settings(hours_per_week=12.0, start_date=start)

    tracker.record("two things", both)
    poison(tracker)
    undone = tracker.undo()
    assert undone is not None and undone.refused
    # the item's record: its state, and when it was finished (written with it)
    assert {(w.collection, w.name) for w in undone.writes} == {
        ("items", "state"),
        ("items", "finished"),
    }
    saved = on_disk(session)
    assert (saved.state(ITEM), saved.settings.hours_per_week) == ("todo", 12.0)


@pytest.fixture
def tracker_session(isolated_env: Path) -> Session:
    session = new_session()
    session.save()
    return session


@with_toasts
async def test_u_on_a_refused_value_says_why_in_one_notification(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    tracker = app.tracker  # type: ignore[attr-defined]
    assert tracker.set_settings(12.0, tracker_session.progress.settings.start_date)
    poison(tracker)
    before = len(app._notifications)
    await pilot.press("u")
    await pilot.pause()
    told = list(app._notifications)[before:]
    assert len(told) == 1
    assert told[0].title == "Not undone" and told[0].severity == "error"
    assert told[0].message.startswith("Nothing was saved: -3.0 is not a value")
    assert on_disk(tracker_session).settings.hours_per_week == 12.0
