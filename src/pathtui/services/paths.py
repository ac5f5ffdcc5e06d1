"""The learner's paths, as the commands and the tracker use them.

``pathtui path ...``, ``status --all`` and the tracker's path picker come
here: check a path file, keep copies in the library, choose the default.
The files themselves are ``storage/library.py``'s and ``storage/pathfile.py``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathtui.model.path import LearningPath
from pathtui.model.pathlint import Finding, lint
from pathtui.services.session import Session
from pathtui.storage import library, locations
from pathtui.storage.library import add, all_paths, forget_progress, remove, use
from pathtui.storage.pathfile import load_path

__all__ = [
    "PathRow",
    "add",
    "all_paths",
    "builtin_file",
    "builtin_name",
    "check",
    "default_id",
    "forget_progress",
    "listing",
    "remove",
    "use",
]


def default_id() -> str:
    """The id of the path `pathtui` opens when no --path is given."""
    return library.default_id() or library.builtin_path().id


def check(file: Path) -> tuple[LearningPath, list[Finding]]:
    """The path in ``file`` (PathFileError if pathtui cannot use it) and its warnings."""
    path = load_path(file)
    return path, lint(path)


def builtin_file() -> Path | None:
    """The built-in path's file, where there is one (``Session.open(None)`` would
    pick the default path instead)."""
    return locations.embedded_path_file()


def builtin_name() -> str | None:
    """The built-in path's file name, where there is one."""
    return locations.embedded_path_name()


@dataclass(frozen=True, slots=True)
class PathRow:
    """One line of ``pathtui path list``."""

    path_id: str
    builtin: bool
    chosen: bool
    #: Items done and the title, or why the path cannot be read.
    info: str


def listing() -> list[PathRow]:
    """Every path the learner has (the built-in one and the library), with progress."""
    default = library.default_id()
    builtin = library.builtin_path().id
    rows = []
    for path_id, file in library.all_paths():
        try:
            session = Session.open(file or builtin_file(), tell=False)  # a listing: quiet
            est = session.estimate()
            info = (
                f"{est.items_complete}/{est.items_total} done ({round(est.percent)}%) · "
                f"{session.path.title}"
            )
        except Exception as exc:  # one broken copy must not hide the others
            info = f"cannot be read: {exc}"
        chosen = default == path_id or (default is None and path_id == builtin)
        rows.append(PathRow(path_id, file is None, chosen, info))
    return rows
