"""One item count everywhere, or words that say what each number is: `doctor`
names the path's items and how many of them count, which is the number
`status` and the tracker show; the guide says when `status` mentions jobs."""

from __future__ import annotations

import json
from pathlib import Path

from support import ok


def test_doctor_says_how_many_items_count_and_status_shows_that_number(data_dir: Path) -> None:
    total = json.loads(ok("status", "--json"))["items_total"]
    assert total == 54
    first = ok("doctor").splitlines()[0]
    assert "58 items in 7 steps (54 count toward progress; options not picked and " in first
    assert "optional items do not), 18 extras." in first
    assert "0/54 done" in ok("status")


def test_the_guide_says_when_status_mentions_jobs_and_status_does_so(data_dir: Path) -> None:
    readme = " ".join((Path(__file__).parents[2] / "docs" / "guide.md").read_text().split())
    assert "From your first application (or step 7, whichever comes first), " in readme
    assert "`pathtui status` mentions your week" in readme
    assert "jobs" not in ok("status")  # step 1, no application yet
    ok("apply", "Acme", "Dev")
    assert json.loads(ok("status", "--json"))["current_step"]["number"] == 1
    assert " · jobs 1/10 this week · 1 active" in ok("status")
