"""The tracker's working state: changes, undo and redo, and saving, without any UI.

The Textual layer only asks this module to change something and shows what
comes back, so every rule here (undo depth, what a failed save keeps, what
counts as finishing a step, what undo leaves alone) is tested without running
an app.

Every change the tracker makes (an item's state or note, time logged with `t`
or the timer, a job application, a project, the settings, a reset) runs
through ``Tracker.record``: under the store's lock, with the file read in
first, so the change, and what it replaced, are decided on the file as it is
now. The fields it wrote become one undo entry: for each, the value before,
the stamp before, and the stamp the change gave it. Nothing in an entry is
particular to a collection, so a collection added to the schema is undone
like the others. (The review ratings planned for the schema are append-only:
taking one back would need a removal the design does not have, so a rating
is not written through ``record``.)

Another process (a second window, a shell command, a sync round) may hold
the lock. A key waits for it only briefly (``KEY_LOCK_SECONDS``): the change
is then made in memory, shown at once and left ``waiting``; the app says so
and saves it from a timer once the lock is free. The tracker's closing save
(``close``) waits a bounded time, then keeps what is unsaved in a conflict
copy beside the file, which the next save merges in (``sync/conflicts.py``).
The file itself is only ever written under the lock.

Undo and redo decide on the file too, read under the lock at that moment,
not on the tracker's last look at it (up to two seconds old). A field whose
stamp on disk is no longer the one this tracker's change gave it was changed
since, in another window, by a shell command or by a sync round, and is
kept as it is; the answer names it. Stamps, not values, tell: a field set
again to the same value elsewhere is a change too. Fields a reset dropped
have no stamp; those count as unchanged only while the file is still in the
reset's epoch (a reset elsewhere since starts another).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, compress
from operator import is_not
from pathlib import Path
from typing import Any, TypeVar

from pathtui.errors import InvalidValueError, LockBusyError, ProgressFileError, SaveError
from pathtui.model.estimate import Estimate
from pathtui.model.progress import LogEntry, Progress, Record
from pathtui.model.schema import BY_NAME, TOMBSTONE, Collection
from pathtui.model.timeleft import spell_day as spelled
from pathtui.services.session import Session

#: How many changes `u` can take back (the issue asks for at least 20), and `U` put again.
UNDO_LIMIT = 50
#: How long a key waits for another process's lock before its change is kept
#: in memory and saved later: a save takes milliseconds, and a key that waits
#: freezes the screen and keeps a closing signal from being handled.
KEY_LOCK_SECONDS = 0.2
#: The closing save waits this long at most for another process's lock, well
#: inside the 1.5 s a closing signal leaves (``app.EXIT_DEADLINE_SECONDS``);
#: after it, what is unsaved goes to a copy the next save merges in (``close``).
CLOSE_LOCK_SECONDS = 0.5
#: How many unsaved changes a closing message names (the rest are counted).
NAMED_CHANGES = 3
#: A field written only together with another of its record, so it is undone
#: (or kept) with that one: the moment an item was finished goes with its state.
FOLLOWS = {("items", "finished"): "state"}

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Write:
    """One field a change wrote: its value before, and the stamp the change gave it."""

    collection: str
    key: str
    name: str
    #: The value before the change; None if the field had never been written.
    before: Any
    #: The stamp the change left on the field ('' where a reset dropped it).
    stamp: str
    #: The stamp the field had before (what an earlier change in the history wrote).
    before_stamp: str = ""
    #: The record did not exist before the change (undoing removes it, if it can).
    created: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change: what it was called and the fields it wrote.

    After an undo or a redo, ``writes`` holds the fields put back and
    ``kept`` names those another window (or device, or sync round) changed
    in the meantime, which were left as they are.
    """

    label: str
    writes: tuple[Write, ...] = ()
    kept: tuple[str, ...] = field(default=())
    #: The file's epoch after the change (a reset's own epoch, for undoing it).
    epoch: str = ""
    #: After an undo or a redo: why a value could not be put back (the write
    #: path's one sentence), if one could not; '' otherwise.
    refused: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    """Something worth telling the learner after a change."""

    finished_step: int | None
    next_step: int | None
    path_finished: bool


