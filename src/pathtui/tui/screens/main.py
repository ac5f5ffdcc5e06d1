"""The main screen: overview on top, steps on the left, the chosen step on the right.

Widgets ask for changes with messages (``messages.py``); this screen applies
them through the Tracker, saves at once, redraws and tells the learner about
anything worth knowing (a failed save, a finished step, the finished path).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast
from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import OptionList

from pathtui.errors import ProgressFileError, SaveError
from pathtui.model.estimate import COMPLETE_STATES, Estimate
from pathtui.model.path import Resource, Step
from pathtui.model.plan import needs_pick, step_plan
from pathtui.model.progress import STATES
from pathtui.tui.career import CAREER_BINDINGS, CareerActions
from pathtui.tui.messages import NoteRequested, OpenRequested, StateRequested
from pathtui.tui.studylog import STUDY_LOG_BINDINGS, StudyLogActions
from pathtui.tui.widgets.checklist import ALL, Checklist
from pathtui.tui.widgets.overview import Overview
from pathtui.tui.widgets.resources import ResourceList
from pathtui.tui.widgets.steppane import StepPane
from pathtui.tui.widgets.steps import StepList

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp
    from pathtui.tui.screens.welcome import PaceAnswer
    from pathtui.tui.undo import Change

# The dialogs are imported where they open: each pulls in Input, Button and
# their styles, which would otherwise delay the tracker's first frame.

#: The filter cycles through these with `f`.
FILTERS: tuple[str, ...] = (ALL, *STATES)
#: Only these link schemes are ever handed to the browser.
OPENABLE_SCHEMES = frozenset({"http", "https"})
#: Seconds an error notification stays up (longer than the default: it matters).
ERROR_TIMEOUT = 12
#: Highest step number with its own key; `g` then a number reaches any step.
MAX_STEP_KEY = 9
#: The sidebar takes the width its rows need, within these shares of the screen.
SIDEBAR_MIN_SHARE = 0.22
SIDEBAR_MAX_SHARE = 0.36
#: Columns a sidebar row needs beyond its title: border and padding (2), the
#: mark (2), the space after the number (1), and the " 12/12" count.
SIDEBAR_CHROME = 5
#: Rows the Resources pane needs to show one link (a border above and below).
RESOURCES_MIN_ROWS = 3
#: The step pane keeps this many columns (its heading, counts and item titles
#: need them) when the sidebar grows past its share for long step titles.
RIGHT_PANE_COLUMNS = 52


class MainScreen(StudyLogActions, CareerActions, Screen[None]):
    """The tracker itself."""

    #: No focus as the screen is composed: Textual would focus the step list
    #: (the first focusable widget) and restyle the screen for it, and then
    #: ``on_mount`` moves the focus to the checklist, restyling it again.
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Find", show=False),
        *STUDY_LOG_BINDINGS,
        Binding("c", "settings", "Pace", tooltip="Settings: pace, start date, reset"),
        Binding("u", "undo", "Undo"),
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
        *CAREER_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__(id="main")
        self.section_index = 0
        self.state_filter = ALL
        self._quit_asked = False
        self._aside: frozenset[str] = frozenset()
        self._standing_ready = False
        #: The backup the last reset wrote, while `u` can still restore it.
        self._reset_backup: Path | None = None

    @property
    def papp(self) -> PathtuiApp:
        return cast("PathtuiApp", self.app)

    def compose(self) -> ComposeResult:
        yield Overview(id="overview")
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
        from textual.widgets import Footer

        await self.mount(Footer(compact=True, show_command_palette=False))
        self.refresh_bindings()  # a Footer draws its keys on the next bindings change

    def on_mount(self) -> None:
        est = self.estimate()
        self.section_index = est.current_step.number - 1 if est.current_step else 0
        self.fit_sidebar()
        self.redraw(focus_item=est.next_item_id)
        self.query_one(Checklist).focus()
        self.call_after_refresh(self._mount_footer)
        self.call_after_refresh(self._first_standing)

    def _first_standing(self) -> None:
        """The forecast, schedule and streak read the whole study log: worked out
        once the first frame is out, then after every change."""
        self._standing_ready = True
        self.redraw_standing()

    def redraw_standing(self) -> None:
        if self._standing_ready:
            picture = self.papp.session.study_picture(self.papp.today())
            self.query_one(Overview).show_standing(picture)

    def on_resize(self) -> None:
        self.fit_sidebar()
        self.call_after_refresh(self._resources_focusable)

    def fit_sidebar(self) -> None:
        """Give the sidebar the columns its longest row needs, within bounds."""
        path = self.papp.session.path
        width = self.size.width or self.app.size.width
        digits = len(str(len(path.steps)))
        titles = [len(s.title) + digits for s in path.steps]
        count = max(
            (len(f" {len(s.items)}/{len(s.items)}") for s in path.all_sections()), default=0
        )
        needed = max(titles, default=0) + count + SIDEBAR_CHROME
        low = int(width * SIDEBAR_MIN_SHARE)
        # Up to a fixed share, or further while the step pane keeps the columns it needs.
        high = max(int(width * SIDEBAR_MAX_SHARE), width - RIGHT_PANE_COLUMNS)
        self.query_one("#body").styles.grid_columns = f"{max(low, min(needed, high))} 1fr"

    def _resources_focusable(self) -> None:
        """A Resources pane too short to show a link is not drawn: Tab skips it."""
        resources = self.query_one(ResourceList)
        shown = resources.size.height >= RESOURCES_MIN_ROWS
        resources.can_focus = shown
        if not shown and self.focused is resources:
            self.query_one(Checklist).focus()

    # -- drawing

    @property
    def section(self) -> Step:
        return self.papp.session.path.all_sections()[self.section_index]

    def estimate(self) -> Estimate:
        return self.papp.session.estimate()

    def _look(self, item_id: str) -> tuple[str, bool, bool]:
        """(state, has a note, counts toward nothing) for a checklist row."""
        progress = self.papp.session.progress
        return progress.state(item_id), bool(progress.note(item_id)), item_id in self._aside

    def _find_aside(self) -> frozenset[str]:
        """Items of the shown step that count toward nothing: optional ones, and
        options of a choice already made that were not picked (worked out once
        per drawing, so a row costs a set lookup)."""
        step = self.section
        if not step.number or step.simple:
            return frozenset()
        states = self.papp.session.progress.states()
        counted = {i.id for i in step_plan(step, states).counted}
        return frozenset(
            i.id for i in step.items if i.id not in counted and not needs_pick(step, i, states)
        )

    def _extras_done(self) -> int:
        extras = self.papp.session.path.extras
        progress = self.papp.session.progress
        items = extras.items if extras else ()
        return sum(1 for i in items if progress.state(i.id) in COMPLETE_STATES)

    def redraw(self, focus_item: str | None = None) -> None:
        """Redraw everything (after a start, undo, reset or a change from outside)."""
        self.redraw_summary()
        steps = self.query_one(StepList)
        steps.highlighted = self.section_index
        self.show_section(focus_item or self.query_one(Checklist).item_id)

    def redraw_summary(self) -> None:
        session = self.papp.session
        est = self.estimate()
        self.query_one(Overview).show(session.path, est, self.papp.today())
        self.redraw_standing()
        self.query_one(StepList).show(session.path, est, self._extras_done())
        self.query_one(StepPane).show_heading(
            self.section, self._section_done(), len(est.steps), self._section_total()
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

    def show_section(self, focus_item: str | None = None) -> None:
        step = self.section
        pane = self.query_one(StepPane)
        pane.show_heading(
            step, self._section_done(), len(self.papp.session.path.steps), self._section_total()
        )
        pane.show_filter(self.state_filter)
        empty = (
            "This section has no items."
            if self.state_filter == ALL
            else f"No {self.state_filter} items here. Press f to change the filter."
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

            counts = how_it_counts(self.papp.session, step, item)
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

    def after_item_change(self, item_id: str) -> None:
        self._reset_backup = None  # a new change: `u` undoes that, not the reset
        self.save()
        checklist = self.query_one(Checklist)
        self._aside = self._find_aside()
        checklist.redraw(item_id)
        found = self.papp.session.path.find(item_id)
        if found is not None and found[1].choice:  # a pick mutes or unmutes the others
            for other in found[0].items:
                if other.choice == found[1].choice and other.id != item_id:
                    checklist.redraw(other.id)
        self.redraw_summary()
        self.show_detail()

    @on(StateRequested)
    def _state_requested(self, message: StateRequested) -> None:
        self.change_state(message.item_id, message.state)

    def change_state(self, item_id: str, state: str | None) -> None:
        """Apply a state (None toggles done), save, redraw, celebrate."""
        tracker = self.papp.tracker
        before = self.estimate()
        changed = (
            tracker.toggle_done(item_id) if state is None else tracker.set_state(item_id, state)
        )
        if not changed:
            return
        self.after_item_change(item_id)
        from pathtui.tui.undo import milestone  # loaded with the tracker, at its first change

        reached = milestone(before, self.estimate())
        if reached is None:
            return
        path = self.papp.session.path
        if reached.path_finished:
            est = self.estimate()
            from pathtui.tui.screens.celebrate import CelebrateScreen

            self.app.push_screen(CelebrateScreen(path.title, len(path.steps), est.items_total))
            return
        text = f"Step {reached.finished_step} finished!"
        if reached.next_step is not None:
            text += f" Next: step {reached.next_step} · {path.steps[reached.next_step - 1].title}"
        self.notify(text, title="Well done", markup=False)

    @on(NoteRequested)
    def _note_requested(self, message: NoteRequested) -> None:
        self.edit_note(message.item_id)

    def edit_note(self, item_id: str) -> None:
        tracker = self.papp.tracker

        def done(note: str | None) -> None:
            if note is not None and tracker.set_note(item_id, note):
                self.after_item_change(item_id)

        from pathtui.tui.screens.note import NoteScreen

        def keep(typed: str) -> None:
            tracker.set_note(item_id, typed)

        editor = NoteScreen(tracker.title(item_id), tracker.note(item_id), keep)
        self.app.push_screen(editor, done)

    @on(OpenRequested)
    def _open_requested(self, message: OpenRequested) -> None:
        self.open_resource(message.resource)

    def open_resource(self, resource: Resource) -> None:
        if urlsplit(resource.url).scheme.lower() not in OPENABLE_SCHEMES:
            self.notify("Only http and https links are opened.", severity="warning", markup=False)
            return
        try:
            opened = self.papp.open_link(resource.url)
        except Exception as exc:  # a broken browser setup must not end the app
            opened, why = False, f" ({exc})"
        else:
            why = ""
        if opened is False:
            self.notify(
                f"No browser opened{why}. The link: {resource.url} · press y to copy it.",
                title="Not opened",
                severity="warning",
                timeout=ERROR_TIMEOUT,
                markup=False,
            )
            return
        self.notify(
            f"Sent to your browser: {resource.url} · y copies it.",
            timeout=ERROR_TIMEOUT,
            markup=False,
        )

    def action_copy_link(self) -> None:
        """Copy the highlighted link through the terminal (OSC 52), and show it
        too: some terminals ignore OSC 52, and the link can still be selected."""
        resource = self.query_one(ResourceList).resource
        if resource is None:
            self.notify("This section has no links.", markup=False)
            return
        self.app.copy_to_clipboard(resource.url)
        self.notify(
            f"Copied {resource.url} (if your terminal allows copying; otherwise select it here).",
            timeout=ERROR_TIMEOUT,
            markup=False,
        )

    # -- actions (keys and the command palette)

    def action_open_resource(self) -> None:
        """The highlighted item's link (a list to pick from when it has several),
        else the step's highlighted resource."""
        item_id = self.query_one(Checklist).item_id
        found = self.papp.session.path.find(item_id) if item_id else None
        links = found[1].links if found else ()
        if len(links) == 1:
            self.open_resource(links[0])
            return
        if links:
            from pathtui.tui.screens.links import LinksScreen

            def chosen(resource: Resource | None) -> None:
                if resource is not None:
                    self.open_resource(resource)

            title = found[1].title if found else ""
            self.app.push_screen(LinksScreen(title, links), chosen)
            return
        resource = self.query_one(ResourceList).resource
        if resource is None:
            self.notify("Neither this item nor this step has links.", markup=False)
            return
        self.open_resource(resource)

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

    def action_mark(self, state: str | None) -> None:
        item_id = self.query_one(Checklist).item_id
        if item_id is not None:
            self.change_state(item_id, state)

    def action_note(self) -> None:
        item_id = self.query_one(Checklist).item_id
        if item_id is not None:
            self.edit_note(item_id)

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

    def action_undo(self) -> None:
        if not self.papp.tracker.history and self._reset_backup is not None:
            self.offer_restore(self._reset_backup)
            return
        change = self.papp.tracker.undo()
        if change is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self.save()
        self.redraw()
        if change.kept and len(change.kept) == len(change.writes):
            self.notify(
                f"Not undone: {change.label}; it was changed elsewhere since, so it stays.",
                markup=False,
            )
        elif change.kept:
            left = ", ".join(name.replace("_", " ") for name in change.kept)
            self.notify(
                f"Undone: {change.label}, except the {left}, changed elsewhere since.",
                markup=False,
            )
        else:
            self.notify(f"Undone: {self._undone_words(change)}", markup=False)

    def _undone_words(self, change: Change) -> str:
        """A state change names the state the item is back to ('… is back to done');
        its label names the state it had left, which reads the wrong way round."""
        tracker = self.papp.tracker
        for write in change.writes:
            if (write.collection, write.name) == ("items", "state"):
                return f"{tracker.title(write.key)} is back to {tracker.state(write.key)}"
        return change.label

    def action_cycle_filter(self) -> None:
        self.set_filter(FILTERS[(FILTERS.index(self.state_filter) + 1) % len(FILTERS)])

    def set_filter(self, state_filter: str) -> None:
        self.state_filter = state_filter
        self.show_section()

    def action_jump(self, number: int) -> None:
        if number <= len(self.papp.session.path.steps):
            self.select_section(number - 1)

    def action_extras(self) -> None:
        path = self.papp.session.path
        if path.extras is not None:
            self.select_section(len(path.steps))

    def action_help(self) -> None:
        from pathtui.tui.screens.help import HelpScreen

        self.app.push_screen(
            HelpScreen(
                [
                    ("Everywhere", self._bindings_for_help()),
                    ("Checklist", list(Checklist.BINDINGS)),
                    ("Steps (left)", list(StepList.BINDINGS)),
                    ("Resources", list(ResourceList.BINDINGS)),
                ]
            )
        )

    def _bindings_for_help(self) -> list[BindingType]:
        """The screen's keys, without step numbers this path does not have
        (a 7-step path says 1–7, not 1–9)."""
        steps = len(self.papp.session.path.steps)
        return [
            b
            for b in self.BINDINGS
            if not (isinstance(b, Binding) and b.action.startswith("jump(") and int(b.key) > steps)
        ]

    def action_settings(self) -> None:
        from pathtui.tui.screens.settings import RESET, SettingsScreen
        from pathtui.tui.screens.welcome import PaceAnswer

        settings = self.papp.session.progress.settings

        def done(answer: PaceAnswer | str | None) -> None:
            if answer == RESET:
                self.action_reset()
            elif isinstance(answer, PaceAnswer):
                self.apply_pace(answer)

        self.app.push_screen(SettingsScreen(settings.hours_per_week, settings.start_date), done)

    def apply_pace(self, answer: PaceAnswer) -> None:
        if self.papp.tracker.set_settings(answer.hours_per_week, answer.start_date):
            self.save()
            self.redraw()

    def action_reset(self) -> None:
        session = self.papp.session
        if not session.store.exists:
            self.notify("Nothing to reset: no progress has been saved yet.", markup=False)
            return
        from pathtui.backups import Holding
        from pathtui.model.durations import format_hours

        done = self.estimate().items_complete
        held = Holding.of(session.progress)
        question = Text("Clear all progress on ")
        question.append(session.path.title, style="bold")
        question.append(
            f"? This clears {done} {'item' if done == 1 else 'items'} done or skipped, "
            f"the study log ({format_hours(held.hours) if held.hours else 'empty'}), "
            f"notes on {held.notes} {'item' if held.notes == 1 else 'items'} and the "
            f"start date ({held.start_date.isoformat()}); your pace is kept.\n\n"
            "A backup copy of the progress file is written first, and u right after "
            "the reset brings it back."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.reset()

        from pathtui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Reset progress", question, "Reset"), answered)

    def offer_restore(self, backup: Path) -> None:
        """`u` right after a reset: put the backup it wrote back, after a question."""
        question = Text(f"Bring back the progress the reset cleared, from\n{backup}?\n\n")
        question.append("What you have now is backed up first.", style="dim")

        def answered(yes: bool | None) -> None:
            if yes:
                self.restore(backup)

        from pathtui.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Undo the reset", question, "Restore"), answered)

    def restore(self, backup: Path) -> None:
        from pathtui.backups import replace_progress
        from pathtui.transfer import read_import

        session = self.papp.session
        try:
            replace_progress(session, read_import(backup, session.path.id))
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title="Not restored", severity="error", markup=False)
            return
        self._reset_backup = None
        self.papp.tracker.history.clear()
        self.papp.tracker.unsaved = False
        self.redraw()
        self.notify("The reset is undone: your progress is back.", title="Restored", markup=False)

    def reset(self) -> None:
        try:
            backup = self.papp.tracker.reset()
        except (SaveError, ProgressFileError) as exc:
            self.notify(str(exc), title="Nothing was reset", severity="error", markup=False)
            return
        self._reset_backup = backup
        est = self.estimate()
        self.section_index = 0
        self.state_filter = ALL
        self.redraw(focus_item=est.next_item_id)
        self.notify(
            f"Progress cleared. The old file was backed up to {backup}; u brings it back.",
            title="Reset",
            timeout=ERROR_TIMEOUT,
            markup=False,
        )

    def action_quit(self) -> None:
        """Quit, unless a change is still unsaved and saving fails again."""
        tracker = self.papp.tracker
        if tracker.unsaved and not self._quit_asked:
            error = tracker.save()
            if error is not None:
                self._quit_asked = True
                self.notify_error(f"{error} Press q again to quit without it.")
                return
        self.app.exit()
