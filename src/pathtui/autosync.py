"""The auto-sync setting, and the rounds the tracker runs when it opens and closes.

The setting is off until the learner turns it on (``pathtui config auto-sync
on``). It lives in a small file of its own in the data folder,
``.pathtui-sync.toml``, so it travels with the data folder like the other
settings (a dot name can never be a path's progress file).
"""

from __future__ import annotations

from pathlib import Path

from pathtui import locations
from pathtui.errors import PathtuiError

SETTINGS_NAME = ".pathtui-sync.toml"


def _file(folder: Path | None) -> Path:
    return (folder or locations.data_dir()) / SETTINGS_NAME


def enabled(folder: Path | None = None) -> bool:
    """Whether the tracker syncs when it opens and closes (False if unsure)."""
    import tomllib

    try:
        data = tomllib.loads(_file(folder).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return False
    return data.get("auto_sync") is True


def set_enabled(on: bool, folder: Path | None = None) -> Path:
    """Save the setting; returns the file it is kept in."""
    from pathtui.store import _save_error, atomic_write

    file = _file(folder)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(
            file,
            "# pathtui: sync when the tracker opens and closes (pathtui config auto-sync on|off)\n"
            f"auto_sync = {'true' if on else 'false'}\n",
        )
    except OSError as exc:
        raise _save_error(file, exc) from None
    return file


def run_round(folder: Path | None = None) -> str:
    """One sync round for the tracker: the line to show, success or not."""
    from pathtui import gitsync

    try:
        outcome = gitsync.sync(folder)
    except PathtuiError as exc:
        return f"Sync: {exc}"
    return " ".join([outcome.line(), *outcome.notices])


def wanted(folder: Path | None = None) -> bool:
    """Auto-sync is on and this data folder is set up for sync."""
    folder = folder or locations.data_dir()
    return (folder / ".git").is_dir() and enabled(folder)


def after_close(folder: Path | None = None) -> str | None:
    """The round the tracker runs as it closes, if auto-sync is on: its line."""
    return run_round(folder) if wanted(folder) else None
