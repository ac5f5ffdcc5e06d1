"""The domain core never imports the UI (harlequin's import-hygiene idea)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "pathtui.model.path",
    "pathtui.model.progress",
    "pathtui.storage.store",
    "pathtui.model.estimate",
    "pathtui.model.timeleft",
    "pathtui.services.session",
    "pathtui.model.statusline",
    "pathtui.cli.status",
    "pathtui.storage.locations",
]


def test_core_modules_import_neither_textual_nor_typer() -> None:
    code = (
        "import sys\n"
        f"for name in {CORE!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'textual','typer','click','rich'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_study_log_core_imports_no_ui_and_status_parts_no_dataclasses() -> None:
    code = (
        "import sys\n"
        "import pathtui.model.pace, pathtui.model.streaks, pathtui.model.study\n"
        "light = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'dataclasses', 'textual', 'typer', 'rich', 'tomllib'})\n"
        "import pathtui.model.durations, pathtui.model.charts, pathtui.services.transfer\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'typer', 'rich'})\n"
        "print(light, ui)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_the_tracker_loads_plotext_only_for_the_history() -> None:
    code = (
        "import sys\n"
        "import pathtui.tui.app\n"
        "print(sorted(m for m in sys.modules if 'plotext' in m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
