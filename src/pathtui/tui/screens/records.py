"""What the Jobs and Projects screens share: a summary line over one list of
records, redrawn when changes saved elsewhere arrive, each change made through
the tracker (``Tracker.record``: saved at once, and `u` takes it back here or
on the main screen; `U` puts it again).

A subclass names its widgets (``SUMMARY_ID``, ``LIST_ID``, ``LIST_TITLE``; the
stylesheet styles them by those ids), its close keys and actions in its own
``BINDINGS`` (Textual merges them with these; ``UNDO_BINDINGS`` go last), and
gives ``table()``, ``find()`` and ``redraw()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pathtui.errors import PathtuiError
from pathtui.tui.keys.undo import UndoActions
from pathtui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from pathtui.model.records import RecordTable
    from pathtui.tui.app import PathtuiApp

#: Seconds an error notification stays up.
ERROR_TIMEOUT = 12
#: Seconds between looks for changes saved outside this screen (the app reads
#: the file every 2 s; this only notices that it did).
FOLLOW_SECONDS = 1.0

#: The record type a screen lists (an application, a project).
RecordT = TypeVar("RecordT")
#: What a change returns.
T = TypeVar("T")


class RecordsScreen(UndoActions, Screen[None], Generic[RecordT]):
    """A summary over a list of records; j k move in the list, u undoes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]
    #: The summary line's id.
    SUMMARY_ID: ClassVar[str]
    #: The list's id.
    LIST_ID: ClassVar[str]
    #: The title on the list's border.
    LIST_TITLE: ClassVar[str]
    #: Actions on the highlighted record: the key bar leaves them out while
    #: there is none (an empty list).
    RECORD_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id=self.SUMMARY_ID, markup=False)
        listing = OptionList(id=self.LIST_ID, markup=False)
        listing.border_title = self.LIST_TITLE
        yield listing
        yield KeyBar(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.redraw()
        self.query_one(OptionList).focus()
        self._shown = self.papp.session.progress
        self.set_interval(FOLLOW_SECONDS, self.follow_changes)

    def follow_changes(self) -> None:
        """Redraw when the session took in changes saved elsewhere (a shell
        command, another window): the app swaps in the merged progress."""
        progress = self.papp.session.progress
        if progress is not self._shown:
            self._shown = progress
            self.redraw(keep=self.highlighted_id())

    def table(self) -> RecordTable:
        """The records this screen lists, in the session's progress."""
        raise NotImplementedError

    def find(self, record_id: str) -> RecordT:
        """One record by id; PathtuiError if it is gone."""
        raise NotImplementedError

    def redraw(self, keep: str | None = None) -> None:
        """Fill the summary and the list, keeping the record ``keep`` highlighted."""
        raise NotImplementedError

    def show_empty(self, hint: str) -> None:
        """The list with no records yet: one line saying how to add the first."""
        hint_line = Option(Text(hint, style="italic"), disabled=True)
        self.query_one(OptionList).set_options([hint_line])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.RECORD_ACTIONS:
            return self.highlighted_id() is not None
        return True

    def on_option_list_option_highlighted(self) -> None:
        """A record highlighted (the first one listed, say): its keys show again."""
        self.refresh_bindings()

    def highlighted_id(self) -> str | None:
        option = self.query_one(OptionList).highlighted_option
        return option.id if option is not None else None

    def selected(self) -> RecordT | None:
        """The highlighted record, or None (a heading, or removed meanwhile)."""
        record_id = self.highlighted_id()
        if record_id is None:
            return None
        try:
            return self.find(record_id)
        except PathtuiError:
            return None

    def change(self, label: str, change: Callable[[], T]) -> T:
        """Make a change through the tracker (saved at once, like a tick, and
        undoable); a failed save keeps it in memory and says why. The caller
        redraws."""
        try:
            return self.papp.tracker.record(label, change)
        finally:
            error = self.papp.tracker.save()
            if error is not None:
                self.notify(
                    error, title="Not saved", severity="error", timeout=ERROR_TIMEOUT, markup=False
                )

    def after_undo(self) -> None:
        self.redraw(keep=self.highlighted_id())

    # -- actions

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_close(self) -> None:
        self.app.pop_screen()
