"""A fork server whose children save progress in a tight loop until killed.

Used by ``storage/test_crash_safety.py``. The server imports pathtui once, then on each
``run N`` line from stdin forks a child that saves ``state(N)``,
``state(N + 1)``, … through the real ``Store`` forever, logging ``b N`` before
and ``e N`` after each save (appends of a few bytes, so each line is whole).
Forking keeps restarts to about a millisecond, so hundreds of SIGKILLs fit in
a few seconds; every child is still a separate process that dies mid-write.

Commands (one per line; the answer is one line on stdout):
  run N    fork a looping writer starting at N; answers its pid
  once N   fork a writer that saves state(N) once and exits; answers its pid
  wait P   reap child P; answers "signal S" or "exit C"
  quit     exit
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from pathtui.model.progress import STATES, Progress
from pathtui.storage.store import Store

PATH_ID = "crash"
ITEMS = 40
#: A long note per item makes each file ~40 KB, so a write has a real width.
NOTE_FILLER = 'saved under fire ✎ «quotes» \\ "and" emoji 🚀 ; ' * 16
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def state(n: int) -> Progress:
    """The n-th state the writer saves: every item changes at every step."""
    when = T0 + dt.timedelta(seconds=n)
    progress = Progress(PATH_ID, T0)
    progress.device = "0c0c0c0c"  # the same bytes for the same n, in any process
    progress.put("settings", "", {"hours_per_week": 10.0, "start_date": T0.date()}, T0)
    log = {"date": T0.date(), "hours": 1.5, "created": T0, "note": "kept"}
    progress.put("log", "fixed", log, T0)
    for j in range(ITEMS):
        item = {"state": STATES[(n + j) % len(STATES)], "note": f"iteration {n}: {NOTE_FILLER}"}
        progress.put("items", f"item-{j:03d}", item, when, force=True)
    return progress


def _log(fd: int, text: str) -> None:
    os.write(fd, text.encode("ascii"))


def _child(file: Path, log_file: Path, start: int, loop: bool) -> None:
    log_fd = os.open(log_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    store = Store(PATH_ID, file)
    store.load(10)  # a restart must be able to read whatever the last kill left
    n = start
    while True:
        _log(log_fd, f"b {n}\n")
        store.save(state(n))
        _log(log_fd, f"e {n}\n")
        if not loop:
            return
        n += 1


def serve(file: Path, log_file: Path) -> None:
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command in ("run", "once"):
            pid = os.fork()
            if pid == 0:
                code = 0
                try:
                    _child(file, log_file, int(arg), loop=command == "run")
                except BaseException as exc:  # report, never fall back into the server loop
                    sys.stderr.write(f"writer failed: {exc!r}\n")
                    code = 1
                finally:
                    os._exit(code)
            print(pid, flush=True)
        elif command == "wait":
            _, status = os.waitpid(int(arg), 0)
            if os.WIFSIGNALED(status):
                print(f"signal {os.WTERMSIG(status)}", flush=True)
            else:
                print(f"exit {os.WEXITSTATUS(status)}", flush=True)
        elif command == "quit":
            return


if __name__ == "__main__":
    serve(Path(sys.argv[1]), Path(sys.argv[2]))
