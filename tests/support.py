"""What tests share besides fixtures: the repository, the smallest custom
path, and two ways to run ``pathtui`` (in this process, or the installed
script in a new one). Fixtures live in ``conftest.py``."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

#: The smallest path worth estimating, shared by every test that needs "some
#: custom path": one step, two items, 10–20 hours at 5 h/week = 2–4 weeks.
TINY_PATH = """\
schema = 1
id = "tiny"
title = "A tiny path"

[baseline]
hours_per_week = 5
weeks = [2, 4]

[[steps]]
id = "only"
number = 1
title = "The only step"
goal = "Finish it."

  [[steps.items]]
  id = "first"
  title = "First thing"
  hours = [4, 8]

  [[steps.items]]
  id = "second"
  title = "Second thing"
  hours = [6, 12]
"""


def pathtui_exe() -> str:
    """The installed console script next to the running interpreter."""
    exe = Path(sys.executable).with_name("pathtui")
    if exe.exists():
        return str(exe)
    found = shutil.which("pathtui")
    assert found, "pathtui console script is not installed in this environment"
    return found


def run_installed(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed `pathtui` script in a new process, exactly as a user would.

    For what only a real process shows: the console script itself, start-up
    imports, signals, locks held by another process, the terminal's encoding.
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [pathtui_exe(), *args],
        input=input,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=60,
    )


def run_pathtui(
    *args: str, input: str | None = None, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run pathtui in this process, through the console script's own ``main``.

    Typer's ``CliRunner`` swaps stdin, stdout, stderr and the environment for
    the call, so a test reads what a user would see, about 30 times faster than
    starting a process. The call goes through ``entry.main`` (the fast path
    and the Typer app alike), never around it.
    """
    from typer.testing import CliRunner

    from pathtui.cli.script import main

    runner = CliRunner()
    with contextlib.ExitStack() as stack:
        if cwd is not None:
            stack.enter_context(contextlib.chdir(cwd))
        stdout, stderr, _ = stack.enter_context(runner.isolation(input=input, env=env))
        code = main(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
    return subprocess.CompletedProcess(["pathtui", *args], code, out, err)


def ok(*args: str, **kw: Any) -> str:
    """Run a command in this process that must succeed; its standard output."""
    result = run_pathtui(*args, **kw)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def fails(*args: str, **kw: Any) -> str:
    """Run a command that must fail and say why on stderr; that stderr."""
    result = run_pathtui(*args, **kw)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip(), "a failure explains itself on stderr"
    return result.stderr
