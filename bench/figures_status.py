"""``pathtui status`` (and ``--json``, ``--help``) against ``python -c pass``.

The warm figures are the prompt scenario: the status cache (statuscache.py)
holds the summary and today's text, as it does after the first prompt of the
day. Two kinds of information rows show the slower paths: "first call of a
day" (the cache's answers are made to look a day old, so the text is worked
out again from the cached summary) and "cache miss" (the cache is deleted
before each run, as after every tick: both files are read and parsed).
"""

from __future__ import annotations

import json
import marshal
import os
from collections.abc import Callable
from pathlib import Path

import procs
from context import Context
from fixtures import Scenario
from pathtui.storage import statuscache
from report import INFO, MS, RATIO, REPORT, Row

STATUS_TARGET = 2.0
STATUS_BIG_TARGET = 3.0


def _timer(argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None):
    def run() -> float:
        if before is not None:
            before()
        return procs.run_once(argv, env).seconds * MS

    return run


def cache_files(scenario: Scenario, env: dict[str, str]) -> list[Path]:
    """This scenario's status cache (in the cache folder, keyed by data folder and path)."""
    folder = os.path.join(env["XDG_CACHE_HOME"], "pathtui")
    path_file = scenario.path_file
    source = "builtin" if path_file is None else f"file:{os.path.abspath(path_file)}"
    key = f"{scenario.data_dir}\n{source}"
    file = Path(statuscache.cache_file(folder, key))
    return [file] if file.exists() else []


def forget_today(scenario: Scenario, env: dict[str, str]) -> Callable[[], None]:
    """Make the cache look a day old: summary kept, today's answers gone."""

    def forget() -> None:
        for file in cache_files(scenario, env):
            data = marshal.loads(file.read_bytes())
            data["answers"] = {"": "2000-01-01"}
            file.write_bytes(marshal.dumps(data))

    return forget


def drop_cache(scenario: Scenario, env: dict[str, str]) -> Callable[[], None]:
    def drop() -> None:
        for file in cache_files(scenario, env):
            file.unlink()

    return drop


def status_argv(scenario: Scenario, *extra: str) -> list[str]:
    return [procs.console_script(), *scenario.cli_args(), "status", *extra]


def check_outputs(ctx: Context) -> None:
    """Each command prints what a learner expects; a wrong answer fast is no figure."""
    default = ctx.scenarios["default"]
    line = procs.capture(status_argv(default), ctx.env(default))
    assert line.startswith("Step 3/7") and "22/55 done" in line, line
    data = json.loads(procs.capture(status_argv(default, "--json"), ctx.env(default)))
    assert data["items_total"] == 55 and data["items_done"] == 20, data
    for size in ctx.sizes:
        scenario = ctx.scenarios[str(size)]
        line = procs.capture(status_argv(scenario), ctx.env(scenario))
        assert f"/{size} done" in line, line


def measure(ctx: Context) -> tuple[list[Row], dict[str, dict[int, procs.Samples]]]:
    """Status rows for the table, plus warm/cold samples by size for the growth check."""
    check_outputs(ctx)
    py = procs.interpreter()
    default, big = ctx.scenarios["default"], ctx.biggest
    base_env = ctx.env(default)
    warm: dict[str, Callable[[], float]] = {
        "python -c pass": _timer([py, "-c", "pass"], base_env),
        "import re": _timer([py, "-c", "import re"], base_env),
        "status": _timer(status_argv(default), base_env),
        "status --json": _timer(status_argv(default, "--json"), base_env),
        "status --format": _timer(
            status_argv(default, "--format", "{step}/{steps} {percent}% {bar}"), base_env
        ),
    }
    for size in ctx.sizes:
        scenario = ctx.scenarios[str(size)]
        warm[f"status {size}"] = _timer(status_argv(scenario), ctx.env(scenario))
    fast = procs.interleave(warm, ctx.counts.fast, ctx.counts.warmup)

    cold: dict[str, Callable[[], float]] = {
        "python -c pass": _timer([py, "-c", "pass"], base_env),
        "--help": _timer([procs.console_script(), "--help"], base_env),
        "cold status": _timer(status_argv(default), base_env, drop_cache(default, base_env)),
        "day status": _timer(status_argv(default), base_env, forget_today(default, base_env)),
        "day big": _timer(status_argv(big), ctx.env(big), forget_today(big, ctx.env(big))),
    }
    for size in ctx.sizes:
        scenario = ctx.scenarios[str(size)]
        cold[f"cold {size}"] = _timer(
            status_argv(scenario), ctx.env(scenario), drop_cache(scenario, ctx.env(scenario))
        )
    slow = procs.interleave(cold, ctx.counts.slow, warmup=1)

    base = fast["python -c pass"]
    slow_base = slow["python -c pass"]
    big_label = f"{big.items:,} items + {round(big.items * 0.6):,} log entries"

    rows = [
        Row.of("`pathtui status`, default path, mid-progress", fast["status"], base, RATIO, 2.0),
        Row.of(f"`pathtui status` at {big_label}", fast[f"status {big.items}"], base, RATIO, 3.0),
        Row.of("`pathtui status --json`", fast["status --json"], base, RATIO, STATUS_TARGET),
        Row.of("`pathtui status --format …` (info)", fast["status --format"], base, INFO),
        Row.of(
            "floor: `python -c 'import re'`, as pip's console-script launcher does (info)",
            fast["import re"],
            base,
            INFO,
        ),
        Row.of("`pathtui --help`", slow["--help"], slow_base, REPORT),
        Row.of(
            "`pathtui status`, first call of a day, default path (info)",
            slow["day status"],
            slow_base,
            INFO,
        ),
        Row.of(
            f"`pathtui status`, first call of a day, {big_label} (info)",
            slow["day big"],
            slow_base,
            INFO,
        ),
        Row.of(
            "`pathtui status`, cache miss, default path (info)",
            slow["cold status"],
            slow_base,
            INFO,
        ),
        Row.of(
            f"`pathtui status`, cache miss, {big_label} (info)",
            slow[f"cold {big.items}"],
            slow_base,
            INFO,
        ),
    ]
    growth = {
        "status (warm cache)": {s: fast[f"status {s}"] for s in ctx.sizes},
        "status (cache miss)": {s: slow[f"cold {s}"] for s in ctx.sizes},
    }
    return rows, growth
