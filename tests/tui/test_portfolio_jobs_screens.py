"""The Jobs (`J`) and Projects (`P`) screens: Pilot tests with the keyboard
alone, and snapshots at 80x24 (regenerate with ``--snapshot-update`` after an
intended change, and look at the SVGs before committing)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList

from pathtui.model import applications, projects
from pathtui.services.projectchecks import FAIL, PASS, UNKNOWN, CheckResult
from pathtui.services.session import Session
from pathtui.tui.app import PathtuiApp
from pathtui.tui.screens.jobs import JobsScreen, StageDialog
from pathtui.tui.screens.projects import EvidenceDialog, ProjectsScreen
from tui_support import (
    SIZE,
    TODAY,
    app_for,
    key_bar,
    new_session,
    on_disk,
    pressing,
    screen_text,
    until,
    with_toasts,
)

RAN = dt.datetime(2026, 4, 30, 18, 5, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Check times are shown in local time: make that UTC for fixed snapshots."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def job_session() -> Session:
    session = new_session()
    table = applications.applications_table(session.progress)
    days = dt.timedelta

    def add(company: str, role: str, ago: int, stage: str | None = None) -> None:
        app = applications.add_application(table, company, role, TODAY, applied=TODAY - days(ago))
        if stage:
            applications.move_application(
                table, app.id, stage, TODAY - days(max(ago - 2, 0)), force=True
            )

    add("Acme", "Backend developer", 0)
    add("Globex", "Junior Python developer", 3, "interview")
    add("Initech", "Backend engineer", 20)  # due a follow-up
    add("[bold]Umbrella[/]", "API developer\x1b[31m", 1, "screening")
    add("Hooli", "Platform engineer", 40, "rejected")
    add("Soylent", "Go developer", 30, "no-reply")
    session.save()
    return session


#: A folder that does not exist, named the same in every run (for the snapshot).
MISSING_REPO = "/nonexistent/you/notes"


def project_session(tmp_path: Path) -> Session:
    session = new_session()
    table = projects.projects_table(session.progress)
    notes = projects.add_project(
        table, "Notes API", repo=MISSING_REPO, url="https://notes.example.com"
    )
    projects.record_results(
        table,
        notes,
        [
            CheckResult("readme", PASS, "README.md: 212 words, a 'Install' section.", RAN),
            CheckResult("licence", FAIL, "There is no LICENSE (or COPYING) file.", RAN),
            CheckResult("remote", PASS, "origin is https://github.com/you/notes.git.", RAN),
            CheckResult("recent", PASS, "The last commit was 2 days ago.", RAN),
            CheckResult("deployed", UNKNOWN, "Could not connect to notes.example.com.", RAN),
        ],
    )
    notes = projects.find_project(table, "Notes API")
    projects.link_evidence(table, notes, ["portfolio-deploy"], link=True)
    projects.add_project(table, "Todo CLI", repo="https://github.com/you/todo")
    session.save()
    return session


@pytest.fixture
def tracker_session(request: pytest.FixtureRequest, tmp_path: Path) -> Session:
    """A learner with applications (``jobs``), with projects (``projects``),
    or, when a test names neither, a fresh one."""
    learner = getattr(request, "param", "fresh")
    if learner == "jobs":
        return job_session()
    if learner == "projects":
        return project_session(tmp_path)
    return new_session()


#: The tracker opens on a learner with six applications in every stage.
JOBS = pytest.mark.parametrize("tracker_session", ["jobs"], indirect=True)
#: The tracker opens on a learner with two projects, one checked.
PROJECTS = pytest.mark.parametrize("tracker_session", ["projects"], indirect=True)


@JOBS
async def test_j_opens_jobs_by_stage_with_follow_ups_first(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)
    text = screen_text(app)
    # TODAY is a Friday: Acme, Globex and Umbrella were this week (from Monday).
    assert "This week 3 of 10 applications · 4 active · 1 due a follow-up" in text
    order = [
        text.index(label)
        for label in (
            "Due a follow-up · 1",
            "interview · 1",
            "screening · 1",
            "applied · 1",
        )
    ]
    assert order == sorted(order)
    assert "[bold]Umbrella[/]" in text  # literally, not as markup
    assert "rejected (closed) · 1" in text
    await pilot.press("escape")
    await pilot.pause()
    assert app.screen is app.main


@JOBS
async def test_a_stage_move_with_the_keyboard_alone_is_saved(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    session = tracker_session
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    listing = app.screen.query_one(OptionList)
    first = listing.highlighted_option
    assert first is not None and first.id is not None
    moved = applications.find_application(
        applications.applications_table(session.progress), first.id
    )
    assert moved.company == "Initech"  # the follow-up comes first
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, StageDialog)
    await pilot.press("down", "enter")  # applied -> interview
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)
    await pilot.exit(None)
    stored = {
        a.company: a.stage
        for a in applications.applications(applications.applications_table(on_disk(session)))
    }
    assert stored["Initech"] == "interview"


@JOBS
@with_toasts
async def test_a_closed_application_offers_no_moves(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    listing = app.screen.query_one(OptionList)
    table = applications.applications_table(app.session.progress)
    for index in range(listing.option_count):
        option = listing.get_option_at_index(index)
        if option.id and applications.find_application(table, option.id).stage == "rejected":
            listing.highlighted = index
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)
    assert any("closes it" in str(n.message) for n in app._notifications)


async def test_jobs_with_no_applications_says_how_to_add_one(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    assert "No applications yet. Press a to record one" in screen_text(app)
    assert key_bar(app) == "esc Back a New application u Undo"  # no move without one
    await pilot.press("m")  # nothing to move: no crash, still here
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)


async def test_the_move_key_shows_once_there_is_an_application_and_goes_with_it(
    pilot: Pilot[None],
) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    assert "Move" not in key_bar(app)
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*"Acme", "tab", *"Dev", "enter")
    await until(pilot, lambda: "Move to a stage" in key_bar(app))
    await pilot.press("u")  # the only application taken back
    await until(pilot, lambda: "No applications yet" in screen_text(app))
    await until(pilot, lambda: "Move" not in key_bar(app))


@pytest.mark.slow
async def test_a_records_an_application_with_the_keyboard(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*"Acme", "enter")  # Enter with no role: the role gets focus
    await pilot.pause()
    await pilot.press(*"Dev", "tab", *"HN", "enter")
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)
    assert "Acme · Dev" in screen_text(app)
    await pilot.exit(None)
    stored = applications.applications(applications.applications_table(on_disk(tracker_session)))
    assert [(a.company, a.role, a.board, a.applied) for a in stored] == [
        ("Acme", "Dev", "HN", TODAY)
    ]


@JOBS
async def test_an_application_recorded_from_the_shell_shows_up(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("J")
    await pilot.pause()
    other = Session.open()  # what `pathtui apply` does meanwhile
    applications.add_application(
        applications.applications_table(other.progress), "Zeta", "SRE", TODAY
    )
    other.save()
    app.check_for_changes()  # the app's 2-second look at the file
    app.screen.follow_changes()  # the screen's 1-second look at the app
    await pilot.pause()
    assert "Zeta · SRE" in screen_text(app)


@PROJECTS
async def test_p_shows_each_check_and_when_it_ran(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("P")
    await pilot.pause()
    assert isinstance(app.screen, ProjectsScreen)
    text = screen_text(app)
    assert "2 projects · 3 checks passed · 1 failed · 1 could not check" in text
    assert "✗ Licence" in text and "? Deployed" in text
    assert "30 Apr 18:05" in text
    assert "evidence for: Deploy" in text
    assert "Todo CLI" in text


async def test_projects_with_none_say_how_to_add_one(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.press("P")
    await pilot.pause()
    text = screen_text(app)
    assert "No projects yet." in text
    assert "pathtui project add NAME --repo FOLDER --url URL" in text
    assert key_bar(app) == "esc Back u Undo"  # nothing to check or link yet
    await pilot.press("c", "l")  # nothing to check or link: no crash, still here
    await pilot.pause()
    assert isinstance(app.screen, ProjectsScreen)


@pytest.mark.parametrize(
    ("tracker_session", "opener", "closer"),
    [("jobs", "J", "q"), ("jobs", "J", "J"), ("projects", "P", "q"), ("projects", "P", "P")],
    ids=["J-q", "J-J", "P-q", "P-P"],
    indirect=["tracker_session"],
)
async def test_j_and_k_move_and_the_opening_key_closes(
    pilot: Pilot[None], opener: str, closer: str
) -> None:
    """Both record screens: j and k move in the list; q or the key that opened it closes it."""
    app = pilot.app
    await pilot.press(opener)
    await pilot.pause()
    listing = app.screen.query_one(OptionList)
    first = listing.highlighted
    assert first is not None
    await pilot.press("j")
    assert listing.highlighted is not None and listing.highlighted > first
    await pilot.press("k")
    assert listing.highlighted == first
    await pilot.press(closer)
    await pilot.pause()
    assert app.screen is app.main


@PROJECTS
async def test_evidence_links_with_the_keyboard(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    app = pilot.app
    await pilot.press("P")
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, EvidenceDialog)
    picks = app.screen.query_one(SelectionList)
    assert picks.selected == ["portfolio-deploy"]
    await pilot.press("space")  # the first item: the GitHub profile
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectsScreen)
    await pilot.exit(None)
    notes = projects.find_project(projects.projects_table(on_disk(tracker_session)), "Notes API")
    assert set(notes.evidence) == {"portfolio-deploy", "portfolio-github-profile"}


@PROJECTS
async def test_c_runs_the_checks_in_the_background(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    # The Notes API repo folder does not exist.
    app: PathtuiApp = pilot.app
    await pilot.press("P")
    await pilot.pause()
    await pilot.press("down")  # Todo CLI: a web address, no URL: no network
    await pilot.press("c")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert "not run yet" not in screen_text(app).split("Todo CLI")[1]
    await pilot.exit(None)
    todo = projects.find_project(projects.projects_table(on_disk(tracker_session)), "Todo CLI")
    assert todo.result("remote").verdict == PASS
    assert todo.result("readme").verdict == UNKNOWN


def test_snapshot_jobs(snap_compare) -> None:
    app = app_for(job_session())
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("J"))


def test_snapshot_projects(snap_compare, tmp_path: Path) -> None:
    app = app_for(project_session(tmp_path))
    assert snap_compare(app, terminal_size=SIZE, run_before=pressing("P"))
