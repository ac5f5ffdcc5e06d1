"""Any title a path file holds is shown literally by ``pathtui status``: no markup,
no control character reaches the terminal, in the line, a template or JSON."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from hostile_text import CONTROL, FAST, NASTY, TEXT
from pathtui.cli.status import run_status
from pathtui.model.sanitise import sanitise

TITLE = st.one_of(NASTY, st.text(min_size=1, max_size=80), TEXT).filter(lambda s: s.strip())


def write_path(folder: Path, path_title: str, step_title: str, item_title: str) -> Path:
    data = {
        "schema": 1,
        "id": "hostile",
        "title": path_title,
        "baseline": {"hours_per_week": 10, "weeks": [1, 2]},
        "steps": [
            {
                "id": "only",
                "number": 1,
                "title": step_title,
                "goal": step_title,
                "items": [{"id": "only-item", "title": item_title, "hours": [10, 20]}],
            }
        ],
    }
    file = folder / "hostile.toml"
    file.write_text(tomli_w.dumps(data), encoding="utf-8")
    return file


@FAST
@given(TITLE, TITLE, TITLE)
def test_any_title_is_shown_literally_in_the_status_line(
    path_title: str, step_title: str, item_title: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = write_path(Path(folder), path_title, step_title, item_title)
        line = run_status(str(file))
        shown = sanitise(step_title.strip())
        assert f"Step 1/1 · {shown} · 0/1 done (0%)" in line
        assert not CONTROL.search(line), "no control character reaches the terminal"
        template = run_status(str(file), template="{next} | {path}")
        assert template == f"{sanitise(item_title.strip())} | {sanitise(path_title.strip())}"
        assert not CONTROL.search(template)
        data = json.loads(run_status(str(file), as_json=True))
        assert data["current_step"]["title"] == shown
        assert not CONTROL.search(data["path"]["title"])
