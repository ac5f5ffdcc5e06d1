"""The study timer's arithmetic: whole minutes, slips ignored."""

from __future__ import annotations

from pathtui.tui.timer import StudyTimer, clock_face


def test_timer_rounds_to_minutes_and_ignores_slips() -> None:
    now = [100.0]
    timer = StudyTimer(lambda: now[0])
    assert not timer.running and timer.elapsed() == 0.0
    timer.start("a1", "Item a1")
    now[0] += 59
    assert timer.stop() == 0.0
    timer.start(None, None)
    now[0] += 45 * 60 + 29
    assert clock_face(timer.elapsed()) == "0:45:29"
    assert timer.stop() == 0.75
    assert not timer.running
    assert clock_face(3 * 3600 + 61) == "3:01:01"
