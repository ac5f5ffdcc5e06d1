"""A one-line bar that shows the running study timer above the footer.

It exists only while the timer runs (mounted on start, removed on stop), so
the tracker looks exactly as before for anyone who never uses the timer.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from pathtui.tui.timer import StudyTimer, clock_face

#: How often the elapsed time is redrawn.
TICK_SECONDS = 1.0


class TimerBar(Static):
    """⏱ 0:12:34 on <item> · T stops and logs it."""

    def __init__(
        self, timer: StudyTimer, on_abandon: Callable[[float, str | None], None] | None = None
    ) -> None:
        super().__init__(id="timer-bar", markup=False)
        self.timer = timer
        self.on_abandon = on_abandon

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def tick(self) -> None:
        text = Text("⏱ ")
        text.append(clock_face(self.timer.elapsed()), style="bold")
        if self.timer.item_title:
            text.append(f" on {self.timer.item_title}")
        text.append(" · T stops and logs it", style="dim")
        self.update(text)

    def on_unmount(self) -> None:
        """Removed while still running (the tracker is closing): hand the time over."""
        if self.timer.running and self.on_abandon is not None:
            item_id = self.timer.item_id
            self.on_abandon(self.timer.stop(), item_id)