def milestone(before: Estimate, after: Estimate) -> Milestone | None:
    """A step (or the whole path) that this change finished, if any."""
    if after.finished and not before.finished:
        return Milestone(finished_step=None, next_step=None, path_finished=True)
    for old, new in zip(before.steps, after.steps, strict=True):
        if new.finished and not old.finished:
            nxt = after.current_step.number if after.current_step else None
            return Milestone(finished_step=new.number, next_step=nxt, path_finished=False)
    return None


Tables = dict[str, dict[str, Record]]


def snapshot(progress: Progress) -> Tables:
    """The records as they are now (records are never changed in place, so
    copying the tables, not the records, keeps this moment)."""
    return {name: dict(table) for name, table in progress.tables.items()}


def diff(before: Tables, progress: Progress) -> tuple[Write, ...]:
    """Every field whose stamp differs between ``before`` and ``progress``:
    what a change made under the lock wrote (nothing else writes meanwhile)."""
    writes: list[Write] = []
    for name, table in progress.tables.items():
        old_table = before.get(name, {})
        for key in _changed_keys(old_table, table):
            record, old = table[key], old_table.get(key)
            for field_name, stamp in record.stamps.items():
                old_stamp = old.stamp(field_name) if old is not None else ""
                if stamp != old_stamp:
                    value = old.values[field_name] if old is not None and old_stamp else None
                    writes.append(
                        Write(name, key, field_name, value, stamp, old_stamp, old is None)
                    )
            if old is not None:  # fields a new epoch dropped
                for field_name in old.stamps.keys() - record.stamps.keys():
                    writes.append(_dropped(name, old, field_name))
        for key in old_table.keys() - table.keys():  # records a new epoch dropped
            old = old_table[key]
            if not old.deleted:  # a removed record stays removed
                writes += [_dropped(name, old, field_name) for field_name in old.stamps]
    return tuple(writes)


def _changed_keys(old: dict[str, Record], new: dict[str, Record]) -> Iterable[str]:
    """Keys whose record may differ: records are never changed in place (a
    write makes a new one), so a record at the same place in both tables that
    is the same object is unchanged, and the comparison runs in C (a tick on
    a path of thousands of items costs well under a millisecond here). Keys
    that moved are only extra candidates: ``diff`` compares their stamps."""
    keys = list(new)
    same_place = compress(keys, map(is_not, old.values(), new.values()))
    return chain(same_place, keys[len(old) :])


def _dropped(collection: str, old: Record, name: str) -> Write:
    return Write(collection, old.key, name, old.values[name], "", old.stamps[name])


def _storable(kind: Collection, name: str, value: Any) -> bool:
    """Whether a field's default may be written to it. A field never written
    reads as its default, but some defaults are no value to store (a required
    date): a register cannot be unwritten, so undo leaves such a field as it is."""
    try:
        kind.field(name).check(value)
    except ValueError:
        return False
    return True


def settings_label(settings: Record, changes: dict[str, Any]) -> str:
    """What a settings change is called in the undo toast: 'pace 10 → 12 h/week'."""
    parts = []
    for name, value in changes.items():
        old = getattr(settings, name)
        if value == old:
            continue
        if name == "hours_per_week":
            parts.append(f"pace {old:g} → {value:g} h/week")
        elif name == "review":
            parts.append(f"review {'on' if value else 'off'}")
        elif name == "study_days":
            parts.append(f"study days {old or 'none'} → {value or 'none'}")
        else:
            parts.append(f"{name.replace('_', ' ')} {old} → {value}")
    return " and ".join(parts) or "settings"


def _by_record(writes: Iterable[Write]) -> Iterator[tuple[tuple[str, str], list[Write]]]:
    """The writes grouped by record, in the order first written."""
    groups: dict[tuple[str, str], list[Write]] = {}
    for write in writes:
        groups.setdefault((write.collection, write.key), []).append(write)
    yield from groups.items()


