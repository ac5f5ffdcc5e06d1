"""Cost at every size: ``done``, ``status`` after a change and ``sync``, from 85 to 20,000 records.

A record is an item's state, a study-log entry or a job application. Two
shapes of the same count:

- *path-heavy*: a generated path of N / 1.7 items, each with a state, and a
  log of the rest (the shape of the bench's other scale fixtures);
- *history-heavy*: the built-in path and a log of N - 58 entries: a learner
  years in, whose records are mostly history.

Each size and shape gets its own copy of the data and cache folders. Local
figures, interleaved with ``python -c pass``:

- ``done ID``: the item is put back with ``todo`` (outside the clock, by the
  same build) before each run, so every run really changes it;
- ``status`` right after a change: another item is ticked or unticked by the
  same build (outside the clock), then ``status`` is timed.

Sync figures use a local bare remote and two devices, A and B:

- *nothing to do*: A syncs again. Its baseline is the **git floor**: a minimal
  Python program that starts, imports ``subprocess`` and runs the very git
  commands of that round (captured with ``GIT_TRACE2_EVENT``) the way pathtui
  runs them, timed in the same interleaved run; the same commands run from
  ``sh`` are shown for information. Python's start and a process spawn per
  command are a large part of git's own time against a local remote, so the
  target is held against the program that must pay them too;
- *send*: A ticks an item (outside the clock), then syncs;
- *merge*: B catches up, ticks another item and sends (outside the clock),
  A ticks a third, then A syncs: both sides changed.

``--against EXE`` times another build's ``pathtui`` in the same interleaved
runs (the before/after tables of docs/performance.md).
"""

from __future__ import annotations

import json
import math
import shlex
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import fixtures
import procs
from context import Context
from pathtui.storage.pathfile import load_path
from report import ABSOLUTE, INFO, MS, RATIO, REPORT, Row

#: Record counts measured; the targets sit at 2,000, 8,500 and 20,000.
SIZES = (85, 850, 2000, 8500, 20000)
#: Items per record in the path-heavy shape (5,000 items and 3,500 log entries at 8,500).
ITEMS_PER_RECORD = 1 / 1.7
SHAPES = ("path-heavy", "history-heavy")
#: The targets (issue 26).
LEARNER_SIZE = 2000
DONE_TARGET = 6.0  # × python -c pass, at LEARNER_SIZE
STATUS_TARGET = 3.0  # × python -c pass, at LEARNER_SIZE
BIG_SIZE = 20000
BIG_CEILING_MS = 150.0  # done and status after a change, at BIG_SIZE
SYNC_SIZE = 8500
SYNC_CEILING_MS = 1000.0  # send or merge at SYNC_SIZE
IDLE_TARGET = 1.5  # × the git floor, at every size
#: The exponent fit tries k from 0 to EXPONENT_MAX in EXPONENT_STEPS steps.
EXPONENT_MAX = 3.0
EXPONENT_STEPS = 300
#: A growing part below this share of the largest size's cost reads as flat.
FLAT_SHARE = 0.05
#: What the growth table follows, per shape.
GROWTH = ("done", "status", "sync idle", "sync send", "sync merge")
BASELINE = "python -c pass"
#: Smoke runs (the test suite) measure only the smaller sizes.
SMOKE_SIZES = (85, 850)


@dataclass(frozen=True)
class Build:
    """One installed pathtui to time: its console script and a label ('' for this one)."""

    label: str
    exe: str

    def tag(self, name: str) -> str:
        return f"{self.label}: {name}" if self.label else name


@dataclass(frozen=True)
class Fixture:
    size: int
    shape: str
    path_file: Path | None
    path_id: str
    data: Path
    ids: list[str]

    def argv(self, build: Build, *args: str) -> list[str]:
        where = ["--path", str(self.path_file)] if self.path_file else []
        return [build.exe, *where, *args]


def make_fixture(root: Path, size: int, shape: str) -> Fixture:
    """A progress file of ``size`` records in ``shape``, written by pathtui's own dumps."""
    if shape == "path-heavy":
        items = max(1, round(size * ITEMS_PER_RECORD))
        path_file: Path | None = root / f"path-{size}.toml"
        text = fixtures.path_toml(items).replace(
            f'id = "{fixtures.path_id_for(items)}"', f'id = "scale-{size}"', 1
        )
        path_file.write_text(text, encoding="utf-8")
    else:
        path_file = None
    path = load_path(path_file)
    ids = [item.id for item in path.items]
    data = root / f"data-{shape}-{size}"
    progress = fixtures.progress_for(path.id, ids, max(0, size - len(ids)))
    fixtures.write_progress(data / f"{path.id}.toml", progress)
    return Fixture(size, shape, path_file, path.id, data, ids)


