"""What the main screen's key mixins share: the screen they are mixed into (for
the type checker) and the constants more than one of them uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pathtui.model.progress import STATES
from pathtui.tui.widgets.checklist import ALL

if TYPE_CHECKING:
    from textual.screen import Screen

    from pathtui.model.estimate import Estimate
    from pathtui.tui.app import PathtuiApp

    _ScreenBase = Screen[None]  # what the mixins are mixed into, for the type checker only
else:
    _ScreenBase = object

#: The filter cycles through these with `f`.
FILTERS: tuple[str, ...] = (ALL, *STATES)
#: Seconds an error notification stays up (longer than the default: it matters).
ERROR_TIMEOUT = 12


class MainScreenKeys(_ScreenBase):
    """The base of every key mixin: what ``MainScreen`` provides, declared."""

    if TYPE_CHECKING:
        section_index: int
        state_filter: str
        _aside: dict[str, str]

        @property
        def papp(self) -> PathtuiApp: ...

        def estimate(self) -> Estimate: ...

        def fit_sidebar(self) -> None: ...

        def _resources_focusable(self) -> None: ...

        def _find_aside(self) -> dict[str, str]: ...

        def redraw(self, focus_item: str | None = None) -> None: ...

        def redraw_summary(self) -> None: ...

        def show_section(self, focus_item: str | None = None) -> None: ...

        def show_detail(self) -> None: ...

        def select_section(self, index: int, focus_item: str | None = None) -> None: ...

        def save(self) -> None: ...
