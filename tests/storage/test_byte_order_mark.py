"""A progress file saved with a UTF-8 byte-order mark (Windows Notepad puts one
first) is the same file: every reader takes it as it would the file without
the mark, and the next save writes it without."""

from __future__ import annotations

import json
from pathlib import Path

from pathtui.model.progress import Progress
from pathtui.storage import fastread
from pathtui.storage.progressfile import UTF8_BOM, dumps, without_bom
from pathtui.storage.progressread import careful_loads, loads_progress, read_progress
from support import run_pathtui


def _with_a_bom(data_dir: Path) -> tuple[Path, bytes]:
    """A learner's file, then saved again by an editor that adds the mark."""
    for command in (("done", "basics-loops"), ("log", "1h", "--note", "evening")):
        assert run_pathtui(*command).returncode == 0
    file = data_dir / "backend.toml"
    plain = file.read_bytes()
    file.write_bytes(UTF8_BOM + plain)
    return file, plain


def test_without_bom_takes_off_only_a_leading_mark() -> None:
    assert without_bom(UTF8_BOM + b"schema = 2\n") == b"schema = 2\n"
    assert without_bom(b"schema = 2\n") == b"schema = 2\n"
    assert without_bom(b"x" + UTF8_BOM) == b"x" + UTF8_BOM


def test_the_fast_and_the_careful_reader_read_it_as_without_the_mark(data_dir: Path) -> None:
    file, plain = _with_a_bom(data_dir)
    marked = file.read_bytes()
    as_plain = loads_progress(plain, file, "backend")
    fast = loads_progress(marked, file, "backend")
    careful = careful_loads(marked.decode("utf-8"), file, "backend")
    assert fast == careful == as_plain
    assert fast.last == careful.last == as_plain.last
    assert fastread.read(without_bom(marked), "backend") == as_plain  # the fast path is taken


def test_every_command_reads_it_and_a_save_writes_it_without_the_mark(data_dir: Path) -> None:
    file, _ = _with_a_bom(data_dir)
    for command in (("status",), ("status", "--json"), ("list",), ("show", "basics-loops")):
        done = run_pathtui(*command)
        assert done.returncode == 0, done.stderr
        assert done.stderr == "", command
    assert json.loads(run_pathtui("status", "--json").stdout)["items_done"] == 1
    assert file.read_bytes().startswith(UTF8_BOM), "a read leaves the file as it is"
    assert run_pathtui("done", "basics-lists").returncode == 0
    saved = file.read_bytes()
    assert not saved.startswith(UTF8_BOM)
    progress = read_progress(file, "backend")
    assert progress is not None
    assert progress.states() == {"basics-loops": "done", "basics-lists": "done"}
    assert [e.note for e in progress.live_log()] == ["evening"]


def test_an_import_or_a_backup_with_the_mark_is_read_too(data_dir: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    other = Progress.new("backend", 10)
    other.set_state("basics-variables", "done")
    assert run_pathtui("done", "basics-loops").returncode == 0
    assert run_pathtui("export", "--format", "json", "-o", str(export)).returncode == 0
    export.write_bytes(UTF8_BOM + export.read_bytes())
    copy = tmp_path / "copy.toml"
    copy.write_bytes(UTF8_BOM + dumps(other).encode("utf-8"))
    fresh = {"PATHTUI_DATA_DIR": str(tmp_path / "fresh")}
    for source in (export, copy):
        done = run_pathtui("import", str(source), env=fresh)
        assert done.returncode == 0, done.stderr
    progress = read_progress(tmp_path / "fresh" / "backend.toml", "backend")
    assert progress is not None
    assert progress.states() == {"basics-loops": "done", "basics-variables": "done"}
