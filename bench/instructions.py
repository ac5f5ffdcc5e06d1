"""Instructions to the tracker's first frame against the minimal app's (valgrind).

    python bench/instructions.py            # the default scenario, warm cache folder
    python bench/instructions.py --cold     # the first start: an empty cache folder

On a machine shared with other work the first-frame times move by ±10% and
more between runs; the number of instructions a start executes moves by about
0.1%. This counts them (valgrind's cachegrind, ``--cache-sim=no``, all threads)
from the process's start to the first frame holding the bench's markers (the
tracker's last step and the checklist legend, the minimal app's line), in the
same 80x24 tmux setup as ``figures_tracker.py``. Under valgrind a start takes
about 10 s. The ratio is not the time ratio (start-up spends its time unevenly
per instruction), but a change that cuts instructions cuts time, and this
figure says so on a noisy day. Needs valgrind (``apt-get install valgrind``).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import fixtures  # noqa: E402
import procs  # noqa: E402
from figures_tracker import markers  # noqa: E402
from minimal_app import MARKER  # noqa: E402

WIDTH, HEIGHT = 80, 24
PROBE = BENCH / "first_frame_probe.py"
#: How long a start under valgrind may take before the run is given up.
TIMEOUT_SECONDS = 300
#: The tracker's first start (filling the cache folder) gets this long to settle.
SETTLE_SECONDS = 2.0
POLL_SECONDS = 0.2
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def in_pane(command: list[str], env: dict[str, str], socket: str) -> None:
    """Run ``command`` alone in a private tmux server's 80x24 pane, until it ends."""
    words = ["exec", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *command]
    line = " ".join(shlex.quote(word) for word in words)
    tmux = ["tmux", "-L", socket, "-f", os.devnull]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "s", "-x", str(WIDTH), "-y", str(HEIGHT), line],
        check=True,
    )
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while subprocess.run([*tmux, "has-session", "-t", "s"], capture_output=True).returncode == 0:
        if time.monotonic() > deadline:
            subprocess.run([*tmux, "kill-server"], capture_output=True)
            raise SystemExit(f"{' '.join(command)} did not end in {TIMEOUT_SECONDS} s")
        time.sleep(POLL_SECONDS)


def instructions(kind: str, marks: list[str], env: dict[str, str], root: Path) -> int:
    out = root / f"valgrind-{kind}.txt"
    valgrind = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
    ]
    command = [*valgrind, f"--log-file={out}", sys.executable, str(PROBE), kind, *marks]
    in_pane(command, env, f"pathtui-instr-{os.getpid()}")
    found = REFS.search(out.read_text(encoding="utf-8"))
    if found is None:
        raise SystemExit(f"no instruction count in {out}:\n{out.read_text()[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cold", action="store_true", help="an empty cache folder each start")
    parser.add_argument("--runs", type=int, default=1, help="starts of each (default 1)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None or shutil.which("tmux") is None:
        raise SystemExit("needs valgrind and tmux (apt-get install valgrind tmux)")
    root = Path(tempfile.mkdtemp(prefix="pathtui-instructions-"))
    try:
        home = root / "home"
        home.mkdir()
        os.environ.update(procs.isolated_env(root / "data-bench", home))
        scenario = fixtures.make_default(root)
        env = procs.isolated_env(scenario.data_dir, home, TERM="screen")
        env = {k: v for k, v in env.items() if k not in ("COLORTERM", "TMUX", "TMUX_PANE")}
        env["PYTHONPATH"] = str(BENCH)
        if not args.cold:  # every start after the first: the cache folder is filled
            in_pane(
                [
                    "timeout",
                    "-s",
                    "TERM",
                    str(SETTLE_SECONDS),
                    procs.console_script(),
                ],
                env,
                f"pathtui-instr-warm-{os.getpid()}",
            )
        counts: dict[str, list[int]] = {"minimal": [], "tracker": []}
        for _ in range(args.runs):
            for kind, marks in (("minimal", [MARKER]), ("tracker", markers(scenario))):
                if args.cold:
                    cache = Path(tempfile.mkdtemp(dir=root))
                    env = {**env, "XDG_CACHE_HOME": str(cache)}
                counts[kind].append(instructions(kind, marks, env, root))
        minimal, tracker = min(counts["minimal"]), min(counts["tracker"])
        print(f"instructions to the first frame ({'cold' if args.cold else 'warm'} cache folder)")
        print(f"  minimal Textual app: {minimal / 1e6:8.1f} M")
        print(f"  tracker:             {tracker / 1e6:8.1f} M  ({tracker / minimal:.3f}x)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
