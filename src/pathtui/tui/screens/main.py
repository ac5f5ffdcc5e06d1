"""The main screen: overview on top, steps on the left, the chosen step on the right.

Widgets ask for changes with messages (``messages.py``); this screen applies
them through the Tracker, saves at once, redraws and tells the learner about
anything worth knowing (a failed save, a finished step, the finished path).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import OptionList, Static

from pathtui.model.estimate import COMPLETE_STATES, Estimate
from pathtui.model.path import Step
from pathtui.model.plan import NOT_PICKED, count_note, needs_pick, not_picked, step_plan
from pathtui.tui.keys.base import ERROR_TIMEOUT, FILTERS
from pathtui.tui.keys.group import GROUP_BINDINGS, GroupActions
from pathtui.tui.keys.items import ItemActions
from pathtui.tui.keys.moves import MoveActions
from pathtui.tui.keys.projects_jobs import PROJECTS_JOBS_BINDINGS, ProjectsJobsActions
from pathtui.tui.keys.review import REVIEW_BINDINGS, ReviewActions
from pathtui.tui.keys.settings import SettingsActions
from pathtui.tui.keys.studylog import STUDY_LOG_BINDINGS, StudyLogActions
from pathtui.tui.keys.undo import UNDO_BINDINGS, UndoActions
from pathtui.tui.messages import NoteRequested, OpenRequested, StateRequested
from pathtui.tui.screens.mainlayout import MainLayout
from pathtui.tui.widgets.checklist import ALL, Checklist
from pathtui.tui.widgets.overview import Overview
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steppane import StepPane
from pathtui.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

# The dialogs are imported where they open: each pulls in Input, Button and
# their styles, which would otherwise delay the tracker's first frame.

__all__ = ["ERROR_TIMEOUT", "FILTERS", "MainScreen"]

#: Highest step number with its own key; `g` then a number reaches any step.
MAX_STEP_KEY = 9


class MainScreen(
    MainLayout,
    ItemActions,
    MoveActions,
    SettingsActions,
    StudyLogActions,
    ProjectsJobsActions,
    ReviewActions,
    UndoActions,
    GroupActions,
    Screen[None],
):
    """The tracker itself: its layout and drawing here, its keys in ``tui/keys/``."""

    #: No focus as the screen is composed: Textual would focus the step list
    #: (the first focusable widget) and restyle the screen for it, and then
    #: ``on_mount`` moves the focus to the checklist, restyling it again.
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Find", show=False),
        *STUDY_LOG_BINDINGS,
        Binding("c", "settings", "Pace", tooltip="Pace and settings: start date, reset"),
        *UNDO_BINDINGS,
        Binding("question_mark", "help", "Help"),
        Binding("o", "open_resource", "Open the highlighted link", show=False),
        Binding("g", "goto", "Go to step by number", show=False),
        Binding("p", "switch_path", "Switch to another path", show=False),
        Binding("shift+down", "scroll_detail(1)", "Scroll the description down", show=False),
        Binding("shift+up", "scroll_detail(-1)", "Scroll the description up", show=False),
        Binding("y", "copy_link", "Copy the highlighted link", show=False),
        Binding("f", "cycle_filter", "Filter by state", show=False),
        Binding("q", "quit", "Quit"),
        *(
            Binding(str(n), f"jump({n})", "Go to step", show=False)
            for n in range(1, MAX_STEP_KEY + 1)
        ),
        Binding("e", "extras", "Go to the extras", show=False),
        Binding("R", "reset", "Reset progress (asks)", show=False),
        *PROJECTS_JOBS_BINDINGS,
        *REVIEW_BINDINGS,
        *GROUP_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.section_index = 0
        self.state_filter = ALL
        self._quit_asked = False
        self._aside: dict[str, str] = {}
        self._standing_ready = False
        self._resumed = False
        #: New cheers from the study group, said on the standing line until the
        #: Group screen is opened.
        self._new_cheers: list[str] = []

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Overview(id="overview")
        yield Static(id="too-small", markup=False)
        with Grid(id="body"):
            steps = StepList(id="steps", markup=False)
            steps.border_title = "Steps"
            yield steps
            yield StepPane(id="pane")
            resources = ResourceList(id="resources")
            resources.border_title = "Resources"
            yield resources

    async def _mount_footer(self) -> None:
        """The key hints, mounted once the first frame is out: Textual fills a
        Footer only after a refresh anyway, so the first frame loses nothing,
        and it comes sooner without the Footer's styles to work out."""
        from pathtui.tui.widgets.keybar import KeyBar

        await self.mount(KeyBar(compact=True, show_command_palette=False))
        self.refresh_bindings()  # a Footer draws its keys on the next bindings change

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, its styles are the ones it was just
        composed with: Textual would work them out again for every widget (and
        each option list's parts) before the first frame. Runs before Textual's
        own handler (a subclass's handlers come first); later resumes, after a
        dialog, restyle as usual."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        est = self.estimate()
        self.section_index = est.current_step.number - 1 if est.current_step else 0
        self.fit_sidebar()
        self.redraw(focus_item=est.next_item_id, est=est)
        self.query_one(Checklist).focus()
        self.call_after_refresh(self._mount_footer)
        self.call_after_refresh(self._first_standing)

    def _first_standing(self) -> None:
        """The forecast, schedule and streak read the whole study log: worked out
        once the first frame is out, then after every change."""
        self._standing_ready = True
        self.look_for_cheers()
        self.redraw_standing()

    def redraw_standing(self) -> None:
        if self._standing_ready:
            from pathtui.services.reviews import due_today
            from pathtui.sync.auto import folder_of, trouble

            session, today = self.papp.session, self.papp.today()
            picture = session.study_picture(today)
            warning = trouble(folder_of(session))
            overview = self.query_one(Overview)
            overview.show_standing(picture, len(due_today(session, today)), warning)

    # -- drawing

    @property
    def section(self) -> Step:
        return self.papp.session.path.all_sections()[self.section_index]

    def estimate(self) -> Estimate:
        return self.papp.session.estimate()

    def _look(self, item_id: str) -> tuple[str, bool, str]:
        """(state, has a note, why it counts toward nothing or "") for a checklist row."""
        progress = self.papp.session.progress
        return progress.state(item_id), bool(progress.note(item_id)), self._aside.get(item_id, "")

    def _find_aside(self) -> dict[str, str]:
        """Items of the shown step that count toward nothing, and why: optional
        ones, and options of a choice already made that were not picked (worked
        out once per drawing, so a row costs a dict lookup)."""
        step = self.section
        if not step.number or step.simple:
            return {}
        states = self.papp.session.progress.states()
        counted = {i.id for i in step_plan(step, states).counted}
        left = not_picked(step, states)
        return {
            i.id: NOT_PICKED if i.id in left else "optional"
            for i in step.items
            if i.id not in counted and not needs_pick(step, i, states)
        }

    def _extras_done(self) -> int:
        extras = self.papp.session.path.extras
        progress = self.papp.session.progress
        items = extras.items if extras else ()
        return sum(1 for i in items if progress.state(i.id) in COMPLETE_STATES)

    def redraw(self, focus_item: str | None = None, est: Estimate | None = None) -> None:
        """Redraw everything (after a start, undo, reset or a change from outside);
        ``est``: the estimate, if the caller has just worked it out."""
        self.redraw_summary(est, heading=False)  # show_section draws the heading
        steps = self.query_one(StepList)
        steps.highlighted = self.section_index
        self.show_section(focus_item or self.query_one(Checklist).item_id)

    def redraw_summary(self, est: Estimate | None = None, *, heading: bool = True) -> None:
        session = self.papp.session
        est = est or self.estimate()
        self.query_one(Overview).show(session.path, est, self.papp.today())
        self.redraw_standing()
        self.query_one(StepList).show(session.path, est, self._extras_done())
        if heading:
            self.query_one(StepPane).show_heading(
                self.section,
                self._section_done(),
                len(est.steps),
                self._section_total(),
                self._section_note(),
            )

    def _section_done(self) -> int:
        progress = self.papp.session.progress
        if self.section.number:
            states = progress.states()
            return step_plan(self.section, states).complete(states)
        return sum(1 for i in self.section.items if progress.state(i.id) in COMPLETE_STATES)

    def _section_total(self) -> int:
        """What counts in the shown section (after choices; the extras: every item)."""
        if not self.section.number:
            return len(self.section.items)
        return step_plan(self.section, self.papp.session.progress.states()).total

    def _section_note(self) -> str:
        """Why the shown step's count differs from its rows ('1 not picked')."""
        if not self.section.number:
            return ""
        return count_note(self.section, self.papp.session.progress.states())

    def show_section(self, focus_item: str | None = None) -> None:
        step = self.section
        pane = self.query_one(StepPane)
        pane.show_heading(
            step,
            self._section_done(),
            len(self.papp.session.path.steps),
            self._section_total(),
            self._section_note(),
        )
        pane.show_filter(self.state_filter)
        empty = (
            "This section has no items."
            if self.state_filter == ALL
            else f"No {self.state_filter} items here (f: filter)."
        )
        self._aside = self._find_aside()
        self.query_one(Checklist).show_items(
            step.items, self._look, self.state_filter, focus_item, empty
        )
        self.query_one(ResourceList).show_resources(step.resources)
        self.show_detail()

    def show_detail(self) -> None:
        item_id = self.query_one(Checklist).item_id
        found = self.papp.session.path.find(item_id) if item_id else None
        progress = self.papp.session.progress
        if found is None:
            self.query_one(StepPane).show_detail(None, "", "")
            return
        step, item = found
        counts = ""
        if item.choice or item.optional:
            from pathtui.model.itemview import counts as how_it_counts

            counts = how_it_counts(self.papp.session.progress, step, item)
        logged = self.papp.session.logged_on(item.id)
        self.query_one(StepPane).show_detail(
            item, progress.state(item.id), progress.note(item.id), counts, logged
        )

    def select_section(self, index: int, focus_item: str | None = None) -> None:
        self.section_index = index
        self.query_one(StepList).highlighted = index
        self.redraw_summary()
        self.show_section(focus_item)

    @on(OptionList.OptionHighlighted, "#steps")
    def _step_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.section_index:
            self.select_section(event.option_index)

    @on(OptionList.OptionSelected, "#steps")
    def _step_chosen(self, _: OptionList.OptionSelected) -> None:
        self.query_one(Checklist).focus()

    @on(OptionList.OptionHighlighted, "#checklist")
    def _item_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self.show_detail()

    # -- changes

    def notify_error(self, message: str) -> None:
        self.notify(
            message, title="Not saved", severity="error", timeout=ERROR_TIMEOUT, markup=False
        )

    def save(self) -> None:
        error = self.papp.tracker.save()
        if error is not None:
            self.notify_error(error)

    @on(StateRequested)
    def _state_requested(self, message: StateRequested) -> None:
        self.change_state(message.item_id, message.state)

    @on(NoteRequested)
    def _note_requested(self, message: NoteRequested) -> None:
        self.edit_note(message.item_id)

    @on(OpenRequested)
    def _open_requested(self, message: OpenRequested) -> None:
        self.open_resource(message.resource)

    # -- actions (keys and the command palette)

    def action_quit(self) -> None:
        """Quit, unless a change is still unsaved and saving fails again."""
        tracker = self.papp.tracker
        if tracker.unsaved and not self._quit_asked:
            error = tracker.save()
            if tracker.waiting:
                # Another window holds the lock: wait a moment, else keep the
                # change in a copy the next save merges in, and say so on exit.
                self.papp.closing_error = tracker.close()
                self.app.exit()
                return
            if error is not None:
                self._quit_asked = True
                self.notify_error(f"{error} Press q again to quit without it.")
                return
        self.app.exit()
