"""The review cards last replayed from a progress file's ratings, kept so that a
command which changes no rating (a tick, a note) neither imports fsrs nor
replays every rating again to leave the status line its cards.

Derived data, checked by content: an entry answers only for the very same
replay, the digest (blake2b-128) of every rating line it took, in order, and
the retention, made by the same pathtui (which pins fsrs) on the same Python.
Anything else, a lost or damaged file included, is a miss and the ratings are
replayed. One small file per progress file in the cache folder, replaced
whole, never fsynced (``statuscache.write_cache``).
"""

from __future__ import annotations

import marshal
import os
import sys

from pathtui import __version__
from pathtui.errors import ProgressFileError
from pathtui.storage import fastread, locations, statuscache

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

#: Bump when what an entry holds changes.
CACHE_VERSION = 1
PREFIX = ".review-cards-"


def key(lines: list[tuple[str, ...]], retention: float) -> bytes:
    """The digest of what a replay takes: its lines (as text) and the retention.

    Of their ``repr``, which depends only on the values (``marshal`` output
    also depends on which objects happen to be shared)."""
    return fastread.digest(repr((lines, retention)).encode("utf-8", "backslashreplace"))


def _source(file: Path) -> tuple[str, str] | None:
    try:
        return locations.cache_dir_name(), os.path.abspath(file)
    except ProgressFileError:  # no home folder: no cache
        return None


def read(file: Path, digest: bytes) -> list[Any] | None:
    """The rows kept for ``file`` if they were made for this very ``digest``."""
    where = _source(file)
    if where is None:
        return None
    try:
        with open(statuscache.cache_file(where[0], where[1], PREFIX), "rb") as handle:
            data = marshal.loads(handle.read())
        if (
            data.get("v") != CACHE_VERSION
            or data.get("python") != sys.hexversion
            or data.get("pathtui") != __version__
            or data.get("file") != where[1]
            or data.get("key") != digest
        ):
            return None
        rows = data["rows"]
        return rows if isinstance(rows, list) else None
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
        return None


def write(file: Path, digest: bytes, rows: list[Any]) -> None:
    """Keep ``rows`` for ``file`` and ``digest`` (best effort)."""
    where = _source(file)
    if where is None:
        return
    payload = {
        "v": CACHE_VERSION,
        "python": sys.hexversion,
        "pathtui": __version__,
        "file": where[1],
        "key": digest,
        "rows": rows,
    }
    statuscache.write_cache(where[0], where[1], payload, PREFIX)
