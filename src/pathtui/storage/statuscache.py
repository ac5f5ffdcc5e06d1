"""The status line's cache: the summary, and the answers already printed today.

``pathtui status`` runs in shell prompts, so it must cost little more than
starting Python. Parsing a big custom path or a two-year progress file is the
slow part, so the summary the status line needs (counts, hours left, pace,
the log as daily totals) is kept in a small cache file in the cache folder
(``locations.cache_dir_name``; never the data folder, which may be synced),
keyed by the data folder and the path, and checked against the size, mtime
and inode of both files. Beside it the cache keeps
the text each kind of call printed today (plain, ``--json``, one
``--format``...): the text depends only on the summary, the options and the
date, so a prompt that finds today's answer prints it without importing
``datetime`` or working anything out.

The cache is derived data only: never the source of truth, rebuilt whenever
it is stale or unreadable, harmless to delete. It is ``marshal`` data (the
interpreter has that module loaded at startup; ``json`` compiles six regular
expressions on import, which costs more than reading the cache), keyed on the
Python version too, as marshal's format belongs to one. This module imports
only what Python loads at startup; ``tests/system/test_fast_path_imports.py`` guards it.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pathtui.model.picture import Summary

    Payload = dict[str, Any]

#: Bump when the summary's shape or the cache format changes, so older caches
#: are rebuilt (3: marshal instead of JSON, with today's answers; 4: the review cards;
#: 5: the study plan).
CACHE_VERSION = 5
#: At most this many answers are kept for a day (each --format is one).
MAX_ANSWERS = 16
CACHE_FILE_MODE = 0o600
CACHE_FOLDER_MODE = 0o700
TEMP_SUFFIX = ".tmp"
#: FNV-1a, 32 bit: names the cache file per source without importing zlib or hashlib.
FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
FNV_MASK = 0xFFFFFFFF


def source_key(
    data_dir: str, path_file: str | None, embedded: str | None
) -> tuple[str, list[int] | None]:
    """The cache key for one path in one data folder (two data folders never
    share a cache), and the path file's signature. ``path_file`` None is the
    built-in path, read from ``embedded``."""
    if path_file is None:
        key, sig = "builtin", file_signature(embedded) if embedded else None
    else:
        key, sig = "file:" + os.path.abspath(path_file), file_signature(path_file)
    return f"{data_dir}\n{key}", sig


def file_signature(file: str) -> list[int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def digest(text: str) -> str:
    """A short stable name for a cache key (FNV-1a, 32 bit)."""
    value = FNV_OFFSET
    for byte in text.encode("utf-8", "replace"):
        value = ((value ^ byte) * FNV_PRIME) & FNV_MASK
    return format(value, "08x")


PREFIX = ".status-cache-"


def cache_file(cache_dir: str, source_key: str, prefix: str = PREFIX) -> str:
    """The cache for one key; the key names the data folder too, so two data
    folders (two learners, two test devices) never share a cache."""
    return os.path.join(cache_dir, f"{prefix}{digest(source_key)}.bin")


def read_cache(
    cache_dir: str, source_key: str, path_sig: list[int] | None, version: str
) -> Payload | None:
    """The cache if both files are exactly as they were when it was made."""
    if path_sig is None:
        return None
    try:
        with open(cache_file(cache_dir, source_key), "rb") as handle:
            data = marshal.loads(handle.read())
        if (
            data.get("cache_version") != CACHE_VERSION
            or data.get("python") != sys.hexversion
            or data.get("pathtui") != version
            or data.get("source") != source_key
            or data.get("path_sig") != path_sig
            or data.get("progress_sig") != file_signature(data["summary"]["progress_file"])
        ):
            return None
        if not isinstance(data.get("answers"), dict):
            data["answers"] = {}
        return data
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
        return None


def answer(cache: Payload | None, day: str, key: str) -> str | None:
    """Today's text for this kind of call, if it was worked out already."""
    if cache is None:
        return None
    answers = cache["answers"]
    text = answers.get(key) if answers.get("") == day else None
    return text if isinstance(text, str) else None


def new_cache(
    source_key: str,
    path_sig: list[int] | None,
    version: str,
    summary: Summary,
    progress_sig: list[int] | None,
) -> Payload | None:
    """A cache for a freshly built summary (None if a file has no signature)."""
    if path_sig is None or progress_sig is None:
        return None
    return {
        "cache_version": CACHE_VERSION,
        "python": sys.hexversion,
        "pathtui": version,
        "source": source_key,
        "path_sig": path_sig,
        "progress_sig": progress_sig,
        "summary": summary,
        "answers": {},
    }


def remember(cache: Payload, day: str, key: str, text: str) -> None:
    """Keep today's text for this kind of call (answers from other days are dropped)."""
    answers = cache["answers"]
    if answers.get("") != day or len(answers) > MAX_ANSWERS:
        answers.clear()
        answers[""] = day
    answers[key] = text


def replace_cache_file(file: str, payload: bytes) -> None:
    """Replace a cache file whole (temp file and rename, no fsync), best effort:
    a reader sees the old file or the new one, and a failed write leaves no
    temp file behind. Every cache of the storage layer writes through it."""
    tmp = f"{file}.{os.getpid()}{TEMP_SUFFIX}"
    try:
        os.makedirs(os.path.dirname(file), mode=CACHE_FOLDER_MODE, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, CACHE_FILE_MODE)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(tmp, file)
    except (OSError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass


def write_cache(cache_dir: str, source_key: str, cache: Payload, prefix: str = PREFIX) -> None:
    """Best effort: a cache that cannot be written only means a slower next run.

    Written to a temp file and moved into place, so a reader sees the old cache
    or the new one; no fsync (and no import of the store): a cache lost in a
    crash is simply rebuilt. ``prefix`` names another kind of cache (backups).
    """
    file = cache_file(cache_dir, source_key, prefix)
    try:
        payload = marshal.dumps(cache)
    except ValueError:
        return
    replace_cache_file(file, payload)


BACKUPS_PREFIX = ".backups-cache-"


def read_backup_cache(cache_dir: str, source_key: str) -> dict[str, list[Any]]:
    """What ``pathtui restore`` found in each backup, by file name: each entry
    starts with the file's signature, so a changed file is read again. Empty
    when there is no usable cache (another pathtui or Python wrote it)."""
    try:
        with open(cache_file(cache_dir, source_key, BACKUPS_PREFIX), "rb") as handle:
            data = marshal.loads(handle.read())
        if (
            data.get("cache_version") != CACHE_VERSION
            or data.get("python") != sys.hexversion
            or data.get("source") != source_key
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        entries: dict[str, list[Any]] = data["entries"]
        return entries
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
        return {}


def write_backup_cache(cache_dir: str, source_key: str, entries: dict[str, list[Any]]) -> None:
    payload = {
        "cache_version": CACHE_VERSION,
        "python": sys.hexversion,
        "source": source_key,
        "entries": entries,
    }
    write_cache(cache_dir, source_key, payload, BACKUPS_PREFIX)


def drop_old_caches(data_dir: str) -> None:
    """Remove status caches older releases kept in the data folder (best effort)."""
    try:
        entries = list(os.scandir(data_dir))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(PREFIX):
            try:
                os.unlink(entry.path)
            except OSError:
                pass
