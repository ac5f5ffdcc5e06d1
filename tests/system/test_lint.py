"""ruff and mypy keep the code base clean; running them here makes CI enforce it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_ruff_check_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "src", "tests", "bench"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_finds_no_errors_in_src() -> None:
    """The settings (strict about missing hints, unused ignores) are in pyproject.toml."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_every_style_lives_in_the_one_stylesheet() -> None:
    """Styling policy: all of the tracker's CSS is in ``tui/pathtui.tcss``.

    No ``DEFAULT_CSS`` or inline ``CSS`` in a widget or screen: one file to read,
    and no rule silently losing to another of higher priority.
    """
    offenders = [
        str(file.relative_to(REPO))
        for file in (REPO / "src" / "pathtui").rglob("*.py")
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("DEFAULT_CSS", "CSS =", "CSS:"))
    ]
    assert offenders == []
    assert (REPO / "src" / "pathtui" / "tui" / "pathtui.tcss").is_file()
