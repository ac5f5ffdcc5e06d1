"""Every field of the progress file, defined once.

The writer, the readers, validation (with messages that name the key), the
JSON export and import, and the limits the CLI and the tracker enforce all
ask this module. A field is a name, a kind, a default and bounds; a
collection is a set of records keyed by id, each field of each record being
its own last-writer-wins register (``progress.py`` explains the merge).

Adding a field
    Add a ``Field`` to its collection below and a fixture under
    ``tests/fixtures`` that uses it. Old files without it read as the default.

Adding a collection (say portfolio ``projects`` or job ``applications``)
    Define ``Collection("projects", (Field(...), ...), tombstone=True,
    order=("added",))`` and add it to ``COLLECTIONS``. The file then gains a
    ``[projects]`` table with one line per record, merging, epochs, JSON
    export/import and validation all follow, and ``progress.records("projects")``
    gives the records (``record.name``, ``record.deleted``...). Write with
    ``progress.put("projects", key, {"name": ...})`` and remove with
    ``progress.remove("projects", key)``; both stamp every field they change,
    and ``put`` checks each value with its field's ``check`` first. The front
    ends call a Session method for it (``services/changes.py``, the one
    write path), never ``put`` themselves.
    ``kept_by_reset=True`` keeps the collection through ``pathtui reset``.
    Field names must not end in ``_at`` (the file keeps a field's stamp
    under ``<field>_at``) and ``at`` and ``deleted`` are taken.
"""

from __future__ import annotations

import datetime as dt
import math

