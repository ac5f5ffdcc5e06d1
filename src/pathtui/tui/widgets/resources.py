"""The selected step's resources: title and site, opened on request.

Only http and https links are ever handed to the browser; the path loader
already refuses anything else, and the screen checks again before opening.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pathtui.model.path import Resource
from pathtui.tui.messages import OpenRequested


def resource_prompt(resource: Resource) -> Text:
    row = Text(resource.title)
    row.append(f"  {resource.site}", style="dim italic")
    return row


class ResourceList(OptionList):
    """Links for the shown step; `o`, Enter or a click opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("o,enter", "select", "Open link", key_display="o"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._resources: tuple[Resource, ...] = ()

    @property
    def resource(self) -> Resource | None:
        """The highlighted resource, if the step has any."""
        index = self.highlighted
        if index is None or not self._resources:
            return None
        return self._resources[index]

    def show_resources(self, resources: Sequence[Resource]) -> None:
        self._resources = tuple(resources)
        if not resources:
            self.set_options(
                [Option(Text("No links for this step.", style="italic"), disabled=True)]
            )
            return
        self.set_options(Option(resource_prompt(r)) for r in resources)
        self.highlighted = 0

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        resource = self.resource
        if resource is not None:
            self.post_message(OpenRequested(resource))
