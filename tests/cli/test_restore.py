"""Backup, restore, reset and import: a restore that brings progress back, a reset
that says what goes, imports that explain themselves and check every source."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest

from pathtui.storage.progressread import read_progress
from support import fails, ok, run_pathtui
from tui_support import app_for, new_session, on_disk

#: Seconds an import of a named pipe may take before it counts as hanging.
PIPE_SECONDS = 30


def _a_month_of_work() -> None:
    ok("config", "hours-per-week", "7")
    ok("config", "start-date", "2026-10-01")
    ok("config", "rest-days", "2")
    ok("done", "basics-language", "basics-variables")
    ok("learning", "basics-loops")
    ok("note", "basics-loops", "chapter 3")
    ok("log", "2.5", "--item", "basics-loops", "--date", "2026-11-01")


def _state(data_dir: Path):  # type: ignore[no-untyped-def]
    progress = read_progress(data_dir / "backend.toml", "backend")
    assert progress is not None
    return progress


# ---------------------------------------------------------------- point 1


def test_reset_prints_the_exact_restore_command_and_it_restores(
    data_dir: Path, tmp_path: Path
) -> None:
    _a_month_of_work()
    out = ok("reset", "--yes")
    assert _state(data_dir).items == {}
    command = next(line for line in out.splitlines() if "pathtui restore" in line)
    argv = shlex.split(command[command.index("pathtui restore") :])
    assert argv[:2] == ["pathtui", "restore"] and Path(argv[2]).is_file()
    restored = ok(*argv[1:], "--yes")
    assert "Restored" in restored and "3 items with progress" in restored
    progress = _state(data_dir)
    assert progress.state("basics-variables") == "done"
    assert progress.state("basics-loops") == "learning"
    assert progress.note("basics-loops") == "chapter 3"
    assert [e.hours for e in progress.live_log()] == [2.5]
    assert progress.settings.start_date.isoformat() == "2026-10-01"


def test_restore_lists_backups_with_date_items_and_hours(data_dir: Path) -> None:
    assert "No backups yet" in ok("restore")
    _a_month_of_work()
    ok("reset", "--yes")
    out = ok("restore")
    lines = out.splitlines()
    row = next(line for line in lines if "backend-" in line and ".toml" in line)
    assert "3 items with progress" in row and "2h30m logged" in row and "1 note" in row
    assert row.split()[0].count("-") == 2, "the date comes first"
    assert "pathtui restore" in lines[-1]


def test_the_list_checks_a_backup_pathtui_did_not_write_like_an_import(data_dir: Path) -> None:
    """Backups as pathtui wrote them are read by the fast reader; a hand-edited
    one gets the careful reader, and a cut-short one is named, not trusted."""
    _a_month_of_work()
    out = ok("reset", "--yes")
    backup = Path(out.split("Backup written to ", 1)[1].split("\n", 1)[0])
    text = backup.read_text(encoding="utf-8")
    edited = backup.with_name("backend-20260101-120000.toml")
    edited.write_text(text.replace("schema = ", "schema    =   "), encoding="utf-8")
    cut = backup.with_name("backend-20250101-120000.toml")
    cut.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 1], encoding="utf-8")
    rows = {line.split()[2]: line for line in ok("restore").splitlines() if ".toml  " in line}
    assert "3 items with progress" in rows[backup.name]
    assert "3 items with progress" in rows[edited.name]
    assert f"unreadable: Cannot import {cut}: it ends early" in rows[cut.name]


def test_the_list_reads_each_backup_once_and_again_when_it_changed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a backup holds is cached by its signature: ten backups cost a
    listing no parsing, and a backup replaced in place is read again."""
    from pathtui.services import backups

    _a_month_of_work()
    out = ok("reset", "--yes")
    backup = Path(out.split("Backup written to ", 1)[1].split("\n", 1)[0])
    first = ok("restore")
    assert "3 items with progress" in first

    def no_reading(file: Path, path_id: str) -> None:
        raise AssertionError(f"{file} was read again")

    reader = backups._read_backup
    monkeypatch.setattr(backups, "_read_backup", no_reading)
    assert ok("restore") == first
    monkeypatch.setattr(backups, "_read_backup", reader)
    text = backup.read_text(encoding="utf-8")
    backup.write_text(text[: text.rindex("\n", 0, len(text) - 1) + 1], encoding="utf-8")
    assert "unreadable: Cannot import" in ok("restore")


