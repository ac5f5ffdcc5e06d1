"""Every command that changes progress, and ``list``, against ``python -c pass``.

Each figure is one run of the installed ``pathtui`` console script on the
built-in path with a mid-progress progress file (its own copy, so the status
and tick figures keep theirs). A command that changes progress must really
change it on every run, or the figure would time a no-op: before each run
(outside the clock) the bench puts the item back in a state the command will
move it out of, and ``note`` / ``config`` alternate between two values.
``log`` adds an entry per run, as a learner does.

Target: median ≤ 6× ``python -c pass`` measured in the same interleaved run,
and ≤ 100 ms.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable

import procs
from context import Context
from fixtures import Scenario, make_default
from pathtui.services.session import Session
from pathtui.storage.store import Store
from report import MS, RATIO, Row

#: Target for every command: median ≤ this × the median of ``python -c pass``.
COMMAND_TARGET = 6.0
#: And an absolute ceiling on this machine class.
COMMAND_CEILING_MS = 100.0

#: (figure label, command words before the item id, state to put the item in first).
MARKS = (
    ("done", "done", "todo"),
    ("learning", "learning", "todo"),
    ("skip", "skip", "todo"),
    ("todo", "todo", "done"),
)


#: Every row this group adds to the table: figure label → case name below.
FIGURES = {
    **{f"`pathtui {label} ID`": label for label, _, _ in MARKS},
    "`pathtui note ID TEXT`": "note",
    "`pathtui log 15m`": "log",
    "`pathtui config hours-per-week N`": "config hours-per-week",
    "`pathtui config` (show your settings)": "config",
    "`pathtui list`": "list",
}


def _open(scenario: Scenario) -> Session:
    return Session.open(
        scenario.path_file, store=Store(scenario.path_id, file=scenario.progress_file)
    )


def _set_state(scenario: Scenario, item: str, state: str) -> Callable[[], None]:
    def before() -> None:
        session = _open(scenario)
        if session.progress.set_state(item, state):
            session.save()

    return before


def _timer(
    argv: Callable[[], list[str]], env: dict[str, str], before: Callable[[], None] | None = None
) -> Callable[[], float]:
    def run() -> float:
        if before is not None:
            before()
        return procs.run_once(argv(), env).seconds * MS

    return run


def _fixed(argv: list[str]) -> Callable[[], list[str]]:
    return lambda: argv


def _alternating(*argvs: list[str]) -> Callable[[], list[str]]:
    cycle = itertools.cycle(argvs)
    return lambda: next(cycle)


def check_outputs(scenario: Scenario, env: dict[str, str], item: str) -> None:
    """The commands do what we time: a mark lands in the file the status line reads."""
    exe = [procs.console_script(), *scenario.cli_args()]
    _set_state(scenario, item, "todo")()
    out = procs.capture([*exe, "done", item], env)
    assert out.startswith(f"done: {item}"), out
    data = json.loads(procs.capture([*exe, "status", "--json"], env))
    assert data["items_done"] >= 1, data
    listing = procs.capture([*exe, "list"], env)
    assert item in listing and "[x] done" in listing, listing


def measure(ctx: Context) -> list[Row]:
    scenario = make_default(ctx.root / "commands")
    env = ctx.env(scenario)
    ids = [item.id for item in _open(scenario).path.items]
    # Items past the mid-progress learner's ticks, one per command.
    free = ids[len(ids) // 2 :]
    check_outputs(scenario, env, free[0])
    exe = [procs.console_script(), *scenario.cli_args()]
    py = procs.interpreter()
    cases: dict[str, Callable[[], float]] = {
        "python -c pass": _timer(_fixed([py, "-c", "pass"]), env)
    }
    for (label, verb, first), item in zip(MARKS, free, strict=False):
        cases[label] = _timer(_fixed([*exe, verb, item]), env, _set_state(scenario, item, first))
    note_item = free[len(MARKS)]
    cases["note"] = _timer(
        _alternating([*exe, "note", note_item, "page 12"], [*exe, "note", note_item, "page 13"]),
        env,
    )
    # 15 minutes a run: a full run's 44 entries stay within the 24 hours a day holds.
    cases["log"] = _timer(_fixed([*exe, "log", "15m"]), env)
    cases["config hours-per-week"] = _timer(
        _alternating(
            [*exe, "config", "hours-per-week", "9"], [*exe, "config", "hours-per-week", "10"]
        ),
        env,
    )
    cases["config"] = _timer(_fixed([*exe, "config"]), env)
    cases["list"] = _timer(_fixed([*exe, "list"]), env)
    samples = procs.interleave(cases, ctx.counts.fast, ctx.counts.warmup)
    base = samples["python -c pass"]

    return [
        Row(
            figure,
            samples[key].median,
            baseline=base.median,
            kind=RATIO,
            target=COMMAND_TARGET,
            runs=len(samples[key].values),
            spread=samples[key].spread,
            ceiling=COMMAND_CEILING_MS,
        )
        for figure, key in FIGURES.items()
    ]
