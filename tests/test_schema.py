"""The schema is the one source of every field: bounds agree everywhere, and a
new collection works end to end from schema entries alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conftest import run_pathtui
from pathtui import progress as progress_module
from pathtui import progressfile, schema
from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.progress import Progress, merge
from pathtui.schema import HOURS_PER_WEEK, Collection, Field
from pathtui.status import run_status
from pathtui.store import dumps, loads_progress
from pathtui.tui.validate import parse_hours

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
        assert parse_hours(str(hours)) == hours
    else:
        with pytest.raises(ValueError, match=HOURS_PER_WEEK.bounds()):
            parse_hours(str(hours))
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
    else:
        with pytest.raises(ProgressFileError, match=r"settings\.hours_per_week: expected a number"):
            loads_progress(text.encode(), tmp_path / "p.toml", "backend")


def test_the_cli_refuses_what_the_schema_refuses(data_dir: Path) -> None:
    result = run_pathtui("config", "hours-per-week", "169")
    assert result.returncode != 0
    assert f"Hours per week must be {HOURS_PER_WEEK.bounds()}." in result.stderr
    assert not (data_dir / "backend.toml").exists()


PROJECTS = Collection(
    "projects",
    (Field("name", "text"), Field("repo", "text", ""), Field("added", "date")),
    tombstone=True,
    order=("added",),
)


@pytest.fixture
def with_projects(monkeypatch: pytest.MonkeyPatch) -> Collection:
    """The schema as it is after adding one collection entry."""
    collections = (*schema.COLLECTIONS, PROJECTS)
    by_name = {c.name: c for c in collections}
    for module in (schema, progress_module, progressfile):
        monkeypatch.setattr(module, "COLLECTIONS", collections, raising=False)
        monkeypatch.setattr(module, "BY_NAME", by_name, raising=False)
    return PROJECTS


def test_a_new_collection_needs_only_its_schema_entry(
    with_projects: Collection, tmp_path: Path
) -> None:
    file = tmp_path / "backend.toml"
    mine = Progress.new("backend", 10.0, now=T0)
    mine.device = "0a0a0a0a"
    mine.put("projects", "blog-api", {"name": "Blog API", "added": dt.date(2026, 3, 1)}, T0)
    mine.put("projects", "todo-cli", {"name": "Todo CLI", "added": dt.date(2026, 2, 1)}, T0)
    text = dumps(mine)
    assert "[projects]" in text
    assert text.index("todo-cli = {") < text.index("blog-api = {")  # ordered by "added"
    loaded = loads_progress(text.encode(), file, "backend")
    assert loaded == mine and dumps(loaded) == text
    # a removal on one device and an edit on another merge field by field
    theirs = loads_progress(text.encode(), file, "backend")
    theirs.device = "0b0b0b0b"
    theirs.remove("projects", "todo-cli", T0 + dt.timedelta(minutes=1))
    mine.put(
        "projects",
        "blog-api",
        {"repo": "https://example.org/me/blog"},
        T0 + dt.timedelta(minutes=2),
    )
    merged = merge(mine, theirs)
    assert dumps(merged) == dumps(merge(theirs, mine))
    assert [r.key for r in merged.records("projects")] == ["blog-api"]
    assert merged.records("projects")[0].repo == "https://example.org/me/blog"
    # validation names the key
    bad = text.replace('name = "Blog API"', "name = 3")
    with pytest.raises(ProgressFileError, match=r"projects\.blog-api\.name: expected text"):
        loads_progress(bad.encode(), file, "backend")
    # the JSON export carries it, and reads back to the same progress
    from pathtui.transfer import progress_to_dict

    data = json.loads(json.dumps(progress_to_dict(merged)))
    assert data["projects"]["todo-cli"]["deleted"] is True
    back = progressfile.parse(
        progressfile.typed(data), file, "backend", lambda f, p: ProgressFileError(p)
    )
    assert dumps(back) == dumps(merged)