def test_restore_asks_first_and_a_no_changes_nothing(data_dir: Path) -> None:
    _a_month_of_work()
    out = ok("reset", "--yes")
    backup = Path(out.split("Backup written to ", 1)[1].split("\n", 1)[0])
    before = (data_dir / "backend.toml").read_bytes()
    result = run_pathtui("restore", backup.name, input="n\n")
    assert result.returncode == 1
    assert "Replace your progress" in result.stdout + result.stderr
    assert (data_dir / "backend.toml").read_bytes() == before
    ok("restore", backup.name, input="y\n")
    assert _state(data_dir).state("basics-language") == "done"


def test_merging_an_export_older_than_the_reset_says_why_and_how(
    data_dir: Path, tmp_path: Path
) -> None:
    _a_month_of_work()
    export = tmp_path / "b.json"
    ok("export", "-f", "json", "-o", str(export))
    ok("reset", "--yes")
    out = ok("import", str(export))
    assert "Nothing changed" in out
    assert "older than your last reset" in out
    assert f"pathtui restore {export}" in out
    assert _state(data_dir).items == {}
    ok("restore", str(export), "--yes")
    assert _state(data_dir).state("basics-language") == "done"


# ---------------------------------------------------------------- point 2


def test_a_merge_import_into_an_empty_folder_keeps_the_settings(
    data_dir: Path, tmp_path: Path
) -> None:
    _a_month_of_work()
    export = tmp_path / "b.json"
    ok("export", "-f", "json", "-o", str(export))
    for tried_first in (False, True):  # an empty folder, or one a first tick made
        other = tmp_path / f"new-machine-{tried_first}"
        env = {"PATHTUI_DATA_DIR": str(other)}
        if tried_first:
            ok("done", "basics-comparisons", env=env)
        ok("import", str(export), env=env)
        progress = read_progress(other / "backend.toml", "backend")
        assert progress is not None
        assert progress.settings.hours_per_week == 7
        assert progress.settings.start_date.isoformat() == "2026-10-01"
        assert progress.settings.rest_days_per_week == 2
        assert progress.state("basics-variables") == "done"


def test_import_counts_read_as_english(data_dir: Path, tmp_path: Path) -> None:
    ok("done", "basics-language")
    export = tmp_path / "one.json"
    ok("export", "-f", "json", "-o", str(export))
    out = ok("import", str(export), env={"PATHTUI_DATA_DIR": str(tmp_path / "fresh")})
    assert "now 1 item with progress and 0 log entries" in out


# ---------------------------------------------------------------- point 3


def test_the_reset_question_names_what_is_lost(data_dir: Path) -> None:
    _a_month_of_work()
    result = run_pathtui("reset", input="n\n")
    assert result.returncode == 1
    question = result.stdout + result.stderr
    assert "the study log (2h30m)" in question
    assert "notes on 1 item" in question
    assert "the start date (2026-10-01)" in question
    assert _state(data_dir).state("basics-language") == "done"


