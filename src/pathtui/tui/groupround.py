"""The study group's rounds while the tracker runs: each in a process of its own.

A round talks to a remote that may be slow. Run in a thread, it would hold
the tracker's exit (Python waits for worker threads as it ends); run as
``pathtui group sync`` in its own process (``services.groups.start_round``),
the tracker only looks every half second whether it has finished, shows its
line, and when the tracker closes first the round simply finishes on its own.
One round at a time: asking for another while one runs waits for that one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

    from textual.app import App
    from textual.timer import Timer

    from pathtui.services.session import Session

#: How often the tracker looks whether a round has finished.
POLL_SECONDS = 0.5
#: What a round printed, line by line (errors start with "pathtui: ").
Done = Callable[[list[str]], None]


class GroupRound:
    """The one round the tracker may have running, and who wants its lines."""

    def __init__(self, app: App[None]) -> None:
        self._app = app
        self._child: subprocess.Popen[bytes] | None = None
        self._output: IO[bytes] | None = None
        self._timer: Timer | None = None
        self._waiting: list[Done] = []

    @property
    def running(self) -> bool:
        return self._child is not None

    def start(self, session: Session, then: Done) -> bool:
        """Start a round (or join the one running); False if none could start."""
        self._waiting.append(then)
        if self._child is not None:
            return True
        import tempfile

        from pathtui.services.groups import start_round

        # Kept open past this call: the round writes to it until it finishes.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        child = start_round(session, output)
        if child is None:
            output.close()
            self._waiting.clear()
            return False
        self._child, self._output = child, output
        self._timer = self._app.set_interval(POLL_SECONDS, self._poll)
        return True

    def _poll(self) -> None:
        child, output = self._child, self._output
        if child is None or output is None or child.poll() is None:
            return
        if self._timer is not None:
            self._timer.stop()
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
        output.close()
        self._child = self._output = self._timer = None
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(lines)


def shown(line: str) -> str:
    """A round's line as a notification says it."""
    prefix = "pathtui: "
    return f"Group sync: {line[len(prefix) :]}" if line.startswith(prefix) else line
