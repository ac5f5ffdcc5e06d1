"""`pathtui path check|add|list|use|remove`, `status --all`, `show`, and ids that
must not share one progress file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bigpath import write_big_path
from pathtui.cli.script import main
from support import REPO, run_pathtui

MINE = """
schema = 2
id = "mine"
title = "My own path"
[baseline]
hours_per_week = 5
[[steps]]
id = "only"
number = 1
title = "Only step"
goal = "Do it."
  [[steps.items]]
  id = "only-a"
  title = "Do A"
  hours = [5, 10]
  links = [{ title = "Docs", url = "https://example.org/a" }]
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    file = tmp_path / "mine.toml"
    file.write_text(MINE, encoding="utf-8")
    return file


# --------------------------------------------------------------------------- check


def test_check_passes_the_built_in_path(capsys) -> None:
    code, out, _ = cli(capsys, "path", "check", str(REPO / "data" / "path.toml"))
    assert code == 0
    assert "backend: 7 steps, 58 items, 2 choice groups, 18 extras" in out
    assert "baseline 390–1040 hours (39–104 weeks at 10 h a week)" in out
    assert "OK: pathtui can use this path." in out


def test_check_reports_an_error_with_its_place(capsys, mine: Path) -> None:
    mine.write_text(MINE.replace("hours = [5, 10]", "hours = [10, 5]"))
    code, out, err = cli(capsys, "path", "check", str(mine))
    assert code == 1 and not out
    assert "at step 1 ('only'), item 1 ('only-a'), hours: low (10) is greater than high (5)" in err


