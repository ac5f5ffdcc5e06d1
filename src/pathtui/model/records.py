"""Records the learner keeps in the progress file (job applications, portfolio
projects): the table they are kept in, and the checks on text typed into them.

Each is a collection of records keyed by id, each field its own register (so
two devices that change different fields of one record both keep their
change) and a tombstone for removals. ``applications.py`` and ``projects.py``
turn the records into typed views and apply every rule a change must pass;
the CLI and the tracker change them only through those, then save through
the Session.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from pathtui.errors import PathtuiError
from pathtui.model.checkresult import check_web_url
from pathtui.model.progress import clean_user_text, new_key
from pathtui.model.sanitise import sanitise

#: Longest company, role, board or project name kept (a line, not an essay).
MAX_NAME_CHARS = 200


class Table(Protocol):
    """A collection of records: id -> {field: value}, removals as tombstones."""

    def live(self) -> dict[str, dict[str, Any]]: ...

    def add(self, fields: Mapping[str, Any]) -> str: ...

    def update(self, record_id: str, changes: Mapping[str, Any]) -> bool: ...

    def remove(self, record_id: str) -> bool: ...


def one_line(text: str, what: str, limit: int = MAX_NAME_CHARS) -> str:
    """Learner text made safe to keep and show: no control characters, trimmed."""
    cleaned = sanitise(" ".join(clean_user_text(text).split()))
    if not cleaned:
        raise PathtuiError(f"The {what} cannot be empty.")
    if len(cleaned) > limit:
        raise PathtuiError(f"The {what} is longer than {limit} characters.")
    return cleaned


def web_url(text: str) -> str:
    """An http(s) link, or PathtuiError in one sentence."""
    try:
        return check_web_url(text)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None


#: Fields that make a record whole: a record with all of them empty is what a
#: reset on another device left of it (``schema.NO_DATE`` says how), and is
#: left out until something writes them again.
IDENTITY: dict[str, tuple[str, ...]] = {
    "applications": ("company", "role"),
    "projects": ("name",),
}


class Writer(Protocol):
    """Where a table's changes go: the Session's one write path (``services/changes.py``)."""

    def write(
        self, collection: str, key: str, values: Mapping[str, Any], *, force: bool = False
    ) -> object: ...

    def remove_record(self, collection: str, key: str) -> bool: ...


class RecordTable:
    """A ``Table`` over one collection of the progress file (``schema.py``):
    every write is a stamped put of the fields it changes, so it merges.

    The front ends get theirs from the Session, whose ``writer`` is its one
    write path; without one (tests building progress) writes go straight to
    ``progress.put``, which checks every value just the same.
    """

    def __init__(self, progress: Any, collection: str, writer: Writer | None = None) -> None:
        from pathtui.model.schema import BY_NAME

        self.progress = progress
        self.collection = collection
        self.writer = writer
        self.fields = tuple(f.name for f in BY_NAME[collection].fields)

    def live(self) -> dict[str, dict[str, Any]]:
        identity = IDENTITY.get(self.collection, ())
        out = {}
        for record in self.progress.records(self.collection):
            fields = {name: getattr(record, name) for name in self.fields}
            if identity and not any(fields[name] for name in identity):
                continue
            out[record.key] = fields
        return out

    def add(self, fields: Mapping[str, Any]) -> str:
        key = new_key()
        if self.writer is not None:
            self.writer.write(self.collection, key, fields, force=True)
        else:
            self.progress.put(self.collection, key, dict(fields), force=True)
        return key

    def update(self, record_id: str, changes: Mapping[str, Any]) -> bool:
        if self.writer is not None:
            return bool(self.writer.write(self.collection, record_id, changes))
        return bool(self.progress.put(self.collection, record_id, dict(changes)))

    def remove(self, record_id: str) -> bool:
        if self.writer is not None:
            return self.writer.remove_record(self.collection, record_id)
        return bool(self.progress.remove(self.collection, record_id))
