"""The main screen's keys that move around: steps by number, the extras, search,
the filter, and another path."""

from __future__ import annotations

from pathtui.tui.keys.base import FILTERS, MainScreenKeys
from pathtui.tui.widgets.checklist import ALL, Checklist
from pathtui.tui.widgets.steppane import StepPane
from pathtui.tui.widgets.steps import StepList


class MoveActions(MainScreenKeys):
    """Actions mixed into MainScreen."""

    def action_scroll_detail(self, pages: int) -> None:
        self.query_one(StepPane).scroll_detail(pages)

    def action_goto(self) -> None:
        """Ask for a step number (any number of digits) and go there."""
        steps = len(self.papp.session.path.steps)

        def chosen(number: int | None) -> None:
            if number is not None:
                self.action_jump(number)
                self.query_one(Checklist).focus()

        from pathtui.tui.screens.goto import GotoScreen

        self.app.push_screen(GotoScreen(steps), chosen)

    def action_switch_path(self) -> None:
        from pathtui.tui.screens.paths import PathsScreen

        def chosen(file: str | None) -> None:
            if file is not None:
                self.papp.switch_path(file or None)

        self.app.push_screen(PathsScreen(self.papp.session.path.id), chosen)

    def start_over(self) -> None:
        """Show a newly opened path from its current step (after `p`)."""
        est = self.estimate()
        self.section_index = est.current_step.number - 1 if est.current_step else 0
        self.state_filter = ALL
        self.query_one(StepList).clear_options()
        self.fit_sidebar()
        self.redraw(focus_item=est.next_item_id)
        self.query_one(Checklist).focus()
        self.call_after_refresh(self._resources_focusable)

    def action_search(self) -> None:
        def done(item_id: str | None) -> None:
            if item_id is not None:
                self.jump_to_item(item_id)

        from pathtui.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.papp.session.path), done)

    def jump_to_item(self, item_id: str) -> None:
        sections = self.papp.session.path.all_sections()
        index = next(i for i, s in enumerate(sections) if any(x.id == item_id for x in s.items))
        if self.state_filter not in (ALL, self.papp.session.progress.state(item_id)):
            self.state_filter = ALL
        self.select_section(index, focus_item=item_id)
        self.query_one(Checklist).focus()

    def action_cycle_filter(self) -> None:
        self.set_filter(FILTERS[(FILTERS.index(self.state_filter) + 1) % len(FILTERS)])

    def set_filter(self, state_filter: str) -> None:
        """Show only items in a state, keeping the cursor on the item it was on,
        or on the next one the filter shows (then the one before it)."""
        current = self.query_one(Checklist).item_id
        self.state_filter = state_filter
        self.show_section(self._nearest_shown(current))

    def _nearest_shown(self, item_id: str | None) -> str | None:
        section = self.papp.session.path.all_sections()[self.section_index]
        ids = [item.id for item in section.items]
        if item_id not in ids:
            return None
        progress = self.papp.session.progress
        at = ids.index(item_id)
        for candidate in (*ids[at:], *reversed(ids[:at])):
            if self.state_filter in (ALL, progress.state(candidate)):
                return candidate
        return None

    def action_jump(self, number: int) -> None:
        if number <= len(self.papp.session.path.steps):
            self.select_section(number - 1)

    def action_extras(self) -> None:
        path = self.papp.session.path
        if path.extras is not None:
            self.select_section(len(path.steps))
