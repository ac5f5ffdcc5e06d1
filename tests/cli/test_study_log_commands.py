"""The study-log commands end to end, through the installed ``pathtui`` script:
log, log --list, log --remove, config for streaks, export and import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pathtui.model.progress import Progress
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from support import run_pathtui

STAMP = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)


def today() -> dt.date:
    return dt.date.today()


def ok(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> str:
    result = run_pathtui(*args, input=input, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def fails(*args: str) -> str:
    """Run a command that must fail with one readable sentence; return it."""
    result = run_pathtui(*args)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pathtui: ")
    return lines[0]


def progress_file(data_dir: Path) -> Path:
    return data_dir / "backend.toml"


def load(data_dir: Path) -> Progress:
    progress = read_progress(progress_file(data_dir), "backend")
    assert progress is not None
    return progress


def test_log_list_and_remove(data_dir: Path) -> None:
    out = ok("log", "1.5")
    assert out.startswith(f"Logged 1h30m on {today().isoformat()} (entry ")
    assert "Now: this week 1h30m of your 10 h goal" in out
    yesterday = (today() - dt.timedelta(days=1)).isoformat()
    out = ok("log", "45m", "--date", yesterday, "--item", "basics-loops", "--note", "chapter 3")
    assert f"Logged 45m on {yesterday} on basics-loops" in out

    entries = sorted(load(data_dir).log, key=lambda e: e.date)
    assert [(e.date, e.hours, e.item, e.note) for e in entries] == [
        (today() - dt.timedelta(days=1), 0.75, "basics-loops", "chapter 3"),
        (today(), 1.5, "", ""),
    ]
    listing = ok("log", "--list").splitlines()
    assert listing[0].split() == ["ENTRY", "DATE", "TIME", "ITEM", "NOTE"]
    assert listing[1].split() == [entries[0].id, yesterday, "45m", "basics-loops", "chapter", "3"]
    assert listing[2].split() == [entries[1].id, today().isoformat(), "1h30m", "-"]
    assert listing[3] == "Total 2h15m on 2 days."
    assert ok("log", "--list", "--item", "basics-loops").splitlines()[-1] == "Total 45m on 1 day."

    out = ok("log", "--remove", entries[0].id[:6])
    assert out.startswith(f"Removed entry {entries[0].id}: 45m on {yesterday} on basics-loops.")
    after = load(data_dir)
    assert [e.id for e in after.live_log()] == [entries[1].id]
    assert [e.id for e in after.log if e.deleted] == [entries[0].id]  # kept as a tombstone
    assert ok("log", "--list").splitlines()[-1] == "Total 1h30m on 1 day."


def test_log_on_an_empty_log_says_how_to_start() -> None:
    assert "No study time logged yet" in ok("log", "--list")


def future() -> str:
    return (today() + dt.timedelta(days=2)).isoformat()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "abc"], "'abc' is not a duration like 1.5 (hours), 90m, 1h30m or 1:30."),
        (["log", "0"], "'0' is no time at all; log more than 0 minutes."),
        (["log", "25h"], "'25h' is more than 24 hours; one entry covers one day at most."),
        (
            ["log", "1", "--date", "2026-13-01"],
            "'2026-13-01' is not a date like 2026-01-31 (or today, yesterday).",
        ),
        (["log", "1", "--date", "FUTURE"], "is in the future; a future day can't be logged"),
        (["log", "1", "--date", "tomorrow"], "is in the future; a future day can't be logged"),
        (["log", "1", "--item", "basics-lops"], "No item with id 'basics-lops'"),
        (["log", "--remove", "zzzz"], "No log entry with id 'zzzz'"),
        (["log"], "Give how long you studied"),
        (["log", "1", "--list"], "Give a duration, --list or --remove, one at a time."),
        (["log", "23h"], "more than a day holds"),
        (["config", "rest-days", "9"], "Rest days per week must be a whole number from 0 to 6."),
        (["config", "rest-days", "two"], "Rest days per week must be a whole number"),
        (["config", "day-minimum", "abc"], "'abc' is not a number of minutes"),
        (["config", "day-minimum", "2000"], "must be from 0 to 1440 minutes"),
        (["config", "streaks", "maybe"], "Streaks can be on, off, weeks, days; not 'maybe'."),
        (["export", "--format", "pdf"], "--format must be markdown, json or csv, not 'pdf'."),
        (["import", "/nonexistent/x.json"], "Cannot import /nonexistent/x.json: it does not exist"),
    ],
)
def test_bad_input_gets_one_sentence_and_changes_nothing(
    data_dir: Path, args: list[str], message: str
) -> None:
    ok("log", "2h")  # 2 h today, so 23 h more is too much for one day
    before = progress_file(data_dir).read_bytes()
    args = [future() if a == "FUTURE" else a for a in args]
    assert message in fails(*args)
    assert progress_file(data_dir).read_bytes() == before
    assert not (data_dir / "backups").exists()


def test_logging_before_the_start_date_moves_it_and_says_so(data_dir: Path) -> None:
    start = today() - dt.timedelta(days=3)
    ok("config", "start-date", start.isoformat())
    earlier = start - dt.timedelta(days=10)
    out = ok("log", "1h", "--date", earlier.isoformat())
    assert (
        f"Your start date moved from {start.isoformat()} to {earlier.isoformat()}, "
        "the first day you logged." in out
    )
    assert load(data_dir).settings.start_date == earlier
    assert "start date moved" not in ok("log", "1h", "--date", start.isoformat())


def test_removing_the_entry_that_moved_the_start_date_says_how_to_move_it_back(
    data_dir: Path,
) -> None:
    start = today() - dt.timedelta(days=3)
    ok("config", "start-date", start.isoformat())
    ok("log", "1h", "--date", start.isoformat())
    earlier = start - dt.timedelta(days=10)
    ok("log", "2h", "--date", earlier.isoformat())
    mistaken = next(e for e in load(data_dir).live_log() if e.date == earlier)
    out = ok("log", "--remove", mistaken.id)
    assert (
        f"Your start date stays {earlier.isoformat()}, though nothing logged or finished is on "
        f"it any more; `pathtui config start-date {start.isoformat()}` moves it to your first "
        "day of study now." in out
    )
    assert load(data_dir).settings.start_date == earlier  # a setting: never moved on a guess
    ok("config", "start-date", start.isoformat())
    kept = next(e for e in load(data_dir).live_log() if e.date == start)
    ok("log", "1h", "--date", start.isoformat())
    assert "start date stays" not in ok("log", "--remove", kept.id)  # another entry is on it


def test_streak_settings(data_dir: Path) -> None:
    assert ok("config", "day-minimum", "30") == "A study day now needs 30 minutes.\n"
    assert ok("config", "day-minimum", "1h") == "A study day now needs 60 minutes.\n"
    assert ok("config", "rest-days", "2").startswith("Up to 2 rest days a week")
    assert ok("config", "streaks", "days") == "Streaks are on, counting study days.\n"
    s = load(data_dir).settings
    assert (s.day_minimum_minutes, s.rest_days_per_week, s.streaks, s.streak_kind) == (
        60.0,
        2,
        True,
        "days",
    )
    assert "Streaks are off" in ok("config", "streaks", "off")
    assert load(data_dir).settings.streaks is False
    shown = ok("config")
    assert "day-minimum     60 minutes" in shown
    assert "rest-days       2 per week" in shown
    assert "streaks         off" in shown
    assert "counting study days" in ok("config", "streaks", "on")
    assert load(data_dir).settings.streak_kind == "days"


def rich_progress() -> Session:
    """Progress with every kind of thing the file holds, saved in the data dir."""
    session = Session.open()
    p = session.progress
    p.set_state("basics-language", "done", now=STAMP)
    p.set_state("basics-variables", "skipped", now=STAMP)
    p.set_state("basics-loops", "learning", now=STAMP)
    p.set_note("basics-loops", 'page 3, "quotes" and ünïcode', now=STAMP)
    p.set_note("gone-item", "kept for an id the path no longer has", now=STAMP)
    p.add_log(dt.date(2026, 10, 1), 1.5, item="basics-language", note="first", now=STAMP)
    p.add_log(dt.date(2026, 10, 2), 0.1 + 0.2, now=STAMP)
    removed = p.add_log(dt.date(2026, 10, 3), 2.0, now=STAMP)
    p.remove_log(removed.id)
    p.update_settings(
        now=STAMP,
        hours_per_week=7.5,
        start_date=dt.date(2026, 9, 30),
        day_minimum_minutes=20.0,
        rest_days_per_week=2,
        streak_kind="days",
    )
    session.save()
    return session


def test_export_json_then_import_loses_nothing(data_dir: Path, tmp_path: Path) -> None:
    rich_progress()
    original = load(data_dir)
    export = tmp_path / "export.json"
    result = run_pathtui("export", "--format", "json", "-o", str(export))
    assert result.returncode == 0, result.stderr
    exported = json.loads(export.read_text())["progress"]
    assert [e.get("deleted") for e in exported["log"].values()].count(True) == 1
    assert json.loads(json.dumps(exported)) == exported

    # Merged into an empty data folder, the export is the same progress, stamps and all.
    other = tmp_path / "other-data"
    env = {"PATHTUI_DATA_DIR": str(other)}
    out = ok("import", str(export), env=env)
    assert "Merged into your progress:" in out
    merged = read_progress(other / "backend.toml", "backend")
    assert merged is not None and merged.tables == original.tables
    # Replacing takes the same content as new writes in a new epoch.
    replaced_dir = tmp_path / "replaced-data"
    env = {"PATHTUI_DATA_DIR": str(replaced_dir)}
    ok("log", "1h", "--note", "from before the replace", env=env)
    out = ok("import", str(export), "--replace", "--yes", env=env)
    assert "Replaced your progress with" in out
    restored = read_progress(replaced_dir / "backend.toml", "backend")
    assert restored is not None and content(restored) == content(original)
    assert restored.epoch > max(s for s in original.stamps())
    # Merging the export again brings nothing from before the replace back.
    before = (replaced_dir / "backend.toml").read_bytes()
    ok("import", str(export), env=env)
    again = read_progress(replaced_dir / "backend.toml", "backend")
    assert again is not None and content(again) == content(original)
    assert before.split(b"[settings]")[1] in (replaced_dir / "backend.toml").read_bytes()


def content(progress: Progress) -> tuple[object, ...]:
    """What the learner sees, without the stamps."""
    return (
        {k: (r.state, r.note) for k, r in progress.items.items()},
        dict(progress.settings.values),
        [(e.id, e.date, e.hours, e.item, e.note) for e in progress.live_log()],
    )


def test_import_merges_by_default_and_backs_up_first(data_dir: Path, tmp_path: Path) -> None:
    rich_progress()
    export = tmp_path / "export.json"
    export.write_text(ok("export", "--format", "json"))
    progress_file(data_dir).unlink()
    ok("log", "1h", "--note", "on this machine")
    before = progress_file(data_dir).read_bytes()

    out = ok("import", str(export))
    assert out.startswith("Backup written to ")
    backup = Path(out.splitlines()[0].removeprefix("Backup written to "))
    assert backup.read_bytes() == before
    assert "Merged into your progress:" in out
    assert "now 4 items with progress and 3 log entries (before: 0 and 1)" in out
    merged = load(data_dir)
    assert sorted(e.note for e in merged.live_log()) == ["", "first", "on this machine"]
    assert merged.state("basics-language") == "done"


def test_replace_asks_first_and_no_answer_changes_nothing(data_dir: Path, tmp_path: Path) -> None:
    rich_progress()
    export = tmp_path / "export.json"
    export.write_text(ok("export", "--format", "json"))
    ok("log", "1h")
    before = progress_file(data_dir).read_bytes()
    result = run_pathtui("import", str(export), "--replace", input="n\n")
    assert result.returncode == 1
    assert "Nothing was changed." in result.stderr
    assert progress_file(data_dir).read_bytes() == before
    assert ok("import", str(export), "--replace", input="y\n").count("Replaced") == 1
    assert len(load(data_dir).live_log()) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "is not valid JSON"),
        ('{"hello": 1}', "is not a pathtui export"),
        ('{"format": "pathtui-progress", "format_version": 9}', "made by a newer pathtui"),
        (
            '{"format": "pathtui-progress", "format_version": 1, "progress": '
            '{"schema": 1, "path_id": "frontend"}}',
            "belongs to path 'frontend', not 'backend'",
        ),
    ],
)
def test_bad_import_file_is_refused_before_anything_is_written(
    data_dir: Path, tmp_path: Path, content: str, message: str
) -> None:
    rich_progress()
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    before = progress_file(data_dir).read_bytes()
    line = fails("import", str(bad))
    assert message in line
    assert line.endswith("your progress was not changed.")
    assert progress_file(data_dir).read_bytes() == before
    assert not (data_dir / "backups").exists()


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("hours", "lots", "hours: expected a number"),
        ("date", "yesterday-ish", "date: expected a date"),
    ],
)
def test_an_import_with_a_bad_record_brings_the_rest_and_names_it(
    data_dir: Path, tmp_path: Path, field: str, value: str, why: str
) -> None:
    """A bad record in an export is set aside, not the whole import: the file
    imported still holds it, and the learner is told which and why."""
    rich_progress()
    good = json.loads(ok("export", "--format", "json"))
    log = good["progress"]["log"]
    first = min(key for key, entry in log.items() if not entry.get("deleted"))
    log[first][field] = value
    good["progress"]["items"]["basics-functions"] = good["progress"]["items"]["basics-language"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(good))
    result = run_pathtui("import", str(bad))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"pathtui: Left out of {bad}: a value pathtui cannot use, log.{first} ({why}); "
        "that file still holds them.\n"
    )
    merged = load(data_dir)
    assert merged.state("basics-functions") == "done"  # the rest of the file came in
    assert first in merged.tables["log"]  # the copy already here stays as it was
    assert json.loads(bad.read_text()) == good


def test_export_markdown_report(data_dir: Path, tmp_path: Path) -> None:
    rich_progress()
    report = ok("export")
    assert report.startswith("# My progress: Backend developer: from zero to a first job\n")
    assert "| Complete | 2 of 54 items (4%) · 1 done, 1 skipped |" in report
    assert "| Time logged | 1.8 h on 2 days |" in report
    assert "## Step 1: Learn basic coding skills (2/9 · 2 options count as 1)" in report
    assert "- [x] Choose one language to start with — done 2026-10-01 · 1.5 h logged" in report
    assert "- [x] ~~Store values in variables~~ — skipped 2026-10-01" in report
    assert "- [ ] Write loops that walk over a collection — learning" in report
    assert "## Step 7:" in report
    assert "Extras" not in report  # no extras touched
    target = tmp_path / "PROGRESS.md"
    result = run_pathtui("export", "--format", "markdown", "-o", str(target))
    assert result.returncode == 0
    assert target.read_text() == report


def test_export_refuses_to_overwrite_the_progress_file(data_dir: Path) -> None:
    rich_progress()
    before = progress_file(data_dir).read_bytes()
    line = fails("export", "--format", "json", "-o", str(progress_file(data_dir)))
    assert "is your progress file" in line
    assert progress_file(data_dir).read_bytes() == before
