"""A progress file that cannot be parsed, and the way back: the advice names
the newest backup that holds progress (with what it holds), and `restore`
lists and restores while the file is broken, keeping that file aside."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pathtui.model.progress import utcnow
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from support import fails, ok, run_pathtui

#: One `}` removed by hand: the file is no longer TOML.
BROKEN_BY_HAND = ("}", "")


def _work_reset_and_an_empty_backup(data_dir: Path) -> tuple[Path, Path, bytes]:
    """Three items, a note and 2h30m; a reset (its backup holds them); then a
    newer backup written after the reset, holding nothing; a tick; then one `}`
    removed.
    Returns the backup with the work, the empty one and the broken bytes."""
    ok("done", "basics-language", "basics-variables")
    ok("learning", "basics-loops")
    ok("note", "basics-loops", "chapter 3")
    ok("log", "2.5", "--item", "basics-loops")
    out = ok("reset", "--yes")
    kept = Path(out.split("Backup written to ", 1)[1].split("\n", 1)[0])
    empty = Session.open().store.backup(now=utcnow() + dt.timedelta(days=1))
    ok("done", "basics-lists")
    assert empty is not None and empty.name > kept.name
    file = data_dir / "backend.toml"
    broken = file.read_text(encoding="utf-8").replace(*BROKEN_BY_HAND, 1).encode()
    file.write_bytes(broken)
    return kept, empty, broken


def test_the_advice_names_the_newest_backup_that_holds_progress(data_dir: Path) -> None:
    kept, empty, broken = _work_reset_and_an_empty_backup(data_dir)
    err = fails("status")
    assert "is not valid TOML" in err
    assert (
        f"restore your newest backup that holds progress, {kept} "
        "(3 items with progress, 2h30m logged, 1 note), "
        f"with `pathtui restore {kept.name}`"
    ) in err
    assert empty.name not in err
    assert (data_dir / "backend.toml").read_bytes() == broken


def test_restore_lists_and_restores_while_the_file_is_broken(data_dir: Path) -> None:
    kept, empty, broken = _work_reset_and_an_empty_backup(data_dir)
    file = data_dir / "backend.toml"
    listing = ok("restore")
    assert "is not valid TOML" in listing and "keeps that file aside" in listing
    assert empty.name in listing and kept.name in listing
    assert listing.splitlines()[-1].endswith(str(kept)), "it suggests the one with progress"

    said_no = run_pathtui("restore", kept.name, input="n\n")
    assert said_no.returncode == 1 and "cannot be read" in said_no.stdout + said_no.stderr
    assert file.read_bytes() == broken and not file.with_name("backend.toml.broken").exists()

    out = ok("restore", kept.name, input="y\n")
    aside = file.with_name("backend.toml.broken")
    assert f"kept as {aside}" in out
    assert aside.read_bytes() == broken, "the broken file is kept, byte for byte"
    progress = read_progress(file, "backend")
    assert progress is not None
    assert progress.state("basics-variables") == "done"
    assert progress.note("basics-loops") == "chapter 3"
    assert [e.hours for e in progress.live_log()] == [2.5]
    assert "2/54 done" in ok("status")


def test_a_second_broken_file_is_kept_beside_the_first(data_dir: Path) -> None:
    kept, _, broken = _work_reset_and_an_empty_backup(data_dir)
    file = data_dir / "backend.toml"
    ok("restore", kept.name, "--yes")
    file.write_bytes(b"schema = 2\npath_id = ")
    ok("restore", kept.name, "--yes")
    assert file.with_name("backend.toml.broken").read_bytes() == broken
    assert file.with_name("backend.toml.broken-2").read_bytes() == b"schema = 2\npath_id = "


def test_a_file_that_cannot_be_opened_is_not_restored_over(data_dir: Path) -> None:
    kept, _, _ = _work_reset_and_an_empty_backup(data_dir)
    file = data_dir / "backend.toml"
    file.unlink()
    file.mkdir()
    assert "is a folder" in fails("restore", kept.name, "--yes")
    assert file.is_dir() and not file.with_name("backend.toml.broken").exists()
