"""Parsed CSS kept from one start of the tracker to the next.

Textual parses every stylesheet source at every start: ``pathtui.tcss`` and
the DEFAULT_CSS of each widget class on screen. That parse is about a seventh
of what the tracker does beyond a minimal Textual app before its first frame,
and it grows with every screen whose rules join the one stylesheet. Reading
back the rules Textual parsed last time costs a fifth of parsing them, so
after the first frame the rules go to ``css-rules.pickle`` in the cache folder
(``locations.cache_dir_name``; never the data folder, which may be synced),
and the next start hands them to its stylesheet before anything is parsed.

Every entry is keyed by what Textual keys its own in-memory parse cache with:
the source's full text, its location and its precedence. The file as a whole
is keyed by the theme's CSS variables (substituted while parsing) and by the
Python, Textual and pathtui that wrote it. A file that does not match, cannot
be read, or belongs to someone else is ignored, and Textual parses as it
always does; the next first frame writes a fresh one. Like every cache here
it is derived data only, harmless to delete.

Like black's cache, it is a pickle: only this user writes their cache folder,
and a file that anyone else owns or could write is never loaded.

Textual keeps the parse cache on a private attribute
(``Stylesheet._parse_cache``, its keys, ``Stylesheet._variables``);
``tests/tui/test_private_api.py`` fails if a release changes them.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import TYPE_CHECKING, Any

from pathtui import __version__
from pathtui.errors import ProgressFileError
from pathtui.storage import locations

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet

FILE_NAME = "css-rules.pickle"
#: Bump when what is stored changes shape.
FORMAT = 1
#: Textual's modules whose classes are pickled or that do the parsing: a new
#: Textual (another file size or time) makes the cache stale.
TEXTUAL_FILES = ("css/model.py", "css/styles.py", "css/parse.py", "css/tokenize.py")

Key = tuple[Any, ...]


def _file() -> str | None:
    try:
        return os.path.join(locations.cache_dir_name(), FILE_NAME)
    except ProgressFileError:  # no home folder: nowhere to keep it
        return None


def _stamp(stylesheet: Stylesheet) -> tuple[Any, ...]:
    """What the stored rules depend on besides each source's own text."""
    import textual

    folder = os.path.dirname(textual.__file__)
    files = []
    for name in TEXTUAL_FILES:
        try:
            info = os.stat(os.path.join(folder, name))
        except OSError:
            return ()  # an unknown Textual: never use a cache
        files.append((name, info.st_size, info.st_mtime_ns))
    variables = tuple(sorted(stylesheet._variables.items()))
    return (FORMAT, sys.version, __version__, folder, tuple(files), variables)


def _trusted(info: os.stat_result) -> bool:
    """Only a file this user alone could have written (where there are owners)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class Seeded:
    """What a start was handed: the stamp it was keyed by and the stored rules."""

    def __init__(self, stamp: tuple[Any, ...], entries: dict[Key, Any]) -> None:
        self.stamp = stamp
        self.entries = entries


def seed(stylesheet: Stylesheet) -> Seeded:
    """Hand the stylesheet the rules parsed last time for these very variables."""
    stamp = _stamp(stylesheet)
    file = _file()
    if file is None or not stamp:
        return Seeded(stamp, {})
    try:
        with open(file, "rb") as handle:
            if not _trusted(os.fstat(handle.fileno())):
                return Seeded(stamp, {})
            import pickle

            stored = pickle.load(handle)
    except Exception:  # missing, cut short, another format: parse as usual
        return Seeded(stamp, {})
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != stamp:
        return Seeded(stamp, {})
    entries: dict[Key, Any] = stored[1]
    cache = stylesheet._parse_cache
    for key, rules in entries.items():
        cache.set(key, rules)
    return Seeded(stamp, entries)


def save(stylesheet: Stylesheet, seeded: Seeded) -> bool:
    """Keep what the stylesheet has parsed, if it parsed anything new; True if written.

    Not after the theme's variables changed since the start (a theme other
    than the default is applied after the first parse, and Textual then
    parses everything again without a cache): the stored rules would not
    be the ones the next start parses first.
    """
    if not seeded.stamp or _stamp(stylesheet) != seeded.stamp:
        return False
    cache = stylesheet._parse_cache
    parsed = cache.keys()  # Textual's LRUCache: a view of its keys, no __iter__
    new = {key: cache.get(key) for key in parsed if key not in seeded.entries}
    file = _file()
    if not new or file is None:
        return False
    import pickle

    tmp = f"{file}.{os.getpid()}.tmp"
    try:
        data = pickle.dumps(
            (seeded.stamp, {**seeded.entries, **new}), protocol=pickle.HIGHEST_PROTOCOL
        )
        os.makedirs(os.path.dirname(file), exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, file)
    except Exception:  # a full disk, a read-only cache: the next start parses
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True
