"""Export/import and Session log helpers, in-process (the CLI tests cover the shell)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.services.markdown import md
from pathtui.services.session import Session
from pathtui.services.transfer import export_json, export_markdown, read_import
from study_log_support import NOW, TODAY, two_months_of_study, write_mini_path


def mini(tmp_path: Path) -> Session:
    session = Session.open(write_mini_path(tmp_path))
    two_months_of_study(session.progress)
    session.save()
    return session


def test_md_escapes_markdown_and_control_characters() -> None:
    assert md("a*b_c [x](y) <b> | #1 `code`") == (
        "a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\#1 \\`code\\`"
    )
    assert md("bell\x07") == "bell␇"


def test_markdown_report_of_two_months(tmp_path: Path) -> None:
    report = export_markdown(mini(tmp_path), TODAY)
    assert "| Time logged | 66 h on 27 days |" in report
    assert "| Pace | 7.5 h/week over the last 4 weeks · 11.3 h/week since 2026-10-16" in report
    assert "| Schedule | 3 weeks behind plan |" in report
    assert "| Streaks | 0 weeks meeting the goal (longest 4) ·" in report
    assert "about 3–10 weeks (2026-12-16 to 2027-02-03), at your last 4 weeks' pace" in report
    assert "- [x] Item a2 — done 2026-11-25 · 12 h logged" in report
    assert "- [ ] Item b1 — learning · 30 h logged" in report
    assert "Extras" not in report


def test_import_of_a_toml_backup(tmp_path: Path) -> None:
    session = mini(tmp_path)
    backup = session.store.backup(NOW)
    assert backup is not None
    assert read_import(backup, "mini") == session.progress
    with pytest.raises(ProgressFileError, match="belongs to path 'mini', not 'other'"):
        read_import(backup, "other")


def test_json_export_reads_back_equal(tmp_path: Path) -> None:
    session = mini(tmp_path)
    file = tmp_path / "x.json"
    file.write_text(export_json(session.progress, NOW))
    assert read_import(file, "mini") == session.progress
    data = json.loads(file.read_text())
    data["progress"]["schema"] = 99
    file.write_text(json.dumps(data))
    with pytest.raises(ProgressFileError, match="newer pathtui"):
        read_import(file, "mini")


def test_log_time_checks_and_saves(tmp_path: Path) -> None:
    session = Session.open(write_mini_path(tmp_path))
    entry = session.log_time(1.5, TODAY, item="a1", note=" note ")
    assert (entry.hours, entry.item, entry.note) == (1.5, "a1", "note")
    assert session.store.exists
    with pytest.raises(PathtuiError, match="No item with id 'zz'"):
        session.log_time(1.0, TODAY, item="zz")
    with pytest.raises(PathtuiError, match="That would make 25h logged on 2026-11-25"):
        session.log_time(23.5, TODAY)
    with pytest.raises(PathtuiError, match="is no time at all"):
        session.log_time(0.0, TODAY)
    assert len(session.progress.live_log()) == 1


def test_find_log_entry_by_prefix(tmp_path: Path) -> None:
    session = Session.open(write_mini_path(tmp_path))
    day = dt.date(2026, 11, 20)
    first = session.progress.add_log(day, 1.0)
    second = session.progress.add_log(day, 1.0)
    log = session.progress.tables["log"]
    for record, key in ((first, "abcd1111"), (second, "abcd2222")):
        del log[record.key]
        record.key = key
        log[key] = record
    assert session.find_log_entry("abcd1").id == "abcd1111"
    assert session.find_log_entry("ABCD2222").id == "abcd2222"
    with pytest.raises(PathtuiError, match="'abcd' matches 2 log entries"):
        session.find_log_entry("abcd")
    with pytest.raises(PathtuiError, match="No log entry with id 'abc'"):
        session.find_log_entry("abc")  # too short to be a prefix
