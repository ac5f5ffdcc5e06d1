"""Collections read before stay undecoded, and nothing a read or a write gives changes.

``fastread.read`` with an index (``storage/sections.py``) leaves a collection
whose text it has read before *pending*: kept as text, decoded on first use,
written back as it was. These properties hold it to the plain read: for any
progress and any edit of one collection, a read through the index equals the
full read (``last`` and the log's totals included), writes the same bytes,
and merges to the same bytes; a damaged, foreign or missing index is only a
full read; and what the store writes after a change is what a store without
an index writes.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import marshal
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathtui.model.progress import Progress, Record, merge
from pathtui.model.schema import COLLECTIONS, LOG, Collection
from pathtui.storage import fastread, sections
from pathtui.storage.progressfile import dumps
from pathtui.storage.store import Store
from storage.test_round_trip_properties import progresses

PROPERTIES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: A fixed moment for writes two stores must stamp alike.
LATER = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
#: Collections an index may leave pending (the settings are always read).
LAZY = [kind.name for kind in COLLECTIONS if not kind.singleton]


class Memory:
    """An index kept in a dict (``fastread.Index``), to see what it was told."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, bytes], fastread.Info] = {}

    def get(self, name: str, digest: bytes) -> fastread.Info | None:
        return self.entries.get((name, digest))

    def put(self, name: str, digest: bytes, info: fastread.Info) -> None:
        self.entries[(name, digest)] = info

    def decoder(self, kind: Collection, digest: bytes) -> Callable[[bytes], dict[str, Record]]:
        return functools.partial(fastread.decode, kind)


def full(raw: bytes, path_id: str) -> Progress:
    progress = fastread.read(raw, path_id)
    assert progress is not None, "a file dumps() wrote takes the fast path"
    assert not progress.pending
    return progress


def same_as_full(lazy: Progress, raw: bytes, path_id: str) -> None:
    """Everything a reader can ask of ``lazy`` is what the full read answers."""
    plain = full(raw, path_id)
    assert lazy.last == plain.last
    assert lazy.log_totals() == plain.log_totals()
    assert dumps(lazy).encode("utf-8") == raw  # the pending text, as it was read
    assert lazy == plain  # (decodes every pending collection)
    assert not lazy.pending


@pytest.mark.slow
@PROPERTIES
@given(progresses())
def test_a_second_read_leaves_every_collection_pending_and_gives_the_same(
    progress: Progress,
) -> None:
    raw = dumps(progress).encode("utf-8")
    index = Memory()
    first = fastread.read(raw, progress.path_id, index)
    assert first is not None and not first.pending  # nothing known yet: all read
    second = fastread.read(raw, progress.path_id, index)
    assert second is not None
    nonempty = {n for n in LAZY if progress.tables[n]}
    assert set(second.pending) == nonempty
    same_as_full(second, raw, progress.path_id)


@pytest.mark.slow
@PROPERTIES
@given(progresses(), progresses(), st.sampled_from(LAZY))
def test_a_collection_edited_elsewhere_is_read_and_the_rest_stays_pending(
    progress: Progress, other: Progress, changed: str
) -> None:
    before = dumps(progress).encode("utf-8")
    edited = copy.deepcopy(progress)
    edited.tables[changed] = other.tables[changed]  # another device's version of it
    after = dumps(edited).encode("utf-8")
    index = Memory()
    fastread.read(before, progress.path_id, index)
    lazy = fastread.read(after, progress.path_id, index)
    assert lazy is not None
    for name in LAZY:
        if name != changed and progress.tables[name]:
            assert name in lazy.pending
    same_as_full(lazy, after, progress.path_id)


@pytest.mark.slow
@PROPERTIES
@given(progresses(), progresses(), st.sampled_from(LAZY))
def test_merging_pending_copies_gives_the_bytes_of_merging_full_reads(
    progress: Progress, other: Progress, changed: str
) -> None:
    ours = dumps(progress).encode("utf-8")
    edited = copy.deepcopy(progress)
    edited.tables[changed] = other.tables[changed]
    theirs = dumps(edited).encode("utf-8")
    index = Memory()
    fastread.read(ours, progress.path_id, index)
    fastread.read(theirs, progress.path_id, index)

    def lazy(raw: bytes) -> Progress:
        found = fastread.read(raw, progress.path_id, index)
        assert found is not None
        return found

    want = dumps(merge(full(ours, progress.path_id), full(theirs, progress.path_id)))
    assert dumps(merge(lazy(ours), lazy(theirs))) == want
    assert dumps(merge(lazy(theirs), lazy(ours))) == want
    assert dumps(merge(lazy(ours), lazy(ours))) == ours.decode("utf-8")


