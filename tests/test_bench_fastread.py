"""``fastread`` returns exactly what ``tomllib`` returns, or steps aside.

The store reads progress files with ``fastread`` first (about five times
faster at scale, see bench/) and falls back to ``tomllib`` whenever
``fastread`` returns None. So the one property that matters: for any text,
``fastread.loads`` is None or equal to ``tomllib.loads`` (and never accepts
what ``tomllib`` refuses). Files ``dumps`` writes must take the fast path.
"""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathtui import fastread
from pathtui.progress import ItemState, LogEntry, Progress, Settings
from pathtui.store import dumps, read_progress

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
zones = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: dt.timezone(dt.timedelta(minutes=minutes))
)
stamps = st.builds(
    lambda naive, tz: naive.replace(tzinfo=tz),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30)),
    zones | st.just(dt.UTC),
)
hours = st.floats(min_value=0, allow_nan=False, allow_infinity=False)
keys = texts.filter(bool) | st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)

item_states = st.builds(
    ItemState, state=st.sampled_from(("todo", "learning", "done", "skipped")), changed=stamps,
    note=texts,
)  # fmt: skip
log_entries = st.builds(
    LogEntry,
    id=texts.filter(bool),
    date=st.dates(),
    hours=hours,
    created=stamps,
    item=texts,
    note=texts,
    deleted=st.booleans(),
)
progresses = st.builds(
    Progress,
    path_id=texts.filter(bool),
    created=stamps,
    settings=st.builds(
        Settings,
        hours_per_week=hours.filter(lambda h: h > 0),
        start_date=st.dates(),
        changed=stamps,
        day_minimum_minutes=hours,
        rest_days_per_week=st.integers(min_value=0, max_value=6),
        streaks=st.booleans(),
    ),
    items=st.dictionaries(keys, item_states, max_size=8),
    log=st.lists(log_entries, max_size=6),
    reset_at=st.none() | stamps,
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(progresses)
def test_files_dumps_writes_take_the_fast_path_with_the_same_result(progress: Progress) -> None:
    text = dumps(progress)
    fast = fastread.loads(text)
    assert fast is not None, "a file dumps() wrote must not need tomllib"
    assert fast == tomllib.loads(text)


def _same_or_steps_aside(text: str) -> None:
    fast = fastread.loads(text)
    if fast is None:
        return
    try:
        slow = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        pytest.fail(f"fastread accepted text tomllib refuses:\n{text}")
    assert fast == slow


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(progresses, st.data())
def test_edited_files_are_read_the_same_or_left_to_tomllib(
    progress: Progress, data: st.DataObject
) -> None:
    text = dumps(progress)
    edit = data.draw(st.sampled_from(("insert", "delete", "replace", "line", "swap")))
    at = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    if edit == "insert":
        text = text[:at] + data.draw(st.text(max_size=3)) + text[at:]
    elif edit == "delete":
        text = text[:at] + text[at + data.draw(st.integers(1, 4)) :]
    elif edit == "replace":
        char = data.draw(st.sampled_from(list(' ="\\{},[]#\t\x7f\r0-+:.eT\nZ')))
        text = text[:at] + char + text[at + 1 :]
    else:
        lines = text.split("\n")
        i = data.draw(st.integers(0, len(lines) - 1))
        j = data.draw(st.integers(0, len(lines) - 1))
        if edit == "line":
            lines.insert(i, lines[j])
        else:
            lines[i], lines[j] = lines[j], lines[i]
        text = "\n".join(lines)
    _same_or_steps_aside(text)


BASE = dumps(
    Progress(
        path_id="backend",
        created=dt.datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        settings=Settings(10.0, dt.date(2025, 1, 2), dt.datetime(2025, 1, 2, tzinfo=dt.UTC)),
        items={
            "basics-loops": ItemState(
                "done", dt.datetime(2025, 1, 3, tzinfo=dt.UTC), 'line one\nquote " tab\t'
            )
        },
        log=[LogEntry("abc", dt.date(2025, 1, 3), 1.5, dt.datetime(2025, 1, 3, tzinfo=dt.UTC))],
    )
)


def test_the_sample_takes_the_fast_path() -> None:
    assert fastread.loads(BASE) == tomllib.loads(BASE)


QUOTED_TWIN = '"basics-loops" = { state = "todo", changed = 2025-01-03T00:00:00.000000+00:00 }'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"done"', '"d\\/one"'),  # JSON's \/ is not a TOML escape
        ('"done"', '"\\ud83d\\ude00"'),  # surrogate escapes: JSON yes, TOML no
        ('"done"', '"do\tne"'),  # a raw tab: TOML allows it, dumps never writes it
        ('"done"', '"do\x7fne"'),  # raw DEL: TOML refuses it
        ("+00:00 }", "+05:75 }"),  # minutes out of range
        ("T00:00:00.000000+00:00, note", "T24:00:00.000000+00:00, note"),
        ("2025-01-03T00:00:00.000000+00:00, note", "2025-02-30T00:00:00.000000+00:00, note"),
        ("2025-01-03T00:00:00.000000+00:00, note", "2025-01-03 00:00:00.000000+00:00, note"),
        ("[items]\n", "[items]\n[items]\n"),  # a table twice
        ("[settings]\n", "[settings]\n[items]\n"),  # a table twice, other order
        ("schema = 1\n", "schema = 1\nschema = 1\n"),  # a key twice
        ("schema = 1\n", "schema = 01\n"),  # leading zero
        ("hours_per_week = 10.0", "hours_per_week = 1_0.0"),
        ("hours_per_week = 10.0", "hours_per_week = 10.0 # pace"),
        ("streaks = true", "streaks = True"),
        ("\n]\n", "\n"),  # the log never closes
        ("\n", "\r\n"),  # Windows line endings
        ("basics-loops = {", "basics.loops = {"),  # a dotted key
        ("basics-loops = {", QUOTED_TWIN + "\nbasics-loops = {"),  # one key, quoted and bare
    ],
)
def test_anything_dumps_does_not_write_is_left_to_tomllib(old: str, new: str) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1) if old != "\n" else BASE.replace(old, new)
    assert fastread.loads(text) is None
    _same_or_steps_aside(text)


def test_a_bom_or_missing_final_newline_is_left_to_tomllib() -> None:
    assert fastread.loads("\ufeff" + BASE) is None
    assert fastread.loads(BASE.rstrip("\n")) is None


def test_the_store_still_explains_bad_files(tmp_path) -> None:
    file = tmp_path / "backend.toml"
    file.write_text(BASE.replace("hours_per_week = 10.0", "hours_per_week = 'ten"), "utf-8")
    from pathtui.errors import ProgressFileError

    with pytest.raises(ProgressFileError, match="is not valid TOML"):
        read_progress(file, "backend")
    file.write_text(BASE, "utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and progress.state("basics-loops") == "done"


@given(texts | st.text())
def test_quick_quoting_writes_what_json_writes(text: str) -> None:
    import json

    from pathtui.store import _s

    assert _s(text) == json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


anything = st.none() | st.booleans() | st.integers(-2, 10) | st.floats() | texts | stamps
anything = anything | st.dates() | st.datetimes() | st.just("done") | st.just("todo")
item_tables = st.dictionaries(
    st.sampled_from(("state", "changed", "note", "extra")), anything, max_size=4
) | item_states.map(lambda i: {"state": i.state, "changed": i.changed, "note": i.note})
log_tables = st.dictionaries(
    st.sampled_from(("id", "date", "hours", "created", "item", "note", "deleted", "x")),
    anything,
    max_size=8,
) | log_entries.map(
    lambda e: {
        "id": e.id, "date": e.date, "hours": e.hours, "created": e.created,
        "item": e.item, "note": e.note, "deleted": e.deleted,
    }
)  # fmt: skip


def _careful_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathtui import store

    monkeypatch.setattr(store, "_plain_item", lambda _entry: None)
    monkeypatch.setattr(store, "_plain_log_entry", lambda _entry: None)


def _outcome(data: dict, file) -> object:
    from pathtui.errors import ProgressFileError
    from pathtui.store import parse_progress

    try:
        return parse_progress(data, file, "backend")
    except ProgressFileError as exc:
        return ("refused", str(exc))


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=st.dictionaries(keys, item_tables, max_size=3), log=st.lists(log_tables, max_size=3))
def test_the_quick_checks_agree_with_the_careful_ones(
    items: dict, log: list, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tomllib.loads(BASE)
    data["items"], data["log"] = items, log
    quick = _outcome(data, tmp_path / "p.toml")
    with monkeypatch.context() as patch:
        _careful_only(patch)
        careful = _outcome(data, tmp_path / "p.toml")
    assert quick == careful
