"""The bench's scale group holds the right figure to the right target, and fits growth.

No timing is asserted here (the figures live in the bench's own output and in
docs/performance.md): only that, given samples, the group's rows carry issue
26's targets against the right baselines, that the other build of a
before/after run is reported and never judged, that the fitted exponent
reads linear, quadratic and flat costs as such, and that the git floor is a
program that runs the round's commands.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import figures_scale as scale  # noqa: E402
import run  # noqa: E402
from procs import Samples  # noqa: E402
from report import ABSOLUTE, RATIO, REPORT  # noqa: E402

SIZES = (85, 2000, 8500, 20000)
BUILDS = [scale.Build("", "pathtui"), scale.Build("before", "old/pathtui")]


def fake(ms: dict[str, float], sizes: tuple[int, ...]) -> dict[str, Samples]:
    """Samples for every case of the group: ``ms`` by case name, else 50 ms."""
    out = {scale.BASELINE: Samples([10.0] * 5)}
    for build in BUILDS:
        for shape in scale.SHAPES:
            for n in sizes:
                for what in (
                    "done",
                    "status",
                    "sync idle",
                    "sync send",
                    "sync merge",
                    "git floor",
                    "git from sh",
                ):
                    name = build.tag(f"{what} {shape} {n}")
                    out[name] = Samples([ms.get(name, 50.0)] * 5)
    return out


def rows_by_figure(ms: dict[str, float], sizes: tuple[int, ...] = SIZES):  # -> dict[str, Row]
    commands = {b.tag(f"{s} {n}"): 5 for b in BUILDS for s in scale.SHAPES for n in sizes}
    rows, growth, exponents = scale.results(BUILDS, sizes, fake(ms, sizes), {}, commands)
    return {row.figure: row for row in rows}, growth, exponents


def test_issue_26_targets_sit_on_the_right_rows() -> None:
    rows, _, _ = rows_by_figure({})
    for shape in scale.SHAPES:
        done = rows[f"`pathtui done ID`, 2,000 records, {shape}"]
        status = rows[f"`pathtui status` right after a change, 2,000 records, {shape}"]
        assert (done.kind, done.target, done.baseline) == (RATIO, 6.0, 10.0)
        assert (status.kind, status.target) == (RATIO, 3.0)
        for verb in ("`pathtui done ID`", "`pathtui status` right after a change"):
            big = rows[f"{verb}, 20,000 records, {shape}"]
            assert (big.kind, big.target) == (ABSOLUTE, 150.0)
            assert rows[f"{verb}, 85 records, {shape}"].kind == REPORT
        for label in ("send one change", "both sides changed"):
            sync = rows[f"`pathtui sync`, {label}, 8,500 records, {shape}"]
            assert (sync.kind, sync.target) == (ABSOLUTE, 1000.0)
            assert rows[f"`pathtui sync`, {label}, 20,000 records, {shape}"].kind == REPORT
        for n in SIZES:
            idle = rows[f"`pathtui sync`, nothing to do, {n:,} records, {shape}"]
            assert (idle.kind, idle.target) == (RATIO, 1.5)
            assert "the git floor" in idle.note and "from sh" in idle.note


def test_the_other_build_is_shown_and_never_judged() -> None:
    rows, growth, exponents = rows_by_figure({"before: done path-heavy 2000": 900.0})
    before = [row for name, row in rows.items() if name.startswith("before: ")]
    assert len(before) == len(scale.SHAPES) * len(SIZES) * 5
    assert {row.kind for row in before} == {REPORT}
    assert rows["before: `pathtui done ID`, 2,000 records, path-heavy"].verdict == "report"
    assert not any(name.startswith("before: ") for name in growth)
    assert "before: done (path-heavy)" in exponents


@pytest.mark.parametrize(
    ("case", "ms", "verdict"),
    [
        ("done history-heavy 2000", 59.0, "pass"),
        ("done history-heavy 2000", 61.0, "FAIL"),
        ("status history-heavy 2000", 31.0, "FAIL"),
        ("done path-heavy 20000", 151.0, "FAIL"),
        ("sync merge history-heavy 8500", 999.0, "pass"),
        ("sync merge history-heavy 8500", 1001.0, "FAIL"),
        ("sync idle path-heavy 850", 74.0, "pass"),  # the floor is 50 ms
        ("sync idle path-heavy 85", 76.0, "FAIL"),
    ],
)
def test_a_miss_is_a_fail(case: str, ms: float, verdict: str) -> None:
    rows, _, _ = rows_by_figure({case: ms}, scale.SIZES)
    what, shape, n = case.rsplit(" ", 2)
    label = {
        "done": "`pathtui done ID`",
        "status": "`pathtui status` right after a change",
        "sync merge": "`pathtui sync`, both sides changed",
        "sync idle": "`pathtui sync`, nothing to do",
    }[what]
    assert rows[f"{label}, {int(n):,} records, {shape}"].verdict == verdict


def test_the_fitted_exponent_tells_flat_linear_and_quadratic_apart() -> None:
    sizes = (85, 850, 2000, 8500, 20000)
    assert scale.fitted_exponent({n: 40.0 for n in sizes}) == 0.0
    assert scale.fitted_exponent({n: 40.0 + 0.0001 * n for n in sizes}) == 0.0  # < 5%: flat
    assert scale.fitted_exponent({n: 40.0 + 0.02 * n for n in sizes}) == pytest.approx(1.0)
    assert scale.fitted_exponent({n: 40.0 + 1e-6 * n * n for n in sizes}) == pytest.approx(2.0)
    assert scale.fitted_exponent({n: 40.0 + 3 * n**0.5 for n in sizes}) == pytest.approx(0.5)


def test_the_git_floor_is_a_python_program_that_runs_each_command(tmp_path: Path) -> None:
    marks = [tmp_path / f"ran-{i}" for i in range(3)]
    commands = [["touch", str(mark)] for mark in marks]
    program, script = scale.floor_programs(tmp_path / "floor", commands)
    subprocess.run([sys.executable, str(program)], check=True, timeout=60)
    assert all(mark.exists() for mark in marks)
    for mark in marks:
        mark.unlink()
    subprocess.run(["/bin/sh", str(script)], check=True, timeout=60)
    assert all(mark.exists() for mark in marks)
    source = program.read_text(encoding="utf-8")
    assert source.splitlines()[0] == "import subprocess", "nothing but what the round needs"


def test_a_full_bench_run_measures_the_scale_group() -> None:
    assert "scale" in run.GROUPS
    assert scale.SIZES == (85, 850, 2000, 8500, 20000)
