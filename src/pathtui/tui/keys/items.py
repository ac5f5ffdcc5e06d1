"""The main screen's keys that change an item: its state, its note, and its links.

Every change goes through the tracker (``tui/tracker.py``), is saved at once
and redrawn; a finished step or path is celebrated.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from pathtui.model.path import Resource
from pathtui.tui.keys.base import ERROR_TIMEOUT, MainScreenKeys
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.resources import ResourceList

#: Only these link schemes are ever handed to the browser.
OPENABLE_SCHEMES = frozenset({"http", "https"})


class ItemActions(MainScreenKeys):
    """Actions mixed into MainScreen."""

    def after_item_change(self, item_id: str) -> None:
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
        from pathtui.tui.tracker import milestone  # loaded with the tracker, at its first change

        reached = milestone(before, self.estimate())
        if reached is None:
            return
        path = self.papp.session.path
        if reached.path_finished:
            est = self.estimate()
            from pathtui.model.jobs import JOB_SEARCH_STEP_ID
            from pathtui.tui.screens.celebrate import CelebrateScreen

            job_search = any(step.id == JOB_SEARCH_STEP_ID for step in path.steps)
            self.app.push_screen(
                CelebrateScreen(path.title, len(path.steps), est.items_total, job_search=job_search)
            )
            return
        text = f"Step {reached.finished_step} finished!"
        if reached.next_step is not None:
            text += f" Next: step {reached.next_step} · {path.steps[reached.next_step - 1].title}"
        self.notify(text, title="Well done", markup=False)

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

    def action_mark(self, state: str | None) -> None:
        item_id = self.query_one(Checklist).item_id
        if item_id is not None:
            self.change_state(item_id, state)

    def action_note(self) -> None:
        item_id = self.query_one(Checklist).item_id
        if item_id is not None:
            self.edit_note(item_id)
