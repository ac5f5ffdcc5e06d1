"""One item count everywhere, or words that say what each number is: `doctor`
names the path's items and how many of them count, which is the number
`status` and the tracker show."""

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
