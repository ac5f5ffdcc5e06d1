"""The one write path: every change a command or a dialog makes to the progress.

The CLI and the tracker change progress only through these methods, which
``Session`` has (it is built on ``Changes``): item states and notes, the
settings, log entries, review ratings, job applications and portfolio
projects. Each method
applies the rules a change must pass and writes through ``write``, which
puts the values into the progress (``Progress.put`` checks every value
with the schema's ``Field.check``, the very rule the readers apply, so no
change can write what a reader refuses). The tracker runs these methods
inside ``Tracker.record``, which notes what they wrote for undo.

Saving is the caller's: a command wraps its change in ``Session.editing()``
(read under the lock, change, save), the tracker saves after each change.
Nothing here prints or asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pathtui.errors import PathtuiError
from pathtui.model.progress import SETTINGS_KEY, STATES, clean_user_text, log_fields, new_key
from pathtui.model.schema import LOG, SETTINGS

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from pathtui.model import applications as jobs
    from pathtui.model import projects as portfolio
    from pathtui.model.checkresult import CheckResult
    from pathtui.model.path import LearningPath
    from pathtui.model.progress import LogEntry, Progress, Record
    from pathtui.model.records import RecordTable

# The portfolio and job-search modules (applications, projects, their records) are imported by
# the methods that use them: every everyday command opens a Session, and
# they would cost each one milliseconds it does not need.


class Changes:
    """The write methods of a ``Session`` (``progress`` and ``path`` are its own)."""

    progress: Progress
    path: LearningPath

    # -- the one write

    def write(
        self,
        collection: str,
        key: str,
        values: Mapping[str, Any],
        *,
        force: bool = False,
        restamp: bool = False,
    ) -> bool:
        """Write fields of one record under one new stamp; whether anything changed.

        InvalidValueError (one sentence) if a value breaks the schema's rules:
        nothing is written then. ``force`` writes even values equal to what
        the field holds (or its default), as an undo does. ``restamp``: what
        the learner asked for by name is stamped even where nothing changes,
        so it wins over an older change from another device (``Progress.put``).
        """
        return self.progress.put(collection, key, dict(values), force=force, restamp=restamp)

    def remove_record(self, collection: str, key: str) -> bool:
        """Remove a record of a collection with a tombstone (so the removal merges)."""
        from pathtui.model.schema import TOMBSTONE

        record = self.progress.tables[collection].get(key)
        if record is None or record.deleted:
            return False
        return bool(self.write(collection, key, {TOMBSTONE: True}))

    # -- items

    def set_state(self, item_id: str, state: str, *, restamp: bool = False) -> bool:
        """One item's state (the id must be the path's: ``resolve`` it first)."""
        if state not in STATES:
            raise PathtuiError(f"The state must be one of {', '.join(STATES)}, not {state[:20]!r}.")
        # The moment an item becomes done or skipped goes with its state (``finished``).
        changes = self.progress.state_change(item_id, state)
        return bool(self.write("items", item_id, changes, restamp=restamp))

    def set_states(
        self, item_ids: Iterable[str], state: str, *, restamp: bool = False
    ) -> list[str]:
        """Several items' state; the ids whose state changed, in order."""
        return [
            item_id
            for item_id in dict.fromkeys(item_ids)
            if self.set_state(item_id, state, restamp=restamp)
        ]

    def set_note(self, item_id: str, text: str, *, restamp: bool = False) -> bool:
        """An item's note, as typed (trimmed; an empty note clears it)."""
        return bool(self.write("items", item_id, {"note": clean_user_text(text)}, restamp=restamp))

    # -- settings

    def change_settings(self, *, restamp: bool = False, **values: Any) -> bool:
        """Settings by name (``hours_per_week=7.5``, ``start_date=...``)."""
        return bool(self.write(SETTINGS.name, SETTINGS_KEY, values, restamp=restamp))

    # -- the study log

    def add_log_entry(
        self,
        day: dt.date,
        hours: float,
        item: str = "",
        note: str = "",
        now: dt.datetime | None = None,
    ) -> LogEntry:
        """A new log entry (``Session.log_time`` checks the day's total first)."""
        key = new_key()
        self.write(LOG.name, key, log_fields(day, hours, item, note, now), force=True)
        return self.progress.tables[LOG.name][key]

    def remove_log_entry(self, entry: LogEntry) -> bool:
        return self.remove_record(LOG.name, entry.key)

    # -- spaced review

    def add_rating(self, item_id: str, rating: str, given: dt.datetime) -> Record:
        """Keep one review rating: a new record, never changed afterwards
        (``services/reviews.py`` checks when a rating may be given)."""
        from pathtui.model.progress import new_key
        from pathtui.model.schema import RATINGS

        key = new_key()
        fields = {"item": item_id, "rating": rating, "given": given}
        self.write(RATINGS.name, key, fields, force=True)
        return self.progress.tables[RATINGS.name][key]

    # -- job applications (step 7) and portfolio projects (step 6)

    def applications_table(self) -> RecordTable:
        """The applications, whose changes go through ``write``."""
        from pathtui.model.records import RecordTable

        return RecordTable(self.progress, "applications", writer=self)

    def projects_table(self) -> RecordTable:
        """The projects, whose changes go through ``write``."""
        from pathtui.model.records import RecordTable

        return RecordTable(self.progress, "projects", writer=self)

    def add_application(
        self,
        company: str,
        role: str,
        today: dt.date,
        *,
        applied: dt.date | None = None,
        url: str = "",
        board: str = "",
        note: str = "",
    ) -> jobs.Application:
        from pathtui.model import applications as jobs

        return jobs.add_application(
            self.applications_table(),
            company,
            role,
            today,
            applied=applied,
            url=url,
            board=board,
            note=note,
        )

    def move_application(
        self, wanted: str, stage: str, today: dt.date, *, force: bool = False
    ) -> tuple[jobs.Application, bool]:
        from pathtui.model import applications as jobs

        return jobs.move_application(self.applications_table(), wanted, stage, today, force=force)

    def remove_application(self, wanted: str) -> jobs.Application:
        from pathtui.model import applications as jobs

        return jobs.remove_application(self.applications_table(), wanted)

    def add_project(self, name: str, repo: str = "", url: str = "") -> portfolio.Project:
        from pathtui.model import projects as portfolio

        return portfolio.add_project(self.projects_table(), name, repo, url)

    def remove_project(self, name: str) -> portfolio.Project:
        from pathtui.model import projects as portfolio

        return portfolio.remove_project(self.projects_table(), name)

    def record_checks(
        self, project: portfolio.Project, results: Iterable[CheckResult]
    ) -> portfolio.Project:
        from pathtui.model import projects as portfolio

        return portfolio.record_results(self.projects_table(), project, results)

    def link_evidence(self, name: str, item_ids: Iterable[str], link: bool) -> portfolio.Project:
        from pathtui.model import projects as portfolio

        table = self.projects_table()
        return portfolio.link_evidence(table, portfolio.find_project(table, name), item_ids, link)
