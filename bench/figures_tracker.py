"""The tracker in a real terminal: launch → first frame showing the steps, and peak memory.

Baseline: ``minimal_app.py`` (a Textual app showing one line), started the
same way in the same 80x24 tmux pane. Every scenario has a progress file, so
the tracker opens on its main screen (the welcome screen is for first runs).
All launches share one cache folder, so after the warm-up launch the tracker
starts as it does every day, with the CSS its last start parsed
(``tui/stylecache.py``); the "first start" row gives it an empty one each time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import procs
import terminal
from context import Context
from fixtures import STEP_NAMES, Scenario
from minimal_app import MARKER
from pathtui.storage.pathfile import load_path
from report import INFO, MIB, RATIO, Row

#: The tracker's first frame against the minimal app (issue 21: 1.3x, given a margin).
FIRST_FRAME_TARGET = 1.2
#: The case of a first start, with nothing in the cache folder.
COLD = "cold"
FIRST_FRAME_BIG_TARGET = 2.0
MEMORY_TARGET = 1.3
#: Characters of the last step's title to look for in the step list (the
#: sidebar cuts longer titles with …).
TITLE_CHARS = 8
#: The checklist's legend: on screen once the checklist is painted too.
CHECKLIST_MARKER = "[x] done"


def markers(scenario: Scenario) -> list[str]:
    """Texts that are on screen only once the step list (and checklist) is painted."""
    if scenario.path_file is None:
        last = load_path(None).steps[-1]
        title = last.title
        number = last.number
    else:
        number, title = len(STEP_NAMES), f"Bench step {STEP_NAMES[-1]}"
    return [f"{number} {title[:TITLE_CHARS]}", CHECKLIST_MARKER]


def _term_env(ctx: Context, scenario: Scenario, term: terminal.Terminal) -> dict[str, str]:
    termname = term.tmux("show-options", "-gv", "default-terminal").strip() or "screen"
    env = ctx.env(scenario, TERM=termname)
    for name in ("COLORTERM", "TMUX", "TMUX_PANE", "LINES", "COLUMNS", "NO_COLOR"):
        env.pop(name, None)
    return env


def measure(ctx: Context) -> tuple[list[Row], dict[str, dict[int, procs.Samples]]]:
    py, exe = procs.interpreter(), procs.console_script()
    minimal = str(Path(__file__).resolve().with_name("minimal_app.py"))
    frames: dict[str, procs.Samples] = {}
    memory: dict[str, procs.Samples] = {}
    with terminal.Terminal(ctx.root / "tmux") as term:
        cases: dict[str, tuple[list[str], dict[str, str], list[str]]] = {
            "minimal": ([py, minimal], _term_env(ctx, ctx.scenarios["default"], term), [MARKER]),
        }
        for key in ["default", *map(str, ctx.sizes)]:
            scenario = ctx.scenarios[key]
            cases[key] = (
                [exe, *scenario.cli_args()],
                _term_env(ctx, scenario, term),
                markers(scenario),
            )
        # The first start after an install: nothing in the cache folder yet
        # (the parsed CSS, the path): an empty one for every launch.
        cases[COLD] = cases["default"]
        cold_caches = ctx.root / "cold-caches"

        def timer(name: str):
            argv, env, marks = cases[name]

            def run() -> float:
                if name == COLD:
                    cold_caches.mkdir(exist_ok=True)
                    fresh = tempfile.mkdtemp(dir=cold_caches)
                    env_now = {**env, "XDG_CACHE_HOME": fresh}
                else:
                    env_now = env
                launch = term.launch(argv, env_now, marks)
                memory.setdefault(name, procs.Samples()).values.append(launch.maxrss_bytes / MIB)
                return launch.first_frame_ms

            return run

        frames = procs.interleave(
            {name: timer(name) for name in cases}, ctx.counts.launches, warmup=1
        )
    # Warm-up launches also fed the memory samples: peak memory does not depend
    # on caches the way time does, but keep the same runs as the timings.
    for samples in memory.values():
        del samples.values[: len(samples.values) - ctx.counts.launches]

    base, big = frames["minimal"], ctx.biggest
    label = f"{big.items:,} items + {round(big.items * 0.6):,} log entries"

    rows = [
        Row.of(
            "tracker: launch → first frame showing the steps (tmux 80x24)",
            frames["default"],
            base,
            RATIO,
            FIRST_FRAME_TARGET,
        ),
        Row.of(
            "tracker first frame, first start: empty cache folder (info)",
            frames[COLD],
            base,
            INFO,
        ),
        Row.of(
            f"tracker first frame at {label}",
            frames[str(big.items)],
            base,
            RATIO,
            FIRST_FRAME_BIG_TARGET,
        ),
    ]
    mem_rows = [
        Row(
            "tracker peak memory (RSS)",
            memory["default"].median,
            unit="MiB",
            baseline=memory["minimal"].median,
            kind=RATIO,
            target=MEMORY_TARGET,
            runs=len(memory["default"].values),
        ),
        Row(
            f"tracker peak memory at {label} (info)",
            memory[str(big.items)].median,
            unit="MiB",
            baseline=memory["minimal"].median,
            kind=INFO,
            runs=len(memory[str(big.items)].values),
        ),
    ]
    growth = {"tracker first frame": {s: frames[str(s)] for s in ctx.sizes}}
    return rows + mem_rows, growth
