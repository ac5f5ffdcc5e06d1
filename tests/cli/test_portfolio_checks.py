"""Portfolio checks against a git repo made in the test and a server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from pathtui.services.projectchecks import (
    DEPLOYED,
    FAIL,
    LICENCE,
    PASS,
    README,
    RECENT,
    REMOTE,
    UNKNOWN,
    check_project,
    check_web_url,
    readme_verdict,
    repo_checks,
    url_check,
    without_password,
)
from portfolio_jobs_support import (
    GOOD_README,
    closed_port,
    git,
    local_server,
    make_repo,
    needs_git,
)
from support import run_pathtui

NOW = dt.datetime.now(dt.UTC)
#: Short enough to keep the suite quick, long enough for a loaded machine.
SHORT = 1.0


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 must be asked directly, whatever proxy the machine has."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


def by_check(results: list) -> dict[str, tuple[str, str]]:
    return {r.check: (r.verdict, r.reason) for r in results}


# --------------------------------------------------------------------------- README rules


def test_a_good_readme_passes() -> None:
    ok, why = readme_verdict(GOOD_README)
    assert ok, why
    assert "'Install' section" in why


def test_a_short_readme_says_how_many_words() -> None:
    ok, why = readme_verdict("# Notes\n\n## Usage\n\n```\nmake run\n```\n")
    assert not ok
    assert "has 4 words (needs 150)" in why


def test_a_readme_without_a_usage_section_or_a_way_to_run_fails() -> None:
    text = "# Notes\n\n" + "Words about the project and why it exists. " * 30
    ok, why = readme_verdict(text)
    assert not ok
    assert "no usage or install section" in why
    assert "no way to run it" in why


def test_setext_and_rst_headings_count() -> None:
    body = "Words about the project and why it exists. " * 30
    ok, _ = readme_verdict(f"Notes\n=====\n\n{body}\n\nInstallation\n------------\n\n$ make\n")
    assert ok
    ok, _ = readme_verdict(f"{body}\n\nUsage\n~~~~~\n\nRun it like this::\n\n    notes serve\n")
    assert ok


# --------------------------------------------------------------------------- local repos


@needs_git
def test_a_complete_repo_passes_all_four(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "notes")
    results = by_check(repo_checks(repo, NOW))
    assert [v for v, _ in results.values()] == [PASS] * 4
    assert results[REMOTE][1] == "origin is https://github.com/learner/notes.git."
    assert "The last commit was today" in results[RECENT][1]
    assert results[LICENCE][1] == "LICENSE is there."


@needs_git
def test_each_missing_part_fails_with_its_reason(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "bare",
        readme="# Hi\n",
        licence=False,
        remote=None,
        commit_date="2020-01-01T12:00:00+00:00",
    )
    results = by_check(repo_checks(repo, NOW))
    assert (
        results[README][0] == FAIL
        and "README.md: The README has 1 word (needs" in results[README][1]
    )
    assert results[LICENCE] == (
        FAIL,
        "There is no LICENSE (or COPYING) file at the top of the repo.",
    )
    assert results[REMOTE] == (FAIL, "The repo has no git remote (push it to GitHub?).")
    assert results[RECENT][0] == FAIL
    assert "(2020-01-01); more than 90 days" in results[RECENT][1]


@needs_git
def test_no_readme_and_no_commits(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "empty", readme=None, commit=False)
    results = by_check(repo_checks(repo, NOW))
    assert results[README] == (FAIL, "There is no README file at the top of the repo.")
    assert results[RECENT] == (FAIL, "The repo has no commits yet.")


@needs_git
def test_a_commit_89_days_ago_is_recent(tmp_path: Path) -> None:
    when = (NOW - dt.timedelta(days=89)).isoformat()
    repo = make_repo(tmp_path / "old", commit_date=when)
    verdict, reason = by_check(repo_checks(repo, NOW))[RECENT]
    assert verdict == PASS and "89 days ago" in reason


@needs_git
def test_a_password_in_a_remote_is_never_shown(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "secret", remote="https://me:hunter2@example.com/r.git")
    _, reason = by_check(repo_checks(repo, NOW))[REMOTE]
    assert "hunter2" not in reason and "example.com/r.git" in reason
    assert without_password("https://u:p@h:8080/x") == "https://h:8080/x"


@needs_git
def test_a_folder_that_is_not_a_repo_fails_the_git_checks(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "README.md").write_text(GOOD_README)
    results = by_check(repo_checks(folder, NOW))
    assert results[README][0] == PASS
    assert results[REMOTE] == (FAIL, f"{folder} is not a git repository.")


def test_a_missing_folder_could_not_be_checked(tmp_path: Path) -> None:
    results = repo_checks(tmp_path / "nowhere", NOW)
    assert [r.verdict for r in results] == [UNKNOWN] * 4
    assert results[0].reason == f"There is no folder {tmp_path / 'nowhere'}."


def test_without_git_the_git_checks_could_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    results = by_check(repo_checks(folder, NOW))
    assert results[REMOTE] == (UNKNOWN, "Git is not installed.")
    assert results[RECENT] == (UNKNOWN, "Git is not installed.")
    assert results[LICENCE][0] == FAIL  # the file checks still ran


def test_a_repo_given_as_a_web_address(tmp_path: Path) -> None:
    results = by_check(check_project("https://github.com/learner/notes", "", NOW))
    assert results[REMOTE][0] == PASS
    assert results[README][0] == UNKNOWN
    assert DEPLOYED not in results


# --------------------------------------------------------------------------- deployed URLs


def test_a_2xx_passes_with_head_alone() -> None:
    with local_server() as (base, seen):
        result = url_check(f"{base}/ok", NOW, SHORT)
    assert result.verdict == PASS
    assert result.reason.startswith(f"{base}/ok answered 200 to HEAD in ")
    assert seen == [("HEAD", "/ok")]


def test_get_is_tried_when_head_is_refused() -> None:
    with local_server() as (base, seen):
        result = url_check(f"{base}/get-only", NOW, SHORT)
    assert result.verdict == PASS and "answered 200 to GET" in result.reason
    assert seen == [("HEAD", "/get-only"), ("GET", "/get-only")]


def test_a_404_fails() -> None:
    with local_server() as (base, _):
        result = url_check(f"{base}/missing", NOW, SHORT)
    assert (result.verdict, result.reason) == (
        FAIL,
        f"{base}/missing answered 404 to HEAD and GET (needs 2xx).",
    )


def test_a_slow_answer_fails_after_the_timeout() -> None:
    with local_server(slow_seconds=3 * SHORT) as (base, _):
        start = time.monotonic()
        result = url_check(f"{base}/slow", NOW, SHORT)
        took = time.monotonic() - start
    assert (result.verdict, result.reason) == (FAIL, f"{base}/slow did not answer within 1 s.")
    assert took < 2.5 * SHORT  # the budget covers HEAD and GET together


def test_headers_sent_a_byte_at_a_time_cannot_stretch_the_timeout() -> None:
    """Each byte comes within any per-read timeout: only a bound on the whole
    check stops it (the issue measured 60.5 s for a 3 s timeout)."""
    with local_server() as (base, _):
        start = time.monotonic()
        result = url_check(f"{base}/drip", NOW, SHORT)
        took = time.monotonic() - start
    assert (result.verdict, result.reason) == (FAIL, f"{base}/drip did not answer within 1 s.")
    assert took < 2.5 * SHORT


def test_slow_redirects_share_one_timeout() -> None:
    """Three redirects, each answered in under the timeout, together over it."""
    with local_server(slow_seconds=1.5 * SHORT) as (base, seen):
        start = time.monotonic()
        result = url_check(f"{base}/drip-redirect-3", NOW, SHORT)
        took = time.monotonic() - start
    assert result.verdict == FAIL
    assert result.reason == f"{base}/drip-redirect-3 did not answer within 1 s."
    assert took < 2.5 * SHORT
    assert len(seen) < 4, "it stopped following once the time was up"


def test_project_check_timeout_bounds_the_whole_check(data_dir: Path) -> None:
    with local_server() as (base, _):
        assert run_pathtui("project", "add", "drip", "--url", f"{base}/drip").returncode == 0
        start = time.monotonic()
        done = run_pathtui("project", "check", "drip", "--timeout", "1")
        took = time.monotonic() - start
    assert f"{base}/drip did not answer within 1 s." in done.stdout
    assert took < 2.5 * SHORT


def test_a_redirect_to_http_is_followed() -> None:
    with local_server() as (base, seen):
        result = url_check(f"{base}/to-http", NOW, SHORT)
    assert result.verdict == PASS and f"(via {base}/ok)" in result.reason
    assert seen == [("HEAD", "/to-http"), ("HEAD", "/ok")]


@pytest.mark.parametrize(("path", "scheme"), [("/to-ftp", "ftp"), ("/to-javascript", "javascript")])
def test_a_redirect_to_another_scheme_is_not_followed(path: str, scheme: str) -> None:
    with local_server() as (base, seen):
        result = url_check(f"{base}{path}", NOW, SHORT)
    assert result.verdict == FAIL
    assert f"redirects to a {scheme}: address, which is not followed" in result.reason
    assert seen == [("HEAD", path)]


def test_a_redirect_loop_gives_up() -> None:
    with local_server() as (base, _):
        result = url_check(f"{base}/loop", NOW, SHORT)
    assert result.verdict == FAIL and "redirects more than 5 times" in result.reason


def test_a_body_is_never_downloaded() -> None:
    """An endless body after HEAD is refused: only the headers are read."""
    with local_server() as (base, seen):
        start = time.monotonic()
        result = url_check(f"{base}/endless", NOW, SHORT)
        assert time.monotonic() - start < SHORT
    assert result.verdict == PASS
    assert seen == [("HEAD", "/endless")]


def test_a_refused_connection_is_a_fail() -> None:
    """The host answered and nothing serves the site: the deployment is down."""
    url = f"http://127.0.0.1:{closed_port()}/"
    result = url_check(url, NOW, SHORT)
    assert result.verdict == FAIL
    assert result.reason == f"{url} refused the connection: nothing is serving it."


def test_only_a_connection_pathtui_could_not_make_could_not_be_checked() -> None:
    import httpx

    from pathtui.services.projectchecks import _refused

    no_name = httpx.ConnectError("[Errno -2] Name or service not known")
    assert not _refused(no_name)
    refused = httpx.ConnectError("connect failed")
    refused.__cause__ = ConnectionRefusedError(111, "Connection refused")
    assert _refused(refused)


def test_a_redirect_to_a_closed_port_names_the_address_that_failed() -> None:
    port = closed_port()
    with local_server() as (base, seen):
        result = url_check(f"{base}/to-port/{port}", NOW, SHORT)
    assert seen == [("HEAD", f"/to-port/{port}")]
    assert result.verdict == FAIL  # the host refused: nothing serves the site there
    failed = f"http://127.0.0.1:{port}/app"
    assert result.reason == (
        f"{failed} refused the connection: nothing is serving it; "
        f"{base}/to-port/{port} redirected there."
    )


def test_check_project_runs_every_check_that_applies(tmp_path: Path) -> None:
    with local_server() as (base, _):
        results = check_project("", f"{base}/ok", NOW, SHORT)
    assert [(r.check, r.verdict) for r in results] == [(DEPLOYED, PASS)]
    assert results[0].as_json()["verdict"] == "pass"


@pytest.mark.parametrize(
    "bad",
    ["ftp://example.com/x", "javascript:alert(1)", "example.com", "http://", "http://a b.com/"],
)
def test_only_web_urls_are_accepted(bad: str) -> None:
    with pytest.raises(ValueError, match=r"is not an http:// or https:// link\.$"):
        check_web_url(bad)
    assert check_web_url(" https://notes.example.com/docs ") == "https://notes.example.com/docs"


@needs_git
def test_git_output_from_a_newer_commit_date(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "two")
    (repo / "more.txt").write_text("more\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "second")
    assert by_check(repo_checks(repo, NOW))[RECENT][0] == PASS
