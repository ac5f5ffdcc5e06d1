"""Spaced review's key on the main screen: `v` opens the Review screen.

The screen is imported when it opens, so the tracker's first frame pays
nothing for it (nor for fsrs, which a replay of ratings imports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

REVIEW_BINDINGS: list[BindingType] = [
    Binding("v", "review", "Review", show=False, tooltip="Review finished items that are due"),
]


class ReviewActions:
    """Actions mixed into MainScreen (which provides ``papp`` and ``redraw_summary``)."""

    if TYPE_CHECKING:

        @property
        def papp(self) -> PathtuiApp: ...

        def redraw_summary(self) -> None: ...

    def action_review(self) -> None:
        from pathtui.tui.screens.review import ReviewScreen  # only when opened

        self.papp.push_screen(ReviewScreen(), self._reviewed)

    def _reviewed(self, _: None) -> None:
        """Back from a review: the count on the standing line has changed."""
        self.redraw_summary()
