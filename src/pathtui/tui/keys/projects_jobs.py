"""The last two steps' keys on the main screen: `J` opens the Jobs screen
(applications by stage), `P` the Projects screen (portfolio checks); ``j``
already moves down in every list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from pathtui.tui.app import PathtuiApp

PROJECTS_JOBS_BINDINGS: list[BindingType] = [
    Binding("J", "jobs", "Jobs: applications by stage", show=False),
    Binding("P", "projects", "Projects: portfolio checks", show=False),
]


class ProjectsJobsActions:
    """Actions mixed into MainScreen (which provides ``papp``)."""

    if TYPE_CHECKING:

        @property
        def papp(self) -> PathtuiApp: ...

    def action_jobs(self) -> None:
        from pathtui.tui.screens.jobs import JobsScreen  # only when opened

        self.papp.push_screen(JobsScreen())

    def action_projects(self) -> None:
        from pathtui.tui.screens.projects import ProjectsScreen  # only when opened

        self.papp.push_screen(ProjectsScreen())
