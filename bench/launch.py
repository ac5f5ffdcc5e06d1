"""Runs inside the tmux pane: start one program, note when, report its peak memory.

    python launch.py SPEC.json

SPEC holds ``argv``, ``env`` and ``out`` (a file to write results to). The
start time is taken from CLOCK_MONOTONIC right before the program is spawned,
so Python starting this launcher is not counted; the bench reads the same
clock when the first frame appears in the pane. ``os.wait4`` gives the
program's peak resident memory (ru_maxrss) once it has been stopped.
"""

from __future__ import annotations

import json
import os
import sys
import time

KIB = 1024


def main(spec_file: str) -> int:
    with open(spec_file, encoding="utf-8") as handle:
        spec = json.load(handle)
    out = spec["out"]
    start = time.monotonic_ns()
    pid = os.posix_spawn(spec["argv"][0], spec["argv"], spec["env"])
    _write(out + ".start", {"start_ns": start, "pid": pid})
    _, status, usage = os.wait4(pid, 0)
    result = {
        "start_ns": start,
        "pid": pid,
        "maxrss_bytes": usage.ru_maxrss * KIB,
        "status": status,
    }
    _write(out, result)
    return 0


def _write(file: str, data: dict[str, int]) -> None:
    """Whole or absent: the bench polls for these files."""
    tmp = file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    os.replace(tmp, file)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
