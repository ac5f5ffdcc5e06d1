"""Reading a path file: the embedded one, or one given with ``--path``.

A path file may come from anywhere, so it is read with care (never more than
the size limit, never a folder, a pipe or a device), then handed to the
model's strict parser (``model/pathparse.py``), whose errors name the file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pathtui.errors import PathFileError
from pathtui.model.path import LearningPath
from pathtui.model.pathparse import parse_path

#: Refuse path files larger than this before parsing them (a real path is ~30 KB;
#: the benchmarks' 5,000-item path is ~1 MB).
MAX_PATH_FILE_BYTES = 8 * 1024 * 1024


def embedded_path_text() -> tuple[str, str]:
    """The default path's text and where it came from.

    Installed wheels carry it as package data; an editable install or a plain
    checkout does not, so fall back to the repository's ``data/`` folder.
    """
    from importlib import resources

    try:
        ref = resources.files("pathtui").joinpath("data/path.toml")
        if ref.is_file():
            return ref.read_text(encoding="utf-8"), "the built-in path"
    except (FileNotFoundError, ModuleNotFoundError, OSError):  # pragma: no cover
        pass
    repo_file = Path(__file__).resolve().parents[3] / "data" / "path.toml"
    try:
        return repo_file.read_text(encoding="utf-8"), "the built-in path"
    except OSError as exc:
        raise PathFileError(
            "The built-in path file is missing from this installation; reinstall pathtui."
        ) from exc


def load_path(file: Path | str | None = None) -> LearningPath:
    """Load and validate a path: the embedded one, or ``file`` if given."""
    if file is None:
        text, label = embedded_path_text()
        return parse_path(text, label)
    file = Path(file)
    label = str(file)
    try:
        # O_NONBLOCK: a named pipe given as --path must not hang pathtui.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PathFileError(f"Path file {label} does not exist.") from None
    except OSError as exc:
        raise PathFileError(f"Path file {label} cannot be read: {exc.strerror}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise PathFileError(f"Path file {label} is a folder, not a TOML file.")
        if not stat.S_ISREG(mode):
            raise PathFileError(f"Path file {label} is not a regular file (a device or pipe?).")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_PATH_FILE_BYTES + 1)
    except OSError as exc:
        raise PathFileError(f"Path file {label} cannot be read: {exc.strerror}.") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_PATH_FILE_BYTES:
        raise PathFileError(
            f"Path file {label} is larger than {MAX_PATH_FILE_BYTES // 1024 // 1024} MB, "
            "the most pathtui reads; a real path is a few hundred KB."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PathFileError(f"Path file {label} is not UTF-8 text.") from None
    return parse_path(text, label)