from pathtui.model.durations import MAX_ENTRY_HOURS
from pathtui.model.filelimits import MAX_TEXT_CHARS, text_problem
from pathtui.model.groupshare import DEFAULT_SHARE, SHARE_LEVELS
from pathtui.model.jobs import (
    DEFAULT_FOLLOW_UP_DAYS,
    DEFAULT_WEEKLY_GOAL,
    MAX_FOLLOW_UP_DAYS,
    MAX_WEEKLY_GOAL,
)
from pathtui.model.jobs import STAGES as JOB_STAGES
from pathtui.model.portfolio import CHECKS, VERDICTS
from pathtui.model.review import DEFAULT_RETENTION
from pathtui.model.review import RATINGS as RATING_WORDS
from pathtui.model.streaks import DEFAULT_STREAK_KIND, STREAK_KINDS
from pathtui.model.studyplan import DEFAULT_STUDY_DAYS, DEFAULT_STUDY_TIME
from pathtui.model.valueranges import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_RETENTION,
    MIN_HOURS_PER_WEEK,
    MIN_RETENTION,
)
from pathtui.model.valueranges import MAX_DAY_MINIMUM_MINUTES as MAX_DAY_MINIMUM_MINUTES
from pathtui.model.valueranges import MAX_HOURS_PER_WEEK as MAX_HOURS_PER_WEEK
from pathtui.model.valueranges import MAX_REST_DAYS_PER_WEEK as MAX_REST_DAYS_PER_WEEK

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: The progress-file schema this release writes (1: one stamp per item and
#: one for all settings; 2: a stamp per field, epochs, the end marker).
PROGRESS_SCHEMA = 2
#: Item states, in the order the tracker cycles through them.
STATES: tuple[str, ...] = ("todo", "learning", "done", "skipped")
HOURS_PER_WEEK_DEFAULT = 10.0
DEFAULT_DAY_MINIMUM_MINUTES = 15.0
DEFAULT_REST_DAYS_PER_WEEK = 1
TOMBSTONE = "deleted"
STAMP_KEY = "at"
STAMP_SUFFIX = "_at"
#: Show at most this much of a bad value in a message.
SHOWN_VALUE = 40

#: Dates and times fall between these (``valueranges.py`` says why).
EARLIEST_DATE = dt.date(EARLIEST_YEAR, 1, 1)
LATEST_DATE = dt.date(LATEST_YEAR, 12, 31)
#: What a date or time outside the bounds is told.
OUT_OF_BOUNDS = f"the date is outside {EARLIEST_YEAR}–{LATEST_YEAR}"

KINDS = ("text", "choice", "number", "whole", "flag", "date", "time")


def _storable(text: str) -> bool:
    """Whether UTF-8 can hold ``text`` (a lone surrogate, e.g. from bytes that
    were no UTF-8 in a command's arguments, cannot be written or read back)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Field:
    """One field: its kind (``KINDS``), default and bounds.

    ``low``/``high`` bound numbers (``above`` makes ``low`` exclusive);
    ``choices`` lists a choice's values. ``default`` None means required.
    """

    __slots__ = ("above", "choices", "default", "high", "kind", "low", "name")

    def __init__(
        self,
        name: str,
        kind: str,
        default: Any = None,
        *,
        low: float | None = None,
        high: float | None = None,
        above: bool = False,
        choices: tuple[str, ...] = (),
    ) -> None:
        assert kind in KINDS and not name.endswith(STAMP_SUFFIX) and name != STAMP_KEY
        self.name, self.kind, self.default = name, kind, default
        self.low, self.high, self.above, self.choices = low, high, above, choices

    def bounds(self) -> str:
        """The allowed range in words, e.g. 'more than 0 and at most 168'."""
        whole = self.kind == "whole"
        low, high = self.low, self.high
        if low is None and high is None:
            return ""
        show = (lambda v: f"{v:g}") if not whole else (lambda v: str(int(v)))
        if self.above and high is not None:
            return f"more than {show(low)} and at most {show(high)}"
        if low is not None and high is not None:
            return f"from {show(low)} to {show(high)}"
        if low is not None:
            return f"more than {show(low)}" if self.above else f"{show(low)} or more"
        return f"at most {show(high)}"

    def in_bounds(self, number: float) -> bool:
        if self.low is not None and (number <= self.low if self.above else number < self.low):
            return False
        return self.high is None or number <= self.high

    def check(self, value: Any) -> Any:
        """The value as stored, or ValueError with what is wrong (the key is the caller's).

        The one rule for a value: the readers check every value they read with
        it, and ``Progress.put`` every value it writes, so nothing can write
        what the reader would refuse.
        """
        kind = self.kind
        if kind == "text":
            if type(value) is not str:
                raise ValueError("expected text")
            if len(value) > MAX_TEXT_CHARS:
                raise ValueError(f"the text {text_problem(len(value))}")
            if not value.isascii() and not _storable(value):
                raise ValueError("the text holds characters UTF-8 cannot store (lone surrogates)")
            return value
        if kind == "choice":
            if type(value) is not str or value not in self.choices:
                shown = repr(value)[:SHOWN_VALUE]
                raise ValueError(f"expected one of {', '.join(self.choices)}, found {shown}")
            return value
        if kind == "flag":
            if type(value) is not bool:
                raise ValueError("expected true or false")
            return value
        if kind == "date":
            if type(value) is not dt.date:
                raise ValueError("expected a date")
            if not EARLIEST_DATE <= value <= LATEST_DATE:
                raise ValueError(OUT_OF_BOUNDS)
            return value
        if kind == "time":
            if not isinstance(value, dt.datetime):
                raise ValueError("expected a date and time")
            if not EARLIEST_DATE <= value.date() <= LATEST_DATE:
                raise ValueError(OUT_OF_BOUNDS)
            return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("expected a whole number" if kind == "whole" else "expected a number")
        if kind == "whole":
            if type(value) is not int or not self.in_bounds(value):
                raise ValueError(f"expected a whole number {self.bounds()}")
            return value
        try:
            number = float(value)
        except OverflowError:
            raise ValueError("the number is far too large") from None
        if not math.isfinite(number):
            raise ValueError("expected a finite number")
        if not self.in_bounds(number):
            raise ValueError(f"expected a number {self.bounds()}")
        return number


class Collection:
    """Records keyed by id, each field a register; see the module docstring.

    ``tombstone`` adds the ``deleted`` register (a removal that merges);
    ``order`` is how the file sorts records (then by key); a ``singleton``
    (the settings) is one record written as a plain table; ``kept_by_reset``
    records (the settings, the job search, the projects) are written again
    after a ``reset`` instead of cleared (``reset --all`` keeps only the settings) (an
    ``import --replace`` takes everything from the file it imports).
    """

    def __init__(
        self,
        name: str,
        fields: tuple[Field, ...],
        *,
        tombstone: bool = False,
        order: tuple[str, ...] = (),
        singleton: bool = False,
        kept_by_reset: bool = False,
    ) -> None:
        self.name, self.tombstone, self.order, self.singleton = name, tombstone, order, singleton
        self.kept_by_reset = kept_by_reset
        every = fields + ((Field(TOMBSTONE, "flag", False),) if tombstone else ())
        self.fields: tuple[Field, ...] = every
        self.by_name: dict[str, Field] = {f.name: f for f in every}
        #: Every key a record's table may hold in the file.
        self.file_keys: frozenset[str] = frozenset(
            [STAMP_KEY, *self.by_name, *(n + STAMP_SUFFIX for n in self.by_name)]
        )

    def field(self, name: str) -> Field:
        return self.by_name[name]

    def default(self, name: str) -> Any:
        return self.by_name[name].default


SETTINGS = Collection(
    "settings",
    (
        Field(
            "hours_per_week",
            "number",
            HOURS_PER_WEEK_DEFAULT,
            low=MIN_HOURS_PER_WEEK,
            high=MAX_HOURS_PER_WEEK,
        ),
        Field("start_date", "date"),
        Field(
            "day_minimum_minutes",
            "number",
            DEFAULT_DAY_MINIMUM_MINUTES,
            low=0,
            high=MAX_DAY_MINIMUM_MINUTES,
        ),
        Field(
            "rest_days_per_week",
            "whole",
            DEFAULT_REST_DAYS_PER_WEEK,
            low=0,
            high=MAX_REST_DAYS_PER_WEEK,
        ),
        Field("streaks", "flag", True),
        Field("streak_kind", "choice", DEFAULT_STREAK_KIND, choices=STREAK_KINDS),
        # The job search (``jobs.py`` has the rules).
        Field("weekly_goal", "whole", DEFAULT_WEEKLY_GOAL, low=1, high=MAX_WEEKLY_GOAL),
        Field("follow_up_days", "whole", DEFAULT_FOLLOW_UP_DAYS, low=1, high=MAX_FOLLOW_UP_DAYS),
        # Sync through git when the tracker opens and closes (`config auto-sync`).
        Field("auto_sync", "flag", False),
        # Spaced review of done items (``review.py``): on or off, and the share of
        # reviews the learner wants to still recall (fsrs's desired retention).
        Field("review", "flag", True),
        Field("retention", "number", DEFAULT_RETENTION, low=MIN_RETENTION, high=MAX_RETENTION),
        # The study plan (``studyplan.py``): the weekdays and the start time of
        # study sessions, as `pathtui config study-days|study-time` store them.
        Field("study_days", "text", DEFAULT_STUDY_DAYS),
        Field("study_time", "text", DEFAULT_STUDY_TIME),
        # A study group (``groupfiles.py``): set by `pathtui group create|join`,
        # cleared by `group leave`, carried to the learner's other devices like
        # every setting so they publish as one member. The member id and the
        # key that signs the member's file are random and kept after leaving.
        Field("group_member", "text", ""),
        Field("group_key", "text", ""),
        Field("group_remote", "text", ""),
        Field("group_name", "text", ""),
        Field("group_share", "choice", DEFAULT_SHARE, choices=SHARE_LEVELS),
        Field("group_observer", "flag", False),
    ),
    singleton=True,
    kept_by_reset=True,
)
#: An item's ``finished`` before anything was written to it (files from before
#: the field read their finish from the state's stamp: ``progress.finished_at``).
NOT_FINISHED = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ITEMS = Collection(
    "items",
    (
        Field("state", "choice", "todo", choices=STATES),
        Field("note", "text", ""),
        # When the item became done or skipped, with the learner's UTC offset: a
        # fact of the history, kept as a value so that a restore, a replacing
        # import or a sync (which stamp anew) never moves it.
        Field("finished", "time", NOT_FINISHED),
    ),
)
LOG = Collection(
    "log",
    (
        Field("date", "date"),
        Field("hours", "number", low=0, high=MAX_ENTRY_HOURS),
        Field("created", "time"),
        Field("item", "text", ""),
        Field("note", "text", ""),
    ),
    tombstone=True,
    order=("date", "created"),
)
#: Applications and projects have no required fields: a ``reset --all`` on one device
#: drops every field written before it, so a stage moved on another device that
#: had not seen the reset yet comes back alone. Such a fragment must still read
#: (``records.py`` leaves records without a company and role, or a name, out).
NO_DATE = dt.date(1970, 1, 1)
#: Job applications (step 7): one record per application.
APPLICATIONS = Collection(
    "applications",
    (
        Field("company", "text", ""),
        Field("role", "text", ""),
        Field("stage", "choice", "applied", choices=JOB_STAGES),
        Field("applied", "date", NO_DATE),
        Field("moved", "date", NO_DATE),
        Field("url", "text", ""),
        Field("board", "text", ""),
        Field("note", "text", ""),
    ),
    tombstone=True,
    order=("applied",),
    kept_by_reset=True,
)
#: Portfolio projects (step 6), with each check's latest verdict, reason and time.
PROJECTS = Collection(
    "projects",
    (
        Field("name", "text", ""),
        Field("repo", "text", ""),
        Field("url", "text", ""),
        #: Checklist item ids this project is evidence for, separated by spaces.
        Field("evidence", "text", ""),
        *(
            field
            for check in CHECKS
            for field in (
                # "" (the default): the check never ran, which a write may put back.
                Field(f"{check}_verdict", "choice", "", choices=("", *VERDICTS)),
                Field(f"{check}_reason", "text", ""),
                Field(f"{check}_ran", "text", ""),
            )
        ),
    ),
    tombstone=True,
    order=("name",),
    kept_by_reset=True,
)
#: Spaced review: one record per rating, written once and never changed or
#: removed, so merging two copies is the union of their ratings (``review.py``
#: replays them in the order they were given). The record's stamp carries the
#: device; ``given`` is when the learner rated, on their own clock.
RATINGS = Collection(
    "ratings",
    (
        Field("item", "text"),
        Field("rating", "choice", choices=RATING_WORDS),
        Field("given", "time"),
    ),
    order=("given",),
)
#: Every collection, in the order the file writes them.
COLLECTIONS: tuple[Collection, ...] = (SETTINGS, ITEMS, LOG, APPLICATIONS, PROJECTS, RATINGS)
BY_NAME: dict[str, Collection] = {c.name: c for c in COLLECTIONS}
HOURS_PER_WEEK = SETTINGS.field("hours_per_week")
DAY_MINIMUM = SETTINGS.field("day_minimum_minutes")
RETENTION = SETTINGS.field("retention")
REST_DAYS = SETTINGS.field("rest_days_per_week")
#: When the progress began (a top-level key, written once).
CREATED = Field("created", "time")
#: Top-level keys of a schema-2 file besides the collections.
TOP_KEYS = frozenset({"schema", "path_id", "created", "epoch"})
