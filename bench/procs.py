"""Running programs the way a shell does, and timing them with little overhead.

``os.posix_spawn`` + ``os.wait4`` start a program straight from its path (the
kernel honours the console script's ``#!`` line, as it does for a user) and
hand back the child's resource usage, so each run yields its wall time and its
peak memory without ``/usr/bin/time``. Baselines go through the same code, so
whatever the harness costs is paid by both sides of every ratio.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variables that would change how Python starts; never passed on.
#: PYTHONDONTWRITEBYTECODE above all: a learner's pathtui runs from cached
#: bytecode (pip compiles at install; an editable checkout caches on first run),
#: and compiling every module on every run would measure something no one sees.
DROPPED_ENV = (
    "PYTHONDONTWRITEBYTECODE",
    "PYTHONPROFILEIMPORTTIME",
    "PYTHONSTARTUP",
    "PYTHONTRACEMALLOC",
    "PYTHONDEVMODE",
)
#: Linux reports ru_maxrss in KiB.
KIB = 1024


def interpreter() -> str:
    """The Python the bench runs under (the venv pathtui is installed in)."""
    return sys.executable


def console_script(name: str = "pathtui") -> str:
    """The installed console script next to the interpreter, as a user runs it."""
    exe = Path(sys.executable).with_name(name)
    if not exe.exists():
        raise SystemExit(f"{exe} is missing: install pathtui into this Python (pip install -e .)")
    return str(exe)


def isolated_env(data_dir: Path, home: Path, **extra: str) -> dict[str, str]:
    """The user's environment with every pathtui location pointed into the bench's temp folder."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update(
        PATHTUI_DATA_DIR=str(data_dir),
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        LANG=env.get("LANG") or "C.UTF-8",
    )
    env.update(extra)
    return env


@dataclass
class Run:
    seconds: float
    maxrss_bytes: int
    cpu_seconds: float = 0.0


class RunFailed(RuntimeError):
    """A measured program exited non-zero: its numbers would mean nothing."""


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """Start ``argv`` with output to /dev/null; wall time and peak RSS of that one child."""
    with tempfile.TemporaryFile() as err:
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], list(argv), env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            err.seek(0)
            raise RunFailed(f"{' '.join(argv)} exited {code}: {err.read().decode()[-2000:]}")
    return Run(elapsed, usage.ru_maxrss * KIB, usage.ru_utime + usage.ru_stime)


def capture(argv: Sequence[str], env: dict[str, str]) -> str:
    """Run once and return stdout: used to check a command does what we think we time."""
    import subprocess

    done = subprocess.run(list(argv), env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise RunFailed(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


@dataclass
class Samples:
    """Repeated measurements of one thing; the median is what we report."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def spread(self) -> float:
        """Inter-quartile range relative to the median: how noisy this figure was."""
        if len(self.values) < 4:
            return 0.0
        q = statistics.quantiles(self.values, n=4)
        return (q[2] - q[0]) / self.median if self.median else 0.0


#: Set by ``run.py --verbose``: print every sample as it is taken.
VERBOSE = False


def interleave(
    cases: dict[str, Callable[[], float]], runs: int, warmup: int = 2
) -> dict[str, Samples]:
    """Run every case ``runs`` times, round-robin with a rotating order.

    Interleaving spreads slow moments of a noisy machine evenly across a figure
    and its baseline instead of letting them land on one side.
    """
    names = list(cases)
    for _ in range(warmup):
        for name in names:
            cases[name]()
    out = {name: Samples() for name in names}
    for i in range(runs):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            out[name].values.append(cases[name]())
            if VERBOSE:
                print(f"  {name}: {out[name].values[-1]:.1f}", file=sys.stderr, flush=True)
    return out
