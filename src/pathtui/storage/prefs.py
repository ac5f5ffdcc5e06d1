"""The tracker's own preferences on this machine (for now, the theme), in their file.

A theme chosen in the command palette is kept in ``theme`` in the config
folder (``$XDG_CONFIG_HOME/pathtui``), one name on one line, and applied at the
next start. It is a preference of this terminal, so it stays out of the
progress file that a sync folder or ``pathtui sync`` carries to other devices.
A missing, unreadable or unknown theme just leaves Textual's default.
"""

from __future__ import annotations

import os
from pathlib import Path

from pathtui.errors import ProgressFileError
from pathtui.storage import locations

THEME_FILE = "theme"
#: Longer than any theme name; anything bigger is not ours.
MAX_THEME_NAME = 64


def _theme_path() -> str | None:
    try:
        return os.path.join(locations.config_dir_name(), THEME_FILE)
    except ProgressFileError:  # no home folder: nowhere to keep it
        return None


def load_theme() -> str | None:
    """The saved theme name, or None."""
    file = _theme_path()
    if file is None:
        return None
    try:
        with open(file, encoding="utf-8") as handle:
            name = handle.read(MAX_THEME_NAME + 1).strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name and len(name) <= MAX_THEME_NAME else None


def save_theme(name: str) -> bool:
    """Keep the theme for the next start; False if it could not be written."""
    file = _theme_path()
    if file is None:
        return False
    from pathtui.storage.atomic import atomic_write

    try:
        os.makedirs(os.path.dirname(file), exist_ok=True)
        atomic_write(Path(file), name + "\n")
    except OSError:
        return False
    return True
