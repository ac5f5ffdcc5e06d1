"""pathtui's benchmark: every figure as a ratio against a baseline measured in the same run.

    python bench/run.py            # full run (a few minutes), the table in docs/performance.md
    python bench/run.py --quick    # fewer runs, same figures
    python bench/run.py --smoke    # one or two runs each: proves the bench works
    python bench/run.py --only scale --against OTHER/bin/pathtui   # before/after, one run

Run it with the Python pathtui is installed in (``.venv/bin/python``): the bench
times that environment's ``pathtui`` console script, exactly as a shell would
start it. All fixtures and data folders live in a temp folder; the learner's own
progress is never read or written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # run as a script or imported from tests
    sys.path.insert(0, str(BENCH))

import figures_commands  # noqa: E402
import figures_groups  # noqa: E402
import figures_remind  # noqa: E402
import figures_review  # noqa: E402
import figures_scale  # noqa: E402
import figures_status  # noqa: E402
import figures_tick  # noqa: E402
import figures_tracker  # noqa: E402
import growth  # noqa: E402
import procs  # noqa: E402
import report  # noqa: E402
from context import Context, Counts  # noqa: E402

#: Groups of figures, in the order they run; ``--only`` picks some.
GROUPS = ("status", "commands", "review", "remind", "tick", "tracker", "groups", "scale")


def machine() -> str:
    from importlib.metadata import version

    try:
        textual = version("textual")
    except Exception:  # pragma: no cover - textual is a dependency
        textual = "?"
    return (
        f"{dt.date.today().isoformat()} · Python {platform.python_version()} · "
        f"{os.cpu_count()} cores · {platform.system()} {platform.release()} · Textual {textual}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="fewer runs per figure")
    mode.add_argument("--smoke", action="store_true", help="minimal runs: checks the bench works")
    parser.add_argument(
        "--only",
        choices=GROUPS,
        action="append",
        help="measure only these groups (repeatable)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write results as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder of fixtures")
    parser.add_argument("--verbose", action="store_true", help="print every sample")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if any target is missed (for CI)"
    )
    parser.add_argument(
        "--against",
        metavar="EXE",
        help="scale group: also time this other pathtui (e.g. a build of the previous "
        "commit), in the same interleaved runs",
    )
    args = parser.parse_args(argv)
    procs.VERBOSE = args.verbose
    name = "smoke" if args.smoke else "quick" if args.quick else "full"
    groups = args.only or list(GROUPS)

    root = Path(tempfile.mkdtemp(prefix="pathtui-bench-"))
    ctx = Context(root=root, counts=Counts.for_mode(name))
    if args.smoke:
        ctx.group_sizes = (min(ctx.group_sizes), max(ctx.group_sizes))
    # The bench itself opens sessions (fixtures, ticks): point every location
    # pathtui could use at the temp folder, as for the programs it times.
    os.environ.update(procs.isolated_env(root / "data-bench", ctx.home))
    try:
        print(f"pathtui bench ({name}) · {machine()}", flush=True)
        print(f"fixtures in {root}", file=sys.stderr, flush=True)
        ctx.prepare()
        rows: list[report.Row] = []
        growths: list[growth.Growth] = []
        if "status" in groups:
            print("measuring status…", file=sys.stderr, flush=True)
            status_rows, status_growth = figures_status.measure(ctx)
            rows += status_rows
            growths += [growth.Growth(k, v) for k, v in status_growth.items()]
        if "commands" in groups:
            print("measuring the other commands…", file=sys.stderr, flush=True)
            rows += figures_commands.measure(ctx)
        if "review" in groups:
            print("measuring review for a two-year learner…", file=sys.stderr, flush=True)
            rows += figures_review.measure(ctx)
        if "remind" in groups:
            print("measuring remind for a two-year learner…", file=sys.stderr, flush=True)
            rows += figures_remind.measure(ctx)
        if "tracker" in groups:
            print("measuring the tracker in tmux…", file=sys.stderr, flush=True)
            tracker_rows, tracker_growth = figures_tracker.measure(ctx)
            rows += tracker_rows
            growths += [growth.Growth(k, v) for k, v in tracker_growth.items()]
        if "tick" in groups:
            print("measuring ticks…", file=sys.stderr, flush=True)
            rows += figures_tick.measure(ctx)
        if "groups" in groups:
            print("measuring study groups (5 to 500 members)…", file=sys.stderr, flush=True)
            group_rows, group_growth = figures_groups.measure(ctx)
            rows += group_rows
            growths += group_growth
        scale_growth: dict[str, dict[int, procs.Samples]] = {}
        exponents: dict[str, float] = {}
        if "scale" in groups:
            print("measuring done, status and sync from 85 to 20,000 records…", file=sys.stderr)
            scale_rows, scale_growth, exponents = figures_scale.measure(ctx, args.against)
            rows += scale_rows
            growths += [growth.Growth(k, v, unit="record") for k, v in scale_growth.items()]
        print()
        print(report.table(rows))
        print()
        for unit in dict.fromkeys(g.unit for g in growths):
            print(f"Cost growth (medians; µs per extra {unit} on each stretch):")
            print()
            print(growth.table([g for g in growths if g.unit == unit]))
            print()
        others = {k: v for k, v in exponents.items() if k not in scale_growth}
        if others:
            print(
                "Fitted exponents of the other build: "
                + "; ".join(f"{k} {v:.2f}" for k, v in others.items())
            )
            print()
        print(report.notes(rows))
        failed = [r.figure for r in rows if r.verdict == "FAIL"]
        failed += [g.measure for g in growths if not g.linear_or_better]
        print()
        print(f"{len(failed)} target(s) missed" + (": " + "; ".join(failed) if failed else ""))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(
                json.dumps(
                    {
                        "machine": machine(),
                        "mode": name,
                        "rows": [r.to_dict() for r in rows],
                        "growth": [
                            {
                                "measure": g.measure,
                                "unit": g.unit,
                                "medians": g.medians,
                                "fitted_exponent": g.exponent,
                                "slopes_us_per_item": g.slopes,
                                "linear_or_better": g.linear_or_better,
                            }
                            for g in growths
                        ],
                        "exponents": exponents,
                    },
                    indent=2,
                ),
                encoding="utf-8",
            )
        return 1 if failed and args.check else 0
    finally:
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
