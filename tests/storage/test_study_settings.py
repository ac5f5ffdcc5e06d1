"""The study-log settings in the progress file: saved, loaded, validated, and
older files (written before these settings existed) still load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pathtui.model.progress import Progress
from pathtui.model.schema import SETTINGS
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)

OLD_FILE = """\
schema = 1
path_id = "backend"
created = 2026-09-01T10:00:00+00:00
log = [
  { id = "abc123", date = 2026-09-02, hours = 1.5, created = 2026-09-02T20:00:00+00:00 },
]

[settings]
hours_per_week = 8.0
start_date = 2026-09-01
changed = 2026-09-01T10:00:00+00:00

[items]
"""


def test_older_file_loads_with_default_study_settings(tmp_path: Path) -> None:
    file = tmp_path / "backend.toml"
    file.write_text(OLD_FILE)
    progress = read_progress(file, "backend")
    assert progress is not None
    s = progress.settings
    assert (s.day_minimum_minutes, s.rest_days_per_week, s.streaks, s.streak_kind) == (
        15,
        1,
        True,
        "weeks",
    )
    assert progress.log[0].hours == 1.5


def test_study_settings_round_trip(tmp_path: Path) -> None:
    store = Store("backend", tmp_path / "backend.toml")
    progress = Progress.new("backend", 10.0, NOW)
    progress.update_settings(
        now=NOW, day_minimum_minutes=30.0, rest_days_per_week=2, streaks=False, streak_kind="days"
    )
    store.save(progress)
    loaded = read_progress(store.file, "backend")
    assert loaded is not None
    assert loaded.settings == progress.settings
    assert 'streak_kind = "days"' in store.file.read_text()


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('streak_kind = "months"', "settings.streak_kind"),
        ("streak_kind = 3", "settings.streak_kind"),
        ("day_minimum_minutes = 2000", "settings.day_minimum_minutes"),
        ("day_minimum_minutes = -5", "settings.day_minimum_minutes"),
        ("rest_days_per_week = 7", "settings.rest_days_per_week"),
        ('streaks = "yes"', "settings.streaks"),
    ],
)
def test_bad_study_settings_are_set_aside_and_the_file_kept(
    tmp_path: Path, line: str, where: str
) -> None:
    """A bad setting reads as its default and is named; the rest of the file reads."""
    file = tmp_path / "backend.toml"
    text = dumps(Progress.new("backend", 10.0, NOW))
    key = line.split(" ")[0]
    lines = [x for x in text.splitlines() if not x.startswith(key + " ")]
    lines.insert(lines.index("[settings]") + 1, line)
    file.write_text("\n".join(lines) + "\n")
    before = file.read_bytes()
    progress = read_progress(file, "backend")
    assert progress is not None
    assert [w for w, _ in progress.set_aside] == [where]
    name = where.removeprefix("settings.")
    assert getattr(progress.settings, name) == SETTINGS.default(name)
    assert progress.settings.hours_per_week == 10.0
    assert file.read_bytes() == before
