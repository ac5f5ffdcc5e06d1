"""An option the learner did not pick looks different wherever items are
listed (``list``, its JSON, ``export``), and a step's count says why it differs
from the number of rows. The tracker's side is in tests/tui/test_choices_in_tracker.py."""

from __future__ import annotations

import json
from pathlib import Path

from support import ok


def step_one(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Step 1:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].strip())
    return lines[start:end]


def test_list_says_which_option_was_not_picked(data_dir: Path) -> None:
    before = step_one(ok("list"))
    assert before[0] == "Step 1: Learn basic coding skills  (0/9 · 2 options count as 1)"
    assert len(before) - 1 == 10  # ten rows, and the count says why it is 9
    ok("done", "basics-lang-python")
    after = step_one(ok("list"))
    assert after[0] == "Step 1: Learn basic coding skills  (1/9 · 1 not picked)"
    rows = {line.split("\t")[0]: line.split("\t")[1] for line in after[1:]}
    assert rows["basics-lang-javascript"] == "not picked"
    assert rows["basics-lang-python"] == "done"
    assert rows["basics-variables"] == "todo"
    records = {r["id"]: r for r in json.loads(ok("list", "--step", "1", "--json"))}
    assert records["basics-lang-javascript"]["not_picked"] is True
    assert records["basics-lang-javascript"]["state"] == "todo"
    assert records["basics-variables"]["not_picked"] is False


def test_export_says_which_option_was_not_picked(data_dir: Path) -> None:
    ok("done", "basics-lang-python")
    report = ok("export")
    assert "## Step 1: Learn basic coding skills (1/9 · 1 not picked)" in report
    assert "- [ ] Start with JavaScript — not picked" in report
    assert "- [ ] Store values in variables\n" in report
