"""Promise 6, property tests: round trips, estimate bounds, literal text.

Example counts are kept modest so the suite stays quick; hypothesis still
shrinks any failure to a small, readable case.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_text import FAST, TEXT
from pathtui.model import clock as hlc
from pathtui.model.estimate import COMPLETE_STATES, estimate
from pathtui.model.path import ID_RE
from pathtui.model.progress import Progress, Record
from pathtui.model.schema import COLLECTIONS, SETTINGS, Collection, Field
from pathtui.storage.pathfile import load_path
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import loads_progress
from pathtui.storage.store import Store

# --------------------------------------------------------------------------- strategies

OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
#: Inside the shared date bounds (1970-2999) in every time zone, hence the 2nd.
STAMPS = st.datetimes(
    min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(2200, 1, 1), timezones=OFFSETS
)
DATES = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2200, 1, 1))
DEVICES = st.sampled_from(["0a0a0a0a", "0b0b0b0b", "ffffffff", hlc.MIGRATED_DEVICE])
#: Clock stamps after 2000; epochs come from before, so none of these falls to one.
CLOCK = st.builds(
    hlc.make,
    st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2200, 1, 1), timezones=OFFSETS
    ),
    st.integers(0, hlc.MAX_COUNTER),
    DEVICES,
)
EPOCHS = st.builds(
    hlc.make,
    st.datetimes(
        min_value=dt.datetime(1970, 1, 2), max_value=dt.datetime(1999, 1, 1), timezones=OFFSETS
    ),
    st.integers(0, hlc.MAX_COUNTER),
    DEVICES,
)


def values_of(field: Field) -> st.SearchStrategy[object]:
    """Any value the schema allows for a field (so a new field is covered at once)."""
    if field.kind == "text":
        return TEXT
    if field.kind == "choice":
        return st.sampled_from(field.choices)
    if field.kind == "flag":
        return st.booleans()
    if field.kind == "date":
        return DATES
    if field.kind == "time":
        return STAMPS
    if field.kind == "whole":
        return st.integers(int(field.low or 0), int(field.high or 10**6))
    return st.floats(
        min_value=field.low if field.low is not None else -1e6,
        max_value=field.high if field.high is not None else 1e6,
        exclude_min=field.above,
        allow_nan=False,
    )


@st.composite
def records(draw: st.DrawFn, kind: Collection, key: str) -> Record:
    values: dict[str, object] = {}
    stamps: dict[str, str] = {}
    for field in kind.fields:
        if field.default is None or draw(st.booleans()):
            values[field.name] = draw(values_of(field))
            stamps[field.name] = draw(CLOCK)
    return Record(kind, key, values, stamps)


KEYS = st.one_of(TEXT, st.from_regex(ID_RE, fullmatch=True))


@st.composite
def progresses(draw: st.DrawFn) -> Progress:
    tables: dict[str, dict[str, Record]] = {}
    for kind in COLLECTIONS:
        if kind.singleton:
            tables[kind.name] = {"": draw(records(kind, ""))}
            continue
        keys = draw(st.lists(KEYS, max_size=6, unique=True))
        made = (draw(records(kind, key)) for key in keys)
        tables[kind.name] = {r.key: r for r in made if r.stamps}  # an empty record is none
    progress = Progress(
        draw(st.from_regex(ID_RE, fullmatch=True)),
        draw(STAMPS),
        tables,
        epoch=draw(st.just("") | EPOCHS),
    )
    progress.last = max(progress.stamps())
    assert SETTINGS.name in progress.tables
    return progress


# --------------------------------------------------------------------------- round trip


@pytest.mark.slow
@FAST
@given(progresses())
def test_any_progress_round_trips_through_the_file_format(progress: Progress) -> None:
    text = dumps(progress)
    loaded = loads_progress(text.encode("utf-8"), Path("progress.toml"), progress.path_id)
    assert loaded == progress
    assert dumps(loaded) == text  # byte for byte


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(progresses())
def test_any_progress_round_trips_through_a_real_save_and_load(progress: Progress) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(progress.path_id, Path(folder) / "p.toml")
        assert store.save(progress) == progress
        assert Store(progress.path_id, store.file).load(1) == progress


# --------------------------------------------------------------------------- estimate

PATH = load_path()
IDS = [item.id for step in PATH.all_sections() for item in step.items] + ["not-in-path"]
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["done", "todo", "skip", "learning"]), st.sampled_from(IDS)),
        st.just(("reset", "")),
    ),
    max_size=80,
)


def counted_by_hand(
    model: dict[str, str],
) -> tuple[list, int, tuple[float, float], tuple[float, float]]:
    """The choice-group rule of plan.py, written out again independently: the
    items that count, the open picks, their hours, and the hours of picks made
    beyond what a group asks for."""
    counted = []
    slots = 0
    slot_low = slot_high = extra_low = extra_high = 0.0
    for step in PATH.steps:
        counted += [i for i in step.items if not i.choice and not i.optional]
        for group in step.choices:
            options = [i for i in step.items if i.choice == group.id]
            picked = [i for i in options if model.get(i.id, "todo") != "todo"]
            counted += picked
            if len(picked) < group.choose:
                rest = [i for i in options if i not in picked]
                missing = group.choose - len(picked)
                slots += missing
                slot_low += missing * sum(i.hours[0] for i in rest) / len(rest)
                slot_high += missing * sum(i.hours[1] for i in rest) / len(rest)
            for extra in picked[group.choose :]:
                extra_low += extra.hours[0]
                extra_high += extra.hours[1]
    return counted, slots, (slot_low, slot_high), (extra_low, extra_high)


@FAST
@given(OPERATIONS, st.floats(min_value=0.25, max_value=168))
def test_any_sequence_of_changes_keeps_the_estimate_in_bounds(
    operations: list[tuple[str, str]], pace: float
) -> None:
    progress = Progress.new(PATH.id, 10)
    model: dict[str, str] = {}  # what each id should be, kept independently
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    base_low, base_high = PATH.hours
    assert (base_low, base_high) == (390, 1040)
    for step, (op, item_id) in enumerate(operations):
        now += dt.timedelta(minutes=1 + step)
        if op == "reset":
            progress.reset(now)
            model.clear()
        else:
            state = "skipped" if op == "skip" else op
            progress.set_state(item_id, state, now)
            model[item_id] = state
        est = estimate(PATH, progress.states(), pace)

        counted, slots, slot_hours, extra_picks = counted_by_hand(model)
        complete = {i.id for i in counted if model.get(i.id, "todo") in COMPLETE_STATES}
        assert 0 <= est.hours_left[0] <= est.hours_left[1]
        # past the baseline only by options picked beyond what a group asks for
        assert est.hours_left[0] <= base_low + extra_picks[0]
        assert est.hours_left[1] <= base_high + extra_picks[1]
        assert est.hours_left == pytest.approx(
            (
                sum(i.hours[0] for i in counted if i.id not in complete) + slot_hours[0],
                sum(i.hours[1] for i in counted if i.id not in complete) + slot_hours[1],
            )
        )
        assert est.weeks_left == (est.hours_left[0] / pace, est.hours_left[1] / pace)
        assert est.items_total == len(counted) + slots
        assert est.items_done == sum(1 for i in counted if model.get(i.id) == "done")
        assert est.items_skipped == sum(1 for i in counted if model.get(i.id) == "skipped")
        assert est.items_complete == len(complete) <= est.items_total
        assert sum(s.done for s in est.steps) == est.items_complete
        assert all(0 <= s.done <= s.total for s in est.steps)
        assert 0 <= est.percent <= 100
        first_open = next((s for s in est.steps if s.done < s.total), None)
        assert est.current_step == first_open
        assert est.words()  # says something, never crashes
        low_date, high_date = est.finish_dates(dt.date(2026, 1, 1))
        assert low_date <= high_date
    if not operations or operations[-1][0] == "reset":
        assert estimate(PATH, progress.states(), 10).hours_left == (390, 1040)
