"""The rules every change to applications and projects passes
(model/applications.py, model/projects.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pathtui.errors import PathtuiError
from pathtui.model.applications import (
    add_application,
    applications,
    applications_picture,
    find_application,
    move_application,
    remove_application,
)
from pathtui.model.checkresult import CheckResult
from pathtui.model.portfolio import FAIL, PASS
from pathtui.model.projects import (
    add_project,
    find_project,
    link_evidence,
    projects,
    record_results,
    remove_project,
    repo_address,
)
from portfolio_jobs_support import FakeTable

TODAY = dt.date(2026, 5, 13)


def test_an_application_starts_at_applied_today() -> None:
    table = FakeTable()
    app = add_application(table, "  Acme  Corp ", "Backend developer", TODAY, board="HN")
    assert (app.company, app.role, app.stage, app.applied, app.board) == (
        "Acme Corp",
        "Backend developer",
        "applied",
        TODAY,
        "HN",
    )
    assert applications(table) == [app]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"applied": TODAY + dt.timedelta(days=1)}, "2026-05-14 is in the future"),
        ({"url": "ftp://jobs.example.com/1"}, "is not an http:// or https:// link"),
        ({"url": "javascript:alert(1)"}, "is not an http:// or https:// link"),
    ],
)
def test_bad_input_changes_nothing(kwargs: dict, message: str) -> None:
    table = FakeTable()
    with pytest.raises(PathtuiError, match=message):
        add_application(table, "Acme", "Dev", TODAY, **kwargs)
    assert table.writes == 0


def test_empty_or_control_text_is_refused_or_cleaned() -> None:
    table = FakeTable()
    with pytest.raises(PathtuiError, match="The company cannot be empty"):
        add_application(table, "  \t ", "Dev", TODAY)
    app = add_application(table, "Evil\x1b[31mCorp", "[bold]Dev[/]", TODAY)
    assert "\x1b" not in app.company
    assert app.role == "[bold]Dev[/]"  # kept literally; shown as plain text


def test_moves_follow_the_stage_rules() -> None:
    table = FakeTable()
    app = add_application(table, "Acme", "Dev", TODAY - dt.timedelta(days=3))
    moved, changed = move_application(table, app.id[:4], "interview", TODAY)
    assert changed and moved.stage == "interview" and moved.moved == TODAY
    _, changed = move_application(table, app.id, "interview", TODAY)
    assert not changed
    with pytest.raises(PathtuiError, match="cannot go from interview to screening"):
        move_application(table, app.id, "screening", TODAY)
    with pytest.raises(PathtuiError, match="'hired' is not a stage"):
        move_application(table, app.id, "hired", TODAY)
    moved, _ = move_application(table, app.id, "screening", TODAY, force=True)
    assert moved.stage == "screening"


def test_unknown_and_ambiguous_ids() -> None:
    table = FakeTable()
    add_application(table, "A", "Dev", TODAY)
    add_application(table, "B", "Dev", TODAY)
    with pytest.raises(PathtuiError, match="No application with id 'zzzz'"):
        find_application(table, "zzzz")
    with pytest.raises(PathtuiError, match="matches 2 applications"):
        find_application(table, "aaaa0")
    with pytest.raises(
        PathtuiError, match="'aaa' is too short to pick an application: give at least 4"
    ):
        find_application(table, "aaa")  # too short to stand for an id
    gone = remove_application(table, "AAAA0001")
    assert gone.company == "A" and [a.company for a in applications(table)] == ["B"]


def test_the_picture_and_summary_count_what_is_live() -> None:
    table = FakeTable()
    old = add_application(table, "Old", "Dev", TODAY - dt.timedelta(days=20))
    add_application(table, "New", "Dev", TODAY)
    picture = applications_picture(table, TODAY, goal=10, follow_up_days=14)
    assert (picture["active"], picture["due_follow_up"], picture["applied_this_week"]) == (2, 1, 1)
    move_application(table, old.id, "no-reply", TODAY)
    picture = applications_picture(table, TODAY, goal=10, follow_up_days=14)
    assert (picture["active"], picture["due_follow_up"]) == (1, 0)
    json = find_application(table, old.id).as_json(TODAY, 14)
    assert json["stage"] == "no-reply" and json["follow_up"] is None


def test_projects_by_name_and_their_checks(tmp_path: Path) -> None:
    table = FakeTable()
    proj = add_project(table, "Notes API", repo=str(tmp_path), url="https://notes.example.com")
    assert proj.repo == str(tmp_path.resolve())
    with pytest.raises(PathtuiError, match="already a project named 'Notes API'"):
        add_project(table, "notes api")
    with pytest.raises(PathtuiError, match="is not an http:// or https:// link"):
        add_project(table, "Other", url="file:///etc/passwd")
    assert find_project(table, "NOTES API").id == proj.id
    ran = dt.datetime(2026, 5, 13, 10, 0, tzinfo=dt.UTC)
    proj = record_results(
        table,
        proj,
        [CheckResult("readme", PASS, "fine", ran), CheckResult("deployed", FAIL, "404", ran)],
    )
    assert proj.result("readme").verdict == PASS
    assert proj.result("deployed").reason == "404"
    assert proj.result("licence") is None
    proj = link_evidence(table, proj, ["portfolio-deploy", "portfolio-readmes"], link=True)
    assert proj.evidence == ("portfolio-deploy", "portfolio-readmes")
    proj = link_evidence(table, proj, ["portfolio-deploy"], link=False)
    assert proj.evidence == ("portfolio-readmes",)
    assert remove_project(table, "notes api").name == "Notes API"
    assert projects(table) == []
    with pytest.raises(PathtuiError, match="No project named 'Notes API'"):
        find_project(table, "Notes API")


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://github.com/me/notes", "https://github.com/me/notes"),
        ("git@github.com:me/notes.git", "git@github.com:me/notes.git"),
        ("ssh://git@host/notes.git", "ssh://git@host/notes.git"),
    ],
)
def test_repo_addresses(given: str, kept: str) -> None:
    assert repo_address(given) == kept


def test_a_repo_with_another_scheme_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PathtuiError, match="is not a folder or an http"):
        repo_address("ftp://host/notes")
    assert repo_address("notes", cwd=tmp_path) == str(tmp_path / "notes")
