"""The portfolio and job-search commands end to end, through the installed
``pathtui`` script: every command, and every kind of bad input changing nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from portfolio_jobs_support import closed_port, local_server, make_repo, needs_git
from support import run_pathtui

TODAY = dt.date.today()


def ok(*args: str) -> str:
    result = run_pathtui(*args)
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def fails(*args: str) -> str:
    """Run a command that must fail with one readable sentence; return it."""
    result = run_pathtui(*args)
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("pathtui: ")
    return lines[0].removeprefix("pathtui: ")


def progress_bytes(data_dir: Path) -> bytes:
    return (data_dir / "backend.toml").read_bytes()


def jobs() -> list[dict]:
    return json.loads(ok("jobs", "--json"))


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


# --------------------------------------------------------------------------- apply / jobs


def test_apply_then_list(data_dir: Path) -> None:
    out = ok("apply", "Acme", "Backend developer", "--board", "HN", "--note", "via a friend")
    assert out.startswith(f"Applied: Acme · Backend developer on {TODAY.isoformat()} (id ")
    follow = (TODAY + dt.timedelta(days=14)).isoformat()
    assert f"a follow-up is due {follow} if they have not replied" in out
    assert "This week: 1 of 10 applications · 1 active" in out
    listed = jobs()
    assert len(listed) == 1
    entry = listed[0]
    assert {k: entry[k] for k in ("company", "role", "stage", "applied", "board", "note")} == {
        "company": "Acme",
        "role": "Backend developer",
        "stage": "applied",
        "applied": TODAY.isoformat(),
        "board": "HN",
        "note": "via a friend",
    }
    assert len(entry["id"]) == 12
    table = ok("jobs")
    assert table.splitlines()[0].split() == ["ID", "STAGE", "APPLIED", "COMPANY", "ROLE"]
    assert entry["id"][:8] in table and "Acme" in table


def test_an_old_application_is_due_a_follow_up(data_dir: Path) -> None:
    old = (TODAY - dt.timedelta(days=20)).isoformat()
    ok("apply", "Slowco", "Dev", "--date", old)
    assert jobs()[0]["due_follow_up"] is True
    assert "follow up" in ok("jobs")
    ok("config", "follow-up-days", "30")
    assert jobs()[0]["due_follow_up"] is False
    assert "follow-up-days  30" in ok("config")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date", (TODAY + dt.timedelta(days=2)).isoformat()],
            f"{(TODAY + dt.timedelta(days=2)).isoformat()} is in the future; give the day you "
            f"applied (today is {TODAY.isoformat()}).",
        ),
        (["--date", "someday"], "'someday' is not a date like 2026-01-31."),
        (["--url", "ftp://jobs.example.com/1"], "'ftp://jobs.example.com/1' is not an http://"),
        (["--url", "javascript:alert(1)"], "is not an http:// or https:// link."),
    ],
)
def test_apply_refuses_bad_input_and_changes_nothing(
    data_dir: Path, args: list[str], message: str
) -> None:
    ok("apply", "First", "Dev")
    before = progress_bytes(data_dir)
    assert message in fails("apply", "Acme", "Dev", *args)
    assert progress_bytes(data_dir) == before


def test_apply_refuses_an_empty_company(data_dir: Path) -> None:
    assert fails("apply", "  ", "Dev") == "The company cannot be empty."
    assert not (data_dir / "backend.toml").exists()


def test_moves_follow_the_stage_rules(data_dir: Path) -> None:
    ok("apply", "Acme", "Dev")
    app_id = jobs()[0]["id"]
    assert ok("jobs", "move", app_id[:6], "interview") == "Moved to interview: Acme · Dev\n"
    assert jobs()[0]["stage"] == "interview"
    assert ok("jobs", "move", app_id, "interview") == "Already interview: Acme · Dev\n"
    before = progress_bytes(data_dir)
    assert "cannot go from interview to screening" in fails("jobs", "move", app_id, "screening")
    assert fails("jobs", "move", app_id, "hired").startswith("'hired' is not a stage;")
    assert fails("jobs", "move", "ffffffff", "offer") == (
        "No application with id 'ffffffff'; `pathtui jobs` shows the ids."
    )
    assert progress_bytes(data_dir) == before
    ok("jobs", "move", app_id, "rejected")
    assert "closes it" in fails("jobs", "move", app_id, "offer")
    ok("jobs", "move", app_id, "offer", "--force")
    assert jobs()[0]["stage"] == "offer"


def test_a_short_id_asks_for_four_characters(data_dir: Path) -> None:
    ok("apply", "Acme", "Dev")
    before = progress_bytes(data_dir)
    for short in ("ee", jobs()[0]["id"][:3]):
        assert fails("jobs", "move", short, "interview") == (
            f"'{short}' is too short to pick an application: give at least 4 characters "
            "of its id (`pathtui jobs` shows the ids)."
        )
    assert progress_bytes(data_dir) == before


def test_apply_says_when_the_same_application_was_already_recorded(data_dir: Path) -> None:
    first = run_pathtui("apply", "Acme", "Backend dev")
    assert first.returncode == 0 and first.stderr == ""
    again = run_pathtui("apply", "acme ", "Backend Dev")
    assert again.returncode == 0, again.stderr
    first_id = first.stdout.split("(id ")[1][:8]
    second_id = again.stdout.split("(id ")[1][:8]
    assert again.stderr.strip() == (
        f"Note: Acme · Backend dev on {TODAY.isoformat()} was already recorded (id {first_id}); "
        f"if this one is a slip, `pathtui jobs remove {second_id}` takes it out."
    )
    other_day = run_pathtui("apply", "Acme", "Backend dev", "--date", "yesterday")
    assert other_day.returncode == 0 and other_day.stderr == ""
    assert len(jobs()) == 3


def test_jobs_remove(data_dir: Path) -> None:
    ok("apply", "Oops", "Dev")
    app_id = jobs()[0]["id"]
    assert ok("jobs", "remove", app_id).startswith("Removed: Oops · Dev")
    assert jobs() == []
    assert "No applications yet" in ok("jobs")
    assert "No application with id" in fails("jobs", "remove", app_id)


def test_company_and_role_are_shown_literally(data_dir: Path) -> None:
    ok("apply", "[bold red]Acme[/]", "Dev\x1b[2J\x07ops")
    table = ok("jobs")
    listed = jobs()[0]
    for text in (table, ok("export"), json.dumps(listed)):
        assert "\x1b" not in text and "\x07" not in text
    assert "[bold red]Acme[/]" in table
    assert listed["role"] == "Dev␛[2J␇ops"


def test_weekly_goal_setting(data_dir: Path) -> None:
    assert ok("config", "weekly-goal", "3") == "Weekly goal set to 3 applications.\n"
    out = ok("apply", "A", "Dev")
    assert "This week: 1 of 3 applications" in out
    before = progress_bytes(data_dir)
    for bad in ("0", "2.5", "lots", "201"):
        assert fails("config", "weekly-goal", bad) == (
            "The weekly goal must be a whole number from 1 to 200."
        )
    assert "whole number from 1 to 365" in fails("config", "follow-up-days", "0")
    assert progress_bytes(data_dir) == before


# --------------------------------------------------------------------------- status and exports


def test_status_gains_jobs(data_dir: Path) -> None:
    ok("done", "basics-loops")
    line = ok("status")
    assert "jobs" not in line  # step 1, no application yet
    status = json.loads(ok("status", "--json"))
    assert status["jobs"]["applied_this_week"] == 0
    assert status["jobs"]["weekly_goal"] == 10
    ok("apply", "Acme", "Dev")
    ok("apply", "Old", "Dev", "--date", (TODAY - dt.timedelta(days=15)).isoformat())
    status = json.loads(ok("status", "--json"))
    picture = status["jobs"]
    assert (picture["active"], picture["due_follow_up"], picture["total"]) == (2, 1, 2)
    assert picture["applied_this_week"] >= 1
    assert " · jobs " in ok("status")
    assert "active" in ok("status", "--format", "{jobs}")


def test_the_line_mentions_jobs_from_step_7(data_dir: Path) -> None:
    from pathtui.services.session import Session

    session = Session.open()
    for step in session.path.steps[:6]:
        for item in step.items:
            session.progress.set_state(item.id, "done")
    session.save()
    line = ok("status")
    assert line.startswith("Step 7/7")
    assert "jobs 0/10 this week · 0 active" in line


def test_export_markdown_and_csv(data_dir: Path) -> None:
    ok("apply", "*Acme*", "Dev", "--url", "https://jobs.example.com/1")
    ok("project", "add", "Notes API", "--url", "https://notes.example.com")
    report = ok("export")
    assert "## Portfolio" in report and "**Notes API**" in report
    assert "## Job search" in report and "\\*Acme\\*" in report
    private = ok("export", "--no-jobs")
    assert "## Job search" not in private and "Acme" not in private
    assert "## Portfolio" in private
    table = ok("export", "--format", "csv")
    lines = table.splitlines()
    assert lines[0] == "id,company,role,stage,applied,moved,board,url,note,due_follow_up"
    assert ",*Acme*,Dev,applied," in lines[1]
    assert lines[1].endswith(",https://jobs.example.com/1,,no")


def test_csv_never_starts_a_formula(data_dir: Path) -> None:
    ok("apply", "=HYPERLINK(1)", "Dev")
    assert "'=HYPERLINK(1)" in ok("export", "--format", "csv")


def test_export_import_round_trip_keeps_everything(data_dir: Path, tmp_path: Path) -> None:
    ok("apply", "Acme", "Dev", "--board", "HN")
    ok("apply", "Beta", "Ops", "--date", (TODAY - dt.timedelta(days=3)).isoformat())
    app_id = next(a["id"] for a in jobs() if a["company"] == "Beta")
    ok("jobs", "move", app_id, "screening")
    ok("project", "add", "Notes API", "--url", "https://notes.example.com")
    ok("project", "link", "Notes API", "portfolio-deploy")
    ok("config", "weekly-goal", "4")
    before_jobs = jobs()
    before_projects = json.loads(ok("project", "list", "--json"))
    export = tmp_path / "all.json"
    ok("export", "--format", "json", "--output", str(export))
    ok("reset", "--all", "--yes")
    assert jobs() == [] and json.loads(ok("project", "list", "--json")) == []
    ok("import", str(export), "--replace", "--yes")
    assert jobs() == before_jobs
    assert json.loads(ok("project", "list", "--json")) == before_projects
    assert "weekly-goal     4 applications" in ok("config")


# --------------------------------------------------------------------------- projects


@needs_git
def test_project_add_list_check_remove(data_dir: Path, tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "notes")
    with local_server() as (base, _):
        out = ok("project", "add", "Notes API", "--repo", str(repo), "--url", f"{base}/ok")
        assert out.startswith("Added project Notes API · repo ")
        assert "never run" in ok("project", "list")
        out = ok("project", "check", "notes api")
        assert out.splitlines()[0] == "Notes API"
        assert "pass  README: README.md:" in out
        assert f"pass  Deployed: {base}/ok answered 200 to HEAD" in out
        assert out.splitlines()[-1] == "5 passed, 0 failed."
    listed = json.loads(ok("project", "list", "--json"))
    assert [c["verdict"] for c in listed[0]["checks"]] == ["pass"] * 5
    assert "5 passed, 0 failed (last run " in ok("project", "list")
    assert ok("project", "remove", "Notes API") == "Removed project Notes API.\n"
    assert json.loads(ok("project", "list", "--json")) == []


@needs_git
def test_a_failed_check_exits_1_and_could_not_check_does_not(
    data_dir: Path, tmp_path: Path
) -> None:
    repo = make_repo(tmp_path / "bare", licence=False)
    with local_server() as (base, _):
        ok("project", "add", "Bare", "--repo", str(repo), "--url", f"{base}/missing")
        result = run_pathtui("project", "check", "--json")
    assert result.returncode == 1
    checked = json.loads(result.stdout)[0]
    verdicts = {c["check"]: c["verdict"] for c in checked["ran"]}
    assert verdicts == {
        "readme": "pass",
        "licence": "fail",
        "remote": "pass",
        "recent": "pass",
        "deployed": "fail",
    }
    url = f"http://127.0.0.1:{closed_port()}/"
    ok("project", "add", "Offline", "--url", url)
    result = run_pathtui("project", "check", "Offline")
    assert result.returncode == 1, result.stdout  # the host answered: nothing serves it
    assert f"FAIL  Deployed: {url} refused the connection: nothing is serving it." in (
        result.stdout
    )
    assert result.stdout.splitlines()[-1] == "0 passed, 1 failed."


def test_project_check_says_each_verdict_once_and_a_missing_folder_is_refused(
    data_dir: Path, tmp_path: Path
) -> None:
    refused = run_pathtui("project", "add", "Nope", "--repo", str(tmp_path / "nope"))
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"pathtui: There is no folder at {tmp_path / 'nope'}; give the project's local "
        "clone or its address (https://... or git@...)."
    )
    assert "No projects yet" in ok("project", "list")
    folder = tmp_path / "gone"
    folder.mkdir()
    ok("project", "add", "Gone", "--repo", str(folder))
    folder.rmdir()  # a check pathtui cannot run says so, once
    out = run_pathtui("project", "check", "Gone").stdout
    for line in out.splitlines()[1:-1]:
        assert ": fail ·" not in line and ": pass ·" not in line, line
    assert "????  README: could not check · " in out


def test_project_check_timeout_override(data_dir: Path) -> None:
    with local_server(slow_seconds=3) as (base, _):
        ok("project", "add", "Slow", "--url", f"{base}/slow")
        result = run_pathtui("project", "check", "Slow", "--timeout", "0.5")
    assert result.returncode == 1
    assert "did not answer within 0.5 s" in result.stdout
    assert "--timeout must be more than 0" in fails("project", "check", "--timeout", "0")


def test_project_bad_input_changes_nothing(data_dir: Path) -> None:
    ok("project", "add", "Notes API")
    before = progress_bytes(data_dir)
    assert fails("project", "add", "Other", "--url", "ftp://x.example.com") == (
        "'ftp://x.example.com' is not an http:// or https:// link."
    )
    assert fails("project", "add", "notes api") == "There is already a project named 'Notes API'."
    assert "is not a folder or an http(s), ssh or git address" in fails(
        "project", "add", "X", "--repo", "ftp://host/x"
    )
    assert fails("project", "remove", "Nope") == (
        "No project named 'Nope'; `pathtui project list` shows them."
    )
    assert fails("project", "check", "Nope").startswith("No project named 'Nope'")
    assert "No item with id 'no-such-item'" in fails("project", "link", "Notes API", "no-such-item")
    assert progress_bytes(data_dir) == before
    out = run_pathtui("project", "check", "Notes API")
    assert out.returncode == 0 and "nothing to check" in out.stdout


def test_project_link_and_unlink(data_dir: Path) -> None:
    ok("project", "add", "Notes API")
    out = ok("project", "link", "Notes API", "portfolio-deploy", "portfolio-readmes")
    assert out == "Notes API is now evidence for: portfolio-deploy, portfolio-readmes.\n"
    out = ok("project", "link", "Notes API", "portfolio-deploy", "--unlink")
    assert out == "Notes API is now evidence for: portfolio-readmes.\n"
    assert "evidence  portfolio-readmes" in ok("project", "list")


def test_no_projects_to_check(data_dir: Path) -> None:
    assert fails("project", "check") == (
        "No projects to check yet; add one with `pathtui project add NAME`."
    )


# --------------------------------------------------------------------------- import hygiene


def test_only_project_check_loads_the_http_client(data_dir: Path) -> None:
    from system.test_fast_path_imports import imported_modules

    ok("apply", "Acme", "Dev")
    with local_server() as (base, _):
        ok("project", "add", "Online", "--url", f"{base}/ok")
        for args in (["status"], ["jobs"], ["project", "list"], ["apply", "Beta", "Dev"]):
            names, _ = imported_modules(*args)
            assert "httpx" not in names, args
        names, out = imported_modules("project", "check")  # exits 0: nothing failed
    assert "httpx" in names and "pass  Deployed" in out


def test_jobs_lists_the_furthest_along_first(data_dir: Path) -> None:
    ok("apply", "Old", "Dev", "--date", (TODAY - dt.timedelta(days=2)).isoformat())
    ok("apply", "New", "Dev")
    ok("apply", "Gone", "Dev")
    ids = {a["company"]: a["id"] for a in jobs()}
    ok("jobs", "move", ids["Old"], "offer")
    ok("jobs", "move", ids["Gone"], "withdrawn")
    rows = [line.split()[3] for line in ok("jobs").splitlines()[1:-1]]
    assert rows == ["Old", "New", "Gone"]


def test_reset_keeps_the_job_search_and_projects_and_says_so(data_dir: Path) -> None:
    """A learner who starts the path over keeps their job search; the question
    names what goes and what stays, with counts; ``--all`` clears both too."""
    ok("done", "basics-loops", "basics-lists")
    ok("apply", "Acme", "Dev")
    ok("apply", "Beta", "Ops")
    ok("project", "add", "Notes API", "--url", "https://notes.example.com")
    asked = run_pathtui("reset", input="n\n")
    assert asked.returncode == 1
    assert "2 items done or skipped" in asked.stdout
    assert "Kept: 2 job applications, 1 portfolio project and your settings" in asked.stdout
    assert "reset --all" in asked.stdout
    before_jobs = jobs()
    out = ok("reset", "--yes")
    assert "job applications and projects kept" in out
    assert jobs() == before_jobs
    assert [p["name"] for p in json.loads(ok("project", "list", "--json"))] == ["Notes API"]
    assert json.loads(ok("status", "--json"))["items_done"] == 0
    everything = run_pathtui("reset", "--all", input="n\n")
    assert "1 portfolio project and the start date" in everything.stdout
    assert "Kept: your settings" in everything.stdout
    assert "Everything cleared" in ok("reset", "--all", "--yes")
    assert jobs() == [] and json.loads(ok("project", "list", "--json")) == []
