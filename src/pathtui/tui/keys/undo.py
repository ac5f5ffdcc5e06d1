"""`u` and `U` wherever the tracker changes something (the main screen, Jobs,
Projects): undo and redo the last change of any kind, in order, and say in
the toast what was undone and what was kept because another window changed
it since. The rules are the tracker's (``tui/tracker.py``); this only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from pathtui.errors import ProgressFileError, SaveError

if TYPE_CHECKING:
    from textual.screen import Screen

    from pathtui.tui.app import PathtuiApp
    from pathtui.tui.tracker import Change

    _ScreenBase = Screen[None]  # what the mixin is mixed into, for the type checker only
else:
    _ScreenBase = object

#: What the toast says of fields another window (a shell command, a sync round)
#: changed since: "Not undone: … (kept: changed in another window)."
ELSEWHERE = "changed in another window"
#: Name at most this many kept fields; more are counted.
NAMED_FIELDS = 3
#: Seconds an undo's toast stays up when it kept something (it matters).
KEPT_TIMEOUT = 12

UNDO_BINDINGS: list[BindingType] = [
    Binding("u", "undo", "Undo"),
    Binding("U", "redo", "Redo", show=False),
]


def kept_words(kept: tuple[str, ...]) -> str:
    """'the note', 'the state and note', or '4 fields'."""
    names = [name.replace("_", " ") for name in kept]
    if len(names) > NAMED_FIELDS:
        return f"{len(names)} fields"
    if len(names) == 1:
        return f"the {names[0]}"
    return f"the {', '.join(names[:-1])} and {names[-1]}"


def outcome_words(change: Change, done: str, verb: str) -> str:
    """The toast after an undo or a redo: ``done`` says what was put back."""
    if not change.writes:
        return f"Not {verb}: {change.label} (kept: {ELSEWHERE})."
    if change.kept:
        return f"{verb.capitalize()}: {done}, except {kept_words(change.kept)} (kept: {ELSEWHERE})."
    return f"{verb.capitalize()}: {done}"


class UndoActions(_ScreenBase):
    """Actions mixed into every screen that changes progress (which provides ``papp``)."""

    if TYPE_CHECKING:

        @property
        def papp(self) -> PathtuiApp: ...

    def after_undo(self) -> None:
        """Redraw what an undo or a redo changed (the screen's own drawing)."""

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        tracker = self.papp.tracker
        verb = "undone" if undo else "redone"
        try:
            change = tracker.undo() if undo else tracker.redo()
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title=f"Not {verb}", severity="error", markup=False)
            return
        if change is None:
            self.notify(f"Nothing to {'undo' if undo else 'redo'}.", markup=False)
            return
        error = tracker.save()  # saved already, unless that failed: try again, say why
        if error is not None:
            self.notify(error, title="Not saved", severity="error", markup=False)
        # Redrawn even when all was kept: the file was read in, other windows' changes too.
        self.papp.main.redraw()
        self.after_undo()
        if change.refused:  # a value the write path refuses is not put back: say why
            self.notify(change.refused, title=f"Not {verb}", severity="error", markup=False)
            if not change.writes:
                return
        self.notify(
            outcome_words(change, self._what(change, undo), verb),
            timeout=KEPT_TIMEOUT if change.kept else None,
            markup=False,
        )

    def _what(self, change: Change, undo: bool) -> str:
        """An item's state names the state the item is back to ('… is back to
        done'): its label names the state it had left, which reads the wrong
        way round after an undo."""
        tracker = self.papp.tracker
        written = {(w.collection, w.key, w.name) for w in change.writes}
        states = {w for w in written if w[::2] == ("items", "state")}
        finished = {("items", key, "finished") for _, key, _ in states}
        if undo and len(states) == 1 and written <= states | finished:
            key = change.writes[0].key
            return f"{tracker.title(key)} is back to {tracker.state(key)}"
        return change.label
