"""Structural guards for the fast paths (no timings: those live in bench/).

``pathtui status`` runs in shell prompts; every module it imports is paid on
every prompt. These tests run the installed console script in a fresh
interpreter under ``python -X importtime`` (which lists every module a run
imports, without changing what it does) and check the list.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support import TINY_PATH, pathtui_exe, run_pathtui

#: Never on the status path: UI frameworks, CLI frameworks, and their friends;
#: and the study picture's types, which are for the type checker only.
HEAVY = ("textual", "typer", "click", "rich", "platformdirs", "pathtui.model.picture")
#: Loaded by `pathtui serve` alone: never by status, the terminal tracker or other commands.
SERVE_ONLY = ("pathtui.services.serve", "textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2")
#: Kept off every status call with a fresh cache: parsing, the model, and stdlib
#: modules that cost milliseconds to import (statuscache.py says why).
CACHED = (
    "tomllib",
    "tomli_w",
    "pathlib",
    "typing",
    "dataclasses",
    "pathtui.model.path",
    "pathtui.model.progress",
    "pathtui.storage.store",
    "pathtui.services.session",
    "pathtui.model.estimate",
    "fsrs",
)
#: Also kept off a prompt that already printed today: the answer is cached.
WARM_EXTRA = (
    *CACHED,
    "json",
    "datetime",
    "pathtui.model.statusline",
    "pathtui.model.study",
    "pathtui.model.pace",
    "pathtui.model.streaks",
)


def imported_modules(*args: str) -> tuple[set[str], str]:
    """Modules a run of the installed ``pathtui`` imports, and what it printed."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", pathtui_exe(), *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    assert "pathtui.cli.script" in names, "importtime output was not parsed"
    return names, done.stdout


def roots(names: set[str]) -> set[str]:
    return names | {name.split(".")[0] for name in names}


def loaded(names: set[str], banned: tuple[str, ...]) -> list[str]:
    full = roots(names)
    return sorted(b for b in banned if b in full)


@pytest.fixture
def started() -> None:
    """A learner with a progress file (the status cache is only kept then)."""
    result = run_pathtui("done", "basics-language")
    assert result.returncode == 0, result.stderr


STATUS_ARGS = [
    ["status"],
    ["status", "--json"],
    ["status", "--format", "{step}/{steps} {percent}% {bar} {finish}"],
    ["status", "--hours-per-week", "6"],
]


@pytest.mark.parametrize("args", STATUS_ARGS, ids=lambda a: " ".join(a))
def test_warm_status_imports_only_the_fast_path(started: None, args: list[str]) -> None:
    first = run_pathtui(*args)
    assert first.returncode == 0, first.stderr
    names, out = imported_modules(*args)
    assert out == first.stdout, "a warm run must print what the run that filled the cache did"
    assert loaded(names, HEAVY + SERVE_ONLY + WARM_EXTRA) == []
    assert "pathtui.storage.statuscache" in names


@pytest.mark.parametrize("args", STATUS_ARGS, ids=lambda a: " ".join(a))
def test_the_first_status_of_a_day_reads_only_the_cache(
    started: None, data_dir: Path, args: list[str]
) -> None:
    import marshal

    first = run_pathtui(*args)
    assert first.returncode == 0, first.stderr
    (cache,) = (Path(os.environ["XDG_CACHE_HOME"]) / "pathtui").glob(".status-cache-*")
    data = marshal.loads(cache.read_bytes())
    data["answers"] = {"": "2000-01-01"}  # as if the last prompt was long ago
    cache.write_bytes(marshal.dumps(data))
    names, out = imported_modules(*args)
    assert out == first.stdout
    assert loaded(names, HEAVY + SERVE_ONLY + CACHED) == []
    assert "pathtui.model.statusline" in names, "the text is worked out again for the new day"
    if "--json" not in args:
        assert "json" not in roots(names)


def test_warm_status_with_a_path_file_imports_only_the_fast_path(tiny_path: Path) -> None:
    path_file = tiny_path
    ticked = run_pathtui("--path", str(path_file), "done", "first")
    assert ticked.returncode == 0, ticked.stderr
    assert run_pathtui("--path", str(path_file), "status").returncode == 0
    names, out = imported_modules("--path", str(path_file), "status")
    assert "1/2 done (50%)" in out
    assert loaded(names, HEAVY + SERVE_ONLY + WARM_EXTRA) == []
    assert "pathtui.storage.statuscache" in names


