"""The Projects screen (`P`): each portfolio project, its checks with their
verdicts and reasons, when each last ran, and the checklist items it is
evidence for.

Keyboard first: ↑↓ (or j k) choose a project, c runs its checks (git and the
deployed URL, in a background thread so the screen stays live), l links it
to step 6's items as evidence, u undoes the last change, Esc goes back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from pathtui.errors import PathtuiError
from pathtui.model import projects, records
from pathtui.model.path import LearningPath
from pathtui.model.portfolio import CHECK_TITLES, CHECKS, DEPLOYED, FAIL, PASS, UNKNOWN
from pathtui.model.sanitise import sanitise
from pathtui.tui.keys.undo import UNDO_BINDINGS
from pathtui.tui.screens.records import RecordsScreen
from pathtui.tui.text import FitRow

if TYPE_CHECKING:
    from pathtui.services.projectchecks import CheckResult

#: A mark per verdict, so the verdict reads without colour too.
VERDICT_MARKS = {PASS: "✓", FAIL: "✗", UNKNOWN: "?"}
VERDICT_STYLES = {PASS: "green", FAIL: "bold red", UNKNOWN: "yellow"}
#: Width of the check-name column.
TITLE_WIDTH = 14


def ran_at(when: dt.datetime) -> str:
    """'13 May 10:04' in the learner's local time."""
    local = when.astimezone()
    return f"{local.day} {local:%b %H:%M}"


def check_row(check: str, result: CheckResult | None) -> FitRow:
    if result is None:
        left = Text("  · ", style="dim")
        left.append(CHECK_TITLES[check].ljust(TITLE_WIDTH))
        left.append("not run yet", style="dim")
        return FitRow(left, Text(""))
    left = Text(f"  {VERDICT_MARKS[result.verdict]} ", style=VERDICT_STYLES[result.verdict])
    left.append(CHECK_TITLES[check].ljust(TITLE_WIDTH))
    left.append(result.verdict, style=VERDICT_STYLES[result.verdict])
    left.append(f" · {sanitise(result.reason)}")
    return FitRow(left, Text(f" {ran_at(result.ran)}", style="dim"))


def project_prompt(project: projects.Project, titles: dict[str, str]) -> Group:
    """A project as a few rows: name, where it lives, each check, its evidence."""
    rows: list[FitRow] = []
    name = Text(sanitise(project.name), style="bold")
    tally = ""
    if project.checks:
        passed = sum(1 for r in project.checks if r.verdict == PASS)
        tally = f" {passed}/{len(project.checks)} passed"
    rows.append(FitRow(name, Text(tally, style="dim")))
    where = []
    if project.repo:
        where.append(f"repo {sanitise(project.repo)}")
    if project.url:
        where.append(f"deployed {sanitise(project.url)}")
    rows.append(
        FitRow(Text("  " + (" · ".join(where) or "no repo or URL yet"), style="dim"), Text(""))
    )
    applies = [
        c for c in CHECKS if (c == DEPLOYED and project.url) or (c != DEPLOYED and project.repo)
    ]
    rows += [check_row(check, project.result(check)) for check in applies]
    if project.evidence:
        shown = ", ".join(sanitise(titles.get(i, i)) for i in project.evidence)
        rows.append(FitRow(Text(f"  evidence for: {shown}", style="italic"), Text("")))
    return Group(*rows, Text(""))  # a blank line between projects


def portfolio_items(path: LearningPath) -> list[tuple[str, str]]:
    """(id, title) of the items a project can be evidence for: step 6's, if the
    path has that step, else every step's."""
    for step in path.steps:
        if step.id == projects.PORTFOLIO_STEP_ID:
            return [(item.id, item.title) for item in step.items]
    return [(item.id, item.title) for item in path.items]


