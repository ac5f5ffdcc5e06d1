"""The one place sync asks how two copies of a progress file combine.

``pathtui sync``, the git merge driver and the recovery of sync-folder
conflict copies all merge progress *files* (bytes in, bytes out) through
``merge_files``, and describe what a merge brought through ``count_changes``.
Neither knows the file format: that belongs to the store and to the merge
rule in ``progress``, so a new format changes this module and nothing above it.
"""

from __future__ import annotations

from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.progress import PROGRESS_SCHEMA, Progress, merge
from pathtui.store import dumps, loads_progress


def merge_files(ours: bytes, theirs: bytes, file: Path, path_id: str) -> bytes:
    """Both copies merged by pathtui's own rule, written in the store's format.

    Raises ProgressFileError (naming ``file``) if either side is not this
    path's progress. The result does not depend on the order of the items in
    either copy, so every device writes the same bytes for the same content.
    """
    mine = loads_progress(ours, file, path_id)
    other = loads_progress(theirs, file, path_id)
    for side in (mine, other):
        if side.schema > PROGRESS_SCHEMA:  # never rewrite a newer pathtui's file in our format
            raise ProgressFileError(
                f"Progress file {file} has a copy written by a newer pathtui (schema "
                f"{side.schema}); upgrade pathtui on this device to merge it."
            )
    merged = merge(mine, other)
    merged.items = dict(sorted(merged.items.items()))
    return dumps(merged).encode("utf-8")


def read_path_id(raw: bytes) -> str | None:
    """The ``path_id`` a progress file names, or None if it names none.

    Used where the path is not known beforehand: a merge driver run by git,
    a conflict copy found in a synced folder.
    """
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError, RecursionError):
        return None
    path_id = data.get("path_id")
    return path_id if isinstance(path_id, str) else None


def _picture(raw: bytes | None, file: Path, path_id: str) -> dict[str, object]:
    """What a learner would call one change each: an item's state or note,
    a log entry, the settings (timestamps left out)."""
    if raw is None:
        return {}
    progress: Progress = loads_progress(raw, file, path_id)
    out: dict[str, object] = {
        f"item:{key}": (entry.state, entry.note)
        for key, entry in progress.items.items()
        if (entry.state, entry.note) != ("todo", "")
    }
    out.update({f"log:{e.id}": (e.date, e.hours, e.item, e.note) for e in progress.live_log()})
    s = progress.settings
    out["settings"] = (s.hours_per_week, s.start_date, s.day_minimum_minutes)
    out["settings2"] = (s.rest_days_per_week, s.streaks, s.streak_kind)
    return out


def count_changes(before: bytes | None, after: bytes | None, file: Path, path_id: str) -> int:
    """How many things a learner changed between two versions of one file."""
    if before == after:
        return 0
    old, new = _picture(before, file, path_id), _picture(after, file, path_id)
    if not old:  # a file that did not exist: its settings are not a change
        new = {k: v for k, v in new.items() if not k.startswith("settings")}
    return sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))
