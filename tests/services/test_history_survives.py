"""The day each item was finished is a fact of the history, not the merge's
stamp: it survives reset → restore, `import --replace`, a sync merge and
backups written by an older pathtui, so `export` and the burn-up are the same
before and after."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from pathtui.model.charts import burn_up
from pathtui.model.progress import finished_at, merge
from pathtui.services.session import Session
from pathtui.services.transfer import export_markdown
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import loads_progress
from pathtui.sync.merge import merge_files
from support import ok

D = dt.date
START = D(2026, 8, 3)
TODAY = D(2026, 11, 20)
#: Twelve items finished over three months, one a week (two skipped).
FINISHED = [
    ("basics-language", "done"),
    ("basics-lang-python", "done"),
    ("basics-variables", "done"),
    ("basics-comparisons", "skipped"),
    ("basics-loops", "done"),
    ("basics-lists", "done"),
    ("basics-functions", "done"),
    ("basics-dictionaries", "done"),
    ("basics-errors", "done"),
    ("dsa-cs-fundamentals", "skipped"),
    ("dsa-big-o", "done"),
    ("dsa-arrays", "done"),
]


def _when(week: int) -> dt.datetime:
    return dt.datetime.combine(START, dt.time(19, 30), dt.UTC) + dt.timedelta(weeks=week)


def _three_months() -> None:
    session = Session.open()
    progress = session.progress
    progress.update_settings(start_date=START, now=_when(0) - dt.timedelta(days=2))
    for week, (item, state) in enumerate(FINISHED):
        progress.set_state(item, state, now=_when(week))
        progress.add_log(_when(week).date(), 6.5, item, now=_when(week))
    session.save()


def _history() -> tuple[str, list[tuple[dt.date, int]]]:
    """The Markdown export and the burn-up's staircase, as a learner sees them."""
    session = Session.open()
    picture = session.study_picture(TODAY)
    burn = burn_up(session.path, session.progress, TODAY, picture["forecast"])
    return export_markdown(session, TODAY), burn.done


def _staircase_checks(before: tuple[str, list[tuple[dt.date, int]]]) -> None:
    text, done = before
    assert "— done 2026-08-03" in text and "— done 2026-10-19" in text
    assert "— skipped 2026-08-24" in text
    # One step a week for the ten items the step plan counts (an option not
    # picked and extras aside), not one jump on the day of a restore.
    assert len(done) >= 10 and done[:2] == [(D(2026, 8, 3), 1), (D(2026, 8, 10), 2)]


def test_reset_then_restore_keeps_every_date(data_dir: Path) -> None:
    _three_months()
    before = _history()
    _staircase_checks(before)
    out = ok("reset", "--yes")
    backup = out.split("Backup written to ", 1)[1].split("\n", 1)[0]
    assert "— done" not in _history()[0]
    ok("restore", backup, "--yes")
    assert _history() == before


def test_import_replace_of_a_json_export_keeps_every_date(data_dir: Path, tmp_path: Path) -> None:
    _three_months()
    before = _history()
    export = tmp_path / "copy.json"
    ok("export", "-f", "json", "-o", str(export))
    finished = json.loads(export.read_text(encoding="utf-8"))["progress"]["items"]
    assert finished["basics-loops"]["finished"] == "2026-08-31T19:30:00.000000+00:00"
    ok("reset", "--yes")
    ok("import", str(export), "--replace", "--yes")
    assert _history() == before
    ok("import", str(export), "--replace", "--yes")  # twice: still the same
    assert _history() == before


def test_a_backup_from_before_the_field_takes_the_dates_from_its_stamps(data_dir: Path) -> None:
    """A file an older pathtui wrote has no `finished`: each item's state stamp
    says when it was set, and the restore keeps that as the finish."""
    _three_months()
    before = _history()
    file = data_dir / "backend.toml"
    old = re.sub(r", finished = [^ ]+ \}", " }", file.read_text(encoding="utf-8"))
    assert "finished" not in old
    older = data_dir / "older-pathtui.toml"
    older.write_text(old, encoding="utf-8")
    assert _history() == before
    ok("import", str(older), "--replace", "--yes")
    assert _history() == before
    assert "finished = 2026-08-31T19:30:00" in file.read_text(encoding="utf-8")


def test_a_sync_merge_after_a_restore_keeps_every_date(data_dir: Path) -> None:
    """Another device still holds the old stamps; the restore's new epoch drops
    them in the merge, and the restored finish dates are what both keep."""
    _three_months()
    before = _history()
    file = data_dir / "backend.toml"
    other_device = file.read_bytes()
    out = ok("reset", "--yes")
    ok("restore", out.split("Backup written to ", 1)[1].split("\n", 1)[0], "--yes")
    merged = merge_files(file.read_bytes(), other_device, file, "backend")
    assert merged == merge_files(other_device, file.read_bytes(), file, "backend")
    file.write_bytes(merged)
    assert _history() == before
    mine = loads_progress(file.read_bytes(), file, "backend")
    theirs = loads_progress(other_device, file, "backend")
    both = merge(theirs, mine)
    assert dumps(both) == merged.decode()
    assert finished_at(both.items["dsa-arrays"]) == _when(11)


def test_finishing_again_after_todo_takes_the_new_day(data_dir: Path) -> None:
    session = Session.open()
    progress = session.progress
    progress.set_state("basics-loops", "done", now=_when(0))
    progress.set_state("basics-loops", "skipped", now=_when(1))  # still complete
    assert progress.finished_at("basics-loops") == _when(0)
    progress.set_state("basics-loops", "todo", now=_when(2))
    assert progress.finished_at("basics-loops") is None
    progress.set_state("basics-loops", "done", now=_when(3))
    assert progress.finished_at("basics-loops") == _when(3)