def test_warm_status_with_a_default_library_path_imports_only_the_fast_path(
    tmp_path: Path,
) -> None:
    path_file = tmp_path / "tiny.toml"
    path_file.write_text(TINY_PATH, encoding="utf-8")
    for args in (["path", "add", str(path_file)], ["path", "use", "tiny"], ["done", "first"]):
        result = run_pathtui(*args)
        assert result.returncode == 0, result.stderr
    assert run_pathtui("status").returncode == 0
    names, out = imported_modules("status")
    assert "1/2 done (50%)" in out, "`path use` picks the path for status"
    assert loaded(names, HEAVY + SERVE_ONLY + WARM_EXTRA) == []
    assert "pathtui.storage.statuscache" in names


@pytest.fixture
def reviewed() -> None:
    """A learner with a rated card and a new one (a replay would need fsrs)."""
    for args in (["done", "basics-language", "basics-loops"], ["review", "basics-loops", "good"]):
        result = run_pathtui(*args)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "args",
    [["review", "--list"], ["review", "--list", "--json"], ["status"], ["status", "--json"]],
    ids=" ".join,
)
def test_review_list_and_status_read_the_cards_from_the_cache(
    reviewed: None, data_dir: Path, args: list[str]
) -> None:
    """With the files unchanged, neither replays a rating: no fsrs, no Session."""
    import marshal

    first = run_pathtui(*args)
    assert first.returncode == 0, first.stderr
    (cache,) = (Path(os.environ["XDG_CACHE_HOME"]) / "pathtui").glob(".status-cache-*")
    data = marshal.loads(cache.read_bytes())
    data["answers"] = {"": "2000-01-01"}  # no answer printed today: the cards are counted
    cache.write_bytes(marshal.dumps(data))
    names, out = imported_modules(*args)
    assert out == first.stdout
    assert loaded(names, HEAVY + SERVE_ONLY + CACHED) == []
    assert "pathtui.services.summarycache" in names


def test_a_cold_review_list_replays_through_fsrs_and_leaves_a_cache(reviewed: None) -> None:
    caches = Path(os.environ["XDG_CACHE_HOME"]) / "pathtui"
    for cache in [*caches.glob(".status-cache-*"), *caches.glob(".review-cards-*")]:
        cache.unlink()
    names, out = imported_modules("review", "--list")
    assert "basics-loops" in out and "1 review" in out
    assert "fsrs" in roots(names), "a card with ratings is replayed through fsrs"
    assert loaded(names, HEAVY + SERVE_ONLY) == []
    assert list(caches.glob(".status-cache-*"))
    assert list(caches.glob(".review-cards-*")), "the replay is kept"
    for cache in caches.glob(".status-cache-*"):
        cache.unlink()
    names, again = imported_modules("review", "--list")
    assert again == out
    assert "fsrs" not in roots(names), "the same ratings: the kept replay answers"


def test_cold_status_never_imports_ui_or_cli_frameworks(started: None, data_dir: Path) -> None:
    caches = Path(os.environ["XDG_CACHE_HOME"]) / "pathtui"
    for cache in caches.glob(".status-cache-*"):
        cache.unlink()
    names, out = imported_modules("status")
    assert out.startswith("Step 1/7")
    assert loaded(names, HEAVY + SERVE_ONLY) == []
    assert "pathtui.services.session" in names, "with no cache, status must read the files"
    assert list(caches.glob(".status-cache-*")), "a cold run leaves a cache behind"


def test_status_without_progress_never_imports_ui_or_cli_frameworks() -> None:
    names, out = imported_modules("status")
    assert "0/54 done" in out
    assert loaded(names, HEAVY + SERVE_ONLY) == []


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["status", "--help"], ["list"], ["serve", "--help"]],
    ids=" ".join,
)
def test_other_commands_never_import_textual(args: list[str]) -> None:
    names, out = imported_modules(*args)
    assert out.strip(), "the command printed nothing"
    assert loaded(names, ("textual", *SERVE_ONLY)) == []


#: The commands a learner runs to look (each <= 6x python -c pass: bench/figures_commands.py).
READING = [
    (["show", "basics-loops"], "Write loops"),
    (["show", "basics-loops", "--json"], '"state"'),
    (["jobs"], "No applications yet"),
    (["jobs", "--json"], "[]"),
    (["project", "list"], "No projects yet"),
    (["project", "list", "--json"], "[]"),
    (["path", "list"], "backend (built-in)"),
    (["log", "--list"], "No study time logged yet"),
    (["restore"], "Backups of"),
]


