"""The learner's progress as replicated data, and its merge.

Everything here is pure; reading and writing the file is ``store.py``'s job
(through ``progressfile.py``). Progress is a few collections of records
(``schema.py`` lists them: the settings, the items, the study log), and each
field of each record is its own last-writer-wins register: a value and the
hybrid-logical-clock stamp of the write that set it (``model/clock.py``). Two copies
of the same progress (two windows, a shell command, another device) merge
field by field: the higher stamp wins, and equal stamps (only possible for
one write seen twice, or for stamps migrated from an old file) fall to the
larger value, so the merge is commutative, associative and idempotent.
A write is stamped after every stamp its copy has seen, so it never loses
to a change it knew about.

An *epoch* is the stamp of the latest ``reset`` or replacing import: every
register stamped at or before it is dropped, in every copy that merges it,
so nothing from before a reset can come back.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable

from pathtui.errors import InvalidValueError
from pathtui.model import clock as hlc
from pathtui.model.filelimits import MAX_TEXT_CHARS, LimitError, text_problem
from pathtui.model.plan import COMPLETE_STATES
from pathtui.model.schema import (
    BY_NAME,
    COLLECTIONS,
    ITEMS,
    LOG,
    NOT_FINISHED,
    RATINGS,
    SETTINGS,
    SHOWN_VALUE,
    TOMBSTONE,
    Collection,
)
from pathtui.model.schema import (
    DEFAULT_DAY_MINIMUM_MINUTES as DEFAULT_DAY_MINIMUM_MINUTES,
)
from pathtui.model.schema import (
    DEFAULT_REST_DAYS_PER_WEEK as DEFAULT_REST_DAYS_PER_WEEK,
)
from pathtui.model.schema import (
    MAX_DAY_MINIMUM_MINUTES as MAX_DAY_MINIMUM_MINUTES,
)
from pathtui.model.schema import (
    MAX_REST_DAYS_PER_WEEK as MAX_REST_DAYS_PER_WEEK,
)
from pathtui.model.schema import PROGRESS_SCHEMA as PROGRESS_SCHEMA
from pathtui.model.schema import STATES as STATES
from pathtui.model.streaks import DEFAULT_STREAK_KIND as DEFAULT_STREAK_KIND
from pathtui.model.streaks import STREAK_KINDS as STREAK_KINDS

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

utcnow = hlc.utcnow
#: The settings are one record with this key.
SETTINGS_KEY = ""
#: Random bytes in a new record's key: 48 bits, so two devices adding records
#: offline do not pick the same key in any plausible lifetime of a file.
KEY_BYTES = 6
_SLOTS = frozenset({"key", "kind", "line", "values", "stamps"})


def new_key() -> str:
    """A fresh record key (``os.urandom`` directly: ``uuid`` costs a shell command 2 ms)."""
    return os.urandom(KEY_BYTES).hex()


def clean_user_text(text: str) -> str:
    """Text a learner typed, made safe to store (no lone surrogates)."""
    return text.encode("utf-8", "replace").decode("utf-8").strip()


class Record:
    """One record: a value and a stamp per field that has been written.

    Fields read as attributes (``item.state``, ``entry.hours``); a field
    never written reads as its default from the schema.
    """

    __slots__ = ("key", "kind", "line", "stamps", "values")

    def __init__(
        self,
        kind: Collection,
        key: str,
        values: dict[str, Any] | None = None,
        stamps: dict[str, str] | None = None,
    ) -> None:
        self.kind = kind
        self.key = key
        self.values: dict[str, Any] = values if values is not None else {}
        self.stamps: dict[str, str] = stamps if stamps is not None else {}
        #: The record's line in the file, kept by ``dumps`` (a record never changes).
        self.line: str | None = None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _SLOTS:
            raise AttributeError(name)
        try:
            return self.values[name]
        except KeyError:
            pass
        field = self.kind.by_name.get(name)
        if field is None:
            raise AttributeError(name)
        return field.default

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return (self.kind.name, self.key, self.values, self.stamps) == (
            other.kind.name,
            other.key,
            other.values,
            other.stamps,
        )

    def __repr__(self) -> str:
        return f"Record({self.kind.name}, {self.key!r}, {self.values!r}, {self.stamps!r})"

    @property
    def id(self) -> str:
        return self.key

    @property
    def deleted(self) -> bool:
        return bool(self.values.get(TOMBSTONE, False))

    def stamp(self, name: str) -> str:
        """The stamp of a field's last write ('' if never written)."""
        return self.stamps.get(name, "")

    def when(self, name: str | None = None) -> dt.datetime:
        """When a field (or, without a name, anything in the record) last changed."""
        stamp = self.stamps.get(name, "") if name else max(self.stamps.values(), default="")
        return hlc.wall(stamp) if stamp else dt.datetime.min.replace(tzinfo=dt.UTC)

    @property
    def changed(self) -> dt.datetime:
        return self.when()

    def copy(self) -> Record:
        return Record(self.kind, self.key, dict(self.values), dict(self.stamps))


