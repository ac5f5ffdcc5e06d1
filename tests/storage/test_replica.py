"""This device's copy of what it last wrote, compared with the file a piece at a time."""

from __future__ import annotations

from pathlib import Path

from pathtui.storage import replica


def _written(tmp_path: Path, data: bytes) -> Path:
    file = tmp_path / "backend.toml"
    file.write_bytes(data)
    replica.remember(file, data, "2026-01-01T00:00:00.000Z/0000/aaaaaaaa")
    return file


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
