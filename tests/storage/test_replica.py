"""This device's copy of what it last wrote, compared with the file a piece at a time."""

from __future__ import annotations

from pathlib import Path

from pathtui.storage import replica
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store


def _written(tmp_path: Path, data: bytes) -> Path:
    file = tmp_path / "backend.toml"
    file.write_bytes(data)
    replica.remember(file, data, "2026-01-01T00:00:00.000Z/0000/aaaaaaaa")
    return file


#: A stamp after every other in these tests' files.
NEWER = "2099-01-01T00:00:00.000Z/0000/aaaaaaaa"

#: Larger than several pieces of the comparison, and not a multiple of one.
BIG = b"x = 1\n" * (3 * replica.COMPARE_CHUNK_BYTES // 6 + 7)


def test_the_file_as_written_does_not_differ(tmp_path: Path) -> None:
    file = _written(tmp_path, BIG)
    assert replica.differs_from_last_written(file) is False
    assert replica.last_written(file) == BIG


def test_a_change_in_the_last_piece_or_a_shorter_or_longer_file_differs(tmp_path: Path) -> None:
    file = _written(tmp_path, BIG)
    for other in (BIG[:-1] + b"!", BIG[:-1], BIG + b"\n", BIG[: replica.COMPARE_CHUNK_BYTES]):
        file.write_bytes(other)
        assert replica.differs_from_last_written(file) is True, len(other)
    file.write_bytes(BIG)
    assert replica.differs_from_last_written(file) is False


def test_no_copy_or_no_file_is_no_difference(tmp_path: Path) -> None:
    file = tmp_path / "never-written.toml"
    file.write_bytes(BIG)
    assert replica.differs_from_last_written(file) is False  # nothing remembered
    written = _written(tmp_path, BIG)
    written.unlink()
    assert replica.differs_from_last_written(written) is False  # (git sees the file gone)


# -- what this device remembers is what the file holds


def _fresh_notices(file: Path) -> list[str]:
    """What a new process is told when it loads ``file``."""
    store = Store("backend", file)
    store.load(10)
    return store.take_notices()


def test_a_bare_tick_before_a_save_is_not_remembered(tmp_path: Path) -> None:
    """A stamp no field was written with (a group summary's, say) is in no
    file: remembering it would make the next read say the file went back."""
    file = tmp_path / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    progress.set_state("basics-loops", "done")
    bare = progress.tick()
    store.save(progress)
    on_disk = read_progress(file, "backend")
    assert on_disk is not None and on_disk.last < bare
    assert replica.newest_seen(file) == on_disk.last
    assert _fresh_notices(file) == []


def test_a_record_set_aside_does_not_count_as_the_newest_change(tmp_path: Path) -> None:
    """A hand-edited record that is set aside is left out of the next save: its
    stamp is not the file's newest change, however new it is."""
    file = tmp_path / "backend.toml"
    store = Store("backend", file)
    progress = store.load(10)
    progress.set_state("basics-loops", "done")
    store.save(progress)
    kept = replica.newest_seen(file)
    text = file.read_text(encoding="utf-8")
    broken = f'broken = {{ at = "{NEWER}", state = "nope" }}\n'
    file.write_text(text.replace("[items]\n", f"[items]\n{broken}", 1), encoding="utf-8")
    store = Store("backend", file)
    read = store.load(10)
    assert read.last == kept and read.set_aside
    store.save(read)  # writes the file without the record set aside
    assert "broken" not in file.read_text(encoding="utf-8")
    assert replica.newest_seen(file) == kept
    assert [n for n in _fresh_notices(file) if "went back" in n] == []
