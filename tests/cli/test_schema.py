"""The schema is the one source of every field: bounds agree everywhere, and a
new collection works end to end from schema entries alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pathtui.cli.status import run_status
from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.model import progress as progress_module
from pathtui.model import schema
from pathtui.model.progress import Progress, merge
from pathtui.model.schema import HOURS_PER_WEEK, Collection, Field
from pathtui.model.userinput import parse_hours_per_week
from pathtui.storage import progressfile
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import loads_progress
from support import run_pathtui

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("hours", "allowed"), [(168.0, True), (0.5, True), (168.5, False), (0, False)]
)
def test_hours_per_week_has_one_bound_everywhere(
    hours: float, allowed: bool, tmp_path: Path, data_dir: Path
) -> None:
    assert HOURS_PER_WEEK.in_bounds(hours) is allowed
    # the tracker's form
    if allowed:
        assert parse_hours_per_week(str(hours)) == hours
    else:
        with pytest.raises(ValueError, match=HOURS_PER_WEEK.bounds()):
            parse_hours_per_week(str(hours))
    # the status line's option
    if allowed:
        assert run_status(hours_per_week=hours)
    else:
        with pytest.raises(PathtuiError, match=HOURS_PER_WEEK.bounds()):
            run_status(hours_per_week=hours)
    # the progress file
    text = dumps(Progress.new("backend", 10.0, now=T0)).replace(
        "hours_per_week = 10.0", f"hours_per_week = {float(hours)!r}"
    )
    if allowed:
        loaded = loads_progress(text.encode(), tmp_path / "p.toml", "backend")
        assert loaded.settings.hours_per_week == hours
    else:  # set aside, named with its key: the pace reads as the default
        loaded = loads_progress(text.encode(), tmp_path / "p.toml", "backend")
        [(where, why)] = loaded.set_aside
        assert where == "settings.hours_per_week" and why.startswith("expected a number")
        assert loaded.settings.hours_per_week == HOURS_PER_WEEK.default
    # and no write can put it there
    progress = Progress.new("backend", 10.0, now=T0)
    if allowed:
        assert progress.put("settings", "", {"hours_per_week": hours})
    else:
        with pytest.raises(ValueError, match=HOURS_PER_WEEK.bounds()):
            progress.put("settings", "", {"hours_per_week": hours})


def test_the_cli_refuses_what_the_schema_refuses(data_dir: Path) -> None:
    result = run_pathtui("config", "hours-per-week", "169")
    assert result.returncode != 0
    assert f"Hours per week must be {HOURS_PER_WEEK.bounds()}." in result.stderr
    assert not (data_dir / "backend.toml").exists()


TALKS = Collection(
    "talks",
    (Field("name", "text"), Field("repo", "text", ""), Field("added", "date")),
    tombstone=True,
    order=("added",),
    kept_by_reset=True,
)


@pytest.fixture
def with_talks(monkeypatch: pytest.MonkeyPatch) -> Collection:
    """The schema as it is after adding one collection entry."""
    collections = (*schema.COLLECTIONS, TALKS)
    by_name = {c.name: c for c in collections}
    for module in (schema, progress_module, progressfile):
        monkeypatch.setattr(module, "COLLECTIONS", collections, raising=False)
        monkeypatch.setattr(module, "BY_NAME", by_name, raising=False)
    return TALKS


def test_a_new_collection_needs_only_its_schema_entry(
    with_talks: Collection, tmp_path: Path
) -> None:
    file = tmp_path / "backend.toml"
    mine = Progress.new("backend", 10.0, now=T0)
    mine.device = "0a0a0a0a"
    mine.put("talks", "blog-api", {"name": "Blog API", "added": dt.date(2026, 3, 1)}, T0)
    mine.put("talks", "todo-cli", {"name": "Todo CLI", "added": dt.date(2026, 2, 1)}, T0)
    text = dumps(mine)
    assert "[talks]" in text
    assert text.index("todo-cli = {") < text.index("blog-api = {")  # ordered by "added"
    loaded = loads_progress(text.encode(), file, "backend")
    assert loaded == mine and dumps(loaded) == text
    # a removal on one device and an edit on another merge field by field
    theirs = loads_progress(text.encode(), file, "backend")
    theirs.device = "0b0b0b0b"
    theirs.remove("talks", "todo-cli", T0 + dt.timedelta(minutes=1))
    mine.put(
        "talks",
        "blog-api",
        {"repo": "https://example.org/me/blog"},
        T0 + dt.timedelta(minutes=2),
    )
    merged = merge(mine, theirs)
    assert dumps(merged) == dumps(merge(theirs, mine))
    assert [r.key for r in merged.records("talks")] == ["blog-api"]
    assert merged.records("talks")[0].repo == "https://example.org/me/blog"
    # validation names the key, and sets the record aside (its name is required), not the file
    bad = text.replace('name = "Blog API"', "name = 3")
    assert loads_progress(bad.encode(), file, "backend").set_aside == [
        ("talks.blog-api", "name: expected text")
    ]
    with pytest.raises(ValueError, match=r"talks\.name can hold \(expected text\)"):
        mine.put("talks", "blog-api", {"name": 3})
    # the JSON export carries it, and reads back to the same progress
    from pathtui.services.transfer import progress_to_dict

    data = json.loads(json.dumps(progress_to_dict(merged)))
    assert data["talks"]["todo-cli"]["deleted"] is True
    # kept through a reset, as its schema entry asks, and stamped after the epoch
    merged.set_state("basics-loops", "done", T0 + dt.timedelta(minutes=3))
    merged.reset(T0 + dt.timedelta(minutes=4))
    assert merged.states() == {} and [r.name for r in merged.records("talks")] == ["Blog API"]
    assert all(s > merged.epoch for s in merged.tables["talks"]["blog-api"].stamps.values())
    data = json.loads(json.dumps(progress_to_dict(merged)))
    back = progressfile.parse(
        progressfile.typed(data), file, "backend", lambda f, p: ProgressFileError(p)
    )
    assert dumps(back) == dumps(merged)


def test_an_export_from_pathtui_0_1_still_imports(data_dir: Path, tmp_path: Path) -> None:
    """Export format 1 held schema-1 progress: it migrates like the file does."""
    old = {
        "format": "pathtui-progress",
        "format_version": 1,
        "pathtui": "0.1.0",
        "exported": "2026-01-10T09:00:00.000000+00:00",
        "progress": {
            "schema": 1,
            "path_id": "backend",
            "created": "2026-01-05T09:00:00.000000+00:00",
            "settings": {
                "hours_per_week": 12.5,
                "start_date": "2026-01-05",
                "changed": "2026-01-06T09:00:00.000000+00:00",
            },
            "items": {
                "basics-loops": {
                    "state": "done",
                    "changed": "2026-01-07T09:00:00.000000+00:00",
                    "note": "old note",
                }
            },
            "log": [
                {
                    "id": "log000000001",
                    "date": "2026-01-07",
                    "hours": 1.5,
                    "created": "2026-01-07T21:00:00.000000+00:00",
                    "item": "basics-loops",
                    "note": "",
                    "deleted": False,
                }
            ],
        },
    }
    file = tmp_path / "old-export.json"
    file.write_text(json.dumps(old), encoding="utf-8")
    result = run_pathtui("import", str(file))
    assert result.returncode == 0, result.stderr
    from pathtui.storage.progressread import read_progress

    saved = read_progress(data_dir / "backend.toml", "backend")
    assert saved is not None
    assert (saved.state("basics-loops"), saved.note("basics-loops")) == ("done", "old note")
    assert saved.settings.hours_per_week == 12.5
    assert [(e.id, e.hours) for e in saved.live_log()] == [("log000000001", 1.5)]
