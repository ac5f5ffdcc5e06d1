"""A bad value sets its record (or field) aside; it never takes the whole file down.

Issue 29's worst case: a log entry dated 1969-12-31 (an older pathtui wrote
it) made every command fail, ``restore`` and ``doctor`` included, and the
advice (copy the daily backup over the file) lost that day's changes. Now
the reader leaves the bad record out and says so in one sentence; the store
keeps the file exactly as it was in a ``-set-aside`` backup before any save
leaves it out; every command, ``restore``, ``doctor`` and ``log --remove``
included, works on the rest; nothing of the day is lost.
"""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest

from pathtui.errors import SaveError
from pathtui.model.progress import Progress
from pathtui.storage import backupfiles, fastread
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store
from support import run_pathtui

T0 = dt.datetime(2026, 2, 1, 8, 30, tzinfo=dt.UTC)
BAD_DAY = "1969-12-31"


def ok(*args: str) -> str:
    result = run_pathtui(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def set_aside_copies(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "backups").glob("*-set-aside*.toml"))


def a_day_of_changes(data_dir: Path) -> Path:
    """Six changes of one day, then a log entry dated 1969-12-31 put into the file
    as an older pathtui wrote it (a valid stamp, a date the reader refuses)."""
    ok("done", "basics-loops")
    ok("learning", "basics-lists")
    ok("note", "basics-lists", "chapter 3")
    ok("log", "1h", "--note", "morning")
    ok("log", "45m", "--item", "basics-loops")
    ok("config", "hours-per-week", "7.5")
    file = data_dir / "backend.toml"
    lines = file.read_text(encoding="utf-8").splitlines()
    entry = next(i for i, line in enumerate(lines) if "morning" in line)
    stamp = lines[entry].split('"')[1]
    bad = f'badbadbadbad = {{ at = "{stamp}", date = {BAD_DAY}, hours = 2.0, created = '
    bad += f'{T0.isoformat(timespec="microseconds")}, item = "", note = "evening" }}'
    lines.insert(entry, bad)
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return file


def told(stderr: str, file: Path) -> str:
    """The one sentence naming what was set aside."""
    [line] = stderr.strip().splitlines()
    assert line.startswith(f"pathtui: Progress file {file} holds a value pathtui cannot use")
    assert "log.badbadbadbad (date: the date is outside 1970–2999)" in line
    return line


def test_a_date_before_1970_no_longer_takes_the_file_down(data_dir: Path) -> None:
    file = a_day_of_changes(data_dir)
    original = file.read_bytes()
    status = run_pathtui("status")
    assert status.returncode == 0 and "1/54 done" in status.stdout
    assert status.stderr == ""  # the status line stays one line; doctor tells
    listing = run_pathtui("log", "--list")
    assert listing.returncode == 0
    line = told(listing.stderr, file)
    [copy] = set_aside_copies(data_dir)
    assert line.endswith(f"the file as it was is kept in {copy}.")
    assert copy.read_bytes() == original  # kept verbatim, before anything changed
    assert "morning" in listing.stdout and "evening" not in listing.stdout
    report = run_pathtui("doctor")
    assert report.returncode == 1, report.stdout
    said = report.stdout + report.stderr
    assert "log.badbadbadbad (date: the date is outside 1970–2999)" in said
    assert f"the file as it is now is kept in {copy}" in said
    # log --remove works on such a file, and its save leaves the bad record out
    morning = next(e for e in read_all(copy) if e.note == "morning")
    removed = run_pathtui("log", "--remove", morning.id)
    assert removed.returncode == 0
    assert told(removed.stderr, file).endswith(f"{copy}.")  # once, though read twice
    after = read_progress(file, "backend")
    assert after is not None and after.set_aside == []
    assert BAD_DAY not in file.read_text(encoding="utf-8")
    # every one of the day's six changes is still there (the removal is a seventh)
    assert after.state("basics-loops") == "done" and after.state("basics-lists") == "learning"
    assert after.note("basics-lists") == "chapter 3" and after.settings.hours_per_week == 7.5
    assert [(e.hours, e.item) for e in after.live_log()] == [(0.75, "basics-loops")]
    assert set_aside_copies(data_dir) == [copy]
    assert run_pathtui("doctor").returncode == 0
    assert run_pathtui("log", "--list").stderr == ""  # the file is clean: nothing to tell


