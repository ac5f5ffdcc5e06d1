"""The main screen's layout as the terminal's size changes: the sidebar's
width, the notice below the smallest usable size, and whether the Resources
pane has room to show a link (mixed into ``MainScreen``)."""

from __future__ import annotations

from textual.widgets import Static

from pathtui.tui.keys.base import MainScreenKeys
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.overview import LINES as OVERVIEW_LINES
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steps import EXTRAS_LABEL

#: The sidebar takes the width its rows need, within these shares of the screen.
SIDEBAR_MIN_SHARE = 0.22
SIDEBAR_MAX_SHARE = 0.36
#: Columns a sidebar row needs beyond its number, title and count: the border
#: and padding on both sides (4), the mark (2) and the space after the number (1).
SIDEBAR_CHROME = 7
#: Rows the Resources pane needs to show one link (a border above and below).
RESOURCES_MIN_ROWS = 3
#: The step pane keeps this many columns (its heading, counts and item titles
#: need them) when the sidebar grows past its share for long step titles.
RIGHT_PANE_COLUMNS = 52
#: Below this size the panes cannot show a step: the screen says how big to
#: make the terminal instead (the header, the keys and the dialogs still work).
MIN_COLUMNS, MIN_ROWS = 60, 18
#: The rows of the key bar at the bottom, which the notice leaves visible.
FOOTER_ROWS = 1


class MainLayout(MainScreenKeys):
    """Sizes the main screen's panes to the terminal."""

    def on_resize(self) -> None:
        self.say_if_too_small()
        self.fit_sidebar()
        self.call_after_refresh(self._resources_focusable)

    def say_if_too_small(self) -> None:
        """Below MIN_COLUMNS x MIN_ROWS, one line says how big the terminal must
        be, in place of panes too small to read (they stay, hidden, so the keys
        still reach them)."""
        width, height = self.app.size
        small = width < MIN_COLUMNS or height < MIN_ROWS
        self.set_class(small, "-too-small")
        if small:
            notice = self.query_one("#too-small", Static)
            notice.styles.height = max(height - OVERVIEW_LINES - FOOTER_ROWS, 1)
            notice.update(
                f"Make the terminal at least {MIN_COLUMNS}×{MIN_ROWS} to see the steps "
                f"(it is {width}×{height})."
            )

    def fit_sidebar(self) -> None:
        """Give the sidebar the columns its longest row needs, within bounds."""
        path = self.papp.session.path
        width = self.size.width or self.app.size.width
        digits = len(str(len(path.steps)))
        # Row by row: the longest title and the widest count may be on two rows,
        # and a sum of the two maxima would hide a row's own need behind the other's.
        rows = [len(s.title) + digits + len(f" {len(s.items)}/{len(s.items)}") for s in path.steps]
        if path.extras is not None:  # its row has a label in place of number and title
            extras = len(path.extras.items)
            rows.append(len(EXTRAS_LABEL) - 1 + len(f" {extras}/{extras}"))
        needed = max(rows, default=0) + SIDEBAR_CHROME
        low = int(width * SIDEBAR_MIN_SHARE)
        # Up to a fixed share, or further while the step pane keeps the columns it needs.
        high = max(int(width * SIDEBAR_MAX_SHARE), width - RIGHT_PANE_COLUMNS)
        self.query_one("#body").styles.grid_columns = f"{max(low, min(needed, high))} 1fr"

    def _resources_focusable(self) -> None:
        """A Resources pane too short to show a link is not drawn: Tab skips it."""
        resources = self.query_one(ResourceList)
        shown = resources.size.height >= RESOURCES_MIN_ROWS
        resources.can_focus = shown
        if not shown and self.focused is resources:
            self.query_one(Checklist).focus()
