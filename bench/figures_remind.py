"""``pathtui remind`` for a two-year learner against ``python -c pass``.

The learner is the spaced-review bench's (54 items done over two years,
2,000 review ratings, a study log) with one job application waiting for a
reply for 30 days, so every run has nudges to print. The warm figure is a
shell's startup file opening the second terminal of the day: the status
cache holds the summary and today's nudges (``services/reminders.py``). The
information rows show the slower paths: the first call of a day (the nudges
worked out again from the cached summary), a cache miss (the files read,
the ratings replayed), and ``--notify`` where no session bus is running
(it prints instead).

Target: ``remind`` ≤ 2× ``python -c pass``, as ``status``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import procs
from context import Context
from figures_review import reviewer_progress
from figures_status import drop_cache, forget_today
from fixtures import Scenario, write_progress
from pathtui.model.applications import add_application, applications_table
from pathtui.storage.pathfile import load_path
from report import INFO, MS, RATIO, Row

REMIND_TARGET = 2.0
FOLLOW_UP_WAITED_DAYS = 30
LEARNER = "a 2-year learner (54 items done, 2,000 review ratings, a follow-up due)"

FIGURES = {
    f"`pathtui remind`, {LEARNER}": "remind",
    f"`pathtui remind --json`, {LEARNER} (info)": "remind --json",
}


def make_reminded(root: Path) -> Scenario:
    data = root / "data-remind"
    ids = [item.id for item in load_path(None).items]
    scenario = Scenario("remind", None, "backend", data, len(ids))
    now = dt.datetime.now(dt.UTC)
    progress = reviewer_progress(ids, now)
    today = dt.date.today()
    add_application(
        applications_table(progress),
        "Acme",
        "Backend developer",
        today,
        applied=today - dt.timedelta(days=FOLLOW_UP_WAITED_DAYS),
    )
    write_progress(scenario.progress_file, progress)
    return scenario


def _timer(argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None):
    def run() -> float:
        if before is not None:
            before()
        return procs.run_once(argv, env).seconds * MS

    return run


def check_outputs(exe: list[str], env: dict[str, str]) -> None:
    """What is timed is the right answer: the follow-up is among the nudges, and
    the plain lines are the JSON's texts."""
    nudges = json.loads(procs.capture([*exe, "remind", "--json"], env))
    assert "follow-up" in [n["kind"] for n in nudges], nudges
    lines = procs.capture([*exe, "remind"], env).splitlines()
    assert lines == [n["text"] for n in nudges], lines


def measure(ctx: Context) -> list[Row]:
    scenario = make_reminded(ctx.root)
    env = ctx.env(scenario)
    no_bus = ctx.env(scenario, DBUS_SESSION_BUS_ADDRESS="", XDG_RUNTIME_DIR=str(ctx.root))
    exe = [procs.console_script()]
    check_outputs(exe, env)
    py = procs.interpreter()
    warm = {
        "python -c pass": _timer([py, "-c", "pass"], env),
        "remind": _timer([*exe, "remind"], env),
        "remind --json": _timer([*exe, "remind", "--json"], env),
    }
    fast = procs.interleave(warm, ctx.counts.fast, ctx.counts.warmup)
    cold = {
        "python -c pass": _timer([py, "-c", "pass"], env),
        "day": _timer([*exe, "remind"], env, forget_today(scenario, env)),
        "miss": _timer([*exe, "remind"], env, drop_cache(scenario, env)),
        "notify": _timer([*exe, "remind", "--notify"], no_bus),
    }
    slow = procs.interleave(cold, ctx.counts.slow, warmup=1)

    base, slow_base = fast["python -c pass"], slow["python -c pass"]
    rows = [
        Row.of(f"`pathtui remind`, {LEARNER}", fast["remind"], base, RATIO, REMIND_TARGET),
        Row.of(f"`pathtui remind --json`, {LEARNER} (info)", fast["remind --json"], base, INFO),
        Row.of(
            f"`pathtui remind`, first call of a day, {LEARNER} (info)", slow["day"], slow_base, INFO
        ),
        Row.of(f"`pathtui remind`, cache miss, {LEARNER} (info)", slow["miss"], slow_base, INFO),
        Row.of(
            f"`pathtui remind --notify`, no session bus, {LEARNER} (info)",
            slow["notify"],
            slow_base,
            INFO,
        ),
    ]
    return rows