def read_all(file: Path) -> list:
    progress = read_progress(file, "backend")
    assert progress is not None
    return progress.live_log()


def test_restore_works_on_such_a_file_and_from_such_a_backup(data_dir: Path) -> None:
    file = a_day_of_changes(data_dir)
    ok("done", "basics-functions")  # sets aside, keeps a copy, saves the rest
    [copy] = set_aside_copies(data_dir)
    file.write_bytes(copy.read_bytes())  # the bad record is back, as from another copy
    result = run_pathtui("restore", str(copy), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"Restored {copy}" in result.stdout
    assert (
        f"pathtui: Left out of {copy}: a value pathtui cannot use, log.badbadbadbad "
        "(date: the date is outside 1970–2999); that file still holds them."
    ) in result.stderr
    restored = read_progress(file, "backend")
    assert restored is not None and restored.set_aside == []
    assert sorted(e.note for e in restored.live_log()) == ["", "morning"]
    assert copy.exists()  # the copy itself is never changed


@pytest.mark.parametrize(
    ("old", "new", "where", "default"),
    [
        ('state = "done"', "state = 3", "items.basics-loops.state", "todo"),
        ('state = "done"', 'state = "finished"', "items.basics-loops.state", "todo"),
        ("hours_per_week = 10.0", "hours_per_week = 1" + "0" * 400, "settings.hours_per_week", 10),
        ("hours_per_week = 10.0", "hours_per_week = -1.0", "settings.hours_per_week", 10),
    ],
    ids=["state-is-a-number", "unknown-state", "pace-is-huge", "pace-is-negative"],
)
def test_a_bad_field_is_set_aside_and_its_record_kept(
    data_dir: Path, old: str, new: str, where: str, default: object
) -> None:
    ok("done", "basics-loops")
    ok("note", "basics-loops", "kept")
    file = data_dir / "backend.toml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    original = file.read_bytes()
    assert fastread.loads(original.decode(), "backend") is None  # the careful reader judges
    for args in (["status"], ["list"], ["done", "basics-lists"], ["reset", "--yes"]):
        result = run_pathtui(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    copies = set_aside_copies(data_dir)
    assert [c.read_bytes() for c in copies] == [original]
    progress = read_progress(copies[0], "backend")
    assert progress is not None and [w for w, _ in progress.set_aside] == [where]
    if where.startswith("items"):
        assert progress.state("basics-loops") == default and progress.note("basics-loops") == "kept"
    else:
        assert progress.settings.hours_per_week == default
        assert progress.state("basics-loops") == "done"


def test_the_notice_comes_once_for_each_content(tmp_path: Path) -> None:
    file = tmp_path / "backend.toml"
    p = Progress.new("backend", 10, now=T0)
    p.put("items", "basics-loops", {"state": "done"}, now=T0)  # the state alone, no `finished`
    file.write_text(dumps(p).replace('state = "done"', 'state = "exploded"'), encoding="utf-8")
    store = Store("backend", file)
    progress = store.load(10.0)
    [sentence] = store.take_notices()
    assert "items.basics-loops (state: expected one of" in sentence  # its only field
    assert store.refresh(progress) is None and store.take_notices() == []
    again = Store("backend", file)  # another window: told again, but kept only once
    again.load(10.0)
    assert len(again.take_notices()) == 1 and len(set_aside_copies(tmp_path)) == 1


def test_no_save_leaves_a_value_out_before_the_file_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "backend.toml"
    p = Progress.new("backend", 10, now=T0)
    file.write_text(dumps(p).replace("hours_per_week = 10.0", "hours_per_week = 0.0"))
    original = file.read_bytes()

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backupfiles, "atomic_write", full_disk)
    store = Store("backend", file)
    progress = store.load(10.0)
    assert "pathtui saves nothing until it can keep the file" in store.take_notices()[0]
    progress.set_state("basics-loops", "done")
    with pytest.raises(SaveError, match=r"Could not write a backup to .*the disk is full"):
        store.save(progress)
    assert file.read_bytes() == original
    monkeypatch.undo()
    store.save(progress)
    assert [c.read_bytes() for c in set_aside_copies(tmp_path)] == [original]


def test_a_record_with_no_usable_stamp_or_table_is_set_aside_whole(tmp_path: Path) -> None:
    p = Progress.new("backend", 10, now=T0)
    p.set_state("basics-loops", "done", now=T0)
    text = dumps(p).replace("\n[log]\n", "\n[log]\nnot-a-table = 3\nno-stamp = { hours = 1.0 }\n")
    file = tmp_path / "backend.toml"
    file.write_text(text, encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and progress.state("basics-loops") == "done"
    assert [w for w, _ in progress.set_aside] == ["log.not-a-table", "log.no-stamp"]
    assert progress.set_aside[0][1] == "expected a table"


def test_the_start_date_set_aside_becomes_the_first_day_below_every_real_write(
    tmp_path: Path,
) -> None:
    p = Progress.new("backend", 10, now=T0)
    p.reset(T0 + dt.timedelta(days=1))  # an epoch: the filled stamp must come after it
    file = tmp_path / "backend.toml"
    start = f"start_date = {(T0 + dt.timedelta(days=1)).date().isoformat()}"
    text = dumps(p)
    assert start in text
    file.write_text(text.replace(start, "start_date = 9999-12-31"), encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None
    assert progress.set_aside == [("settings.start_date", "the date is outside 1970–2999")]
    assert progress.settings.start_date == T0.astimezone().date()
    assert progress.settings.stamp("start_date") > progress.epoch
    # written back, it reads cleanly, and any real start date outranks it
    file.write_text(dumps(progress), encoding="utf-8")
    clean = read_progress(file, "backend")
    assert clean is not None and clean.set_aside == []
    assert clean.update_settings(start_date=dt.date(2026, 1, 5))
    assert clean.settings.stamp("start_date") > progress.settings.stamp("start_date")


def test_the_start_date_set_aside_is_never_after_the_learner_s_history(tmp_path: Path) -> None:
    """A file made after the history it holds (a restore, an import into a new
    folder): the start date set aside falls back to the first day of study,
    the rule ``log`` follows when time is logged before the start date."""
    made = T0 + dt.timedelta(days=60)
    p = Progress.new("backend", 10, now=made)
    p.add_log(T0.date() + dt.timedelta(days=3), 1.0, now=made)
    p.put("items", "basics-loops", {"state": "done", "finished": T0}, now=made)
    start = f"start_date = {made.astimezone().date().isoformat()}"
    text = dumps(p)
    assert start in text
    file = tmp_path / "backend.toml"
    file.write_text(text.replace(start, f"start_date = {BAD_DAY}"), encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None and [w for w, _ in progress.set_aside] == ["settings.start_date"]
    assert progress.settings.start_date == T0.astimezone().date()  # the item finished first
    p.add_log(T0.date() - dt.timedelta(days=2), 1.0, now=made)
    file.write_text(dumps(p).replace(start, f"start_date = {BAD_DAY}"), encoding="utf-8")
    progress = read_progress(file, "backend")
    assert progress is not None
    assert progress.settings.start_date == T0.date() - dt.timedelta(days=2)  # the log's first


def test_a_command_on_such_a_file_keeps_the_first_day_of_study(data_dir: Path) -> None:
    """A read changes nothing; ``done`` on an item already done stamps it again
    (the learner's latest word wins at the next sync), and the start date it
    writes with it is the first day of study, not the day of the command."""
    ok("done", "basics-loops")
    ok("log", "1h", "--date", "2026-01-05")
    ok("done", "basics-variables")  # the start date's is not the newest change
    file = data_dir / "backend.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("start_date = 2026-01-05", f"start_date = {BAD_DAY}"), encoding="utf-8"
    )
    before = file.read_bytes()
    for command in (("list",), ("show", "basics-loops"), ("status",), ("config",)):
        ok(*command)
        assert file.read_bytes() == before, command
    assert "already done" in ok("done", "basics-loops")
    progress = read_progress(file, "backend")
    assert progress is not None and progress.set_aside == []
    assert progress.settings.start_date == dt.date(2026, 1, 5)
    assert "2026-01-05" in ok("config")


def test_a_file_from_a_newer_pathtui_is_not_second_guessed(tmp_path: Path) -> None:
    """A value this release cannot read may be right in the release that wrote it:
    such a file is refused (read-only, upgrade), never read with values left out."""
    p = Progress.new("backend", 10, now=T0)
    p.set_state("basics-loops", "done", now=T0)
    text = dumps(p).replace("schema = 2", "schema = 3").replace('"done"', '"paused"')
    file = tmp_path / "backend.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(Exception, match="newer pathtui"):
        read_progress(file, "backend")
