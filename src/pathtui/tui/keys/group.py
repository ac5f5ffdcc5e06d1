"""The study group's key on the main screen: `G` opens the Group screen.

The screen module is imported when the key is pressed, so the group adds
nothing to the tracker's first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

GROUP_BINDINGS: list[BindingType] = [
    Binding("G", "group", "Study group: members and cheers", show=False),
]


class GroupActions:
    """Actions mixed into MainScreen (which provides ``papp``)."""

    if TYPE_CHECKING:

        @property
        def papp(self) -> PathtuiApp: ...

    def action_group(self) -> None:
        from pathtui.tui.screens.group import GroupScreen  # only when opened

        self.papp.push_screen(GroupScreen())
