"""The Jobs screen (`J`): your applications by stage, the ones due a follow-up
first, and this week against the goal.

Keyboard first: ↑↓ (or j k) choose an application, m or Enter moves it to
another stage (only the moves the stage rules allow), a records a new one,
Esc goes back. Every
change goes through ``career.py`` and is saved at once, like a tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from pathtui import career
from pathtui.errors import PathtuiError, ProgressFileError, SaveError
from pathtui.jobs import CLOSED_STAGES, LISTING_ORDER, MOVES, due_follow_up
from pathtui.path import clean_text
from pathtui.tui.text import FitRow, day

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

#: Stage groups in the order shown: the furthest along first, then the closed ones.
SHOWN_STAGES = LISTING_ORDER
FOLLOW_UP_GROUP = "Due a follow-up"
FOLLOW_UP_MARK = "⚑"
#: Seconds an error notification stays up.
ERROR_TIMEOUT = 12
#: Seconds between looks for changes saved outside this screen (the app reads
#: the file every 2 s; this only notices that it did).
FOLLOW_SECONDS = 1.0


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


def application_row(app: career.Application, flagged: bool) -> FitRow:
    left = Text(f"{FOLLOW_UP_MARK} " if flagged else "  ", style="bold")
    left.append(clean_text(app.company), style="bold")
    left.append(" · ")
    left.append(clean_text(app.role))
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


class JobsScreen(Screen[None]):
    """Applications by stage; m moves the highlighted one; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,J", "close", "Back"),
        Binding("m,enter", "move", "Move to a stage", key_display="m"),
        Binding("a", "apply", "New application"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="jobs")

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="jobs-summary", markup=False)
        jobs = OptionList(id="jobs-list", markup=False)
        jobs.border_title = "Applications by stage"
        yield jobs
        yield Footer(compact=True, show_command_palette=False)

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
            option = self.query_one(OptionList).highlighted_option
            self.redraw(keep=option.id if option is not None else None)

    def table(self) -> career.RecordTable:
        return career.applications_table(self.papp.session.progress)

    def redraw(self, keep: str | None = None) -> None:
        session, today = self.papp.session, self.papp.today()
        goal, days = career.job_settings(session.progress)
        table = self.table()
        found = career.applications(table)
        picture = career.career_picture(table, today, goal, days)
        self.query_one("#jobs-summary", Static).update(summary_line(picture))
        listing = self.query_one(OptionList)
        if not found:
            listing.set_options(
                [
                    Option(
                        Text(
                            "No applications yet. Press a to record one "
                            "(or run pathtui apply COMPANY ROLE).",
                            style="italic",
                        ),
                        disabled=True,
                    )
                ]
            )
            return
        due = [a for a in found if due_follow_up(a.applied, a.stage, today, days)]
        groups: list[tuple[str, list[career.Application]]] = [(FOLLOW_UP_GROUP, due)]
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
        listing.set_options(options)
        ids = [o.id for o in options]
        if keep is not None and keep in ids:
            listing.highlighted = ids.index(keep)
        else:
            listing.highlighted = next(i for i, o in enumerate(options) if not o.disabled)

    def selected(self) -> career.Application | None:
        option = self.query_one(OptionList).highlighted_option
        if option is None or option.id is None:
            return None
        try:
            return career.find_application(self.table(), option.id)
        except PathtuiError:
            return None

    # -- actions

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

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
        title = f"{clean_text(chosen.company)} · {clean_text(chosen.role)} ({chosen.stage})"

        def done(stage: str | None) -> None:
            if stage is not None:
                self.move(chosen.id, stage)

        self.app.push_screen(StageDialog(title, stages), done)

    def action_apply(self) -> None:
        from pathtui.tui.screens.apply_dialog import ApplyAnswer, ApplyDialog

        def done(answer: ApplyAnswer | None) -> None:
            if answer is None:
                return
            try:
                added = career.add_application(
                    self.table(), answer.company, answer.role, self.papp.today(), board=answer.board
                )
            except PathtuiError as exc:
                self.notify(str(exc), title="Not recorded", severity="error", markup=False)
                return
            self.save(added.id)
            self.notify(f"Applied: {added.company} · {added.role}", markup=False)

        self.app.push_screen(ApplyDialog(), done)

    def save(self, keep: str) -> None:
        try:
            self.papp.session.save()
        except (SaveError, ProgressFileError) as exc:
            self.papp.tracker.unsaved = True  # kept in memory, saved with the next change
            self.notify(
                str(exc), title="Not saved", severity="error", timeout=ERROR_TIMEOUT, markup=False
            )
        self.redraw(keep=keep)

    def move(self, app_id: str, stage: str) -> None:
        try:
            moved, changed = career.move_application(self.table(), app_id, stage, self.papp.today())
        except PathtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if changed:
            self.save(app_id)
        self.notify(f"Moved to {moved.stage}: {clean_text(moved.company)}", markup=False)

    def action_close(self) -> None:
        self.app.pop_screen()
