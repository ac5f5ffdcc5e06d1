"""The tracker's baseline: the smallest Textual app that shows one line.

Started exactly like the tracker (same interpreter, same tmux pane size), so
the ratio says what the tracker costs beyond Textual itself.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

#: What the bench waits for in the pane.
MARKER = "pathtui bench: minimal app ready"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalApp().run()
