"""One learner on one path: the loaded path, the store and the progress.

The CLI and the TUI both work through a Session, so they share every rule
about loading, renames, unknown ids and saving, and change progress only
through its write methods (``changes.py``: the one write path).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pathtui.errors import PathtuiError, ProgressFileError, UnknownItemError
from pathtui.model.durations import EPSILON, MAX_ENTRY_HOURS, check_hours, format_hours
from pathtui.model.estimate import Estimate, estimate
from pathtui.model.path import LearningPath
from pathtui.model.progress import LogEntry, Progress
from pathtui.model.review import Memo
from pathtui.model.sanitise import sanitise
from pathtui.services.changes import Changes
from pathtui.storage.pathcache import load_path_cached
from pathtui.storage.store import Store

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from pathtui.model.picture import Calibration, StudyPicture, StudySummary, Summary

#: How many close matches to suggest for a mistyped id.
CLOSE_MATCHES = 3
#: A log entry id may be shortened to this many characters, as long as it is unique.
MIN_ID_PREFIX = 4


def _to_stderr(text: str) -> None:
    sys.stderr.write(f"pathtui: {sanitise(text, lines=True)}\n")


def _status_source(path_file: Path | str | None) -> tuple[str, list[int] | None] | None:
    """``statuscache.source_key`` for the path a session opened (None: no cache)."""
    from pathtui.storage import locations, statuscache

    try:
        data_dir = locations.data_dir_name()
    except ProgressFileError:
        return None
    embedded = locations.embedded_path_name() if path_file is None else None
    return statuscache.source_key(data_dir, None if path_file is None else str(path_file), embedded)


class Session(Changes):
    """The loaded path, its store and progress. A plain class, not a dataclass:
    building a dataclass's methods at import is a cost every start paid
    (``model/frozen.py``)."""

    def __init__(
        self,
        path: LearningPath,
        store: Store,
        progress: Progress,
        notice: Callable[[str], None] = _to_stderr,
        status_source: tuple[str, list[int] | None] | None = None,
    ) -> None:
        self.path = path
        self.store = store
        self.progress = progress
        #: How to tell the learner something found on the way (the tracker shows a
        #: notification; the CLI writes a line on stderr).
        self.notice = notice
        #: The status line's cache key for this path and data folder, and the path
        #: file's signature (``statuscache.source_key``); set by ``open``.
        self.status_source = status_source
        #: The last estimate and what it was worked out for (``estimate``).
        self._estimated: tuple[Progress, str, float, Estimate] | None = None
        #: Review cards already replayed (``services/reviews.py``).
        self.review_memo = Memo()
        #: Inside ``in_memory``: ``editing`` changes the progress in memory only.
        self._in_memory = False

    @classmethod
    def open(
        cls, path_file: Path | str | None = None, store: Store | None = None, *, tell: bool = True
    ) -> Session:
        """Load a path (``path_file``, else the library's default, else the built-in)
        and its progress; a path file whose id another file owns is refused.

        What the store has to say about the file (values it set aside) goes to
        stderr at once, unless ``tell`` is False: the tracker shows it in a
        notification (``tell()`` once it can), the status line keeps quiet.
        """
        if path_file is None:
            from pathtui.storage.locations import default_path_name

            path_file = default_path_name()
        path = load_path_cached(path_file)
        if path_file is not None and store is None:
            from pathtui.storage.library import claim

            claim(path, path_file)
        store = store or Store(path.id)
        progress = store.load(path.baseline.hours_per_week)
        store.keep_index()
        renames = path.renames()
        if renames:  # (asking for the items decodes them)
            progress.apply_renames(renames)
        source = _status_source(path_file)
        session = cls(path=path, store=store, progress=progress, status_source=source)
        if tell:
            session.tell()
        return session

    def tell(self) -> None:
        """Pass on what the store found in the file (once each) through ``notice``."""
        for line in self.store.take_notices():
            self.notice(line)

    @property
    def hours_per_week(self) -> float:
        return self.progress.settings.hours_per_week

    def estimate(
        self, hours_per_week: float | None = None, states: dict[str, str] | None = None
    ) -> Estimate:
        """The estimate at a pace (the learner's own by default), worked out once
        for each state of the progress: a command and the status line it leaves
        behind ask for the same one. ``states``: the progress's, if the caller
        has them already (a walk over every item record)."""
        pace = hours_per_week or self.hours_per_week
        progress = self.progress
        key = (progress, progress.last, pace)
        known = self._estimated
        if known is not None and known[0] is progress and known[1:3] == key[1:]:
            return known[3]
        result = estimate(self.path, progress.states() if states is None else states, pace)
        self._estimated = (progress, progress.last, pace, result)
        return result

    def save(self) -> None:
        """Save through the store and adopt what it merged from disk."""
        self.recover_conflicts()
        try:
            self.progress = self.store.save(self.progress)
        finally:
            self.tell()
        self.store.keep_index()

    def warm_status(self) -> None:
        """Leave ``pathtui status`` its answer for the file just saved.

        The status line's cache is checked against the progress file's size,
        mtime and inode; a save changes them, so the next prompt would read
        the whole file again. The command that saved already holds what the
        status line needs: it writes the cache, stamped with the signature of
        the very file it wrote (taken before the rename, so a later write by
        anyone else does not match it). Best effort: the cache is derived data.
        """
        written, source = self.store.written, self.status_source
        if written is None or source is None or self.store.read_only_reason:
            return
        from pathtui import __version__
        from pathtui.storage import locations, statuscache

        try:
            cache_dir = locations.cache_dir_name()
            if self.store.file != locations.progress_file(self.path.id):
                return  # not the file the status line reads
        except ProgressFileError:
            return
        summary = self.summary()
        cache = statuscache.new_cache(source[0], source[1], __version__, summary, written)
        if cache is not None:
            statuscache.write_cache(cache_dir, source[0], cache)

    def refresh(self) -> bool:
        """Pick up changes another process saved; True if anything came in.

        When the merge holds more than the file (this copy had changes the
        other process never saw, or the file went back in time and was merged
        with this device's copies), it is written back at once, so what is
        shown is what is on disk; a failed write-back raises SaveError with
        the merge already adopted.
        """
        self.recover_conflicts()
        try:
            merged = self.store.refresh(self.progress)
        finally:
            self.tell()
        if merged is None:
            if self.store.went_back and self.store.differs(self.progress):
                self.save()  # the file went back in time when it was loaded
            return False
        merged.apply_renames(self.path.renames())
        self.progress = merged
        if not self.store.started_over and self.store.differs(merged):
            self.save()
        return True

    def recover_conflicts(self) -> None:
        """Merge in conflict copies a sync folder left (``conflicts`` says which)."""
        if not self.store.may_have_conflict_copies():
            return
        from pathtui.sync.conflicts import recover_and_tell

        for line in recover_and_tell(self.store):
            self.notice(line)

    @contextmanager
    def in_memory(self) -> Iterator[None]:
        """Changes made inside are kept in memory: ``editing`` neither takes the
        lock nor saves. The tracker's, while another process holds the lock: it
        saves them itself once the lock is free, so a key never waits on it."""
        self._in_memory = True
        try:
            yield
        finally:
            self._in_memory = False

    @contextmanager
    def editing(self) -> Iterator[Session]:
        """Read, change and save under the lock: what every saving command does.

        The file is read again once the lock is held, so the change applies
        to what is on disk now, and it is saved only if something was written.
        """
        self.store.writable_problem()
        if self._in_memory:
            yield self
            return
        with self.store.locked():
            self.refresh()
            before = self.progress.last
            yield self
            saved = self.progress.last != before
            if saved:
                self.save()
        if saved:
            self.warm_status()  # after the lock: another save need not wait for it

    def orphans(self) -> list[str]:
        """Ids with progress that the path no longer has (kept, never dropped)."""
        known = set(self.path.item_ids())
        return sorted(key for key in self.progress.items if key not in known)

    def resolve(self, ids: list[str]) -> list[str]:
        """Check ids against the path; a typo gets the closest real ids."""
        known = self.path.item_ids()
        for item_id in ids:
            if self.path.find(item_id) is None:
                import difflib  # only a mistyped id needs it

                by_lower = {k.lower(): k for k in known}
                close = [
                    by_lower[k]
                    for k in difflib.get_close_matches(
                        item_id.lower(), list(by_lower), n=CLOSE_MATCHES, cutoff=0.5
                    )
                ]
                hint = (
                    f"; did you mean {', '.join(close)}?"
                    if close
                    else "; run `pathtui list` to see every id."
                )
                raise UnknownItemError(f"No item with id {item_id!r} in this path{hint}")
        return ids

    def log_time(self, hours: float, day: dt.date, item: str = "", note: str = "") -> LogEntry:
        """Check and add one log entry, then save (the CLI, the dialog and the timer).

        Refuses (PathtuiError) no time, more than a day in one entry or in one
        day's total, and unknown item ids. Time logged before the start date
        moves the start date to that day (``userinput.moved_start`` says so).
        """
        try:
            check_hours(hours)
        except ValueError as exc:
            raise PathtuiError(str(exc)) from None
        if item:
            self.resolve([item])
        with self.editing():
            total = sum(e.hours for e in self.progress.live_log() if e.date == day) + hours
            if total > MAX_ENTRY_HOURS + EPSILON:
                raise PathtuiError(
                    f"That would make {format_hours(total)} logged on {day.isoformat()}, more "
                    "than a day holds; see `pathtui log --list` for what is there already."
                )
            entry = self.add_log_entry(day, hours, item=item, note=note)
            if day < self.progress.settings.start_date:
                self.change_settings(start_date=day)
        return entry

    def find_log_entry(self, entry_id: str) -> LogEntry:
        """A live log entry by id, or by a unique prefix of at least 4 characters."""
        wanted = entry_id.strip().lower()
        live = self.progress.live_log()
        for entry in live:
            if entry.id == wanted:
                return entry
        matches = [e for e in live if len(wanted) >= MIN_ID_PREFIX and e.id.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise PathtuiError(
                f"{sanitise(entry_id)[:40]!r} matches {len(matches)} log entries; "
                "give more of the id."
            )
        if len(wanted) < MIN_ID_PREFIX:
            raise PathtuiError(
                f"No log entry with id {sanitise(entry_id)[:40]!r}; give the whole id "
                f"or at least its first {MIN_ID_PREFIX} characters "
                "(`pathtui log --list` shows the ids)."
            )
        raise PathtuiError(
            f"No log entry with id {sanitise(entry_id)[:40]!r}; `pathtui log --list` shows the ids."
        )

    def logged_on(self, item_id: str) -> float:
        """Hours logged on one item (removed entries left out), from the log's
        totals: storage keeps them beside a log it has read, so showing an
        item does not decode the whole log."""
        return self.progress.log_totals()["by_item"].get(item_id, 0.0)

    def logged_by_item(self) -> dict[str, float]:
        """Hours logged against each item id (removed entries left out)."""
        return dict(self.progress.log_totals()["by_item"])

    def calibration(self, states: dict[str, str] | None = None) -> Calibration:
        """Logged hours against estimates, over finished items with logged time."""
        logged = self.progress.log_totals()["by_item"]
        states = self.progress.states() if states is None else states
        samples = []
        for section in self.path.all_sections():
            for item in section.items:
                hours = logged.get(item.id, 0)
                if hours > 0 and states.get(item.id) == "done":
                    samples.append((hours, item.hours[0], item.hours[1]))
        # pace.py and study.py are imported where they are used: the tracker's
        # first frame does without them.
        from pathtui.model.pace import calibration

        return calibration(samples)

    def study_summary(
        self, est: Estimate | None = None, states: dict[str, str] | None = None
    ) -> StudySummary:
        """The plain data the date-dependent study picture needs (cached with the status)."""
        s = self.progress.settings
        est = est or self.estimate()
        return {
            "daily": dict(self.progress.log_totals()["daily"]),
            "calibration": self.calibration(states),
            "hours_total": list(est.hours_total),
            "study_settings": {
                "streaks": s.streaks,
                "streak_kind": s.streak_kind,
                "day_minimum_minutes": s.day_minimum_minutes,
                "rest_days_per_week": s.rest_days_per_week,
                "study_days": s.study_days,
                "study_time": s.study_time,
            },
        }

    def study_picture(self, today: dt.date, hours_per_week: float | None = None) -> StudyPicture:
        """Pace, personal forecast, streak and schedule, exactly as the status shows them."""
        from pathtui.model.study import study_picture

        return study_picture(self.summary(), today, hours_per_week or self.hours_per_week)

    def summary(self) -> Summary:
        """The plain-data picture that ``model/statusline.py`` renders and caches."""
        from pathtui.model.estimate import COMPLETE_STATES
        from pathtui.services.reviews import review_summary

        states = self.progress.states()
        est = self.estimate(states=states)
        extras = self.path.extras.items if self.path.extras else ()
        return {
            "path_id": self.path.id,
            "path_title": self.path.title,
            "steps": [
                {"number": s.number, "id": s.id, "title": s.title, "done": s.done, "total": s.total}
                for s in est.steps
            ],
            "current_step": est.current_step.number - 1 if est.current_step else None,
            "next_item_id": est.next_item_id,
            "next_item_title": est.next_item_title,
            "items_done": est.items_done,
            "items_skipped": est.items_skipped,
            "items_total": est.items_total,
            "extras_complete": sum(1 for i in extras if states.get(i.id) in COMPLETE_STATES),
            "extras_total": len(extras),
            "hours_left": list(est.hours_left),
            "hours_per_week": self.hours_per_week,
            "start_date": self.progress.settings.start_date.isoformat(),
            "progress_file": str(self.store.file),
            "has_progress": self.store.exists,
            "jobs": self.jobs_summary(est),
            "reviews": review_summary(self),
            **self.study_summary(est, states),
        }

    def jobs_summary(self, est: Estimate) -> dict[str, object]:
        """The applications as plain data for the cached status (``jobs.py`` reads it)."""
        from pathtui.model.jobs import JOB_SEARCH_STEP_ID

        settings = self.progress.settings
        step = next((s for s in self.path.steps if s.id == JOB_SEARCH_STEP_ID), None)
        current = est.current_step
        return {
            "applications": [
                [record.applied.isoformat(), record.stage]
                for record in self.progress.records("applications")
                if record.company or record.role  # not a fragment a reset left
            ],
            "weekly_goal": settings.weekly_goal,
            "follow_up_days": settings.follow_up_days,
            "reached": step is not None and (current is None or current.number >= step.number),
        }