# --------------------------------------------------------------------------- the index file


def _progress_file(tmp_path: Path) -> tuple[Path, bytes]:
    """A store-written file with items and a log, and its bytes."""
    file = tmp_path / "data" / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    for item in ("basics-loops", "basics-lists", "web-http"):
        progress.set_state(item, "done")
    for day in range(1, 6):
        progress.add_log(dt.date(2026, 3, day), 1.5, item="basics-loops", note=f"day {day}")
    store.save(progress)
    store.keep_index()
    return file, file.read_bytes()


def test_the_store_reads_its_own_writes_without_decoding_them(tmp_path: Path) -> None:
    file, raw = _progress_file(tmp_path)
    store = Store("backend", file)
    lazy = store.load(10)
    assert set(lazy.pending) == {"items", LOG.name}
    same_as_full(lazy, raw, "backend")


@pytest.mark.parametrize(
    "damage",
    ["garbage", "empty", "other version", "other file", "no index"],
)
def test_a_damaged_or_foreign_index_is_only_a_full_read(tmp_path: Path, damage: str) -> None:
    file, raw = _progress_file(tmp_path)
    slot = Path(sections.Index(file).slot or "")
    assert slot.is_file(), "the store's first save wrote the index"
    if damage == "garbage":
        slot.write_bytes(b"\x00not marshal at all")
    elif damage == "empty":
        slot.write_bytes(b"")
    elif damage == "no index":
        slot.unlink()
    else:
        data = marshal.loads(slot.read_bytes())
        if damage == "other version":
            data["pathtui"] = "0.0.0"
        else:
            data["file"] = str(tmp_path / "someone-else.toml")
        slot.write_bytes(marshal.dumps(data))
    progress = Store("backend", file).load(10)
    assert not progress.pending, "an index it cannot trust is not used"
    same_as_full(progress, raw, "backend")


def test_a_change_saved_through_the_index_writes_what_a_full_read_writes(
    tmp_path: Path,
) -> None:
    file, raw = _progress_file(tmp_path)
    twin = tmp_path / "twin" / "backend.toml"
    twin.parent.mkdir()
    twin.write_bytes(raw)
    lazy_store, plain_store = Store("backend", file), Store("backend", twin)
    plain_store.index = sections.Index(twin, cache_dir="")  # no cache folder: no index
    lazy, plain = lazy_store.load(10), plain_store.load(10)
    assert LOG.name in lazy.pending and not plain.pending
    assert lazy.last == plain.last
    for progress in (lazy, plain):
        progress.device = "0a0a0a0a"
        progress.set_state("web-http", "todo", now=LATER)
    lazy_store.save(lazy)
    plain_store.save(plain)
    assert LOG.name in lazy.pending, "ticking an item never decodes the log"
    assert file.read_bytes() == twin.read_bytes()


def test_a_file_changed_by_someone_else_is_merged_as_before(tmp_path: Path) -> None:
    """Another writer changes the log while this store holds it pending: the save
    merges the two, and the result is what merging full reads gives."""
    file, _ = _progress_file(tmp_path)
    mine_store = Store("backend", file)
    mine = mine_store.load(10)
    theirs_store = Store("backend", file)
    theirs = theirs_store.load(10)
    theirs.device = "0b0b0b0b"
    theirs.add_log(dt.date(2026, 3, 9), 2.0, note="from the other window")
    theirs_store.save(theirs)
    mine.device = "0a0a0a0a"
    mine.set_state("basics-variables", "learning")
    kept = copy.deepcopy(mine)
    mine_store.save(mine)
    on_disk = full(file.read_bytes(), "backend")
    assert on_disk.state("basics-variables") == "learning"
    assert any(e.note == "from the other window" for e in on_disk.live_log())
    assert dumps(on_disk) == dumps(merge(kept, full(theirs_store._seen or b"", "backend")))


# --------------------------------------------------------------------------- rows


