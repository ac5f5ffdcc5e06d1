"""The Jobs screen (`J`): your applications by stage, the ones due a follow-up
first, and this week against the goal.

Keyboard first: ↑↓ (or j k) choose an application, m or Enter moves it to
another stage (only the moves the stage rules allow), a records a new one,
u undoes the last change, Esc goes back. Every change goes through
``model/applications.py`` and is saved at once, like a tick.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from pathtui.errors import PathtuiError
from pathtui.model import applications, records
from pathtui.model.jobs import CLOSED_STAGES, LISTING_ORDER, MOVES, due_follow_up
from pathtui.model.sanitise import sanitise
from pathtui.tui.keys.undo import UNDO_BINDINGS
from pathtui.tui.screens.records import RecordsScreen
from pathtui.tui.text import FitRow, day

#: Stage groups in the order shown: the furthest along first, then the closed ones.
SHOWN_STAGES = LISTING_ORDER
FOLLOW_UP_GROUP = "Due a follow-up"
FOLLOW_UP_MARK = "⚑"


def summary_line(picture: dict) -> Content:
    """'This week 3 of 10 applications · 5 active · 2 due a follow-up · 2-week streak'."""
    met = picture["goal_met"]
    parts: list[str | tuple[str, str]] = [
        (
            f"This week {picture['applied_this_week']} of {picture['weekly_goal']} applications"
            + (" ✓" if met else ""),
            "bold $text-success" if met else "bold",
        ),
        f" · {picture['active']} active",
    ]
    if picture["due_follow_up"]:
        parts.append((f" · {picture['due_follow_up']} due a follow-up", "bold $text-warning"))
    streak = picture["streak"]["current"]
    if streak:
        parts.append(f" · {streak}-week streak")
    return Content.assemble(*parts)


def application_row(app: applications.Application, flagged: bool) -> FitRow:
    left = Text(f"{FOLLOW_UP_MARK} " if flagged else "  ", style="bold")
    left.append(sanitise(app.company), style="bold")
    left.append(" · ")
    left.append(sanitise(app.role))
    when = f" applied {day(app.applied)}"
    if app.stage != "applied":
        when = f" {app.stage} since {day(app.moved)}"
    return FitRow(left, Text(when, style="dim"))


class StageDialog(ModalScreen[str | None]):
    """Choose the stage to move an application to (only the allowed ones)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, stages: tuple[str, ...]) -> None:
        super().__init__(classes="dialog-screen")
        self._title = title
        self._stages = stages

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog", id="stage-dialog") as box:
            box.border_title = "Move to"
            yield Label(self._title, markup=False)
            yield OptionList(
                *(Option(Text(stage), id=stage) for stage in self._stages),
                id="stage-choices",
                markup=False,
            )
            yield Label("Enter moves it · ↑↓ choose · Esc cancels", markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class JobsScreen(RecordsScreen[applications.Application]):
    """Applications by stage; m moves the highlighted one; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,J", "close", "Back"),
        Binding("m,enter", "move", "Move to a stage", key_display="m"),
        Binding("a", "apply", "New application"),
        *UNDO_BINDINGS,
    ]
    RECORD_ACTIONS = frozenset({"move"})
    SUMMARY_ID = "jobs-summary"
    LIST_ID = "jobs-list"
    LIST_TITLE = "Applications by stage"

    def __init__(self) -> None:
        super().__init__(id="jobs")

    def table(self) -> records.RecordTable:
        """The applications; their changes go through the Session's one write path."""
        return self.papp.session.applications_table()

    def find(self, record_id: str) -> applications.Application:
        return applications.find_application(self.table(), record_id)

    def redraw(self, keep: str | None = None) -> None:
        session, today = self.papp.session, self.papp.today()
        goal, days = applications.job_settings(session.progress)
        table = self.table()
        found = applications.applications(table)
        picture = applications.applications_picture(table, today, goal, days)
        self.query_one("#jobs-summary", Static).update(summary_line(picture))
        if not found:
            self.show_empty(
                "No applications yet. Press a to record one (or run pathtui apply COMPANY ROLE)."
            )
            return
        due = [a for a in found if due_follow_up(a.applied, a.stage, today, days)]
        groups: list[tuple[str, list[applications.Application]]] = [(FOLLOW_UP_GROUP, due)]
        for stage in SHOWN_STAGES:
            rows = [a for a in found if a.stage == stage and a not in due]
            label = f"{stage} (closed)" if stage in CLOSED_STAGES else stage
            groups.append((label, rows))
        options: list[Option] = []
        for label, rows in groups:
            if not rows:
                continue
            heading = Content.styled(f"{label} · {len(rows)}", "bold $accent")
            options.append(Option(heading, disabled=True))
            options += [Option(application_row(a, a in due), id=a.id) for a in rows]
        listing = self.query_one(OptionList)
        listing.set_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        else:
            listing.highlighted = next(i for i, o in enumerate(options) if not o.disabled)

    # -- actions

    def action_move(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.notify("Choose an application first.", markup=False)
            return
        stages = MOVES[chosen.stage]
        if not stages:
            self.notify(
                f"That application is {chosen.stage}, which closes it; "
                "`pathtui jobs move ID STAGE --force` puts a mistake right.",
                markup=False,
            )
            return
        title = f"{sanitise(chosen.company)} · {sanitise(chosen.role)} ({chosen.stage})"

        def done(stage: str | None) -> None:
            if stage is not None:
                self.move(chosen.id, stage)

        self.app.push_screen(StageDialog(title, stages), done)

    def action_apply(self) -> None:
        from pathtui.tui.screens.apply_dialog import ApplyAnswer, ApplyDialog

        def done(answer: ApplyAnswer | None) -> None:
            if answer is None:
                return
            label = f"application {sanitise(answer.company)} · {sanitise(answer.role)}"
            session, today = self.papp.session, self.papp.today()
            # The same company, role and day recorded already: most likely
            # entered twice (the CLI's `apply` says so too).
            twin = applications.same_application(
                session.applications_table(), answer.company, answer.role, today
            )
            try:
                added = self.change(
                    label,
                    lambda: session.add_application(
                        answer.company, answer.role, today, board=answer.board
                    ),
                )
            except PathtuiError as exc:
                self.notify(str(exc), title="Not recorded", severity="error", markup=False)
                return
            self.redraw(keep=added.id)
            self.notify(f"Applied: {added.company} · {added.role}", markup=False)
            if twin is not None:
                self.notify(
                    f"{sanitise(twin.company)} · {sanitise(twin.role)} on "
                    f"{twin.applied.isoformat()} was already recorded; if this one is "
                    "a slip, u undoes it.",
                    title="Recorded twice?",
                    severity="warning",
                    markup=False,
                )

        self.app.push_screen(ApplyDialog(), done)

    def move(self, app_id: str, stage: str) -> None:
        try:
            found = self.find(app_id)
            label = f"{sanitise(found.company)} · {sanitise(found.role)} → {stage}"
            moved, _ = self.change(
                label,
                lambda: self.papp.session.move_application(app_id, stage, self.papp.today()),
            )
        except PathtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.redraw(keep=app_id)
        self.notify(f"Moved to {moved.stage}: {sanitise(moved.company)}", markup=False)
