"""The limits of one progress file (``model/filelimits.py``): what the reader refuses,
no writer writes and no merge makes, so pathtui never writes a file it would
then refuse to read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pathtui.errors import ProgressFileError
from pathtui.model import filelimits
from pathtui.model.progress import Progress
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import loads_progress, read_progress
from pathtui.storage.store import Store
from support import run_pathtui

T0 = dt.datetime(2026, 2, 1, 8, 30, tzinfo=dt.UTC)
PATH_ID = "backend"
#: A small limit for these tests: the real one is 50,000 records.
SMALL = 10


def with_log(entries: int, device: str = "0a0a0a0a") -> Progress:
    progress = Progress.new(PATH_ID, 10, now=T0)
    progress.device = device
    for i in range(entries):
        progress.add_log(T0.date(), 1.0, now=T0 + dt.timedelta(minutes=i))
    return progress


def test_a_note_over_the_limit_is_refused_and_nothing_is_written(data_dir: Path) -> None:
    run_pathtui("done", "basics-language")
    file = data_dir / f"{PATH_ID}.toml"
    before = file.read_bytes()
    long = "x" * (filelimits.MAX_TEXT_CHARS + 1)
    done = run_pathtui("note", "basics-loops", long)
    assert done.returncode == 1
    assert done.stderr == (
        f"pathtui: The note is {filelimits.MAX_TEXT_CHARS + 1:,} characters long; the most is "
        f"{filelimits.MAX_TEXT_CHARS:,}; nothing was changed.\n"
    )
    assert file.read_bytes() == before
    at_the_limit = "y" * filelimits.MAX_TEXT_CHARS
    assert run_pathtui("note", "basics-loops", at_the_limit).returncode == 0
    progress = read_progress(file, PATH_ID)
    assert progress is not None and progress.note("basics-loops") == at_the_limit


def test_the_reader_sets_a_text_over_the_limit_aside_and_names_it(tmp_path: Path) -> None:
    """One value over the limit does not take the file down (issue 29, point 1):
    the field is set aside and named, the rest reads."""
    text = dumps(Progress.new(PATH_ID, 10, now=T0))
    huge = "z" * (filelimits.MAX_TEXT_CHARS + 1)
    line = f'basics-loops = {{ at = "2026-02-01T08:30:00.000Z/0000/0a0a0a0a", note = "{huge}" }}'
    bad = text.replace("[items]\n", f"[items]\n{line}\n")
    progress = loads_progress(bad.encode(), tmp_path / "backend.toml", PATH_ID)
    assert progress.set_aside == [  # the item holds nothing else: set aside whole
        (
            "items.basics-loops",
            f"note: the text is {filelimits.MAX_TEXT_CHARS + 1:,} characters long; "
            f"the most is {filelimits.MAX_TEXT_CHARS:,}",
        )
    ]
    assert progress.note("basics-loops") == ""


def test_the_reader_counts_records_before_it_parses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = dumps(with_log(SMALL + 1)).encode()
    loads_progress(raw, tmp_path / "backend.toml", PATH_ID)  # fine at the real limit
    monkeypatch.setattr(filelimits, "MAX_RECORDS", SMALL)
    with pytest.raises(ProgressFileError) as caught:
        loads_progress(raw, tmp_path / "backend.toml", PATH_ID)
    assert f"holds {SMALL + 1} records, more than the {SMALL} pathtui keeps in one file" in str(
        caught.value
    )


def test_the_store_never_writes_a_file_the_reader_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(filelimits, "MAX_RECORDS", SMALL)
    file = tmp_path / "backend.toml"
    store = Store(PATH_ID, file)
    store.save(with_log(SMALL - 1))  # settings + 9 entries: 10 records, the limit
    before = file.read_bytes()
    progress = store.load(10)
    progress.add_log(T0.date(), 2.0)
    with pytest.raises(filelimits.LimitError) as caught:
        store.save(progress)
    assert str(caught.value) == (
        f"Progress file {file} would be refused if saved this way: it holds 11 records "
        f"(10 in log), more than the {SMALL} pathtui keeps in one file; nothing was written: "
        "remove records you no longer need (old log entries, applications), then try again."
    )
    assert file.read_bytes() == before
    assert read_progress(file, PATH_ID) is not None


def test_a_size_in_words() -> None:
    assert filelimits.megabytes(70 * 1024 * 1024) == "70 MB"
    assert filelimits.size_problem(filelimits.MAX_PROGRESS_FILE_BYTES) is None
    assert (
        filelimits.size_problem(70 * 1024 * 1024) == "is 70 MB, more than the 64 MB pathtui reads"
    )
