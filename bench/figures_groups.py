"""Study groups at scale: ``pathtui group`` and ``pathtui group sync`` with 5 to 500 members.

Each group is a local bare repository the bench fills (``groupfixtures.py``);
the measured learner is the default scenario's mid-progress learner.

- ``pathtui group`` after a sync, nothing changed since: the everyday look.
  Target: median ≤ 8× ``python -c pass`` measured in the same interleaved run.
- ``pathtui group`` after the learner's progress changed (a tick since the
  last look, so no answer is cached): reported against the same target.
- ``pathtui group sync``: before each run, outside the clock, another member
  publishes a new summary and the learner ticks an item, so every round
  fetches a change and pushes one. Target: median ≤ 3 s.

All three at 5, 50, 150 and 500 members, interleaved in one run: the growth
table fits ``median = a + b·n^k`` and must show no worse than linear growth,
in wall time and in CPU time (the program's and its git's), which a shared
machine disturbs far less.
"""

from __future__ import annotations

from collections.abc import Callable

import procs
from context import Context
from groupfixtures import Group, make_group
from growth import Growth
from report import ABSOLUTE, MS, RATIO, Row

#: ``pathtui group`` at 500 members: median ≤ this × ``python -c pass``.
GROUP_TARGET = 8.0
#: ``pathtui group sync`` at 500 members: median ≤ this many ms.
SYNC_TARGET_MS = 3000.0
#: The size the figures are for (the growth table has every size).
BIGGEST = 500
FIGURES = {
    f"`pathtui group`, {BIGGEST} members, after a sync": "look",
    f"`pathtui group`, {BIGGEST} members, progress changed since": "look-changed",
    f"`pathtui group sync`, {BIGGEST} members, local bare repository": "sync",
}
GROWTH = {
    "group (after a sync)": "look",
    "group (progress changed)": "look-changed",
    "group sync": "sync",
}
KEYS = tuple(GROWTH.values())


def _toggled_item() -> str:
    """An item the mid-progress learner has not done (the built-in path's last)."""
    from pathtui.storage.pathfile import load_path

    return load_path(None).items[-1].id


def _toggle(group: Group) -> Callable[[], None]:
    """Change the learner's progress (outside the clock): done, then todo, ..."""
    exe = procs.console_script()
    item = _toggled_item()
    state = {"done": False}

    def before() -> None:
        state["done"] = not state["done"]
        procs.capture([exe, "done" if state["done"] else "todo", item], group.env())

    return before


def _timer(
    argv: list[str],
    env: dict[str, str],
    before: Callable[[], None] | None = None,
    cpu: procs.Samples | None = None,
) -> Callable[[], float]:
    """Wall time of one run (ms); its CPU time (git's included) goes to ``cpu``."""

    def run() -> float:
        if before is not None:
            before()
        done = procs.run_once(argv, env)
        if cpu is not None:
            cpu.values.append(done.cpu_seconds * MS)
        return done.seconds * MS

    return run


def check_outputs(group: Group) -> None:
    """The commands do what we time: the table lists every member, a sync fetches."""
    exe = procs.console_script()
    out = procs.capture([exe, "group"], group.env())
    assert out.count("\n") >= group.size + 1, out[-500:]
    group.touch_other()
    line = procs.capture([exe, "group", "sync"], group.env())
    assert f"{group.size} members" in line and "updated" in line, line


def measure(ctx: Context) -> tuple[list[Row], list[Growth]]:
    exe = procs.console_script()
    py = procs.interpreter()
    sizes = ctx.group_sizes
    assert max(sizes) == BIGGEST, sizes
    groups = {size: make_group(ctx.root / "groups", size, ctx.home) for size in sizes}
    check_outputs(groups[BIGGEST])
    # Every size in one interleaved run, so a slow moment of a shared machine
    # lands on all of them alike rather than on one size's figures.
    baseline = _timer([py, "-c", "pass"], groups[BIGGEST].env())
    looks: dict[str, Callable[[], float]] = {"python -c pass": baseline}
    syncs: dict[str, Callable[[], float]] = {}
    #: CPU time of each case (the program and the git it runs): a shared machine
    #: stretches wall time far more than CPU time, so growth shows in it clearer.
    cpu = {f"{key} {size}": procs.Samples() for key in KEYS for size in sizes}
    for size, group in groups.items():
        env = group.env()
        procs.capture([exe, "group", "sync"], env)  # the clone and the answer are warm
        looks[f"look {size}"] = _timer([exe, "group"], env, cpu=cpu[f"look {size}"])
        looks[f"look-changed {size}"] = _timer(
            [exe, "group"], env, _toggle(group), cpu[f"look-changed {size}"]
        )
        touch = _toggle(group)

        def before(group: Group = group, touch: Callable[[], None] = touch) -> None:
            group.touch_other()
            touch()

        syncs[f"sync {size}"] = _timer([exe, "group", "sync"], env, before, cpu[f"sync {size}"])
    measured = {
        **procs.interleave(looks, ctx.counts.fast, ctx.counts.warmup),
        **procs.interleave(syncs, ctx.counts.slow, min(ctx.counts.warmup, 1)),
    }
    samples = {size: {key: measured[f"{key} {size}"] for key in KEYS} for size in sizes}
    base = measured["python -c pass"]
    big = samples[BIGGEST]
    rows = []
    for figure, key in FIGURES.items():
        s = big[key]
        if key == "sync":
            rows.append(
                Row(
                    figure,
                    s.median,
                    kind=ABSOLUTE,
                    target=SYNC_TARGET_MS,
                    runs=len(s.values),
                    spread=s.spread,
                )
            )
        else:
            rows.append(
                Row(
                    figure,
                    s.median,
                    baseline=base.median,
                    kind=RATIO,
                    target=GROUP_TARGET,
                    runs=len(s.values),
                    spread=s.spread,
                )
            )
    growths = [
        Growth(measure, {size: samples[size][key] for size in sizes}, unit="member")
        for measure, key in GROWTH.items()
    ]
    growths += [
        Growth(f"{measure}, CPU time", {size: cpu[f"{key} {size}"] for size in sizes}, "member")
        for measure, key in GROWTH.items()
    ]
    return rows, growths
