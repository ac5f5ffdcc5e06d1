"""The status cache: used when it is right, stepped around when it is not.

The cache (``statuscache``) keeps the summary and the text each kind of call
printed today, as ``marshal`` data; each saves milliseconds per prompt (see
bench/). A damaged, foreign, stale or yesterday's cache must never change
what ``pathtui status`` prints.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

from pathtui.cli.status import run_status
from support import TINY_PATH, run_pathtui

# --------------------------------------------------------------------------- the cache


def _cache(data_dir: Path) -> Path:
    """The status cache: in the cache folder, never the data folder (which may be synced)."""
    assert not list(data_dir.glob(".status-cache-*"))
    files = list((Path(os.environ["XDG_CACHE_HOME"]) / "pathtui").glob(".status-cache-*"))
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
    assert "2/54 done" in again.stdout


def test_a_tick_invalidates_the_cache(warm: str) -> None:
    assert "2/54 done" in warm
    assert run_pathtui("done", "basics-comparisons").returncode == 0
    assert "3/54 done" in run_pathtui("status").stdout


def test_a_changed_path_file_invalidates_the_cache(tiny_path: Path) -> None:
    path_file = tiny_path
    assert run_pathtui("--path", str(path_file), "done", "first").returncode == 0
    assert "1/2 done" in run_pathtui("--path", str(path_file), "status").stdout
    grown = TINY_PATH + '\n  [[steps.items]]\n  id = "third"\n  title = "Third"\n  hours = [0, 0]\n'
    path_file.write_text(grown, encoding="utf-8")
    assert "1/3 done" in run_pathtui("--path", str(path_file), "status").stdout


def test_json_status_is_the_json_the_contract_describes(warm: str) -> None:
    result = run_pathtui("status", "--json")
    data = json.loads(result.stdout)
    assert data["items_done"] == 2 and data["items_total"] == 54
    today = dt.date.today()
    assert json.loads(run_status(as_json=True)) == data
    earliest = dt.date.fromisoformat(data["finish"]["earliest"])
    assert earliest > today


def test_cache_files_live_in_the_cache_folder(warm: str, data_dir: Path) -> None:
    assert _cache(data_dir).parent == Path(os.environ["XDG_CACHE_HOME"]) / "pathtui"
    assert os.path.basename(_cache(data_dir)).startswith(".status-cache-")


def test_two_data_folders_never_share_a_status_cache(warm: str, tmp_path: Path) -> None:
    other = tmp_path / "other-learner"
    env = {"PATHTUI_DATA_DIR": str(other)}
    assert run_pathtui("done", "basics-language", env=env).returncode == 0
    line = run_pathtui("status", env=env)
    assert line.returncode == 0, line.stderr
    assert re.search(r"\b1/\d+ done", line.stdout) and re.search(r"\b2/\d+ done", warm)
    assert run_pathtui("status").stdout == warm
    assert run_pathtui("status", env=env).stdout == line.stdout


def test_an_old_cache_in_the_data_folder_is_removed(data_dir: Path) -> None:
    assert run_pathtui("done", "basics-language").returncode == 0
    old = data_dir / ".status-cache-0badcafe.bin"
    old.write_bytes(b"left by an older pathtui")
    assert run_pathtui("status").returncode == 0
    assert not old.exists()


def _load(file: Path) -> dict:
    import marshal

    return marshal.loads(file.read_bytes())


def _store(file: Path, data: dict) -> None:
    import marshal

    file.write_bytes(marshal.dumps(data))


def test_todays_answers_are_kept_per_kind_of_call(warm: str, data_dir: Path) -> None:
    as_json = run_pathtui("status", "--json").stdout
    answers = _load(_cache(data_dir))["answers"]
    assert answers[""] == dt.date.today().isoformat()
    assert answers["line|None"] + "\n" == warm
    assert answers["json|None"] + "\n" == as_json
    assert json.loads(as_json)["items_done"] == 2


def test_an_answer_from_another_day_is_never_printed(warm: str, data_dir: Path) -> None:
    file = _cache(data_dir)
    data = _load(file)
    data["answers"] = {"": "2000-01-01", "line|None": "STALE"}
    _store(file, data)
    again = run_pathtui("status")
    assert again.stdout == warm
    assert _load(file)["answers"][""] == dt.date.today().isoformat()


def test_other_options_get_their_own_answer(warm: str) -> None:
    slower = run_pathtui("status", "--hours-per-week", "5").stdout
    assert slower != warm and "at 5 h/week" in slower
    assert run_pathtui("status").stdout == warm
    formatted = run_pathtui("status", "--format", "{done}/{total}").stdout
    assert formatted == "2/54\n"
    assert run_pathtui("status", "--format", "{total}").stdout == "54\n"
