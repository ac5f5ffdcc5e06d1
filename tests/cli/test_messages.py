"""The command line's own words: no library text, bounded values, script-friendly
lists, and output that survives a terminal that cannot show every character."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from support import fails, ok, run_pathtui

# ---------------------------------------------------------------- point 13: messages


@pytest.mark.parametrize(
    "args", [("config", "hours-per-week", "abc"), ("list", "--step", "abc")], ids=" ".join
)
def test_bad_numbers_get_our_sentence_not_pydantic_text(args: tuple[str, ...]) -> None:
    err = fails(*args)
    assert "Input should be" not in err and "Usage:" not in err
    assert err.startswith("pathtui: ")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "command", [("done",), ("note",), ("log",), ("import",), ("config", "start-date")]
)
def test_help_shows_no_type_labels(command: tuple[str, ...]) -> None:
    out = ok(*command, "--help", env={"COLUMNS": "100"})
    for label in ("<list[str]>", "<path>", "<str>", "<float>"):
        assert label not in out


def test_status_format_help_lists_every_placeholder() -> None:
    from pathtui.cli.grammar import PLACEHOLDER_NAMES
    from pathtui.model.statusline import placeholders
    from pathtui.services.session import Session

    out = " ".join(ok("status", "--help", env={"COLUMNS": "200"}).split())
    assert "README" not in out
    for name in PLACEHOLDER_NAMES:
        assert f"{{{name}}}" in out
    summary = Session.open(None).summary()
    assert tuple(placeholders(summary, dt.date(2026, 5, 1), 10)) == PLACEHOLDER_NAMES


def test_json_with_format_is_an_error() -> None:
    assert "not both" in fails("status", "--json", "--format", "{step}")


def test_log_remove_with_a_short_id_says_four_characters() -> None:
    ok("log", "1")
    assert "at least its first 4 characters" in fails("log", "--remove", "3aa")


def test_unknown_id_in_capitals_gets_did_you_mean() -> None:
    assert "did you mean basics-loops" in fails("skip", "BASICS-LOOPS")


def test_start_date_takes_yesterday_and_refuses_the_future(data_dir: Path) -> None:
    ok("config", "start-date", "yesterday")
    saved = read_progress(data_dir / "backend.toml", "backend")
    assert saved is not None
    assert saved.settings.start_date == dt.date.today() - dt.timedelta(days=1)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "in the future" in fails("config", "start-date", tomorrow)
    assert "out of range" in fails("config", "start-date", "9999-12-31")


def test_status_takes_path_after_the_command(tmp_path: Path) -> None:
    from pathtui.storage.pathfile import embedded_path_text

    own = tmp_path / "own.toml"
    own.write_text(embedded_path_text()[0], encoding="utf-8")
    assert ok("status", "--path", str(own)) == ok("--path", str(own), "status")
    assert "does not exist" in fails("status", "--path", str(tmp_path / "missing.toml"))


def test_grammar_of_counts_finished_path_and_rest_days(data_dir: Path) -> None:
    assert "Up to 1 rest day a week keeps a day streak" in ok("config", "rest-days", "1")
    assert "Up to 2 rest days a week keep a day streak" in ok("config", "rest-days", "2")
    listing = json.loads(ok("list", "--json"))
    step_ids = [row["id"] for row in listing if row["step"]]
    out = ok("done", *step_ids)
    assert "done left" not in out
    assert "the whole path is finished" in out.splitlines()[-1]


# ---------------------------------------------------------------- point 8: bounds


@pytest.mark.parametrize("value", ["0.000001", "0", "169", "nan", "inf"])
def test_hours_per_week_is_bounded_everywhere(value: str) -> None:
    from pathtui.model.valueranges import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

    assert f"from {MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g}" in fails(
        "config", "hours-per-week", value
    )
    assert "--hours-per-week" in fails("status", "--hours-per-week", value)


def test_a_file_with_dates_outside_the_bounds_is_read_with_them_set_aside(
    data_dir: Path,
) -> None:
    """A stamp, a date or a pace out of bounds sets its record (or setting)
    aside, named on stderr; every command still works on the rest."""
    import re

    from pathtui.model.valueranges import LATEST_YEAR

    ok("done", "basics-loops")
    ok("done", "basics-lists")
    file = data_dir / "backend.toml"
    text = file.read_text(encoding="utf-8")
    item_stamp = re.compile(r'(basics-loops = \{ at = ")\d{4}')
    assert item_stamp.search(text)
    for year in ("9999", "0002"):
        file.write_text(item_stamp.sub(rf"\g<1>{year}", text), encoding="utf-8")
        for args in (("export", "-f", "json"), ("export",), ("status",), ("list",)):
            result = run_pathtui(*args)
            assert "Traceback" not in result.stderr
            assert result.returncode == 0, result.stderr
            if args != ("status",):  # the status line stays one line
                assert "items.basics-loops (at: the date is outside" in result.stderr
                assert f"1970–{LATEST_YEAR})" in result.stderr
        assert "2/54" not in ok("status") and "1/54 done" in ok("status")
    file.write_text(text.replace("start_date = ", "start_date = 9999-12-31 #"), encoding="utf-8")
    result = run_pathtui("list")
    assert result.returncode == 0 and "settings.start_date (the date is outside" in result.stderr
    file.write_text(text.replace("hours_per_week = 10.0", "hours_per_week = 1e-06"))
    result = run_pathtui("list")
    assert result.returncode == 0 and "settings.hours_per_week (expected a number" in result.stderr


@pytest.mark.parametrize(
    "args",
    [("done", "basics-variables"), ("list",), ("export", "-f", "json"), ("status",)],
    ids=" ".join,
)
def test_an_output_encoding_without_dashes_never_raises(args: tuple[str, ...]) -> None:
    import os
    import subprocess

    from support import pathtui_exe

    ok("note", "basics-loops", "café ✎ – done")
    result = subprocess.run(
        [pathtui_exe(), *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "latin-1"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert b"Error" not in result.stderr
    assert result.stdout.decode("latin-1").strip()


# ---------------------------------------------------------------- point 14: list


def test_piped_list_is_not_padded_or_wrapped(data_dir: Path) -> None:
    ok("note", "basics-loops", "a note")
    out = ok("list", env={"COLUMNS": "40"})
    assert "basics-loops\ttodo\t" in out and "✎" not in out, "the bare title when piped"
    lines = out.splitlines()
    rows = [line for line in lines if "\t" in line]
    assert len(rows) >= 52
    for line in lines:
        assert line == line.rstrip(), "no padding"
    for row in rows:
        item_id, state, hours, title = row.split("\t")
        assert item_id and hours.endswith(" h") and title
        assert state in {"todo", "learning", "done", "skipped", "not picked"}, "the bare state"
    assert any(len(row) > 40 for row in rows), "long titles stay on their line"


def test_state_filter_leaves_out_empty_steps(data_dir: Path) -> None:
    ok("done", "basics-loops", "dsa-big-o")
    out = ok("list", "--state", "done")
    headers = [line for line in out.splitlines() if line.startswith(("Step", "Extras"))]
    assert len(headers) == 2
    assert "No items are learning." in ok("list", "--state", "learning")


def test_list_json(data_dir: Path) -> None:
    ok("learning", "basics-loops")
    ok("note", "basics-loops", "half way")
    rows = json.loads(ok("list", "--json"))
    loops = next(r for r in rows if r["id"] == "basics-loops")
    assert loops["state"] == "learning" and loops["note"] == "half way"
    assert loops["step"] == 1 and loops["hours"] == {"low": 10.0, "high": 26.0}
    assert sum(1 for r in rows if r["step"]) == 58  # every item listed, each option of a choice too
    assert [r["id"] for r in json.loads(ok("list", "--json", "--state", "learning"))] == [
        "basics-loops"
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("log", "-5h"), "'-5h' is not a duration"),
        (("log", "-.5"), "'-.5' is not a duration"),
        (("config", "hours-per-week", "-1"), "Hours per week must be from 0.5 to 168"),
        (("config", "weekly-goal", "-3"), "weekly goal must be a whole number from 1"),
        (("config", "follow-up-days", "-1"), "follow-up days must be a whole number from 1"),
    ],
)
def test_a_negative_value_is_refused_as_a_value_not_taken_for_an_option(
    data_dir: Path, args: tuple[str, ...], says: str
) -> None:
    err = fails(*args)
    assert says in err
    assert "No such option" not in err and "Usage:" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_note_may_start_with_a_dash(data_dir: Path) -> None:
    ok("note", "basics-loops", "- check the edge cases")
    assert "- check the edge cases" in ok("show", "basics-loops")