@pytest.mark.parametrize(("args", "shown"), READING, ids=[" ".join(a) for a, _ in READING])
def test_the_reading_commands_never_import_typer(
    started: None, args: list[str], shown: str
) -> None:
    """Typer's import alone costs more than these may take: the fast path answers them."""
    reset = run_pathtui("reset", "--yes")  # leaves a backup for `restore` to list
    assert reset.returncode == 0, reset.stderr
    names, out = imported_modules(*args)
    assert shown in out
    assert loaded(names, HEAVY + SERVE_ONLY) == []


TRACKER_PROBE = """
import sys
import pathtui.tui

def fake_run_tracker(session):
    import gc

    heavy = sorted(
        m
        for m in (
            "typer", "click", "pydantic", "aiohttp", "textual_serve", "pathtui.services.serve",
            "fsrs",
        )
        if m in sys.modules
    )
    gc_state = "on" if gc.isenabled() else "paused"
    print(session.path.id, len(session.path.items), "heavy:", ",".join(heavy) or "none", gc_state)

pathtui.tui.run_tracker = fake_run_tracker
from pathtui.cli.script import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("how", ["bare", "--path FILE", "--path=FILE"])
def test_the_bare_command_opens_the_tracker_without_typer(tiny_path: Path, how: str) -> None:
    path_file = tiny_path
    args = {"bare": [], "--path FILE": ["--path", str(path_file)]}.get(how, [f"--path={path_file}"])
    done = subprocess.run(
        [sys.executable, "-c", TRACKER_PROBE, *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    expected = "backend 58" if how == "bare" else "tiny 2"
    assert done.stdout.strip() == f"{expected} heavy: none paused"


def test_a_bad_path_file_for_the_tracker_is_one_sentence(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = run_pathtui("--path", str(missing))
    assert result.returncode == 1
    assert result.stderr.startswith("pathtui: Path file") and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_tracker_and_the_cli_never_load_the_web_server() -> None:
    """The tracker's own modules and the Typer app (which defines `serve`) leave the
    server to the command: building the app must not import aiohttp or textual-serve."""
    code = (
        "import sys\n"
        "import pathtui.cli.commands, pathtui.tui.app\n"
        "from pathtui.services.session import Session\n"
        "pathtui.tui.app.make_app(Session.open())\n"
        f"print(sorted(m for m in {SERVE_ONLY!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("change", [["done", "basics-variables"], ["log", "30m"]], ids=" ".join)
def test_status_right_after_a_change_reads_only_the_cache(started: None, change: list[str]) -> None:
    """The command that saved left the summary for the file it wrote: the next
    prompt reads neither the path nor the progress file (issue 26)."""
    result = run_pathtui(*change)
    assert result.returncode == 0, result.stderr
    names, out = imported_modules("status")
    assert out.startswith("Step 1/7")
    assert loaded(names, HEAVY + SERVE_ONLY + CACHED) == []


def test_a_plain_sync_round_never_imports_typer(tmp_path: Path) -> None:
    """`pathtui sync` is answered on the fast path: a round with nothing to do
    costs a handful of git commands, and Typer alone would cost more."""
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for args in (["done", "basics-language"], ["sync", "init", str(remote)]):
        result = run_pathtui(*args)
        assert result.returncode == 0, result.stderr
    names, out = imported_modules("sync")
    assert out.startswith("Up to date with")
    assert loaded(names, HEAVY + SERVE_ONLY + ("pathtui.services.session", "tomllib")) == []


@pytest.fixture
def in_a_group(tmp_path: Path) -> None:
    """A learner who made a study group in a local bare repository."""
    remote = tmp_path / "group.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    for args in (["done", "basics-language"], ["group", "create", str(remote), "--as", "Me"]):
        result = run_pathtui(*args)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("args", [["group"], ["group", "--json"]], ids=" ".join)
def test_the_group_table_takes_the_fast_path(in_a_group: None, args: list[str]) -> None:
    """A look with nothing changed prints the cached answer, importing what a
    warm status does; after a change it reads the files, still without Typer,
    Textual or Rich."""
    first = run_pathtui(*args)
    assert first.returncode == 0, first.stderr
    names, out = imported_modules(*args)
    assert out == first.stdout
    assert loaded(names, HEAVY + SERVE_ONLY + WARM_EXTRA) == []
    assert "pathtui.storage.groupanswer" in names
    assert run_pathtui("done", "basics-lang-python").returncode == 0
    names, out = imported_modules(*args)
    assert out == run_pathtui(*args).stdout
    assert loaded(names, HEAVY + SERVE_ONLY) == []
    assert "pathtui.services.groupview" in names
    assert "pathtui.sync.grouprepo" not in names, "a look never needs git"
