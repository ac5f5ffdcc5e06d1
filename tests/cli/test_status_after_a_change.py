"""A command that saves leaves ``pathtui status`` its answer (issue 26).

The status cache is checked against the progress file's size, mtime and
inode, which every save changes; so the command that saved writes the cache
itself, for the very file it wrote. What the next ``status`` prints must be
what a status with no cache at all prints, for every kind of call and every
kind of change, and a file changed by anyone else after that must still be
read.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

from pathtui.storage.statuscache import file_signature
from support import TINY_PATH, run_pathtui

STATUS_ARGS = [
    ["status"],
    ["status", "--json"],
    ["status", "--format", "{step}/{steps} {percent}% {left} {streak} {pace_4w} {jobs}"],
]
CHANGES = [
    ["done", "basics-variables"],
    ["skip", "basics-variables", "basics-lists"],
    ["note", "basics-language", "page 12"],
    ["log", "45m", "--item", "basics-language"],
    ["config", "hours-per-week", "7"],
    ["config", "streaks", "days"],
]


def caches() -> list[Path]:
    return list((Path(os.environ["XDG_CACHE_HOME"]) / "pathtui").glob(".status-cache-*"))


def ok(*args: str) -> str:
    done = run_pathtui(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def cold(*args: str) -> str:
    for cache in caches():
        cache.unlink()
    return ok(*args)


@pytest.mark.parametrize("change", CHANGES, ids=" ".join)
@pytest.mark.parametrize("args", STATUS_ARGS, ids=lambda a: " ".join(a[1:]) or "line")
def test_status_right_after_a_change_prints_what_a_status_with_no_cache_prints(
    data_dir: Path, change: list[str], args: list[str]
) -> None:
    ok("done", "basics-language")
    ok("log", "1h")
    ok(*args)  # the cache as a prompt leaves it
    ok(*change)
    (cache,) = caches()
    data = marshal.loads(cache.read_bytes())
    written = data["summary"]["progress_file"]
    assert data["progress_sig"] == file_signature(written), "the saving command left it"
    after = ok(*args)
    assert after == cold(*args)


def test_a_change_made_after_the_command_left_its_answer_is_still_seen(
    data_dir: Path,
) -> None:
    ok("done", "basics-language")
    ok("status")
    from pathtui.storage.progressread import read_progress
    from pathtui.storage.store import Store

    file = data_dir / "backend.toml"
    progress = read_progress(file, "backend")
    assert progress is not None
    progress.set_state("basics-variables", "done")
    Store("backend", file).save(progress)  # another writer, which leaves no answer
    line = ok("status")
    assert line == cold("status")
    assert "2/" in line.split(" done")[0]


def test_a_command_on_another_path_file_leaves_its_own_answer(
    data_dir: Path, tmp_path: Path
) -> None:
    path_file = tmp_path / "tiny.toml"
    path_file.write_text(TINY_PATH, encoding="utf-8")
    ok("done", "basics-language")
    ok("--path", str(path_file), "done", "first")
    assert len(caches()) == 2, "one answer per path"
    line = ok("--path", str(path_file), "status")
    assert "1/2 done" in line
    assert line == cold("--path", str(path_file), "status")
    assert ok("status") == cold("status")
