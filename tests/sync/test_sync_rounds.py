"""A sync round asks git and the parser only what it must (issue 26).

A round with nothing to do runs five git commands and parses nothing; a
round that merges parses each distinct content at most once; the path id a
round needs comes from the file's first lines. These are counts, not
timings: the times are the bench's (``bench/figures_scale.py``).
"""

from __future__ import annotations

import hashlib
import subprocess
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings

from pathtui.model.progress import Progress
from pathtui.storage import progressread
from pathtui.storage.progressfile import dumps
from pathtui.sync import progress as sync_progress
from pathtui.sync.git import Git
from pathtui.sync.merge import _HEAD, read_path_id
from storage.test_round_trip_properties import progresses
from sync_support import PATH_ID, Device, bare_remote, git, make_devices, needs_git, snapshot

#: What a round with nothing to do asks git, in order.
IDLE_COMMANDS = ["config", "fetch", "rev-parse", "status", "rev-parse"]


@pytest.fixture
def two(tmp_path: Path) -> tuple[Device, Device, Path]:
    a, b = make_devices(tmp_path, "a", "b")
    return a, b, bare_remote(tmp_path)


def _spy(monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], Counter[str]]:
    """Record each git command a round runs and each content it parses."""
    commands: list[str] = []
    parsed: Counter[str] = Counter()
    real_run, real_loads = Git.run, progressread.loads_progress

    def run(self: Git, *args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        commands.append(args[0])
        return real_run(self, *args, **kwargs)  # type: ignore[arg-type]

    def loads(raw: bytes, *args: object, **kwargs: object) -> Progress:
        parsed[hashlib.sha256(raw).hexdigest()] += 1
        return real_loads(raw, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Git, "run", run)
    monkeypatch.setattr(progressread, "loads_progress", loads)
    return commands, parsed


@needs_git
def test_a_round_with_nothing_to_do_asks_git_five_things_and_parses_nothing(
    two: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, _, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    a.use(monkeypatch)
    commands, parsed = _spy(monkeypatch)
    outcome = sync_progress.sync(a.data)
    assert outcome.line() == f"Up to date with {remote}: nothing to send or receive."
    assert commands == IDLE_COMMANDS
    assert not parsed


@needs_git
@pytest.mark.slow
def test_a_merging_round_parses_each_content_at_most_once(
    two: tuple[Device, Device, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    b.ok("done", "basics-loops")
    b.ok("sync")
    a.ok("note", "basics-language", "both sides changed")
    a.use(monkeypatch)
    _, parsed = _spy(monkeypatch)
    outcome = sync_progress.sync(a.data)
    assert (outcome.sent, outcome.received) == (1, 1)
    assert parsed, "a merge reads both sides"
    assert max(parsed.values()) == 1, parsed
    monkeypatch.undo()
    b.ok("sync")
    assert a.file.read_bytes() == b.file.read_bytes()


@settings(max_examples=100, deadline=None)
@given(progresses())
def test_the_path_id_of_any_file_pathtui_writes_is_read_from_its_first_lines(
    progress: Progress,
) -> None:
    raw = dumps(progress).encode("utf-8")
    assert _HEAD.match(raw) is not None, "no need for tomllib"
    assert read_path_id(raw) == tomllib.loads(raw.decode("utf-8"))["path_id"] == progress.path_id


def test_a_file_in_another_layout_still_names_its_path_through_tomllib() -> None:
    assert read_path_id(b'path_id = "backend"\nschema = 2\n') == "backend"
    assert read_path_id(b"schema = 2\n[settings]\n") is None
    assert read_path_id(b"\xff\xfe not text") is None


@needs_git
def test_a_remote_file_whose_first_lines_are_fine_but_the_rest_broken_is_refused(
    two: tuple[Device, Device, Path],
) -> None:
    """The first lines say which path a file is for; they never vouch for the
    rest. A broken remote file is refused with one sentence (never merged as
    text), and nothing here changes."""
    a, b, remote = two
    a.ok("done", "basics-language")
    a.ok("sync", "init", str(remote))
    b.ok("sync", "init", str(remote))
    a.ok("sync")
    broken = a.file.read_text().replace("[items]\n", "[items]\nthis is = not = toml\n", 1)
    assert read_path_id(broken.encode()) == PATH_ID
    a.file.write_text(broken)
    git(a.data, "commit", "--quiet", "-am", "broken by hand")
    git(a.data, "push", "--quiet", "origin", "main")
    b.ok("done", "basics-loops")
    before = snapshot(b.data)
    failed = b.cli("sync")
    assert failed.returncode != 0
    lines = [ln for ln in failed.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in failed.stderr
    assert "is not valid TOML" in lines[0] and "backend.toml" in lines[0]
    assert b.file.read_bytes() == before[f"{PATH_ID}.toml"]
