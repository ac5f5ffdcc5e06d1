"""Which kinds of nudge this device already sent as desktop notifications today.

``pathtui remind --notify`` (what the daily timer runs) sends each kind at
most once a day, however often it runs: a timer that catches up after a
sleep, a login script and a manual call on the same day make one
notification of each kind, not three. The record is one small text file per
learner and path in this device's state folder (``locations.state_dir_name``):
the date on the first line, then one kind per line. It is per device on
purpose (two machines each tell the learner once) and never in the data
folder, which may be synced. Another day's record counts as empty.

Best effort: a record that cannot be read counts as nothing sent, and one
that cannot be written only means a nudge may come again later that day.
Imports only what Python loads at startup.
"""

from __future__ import annotations

import os

from pathtui.storage.statuscache import digest

FOLDER = "reminders"
PREFIX = "sent-"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
#: A record longer than this is not ours: it counts as nothing sent.
MAX_BYTES = 4096
TEMP_SUFFIX = ".tmp"


def sent_file(state_dir: str, source_key: str) -> str:
    """The record for one learner and path (``source_key``: the status cache's key)."""
    return os.path.join(state_dir, FOLDER, f"{PREFIX}{digest(source_key)}")


def sent_today(file: str, day: str) -> set[str]:
    """The kinds already sent on ``day`` (YYYY-MM-DD)."""
    try:
        with open(file, encoding="utf-8") as handle:
            lines = handle.read(MAX_BYTES + 1).splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    if not lines or lines[0] != day:
        return set()
    return {line for line in lines[1:] if line}


def record_sent(file: str, day: str, kinds: set[str]) -> bool:
    """Add ``kinds`` to ``day``'s record (another day's is replaced); False if it
    could not be written. Written to a temp file and moved into place."""
    kinds = kinds | sent_today(file, day)
    tmp = f"{file}.{os.getpid()}{TEMP_SUFFIX}"
    try:
        os.makedirs(os.path.dirname(file), mode=FOLDER_MODE, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write("\n".join([day, *sorted(kinds)]) + "\n")
        os.replace(tmp, file)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True