class EvidenceDialog(ModalScreen[list[str] | None]):
    """Tick the checklist items a project is evidence for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # A SelectionList toggles on Enter too: here Enter saves, Space toggles.
        Binding("enter", "save", "Save", priority=True),
    ]

    def __init__(self, name: str, items: list[tuple[str, str]], linked: tuple[str, ...]) -> None:
        super().__init__(classes="dialog-screen")
        self._name = name
        self._items = items
        self._linked = linked

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog", id="evidence-dialog") as box:
            box.border_title = "Evidence for"
            yield Label(f"{self._name} is evidence for:", markup=False)
            yield SelectionList[str](
                *(
                    (Text(title), item_id, item_id in self._linked)
                    for item_id, title in self._items
                ),
                id="evidence-items",
            )
            yield Label("Space ticks · Enter saves · Esc cancels", markup=False, classes="hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_save(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProjectsScreen(RecordsScreen[projects.Project]):
    """Projects and their checks; c checks the highlighted one; Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,P", "close", "Back"),
        Binding("c", "check", "Check it"),
        Binding("l", "link", "Evidence"),
        *UNDO_BINDINGS,
    ]
    RECORD_ACTIONS = frozenset({"check", "link"})
    SUMMARY_ID = "projects-summary"
    LIST_ID = "projects-list"
    LIST_TITLE = "Portfolio projects (step 6)"

    def __init__(self) -> None:
        super().__init__(id="projects")
        self.checking: set[str] = set()

    def table(self) -> records.RecordTable:
        """The projects; their changes go through the Session's one write path."""
        return self.papp.session.projects_table()

    def find(self, record_id: str) -> projects.Project:
        return projects.find_project(self.table(), record_id)

    def redraw(self, keep: str | None = None) -> None:
        found = projects.projects(self.table())
        every = [r for p in found for r in p.checks]
        summary = self.query_one("#projects-summary", Static)
        listing = self.query_one(OptionList)
        if not found:
            summary.update(Text("No projects yet."))
            self.show_empty(
                "Add one from the shell: pathtui project add NAME --repo FOLDER --url URL"
            )
            return
        counts = {v: sum(1 for r in every if r.verdict == v) for v in (PASS, FAIL, UNKNOWN)}
        text = Text(f"{len(found)} project{'s' if len(found) != 1 else ''}", style="bold")
        if every:
            text.append(f" · {counts[PASS]} checks passed · {counts[FAIL]} failed")
            if counts[UNKNOWN]:
                text.append(f" · {counts[UNKNOWN]} could not check")
        else:
            text.append(" · no checks run yet: press c")
        summary.update(text)
        titles = {item.id: item.title for item in self.papp.session.path.items}
        listing.set_options([Option(project_prompt(p, titles), id=p.id) for p in found])
        ids = [p.id for p in found]
        listing.highlighted = ids.index(keep) if keep is not None and keep in ids else 0

    # -- actions

    def action_check(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if not (chosen.repo or chosen.url):
            self.notify(
                "Nothing to check: give it --repo or --url with `pathtui project add`.",
                markup=False,
            )
            return
        if chosen.id in self.checking:
            return
        self.checking.add(chosen.id)
        self.notify(f"Checking {sanitise(chosen.name)}…", markup=False)
        self.run_worker(lambda: self._check(chosen), thread=True, group="checks")

    def _check(self, chosen: projects.Project) -> None:
        """In a worker thread: git and the network may take seconds."""
        from pathtui.services.projectchecks import check_project

        results = check_project(chosen.repo, chosen.url, dt.datetime.now(dt.UTC))
        self.app.call_from_thread(self.checked, chosen.id, results)

    def checked(self, project_id: str, results: list[CheckResult]) -> None:
        self.checking.discard(project_id)
        try:
            found = self.find(project_id)
            self.change(
                f"checks of {sanitise(found.name)}",
                lambda: self.papp.session.record_checks(self.find(project_id), results),
            )
        except PathtuiError:
            return  # removed meanwhile
        self.redraw(keep=project_id)
        passed = sum(1 for r in results if r.verdict == PASS)
        self.notify(
            f"{sanitise(found.name)}: {passed} of {len(results)} checks passed.", markup=False
        )

    def action_link(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        items = portfolio_items(self.papp.session.path)

        def link(ids: list[str]) -> None:
            table = self.table()
            current = projects.find_project(table, chosen.id)
            projects.link_evidence(
                table, current, [i for i in current.evidence if i not in ids], False
            )
            current = projects.find_project(table, chosen.id)
            projects.link_evidence(table, current, ids, True)

        def done(ids: list[str] | None) -> None:
            if ids is None:
                return
            try:
                self.change(f"evidence of {sanitise(chosen.name)}", lambda: link(ids))
            except PathtuiError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.redraw(keep=chosen.id)

        self.app.push_screen(EvidenceDialog(sanitise(chosen.name), items, chosen.evidence), done)