#: A collection newer than some builds ``--against`` may time (spaced review's
#: ratings): the fixtures hold none of it, so its empty section is left out
#: of their copies (an older build refuses a section it does not know).
NEWER_SECTIONS = ("\n\n[ratings]\n\n",)


def copy_progress(build: Build, source: Path, target: Path) -> None:
    """A fixture's progress file, as this build reads it."""
    text = source.read_text(encoding="utf-8")
    if build.label:
        for section in NEWER_SECTIONS:
            text = text.replace(section, "\n\n")
    target.write_text(text, encoding="utf-8")


def _env(root: Path, data: Path, name: str) -> dict[str, str]:
    home = root / f"home-{name}"
    home.mkdir(parents=True, exist_ok=True)
    return procs.isolated_env(data, home, XDG_STATE_HOME=str(home / ".local" / "state"))


def quiet(argv: list[str], env: dict[str, str]) -> None:
    """Run a step outside the clock; it must succeed."""
    done = subprocess.run(argv, env=env, capture_output=True, timeout=900, check=False)
    if done.returncode:
        raise procs.RunFailed(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-800:]!r}")


class Timed:
    """Wall and CPU time (the child's, git's children included) of each timed run."""

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = {}

    def run(self, name: str, argv: list[str], env: dict[str, str]) -> float:
        done = procs.run_once(argv, env)
        self.cpu.setdefault(name, []).append(done.cpu_seconds * MS)
        return done.seconds * MS


def local_cases(
    root: Path, fix: Fixture, build: Build, timed: Timed
) -> dict[str, Callable[[], float]]:
    """``done`` and ``status`` after a change, on this build's own copy of the fixture."""
    data = root / f"local-{build.label or 'this'}-{fix.shape}-{fix.size}"
    data.mkdir(parents=True)
    name = f"{fix.path_id}.toml"
    copy_progress(build, fix.data / name, data / name)
    env = _env(root, data, f"local-{build.label or 'this'}-{fix.shape}-{fix.size}")
    item, other = fix.ids[-5], fix.ids[-6]
    quiet(fix.argv(build, "status"), env)  # the path cache and the status cache, as in use
    flip = {"next": "done"}  # ticked, then unticked, then ticked...
    done_name = build.tag(f"done {fix.shape} {fix.size}")
    status_name = build.tag(f"status {fix.shape} {fix.size}")

    def done() -> float:
        quiet(fix.argv(build, "todo", item), env)
        return timed.run(done_name, fix.argv(build, "done", item), env)

    def status() -> float:
        verb = flip["next"]
        flip["next"] = "todo" if verb == "done" else "done"
        quiet(fix.argv(build, verb, other), env)  # the change, as a learner makes it
        return timed.run(status_name, fix.argv(build, "status"), env)

    return {done_name: done, status_name: status}


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def _round_commands(
    fix: Fixture, build: Build, env: dict[str, str], trace: Path
) -> list[list[str]]:
    """The git commands pathtui itself runs in one round (not the ones git starts)."""
    trace.unlink(missing_ok=True)
    quiet(fix.argv(build, "sync"), {**env, "GIT_TRACE2_EVENT": str(trace)})
    commands = []
    for line in trace.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        # A child git started by git has its parent's id before a "/" in its sid.
        if event.get("event") == "start" and "/" not in event.get("sid", "/"):
            commands.append(event["argv"])
    trace.unlink()
    return commands


