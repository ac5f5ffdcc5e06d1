"""A path file and a progress file with ``HOSTILE`` text in every text field,
for the tests that scan what the commands print and what the tracker draws."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hostile_text import HOSTILE
from pathtui.model.progress import Progress
from pathtui.storage import fastread
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import careful_loads

PATH_ID = "hostile"
#: The item with the hostile note, and an application and a project anyone can name.
ITEM = "first"
OTHER_ITEM = "second"
APPLICATION = "aaaa1111"
PROJECT = "bbbb2222"
#: A log entry whose key (its id) is hostile too: ids are text in the file.
HOSTILE_KEY = "\x1b]0;key\x07"
AT = dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)


def toml_string(text: str) -> str:
    """A TOML basic string for any text (JSON's escapes, and DEL by hand)."""
    return json.dumps(text).replace("\x7f", "\\u007f")


def hostile_path(folder: Path) -> Path:
    """A schema-2 path whose every title, goal, description and link title is hostile."""
    h = toml_string(HOSTILE)
    description = toml_string(f"First line {HOSTILE}\nsecond line {HOSTILE}")
    text = f"""
schema = 2
id = "{PATH_ID}"
title = {h}
[baseline]
hours_per_week = 10
weeks = [0.3, 0.6]
[[steps]]
id = "one"
number = 1
title = {h}
goal = {h}
  [[steps.resources]]
  title = {h}
  url = "https://example.org/learn"
  [[steps.items]]
  id = "{ITEM}"
  title = {h}
  hours = [1, 2]
  description = {description}
  links = [{{ title = {h}, url = "https://example.org/1" }}]
  [[steps.items]]
  id = "{OTHER_ITEM}"
  title = {h}
  hours = [1, 2]
"""
    file = folder / "hostile.toml"
    file.write_text(text, encoding="utf-8")
    return file


def hostile_progress(data_dir: Path) -> Path:
    """The progress file of that path, hostile text in every text field."""
    p = Progress.new(PATH_ID, 10.0, now=AT)
    p.device = "0a0a0a0a"
    p.set_state(ITEM, "learning", now=AT)
    p.set_note(ITEM, HOSTILE, now=AT)
    p.set_state(OTHER_ITEM, "done", now=AT)  # a review card, its title and note shown
    p.set_note(OTHER_ITEM, HOSTILE, now=AT)
    p.add_rating(OTHER_ITEM, "good", given=AT)
    p.add_log(dt.date(2026, 4, 19), 1.5, item=ITEM, note=HOSTILE, now=AT)
    p.put(
        "log",
        HOSTILE_KEY,
        {"date": dt.date(2026, 4, 18), "hours": 0.5, "created": AT, "item": HOSTILE},
        AT,
    )
    p.put(
        "applications",
        APPLICATION,
        {
            "company": HOSTILE,
            "role": HOSTILE,
            "applied": dt.date(2026, 4, 1),
            "moved": dt.date(2026, 4, 1),
            "url": "https://jobs.example/" + HOSTILE,
            "board": HOSTILE,
            "note": HOSTILE,
        },
        AT,
    )
    p.put(
        "projects",
        PROJECT,
        {
            "name": HOSTILE,
            "repo": HOSTILE,
            "url": "https://app.example/" + HOSTILE,
            "evidence": f"{ITEM} {HOSTILE}",
            "readme_verdict": "fail",
            "readme_reason": HOSTILE,
            "readme_ran": AT.isoformat(),
        },
        AT,
    )
    data_dir.mkdir(parents=True, exist_ok=True)
    file = data_dir / f"{PATH_ID}.toml"
    file.write_text(dumps(p), encoding="utf-8")
    return file


def reads_back(file: Path, path_id: str = "backend") -> None:
    """The file reads cleanly (nothing set aside), and both readers agree on it."""
    if not file.exists():
        return
    text = file.read_bytes().decode("utf-8")
    careful = careful_loads(text, file, path_id)  # raises for a file it refuses
    assert careful.set_aside == [], careful.set_aside
    fast = fastread.loads(text, path_id)
    assert fast is not None and fast == careful
