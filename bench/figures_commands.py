"""The everyday commands against ``python -c pass``: every command that
changes progress, and the ones a learner runs to look (``list``, ``show``,
``jobs``, ``project list``, ``path list``, ``log --list``, ``restore``).

Each figure is one run of the installed ``pathtui`` console script on the
built-in path with a mid-progress progress file (its own copy, so the status
and tick figures keep theirs). The commands that only read have a data folder
of their own (``READS``): the same learner with job applications, projects,
a second path in the library and backups, filled in by ``fill_reads``.

A command that changes progress must really change it on every run, or the
figure would time a no-op: before each run (outside the clock) the bench puts
the item back in a state the command will move it out of, and ``note`` /
``config`` alternate between two values. ``log`` adds an entry per run, as a
learner does.

Target: median ≤ 6× ``python -c pass`` measured in the same interleaved run,
and ≤ 100 ms.

To add an everyday command that only reads: add a line to ``READS`` (the
figure's label, the words after ``pathtui``, a piece of text its output must
hold) and, if it reads something the learner does not have yet, a command to
``fill_reads`` that adds it.
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


#: An item of the built-in path the reading commands show.
SHOWN_ITEM = "basics-loops"
#: Backups the reading learner has (``restore`` reads and summarises each).
BACKUPS = 10
#: Everyday commands that only read: (figure label, words after ``pathtui``,
#: text the output must hold). Each gets a row, timed on the learner ``fill_reads`` makes.
READS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("`pathtui show ID`", ("show", SHOWN_ITEM), "Write loops"),
    ("`pathtui show ID --json`", ("show", SHOWN_ITEM, "--json"), '"state"'),
    ("`pathtui jobs`", ("jobs",), "Globex"),
    ("`pathtui jobs --json`", ("jobs", "--json"), '"stage"'),
    ("`pathtui project list`", ("project", "list"), "Notes API"),
    ("`pathtui path list`", ("path", "list"), "bench-50"),
    ("`pathtui log --list`", ("log", "--list"), "Total"),
    (f"`pathtui restore` (the list, {BACKUPS} backups)", ("restore",), "Backups of"),
)

#: Every row this group adds to the table: figure label → case name below.
FIGURES = {
    **{f"`pathtui {label} ID`": label for label, _, _ in MARKS},
    "`pathtui note ID TEXT`": "note",
    "`pathtui log 15m`": "log",
    "`pathtui config hours-per-week N`": "config hours-per-week",
    "`pathtui config` (show your settings)": "config",
    "`pathtui list`": "list",
    **{label: " ".join(words) for label, words, _ in READS},
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
    assert f"{item}\tdone\t" in listing, listing  # piped: id, state, hours, title


def fill_reads(ctx: Context, scenario: Scenario, env: dict[str, str]) -> None:
    """Give the reading learner what the ``READS`` commands show, as a learner would:
    applications, projects, a second path in the library, backups."""
    exe = [procs.console_script(), *scenario.cli_args()]
    steps = (
        ["apply", "Acme", "Backend developer", "--board", "HN", "--date", "2024-03-01"],
        ["apply", "Globex", "Junior Python developer", "--note", "referral"],
        ["apply", "Initech", "Backend engineer", "--url", "https://initech.example/jobs/7"],
        ["project", "add", "Notes API", "--repo", str(ctx.root), "--url", "https://example.org"],
        ["project", "add", "Link shortener", "--url", "https://example.com"],
        ["path", "add", str(ctx.scenarios["50"].path_file)],
        ["export", "--format", "json", "-o", str(scenario.data_dir.parent / "copy.json")],
    )
    for words in steps:
        procs.capture([*exe, *words], env)
    # Each restore first backs up what it replaces: BACKUPS backups.
    for _ in range(BACKUPS):
        procs.capture([*exe, "restore", str(scenario.data_dir.parent / "copy.json"), "--yes"], env)


def measure(ctx: Context) -> list[Row]:
    reading = make_default(ctx.root / "reads")
    reads_env = ctx.env(reading)
    fill_reads(ctx, reading, reads_env)
    reads_exe = [procs.console_script(), *reading.cli_args()]
    for label, words, expect in READS:
        out = procs.capture([*reads_exe, *words], reads_env)
        assert expect in out, (label, out[-500:])
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
    for _, words, _ in READS:
        cases[" ".join(words)] = _timer(_fixed([*reads_exe, *words]), reads_env)
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