class Tracker:
    """Wraps a Session with undo, redo and a save that never loses a change."""

    def __init__(
        self,
        session: Session,
        undo_limit: int = UNDO_LIMIT,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        self.session = session
        session.store.lock_wait = KEY_LOCK_SECONDS  # a refresh's write-back too
        #: Changes `u` takes back, the last one last.
        self.history: deque[Change] = deque(maxlen=undo_limit)
        #: Undone changes `U` puts again, the last undone last (a new change clears it).
        self.future: deque[Change] = deque(maxlen=undo_limit)
        #: True while a change exists only in memory (the last save failed).
        self.unsaved = False
        #: True while the last save found another process holding the lock: the
        #: change waits in memory, and ``on_wait`` was told (the app retries).
        self.waiting = False
        self.on_wait = on_wait
        #: What the changes not saved yet are called, for a closing message.
        self.pending: list[str] = []

    # -- reading

    def state(self, item_id: str) -> str:
        return self.session.progress.state(item_id)

    def note(self, item_id: str) -> str:
        return self.session.progress.note(item_id)

    def title(self, item_id: str) -> str:
        found = self.session.path.find(item_id)
        return found[1].title if found else item_id

    # -- changing (each saves at once; a failed save leaves ``unsaved`` set)

    def record(self, label: str, change: Callable[[], T]) -> T:
        """Run ``change`` (anything that writes to the session's progress) on the
        file as it is now, save, and remember what it wrote so `u` can take it back.

        The store's lock is held throughout and the file is read in first. If
        the lock or the file can't be had, the change is made in memory all
        the same, and the save that follows says why it failed; if another
        process holds the lock, it waits in memory (``waiting``).
        """
        with self._fresh(strict=False):
            before = snapshot(self.session.progress)
            try:
                result = change()
            finally:
                writes = diff(before, self.session.progress)
                if writes:
                    self.history.append(Change(label, writes, epoch=self.session.progress.epoch))
                    self.future.clear()
                    self.changed(label)
            if writes:
                self.save()
            return result

    def changed(self, label: str) -> None:
        """A change not saved yet: ``save`` writes it, a closing message names it."""
        self.unsaved = True
        self.pending.append(label)

    def set_state(self, item_id: str, state: str) -> bool:
        if state == self.state(item_id):
            return self.restamp_state(item_id, state)
        label = f"{self.title(item_id)} → {state}"
        return self.record(label, lambda: self.session.set_state(item_id, state))

    def restamp_state(self, item_id: str, state: str) -> bool:
        """A key that names the state an item has already (`l` on a learning item)
        is still the learner's latest word: stamp it anew and save, so it wins
        over an older change from another device at the next sync. Nothing
        changes on screen, so there is nothing for `u` to take back. True only
        if the file read in under the lock held another state after all."""
        with self._fresh(strict=False):
            progress = self.session.progress
            record = progress.items.get(item_id)
            old = record.stamp("state") if record is not None else ""
            changed = self.session.set_state(item_id, state, restamp=True)
            if not changed:  # the change in the history that set it still owns it for `u`
                new = progress.items[item_id].stamp("state")
                self._restamp(self.history, Write("items", item_id, "state", state, new, old), new)
        self.changed(f"{self.title(item_id)} → {state}")
        self.save()
        return changed

    def toggle_done(self, item_id: str) -> bool:
        """Done becomes todo again; anything else becomes done."""
        return self.set_state(item_id, "todo" if self.state(item_id) == "done" else "done")

    def set_note(self, item_id: str, note: str) -> bool:
        label = f"note on {self.title(item_id)}"
        return self.record(label, lambda: self.session.set_note(item_id, note))

    def set_settings(
        self,
        hours_per_week: float,
        start_date: dt.date,
        review: bool | None = None,
        retention: float | None = None,
        plan: tuple[str, str] | None = None,
    ) -> bool:
        """The settings screen's answers; review, retention and the study plan
        (days, time) only when given."""
        settings = self.session.progress.settings
        changes: dict[str, Any] = {"hours_per_week": hours_per_week, "start_date": start_date}
        if review is not None:
            changes["review"] = review
        if retention is not None:
            changes["retention"] = retention
        if plan is not None:
            changes["study_days"], changes["study_time"] = plan
        label = settings_label(settings, changes)
        return self.record(label, lambda: self.session.change_settings(**changes))

    def log_time(self, hours: float, day: dt.date, item: str = "", note: str = "") -> LogEntry:
        """Log study time through the Session's checks (``t`` and the timer)."""
        from pathtui.model.durations import format_hours

        label = f"{format_hours(hours)} logged on {spelled(day)}"
        if item:
            label += f" on {self.title(item)}"
        return self.record(label, lambda: self.session.log_time(hours, day, item=item, note=note))

    def start(self, hours_per_week: float, start_date: dt.date) -> None:
        """The welcome's answers: saved even if they match the defaults (that
        creates the progress file), and not something to undo."""
        self.session.change_settings(hours_per_week=hours_per_week, start_date=start_date)
        self.changed(f"pace {hours_per_week:g} h/week")

    def reset(self) -> Path | None:
        """Back up and clear, as one change `u` takes back field by field; on
        failure the progress in memory is untouched."""
        kept = copy.deepcopy(self.session.progress)

        def clear() -> Path | None:
            self.session.progress, backup = self.session.store.reset(self.session.progress)
            return backup

        try:
            return self.record("the reset", clear)
        except BaseException:
            self.session.progress = kept
            raise

    # -- undo and redo

    def undo(self) -> Change | None:
        """Take back the last change where nothing changed it since (see the
        module's docstring); None if there is nothing to undo. Raises SaveError
        or ProgressFileError, undoing nothing, if the file can't be read under
        the lock."""
        return self._step(self.history, self.future)

    def redo(self) -> Change | None:
        """Put the last undone change back, on the same terms as undo."""
        return self._step(self.future, self.history)

    def _step(self, source: deque[Change], target: deque[Change]) -> Change | None:
        if not source:
            return None
        with self._fresh(strict=True):
            change = source.pop()
            done, kept, again, refused = self._invert(change, source)
            if again.writes:
                target.append(again)
                self.changed(f"{'undo' if source is self.history else 'redo'} of {change.label}")
                self.save()  # a failure leaves ``unsaved`` set; the caller's save says why
        return replace(change, writes=done, kept=kept, refused=refused)

    def _invert(
        self, change: Change, rest: deque[Change]
    ) -> tuple[tuple[Write, ...], tuple[str, ...], Change, str]:
        """Write back what ``change`` replaced where nothing changed since,
        through the Session's one write path, so a value the reader would
        refuse is not put back either.

        Returns the writes put back, the names of the fields kept, the
        change that would put ``change`` again (for the other stack), and why
        a record's values were refused ('' if none was).
        """
        progress = self.session.progress
        done: list[Write] = []
        kept: list[str] = []
        again: list[Write] = []
        refused = ""
        for (collection, key), writes in _by_record(change.writes):
            kind = BY_NAME[collection]
            prior = progress.tables[collection].get(key)

            def moved(write: Write, prior: Record | None = prior) -> bool:
                now = prior.stamp(write.name) if prior is not None else ""
                return now != write.stamp or (not now and progress.epoch != change.epoch)

            since = [w for w in writes if moved(w)]
            leaders = {w.name for w in since}
            since += [
                w for w in writes if w not in since and FOLLOWS.get((collection, w.name)) in leaders
            ]
            kept += [
                w.name for w in since if w.name not in kept and (collection, w.name) not in FOLLOWS
            ]
            values: dict[str, Any] = {}
            added = kind.tombstone and any(w.created for w in writes)
            if added:
                if since:  # a record this change added, changed since: it stays whole
                    continue
                restore, values = writes, {TOMBSTONE: True}
            else:
                restore = [w for w in writes if w not in since]
                for write in restore:
                    if write.before is not None:
                        values[write.name] = write.before
                    elif _storable(kind, write.name, kind.default(write.name)):
                        values[write.name] = kind.default(write.name)
            if values:
                try:
                    self.session.write(collection, key, values, force=True)
                except InvalidValueError as exc:  # nothing of this record was written
                    refused = refused or str(exc)
                    continue
            after = progress.tables[collection].get(key)
            for name in values:
                stamp = after.stamp(name) if after is not None else ""
                if prior is None or stamp != prior.stamp(name):
                    before = prior.values[name] if prior and prior.stamp(name) else None
                    again.append(
                        Write(
                            collection,
                            key,
                            name,
                            before,
                            stamp,
                            prior.stamp(name) if prior else "",
                            prior is None,
                        )
                    )
            if not added:
                for write in restore:
                    now = after.stamp(write.name) if after is not None else ""
                    self._restamp(rest, write, now)
            done += restore
        again_change = Change(change.label, tuple(again), epoch=progress.epoch)
        return tuple(done), tuple(kept), again_change, refused

    @staticmethod
    def _restamp(stack: deque[Change], undone: Write, stamp: str) -> None:
        """The earlier change that wrote what an undo put back now owns the
        undo's stamp, so undoing it too is not mistaken for someone else's edit
        (the same for redo, on the stack of undone changes)."""
        if not undone.before_stamp and not stamp:
            return
        wanted = (undone.collection, undone.key, undone.name, undone.before_stamp)
        for index, change in enumerate(stack):
            writes = tuple(
                replace(w, stamp=stamp) if (w.collection, w.key, w.name, w.stamp) == wanted else w
                for w in change.writes
            )
            if writes != change.writes:
                stack[index] = replace(change, writes=writes)

    # -- the file

    @contextmanager
    def _fresh(self, *, strict: bool) -> Iterator[None]:
        """Hold the store's lock with the file read in. ``strict``: raise when
        that can't be done (undo and redo must decide on the file); otherwise
        carry on with what is in memory (in memory only, while another process
        holds the lock: nothing inside waits for it)."""
        with ExitStack() as stack:
            try:
                stack.enter_context(self.session.store.locked(self._lock_wait()))
                self.refresh()
            except LockBusyError:
                if strict:
                    raise
                self._wait()
                stack.enter_context(self.session.in_memory())
            except (SaveError, ProgressFileError):
                if strict:
                    raise
            yield

    def _lock_wait(self) -> float | None:
        """None (the store's brief wait), or none at all while a change waits
        for the lock already: it was held a moment ago, and every key that
        waited again would freeze the screen again."""
        return 0.0 if self.waiting else None

    def _wait(self) -> None:
        self.waiting = True
        if self.on_wait is not None:
            self.on_wait()

    def save(self, wait: float | None = None) -> str | None:
        """Save everything unsaved; the error sentence if that failed. Waits
        ``wait`` seconds at most for another process's lock (by default
        briefly, or not at all while ``waiting``); if it is still held, the
        change waits in memory (``waiting``) and this returns None."""
        if not self.unsaved:
            return None
        try:
            with self.session.store.locked(self._lock_wait() if wait is None else wait):
                self.session.save()
        except LockBusyError:
            self._wait()
            return None
        except (SaveError, ProgressFileError) as exc:
            self.waiting = False
            return str(exc)
        self.unsaved = self.waiting = False
        self.pending.clear()
        return None

    def close(self, wait: float = CLOSE_LOCK_SECONDS, now: dt.datetime | None = None) -> str | None:
        """The last save, as the tracker closes: waits ``wait`` seconds at most
        for another process's lock. If it is still held, what is unsaved is
        kept in a conflict copy beside the file, which the next save merges in;
        the sentence says so (or, if even that failed, what was not saved)."""
        error = self.save(wait)
        if not self.waiting:
            return error
        from pathtui.storage.progressfile import dumps
        from pathtui.sync.conflicts import keep_copy

        store = self.session.store
        what = self._pending_words()
        try:
            store.writable_problem()
            copy = keep_copy(store.file, dumps(self.session.progress), now or dt.datetime.now())
        except (OSError, ProgressFileError) as exc:
            return (
                f"Another pathtui held the lock on {store.file} as the tracker closed, and "
                f"no copy could be kept either ({exc}): {what} not saved; make it again."
            )
        return (
            f"Another pathtui held the lock on {store.file} as the tracker closed, so {what} "
            f"went to {copy}; pathtui merges it in at its next save or start."
        )

    def _pending_words(self) -> str:
        """'your last change (Variables → done)', naming a few, counting the rest."""
        labels = list(dict.fromkeys(self.pending))
        if not labels:
            return "your last change"
        named = "; ".join(labels[:NAMED_CHANGES])
        more = len(labels) - NAMED_CHANGES
        if more > 0:
            named += f" and {more} more"
        return f"your last change{'s' if len(labels) > 1 else ''} ({named})"

    def refresh(self) -> bool:
        """Take in what another pathtui saved (and write back a merge that holds
        more than the file); raises ProgressFileError if the file became
        unreadable (it is then left alone). A failed write-back leaves the
        merge unsaved, so the next save or quit tries again and says why."""
        try:
            return self.session.refresh()
        except LockBusyError:
            self.unsaved = True
            self._wait()
            return True
        except SaveError:
            self.unsaved = True
            return True