def checked(kind: Collection, changes: dict[str, Any]) -> dict[str, Any]:
    """The values as stored (``Field.check``), or InvalidValueError naming the
    first one the reader would refuse."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        try:
            out[name] = kind.by_name[name].check(value)
        except ValueError as exc:
            shown = (value.isoformat() if isinstance(value, dt.date) else repr(value))[:SHOWN_VALUE]
            raise InvalidValueError(
                f"Nothing was saved: {shown} is not a value {kind.name}.{name} can hold ({exc})."
            ) from None
    return out


def order_key(kind: Collection, record: Record) -> tuple[Any, ...]:
    """Where a record goes in the file: by the collection's order, then key
    (a removed record may lack the order's fields: those go last)."""
    parts: list[Any] = []
    for name in kind.order:
        value = record.values.get(name)
        parts += [True, 0] if value is None else [False, value]
    parts.append(record.key)
    return tuple(parts)


# Names the rest of pathtui uses for the records of each collection.
ItemState = Record
LogEntry = Record
Settings = Record


def _wins(value_a: Any, value_b: Any) -> bool:
    """On equal stamps the larger value wins (by its text), so either order agrees."""
    return repr(value_a) >= repr(value_b)


def merge_records(a: Record | None, b: Record | None, epoch: str) -> Record | None:
    """Field by field, the higher stamp wins; fields at or before the epoch go.

    Records are never changed in place (``Progress.put`` makes new ones), so
    a record that wins whole is shared, not copied.
    """
    if a is None or b is None:
        only = a if b is None else b
        if only is None:  # pragma: no cover - one side always exists
            return None
        if not epoch or all(s > epoch for s in only.stamps.values()):
            return only
        a = b = only
    elif (a is b or (a.stamps == b.stamps and a.values == b.values)) and (
        not epoch or all(s > epoch for s in a.stamps.values())
    ):
        return a
    values: dict[str, Any] = {}
    stamps: dict[str, str] = {}
    for name in a.stamps.keys() | b.stamps.keys():
        sa, sb = a.stamps.get(name, ""), b.stamps.get(name, "")
        if sa > sb or (sa == sb and _wins(a.values.get(name), b.values.get(name))):
            stamp, value = sa, a.values.get(name)
        else:
            stamp, value = sb, b.values.get(name)
        if stamp > epoch:
            values[name], stamps[name] = value, stamp
    if not stamps:
        return None
    return Record(a.kind, a.key, values, stamps)


def log_totals(entries: Iterable[Record]) -> dict[str, dict[str, float]]:
    """What the status line needs of the study log, in one pass over it.

    ``daily``: hours per local date (ISO text), ``by_item``: hours per item
    id, both over live entries in the file's order (so the sums are the very
    floats a walk over ``live_log`` gives). Storage keeps these beside a log
    it has read, so a command that does not touch the log never decodes it.
    """
    from pathtui.model.pace import daily_to_json, daily_totals

    live = [e for e in entries if not e.values.get(TOMBSTONE)]
    by_item: dict[str, float] = {}
    for entry in live:
        item = entry.values.get("item")
        if item:
            by_item[item] = by_item.get(item, 0.0) + entry.values["hours"]
    return {"daily": daily_to_json(daily_totals(live)), "by_item": by_item}


class Pending:
    """A collection read from a file but not decoded into records yet.

    Storage makes one for a collection whose exact text it has read before
    (``storage/sections.py``): it carries that text (written back as it is),
    its digest, what storage knows of it (newest stamp, how many records,
    the log's totals) and ``decode``, the pure function that turns the text
    into records the first time something asks for them. A command that
    ticks an item never decodes the log.
    """

    __slots__ = ("body", "count", "decode", "digest", "newest", "totals")

    def __init__(
        self,
        body: bytes,
        digest: bytes,
        decode: Callable[[bytes], dict[str, Record]],
        newest: str,
        count: int,
        totals: dict[str, dict[str, float]] | None = None,
    ) -> None:
        self.body = body
        self.digest = digest
        self.decode = decode
        self.newest = newest
        self.count = count
        self.totals = totals


class Progress:
    """Everything pathtui knows about one learner on one path.

    ``last`` is this copy's clock: the newest stamp it has seen. ``held`` is
    the newest stamp its data holds (the epoch or a field's), which is what a
    file written from it says; a bare ``tick`` (a stamp for something that is
    not a field) moves ``last`` on but not ``held``. ``device``
    is the id its writes carry (this machine's, read when first needed).
    ``pending`` holds the collections read but not decoded yet (``Pending``):
    ``table(name)`` decodes one, ``tables`` all of them.
    """

    def __init__(
        self,
        path_id: str,
        created: dt.datetime,
        tables: dict[str, dict[str, Record]] | None = None,
        epoch: str = "",
        schema: int = PROGRESS_SCHEMA,
        last: str = "",
        pending: dict[str, Pending] | None = None,
    ) -> None:
        self.path_id = path_id
        self.created = created
        self.pending: dict[str, Pending] = dict(pending) if pending else {}
        self._tables: dict[str, dict[str, Record]] = {
            c.name: {} for c in COLLECTIONS if c.name not in self.pending
        }
        if tables:
            self._tables.update(tables)
        self.epoch = epoch
        self.schema = schema
        self.last = max(last, epoch)
        #: ``last`` as read; the writes that follow move it on (``put``).
        self.held = self.last
        self.device: str | None = None
        #: What the reader left out of the file this copy was read from: (where,
        #: why) for each record or field that broke the schema's rules. Not part
        #: of the progress (a merge starts without it); the store keeps the file.
        self.set_aside: list[tuple[str, str]] = []
        self._totals: tuple[tuple[str, int, int], dict[str, dict[str, float]]] | None = None

    @property
    def tables(self) -> dict[str, dict[str, Record]]:
        """Every collection, decoded (a pending one is decoded here, once)."""
        if self.pending:
            for name in list(self.pending):
                self.table(name)
        return self._tables

    @tables.setter
    def tables(self, tables: dict[str, dict[str, Record]]) -> None:
        self.pending = {}
        self._tables = tables

    def table(self, name: str) -> dict[str, Record]:
        """One collection's records by key (decoded now if it was pending)."""
        table = self._tables.get(name)
        if table is None:
            lazy = self.pending.pop(name, None)
            if lazy is None:
                raise KeyError(name)
            table = self._tables[name] = lazy.decode(lazy.body)
        return table

    def sizes(self) -> dict[str, int]:
        """How many records each collection holds, without decoding a pending one."""
        sizes = {name: lazy.count for name, lazy in self.pending.items()}
        sizes.update((name, len(table)) for name, table in self._tables.items())
        return sizes

    def names(self) -> set[str]:
        """The collections this copy holds, decoded or not."""
        return self._tables.keys() | self.pending.keys()

    @classmethod
    def new(cls, path_id: str, hours_per_week: float, now: dt.datetime | None = None) -> Progress:
        """Progress nobody has changed yet: its settings are the defaults, stamped
        below every real write (``hlc.FLOOR``), so a device that joins late
        never outvotes the learner's own choices with its defaults."""
        now = now or utcnow()
        progress = cls(path_id=path_id, created=now)
        values = {"hours_per_week": float(hours_per_week), "start_date": now.astimezone().date()}
        progress.tables[SETTINGS.name][SETTINGS_KEY] = Record(
            SETTINGS, SETTINGS_KEY, values, dict.fromkeys(values, hlc.FLOOR)
        )
        return progress

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Progress):
            return NotImplemented
        return (self.path_id, self.created, self.epoch, self.tables) == (
            other.path_id,
            other.created,
            other.epoch,
            other.tables,
        )

    def __repr__(self) -> str:
        return (
            f"Progress({self.path_id!r}, {self.created!r}, {self.tables!r}, "
            f"epoch={self.epoch!r}, schema={self.schema})"
        )

    def __deepcopy__(self, memo: dict[int, Any]) -> Progress:
        # A pending collection is text that never changes: the copy shares it.
        out = Progress(
            self.path_id, self.created, None, self.epoch, self.schema, self.last, self.pending
        )
        out._tables = {
            name: {key: rec.copy() for key, rec in table.items()}
            for name, table in self._tables.items()
        }
        out.held = self.held
        out.device = self.device
        return out

    # -- reading

    @property
    def items(self) -> dict[str, Record]:
        return self.table("items")

    @property
    def settings(self) -> Record:
        table = self.table(SETTINGS.name)
        record = table.get(SETTINGS_KEY)
        if record is None:
            record = table[SETTINGS_KEY] = Record(SETTINGS, SETTINGS_KEY)
        return record

    @property
    def log(self) -> list[Record]:
        """Every log entry (removed ones too), oldest first."""
        return sorted(self.table(LOG.name).values(), key=lambda e: order_key(LOG, e))

    def log_totals(self) -> dict[str, dict[str, float]]:
        """``log_totals`` of this copy's log: storage's note of it while it is
        pending, else worked out once per state of the log (every change to it
        moves the clock)."""
        lazy = self.pending.get(LOG.name)
        if lazy is not None and lazy.totals is not None:
            return lazy.totals
        table = self.table(LOG.name)
        key = (self.last, id(table), len(table))
        if self._totals is None or self._totals[0] != key:
            self._totals = (key, log_totals(self.log))
        return self._totals[1]

    def records(self, collection: str) -> list[Record]:
        """A collection's live records (not removed), in the file's order."""
        kind = BY_NAME[collection]
        live = [r for r in self.table(collection).values() if not r.deleted]
        return sorted(live, key=lambda r: order_key(kind, r))

    def state(self, item_id: str) -> str:
        entry = self.items.get(item_id)
        return entry.state if entry else "todo"

    def note(self, item_id: str) -> str:
        entry = self.items.get(item_id)
        return entry.note if entry else ""

    def states(self) -> dict[str, str]:
        return {key: value.values.get("state", "todo") for key, value in self.items.items()}

    def live_log(self) -> list[Record]:
        return [entry for entry in self.log if not entry.values.get(TOMBSTONE)]

    def stamps(self) -> Iterable[str]:
        """Every stamp this copy holds (the epoch too)."""
        if self.epoch:
            yield self.epoch
        for table in self.tables.values():
            for record in table.values():
                yield from record.stamps.values()

    # -- writing: every change is a stamped write of the fields it changes

    def tick(self, now: dt.datetime | None = None) -> str:
        """The next stamp of this copy's clock (after every stamp it has seen)."""
        if self.device is None:
            self.device = hlc.device_id()
        self.last = hlc.tick(self.last, self.device, now)
        return self.last

    def put(
        self,
        collection: str,
        key: str,
        changes: dict[str, Any],
        now: dt.datetime | None = None,
        *,
        force: bool = False,
        restamp: bool = False,
    ) -> bool:
        """Write the fields whose value differs, all under one new stamp.

        Every value is first checked by its field's ``check``, the very rule
        the readers apply, so no change can write what a reader would refuse:
        one bad value (InvalidValueError) and nothing is written. A field never
        written counts as its default, so writing the default to it changes
        nothing (unless ``force``). ``restamp`` is for what the learner asked
        for by name (``pathtui todo X``): every field given is stamped anew even
        where it holds that value already, so this later intent wins over an
        older write from another device at the next merge. Returns whether a
        value changed (a restamp alone is False).
        """
        kind = BY_NAME[collection]
        table = self.table(collection)
        record = table.get(key)
        written: dict[str, Any] = {}
        changed = False
        for name, value in changes.items():  # too long: the limit's own sentence
            if (
                type(value) is str
                and len(value) > MAX_TEXT_CHARS
                and kind.by_name[name].kind == "text"
            ):
                raise LimitError(f"The {name} {text_problem(len(value))}; nothing was changed.")
        for name, value in checked(kind, changes).items():
            field = kind.by_name[name]
            if record is not None and name in record.stamps:
                current = record.values[name]
                if current == value and type(current) is type(value):
                    if restamp:
                        written[name] = value
                    continue
            elif value == field.default and not force:
                if restamp:
                    written[name] = value
                continue
            written[name] = value
            changed = True
        if not written:
            return False
        stamp = self.held = self.tick(now)
        # A new record object, never a change in place: merges share records
        # between copies, so a record, once made, is never changed.
        if record is None:
            values, stamps = written, dict.fromkeys(written, stamp)
        else:
            values = {**record.values, **written}
            stamps = {**record.stamps, **dict.fromkeys(written, stamp)}
        table[key] = Record(kind, key, values, stamps)
        return changed

    def remove(self, collection: str, key: str, now: dt.datetime | None = None) -> bool:
        """Remove a record with a tombstone (so the removal merges too)."""
        record = self.table(collection).get(key)
        if record is None or record.deleted:
            return False
        return self.put(collection, key, {TOMBSTONE: True}, now)

    def set_state(
        self, item_id: str, state: str, now: dt.datetime | None = None, *, restamp: bool = False
    ) -> bool:
        changes = self.state_change(item_id, state, now)
        return self.put("items", item_id, changes, now, restamp=restamp)

    def state_change(
        self, item_id: str, state: str, now: dt.datetime | None = None
    ) -> dict[str, Any]:
        """The fields a change of state writes: the state, and the moment an
        item becomes done or skipped (kept while it stays complete).

        A skipped item that is then done is finished again: its review card
        starts from the day it was learned, not the day it was set aside.
        """
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        changes: dict[str, Any] = {"state": state}
        before = self.state(item_id)
        if state in COMPLETE_STATES and (
            before not in COMPLETE_STATES or (state == "done" and before != "done")
        ):
            changes["finished"] = (now or utcnow()).astimezone().replace(microsecond=0)
        return changes

    def finished_at(self, item_id: str) -> dt.datetime | None:
        """When a done or skipped item was finished (None for any other)."""
        entry = self.items.get(item_id)
        if entry is None or entry.state not in COMPLETE_STATES:
            return None
        return finished_at(entry)

    def set_note(
        self, item_id: str, note: str, now: dt.datetime | None = None, *, restamp: bool = False
    ) -> bool:
        return self.put("items", item_id, {"note": clean_user_text(note)}, now, restamp=restamp)

    def set_hours_per_week(
        self, hours: float, now: dt.datetime | None = None, *, restamp: bool = False
    ) -> bool:
        return self.put(
            SETTINGS.name, SETTINGS_KEY, {"hours_per_week": hours}, now, restamp=restamp
        )

    def update_settings(
        self, now: dt.datetime | None = None, *, restamp: bool = False, **changes: Any
    ) -> bool:
        return self.put(SETTINGS.name, SETTINGS_KEY, changes, now, restamp=restamp)

    def add_log(
        self,
        date: dt.date,
        hours: float,
        item: str = "",
        note: str = "",
        now: dt.datetime | None = None,
    ) -> Record:
        key = new_key()
        self.put(LOG.name, key, log_fields(date, hours, item, note, now), now, force=True)
        return self.table(LOG.name)[key]

    def remove_log(self, entry_id: str, now: dt.datetime | None = None) -> bool:
        return self.remove(LOG.name, entry_id, now)

    def add_rating(
        self,
        item: str,
        rating: str,
        given: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> Record:
        """Keep one review rating: a new record, never changed afterwards (``review.py``).

        ``given`` (default: now) keeps the learner's UTC offset, so every device
        reads the same local day from it.
        """
        if rating not in RATINGS.field("rating").choices:
            raise ValueError(f"unknown rating {rating!r}")
        key = new_key()
        when = given if given is not None else (now or utcnow()).astimezone()
        fields = {"item": item, "rating": rating, "given": when}
        self.put(RATINGS.name, key, fields, now, force=True)
        return self.table(RATINGS.name)[key]

    def ratings(self) -> list[Record]:
        """Every review rating, in the order they were given."""
        return self.records(RATINGS.name)

    def new_epoch(self, now: dt.datetime | None = None) -> str:
        """Forget everything: nothing written before this instant can come back."""
        self.epoch = self.held = self.tick(now)
        self.tables = {c.name: {} for c in COLLECTIONS}
        return self.epoch

    def reset(self, now: dt.datetime | None = None, *, everything: bool = False) -> None:
        """Start over: forget ticks, notes, log and ratings in a new epoch; what
        the schema keeps through a reset (the settings, the job search and the
        projects) is written again after it. ``everything`` (``reset --all``)
        keeps only the settings."""
        kept = {
            kind.name: {
                key: {k: v for k, v in record.values.items() if k != TOMBSTONE}
                for key, record in self.table(kind.name).items()
                if not record.deleted
            }
            for kind in COLLECTIONS
            if kind.kept_by_reset and (kind is SETTINGS or not everything)
        }
        self.new_epoch(now)
        settings = kept.setdefault(SETTINGS.name, {}).setdefault(SETTINGS_KEY, {})
        settings["start_date"] = (now or utcnow()).astimezone().date()
        for name, records in kept.items():
            for key, values in records.items():
                self.put(name, key, values, now, force=True)

    def replace_with(self, other: Progress, now: dt.datetime | None = None) -> None:
        """Take ``other``'s content as new writes in a new epoch (import --replace).

        The new writes get new stamps, so the day each item was finished is
        carried as a value (``finished``), taken from the old stamp where an
        older file has no such value: the history survives the restore.
        """
        self.last = max(self.last, other.last)
        self.new_epoch(now)
        for name, table in other.tables.items():
            if name not in self._tables:
                continue
            for key, record in table.items():
                if record.deleted:
                    continue
                values = dict(record.values)
                if name == ITEMS.name and record.state in COMPLETE_STATES:
                    values["finished"] = finished_at(record)
                self.put(name, key, values, now, force=True)

    def apply_renames(self, renames: dict[str, str]) -> list[tuple[str, str]]:
        """Carry progress from old ids to their new ones; returns what moved.

        Stamps move with the values, so every device that renames makes the
        same record.
        """
        items = self.items
        moved = []
        for old, new in renames.items():
            entry = items.pop(old, None)
            if entry is None:
                continue
            entry = Record(entry.kind, new, entry.values, entry.stamps)
            merged = merge_records(entry, items.get(new), "")
            if merged is not None:
                items[new] = merged
            moved.append((old, new))
        return moved


def log_fields(
    date: dt.date, hours: float, item: str = "", note: str = "", now: dt.datetime | None = None
) -> dict[str, Any]:
    """A new study-log entry's values (the one shape every way of logging writes)."""
    return {
        "date": date,
        "hours": hours,
        "created": now or utcnow(),
        "item": item,
        "note": clean_user_text(note),
    }


def finished_at(item: Record) -> dt.datetime:
    """When an item became done or skipped: its ``finished`` value, or, in a file
    written before that field, the stamp of its state (the moment it was set)."""
    value = item.values.get("finished")
    if isinstance(value, dt.datetime) and value != NOT_FINISHED:
        return value
    return item.when("state")


def first_day(items: Iterable[Record], log: Iterable[Record]) -> dt.date | None:
    """The learner's first day of study: the earliest day of a live log entry or
    of an item finished (local dates); None when there is neither.

    A start date is never after it: ``log`` moves the start date back to a
    day logged before it, and a start date the reader set aside falls back
    to it (``storage/progressfile.py``).
    """
    days = [
        entry.values["date"]
        for entry in log
        if not entry.deleted and isinstance(entry.values.get("date"), dt.date)
    ]
    days += [
        finished_at(item).astimezone().date()
        for item in items
        if not item.deleted and item.values.get("state") in COMPLETE_STATES
    ]
    return min(days, default=None)


def merge(mine: Progress, theirs: Progress) -> Progress:
    """Combine two copies of the same progress (the order does not matter).

    A collection both copies hold as the same pending text, in the same
    epoch, is that text on both sides: it stays pending, undecoded.
    """
    epoch = max(mine.epoch, theirs.epoch)
    tables: dict[str, dict[str, Record]] = {}
    pending: dict[str, Pending] = {}
    for name in mine.names() | theirs.names():
        a, b = mine.pending.get(name), theirs.pending.get(name)
        if a is not None and b is not None and a.digest == b.digest and mine.epoch == theirs.epoch:
            pending[name] = a
            continue
        ours = mine.table(name) if name in mine.names() else {}
        other = theirs.table(name) if name in theirs.names() else {}
        table: dict[str, Record] = {}
        for key in ours.keys() | other.keys():
            record = merge_records(ours.get(key), other.get(key), epoch)
            if record is not None:
                table[key] = record
        tables[name] = table
    out = Progress(
        path_id=mine.path_id,
        created=min(mine.created, theirs.created),
        tables=tables,
        epoch=epoch,
        schema=mine.schema,
        last=max(mine.last, theirs.last),
        pending=pending,
    )
    out.held = max(mine.held, theirs.held)
    out.device = mine.device
    return out
