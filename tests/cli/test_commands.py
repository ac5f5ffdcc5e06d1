"""Every CLI command end to end, through the console script's ``main``.

Most run in this process (``run_pathtui``: Typer's CliRunner around
``entry.main``); the smoke tests at the end start the installed script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from support import fails, ok, run_installed, run_pathtui

STATUS_KEYS = {
    "path",
    "current_step",
    "steps",
    "items_done",
    "items_skipped",
    "items_total",
    "percent",
    "hours_per_week",
    "hours_left",
    "weeks_left",
    "finish",
    "progress_file",
}


def test_status_with_no_progress_prints_the_baseline_and_creates_nothing(data_dir: Path) -> None:
    out = ok("status")
    assert out.strip() == (
        "Step 1/7 · Learn basic coding skills · 0/54 done (0%) · "
        "about 9 months to 2 years left at 10 h/week"
    )
    assert not data_dir.exists()


def test_status_json_contract(data_dir: Path) -> None:
    ok("done", "basics-variables", "basics-loops")
    ok("skip", "basics-language")
    data = json.loads(ok("status", "--json"))
    assert data.keys() >= STATUS_KEYS
    assert data["path"]["id"] == "backend"
    assert data["current_step"] == {
        "number": 1,
        "id": "basics",
        "title": "Learn basic coding skills",
    }
    assert data["steps"][0] == {
        "number": 1,
        "id": "basics",
        "title": "Learn basic coding skills",
        "done": 3,
        "total": 9,
    }
    assert len(data["steps"]) == 7
    assert (data["items_done"], data["items_skipped"], data["items_total"]) == (2, 1, 54)
    assert data["percent"] == round(3 / 54 * 100, 1) == 5.6
    assert data["hours_per_week"] == 10
    # variables 8-20, loops 10-26, language 1-2 h are complete
    assert data["hours_left"] == {"low": 371.0, "high": 992.0}
    assert data["weeks_left"] == {"low": 37.1, "high": 99.2}
    today = dt.date.today()
    assert data["finish"] == {
        "earliest": (today + dt.timedelta(days=260)).isoformat(),
        "latest": (today + dt.timedelta(days=695)).isoformat(),
    }
    assert data["progress_file"] == str(data_dir / "backend.toml")


def test_status_hours_per_week_option_is_not_saved(data_dir: Path) -> None:
    ok("done", "basics-loops")
    data = json.loads(ok("status", "--json", "--hours-per-week", "20"))
    assert data["hours_per_week"] == 20
    assert data["weeks_left"] == {"low": 19.0, "high": 50.7}
    assert read_progress(data_dir / "backend.toml", "backend").settings.hours_per_week == 10
    assert "at 20 h/week" in ok("status", "--hours-per-week=20")
    assert "at 10 h/week" in ok("status")
    assert "from 0.5 to 168" in fails("status", "--hours-per-week", "0")
    assert "from 0.5 to 168" in fails("status", "--hours-per-week", "169")


def test_status_format_template(data_dir: Path) -> None:
    out = ok("status", "--format", "{step}/{steps} {percent}% [{bar}] {left} · next: {next} {{x}}")
    assert out.strip() == (
        "1/7 0% [░░░░░░░░░░] 9 months to 2 years · next: Choose one language to start with {x}"
    )
    err = fails("status", "--format", "{nope}")
    assert "unknown placeholder {nope}" in err


def test_status_after_everything_is_finished(data_dir: Path) -> None:
    ids = json.loads(ok("status", "--json"))
    from pathtui.storage.pathfile import load_path

    all_ids = [i.id for i in load_path().items]
    ok("done", *all_ids)
    assert ok("status").strip() == (
        "All 7 steps finished · 58/58 done (100%) · path complete"
        " · jobs 0/10 this week · 0 active"  # step 7 reached: the job search shows
    )
    data = json.loads(ok("status", "--json"))
    assert data["current_step"] is None and data["percent"] == 100.0
    assert ids["items_total"] == 54


def test_marking_commands_and_unknown_ids(data_dir: Path) -> None:
    out = ok("done", "basics-loops")
    assert "done: basics-loops" in out and "Now 1/54 done" in out
    assert "already done: basics-loops" in ok("done", "basics-loops")
    ok("learning", "basics-lists")
    ok("skip", "dsa-graphs")
    ok("todo", "basics-loops")
    states = read_progress(data_dir / "backend.toml", "backend").states()
    assert states == {"basics-loops": "todo", "basics-lists": "learning", "dsa-graphs": "skipped"}
    before = (data_dir / "backend.toml").read_bytes()
    err = fails("done", "basics-loop", "basics-lists")
    assert "No item with id 'basics-loop'" in err and "basics-loops" in err
    assert (data_dir / "backend.toml").read_bytes() == before, "nothing half-applied"


def test_note_is_saved_and_listed(data_dir: Path) -> None:
    ok("note", "basics-loops", "stopped at while loops, https://example.org/mine")
    progress = read_progress(data_dir / "backend.toml", "backend")
    assert progress.note("basics-loops") == "stopped at while loops, https://example.org/mine"
    assert progress.state("basics-loops") == "todo"
    assert "✎" in ok("list", "--step", "1", env={"FORCE_COLOR": "1"})  # the table marks it
    ok("note", "basics-loops", "")
    assert read_progress(data_dir / "backend.toml", "backend").note("basics-loops") == ""


def test_list_shows_steps_ids_and_states(data_dir: Path) -> None:
    ok("done", "basics-loops")
    out = ok("list")
    for n in range(1, 8):
        assert f"Step {n}:" in out
    assert "Extras:" in out and "outside the estimate" in out
    assert re.search(r"basics-loops\tdone\t", out)
    assert re.search(r"basics-lists\ttodo\t", out)
    only_done = ok("list", "--state", "done")
    assert "basics-loops" in only_done and "basics-lists" not in only_done
    assert "There is no step 9" in fails("list", "--step", "9")
    assert "--state must be one of" in fails("list", "--state", "finished")


def test_list_respects_no_color(data_dir: Path) -> None:
    ok("done", "basics-loops")
    colored = ok("list", "--step", "1", env={"FORCE_COLOR": "1", "COLUMNS": "100"})
    assert re.search(r"\x1b\[[0-9;]*3[0-9]m", colored), "colour is used when allowed"
    plain = ok("list", "--step", "1", env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": "100"})
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", plain)


def test_config_hours_per_week_persists(data_dir: Path) -> None:
    ok("config", "hours-per-week", "15")
    assert read_progress(data_dir / "backend.toml", "backend").settings.hours_per_week == 15
    assert "at 15 h/week" in ok("status")
    assert "hours-per-week  15" in ok("config")
    assert "from 0.5 to 168" in fails("config", "hours-per-week", "0")
    ok("config", "start-date", "2026-01-31")
    assert '"start_date": "2026-01-31"' in ok("status", "--json")
    assert "not a date" in fails("config", "start-date", "31/01/2026")


def test_reset_asks_backs_up_and_clears(data_dir: Path) -> None:
    assert "Nothing to reset" in ok("reset", "--yes")
    ok("done", "basics-loops", "basics-lists")
    file = data_dir / "backend.toml"
    saved = file.read_bytes()
    declined = run_pathtui("reset", input="n\n")
    assert declined.returncode == 1 and "Nothing was changed" in declined.stderr
    no_stdin = run_pathtui("reset", input="")
    assert no_stdin.returncode == 1
    assert file.read_bytes() == saved
    out = ok("reset", input="y\n")
    backup = Path(re.search(r"Backup written to (\S+)", out).group(1))
    assert backup.read_bytes() == saved
    assert read_progress(file, "backend").items == {}
    ok("done", "basics-loops")
    out = ok("reset", "--yes")
    assert "Backup written to" in out
    names = sorted(p.name for p in (data_dir / "backups").iterdir())
    # two from the resets, and the day's automatic one (before the first save
    # that changed an existing file)
    assert len([n for n in names if not n.endswith("-daily.toml")]) == 2, names
    assert len([n for n in names if n.endswith("-daily.toml")]) == 1, names


def test_version_and_help_everywhere() -> None:
    from pathtui import __version__

    assert ok("--version").strip() == f"pathtui {__version__}"
    commands = ["status", "reset", "list", "done", "learning", "skip", "todo", "note", "config"]
    top = ok("--help")
    assert "--install-completion" in top and "open the full-screen tracker" in top
    for command in commands:
        assert command in top
        assert "Usage: pathtui" in ok(command, "--help")
    assert "Usage: pathtui config hours-per-week" in ok("config", "hours-per-week", "--help")


def test_python_dash_m_works(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pathtui", "status"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and result.stdout.startswith("Step 1/7")


def test_custom_path_option_and_its_errors(tmp_path: Path, data_dir: Path, tiny_path: Path) -> None:
    custom = tiny_path
    assert "Step 1/1 · The only step · 0/2 done" in ok("--path", str(custom), "status")
    ok("--path", str(custom), "done", "first", "second")
    assert (data_dir / "tiny.toml").exists() and not (data_dir / "backend.toml").exists()
    assert "path complete" in ok("--path", str(custom), "status")
    assert "Step 1/7" in ok("status"), "the built-in path's progress is separate"
    custom.write_text(custom.read_text().replace("hours = [4, 8]", "hours = [8, 4]"))
    err = fails("--path", str(custom), "status")
    assert str(custom) in err and "step 1 ('only'), item 1 ('first'), hours" in err
    assert "does not exist" in fails("--path", str(tmp_path / "missing.toml"), "list")


def test_corrupt_progress_file_gives_one_sentence(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    file = data_dir / "backend.toml"
    file.write_bytes(b"schema = 1\npath_id = ")
    for args in (["status"], ["done", "basics-loops"], ["list"], ["reset", "--yes"]):
        err = fails(*args)
        assert str(file) in err and "not valid TOML" in err
        assert len(err.strip().splitlines()) == 1
    assert file.read_bytes() == b"schema = 1\npath_id = "


@pytest.mark.parametrize("command", ["done", "learning", "skip", "todo"])
def test_marking_needs_an_id(command: str) -> None:
    result = run_pathtui(command)
    assert result.returncode == 2 and "Missing argument" in result.stderr


# --------------------------------------------------------------------------- the installed script


@pytest.mark.parametrize(
    "args",
    [
        ["status"],
        ["done", "basics-loops"],
        ["list", "--step", "1"],
        ["log", "30m"],
        ["config"],
        ["reset", "--yes"],
        ["--help"],
    ],
    ids=" ".join,
)
def test_the_installed_script_answers_as_in_process(args: list[str]) -> None:
    """Smoke: the console script a user runs prints what the in-process runs print."""
    installed = run_installed(*args)
    assert installed.returncode == 0, installed.stderr
    assert "Traceback" not in installed.stderr
    run_pathtui("reset", "--yes")
    in_process = run_pathtui(*args)
    assert in_process.returncode == 0, in_process.stderr
    strip = re.compile(r"(entry |remove )[0-9a-f]{12}|Backup written to \S+|\(cleared\)")
    assert strip.sub("", installed.stdout) == strip.sub("", in_process.stdout)


def test_the_installed_script_fails_with_one_sentence() -> None:
    result = run_installed("done", "no-such-item")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("pathtui: No item with id 'no-such-item'")
    assert len(result.stderr.strip().splitlines()) == 1
