"""Validated path files, cached, so a big custom path opens without re-parsing it.

Parsing and checking a 5,000-item path file takes ``tomllib`` and the
validator about a third of a second, on every start of the tracker and every
shell command. The file rarely changes, so the validated model is kept as
``marshal`` data in the cache folder (``locations.cache_dir_name``, e.g.
``~/.cache/pathtui``; never the data folder the learner backs up), keyed by
the file's name, size, mtime, ctime and inode (and the pathtui and Python
versions). It is derived data: never the source of truth, rebuilt whenever it
is stale or unreadable, harmless to delete.
"""

from __future__ import annotations

import marshal
import os
import sys

from pathtui import __version__
from pathtui.model.path import (
    Baseline,
    Choice,
    LearningPath,
    Resource,
    Step,
    items_from_columns,
)
from pathtui.storage import locations
from pathtui.storage.statuscache import digest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

#: 3: items kept column by column (``_step``).
CACHE_VERSION = 3
CACHE_FOLDER_MODE = 0o700
PREFIX = ".path-cache-"


def _signature(file: str) -> list[int] | None:
    try:
        st = os.stat(file)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def _source(file: Path | str | None) -> str | None:
    """The file on disk the path comes from (None: nothing to key a cache on)."""
    if file is None:
        return locations.embedded_path_name()
    return os.path.abspath(file)


def cache_file(source: str) -> str:
    return os.path.join(locations.cache_dir_name(), f"{PREFIX}{digest(source)}.bin")


def _step(step: Step) -> tuple[Any, ...]:
    """A step with its items kept column by column: one list per field, so a
    load makes each ``Item`` straight from the columns (``map``), without a
    tuple and a function call per item."""
    items = step.items
    return (
        step.id,
        step.number,
        step.title,
        step.goal,
        (
            [i.id for i in items],
            [i.title for i in items],
            [i.hours for i in items],
            [i.description for i in items],
            [i.renamed_from for i in items],
            [[(r.title, r.url) for r in i.links] for i in items],
            [i.optional for i in items],
            [i.choice for i in items],
        ),
        [(r.title, r.url) for r in step.resources],
        [(c.id, c.title, c.choose, c.options) for c in step.choices],
    )


def _links(links: list[list[tuple[str, str]]]) -> Any:
    """The links column as ``Item.links`` takes them (most items have none)."""
    if not any(links):
        return ((),) * len(links)
    return [tuple(Resource(*link) for link in item) if item else () for item in links]


def _unstep(data: tuple[Any, ...]) -> Step:
    sid, number, title, goal, columns, resources, choices = data
    ids, titles, hours, descriptions, renamed, links, optional, choice = columns
    return Step(
        sid,
        number,
        title,
        goal,
        items_from_columns(
            ids, titles, hours, descriptions, renamed, _links(links), optional, choice
        ),
        tuple(Resource(*res) for res in resources),
        tuple(Choice(*choice) for choice in choices),
    )


def dump(path: LearningPath) -> tuple[Any, ...]:
    """The model as plain tuples and lists (what marshal can hold)."""
    b = path.baseline
    return (
        path.id,
        path.title,
        path.description,
        path.source,
        (b.hours_per_week, b.weeks, b.label),
        [_step(s) for s in path.steps],
        _step(path.extras) if path.extras else None,
    )


def undump(data: tuple[Any, ...]) -> LearningPath:
    pid, title, description, source, baseline, steps, extras = data
    return LearningPath(
        id=pid,
        title=title,
        baseline=Baseline(*baseline),
        steps=tuple(_unstep(s) for s in steps),
        extras=_unstep(extras) if extras else None,
        description=description,
        source=source,
    )


def _read(source: str, sig: list[int]) -> LearningPath | None:
    try:
        with open(cache_file(source), "rb") as handle:
            data = marshal.loads(handle.read())
        if (
            data["cache_version"] != CACHE_VERSION
            or data["python"] != sys.hexversion
            or data["pathtui"] != __version__
            or data["source"] != source
            or data["sig"] != sig
        ):
            return None
        return undump(data["path"])
    except Exception:  # any damage at all means: parse the file instead
        return None


def _write(source: str, sig: list[int], path: LearningPath) -> None:
    """Best effort: a cache that cannot be written only means a slower next start."""
    from pathlib import Path

    from pathtui.storage.atomic import atomic_write

    payload = {
        "cache_version": CACHE_VERSION,
        "python": sys.hexversion,
        "pathtui": __version__,
        "source": source,
        "sig": sig,
        "path": dump(path),
    }
    try:
        file = Path(cache_file(source))
        file.parent.mkdir(parents=True, exist_ok=True, mode=CACHE_FOLDER_MODE)
        atomic_write(file, marshal.dumps(payload))
    except (OSError, ValueError):
        pass


def load_path(file: Path | str | None = None) -> LearningPath:
    """``pathfile.load_path``: the file read and parsed, only on a cache miss
    (a fresh cache spares every command the parser's import)."""
    from pathtui.storage.pathfile import load_path as read_and_parse

    return read_and_parse(file)


def load_path_cached(file: Path | str | None = None) -> LearningPath:
    """``pathfile.load_path``, from the cache when the file is unchanged since it was made."""
    source = _source(file)
    sig = _signature(source) if source else None
    if source is None or sig is None:
        return load_path(file)
    try:
        cached = _read(source, sig)
    except Exception:  # pragma: no cover - e.g. no home folder: parse instead
        cached = None
    if cached is not None:
        return cached
    path = load_path(file)
    try:
        if _signature(source) == sig:  # unchanged while we read it
            _write(source, sig, path)
    except Exception:  # pragma: no cover - the cache is never worth an error
        pass
    return path