def test_check_lints_what_loads_but_looks_wrong(capsys, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    old.write_text(
        MINE.replace("schema = 2", "schema = 1")
        .replace("hours_per_week = 5", "hours_per_week = 5\nweeks = [1, 2]")
        .replace('  links = [{ title = "Docs", url = "https://example.org/a" }]\n', "")
        + '  [[steps.resources]]\n  title = "A"\n  url = "https://example.org/x"\n'
        + '  [[steps.resources]]\n  title = "B"\n  url = "https://example.org/x/"\n'
    )
    code, out, err = cli(capsys, "path", "check", str(old))
    assert code == 2
    assert "mine: 1 step, 1 item;" in out
    assert "baseline" not in err, "[1, 2] weeks at 5 h a week agrees with 5–10 hours"
    assert "step 1 ('only'), resources: link 2 repeats link 1" in err
    assert "1 warning;" in err


def test_schema_1_baseline_disagreement_is_a_warning_with_both_figures(
    capsys, tmp_path: Path
) -> None:
    old = tmp_path / "old.toml"
    old.write_text(
        MINE.replace("schema = 2", "schema = 1")
        .replace("hours_per_week = 5", "hours_per_week = 5\nweeks = [10, 20]")
        .replace('  links = [{ title = "Docs", url = "https://example.org/a" }]\n', "")
    )
    code, _, err = cli(capsys, "path", "check", str(old))
    assert code == 2
    assert "weeks = [10, 20] at 5 h a week is 50–100 hours" in err
    assert "the items add up to 5–10 hours (1–2 weeks)" in err


# --------------------------------------------------------------------------- library


def test_add_list_use_status_and_remove(capsys, mine: Path, data_dir: Path) -> None:
    code, out, _ = cli(capsys, "path", "add", str(mine))
    assert code == 0 and "Added mine: 1 step, 1 item;" in out
    copy = data_dir / "paths" / "mine.toml"
    assert copy.read_text() == MINE
    _, out, _ = cli(capsys, "path", "list")
    assert out.splitlines() == [
        "* backend (built-in)  0/54 done (0%) · Backend developer: from zero to a first job",
        "  mine  0/1 done (0%) · My own path",
    ]
    assert cli(capsys, "path", "use", "mine")[0] == 0
    _, out, _ = cli(capsys, "status")
    assert out.startswith("Step 1/1 · Only step · 0/1 done")
    assert cli(capsys, "done", "only-a")[0] == 0
    assert (data_dir / "mine.toml").exists(), "progress is kept per path id"
    _, out, _ = cli(capsys, "status", "--all")
    lines = out.splitlines()
    assert lines[0].startswith("backend  Step 1/7 · Learn basic coding skills · 0/54 done")
    assert lines[1].startswith("mine     All 1 steps finished · 1/1 done (100%)")
    _, out, _ = cli(capsys, "status", "--all", "--json")
    assert [d["path"]["id"] for d in json.loads(out)] == ["backend", "mine"]
    code, out, _ = cli(capsys, "path", "remove", "mine")
    assert code == 0 and "Its progress is kept" in out
    assert "It was your default path: `pathtui` now opens backend" in out
    assert not copy.exists() and (data_dir / "mine.toml").exists()
    _, out, _ = cli(capsys, "status")
    assert out.startswith("Step 1/7"), "removing the default goes back to the built-in path"
    # adding it back picks the progress up again
    cli(capsys, "path", "add", str(mine))
    cli(capsys, "path", "use", "mine")
    assert "1/1 done" in cli(capsys, "status")[1]


def test_remove_can_forget_progress_into_a_backup(capsys, mine: Path, data_dir: Path) -> None:
    cli(capsys, "path", "add", str(mine))
    cli(capsys, "--path", str(mine), "done", "only-a")
    code, out, _ = cli(capsys, "path", "remove", "mine", "--forget-progress", "--yes")
    assert code == 0 and "moved to" in out
    assert not (data_dir / "mine.toml").exists()
    backups = list((data_dir / "backups").glob("mine-*.toml"))
    assert len(backups) == 1 and "only-a" in backups[0].read_text()


def test_remove_forget_progress_asks_first(mine: Path, data_dir: Path) -> None:
    assert run_pathtui("path", "add", str(mine)).returncode == 0
    assert run_pathtui("--path", str(mine), "done", "only-a").returncode == 0
    result = run_pathtui("path", "remove", "mine", "--forget-progress", input="n\n")
    assert result.returncode == 1 and "Nothing was changed" in result.stderr
    assert (data_dir / "paths" / "mine.toml").exists() and (data_dir / "mine.toml").exists()


def test_unknown_ids_and_the_built_in_path_are_explained(capsys, mine: Path) -> None:
    code, _, err = cli(capsys, "path", "use", "nope")
    assert code == 1 and "No path 'nope' in your library (it has: none yet)" in err
    code, _, err = cli(capsys, "path", "remove", "backend")
    assert code == 1 and "built-in path cannot be removed" in err
    assert cli(capsys, "path", "use", "backend")[0] == 0


# --------------------------------------------------------------------------- one id, one file


def test_a_path_file_cannot_take_the_built_in_paths_id(capsys, mine: Path, data_dir: Path) -> None:
    cli(capsys, "done", "basics-variables")
    clash = mine.with_name("clash.toml")
    clash.write_text(MINE.replace('id = "mine"', 'id = "backend"'))
    for args in (("status",), ("done", "only-a"), ("reset", "--yes"), ("list",)):
        code, _, err = cli(capsys, "--path", str(clash), *args)
        assert code == 1
        assert "has the id 'backend', which the built-in path already uses" in err
    assert "1/54 done" in cli(capsys, "status")[1], "the built-in path's progress is untouched"
    code, _, err = cli(capsys, "path", "add", str(clash))
    assert code == 1 and "built-in path already uses" in err
    # the built-in file itself is of course fine
    assert cli(capsys, "--path", str(REPO / "data" / "path.toml"), "status")[0] == 0


def test_two_different_files_with_one_library_id_are_refused(capsys, mine: Path) -> None:
    cli(capsys, "path", "add", str(mine))
    assert cli(capsys, "--path", str(mine), "status")[0] == 0, "the file it was added from"
    other = mine.with_name("other.toml")
    other.write_text(MINE.replace("Do A", "Something else"))
    code, _, err = cli(capsys, "--path", str(other), "status")
    assert code == 1 and "which the path in your library" in err and "--replace" in err
    code, _, err = cli(capsys, "path", "add", str(other))
    assert code == 1 and "already has a different path with the id 'mine'" in err
    code, out, _ = cli(capsys, "path", "add", str(other), "--replace")
    assert code == 0 and out.startswith("Updated mine")


# --------------------------------------------------------------------------- show


def test_show_prints_an_item_in_full(capsys, mine: Path) -> None:
    cli(capsys, "--path", str(mine), "learning", "only-a")
    cli(capsys, "--path", str(mine), "note", "only-a", "page 4")
    cli(capsys, "--path", str(mine), "log", "1.5", "--item", "only-a")
    code, out, _ = cli(capsys, "--path", str(mine), "show", "only-a")
    assert code == 0
    assert out.splitlines()[:3] == [
        "Do A",
        "only-a · Step 1 · Only step",
        "State: learning · planned 5–10 h · logged 1h30m",
    ]
    assert "Your note: page 4" in out and "  1. Docs  https://example.org/a" in out
    _, out, _ = cli(capsys, "--path", str(mine), "show", "only-a", "--json")
    data = json.loads(out)
    assert data["state"] == "learning" and data["note"] == "page 4"
    assert data["hours_logged"] == 1.5
    assert data["links"] == [{"title": "Docs", "url": "https://example.org/a"}]
    code, _, err = cli(capsys, "--path", str(mine), "show", "only-b")
    assert code == 1 and "did you mean only-a" in err


def test_show_and_list_on_a_generated_path_of_25_steps(capsys, tmp_path: Path) -> None:
    big = write_big_path(tmp_path / "big.toml")
    from pathtui.storage.pathfile import load_path

    loaded = load_path(big)
    assert (len(loaded.steps), len(loaded.items)) == (25, 300)
    assert {len(i.description) for i in loaded.items} == {2000}
    assert {len(i.links) for i in loaded.items} == {5}
    code, out, _ = cli(capsys, "--path", str(big), "list", "--step", "12")
    assert code == 0 and "s12-item-1" in out and "s13-item-1" not in out
    code, _, err = cli(capsys, "--path", str(big), "list", "--step", "26")
    assert code == 1 and "steps run from 1 to 25" in err
    code, out, _ = cli(capsys, "--path", str(big), "show", "s2-item-4")
    assert code == 0
    assert "Counts: one of 9 options in 'Pick a language' (choose 1); pick it to count it" in out
    assert "\n\n- first point\n- second point\n" in out, "paragraphs and lists keep their lines"
    assert out.count("https://example.org/") == 5


def test_the_worked_example_in_the_docs_passes_check(capsys) -> None:
    example = REPO / "data" / "examples" / "three-steps.toml"
    code, out, err = cli(capsys, "path", "check", str(example))
    assert code == 0 and not err
    assert "web-scraping: 3 steps, 9 items, 1 choice group" in out
    assert "baseline 42–96 hours (8.4–19.2 weeks at 5 h a week)" in out
    docs = (REPO / "data" / "PATH_SCHEMA.md").read_text(encoding="utf-8")
    assert "data/examples/three-steps.toml" in docs, "the reference points at it"


def test_removing_a_path_that_is_not_the_default_says_nothing_about_the_default(
    capsys, mine: Path
) -> None:
    cli(capsys, "path", "add", str(mine))
    code, out, _ = cli(capsys, "path", "remove", "mine")
    assert code == 0 and "default" not in out
