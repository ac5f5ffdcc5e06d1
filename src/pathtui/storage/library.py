"""The library of paths: copies of the learner's path files in the data folder.

Layout, under the data folder (``locations.data_dir``):

- ``paths/<id>.toml``: a validated copy of each added path (``path add``).
- ``paths/default``: the id of the path ``pathtui`` and ``status`` use when no
  ``--path`` is given (``path use``); no file means the built-in path.

Progress is kept per path id (``<id>.toml`` beside ``paths/``), so two
different path files with one id would share, and could reset, one progress
file. ``claim`` refuses that for the ids that have an owner: the built-in
path's id, and the id of every path in the library. A ``--path`` file outside
the library owns nothing, so a learner may move it or replace it with a newer
release of the same path (``renamed_from`` carries progress over).
"""

from __future__ import annotations

import os
from pathlib import Path

from pathtui.errors import PathFileError, PathtuiError
from pathtui.model.path import ID_RE, LearningPath
from pathtui.storage import locations
from pathtui.storage.pathfile import load_path


def library_dir() -> Path:
    return locations.data_dir() / locations.LIBRARY


def library_file(path_id: str) -> Path:
    return library_dir() / f"{path_id}.toml"


def library_ids() -> list[str]:
    """Ids of the paths in the library, sorted."""
    try:
        names = os.listdir(library_dir())
    except OSError:
        return []
    return sorted(
        name[: -len(".toml")]
        for name in names
        if name.endswith(".toml") and ID_RE.match(name[: -len(".toml")])
    )


def default_id() -> str | None:
    """The library path chosen with ``path use``, if it is still there."""
    name = locations.default_path_name()
    return Path(name).stem if name else None


def builtin_path() -> LearningPath:
    from pathtui.storage.pathcache import load_path_cached

    return load_path_cached(None)


def _same_file(a: Path | str, b: Path | str | None) -> bool:
    if b is None:
        return False
    try:
        if os.path.realpath(a) == os.path.realpath(b):
            return True
        return Path(a).read_bytes() == Path(b).read_bytes()
    except OSError:
        return False


def _refuse(file: Path | str, path_id: str, owner: str) -> PathFileError:
    return PathFileError(
        f"Path file {file} has the id {path_id!r}, which {owner} already uses; progress "
        "is kept per id, so give this path an id of its own (the `id` at the top of the file)."
    )


def claim(path: LearningPath, file: Path | str) -> None:
    """Refuse ``file`` if a different path file already owns ``path.id``.

    The built-in path owns its id; a library copy owns its id (the file it was
    added from still counts as the same while its bytes match).
    """
    builtin_file = locations.embedded_path_name()
    if path.id == builtin_path().id:
        if not _same_file(file, builtin_file):
            raise _refuse(file, path.id, "the built-in path")
        return
    copy = library_file(path.id)
    if copy.exists():
        if not _same_file(file, copy):
            raise PathFileError(
                f"Path file {file} has the id {path.id!r}, which the path in your library "
                f"({copy}) already uses; run `pathtui path add {file} --replace` to update "
                "the library's copy, or give this path an id of its own."
            )
        return


def add(file: Path | str, *, replace: bool = False) -> tuple[LearningPath, Path, bool]:
    """Validate ``file`` and keep a copy in the library; returns (path, copy, replaced)."""
    path = load_path(file)
    if path.id == builtin_path().id:
        raise _refuse(file, path.id, "the built-in path")
    copy = library_file(path.id)
    replaced = copy.exists()
    if replaced and not replace and not _same_file(file, copy):
        raise PathFileError(
            f"Your library already has a different path with the id {path.id!r} ({copy}); "
            "add --replace to update it (its progress is kept), or give this path an id "
            "of its own."
        )
    from pathtui.storage.atomic import atomic_write

    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(copy, Path(file).read_bytes())
    except OSError as exc:
        raise PathtuiError(f"Cannot copy the path into {copy.parent}: {exc.strerror}.") from None
    return path, copy, replaced


def use(path_id: str) -> None:
    """Make ``path_id`` the default (the built-in id clears the choice)."""
    from pathtui.storage.atomic import atomic_write

    marker = library_dir() / locations.DEFAULT_PATH
    if path_id == builtin_path().id:
        try:
            marker.unlink()
        except FileNotFoundError:
            pass
        return
    if path_id not in library_ids():
        raise PathtuiError(_unknown(path_id))
    library_dir().mkdir(parents=True, exist_ok=True)
    atomic_write(marker, path_id + "\n")


def remove(path_id: str) -> Path:
    """Take a path out of the library (its progress stays); returns the removed copy."""
    if path_id == builtin_path().id:
        raise PathtuiError("The built-in path cannot be removed; `pathtui path use` picks another.")
    copy = library_file(path_id)
    if not copy.exists():
        raise PathtuiError(_unknown(path_id))
    if default_id() == path_id:
        use(builtin_path().id)
    copy.unlink()
    return copy


def forget_progress(path_id: str) -> Path | None:
    """Move a path's progress file into backups/ (never simply deleted), under
    the store's lock (``Store.forget``)."""
    from pathtui.storage.store import Store

    return Store(path_id).forget()


def _unknown(path_id: str) -> str:
    known = ", ".join(library_ids()) or "none yet"
    return (
        f"No path {path_id[:64]!r} in your library (it has: {known}); "
        "`pathtui path list` shows them."
    )


def all_paths() -> list[tuple[str, str | None]]:
    """(id, file) for the built-in path (file None) and every library path."""
    paths: list[tuple[str, str | None]] = [(builtin_path().id, None)]
    paths += [(pid, str(library_file(pid))) for pid in library_ids()]
    return paths
