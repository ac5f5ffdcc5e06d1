"""Tab completion, as a shell asks for it: through the installed console script."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from support import pathtui_exe, run_installed

#: What bash's completion machinery does on one Tab, without a terminal: source
#: pathtui's own completion script, fill COMP_WORDS as bash would and call the
#: function the script registered with ``complete -F``.
BASH_TAB = """\
set -u
eval "$(_PATHTUI_COMPLETE=source_bash pathtui)"
complete -p pathtui >&2
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
_pathtui_completion pathtui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\\n' "${COMPREPLY[@]}"
"""


def _bash_tab(tmp_path: Path, *words: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "tab.sh"
    script.write_text(BASH_TAB, encoding="utf-8")
    env = dict(os.environ)
    env["PATH"] = f"{Path(pathtui_exe()).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        ["bash", str(script), "pathtui", *words],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_a_real_bash_tab_completes_a_command(tmp_path: Path) -> None:
    result = _bash_tab(tmp_path, "sta")
    assert result.returncode == 0, result.stderr
    assert "-F _pathtui_completion pathtui" in result.stderr
    assert result.stdout.split() == ["status"]


def test_a_real_bash_tab_completes_item_ids_from_the_path(tmp_path: Path, data_dir: Path) -> None:
    result = _bash_tab(tmp_path, "done", "basics-l")
    assert result.returncode == 0, result.stderr
    offered = result.stdout.split()
    assert "basics-loops" in offered and "basics-lists" in offered
    assert all(word.startswith("basics-l") for word in offered)
    assert not data_dir.exists(), "a Tab must not create or change anything"


def test_a_tab_with_nothing_to_offer_prints_nothing(tmp_path: Path) -> None:
    result = _bash_tab(tmp_path, "done", "no-such-item")
    assert result.returncode == 0
    assert result.stdout.strip() == ""
    assert "pathtui:" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("shell", "extra", "expected"),
    [
        ("zsh", {}, '"status":"'),
        ("fish", {"_TYPER_COMPLETE_FISH_ACTION": "get-args"}, "status\t"),
    ],
)
def test_zsh_and_fish_get_their_own_answers(
    shell: str, extra: dict[str, str], expected: str
) -> None:
    env = {"_PATHTUI_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": "pathtui sta"}
    result = run_installed(env={**env, **extra})
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert "tracker" not in result.stdout + result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_printed_script_is_clean(shell: str, tmp_path: Path) -> None:
    result = run_installed(env={"_PATHTUI_COMPLETE": f"source_{shell}"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "pathtui:" not in result.stdout
    assert "_PATHTUI_COMPLETE=complete_" in result.stdout
    if shell == "bash":
        script = tmp_path / "pathtui.sh"
        script.write_text(result.stdout, encoding="utf-8")
        check = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_show_completion_prints_only_the_script() -> None:
    result = run_installed("--show-completion", env={"SHELL": "/bin/bash"})
    assert result.returncode == 0, result.stderr
    assert "pathtui:" not in result.stdout + result.stderr
    assert "complete -o default -F _pathtui_completion pathtui" in result.stdout


def test_install_completion_writes_into_home(data_dir: Path) -> None:
    result = run_installed("--install-completion", env={"SHELL": "/bin/bash"})
    assert result.returncode == 0, result.stderr
    home = Path(os.environ["HOME"])
    installed = home / ".bash_completions" / "pathtui.sh"
    assert "_pathtui_completion" in installed.read_text(encoding="utf-8")
    assert "pathtui.sh" in (home / ".bashrc").read_text(encoding="utf-8")
