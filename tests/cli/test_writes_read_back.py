"""Whatever a command accepts, the file it writes reads back.

Issue 29: ``log --date 1969-12-31`` exited 0 and wrote a file every command
then refused. Each command here gets typed input drawn by Hypothesis (the
edges of every bound: dates such as 1969-12-31, 0001-01-01 and 9999-12-31,
durations, paces, minutes, counts, and text with every odd character,
lone surrogates from non-UTF-8 arguments included) and goes through the
real parsers and the real write path. It either refuses in one sentence,
leaving the file as it was, or it succeeds; either way the file then reads
back cleanly with the careful reader (nothing set aside) and the fast
reader agrees. The tracker's dialogs go through the same parsers and the
same Session methods (``tests/tui/test_dialog_writes_read_back.py``).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings

from hostile_progress import reads_back
from hostile_text import DATES, DURATIONS, FAST, NUMBERS, TEXTS
from support import run_pathtui

#: Typer's exit status for arguments it cannot parse.
USAGE = 2
#: Every command starts pathtui anew: few examples each keep the suite quick,
#: and the edges of every bound come first (Hypothesis tries sampled values early).
QUICK = settings(FAST, max_examples=12)


def run(data_dir: Path, *args: str) -> bool:
    """Run one command: True if it changed something, False if it refused in one
    sentence and left the file as it was. Either way the file reads back."""
    file = data_dir / "backend.toml"
    before = file.read_bytes() if file.exists() else None
    result = run_pathtui(*args)
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode == USAGE:  # Typer's own refusal (e.g. a value like "-0")
        assert "Error: " in result.stderr
    elif result.returncode:
        assert result.returncode == 1 and result.stderr.startswith("pathtui: "), result
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert (file.read_bytes() if file.exists() else None) == before
    reads_back(file)
    return result.returncode == 0


@QUICK
@given(duration=DURATIONS, date=DATES, note=TEXTS)
def test_log(data_dir: Path, duration: str, date: str, note: str) -> None:
    if run(data_dir, "log", duration, "--date", date, "--note", note, "--item", "basics-loops"):
        assert run(data_dir, "log", "--list")


@QUICK
@given(date=DATES, company=TEXTS, role=TEXTS, board=TEXTS, note=TEXTS, url=TEXTS)
def test_apply(
    data_dir: Path, date: str, company: str, role: str, board: str, note: str, url: str
) -> None:
    args = ["apply", company, role, "--date", date, "--board", board, "--note", note]
    run(data_dir, *args)
    run(data_dir, *args, "--url", url)
    run(data_dir, *args, "--url", "https://jobs.example/" + url)


@QUICK
@given(name=TEXTS, repo=TEXTS, url=TEXTS)
@example(name="a", repo="x\0y", url="")  # a NUL once crashed the folder's resolve()
def test_project_add(data_dir: Path, name: str, repo: str, url: str) -> None:
    run(data_dir, "project", "add", name)
    run(data_dir, "project", "add", name + " 2", "--repo", repo)
    run(data_dir, "project", "add", name + " 3", "--url", "https://example.org/" + url)


@QUICK
@given(note=TEXTS)
def test_note(data_dir: Path, note: str) -> None:
    run(data_dir, "note", "basics-loops", note)


@QUICK
@given(pace=NUMBERS, start=DATES, minutes=DURATIONS, rest=NUMBERS, goal=NUMBERS, days=NUMBERS)
def test_config(
    data_dir: Path, pace: str, start: str, minutes: str, rest: str, goal: str, days: str
) -> None:
    run(data_dir, "config", "hours-per-week", pace)
    run(data_dir, "config", "start-date", start)
    run(data_dir, "config", "day-minimum", minutes)
    run(data_dir, "config", "rest-days", rest)
    run(data_dir, "config", "weekly-goal", goal)
    run(data_dir, "config", "follow-up-days", days)
    run(data_dir, "config", "retention", pace)
    run(data_dir, "config", "review", rest)
    run(data_dir, "status", "--hours-per-week", pace)


def test_the_issues_dates_are_refused_by_every_command(data_dir: Path) -> None:
    for day in ("1969-12-31", "0001-01-01", "9999-12-31"):
        assert not run(data_dir, "log", "1h", "--date", day)
        assert not run(data_dir, "apply", "A", "B", "--date", day)
        assert not run(data_dir, "config", "start-date", day)
    assert not (data_dir / "backend.toml").exists()
