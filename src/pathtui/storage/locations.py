"""Where pathtui keeps files: one module, so every other part asks here.

On Linux and macOS the data folder is worked out here with the same rules as
``platformdirs.user_data_path("pathtui")`` (absolute ``$XDG_DATA_HOME`` first,
then the platform default under an absolute ``$HOME`` or the account's home),
because importing platformdirs costs more than the whole status line may.
A test holds the two to the same answer; other systems ask platformdirs.

The ``*_name`` functions return plain strings and use ``os.path`` only: the
status line calls them on every prompt, and ``pathlib`` alone costs a few
milliseconds to import. Everything else gets ``Path`` objects.
"""

from __future__ import annotations

import os
import sys

from pathtui.errors import ProgressFileError

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

#: Environment variable that overrides the data folder (tests, sync folders,
#: several learners on one account).
DATA_DIR_ENV = "PATHTUI_DATA_DIR"
#: Environment variable that overrides the state folder (tests).
STATE_DIR_ENV = "PATHTUI_STATE_DIR"
#: Every environment variable that decides where pathtui's files are, besides
#: HOME: a timer or cron job started without them would read other files.
LOCATION_VARIABLES = (
    DATA_DIR_ENV,
    STATE_DIR_ENV,
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
    "XDG_CONFIG_HOME",
    "XDG_CACHE_HOME",
)
APP_NAME = "pathtui"
BACKUPS = "backups"
#: In the name of every conflict copy Syncthing, Dropbox and Nextcloud make.
CONFLICT_WORD = "conflict"
#: The library of paths, inside the data folder (``library.py``).
LIBRARY = "paths"
#: In the library folder: the id of the path used when no ``--path`` is given.
DEFAULT_PATH = "default"
#: The longest path id (``path.ID_RE``).
_MAX_ID = 64
_ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-"


def _home() -> str | None:
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return home.rstrip("/") or "/"
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):
        return None
    return home if os.path.isabs(home) else None


def _no_home() -> ProgressFileError:
    return ProgressFileError(
        f"Cannot find a home folder for pathtui's data; set HOME or {DATA_DIR_ENV} "
        "to a folder you own."
    )


def _user_folder(xdg_var: str, linux: tuple[str, ...], mac: tuple[str, ...], kind: str) -> str:
    """platformdirs' rule for one user folder: absolute $XDG_* first, then the
    platform default under the home folder; other systems ask platformdirs."""
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        xdg = os.environ.get(xdg_var, "")
        if os.path.isabs(xdg):
            return os.path.join(xdg, APP_NAME)
        home = _home()
        if home is None:
            raise _no_home()
        parts = mac if sys.platform == "darwin" else linux
        return os.path.join(home, *parts, APP_NAME)
    try:  # pragma: no cover - Windows and other systems
        import platformdirs

        return str(getattr(platformdirs, f"user_{kind}_path")(APP_NAME))
    except (KeyError, RuntimeError, OSError):  # pragma: no cover
        raise _no_home() from None


def _env_folder(env_var: str) -> str | None:
    """The folder an environment variable names (``~`` expanded, made absolute),
    or None when it is unset or empty."""
    override = os.environ.get(env_var, "")
    if override:
        return os.path.abspath(os.path.expanduser(override))
    return None


def data_dir_name() -> str:
    """The folder holding progress files, backups and the lock, as a string."""
    return _env_folder(DATA_DIR_ENV) or _user_folder(
        "XDG_DATA_HOME", (".local", "share"), ("Library", "Application Support"), "data"
    )


def cache_dir_name() -> str:
    """The folder for derived caches (rebuilt at will, never the learner's data).

    Kept out of the data folder so a cache never changes what the learner backs
    up or syncs; ``$XDG_CACHE_HOME`` first, as for the data folder.
    """
    return _user_folder("XDG_CACHE_HOME", (".cache",), ("Library", "Caches"), "cache")


def config_dir_name() -> str:
    """The folder for this machine's tracker preferences (the theme): they
    belong to a terminal, not to the progress a sync folder carries."""
    return _user_folder("XDG_CONFIG_HOME", (".config",), ("Library", "Preferences"), "config")


def state_dir_name() -> str:
    """This machine's state folder (the device id), as ``platformdirs.user_state_path``.

    Never the data folder: that one may be synced or copied to another
    device, and two devices must never share an id. ``PATHTUI_STATE_DIR``
    overrides it (tests).
    """
    return _env_folder(STATE_DIR_ENV) or _user_folder(
        "XDG_STATE_HOME", (".local", "state"), ("Library", "Application Support"), "state"
    )


def data_dir() -> Path:
    """The folder holding progress files, backups and the lock."""
    from pathlib import Path

    return Path(data_dir_name())


def progress_file(path_id: str) -> Path:
    """One progress file per path id, so different paths never share progress."""
    return data_dir() / f"{path_id}.toml"


def default_path_name() -> str | None:
    """The library path chosen with ``pathtui path use``, or None (the built-in).

    Read on every ``pathtui status``, so plain ``os`` only: one small file.
    """
    folder = os.path.join(data_dir_name(), LIBRARY)
    try:
        with open(os.path.join(folder, DEFAULT_PATH), encoding="utf-8") as handle:
            path_id = handle.read(_MAX_ID + 2).strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not path_id or len(path_id) > _MAX_ID or path_id.strip(_ID_CHARS):
        return None
    file = os.path.join(folder, path_id + ".toml")
    return file if os.path.isfile(file) else None


def embedded_path_name() -> str | None:
    """The built-in path file on disk, if it is a plain file (wheel or checkout).

    Used to key the status cache; loading goes through ``importlib.resources``.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # pathtui/
    for candidate in (
        os.path.join(package, "data", "path.toml"),
        os.path.join(os.path.dirname(os.path.dirname(package)), "data", "path.toml"),
    ):
        if os.path.isfile(candidate):
            return candidate
    return None


def embedded_path_file() -> Path | None:
    """``embedded_path_name`` as a ``Path``."""
    from pathlib import Path

    name = embedded_path_name()
    return Path(name) if name is not None else None