def _big_file(tmp_path: Path) -> tuple[Path, bytes]:
    """A file whose log is large enough to keep its records beside the index."""
    file = tmp_path / "data" / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    for n in range(sections.ROWS_MIN_RECORDS + 20):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=n % 300)
        progress.add_log(day, 0.25 + n % 4, item="basics-loops" if n % 3 else "", note=str(n))
        if n % 50 == 0:
            progress.remove_log(next(iter(progress.table(LOG.name))))
    store.save(progress)
    store.keep_index()
    return file, file.read_bytes()


def _rows_file(file: Path) -> Path:
    index = sections.Index(file)
    assert index.cache_dir
    return Path(sections.index_file(index.cache_dir, file, LOG.name))


def test_a_large_collection_is_decoded_from_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, raw = _big_file(tmp_path)
    assert _rows_file(file).is_file()

    def no_parsing(kind: Collection, body: bytes) -> dict[str, Record]:
        raise AssertionError("the rows should have been used")

    lazy = Store("backend", file).load(10)
    assert LOG.name in lazy.pending
    monkeypatch.setattr(fastread, "decode", no_parsing)
    table = lazy.table(LOG.name)  # from the rows: no line read
    monkeypatch.undo()
    assert table == full(raw, "backend").table(LOG.name)
    assert all(record.line for record in table.values()), "lines come back too"
    same_as_full(Store("backend", file).load(10), raw, "backend")