@pytest.mark.slow
async def test_u_right_after_a_reset_in_the_tracker_brings_it_back() -> None:
    from textual.widgets import Label

    from pathtui.tui.screens.confirm import ConfirmScreen
    from pathtui.tui.screens.main import MainScreen

    session = new_session()
    session.progress.set_state("basics-language", "done")
    session.progress.set_note("basics-loops", "chapter 2")
    session.log_time(1.5, session.progress.settings.start_date, "basics-loops")

    app = app_for(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        text = str(app.screen.query_one(".dialog-text", Label).content)
        assert "the study log (1h30m)" in text and "notes on 1 item" in text
        assert "start date" in text
        await pilot.press("y")
        await pilot.pause()
        assert on_disk(session).items == {}
        await pilot.press("u")  # the reset is undone as it is: no second question
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert session.progress.state("basics-language") == "done"
    restored = on_disk(session)
    assert restored.state("basics-language") == "done"
    assert restored.note("basics-loops") == "chapter 2"
    assert [e.hours for e in restored.live_log()] == [1.5]


# ---------------------------------------------------------------- point 4


def test_export_refuses_to_overwrite_without_force(data_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("my own notes\n", encoding="utf-8")
    assert "--force" in fails("export", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "my own notes\n"
    ok("export", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("# My progress")


# ---------------------------------------------------------------- point 5


def test_a_toml_import_gets_the_same_checks_as_json(data_dir: Path, tmp_path: Path) -> None:
    ok("done", "basics-language")
    source = data_dir / "backend.toml"
    text = source.read_text(encoding="utf-8")
    newer = tmp_path / "newer.toml"
    newer.write_text(text.replace("schema = 2", "schema = 3\nsurprise = 1"))
    err = fails("import", str(newer))
    assert "Cannot import" in err and "newer pathtui" in err
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(text.replace("schema = 2", "schema = 2\nsurprise = 1"))
    err = fails("import", str(unknown))
    assert "Cannot import" in err and "surprise" in err
    cut = tmp_path / "cut.toml"
    cut.write_text(text.replace("# end of pathtui progress file", ""))
    err = fails("import", str(cut))
    assert "Cannot import" in err and "cut short" in err
    data = json.loads(ok("export", "-f", "json"))
    data["progress"]["surprise"] = 1
    as_json = tmp_path / "unknown.json"
    as_json.write_text(json.dumps(data))
    assert "surprise" in fails("import", str(as_json))


@pytest.mark.parametrize("kind", ["toml", "json"])
def test_import_errors_give_no_progress_file_advice(tmp_path: Path, kind: str) -> None:
    broken = tmp_path / f"broken.{kind}"
    broken.write_text("this is = = not valid\n")
    err = fails("import", str(broken))
    assert err.startswith(f"pathtui: Cannot import {broken}")
    assert "rename it" not in err and "start over" not in err and "Progress file" not in err


@pytest.mark.parametrize("kind", ["toml", "json"])
def test_importing_a_named_pipe_is_refused_at_once(tmp_path: Path, kind: str) -> None:
    import subprocess

    from support import pathtui_exe

    pipe = tmp_path / f"pipe.{kind}"
    os.mkfifo(pipe)
    # A real process with a deadline: a pipe nobody writes to must not hang it.
    result = subprocess.run(
        [pathtui_exe(), "import", str(pipe)],
        capture_output=True,
        text=True,
        timeout=PIPE_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 1
    assert "not a regular file" in result.stderr


def test_backups_written_in_the_same_second_are_listed_newest_first(data_dir: Path) -> None:
    """A second backup within a second is named ``…-2.toml``, which sorts before
    the first as text; with equal times, the list still puts it first."""
    import datetime as dt

    from pathtui.services.backups import backups_of

    ok("done", "basics-language")
    session = new_session()
    moment = dt.datetime(2026, 11, 20, 9, 30, 5, tzinfo=dt.UTC)
    names = [session.store.backup(now=moment) for _ in range(3)]
    assert names[0] is not None and names[1] is not None and names[2] is not None
    same = 1_700_000_000
    for file in names:
        os.utime(file, (same, same))  # a disk that keeps times to the second
    listed = [b.file.name for b in backups_of(session)]
    assert listed[:3] == [names[2].name, names[1].name, names[0].name]
    assert names[1].name.endswith("-2.toml") and names[2].name.endswith("-3.toml")
