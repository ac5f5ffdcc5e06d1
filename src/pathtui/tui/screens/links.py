"""The links of one item, to pick the one to open (`o` on an item with several)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from pathtui.model.path import Resource
from pathtui.tui.widgets.resources import resource_prompt


class LinksScreen(ModalScreen[Resource | None]):
    """Answers the chosen link, or None if the learner cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel"),
        Binding("o", "open", "Open the highlighted link"),
    ]

    def __init__(self, item_title: str, links: Sequence[Resource]) -> None:
        super().__init__(classes="dialog-screen")
        self._title = item_title
        self._links = tuple(links)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links") as box:
            box.border_title = "Open a link"
            yield Label(Text(self._title, style="bold"), markup=False)
            yield OptionList(
                *(Option(resource_prompt(link)) for link in self._links),
                id="links-list",
                markup=False,
            )
            yield Label("Enter or o opens · Esc cancels", markup=False, classes="hint")

    def on_mount(self) -> None:
        links = self.query_one(OptionList)
        links.highlighted = 0
        links.focus()

    def action_open(self) -> None:
        links = self.query_one(OptionList)
        if links.highlighted is not None:
            self.dismiss(self._links[links.highlighted])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._links[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
