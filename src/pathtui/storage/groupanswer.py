"""``pathtui group``'s answer cache: the table as printed, while nothing changed.

The table depends on the learner's progress (their group settings), the
commit the group's clone holds, the time of the last sync, which cheers were
shown here, and the date. When none of those changed since the last call,
the text printed then is printed again: a check of a few file signatures and
one small read, at the cost of the status line's warm path, instead of
opening the progress and drawing 500 rows (docs/performance.md has the
figures). Like the status cache (``statuscache.py``, whose helpers it uses)
it is derived data in the cache folder, keyed by the data folder and the
path, harmless to delete, and it imports only what Python loads at startup.
"""

from __future__ import annotations

import marshal
import os
import sys

from pathtui.storage import locations
from pathtui.storage.statuscache import digest, file_signature, replace_cache_file

#: Bump when the answer's shape changes.
ANSWER_VERSION = 1
PREFIX = "group-answer-"
#: The clone's files whose change changes the table (beside its commit).
LAST_SYNC = "pathtui-last-sync"
SEEN = "pathtui-cheers-seen"

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def head_commit(folder: str) -> str | None:
    """The commit a clone's branch points at, read from ``.git`` without git."""
    git = os.path.join(folder, ".git")
    try:
        with open(os.path.join(git, "HEAD"), encoding="ascii") as handle:
            head = handle.read().strip()
        if not head.startswith("ref: "):
            return head or None
        ref = head[len("ref: ") :]
        try:
            with open(os.path.join(git, *ref.split("/")), encoding="ascii") as handle:
                return handle.read().strip() or None
        except FileNotFoundError:
            pass
        with open(os.path.join(git, "packed-refs"), encoding="ascii") as handle:
            for line in handle:
                commit, _, name = line.strip().partition(" ")
                if name == ref:
                    return commit
    except (OSError, UnicodeDecodeError):
        return None
    return None


def source_key(path_file: str | None) -> tuple[str, list[int] | None]:
    """Which progress the call is about (the data folder and the path), and the
    path file's signature."""
    if path_file is None:
        path_file = locations.default_path_name()
    if path_file is None:
        embedded = locations.embedded_path_name()
        source, sig = "builtin", file_signature(embedded) if embedded else None
    else:
        source, sig = "file:" + os.path.abspath(path_file), file_signature(path_file)
    return f"{locations.data_dir_name()}\n{source}", sig


def _file(key: str) -> str | None:
    try:
        return os.path.join(locations.cache_dir_name(), "groups", f"{PREFIX}{digest(key)}.bin")
    except Exception:  # no home folder: no cache
        return None


def _state(progress_file: str, clone: str) -> list[Any]:
    """Everything the table depends on, besides the date and the path."""
    git = os.path.join(clone, ".git")
    return [
        file_signature(progress_file),
        head_commit(clone),
        file_signature(os.path.join(git, LAST_SYNC)),
        file_signature(os.path.join(git, SEEN)),
    ]


def lookup(path_file: str | None, kind: str, day: str) -> str | None:
    """The text printed last time for this kind of call, if nothing changed since."""
    key, path_sig = source_key(path_file)
    file = _file(key)
    if file is None or path_sig is None:
        return None
    try:
        with open(file, "rb") as handle:
            data = marshal.loads(handle.read())
        if (
            data["version"] != ANSWER_VERSION
            or data["python"] != sys.hexversion
            or data["key"] != key
            or data["path_sig"] != path_sig
            or data["day"] != day
            or data["state"] != _state(data["progress_file"], data["clone"])
        ):
            return None
        text = data["answers"].get(kind)
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError):
        return None
    return text if isinstance(text, str) else None


def state_now(progress_file: str, clone: str) -> list[Any]:
    """Taken before the table is worked out, so a change meanwhile makes a miss."""
    return _state(progress_file, clone)


def keep(
    path_file: str | None,
    progress_file: str,
    clone: str,
    state: list[Any],
    day: str,
    kind: str,
    text: str,
) -> None:
    """Remember the text for this kind of call (best effort, like every cache)."""
    key, path_sig = source_key(path_file)
    file = _file(key)
    if file is None or path_sig is None or None in state[:2]:
        return
    answers: dict[str, str] = {}
    try:
        with open(file, "rb") as handle:
            old = marshal.loads(handle.read())
        if old.get("state") == state and old.get("day") == day and old.get("key") == key:
            answers = dict(old["answers"])
    except Exception:  # an old or broken cache is simply replaced
        pass
    answers[kind] = text
    data = {
        "version": ANSWER_VERSION,
        "python": sys.hexversion,
        "key": key,
        "path_sig": path_sig,
        "progress_file": progress_file,
        "clone": clone,
        "state": state,
        "day": day,
        "answers": answers,
    }
    try:
        payload = marshal.dumps(data)
    except ValueError:
        return
    replace_cache_file(file, payload)
