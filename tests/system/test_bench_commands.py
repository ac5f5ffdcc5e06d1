"""The bench times every command that changes progress, and ``list``, with its target.

No timing is asserted here (the figures live in the bench's own output and in
docs/performance.md): only that the bench's table has a row for each command,
with the ≤ 6× and ≤ 100 ms target, and that ``run.py`` measures the group.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import figures_commands  # noqa: E402
import run  # noqa: E402
from report import RATIO, Row  # noqa: E402

#: Every command that changes progress, and ``list``.
COMMANDS = ("done", "learning", "skip", "todo", "note", "log", "config", "list")


def test_every_command_that_changes_progress_has_a_figure() -> None:
    figures = list(figures_commands.FIGURES)
    for command in COMMANDS:
        assert any(f.startswith(f"`pathtui {command}") for f in figures), command


def test_the_target_is_six_times_python_and_at_most_100_ms() -> None:
    assert figures_commands.COMMAND_TARGET == 6.0
    assert figures_commands.COMMAND_CEILING_MS == 100.0
    row = Row("x", 59.0, baseline=10.0, kind=RATIO, target=6.0, ceiling=100.0)
    assert row.verdict == "pass" and row.target_text() == "≤ 6× and ≤ 100 ms"
    assert Row("x", 61.0, baseline=10.0, kind=RATIO, target=6.0, ceiling=100.0).verdict == "FAIL"
    assert Row("x", 101.0, baseline=20.0, kind=RATIO, target=6.0, ceiling=100.0).verdict == "FAIL"


def test_a_full_bench_run_measures_the_commands() -> None:
    assert "commands" in run.GROUPS
