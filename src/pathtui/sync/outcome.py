"""How the last sync round on this device ended, remembered in the state folder.

A round that fails (a remote that no longer answers, a lock left behind, a
bad file on the remote) fails again and again until someone looks, and the
learner's changes stop reaching their other devices. ``doctor`` and the
tracker's standing line read this record to say so. It lives in the state
folder (``locations.state_dir_name``), never in the data folder: it is this
device's, and the data folder may be synced or copied elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import namedtuple
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.storage import locations
from pathtui.storage.atomic import atomic_write

#: The folder in the state folder holding one record per synced data folder.
FOLDER = "sync"
#: Read no more of a record than this (it is a few hundred bytes).
MAX_RECORD_BYTES = 64 * 1024


# A named tuple, not a dataclass: ``dataclasses`` costs every sync round
# milliseconds to import (it brings ``inspect`` and ``ast``).
class Outcome(namedtuple("Outcome", "ok at message failing_since last_ok", defaults=(None, None))):
    """The last round: when, whether it worked, its line, and since when it fails.

    ``failing_since``: when the current run of failures began (None after a
    success); ``last_ok``: when a round last worked (None if none has on this device).
    """

    __slots__ = ()
    ok: bool
    at: dt.datetime
    message: str
    failing_since: dt.datetime | None
    last_ok: dt.datetime | None


def _file(folder: Path) -> Path:
    from pathtui.storage.statuscache import digest

    where = str(folder.resolve())
    return Path(locations.state_dir_name()) / FOLDER / f"{digest(where)}.json"


def _time(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def last(folder: Path) -> Outcome | None:
    """The last round's outcome in ``folder`` on this device, or None (none yet,
    or a record that cannot be read: it is a hint, never a reason to fail)."""
    try:
        file = _file(folder)
        with open(file, "rb") as handle:
            data = json.loads(handle.read(MAX_RECORD_BYTES))
    except (OSError, ValueError, PathtuiError):
        return None
    if not isinstance(data, dict) or data.get("folder") != str(folder.resolve()):
        return None
    at = _time(data.get("at"))
    if at is None or not isinstance(data.get("ok"), bool):
        return None
    message = data.get("message")
    return Outcome(
        ok=data["ok"],
        at=at,
        message=message if isinstance(message, str) else "",
        failing_since=_time(data.get("failing_since")),
        last_ok=_time(data.get("last_ok")),
    )


def remember(folder: Path, ok: bool, message: str, now: dt.datetime | None = None) -> None:
    """Record a round's outcome; a state folder that cannot be written is let be."""
    now = now or dt.datetime.now(dt.UTC)
    before = last(folder)
    since = None
    if not ok:
        since = before.failing_since if before and not before.ok and before.failing_since else now
    last_ok = now if ok else (before.last_ok if before else None)
    record = {
        "folder": str(folder.resolve()),
        "ok": ok,
        "at": now.isoformat(),
        "message": message,
        "failing_since": since.isoformat() if since else None,
        "last_ok": last_ok.isoformat() if last_ok else None,
    }
    try:
        file = _file(folder)
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, json.dumps(record, ensure_ascii=False) + "\n")
    except (OSError, PathtuiError):
        pass
