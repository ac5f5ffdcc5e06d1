"""The command palette (Ctrl+P) offers every tracker action by name.

Theme switching and quitting come from Textual's own system commands; this
provider adds the tracker's actions, acting on the main screen.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from pathtui.model.progress import STATES

Command = tuple[str, str, Callable[[], object]]


def study_log_commands(screen: Any) -> list[Command]:
    """The study log's palette entries (log time, timer, history)."""
    timer = "Stop the study timer" if screen.study_timer.running else "Start the study timer"
    return [
        ("Log study time", "Log time on the highlighted item (t)", screen.action_log_time),
        (timer, "Time a stretch of study; stopping logs it (T)", screen.action_timer),
        ("History", "Forecast, burn-up, weekly hours, study calendar (h)", screen.action_history),
    ]


class TrackerCommands(Provider):
    """Commands for the main screen; nothing while a dialog is open."""

    def commands(self) -> list[Command]:
        from pathtui.tui.screens.main import FILTERS, MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        labels = {"todo": "To do", "learning": "Learning", "done": "Done", "skipped": "Skipped"}
        found: list[Command] = [
            (
                "Toggle done",
                "Mark the highlighted item done, or back to todo",
                partial(screen.action_mark, None),
            ),
            *(
                (
                    f"Mark {labels[s].lower()}",
                    f"Set the highlighted item to {s}",
                    partial(screen.action_mark, s),
                )
                for s in STATES
            ),
            ("Edit note", "Write a note on the highlighted item", screen.action_note),
            (
                "Open link",
                "Open the highlighted resource in your browser",
                screen.action_open_resource,
            ),
            ("Undo", "Take back the last change, not a review rating (u)", screen.action_undo),
            ("Redo", "Put back the last change undone (U)", screen.action_redo),
            ("Find item", "Search every step by title", screen.action_search),
            *(
                (
                    f"Filter: {'all items' if f == 'all' else f'only {f}'}",
                    "Show only some items in the checklist",
                    partial(screen.set_filter, f),
                )
                for f in FILTERS
            ),
            *(
                (f"Go to step {s.number}", s.title, partial(screen.action_jump, s.number))
                for s in screen.papp.session.path.steps
            ),
            ("Go to the extras", "Optional skills outside the estimate", screen.action_extras),
            ("Settings", "Change hours per week or the start date", screen.action_settings),
            (
                "Reset progress",
                "Start the path over after a backup; applications and projects stay (asks first)",
                screen.action_reset,
            ),
            ("Help", "Every key the tracker knows", screen.action_help),
            *study_log_commands(screen),
            (
                "Jobs",
                "Your applications by stage, follow-ups, the weekly goal (J)",
                screen.action_jobs,
            ),
            ("Projects", "Your portfolio projects and their checks (P)", screen.action_projects),
            ("Review", "Recall the finished items due today, rate each (v)", screen.action_review),
            (
                "Study group",
                "Your group's members, their weeks, your cheers (G)",
                screen.action_group,
            ),
        ]
        return found

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
