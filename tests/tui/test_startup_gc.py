"""The tracker's start-up shortcut hands the garbage collector back.

The entry point pauses the collector while the tracker loads (see entry.py);
the app must turn it back on after its first frame, or a long session would
never collect cycles.
"""

from __future__ import annotations

import gc

from tui_support import SIZE, app_for, new_session


async def test_the_tracker_turns_the_collector_back_on_after_its_first_frame() -> None:
    # A direct run: the collector is paused before the tracker opens, as entry.py does.
    session = new_session()

    app = app_for(session)
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled(), "the collector stayed off after the first frame"
            assert gc.get_freeze_count() > 0, "what start-up loaded was not frozen"
    finally:
        gc.unfreeze()
        gc.enable()


async def test_a_tracker_started_normally_leaves_the_collector_alone() -> None:
    # A direct run: the freeze count is read before the tracker opens.
    session = new_session()

    app = app_for(session)
    frozen = gc.get_freeze_count()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen
