"""The status fast path's stand-ins agree with the standard library they replace.

``jsontext`` stands in for ``json``, ``timeleft.iso_date_after`` for
``datetime`` arithmetic, and the status cache is ``marshal`` data: each saves
milliseconds per prompt (see bench/), and each must give the same answer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import run_pathtui

from pathtui import jsontext, statusview
from pathtui.status import run_status
from pathtui.timeleft import days_for, finish_dates, iso_date_after

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
plain_data = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@given(plain_data)
def test_jsontext_writes_exactly_what_json_writes(value: object) -> None:
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_jsontext_escapes_every_control_character() -> None:
    text = "".join(chr(c) for c in range(0x20)) + '"\\\x7f é ␛'
    assert jsontext.dumps({"t": text}) == json.dumps({"t": text}, ensure_ascii=False, indent=2)
    assert json.loads(jsontext.dumps({"t": text})) == {"t": text}


def test_jsontext_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        jsontext.dumps({"when": dt.date(2025, 1, 1)})
    with pytest.raises(TypeError):
        jsontext.dumps({1: "non-string key"})


ZONES = ("UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Apia")


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(max_value=dt.date(2999, 12, 31)),
    days=st.integers(min_value=0, max_value=2_000_000),
)
def test_iso_date_after_matches_datetime(start: dt.date, days: int) -> None:
    expected = (start + dt.timedelta(days=days)).isoformat()
    assert iso_date_after(days, (start.year, start.month, start.day)) == expected


def test_iso_date_after_every_day_of_four_centuries() -> None:
    start = dt.date(1999, 12, 31)
    for days in range(0, 146_097 + 400):
        expected = (start + dt.timedelta(days=days)).isoformat()
        assert iso_date_after(days, (1999, 12, 31)) == expected, days


def test_iso_date_after_defaults_to_the_local_date(zone: str) -> None:
    # Zones far from UTC, with DST jumps, and Samoa (which skipped 2011-12-30).
    before = dt.date.today()
    got = iso_date_after(10)
    after = dt.date.today()
    assert got in {(before + dt.timedelta(10)).isoformat(), (after + dt.timedelta(10)).isoformat()}


def test_iso_date_after_refuses_dates_datetime_cannot_hold() -> None:
    with pytest.raises(OverflowError):
        dt.date(2025, 1, 1) + dt.timedelta(days=3_000_000)
    with pytest.raises(OverflowError):
        iso_date_after(3_000_000, (2025, 1, 1))


def test_status_finish_dates_match_the_estimate() -> None:
    weeks = (39.0, 104.0)
    today = dt.date(2025, 3, 30)
    earliest, latest = finish_dates(weeks, today)
    assert statusview.finish_iso(weeks, today) == (earliest.isoformat(), latest.isoformat())
    assert days_for(weeks) == (273, 728)


# --------------------------------------------------------------------------- the cache


def _cache(data_dir: Path) -> Path:
    files = list(data_dir.glob(".status-cache-*"))
    assert len(files) == 1, files
    return files[0]


@pytest.fixture
def warm(data_dir: Path) -> str:
    """A learner with progress and a warm cache; returns the status line."""
    assert run_pathtui("done", "basics-language", "basics-variables").returncode == 0
    first = run_pathtui("status")
    assert first.returncode == 0, first.stderr
    assert _cache(data_dir).exists()
    return first.stdout


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal at all", b"\xe3\x00\x00", b"{}"],
    ids=["empty", "text", "truncated", "json"],
)
def test_a_damaged_cache_is_a_miss_not_an_error(warm: str, data_dir: Path, damage: bytes) -> None:
    _cache(data_dir).write_bytes(damage)
    again = run_pathtui("status")
    assert again.returncode == 0, again.stderr
    assert again.stdout == warm
    assert again.stderr == ""


def test_a_cache_from_another_python_is_a_miss(warm: str, data_dir: Path) -> None:
    import marshal

    file = _cache(data_dir)
    data = marshal.loads(file.read_bytes())
    data["python"] = 0x03000000
    data["summary"]["items_done"] = 40  # what a stale cache would wrongly say
    file.write_bytes(marshal.dumps(data))
    again = run_pathtui("status")
    assert again.stdout == warm
    assert "2/52 done" in again.stdout


def test_a_tick_invalidates_the_cache(warm: str) -> None:
    assert "2/52 done" in warm
    assert run_pathtui("done", "basics-comparisons").returncode == 0
    assert "3/52 done" in run_pathtui("status").stdout


def test_a_changed_path_file_invalidates_the_cache(tmp_path: Path) -> None:
    from tests.test_bench_imports import SMALL_PATH

    path_file = tmp_path / "tiny.toml"
    path_file.write_text(SMALL_PATH, encoding="utf-8")
    assert run_pathtui("--path", str(path_file), "done", "first").returncode == 0
    assert "1/2 done" in run_pathtui("--path", str(path_file), "status").stdout
    grown = (
        SMALL_PATH + '\n  [[steps.items]]\n  id = "third"\n  title = "Third"\n  hours = [0, 0]\n'
    )
    path_file.write_text(grown, encoding="utf-8")
    assert "1/3 done" in run_pathtui("--path", str(path_file), "status").stdout


def test_json_status_is_the_json_the_contract_describes(warm: str) -> None:
    result = run_pathtui("status", "--json")
    data = json.loads(result.stdout)
    assert data["items_done"] == 2 and data["items_total"] == 52
    today = dt.date.today()
    assert json.loads(run_status(as_json=True)) == data
    earliest = dt.date.fromisoformat(data["finish"]["earliest"])
    assert earliest > today


def test_cache_files_stay_in_the_data_folder(warm: str, data_dir: Path) -> None:
    assert _cache(data_dir).parent == data_dir
    assert os.path.basename(_cache(data_dir)).startswith(".status-cache-")
