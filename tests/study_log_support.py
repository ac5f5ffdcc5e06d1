"""Shared test data for the study-log tests: a small path with round numbers.

Steps' items add up to 40–100 hours (4–10 weeks at 10 h/week), so the
arithmetic in the tests can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

MINI_PATH = """\
schema = 1
id = "mini"
title = "Mini path"

[baseline]
hours_per_week = 10
weeks = [4, 10]

[[steps]]
id = "one"
number = 1
title = "First things"
goal = "Learn the first things."

  [[steps.items]]
  id = "a1"
  title = "Item a1"
  hours = [4, 6]

  [[steps.items]]
  id = "a2"
  title = "Item a2"
  hours = [8, 12]

  [[steps.items]]
  id = "a3"
  title = "Item a3"
  hours = [10, 20]

[[steps]]
id = "two"
number = 2
title = "Second things"
goal = "Learn the second things."

  [[steps.items]]
  id = "b1"
  title = "Item b1"
  hours = [18, 62]

[extras]
id = "extras"
title = "Extras"
goal = "Optional."

  [[extras.items]]
  id = "x1"
  title = "Item x1"
  hours = [2, 4]
"""

#: A Wednesday; every study-log test takes this as "today".
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)


def write_mini_path(folder: Path) -> Path:
    file = folder / "mini.toml"
    file.write_text(MINI_PATH)
    return file


def days_ago(n: int, today: dt.date = TODAY) -> dt.date:
    return today - dt.timedelta(days=n)


def two_months_of_study(progress, today: dt.date = TODAY) -> None:  # type: ignore[no-untyped-def]
    """Fill ``progress`` with a learner's log: 36 h on a1–a3 (all done) from
    40 to 29 days ago, then 2 h a day on b1 from 27 to 13 days ago (30 h in
    the last four weeks: 7.5 h/week). Started 42 days ago at 10 h/week.
    """
    plan = [("a1", 2), ("a2", 4), ("a3", 6)]
    ago = 40
    for item, days in plan:
        for _ in range(days):
            progress.add_log(days_ago(ago, today), 3.0, item=item, now=NOW)
            ago -= 1
        progress.set_state(item, "done", now=NOW)
    for ago in range(27, 12, -1):
        progress.add_log(days_ago(ago, today), 2.0, item="b1", note="chapter", now=NOW)
    progress.set_state("b1", "learning", now=NOW)
    progress.update_settings(now=NOW, start_date=days_ago(42, today))
