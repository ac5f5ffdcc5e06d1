"""The merge laws, over random histories on three replicas.

Each history is a random run of writes (states, notes, settings, log
entries and their removal), resets and pairwise syncs on three devices,
one of whose clocks runs a year ahead. Alongside, a model remembers every
write with its stamp and what its replica had seen when it was made. Then:

* merging is commutative, associative and idempotent, byte for byte;
* any order of pairwise syncs ends with three byte-identical files;
* a write made after seeing another write to the same field has the higher
  stamp, so it wins; and every field of the final file holds exactly the
  newest write to it not cleared by the final epoch: nothing is lost except
  to a newer write of that same field, or to a reset.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathtui.model.progress import SETTINGS_KEY, Progress, merge
from pathtui.storage.progressfile import dumps
from pathtui.sync.merge import merge_files

DEVICES = ("0a0a0a0a", "0b0b0b0b", "0c0c0c0c")
FILE = Path("backend.toml")
#: Replica 2's clock runs a year ahead.
SKEW = (dt.timedelta(0), dt.timedelta(0), dt.timedelta(days=365))
T0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
ITEM_IDS = ("basics-loops", "basics-lists", "dsa-graphs")
REPLICA = st.integers(0, 2)
OPERATION = st.one_of(
    st.tuples(
        st.just("state"),
        REPLICA,
        st.sampled_from(ITEM_IDS),
        st.sampled_from(("todo", "learning", "done", "skipped")),
    ),
    st.tuples(
        st.just("note"),
        REPLICA,
        st.sampled_from(ITEM_IDS),
        st.sampled_from(("", "page 3", "chapter 9", "a link")),
    ),
    st.tuples(st.just("hours"), REPLICA, st.just(""), st.sampled_from((5.0, 10.0, 12.5))),
    st.tuples(st.just("log"), REPLICA, st.just(""), st.sampled_from((0.5, 1.0, 2.0))),
    st.tuples(st.just("unlog"), REPLICA, st.just(""), st.integers(0, 5)),
    st.tuples(st.just("sync"), REPLICA, st.just(""), REPLICA),
    st.tuples(st.just("reset"), REPLICA, st.just(""), st.just(0)),
)
HISTORIES = st.lists(OPERATION, min_size=1, max_size=40)
SYNC_ORDERS = st.lists(st.tuples(REPLICA, REPLICA), max_size=8)
LAWS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@dataclass
class Write:
    """One acknowledged write: which field, what value, its stamp."""

    field: tuple[str, str, str]
    value: Any
    stamp: str


@dataclass
class World:
    """Three replicas and, beside them, what each had seen."""

    replicas: list[Progress]
    writes: list[Write] = field(default_factory=list)
    seen: list[set[int]] = field(default_factory=lambda: [set(), set(), set()])
    log_ids: list[str] = field(default_factory=list)


def new_world() -> World:
    replicas = []
    for device in DEVICES:
        progress = Progress.new("backend", 10.0, now=T0)
        progress.device = device
        replicas.append(progress)
    return World(replicas)


def record_writes(world: World, who: int, before: str) -> None:
    """Note every register ``who`` stamped since its clock read ``before``."""
    progress = world.replicas[who]
    for name, table in progress.tables.items():
        for key, record in table.items():
            for field_name, stamp in record.stamps.items():
                if stamp > before and stamp.endswith(DEVICES[who]):
                    # A write made after seeing another of the same field outranks it.
                    for index in world.seen[who]:
                        earlier = world.writes[index]
                        if earlier.field == (name, key, field_name):
                            assert stamp > earlier.stamp
                    world.writes.append(
                        Write((name, key, field_name), record.values[field_name], stamp)
                    )
                    world.seen[who].add(len(world.writes) - 1)


def run(world: World, history: list[tuple[str, int, str, Any]]) -> None:
    for step, (op, who, key, value) in enumerate(history):
        progress = world.replicas[who]
        now = T0 + dt.timedelta(seconds=step) + SKEW[who]
        before = progress.last
        if op == "state":
            progress.set_state(key, value, now=now)
        elif op == "note":
            progress.set_note(key, value, now=now)
        elif op == "hours":
            progress.set_hours_per_week(value, now=now)
        elif op == "log":
            entry = progress.add_log(now.date(), value, now=now)
            world.log_ids.append(entry.id)
        elif op == "unlog":
            live = [e.id for e in progress.live_log()]
            if live:
                progress.remove_log(live[value % len(live)], now=now)
        elif op == "reset":
            seen_stamps = [world.writes[i].stamp for i in world.seen[who]]
            progress.reset(now=now)
            assert all(progress.epoch > stamp for stamp in seen_stamps)
        else:  # sync: ``who`` takes in replica ``value``
            world.replicas[who] = merge(progress, world.replicas[value])
            world.seen[who] |= world.seen[value]
            continue
        record_writes(world, who, before)


def text(progress: Progress) -> str:
    return dumps(progress)


@pytest.mark.slow
@LAWS
@given(HISTORIES)
def test_merge_is_commutative_associative_and_idempotent(history: list[Any]) -> None:
    world = new_world()
    run(world, history)
    a, b, c = world.replicas
    for x, y in itertools.permutations((a, b, c), 2):
        assert text(merge(x, y)) == text(merge(y, x))
    assert text(merge(merge(a, b), c)) == text(merge(a, merge(b, c)))
    for x in (a, b, c):
        assert text(merge(x, x)) == text(x)
        assert text(merge(merge(x, b), b)) == text(merge(x, b))


@pytest.mark.slow
@LAWS
@given(HISTORIES, SYNC_ORDERS)
def test_any_order_of_pairwise_syncs_converges_to_identical_files(
    history: list[Any], order: list[tuple[int, int]]
) -> None:
    world = new_world()
    run(world, history)
    everything = text(merge(merge(world.replicas[2], world.replicas[0]), world.replicas[1]))
    # as files, through the function a sync calls: bytes in, bytes out
    files = [text(r).encode() for r in world.replicas]
    for who, other in order:  # a random start...
        files[who] = merge_files(files[who], files[other], FILE, "backend")
    for who, other in ((0, 1), (0, 2), (1, 0), (2, 0)):  # ...then everyone meets everyone
        files[who] = merge_files(files[who], files[other], FILE, "backend")
    assert files == [everything.encode()] * 3


@pytest.mark.slow
@LAWS
@given(HISTORIES)
def test_no_acknowledged_write_is_lost_except_to_a_newer_write_or_a_reset(
    history: list[Any],
) -> None:
    world = new_world()
    run(world, history)
    final = merge(merge(world.replicas[0], world.replicas[1]), world.replicas[2])
    newest: dict[tuple[str, str, str], Write] = {}
    for write in world.writes:
        current = newest.get(write.field)
        if current is None or write.stamp > current.stamp:
            newest[write.field] = write
    for (name, key, field_name), write in newest.items():
        record = final.tables[name].get(key)
        if write.stamp <= final.epoch:
            assert record is None or field_name not in record.stamps  # cleared by a reset
            continue
        assert record is not None, f"{name}.{key} was lost"
        assert record.stamps[field_name] == write.stamp
        assert record.values[field_name] == write.value
    # ...and nothing appears that nobody wrote (apart from the untouched defaults).
    written = {w.stamp for w in world.writes}
    for name, table in final.tables.items():
        for key, record in table.items():
            for field_name, stamp in record.stamps.items():
                untouched = name == "settings" and key == SETTINGS_KEY and stamp[:4] == "0001"
                assert stamp in written or untouched, (name, key, field_name)


def test_equal_stamps_from_two_old_files_merge_the_same_either_way() -> None:
    """Two schema-1 copies that changed one item at the same instant (stamps
    migrate to the same stamp): the larger value wins whichever side merges."""
    from pathlib import Path

    from pathtui.storage.progressread import loads_progress

    def old(state: str, note: str) -> Progress:
        text = (
            'schema = 1\npath_id = "backend"\ncreated = 2026-01-01T00:00:00Z\n'
            "[settings]\nhours_per_week = 10.0\nstart_date = 2026-01-01\n"
            "changed = 2026-01-01T00:00:00Z\n[items]\n"
            f'basics-loops = {{ state = "{state}", changed = 2026-01-02T00:00:00Z, '
            f'note = "{note}" }}\n'
        )
        return loads_progress(text.encode(), Path("backend.toml"), "backend")

    a, b = old("done", "mine"), old("skipped", "theirs")
    assert text(merge(a, b)) == text(merge(b, a))
    merged = merge(a, b)
    assert (merged.state("basics-loops"), merged.note("basics-loops")) == ("skipped", "theirs")


def test_stamps_are_fixed_width_text_that_sorts_like_time() -> None:
    from pathtui.model import clock as hlc

    early = hlc.make(dt.datetime(5, 1, 2, tzinfo=dt.UTC), 7, "0a0a0a0a")
    assert early == "0005-01-02T00:00:00.000Z/0007/0a0a0a0a" and hlc.valid(early)
    plus_five = dt.timezone(dt.timedelta(hours=5))
    stamp = hlc.tick("", "0a0a0a0a", dt.datetime(2026, 1, 1, 5, tzinfo=plus_five))
    assert stamp == "2026-01-01T00:00:00.000Z/0000/0a0a0a0a"
    # a clock behind the newest stamp seen: the counter moves on, then the millisecond
    behind = hlc.tick(stamp, "0b0b0b0b", dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert behind == "2026-01-01T00:00:00.000Z/0001/0b0b0b0b" > stamp
    full = f"2026-01-01T00:00:00.000Z/{hlc.MAX_COUNTER}/0a0a0a0a"
    past = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    assert hlc.tick(full, "0a0a0a0a", past) == "2026-01-01T00:00:00.001Z/0000/0a0a0a0a"
    assert early > hlc.FLOOR and hlc.valid(hlc.FLOOR)
