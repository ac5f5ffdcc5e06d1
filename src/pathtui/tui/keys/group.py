"""The study group on the main screen: `G` opens the Group screen, and new
cheers are shown once and named on the standing line until it is opened.

The screen module is imported when the key is pressed, so the group adds
nothing to the tracker's first frame.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from pathtui.tui.keys.base import ERROR_TIMEOUT, MainScreenKeys
from pathtui.tui.text import days_in
from pathtui.tui.widgets.overview import Overview

GROUP_BINDINGS: list[BindingType] = [
    Binding("G", "group", "Study group: members and cheers", show=False),
]


class GroupActions(MainScreenKeys):
    """The group's key, and its new cheers on the main screen (mixed into
    MainScreen, which keeps the cheers said in ``_new_cheers``)."""

    _new_cheers: list[str]

    def look_for_cheers(self) -> None:
        """Cheers the study group sent that this device has not shown: each one
        is shown once as a notification (so it counts as seen), and the
        standing line mentions them until the Group screen is opened."""
        from pathtui.services.groupcheers import cheers_line, mark_seen, new_cheers

        progress = self.papp.session.progress
        if not progress.settings.group_remote:
            return
        cheers = new_cheers(progress)
        if not cheers:
            return
        for cheer in reversed(cheers):
            self.notify(days_in(cheer.line()), title="Cheer", timeout=ERROR_TIMEOUT, markup=False)
        mark_seen(progress, cheers)
        self._new_cheers = [c.key for c in cheers] + self._new_cheers
        self.query_one(Overview).show_cheers(f"{cheers_line(cheers)} (G)")

    @property
    def new_cheer_keys(self) -> list[str]:
        """The cheers said on the standing line (the Group screen marks them new)."""
        return list(self._new_cheers)

    def clear_new_cheers(self) -> None:
        """The Group screen showed them."""
        self._new_cheers = []
        self.query_one(Overview).show_cheers("")

    def action_group(self) -> None:
        from pathtui.tui.screens.group import GroupScreen  # only when opened

        self.papp.push_screen(GroupScreen())
