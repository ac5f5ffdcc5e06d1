"""A one-shot command ends its process at once (``script._leave``), losing nothing.

Skipping Python's own tear-down saves a large progress file's commands
milliseconds; these tests hold what it must keep: every line of output,
the exit code, the files written, the exit handlers, and the usual exit
whenever a thread, a profiler or a tracer would need it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import tomllib
from pathlib import Path

from bigpath import write_big_path
from pathtui.cli import script
from support import run_installed

#: Items in the path of the long-output test: enough for many pipe buffers.
MANY_ITEMS = 3000


def _long_path(tmp_path: Path) -> Path:
    return write_big_path(
        tmp_path / "long.toml", steps=10, items=MANY_ITEMS, links=0, desc_chars=10, path_id="long"
    )


def test_a_long_output_into_a_pipe_arrives_whole(tmp_path: Path) -> None:
    path = _long_path(tmp_path)
    done = run_installed("--path", str(path), "list", "--json")
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)
    assert len(items) == MANY_ITEMS
    assert items[-1]["id"] == f"s10-item-{MANY_ITEMS // 10}"


def test_a_saving_command_leaves_its_file_and_its_line(tmp_path: Path, data_dir: Path) -> None:
    path = _long_path(tmp_path)
    done = run_installed("--path", str(path), "done", "s1-item-7")
    assert done.returncode == 0, done.stderr
    assert "done: s1-item-7" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("Now 1/")
    saved = tomllib.loads((data_dir / "long.toml").read_text(encoding="utf-8"))
    assert saved["items"]["s1-item-7"]["state"] == "done"


def test_a_failing_command_keeps_its_exit_code(tmp_path: Path) -> None:
    done = run_installed("--path", str(_long_path(tmp_path)), "done", "no-such-item")
    assert done.returncode != 0
    assert "no-such-item" in done.stderr
    assert "Traceback" not in done.stderr


def test_exit_handlers_still_run(tmp_path: Path) -> None:
    marker = tmp_path / "handler-ran"
    program = (
        "import atexit, pathlib, sys\n"
        f"atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
        "sys.argv = ['pathtui', 'status']\n"
        "from pathtui.cli.script import main\n"
        "sys.exit(main())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "yes"


def test_a_running_thread_gets_the_usual_exit() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait, daemon=True)
    worker.start()
    try:
        script._leave(0)  # would end this test process if it did not wait for the thread
    finally:
        stop.set()
        worker.join()


def test_a_profiler_gets_the_usual_exit() -> None:
    before = sys.getprofile()
    sys.setprofile(lambda *args: None)
    try:
        script._leave(0)  # would end this test process, the profile never written
    finally:
        sys.setprofile(before)


def test_a_profiled_run_writes_its_profile(tmp_path: Path) -> None:
    report = tmp_path / "status.prof"
    done = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(report), "-m", "pathtui", "status"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert report.stat().st_size > 0
