"""The selected step's checklist: one row per item, virtualised.

An OptionList draws only the rows on screen, so a step with thousands of
items opens as fast as one with seven. A row is literal Content: the state
mark, a note mark, the hours range and the title. Where the list is too
narrow for every row in full (80 columns, say), the hours column goes, so
titles read whole (the highlighted item's hours are shown under the list);
a title that is still too long is cut with …, and shown whole under the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pathtui.model.path import Item
from pathtui.model.plan import NOT_PICKED
from pathtui.tui.messages import NoteRequested, StateRequested
from pathtui.tui.text import NOTE_MARK, STATE_MARKS, STATE_STYLES, hours_range

#: Filter value that shows every item.
ALL = "all"
#: Between the hours column and the title.
HOURS_GAP = "  "


def item_prompt(
    item: Item, state: str, has_note: bool, hours_width: int, aside: str, fit: Fit
) -> ItemRow:
    """One row; the title is a plain string part, so it is never read as markup.

    ``aside``: why the item counts toward nothing ("optional", or "not picked"
    for an option of a choice already made), so its title is muted like a
    skipped one; an option not picked also says so, its mark muted, so it
    never looks like an open task. ``fit`` is the list's (see ``ItemRow``).
    """
    title_style = "strike $text-muted" if state == "skipped" else "$text-muted" if aside else ""
    left_aside = aside == NOT_PICKED
    lead = (STATE_MARKS[state], "$text-muted" if left_aside else STATE_STYLES[state])
    note = f" {NOTE_MARK if has_note else ' '} "
    hours = hours_range(item.hours).rjust(hours_width)
    start = len(lead[0]) + len(note)
    row = Content.assemble(
        lead,
        note,
        (hours, "$text-muted"),
        HOURS_GAP,
        (f"{NOT_PICKED} · ", "italic $text-muted") if left_aside else "",
        (item.title, title_style),
    )
    return ItemRow(row, (start, start + len(hours) + len(HOURS_GAP)), fit)


class Fit:
    """The width every row of one list needs to show whole with its hours:
    shared by the rows, so they all keep the column or all drop it."""

    __slots__ = ("widest",)

    def __init__(self) -> None:
        self.widest = 0


class ItemRow(Content):
    """A row that, where the list is narrower than ``fit.widest``, draws
    itself without its hours column (the ``hours`` slice of its text)."""

    def __init__(self, row: Content, hours: tuple[int, int], fit: Fit) -> None:
        super().__init__(row.plain, list(row.spans), row.cell_length, strip_control_codes=False)
        self.hours = hours
        self.fit = fit
        self._compact: Content | None = None

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if width >= self.fit.widest:
            return super().render_strips(width, height, style, options)
        if self._compact is None:
            start, end = self.hours
            self._compact = self[:start] + self[end:]
        return self._compact.render_strips(width, height, style, options)


def renew_prompt(option_list: OptionList, option_id: str, prompt: Content) -> None:
    """Give one row a new prompt without re-measuring every row.

    The public ``replace_option_prompt`` re-measures the whole list (slow with
    thousands of rows); our rows are always one line (``text-wrap: nowrap``),
    so renewing the row's prompt and the render cache is enough. This is the
    one place pathtui uses private Textual API: ``Option._set_prompt`` and
    ``OptionList._option_render_cache`` (Textual 8.2.8, pinned exactly).
    tests/tui/test_private_api.py fails if a Textual release changes either.
    """
    option_list.get_option(option_id)._set_prompt(prompt)
    option_list._option_render_cache.clear()
    option_list.refresh()


class Checklist(OptionList):
    """Items of one section; the keys here change the highlighted item."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("space,enter,d", "select", "Done", key_display="space"),
        Binding("l", "mark('learning')", "Learn", tooltip="Learning"),
        Binding("s", "mark('skipped')", "Skip"),
        Binding("r", "mark('todo')", "To do", show=False),
        Binding("n", "note", "Note", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._items: dict[str, Item] = {}
        self._hours_width = 0
        self._fit = Fit()
        self._look: Callable[[str], tuple[str, bool, str]] = lambda _id: ("todo", False, "")

    @property
    def item_id(self) -> str | None:
        """The highlighted item's id, or None (empty list)."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def show_items(
        self,
        items: Sequence[Item],
        look: Callable[[str], tuple[str, bool, str]],
        state_filter: str,
        focus_id: str | None,
        empty: str,
    ) -> None:
        """Fill the list; ``look(id)`` gives (state, has_note, aside) for an item."""
        self._look = look
        shown = [i for i in items if state_filter == ALL or look(i.id)[0] == state_filter]
        self._items = {i.id: i for i in shown}
        self._hours_width = max((len(hours_range(i.hours)) for i in shown), default=0)
        if not shown:
            self.set_options([Option(Content.styled(empty, "italic"), disabled=True)])
            return
        prompts = [self._prompt(i) for i in shown]
        self._fit.widest = max(p.cell_length for p in prompts)
        self.set_options(Option(p, id=i.id) for i, p in zip(shown, prompts, strict=True))
        self.highlighted = self.get_option_index(focus_id) if focus_id in self._items else 0

    def _prompt(self, item: Item) -> ItemRow:
        state, has_note, aside = self._look(item.id)
        return item_prompt(item, state, has_note, self._hours_width, aside, self._fit)

    def redraw(self, item_id: str) -> None:
        """Redraw one row after its state or note changed (see ``renew_prompt``)."""
        item = self._items.get(item_id)
        if item is None:
            return
        prompt = self._prompt(item)
        self._fit.widest = max(self._fit.widest, prompt.cell_length)
        renew_prompt(self, item_id, prompt)

    def action_mark(self, state: str) -> None:
        if self.item_id is not None:
            self.post_message(StateRequested(self.item_id, state))

    def action_note(self) -> None:
        if self.item_id is not None:
            self.post_message(NoteRequested(self.item_id))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter, space, d or a click toggles done."""
        event.stop()
        if event.option_id is not None:
            self.post_message(StateRequested(event.option_id, None))
