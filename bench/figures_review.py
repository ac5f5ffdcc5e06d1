"""Spaced review for a two-year learner: `status` and `review --list` against `python -c pass`.

The learner is on the built-in path with 54 items done over two years and
2,000 review ratings in that time (random days, items and ratings, seeded),
plus a study log. Both commands read the review cards from the status
cache (``services/duecards.py``), so while the files are unchanged neither
imports fsrs nor replays a rating; the cache-miss rows (info) show what a
change costs: the files read, 2,000 ratings replayed through fsrs.

Targets: ``status`` keeps its own (≤ 2×); ``review --list`` is an everyday
command (≤ 6×).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path

import procs
from context import Context
from figures_status import drop_cache
from fixtures import BENCH_DEVICE, HOURS_PER_WEEK, Scenario, progress_for, write_progress
from pathtui.model.progress import Progress
from pathtui.model.review import RATINGS
from pathtui.storage.pathfile import load_path
from report import INFO, MS, RATIO, Row

STATUS_TARGET = 2.0
LIST_TARGET = 6.0
ITEMS_DONE = 54
RATINGS_GIVEN = 2000
YEARS_DAYS = 730
#: How often each rating is given: mostly good, as a learner who keeps up.
RATING_WEIGHTS = (1, 2, 6, 1)
LOG_ENTRIES = 300
SEED = 19
LEARNER = f"a 2-year learner ({ITEMS_DONE} items done, {RATINGS_GIVEN:,} review ratings)"

FIGURES = {
    f"`pathtui status`, {LEARNER}": "status",
    f"`pathtui review --list`, {LEARNER}": "review --list",
    f"`pathtui review --list --json`, {LEARNER}": "review --list --json",
}


def reviewer_progress(item_ids: list[str], now: dt.datetime) -> Progress:
    """54 items done over two years, then 2,000 ratings of them, and a study log."""
    rng = random.Random(SEED)
    start = now - dt.timedelta(days=YEARS_DAYS)
    progress = Progress.new("backend", HOURS_PER_WEEK, now=start)
    progress.device = BENCH_DEVICE
    done = item_ids[:ITEMS_DONE]
    for i, item in enumerate(done):
        progress.set_state(
            item, "done", start + dt.timedelta(days=i * YEARS_DAYS // 2 // ITEMS_DONE)
        )
    span = int((now - start).total_seconds() // 60)
    times = sorted(
        start + dt.timedelta(minutes=rng.randrange(span // 2, span)) for _ in range(RATINGS_GIVEN)
    )
    for when in times:
        word = rng.choices(RATINGS, RATING_WEIGHTS)[0]
        progress.put(
            "ratings",
            f"{rng.getrandbits(48):012x}",
            {"item": rng.choice(done), "rating": word, "given": when},
            when,
            force=True,
        )
    log = progress_for("backend", item_ids, LOG_ENTRIES)
    progress.tables["log"] = log.tables["log"]
    progress.last = max(progress.last, log.last)
    return progress


def make_reviewer(root: Path) -> Scenario:
    data = root / "data-reviewer"
    ids = [item.id for item in load_path(None).items]
    scenario = Scenario("reviewer", None, "backend", data, len(ids))
    write_progress(scenario.progress_file, reviewer_progress(ids, dt.datetime.now(dt.UTC)))
    return scenario


def _timer(argv: list[str], env: dict[str, str], before: Callable[[], None] | None = None):
    def run() -> float:
        if before is not None:
            before()
        return procs.run_once(argv, env).seconds * MS

    return run


def check_outputs(exe: list[str], env: dict[str, str]) -> None:
    """What is timed is the right answer: every card listed, the status line counts them."""
    cards = json.loads(procs.capture([*exe, "review", "--list", "--json"], env))
    assert len(cards) == ITEMS_DONE, len(cards)
    assert sum(c["reviews"] for c in cards) == RATINGS_GIVEN
    due = sum(1 for c in cards if c["is_due"])
    line = procs.capture([*exe, "status"], env)
    assert (f" · {due} to review" in line) == (due > 0), line
    data = json.loads(procs.capture([*exe, "status", "--json"], env))
    assert data["reviews_due"] == due and data["items_done"] >= ITEMS_DONE - 4, data


def measure(ctx: Context) -> list[Row]:
    scenario = make_reviewer(ctx.root)
    env = ctx.env(scenario)
    exe = [procs.console_script()]
    check_outputs(exe, env)
    py = procs.interpreter()
    warm = {
        "python -c pass": _timer([py, "-c", "pass"], env),
        "status": _timer([*exe, "status"], env),
        "review --list": _timer([*exe, "review", "--list"], env),
        "review --list --json": _timer([*exe, "review", "--list", "--json"], env),
    }
    fast = procs.interleave(warm, ctx.counts.fast, ctx.counts.warmup)
    cold = {
        "python -c pass": _timer([py, "-c", "pass"], env),
        "review --list": _timer([*exe, "review", "--list"], env, drop_cache(scenario, env)),
        "status": _timer([*exe, "status"], env, drop_cache(scenario, env)),
    }
    slow = procs.interleave(cold, ctx.counts.slow, warmup=1)

    base, slow_base = fast["python -c pass"], slow["python -c pass"]
    targets = {"status": STATUS_TARGET, "review --list": LIST_TARGET}
    rows = [
        Row.of(label, fast[key], base, RATIO, targets.get(key, LIST_TARGET))
        for label, key in FIGURES.items()
    ]
    rows += [
        Row.of(
            f"`pathtui review --list`, cache miss, {LEARNER} (info)",
            slow["review --list"],
            slow_base,
            INFO,
        ),
        Row.of(f"`pathtui status`, cache miss, {LEARNER} (info)", slow["status"], slow_base, INFO),
    ]
    return rows
