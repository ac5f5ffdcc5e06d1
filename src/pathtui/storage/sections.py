"""What pathtui has read of a progress file before, so the next command need not read it again.

A progress file is one section per collection (the settings, the items, the
study log...), and a command usually changes one: ticking an item rewrote
and re-read thousands of log lines it never looked at. This index, one small
file per progress file in the cache folder, remembers for each collection
the digest of texts pathtui has read in full or written itself, with what
it found in them: the newest and oldest stamps, how many records, and the
log's totals (``progress.log_totals``). ``fastread.read`` leaves a collection
whose digest is known *pending*: its text is kept, not decoded; ``dumps``
writes it back as it was read, and the model decodes it only if something
asks for its records. A large collection a command wrote (or decoded and
wrote back unchanged: the review ratings a status summary replays) keeps its
records beside the index (a *rows* file, ``marshal`` data headed by the
digest of the text they were written as), so decoding it, as a tick on a
path of thousands of items must, costs a fraction of reading its lines;
the rows written after that tick are the rows read, but for the records it
changed (a record is never changed in place, so the same object packs to
the same row). A tick that changes a few records of thousands writes only
those (a *delta* beside the rows: the text it makes, the rows' text it
starts from, and the records that differ); the next command applies it to
the rows it maps. Once the delta holds many records, the rows are written
whole again.

Every guarantee stays, because this is derived data checked by content:
the file is still read whole (its bytes, and the digest of each section,
on every load), still written whole and atomically under the lock, merged
with what is on disk. An entry is used only for a section whose bytes have
that very digest (blake2b-128, which no remote can be made to collide with),
so a file changed by another device, a sync tool or a hand edit simply
misses and is read in full. What ``fastread`` accepts is byte for byte what
``dumps`` writes, so a pending section is what every other device writes for
the same records. A lost, stale or damaged index only costs a full read. It
is never fsynced, and it is keyed by the pathtui and Python versions (the
marshal format and the reader both belong to one).
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
import os
import sys

from pathtui import __version__
from pathtui.errors import ProgressFileError
from pathtui.model.progress import Progress, Record, log_totals
from pathtui.model.schema import COLLECTIONS, LOG, Collection
from pathtui.storage import fastread, locations
from pathtui.storage.statuscache import digest as name_digest
from pathtui.storage.statuscache import replace_cache_file

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any

    from pathtui.storage.fastread import Info

    Row = tuple[str, str | None, dict[str, Any], dict[str, str]]
    #: What a save writes for one collection: (the digest of the rows' text a
    #: delta applies to, or None for all the rows; the rows; the keys gone).
    Rows = tuple[bytes | None, list[Row], list[str]]

#: Bump when what an entry or a rows file holds changes.
INDEX_VERSION = 1
PREFIX = ".progress-index-"
ROWS_PREFIX = ".progress-rows-"
#: A collection of at least this many records keeps its decoded records
#: beside the index (``rows``): decoding them from there is several times
#: faster than reading their lines, which a path of thousands of items
#: needs on every tick.
ROWS_MIN_RECORDS = 256
DIGEST_BYTES = 16
#: Texts remembered per collection: the current one and a few before it, so
#: a sync round finds the version the remote shares with this device.
KEEP = 4
#: A save writes a delta (not the whole rows) while the records that differ
#: from the rows number at most this, or this share of the collection if more.
DELTA_MIN_RECORDS = 64
DELTA_SHARE = 8
DELTA_SUFFIX = "delta"


def index_file(cache_dir: str, file: Path | str, rows: str = "", delta: bool = False) -> str:
    """The index of one progress file, named by its absolute path (or, with
    ``rows``, the file of that collection's records, or its delta)."""
    name = name_digest(os.path.abspath(file))
    if rows:
        tail = f"-{DELTA_SUFFIX}" if delta else ""
        return os.path.join(cache_dir, f"{ROWS_PREFIX}{name}-{rows}{tail}.bin")
    return os.path.join(cache_dir, f"{PREFIX}{name}.bin")


def _mapped(file: str, digest: bytes) -> memoryview | None:
    """A rows or delta file mapped (not read), if it starts with ``digest``."""
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError:
        return None
    try:
        if os.pread(fd, DIGEST_BYTES, 0) != digest:
            return None
        import mmap

        return memoryview(mmap.mmap(fd, 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


class Index:
    """One progress file's index (``fastread.Index``): read on first use, written
    by ``save`` only when something was added."""

    def __init__(self, file: Path | str, cache_dir: str | None = None) -> None:
        self.file = os.path.abspath(file)
        if cache_dir is None:
            try:
                cache_dir = locations.cache_dir_name()
            except ProgressFileError:  # no home folder: no cache, every read in full
                cache_dir = None
        self.cache_dir = cache_dir
        self.slot = index_file(cache_dir, self.file) if cache_dir else None
        self._sections: dict[str, list[list[object]]] | None = None
        self.changed = False
        #: Rows to write by ``save``, by collection: (digest, what to write).
        self._new_rows: dict[str, tuple[bytes, Rows]] = {}
        #: Large collections read with no rows for their text, by (name, digest):
        #: one a command decodes and writes back unchanged gets its rows then.
        self._unrowed: set[tuple[str, bytes]] = set()
        #: The last text written, and the progress it was written from (``note``).
        self._written: tuple[Progress, bytes] | None = None
        #: Rows decoded from a rows file (and its delta), by collection and key,
        #: each with the record made from it: a record is never changed in
        #: place, so the same object still packs to the same row, and a save
        #: packs only new ones.
        self._decoded: dict[str, dict[str, tuple[Record, Row]]] = {}
        #: Per collection decoded from rows: the digest of the rows' own text,
        #: and the keys whose record came from the rows (not the delta).
        self._base: dict[str, tuple[bytes, set[str]]] = {}

    def _entries(self) -> dict[str, list[list[object]]]:
        if self._sections is None:
            self._sections = self._read()
        return self._sections

    def _read(self) -> dict[str, list[list[object]]]:
        if self.slot is None:
            return {}
        try:
            with open(self.slot, "rb") as handle:
                data = marshal.loads(handle.read())
            if (
                data["v"] != INDEX_VERSION
                or data["py"] != sys.hexversion
                or data["pathtui"] != __version__
                or data["file"] != self.file
            ):
                return {}
            sections = data["sections"]
            if not isinstance(sections, dict):
                return {}
            return sections
        except (OSError, ValueError, EOFError, KeyError, TypeError):
            return {}

    def get(self, name: str, digest: bytes) -> Info | None:
        for entry in self._entries().get(name, ()):
            if entry[0] == digest:
                newest, oldest, count, totals = entry[1:]
                return newest, oldest, count, totals  # type: ignore[return-value]
        return None

    def put(self, name: str, digest: bytes, info: Info) -> None:
        known = self._entries().setdefault(name, [])
        known[:] = [[digest, *info], *(e for e in known if e[0] != digest)][:KEEP]
        self.changed = True

    def note(self, progress: Progress, text: bytes) -> None:
        """``text`` was just written from ``progress``: remember its sections
        when the index is next saved (a save does nothing else but write)."""
        self._written = (progress, text)
        self.changed = True

    def _remember(self, progress: Progress, text: bytes) -> None:
        """A pending collection is already known; one ``dumps`` wrote from
        records gets its entry from those records (they are what a read of
        the text gives back), so the next command reads none of it. A large
        one that was known but had no rows (another device wrote it, or a
        release before) gets them now, from the same records."""
        parts = fastread.split(text)
        if parts is None:
            return
        bodies = parts[1]
        for kind in COLLECTIONS:
            body = bodies[kind.name]
            if kind.singleton or not body or kind.name in progress.pending:
                continue
            key = fastread.digest(body)
            known = self.get(kind.name, key) is not None
            if known and (kind.name, key) not in self._unrowed:
                continue
            table = progress.table(kind.name)
            if not known:
                self.put(kind.name, key, _info(kind.name, table))
            if len(table) >= ROWS_MIN_RECORDS:
                self._new_rows[kind.name] = (key, self._rows(kind, table))
            self._unrowed.discard((kind.name, key))

    def _rows(self, kind: Collection, table: dict[str, Record]) -> Rows:
        """What to write for ``table``: every row, or, when it was decoded from
        rows it differs little from, a delta to them (the differing rows and
        the keys that are gone)."""
        decoded = self._decoded.get(kind.name, {})
        base = self._base.get(kind.name)
        if base is not None:
            base_digest, from_base = base
            differ = [
                _row_of(kind, record, decoded)
                for key, record in table.items()
                if key not in from_base or decoded[key][0] is not record
            ]
            gone = [key for key in from_base if key not in table]
            if len(differ) + len(gone) <= max(DELTA_MIN_RECORDS, len(table) // DELTA_SHARE):
                return base_digest, differ, gone
        return None, [_row_of(kind, record, decoded) for record in table.values()], []

    def decoder(self, kind: Collection, digest: bytes) -> Callable[[bytes], dict[str, Record]]:
        """How a pending collection gets its records: from its rows file when that
        holds this very text's records, else by reading its lines.

        The rows file is mapped now, not read: a command that never asks for
        the records never pages them in (a replaced rows file is a new file,
        so the mapping keeps what it mapped).
        """
        rows: memoryview | None = None
        delta: memoryview | None = None
        base = digest
        if self.cache_dir:
            rows_file = index_file(self.cache_dir, self.file, kind.name)
            rows = _mapped(rows_file, digest)
            if rows is None:
                # A delta from the rows' text to this one?
                changed = _mapped(index_file(self.cache_dir, self.file, kind.name, True), digest)
                if changed is not None:
                    base = bytes(changed[DIGEST_BYTES : 2 * DIGEST_BYTES])
                    rows = _mapped(rows_file, base)
                    delta = changed if rows is not None else None
            info = self.get(kind.name, digest)
            if rows is None and info is not None and info[2] >= ROWS_MIN_RECORDS:
                self._unrowed.add((kind.name, digest))
        return functools.partial(
            decode,
            kind,
            rows,
            self._decoded.setdefault(kind.name, {}),
            delta=delta,
            based=functools.partial(self._based, kind.name, base),
        )

    def _based(self, name: str, base: bytes, from_base: set[str] | None) -> None:
        """``decode`` used the rows of the text ``base`` (None: it did not)."""
        if from_base is None:
            self._base.pop(name, None)
        else:
            self._base[name] = (base, from_base)

    def save(self) -> None:
        """Best effort, never fsynced: a lost index only means a full read next time.

        Rows go first: a rows file is used only for the text whose digest it
        starts with, so it never needs the index to be right.
        """
        if not self.changed or self.slot is None or self.cache_dir is None:
            return
        if self._written is not None:
            self._remember(*self._written)
            self._written = None
        self.changed = False
        for name, (digest, (base, rows, gone)) in self._new_rows.items():
            if base is None:
                packed = marshal.dumps((INDEX_VERSION, sys.hexversion, __version__, rows))
                replace_cache_file(index_file(self.cache_dir, self.file, name), digest + packed)
            else:
                packed = marshal.dumps((INDEX_VERSION, sys.hexversion, __version__, rows, gone))
                replace_cache_file(
                    index_file(self.cache_dir, self.file, name, True), digest + base + packed
                )
        self._new_rows.clear()
        data = {
            "v": INDEX_VERSION,
            "py": sys.hexversion,
            "pathtui": __version__,
            "file": self.file,
            "sections": self._entries(),
        }
        replace_cache_file(self.slot, marshal.dumps(data))


#: Per collection: the fields kept as ordinals (dates) and as ISO text (times),
#: which marshal cannot hold as they are.
_DATES = {c.name: tuple(f.name for f in c.fields if f.kind == "date") for c in COLLECTIONS}
_TIMES = {c.name: tuple(f.name for f in c.fields if f.kind == "time") for c in COLLECTIONS}


def _pack(kind: Collection, record: Record) -> Row:
    values = record.values
    dates, times = _DATES[kind.name], _TIMES[kind.name]
    if dates or times:
        values = dict(values)
        for name in dates:
            if name in values:
                values[name] = values[name].toordinal()
        for name in times:
            if name in values:
                values[name] = values[name].isoformat()
    return record.key, record.line, values, record.stamps


def decode(
    kind: Collection,
    rows: memoryview | None,
    decoded: dict[str, tuple[Record, Row]],
    body: bytes,
    *,
    delta: memoryview | None = None,
    based: Callable[[set[str] | None], None] | None = None,
) -> dict[str, Record]:
    """A pending collection's records: unpacked from its rows (and the delta
    from their text to this one) when they are for this release, else read
    from its lines (``fastread``). Rows used are kept in ``decoded``, beside
    the record each one made; ``based`` is told which keys the rows gave."""
    if rows is not None:
        try:
            version, python, release, packed = marshal.loads(rows[DIGEST_BYTES:])
            changes = None
            if delta is not None:
                changes = marshal.loads(delta[2 * DIGEST_BYTES :])
                if changes[:3] != (version, python, release):
                    raise ValueError("a delta of another release")
            if (version, python, release) == (INDEX_VERSION, sys.hexversion, __version__):
                table = _unpack(kind, packed, decoded)
                from_base = set(table)
                if changes is not None:
                    differ, gone = changes[3], changes[4]
                    for key in gone:
                        table.pop(key)
                        decoded.pop(key)
                        from_base.discard(key)
                    _unpack(kind, differ, decoded, into=table)
                    from_base.difference_update(row[0] for row in differ)
                if based is not None:
                    based(from_base)
                return table
        except (ValueError, EOFError, TypeError, KeyError, AttributeError, IndexError):
            decoded.clear()
    if based is not None:
        based(None)
    return fastread.decode(kind, body)


def _unpack(
    kind: Collection,
    packed: list[Row],
    decoded: dict[str, tuple[Record, Row]],
    into: dict[str, Record] | None = None,
) -> dict[str, Record]:
    """The records, each beside its row in ``decoded`` (added to ``into``, the
    records of the rows a delta applies to, else all there is). A row keeps
    its values as packed (a record with dates or times gets converted
    copies), so it can be written again as it is."""
    dates, times = _DATES[kind.name], _TIMES[kind.name]
    from_ordinal, from_iso = dt.date.fromordinal, dt.datetime.fromisoformat
    table: dict[str, Record] = {} if into is None else into
    made: dict[str, tuple[Record, Row]] = {}
    for row in packed:
        key, line, values, stamps = row
        for name in dates:
            if name in values:
                values = {**values, name: from_ordinal(values[name])}
        for name in times:
            if name in values:
                values = {**values, name: from_iso(values[name])}
        record = Record(kind, key, values, stamps)
        record.line = line
        table[key] = record
        made[key] = (record, row)
    if into is None:
        decoded.clear()
    decoded.update(made)
    return table


def _row_of(kind: Collection, record: Record, decoded: dict[str, tuple[Record, Row]]) -> Row:
    """A record's row: the one it was unpacked from, else packed now."""
    known = decoded.get(record.key)
    return known[1] if known is not None and known[0] is record else _pack(kind, record)


def _info(name: str, table: dict[str, Record]) -> Info:
    """What a read of this collection's text would find (``fastread._section``)."""
    written = [r for r in table.values() if r.stamps]
    stamps = [s for r in written for s in r.stamps.values()]
    totals = None
    if name == LOG.name:
        from pathtui.model.progress import order_key

        totals = log_totals(sorted(written, key=lambda e: order_key(LOG, e)))
    return max(stamps, default=""), min(stamps, default=""), len(written), totals
