"""The key bar at the foot of a screen."""

from __future__ import annotations

from textual.widgets import Footer


class KeyBar(Footer):
    """Textual's Footer, left as it is while a dialog covers its screen.

    Opening a dialog tells the screen below that its keys changed, and a
    Footer rebuilds itself a moment later, by then under the dialog, where
    Textual does not place the new keys: the dimmed bar went blank or stayed,
    by chance. It rebuilds when its screen is on top again (Textual tells it
    the keys changed then).
    """

    async def recompose(self) -> None:
        if self.is_attached and self.app.screen is not self.screen:
            return
        await super().recompose()
