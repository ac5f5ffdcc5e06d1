"""The bench runs end to end (in its smallest mode) and prints every figure.

No timing is asserted here (machines are noisy; the numbers live in the
bench's own output): only that the one command works from this checkout and
produces the whole table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import figures_commands
import figures_groups
import figures_remind
import figures_review
import figures_scale

REPO = Path(__file__).resolve().parents[2]

FIGURES = [
    "`pathtui status`, default path, mid-progress",
    "`pathtui status` at 5,000 items + 3,000 log entries",
    "`pathtui status --json`",
    "`pathtui --help`",
    "tracker: launch → first frame showing the steps (tmux 80x24)",
    "tracker first frame at 5,000 items + 3,000 log entries",
    "tracker peak memory (RSS)",
    "tick in the tracker → progress file replaced, default path",
    "tick in the tracker → progress file replaced, 5,000 items + 3,000 log entries",
    *figures_commands.FIGURES,
    *(
        f"{figure}, {n:,} records, {shape}"
        for n in figures_scale.SMOKE_SIZES
        for shape in figures_scale.SHAPES
        for figure in (
            "`pathtui done ID`",
            "`pathtui status` right after a change",
            "`pathtui sync`, nothing to do",
            "`pathtui sync`, send one change",
            "`pathtui sync`, both sides changed",
        )
    ),
    *figures_review.FIGURES,
    *figures_remind.FIGURES,
    *figures_groups.FIGURES,
]
GROWTH = [
    "status (warm cache)",
    "status (cache miss)",
    "tracker first frame",
    *figures_groups.GROWTH,
    *(f"{what} ({shape})" for what in figures_scale.GROWTH for shape in figures_scale.SHAPES),
]


@pytest.mark.slow
def test_the_bench_smoke_run_prints_every_figure(tmp_path: Path, data_dir: Path) -> None:
    results = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--smoke", "--json", str(results)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    table = [line for line in out.splitlines() if line.startswith("| ")]
    assert table[0].split("|")[1].strip() == "figure"
    for figure in FIGURES:
        rows = [line for line in table if line.startswith(f"| {figure} ")]
        assert len(rows) == 1, f"no row for {figure!r} in:\n{out}"
        cells = [c.strip() for c in rows[0].strip("|").split("|")]
        assert len(cells) == 6
        assert cells[1].endswith(("ms", "MiB")), cells
        assert cells[5] in {"pass", "FAIL", "report", "info"}, cells
    for measure in GROWTH:
        assert any(line.startswith(f"| {measure} ") for line in table), measure
    data = json.loads(results.read_text(encoding="utf-8"))
    figures = {row["figure"] for row in data["rows"]}
    assert set(FIGURES) <= figures
    ratio_rows = [r for r in data["rows"] if r["kind"] == "ratio"]
    assert ratio_rows and all(r["baseline"] > 0 and r["ratio"] > 0 for r in ratio_rows)
    assert not data_dir.exists(), "the bench must never touch the learner's data folder"