@pytest.mark.parametrize("damage", ["other text", "garbage", "other release", "cut short"])
def test_rows_that_do_not_fit_the_text_are_not_used(tmp_path: Path, damage: str) -> None:
    file, raw = _big_file(tmp_path)
    rows = _rows_file(file)
    data = rows.read_bytes()
    digest, payload = data[: sections.DIGEST_BYTES], data[sections.DIGEST_BYTES :]
    if damage == "other text":
        data = bytes(16) + payload
    elif damage == "garbage":
        data = digest + b"\x00 not marshal"
    elif damage == "cut short":
        data = data[: len(data) // 2]
    else:
        version, python, _, packed = marshal.loads(payload)
        data = digest + marshal.dumps((version, python, "0.0.0", packed))
    rows.write_bytes(data)
    lazy = Store("backend", file).load(10)
    assert LOG.name in lazy.pending
    same_as_full(lazy, raw, "backend")


# --------------------------------------------------------------------------- ratings

RATINGS = "ratings"
#: When the ratings of ``_rated_file`` were given (a learner's own offset).
GIVEN = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def _rated_file(tmp_path: Path, folder: str = "data") -> tuple[Path, bytes]:
    """A file with enough review ratings to keep them beside the index."""
    file = tmp_path / folder / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    progress.set_state("basics-loops", "done")
    words = ("again", "hard", "good", "easy")
    for n in range(sections.ROWS_MIN_RECORDS + 10):
        given = GIVEN + dt.timedelta(hours=n)
        progress.add_rating("basics-loops", words[n % len(words)], given=given)
    store.save(progress)
    store.keep_index()
    return file, file.read_bytes()


def test_ratings_stay_pending_through_a_tick_and_come_back_from_their_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, raw = _rated_file(tmp_path)
    assert Path(sections.index_file(str(sections.Index(file).cache_dir), file, RATINGS)).is_file()
    twin = tmp_path / "twin" / "backend.toml"
    twin.parent.mkdir()
    twin.write_bytes(raw)
    lazy_store, plain_store = Store("backend", file), Store("backend", twin)
    plain_store.index = sections.Index(twin, cache_dir="")
    lazy, plain = lazy_store.load(10), plain_store.load(10)
    assert RATINGS in lazy.pending and not plain.pending
    for progress in (lazy, plain):
        progress.device = "0a0a0a0a"
        progress.set_state("web-http", "done", now=LATER)
    lazy_store.save(lazy)
    plain_store.save(plain)
    assert RATINGS in lazy.pending, "ticking an item never decodes the ratings"
    assert file.read_bytes() == twin.read_bytes()

    def no_parsing(kind: Collection, body: bytes) -> dict[str, Record]:
        raise AssertionError("the rows should have been used")

    monkeypatch.setattr(fastread, "decode", no_parsing)
    ratings = lazy.table(RATINGS)  # from the rows: no line read
    monkeypatch.undo()
    assert ratings == plain.table(RATINGS)
    assert [r.values["given"] for r in lazy.ratings()] == [
        r.values["given"] for r in plain.ratings()
    ]


def test_a_rating_added_through_the_index_writes_what_a_full_read_writes(
    tmp_path: Path,
) -> None:
    file, raw = _rated_file(tmp_path)
    twin = tmp_path / "twin" / "backend.toml"
    twin.parent.mkdir()
    twin.write_bytes(raw)
    lazy_store, plain_store = Store("backend", file), Store("backend", twin)
    plain_store.index = sections.Index(twin, cache_dir="")
    lazy, plain = lazy_store.load(10), plain_store.load(10)
    for progress in (lazy, plain):
        progress.device = "0a0a0a0a"
        progress.add_rating("basics-loops", "good", given=GIVEN, now=LATER)
    # A rating's key is random: give both the same one before saving.
    (new_lazy,) = set(lazy.table(RATINGS)) - set(full(raw, "backend").table(RATINGS))
    (new_plain,) = set(plain.table(RATINGS)) - set(full(raw, "backend").table(RATINGS))
    record = plain.table(RATINGS).pop(new_plain)
    record.key = new_lazy
    plain.table(RATINGS)[new_lazy] = record
    lazy_store.save(lazy)
    plain_store.save(plain)
    assert file.read_bytes() == twin.read_bytes()
    lazy_store.keep_index()  # (what a Session does once the lock is let go)
    again = Store("backend", file).load(10)
    assert RATINGS in again.pending, "the index learned the text it wrote"
    same_as_full(again, file.read_bytes(), "backend")


def test_large_ratings_another_writer_wrote_get_their_rows_when_a_command_decodes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, raw = _rated_file(tmp_path)
    index = sections.Index(file)
    rows = Path(sections.index_file(str(index.cache_dir), file, RATINGS))
    rows.unlink()  # as after another device's sync: the text known, no rows for it
    store = Store("backend", file)
    progress = store.load(10)
    assert RATINGS in progress.pending
    progress.ratings()  # what the review cards ask for: read from the lines
    progress.set_state("web-http", "done", now=LATER)
    store.save(progress)
    store.keep_index()
    assert rows.is_file(), "the ratings the command decoded kept their rows"
    lazy = Store("backend", file).load(10)
    assert RATINGS in lazy.pending

    def no_parsing(kind: Collection, body: bytes) -> dict[str, Record]:
        raise AssertionError("the rows should have been used")

    monkeypatch.setattr(fastread, "decode", no_parsing)
    ratings = lazy.table(RATINGS)
    monkeypatch.undo()
    assert ratings == full(raw, "backend").table(RATINGS)


# --------------------------------------------------------------------------- rows written again

ITEMS = "items"


def _many_items(tmp_path: Path) -> tuple[Path, bytes]:
    """A file whose items are many enough to keep rows; most done (with a time)."""
    file = tmp_path / "data" / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    start = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
    for n in range(sections.ROWS_MIN_RECORDS + 30):
        state = "learning" if n % 7 == 0 else "done"
        at = start + dt.timedelta(hours=n)
        progress.put(ITEMS, f"item-{n}", progress.state_change(f"item-{n}", state, at), at)
    store.save(progress)
    store.keep_index()
    return file, file.read_bytes()


def _tick(
    file: Path, monkeypatch: pytest.MonkeyPatch, keys: list[str], new: str = "item-new"
) -> tuple[Store, list[str]]:
    """Load ``file`` (its items from their rows), tick ``keys`` and add the item
    ``new``, save and keep the index; the keys the save packed."""
    store = Store("backend", file)
    progress = store.load(10)
    assert ITEMS in progress.pending
    monkeypatch.setattr(fastread, "decode", None)  # the rows must be used
    for key in keys:
        state = "skipped" if progress.state(key) == "done" else "done"
        progress.put(ITEMS, key, progress.state_change(key, state))
    progress.put(ITEMS, new, progress.state_change(new, "skipped"))
    monkeypatch.undo()
    store.save(progress)
    packed: list[str] = []
    real_pack = sections._pack

    def counting_pack(kind: Collection, record: Record) -> object:
        packed.append(record.key)
        return real_pack(kind, record)

    monkeypatch.setattr(sections, "_pack", counting_pack)
    store.keep_index()
    monkeypatch.undo()
    return store, packed


def _items_digest(raw: bytes) -> bytes:
    parts = fastread.split(raw)
    assert parts is not None
    return fastread.digest(parts[1][ITEMS])


def _decoded_from_rows(file: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Record]:
    again = Store("backend", file).load(10)
    monkeypatch.setattr(fastread, "decode", None)  # no line read
    table = again.table(ITEMS)
    monkeypatch.undo()
    return table


def test_a_tick_writes_a_delta_to_the_rows_packing_only_the_records_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tick leaves the rows as they are and writes the records that differ
    from them (packing only those); the next read applies them to the rows,
    and gets what a full read of the new text gets."""
    file, before = _many_items(tmp_path)
    cache_dir = str(sections.Index(file).cache_dir)
    rows_file = Path(sections.index_file(cache_dir, file, ITEMS))
    delta_file = Path(sections.index_file(cache_dir, file, ITEMS, delta=True))
    rows_before = rows_file.read_bytes()
    _, packed = _tick(file, monkeypatch, ["item-0"])
    assert sorted(packed) == ["item-0", "item-new"]
    raw = file.read_bytes()
    assert rows_file.read_bytes() == rows_before, "the rows are not written again"
    delta = delta_file.read_bytes()
    assert delta[: sections.DIGEST_BYTES] == _items_digest(raw)
    assert delta[sections.DIGEST_BYTES : 2 * sections.DIGEST_BYTES] == _items_digest(before)
    differ = marshal.loads(delta[2 * sections.DIGEST_BYTES :])[3]
    assert sorted(row[0] for row in differ) == ["item-0", "item-new"]
    expected = full(raw, "backend").table(ITEMS)
    table = _decoded_from_rows(file, monkeypatch)
    assert table == expected
    assert table["item-0"].values["state"] == "done"
    same_as_full(Store("backend", file).load(10), raw, "backend")
    # A second tick builds on the same rows: its delta holds both ticks' records.
    _, packed = _tick(file, monkeypatch, ["item-7"], new="item-new-2")
    assert sorted(packed) == ["item-7", "item-new-2"]  # the first tick's rows come back
    raw = file.read_bytes()
    assert rows_file.read_bytes() == rows_before
    differ = marshal.loads(delta_file.read_bytes()[2 * sections.DIGEST_BYTES :])[3]
    assert sorted(row[0] for row in differ) == ["item-0", "item-7", "item-new", "item-new-2"]
    assert _decoded_from_rows(file, monkeypatch) == full(raw, "backend").table(ITEMS)


def test_many_changes_write_the_rows_whole_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, _ = _many_items(tmp_path)
    cache_dir = str(sections.Index(file).cache_dir)
    rows_file = Path(sections.index_file(cache_dir, file, ITEMS))
    many = [f"item-{n}" for n in range(sections.DELTA_MIN_RECORDS + 1)]
    _tick(file, monkeypatch, many)
    raw = file.read_bytes()
    data = rows_file.read_bytes()
    assert data[: sections.DIGEST_BYTES] == _items_digest(raw), "rows for the new text"
    rows = marshal.loads(data[sections.DIGEST_BYTES :])[3]
    kind = next(c for c in COLLECTIONS if c.name == ITEMS)
    expected = full(raw, "backend").table(ITEMS)
    assert {row[0]: row for row in rows} == {
        key: sections._pack(kind, record) for key, record in expected.items()
    }
    assert _decoded_from_rows(file, monkeypatch) == expected


@pytest.mark.parametrize("damage", ["garbage", "other base", "other release", "cut short"])
def test_a_delta_that_does_not_fit_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    file, _ = _many_items(tmp_path)
    _tick(file, monkeypatch, ["item-0"])
    raw = file.read_bytes()
    cache_dir = str(sections.Index(file).cache_dir)
    delta_file = Path(sections.index_file(cache_dir, file, ITEMS, delta=True))
    data = delta_file.read_bytes()
    head, payload = data[: 2 * sections.DIGEST_BYTES], data[2 * sections.DIGEST_BYTES :]
    if damage == "garbage":
        data = head + b"\x00 not marshal"
    elif damage == "other base":
        data = head[: sections.DIGEST_BYTES] + bytes(16) + payload
    elif damage == "cut short":
        data = data[: len(data) // 2]
    else:
        version, python, _, differ, gone = marshal.loads(payload)
        data = head + marshal.dumps((version, python, "0.0.0", differ, gone))
    delta_file.write_bytes(data)
    lazy = Store("backend", file).load(10)
    assert ITEMS in lazy.pending
    assert lazy.table(ITEMS) == full(raw, "backend").table(ITEMS)
    same_as_full(Store("backend", file).load(10), raw, "backend")