def _git_env(env: dict[str, str]) -> dict[str, str]:
    """What pathtui's git calls run with that matters here: never prompt."""
    return {**env, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANGUAGE": "C"}


FLOOR_PROGRAM = """\
import subprocess
for argv in {commands!r}:
    subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL)
"""


def floor_programs(folder: Path, commands: list[list[str]]) -> tuple[Path, Path]:
    """The git floor as a minimal Python program, and the same commands as a shell script."""
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "floor.py"
    program.write_text(FLOOR_PROGRAM.format(commands=commands), encoding="utf-8")
    script = folder / "floor.sh"
    script.write_text(
        "".join(f"{shlex.join(argv)} </dev/null >/dev/null 2>&1\n" for argv in commands),
        encoding="utf-8",
    )
    return program, script


def sync_cases(
    root: Path, fix: Fixture, build: Build, timed: Timed
) -> tuple[dict[str, Callable[[], float]], int]:
    """Nothing to do, its git floor, send and merge, each on its own remote and devices."""
    base = root / f"sync-{build.label or 'this'}-{fix.shape}-{fix.size}"

    def devices(kind: str) -> tuple[dict[str, str], dict[str, str]]:
        folder = base / kind
        remote = folder / "remote.git"
        _git("init", "--quiet", "--bare", "-b", "main", str(remote))
        a, b = folder / "a", folder / "b"
        a.mkdir(parents=True)
        b.mkdir(parents=True)
        name = f"{fix.path_id}.toml"
        copy_progress(build, fix.data / name, a / name)
        env_a, env_b = _env(folder, a, "a"), _env(folder, b, "b")
        quiet(fix.argv(build, "sync", "init", str(remote)), env_a)
        quiet(fix.argv(build, "sync", "init", str(remote)), env_b)
        return env_a, env_b

    idle_a, _ = devices("idle")
    send_a, _ = devices("send")
    merge_a, merge_b = devices("merge")
    quiet(fix.argv(build, "sync"), idle_a)
    commands = _round_commands(fix, build, idle_a, base / "trace.json")
    program, script = floor_programs(base, commands)
    py = procs.interpreter()
    genv = _git_env(idle_a)
    turn = {"send": 0, "merge": 0}
    names = {k: build.tag(f"sync {k} {fix.shape} {fix.size}") for k in ("idle", "send", "merge")}
    floor, shell = (
        build.tag(f"git floor {fix.shape} {fix.size}"),
        build.tag(f"git from sh {fix.shape} {fix.size}"),
    )

    def idle() -> float:
        return timed.run(names["idle"], fix.argv(build, "sync"), idle_a)

    def send() -> float:
        turn["send"] += 1
        verb = "done" if turn["send"] % 2 else "todo"
        quiet(fix.argv(build, verb, fix.ids[-1]), send_a)
        return timed.run(names["send"], fix.argv(build, "sync"), send_a)

    def merge() -> float:
        turn["merge"] += 1
        verb = "done" if turn["merge"] % 2 else "todo"
        quiet(fix.argv(build, "sync"), merge_b)  # B catches up
        quiet(fix.argv(build, verb, fix.ids[-2]), merge_b)
        quiet(fix.argv(build, "sync"), merge_b)  # B sends
        quiet(fix.argv(build, verb, fix.ids[-3]), merge_a)
        return timed.run(names["merge"], fix.argv(build, "sync"), merge_a)  # both changed

    cases = {
        names["idle"]: idle,
        floor: lambda: timed.run(floor, [py, str(program)], genv),
        shell: lambda: timed.run(shell, ["/bin/sh", str(script)], genv),
        names["send"]: send,
        names["merge"]: merge,
    }
    return cases, len(commands)


# --------------------------------------------------------------------------- growth


def fitted_exponent(medians: dict[int, float]) -> float:
    """k in t = a + b·n^k (a, b ≥ 0), least squares over the medians: how cost grows.

    A part that grows but stays under a twentieth of the cost at the largest
    size is noise on a constant: that reads as 0 (flat).
    """
    sizes = sorted(medians)
    ts = [medians[n] for n in sizes]
    mean_t = sum(ts) / len(ts)
    best_err, best_k, best_share = math.inf, 0.0, 0.0
    for step in range(EXPONENT_STEPS + 1):
        k = EXPONENT_MAX * step / EXPONENT_STEPS
        xs = [float(n) ** k for n in sizes]
        mean_x = sum(xs) / len(xs)
        var = sum((x - mean_x) ** 2 for x in xs)
        cov = sum((x - mean_x) * (t - mean_t) for x, t in zip(xs, ts, strict=True))
        b = max(0.0, cov / var) if var else 0.0
        a = max(0.0, mean_t - b * mean_x)
        err = sum((a + b * x - t) ** 2 for x, t in zip(xs, ts, strict=True))
        if err < best_err - 1e-12:
            best_err, best_k, best_share = err, k, b * xs[-1] / ts[-1] if ts[-1] else 0.0
    return best_k if best_share >= FLAT_SHARE else 0.0


# --------------------------------------------------------------------------- the group


def measure(
    ctx: Context, against: str | None = None, sizes: tuple[int, ...] | None = None
) -> tuple[list[Row], dict[str, dict[int, procs.Samples]], dict[str, float]]:
    """Rows for the table, samples by size for the growth check, and fitted exponents."""
    root = ctx.root / "scale"
    root.mkdir(parents=True, exist_ok=True)
    sizes = sizes or (SMOKE_SIZES if ctx.counts.fast <= 2 else SIZES)
    builds = [Build("", procs.console_script())]
    if against:
        builds.append(Build("before", against))
    timed = Timed()
    py = procs.interpreter()
    fixtures_by = {(n, s): make_fixture(root, n, s) for n in sizes for s in SHAPES}
    base_env = _env(root, root / "data-none", "base")
    local: dict[str, Callable[[], float]] = {
        BASELINE: lambda: timed.run(BASELINE, [py, "-c", "pass"], base_env)
    }
    for fix in fixtures_by.values():
        for build in builds:
            local.update(local_cases(root, fix, build, timed))
    samples = procs.interleave(local, ctx.counts.fast, ctx.counts.warmup)
    sync: dict[str, Callable[[], float]] = {}
    commands: dict[str, int] = {}
    for fix in fixtures_by.values():
        for build in builds:
            cases, count = sync_cases(root, fix, build, timed)
            sync.update(cases)
            commands[build.tag(f"{fix.shape} {fix.size}")] = count
    samples.update(procs.interleave(sync, ctx.counts.slow, warmup=1))
    cpu = {name: statistics.median(values) for name, values in timed.cpu.items()}
    return results(builds, sizes, samples, cpu, commands)


def results(
    builds: list[Build],
    sizes: tuple[int, ...],
    samples: dict[str, procs.Samples],
    cpu: dict[str, float],
    commands: dict[str, int],
) -> tuple[list[Row], dict[str, dict[int, procs.Samples]], dict[str, float]]:
    """The group's rows (with the targets, for this build only), the samples by
    size for the growth check (this build) and every fitted exponent."""
    base = samples[BASELINE]
    rows: list[Row] = []

    def note(name: str) -> str:
        return f"CPU {cpu[name]:.0f} ms" if name in cpu else ""

    for build in builds:
        mine = not build.label  # targets hold for this build; another is shown beside it
        for shape in SHAPES:
            for n in sizes:
                for what, label, target in (
                    ("done", "`pathtui done ID`", DONE_TARGET),
                    ("status", "`pathtui status` right after a change", STATUS_TARGET),
                ):
                    name = build.tag(f"{what} {shape} {n}")
                    kind, limit = REPORT, None
                    if mine and n == LEARNER_SIZE:
                        kind, limit = RATIO, target
                    elif mine and n == BIG_SIZE:
                        kind, limit = ABSOLUTE, BIG_CEILING_MS
                    rows.append(
                        Row(
                            build.tag(f"{label}, {n:,} records, {shape}"),
                            samples[name].median,
                            baseline=base.median,
                            kind=kind,
                            target=limit,
                            runs=len(samples[name].values),
                            spread=samples[name].spread,
                            note=note(name),
                        )
                    )
            for n in sizes:
                key = f"{shape} {n}"
                floor = samples[build.tag(f"git floor {key}")]
                shell = samples[build.tag(f"git from sh {key}")]
                idle = samples[build.tag(f"sync idle {key}")]
                rows.append(
                    Row(
                        build.tag(f"`pathtui sync`, nothing to do, {n:,} records, {shape}"),
                        idle.median,
                        baseline=floor.median,
                        kind=RATIO if mine else REPORT,
                        target=IDLE_TARGET if mine else None,
                        runs=len(idle.values),
                        spread=idle.spread,
                        note=f"baseline: the git floor, the round's {commands[build.tag(key)]} "
                        f"git commands run from Python ({floor.median:.1f} ms); "
                        f"{idle.median / shell.median:.2f}× the same commands run from sh "
                        f"({shell.median:.1f} ms); " + note(build.tag(f"sync idle {key}")),
                    )
                )
                for what, label in (("send", "send one change"), ("merge", "both sides changed")):
                    name = build.tag(f"sync {what} {key}")
                    big = mine and n == SYNC_SIZE
                    rows.append(
                        Row(
                            build.tag(f"`pathtui sync`, {label}, {n:,} records, {shape}"),
                            samples[name].median,
                            kind=ABSOLUTE if big else REPORT,
                            target=SYNC_CEILING_MS if big else None,
                            runs=len(samples[name].values),
                            spread=samples[name].spread,
                            note=note(name),
                        )
                    )
    rows.append(
        Row(
            f"`{BASELINE}` (the scale group's baseline)",
            base.median,
            kind=INFO,
            runs=len(base.values),
            note=note(BASELINE),
        )
    )
    growth: dict[str, dict[int, procs.Samples]] = {}
    exponents: dict[str, float] = {}
    for build in builds:
        for shape in SHAPES:
            for what in GROWTH:
                name = build.tag(f"{what} ({shape})")
                by_size = {n: samples[build.tag(f"{what} {shape} {n}")] for n in sizes}
                exponents[name] = fitted_exponent({n: s.median for n, s in by_size.items()})
                if not build.label:  # the growth check holds for this build
                    growth[name] = by_size
    return rows, growth, exponents
