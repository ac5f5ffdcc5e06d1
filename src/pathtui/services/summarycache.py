"""The status summary, read from its cache while the files are unchanged.

``pathtui status`` (in every shell prompt), ``pathtui review --list`` and the
cards due today (``duecards.py``, which ``pathtui remind`` asks) all start
from the summary ``Session.summary()`` builds. Building it reads and parses
the path and progress files; the cache (``storage/statuscache.py``) keeps it
until either file changes. This module finds the cache for a path, and
rebuilds the summary (through the Session, imported only then) when the
cache is stale.

It imports only what Python loads at startup and two small storage modules:
``tests/system/test_fast_path_imports.py`` guards the prompt's path through it.
"""

from __future__ import annotations

from pathtui import __version__
from pathtui.storage import locations
from pathtui.storage.statuscache import (
    drop_old_caches,
    file_signature,
    new_cache,
    read_cache,
    source_key,
    write_cache,
)

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pathtui.model.picture import Summary


def cache_key(path_file: str | None) -> tuple[str | None, str, list[int] | None]:
    """The path file to read (the library's default when none is given), the
    cache key, and the path file's signature. The key names the data folder,
    so two data folders (two learners, two test devices) never share a cache."""
    if path_file is None:
        path_file = locations.default_path_name()
    embedded = locations.embedded_path_name() if path_file is None else None
    key, signature = source_key(locations.data_dir_name(), path_file, embedded)
    return path_file, key, signature


def cache_dir() -> str | None:
    """The cache folder, or None when there is none (no home folder): no cache then."""
    from pathtui.errors import ProgressFileError

    try:
        return locations.cache_dir_name()
    except ProgressFileError:
        return None


def cached(folder: str | None, key: str, path_sig: list[int] | None) -> dict[str, Any] | None:
    """The cache for ``key``, if both files are as they were when it was made."""
    return read_cache(folder, key, path_sig, __version__) if folder else None


def rebuild(
    path_file: str | None, key: str, path_sig: list[int] | None
) -> tuple[Summary, dict[str, Any] | None]:
    """Read the files (the slow path) and start a cache for what they say
    (None when there is nothing worth caching: no progress file yet, or one
    pathtui may only read)."""
    from pathtui.services.session import Session

    session = Session.open(path_file, tell=False)  # a status line says nothing else
    progress_sig = file_signature(str(session.store.file))
    summary = session.summary()
    cache = None
    if summary["has_progress"] and not session.store.read_only_reason:
        cache = new_cache(key, path_sig, __version__, summary, progress_sig)
    drop_old_caches(locations.data_dir_name())
    return summary, cache


def load_summary(path_file: str | None = None) -> Summary:
    """The summary for a path: from the cache, or rebuilt (and cached) when stale."""
    path_file, key, path_sig = cache_key(path_file)
    folder = cache_dir()
    cache = cached(folder, key, path_sig)
    if cache is not None:
        summary: Summary = cache["summary"]
        return summary
    summary, cache = rebuild(path_file, key, path_sig)
    if cache is not None and folder:
        write_cache(folder, key, cache)
    return summary
