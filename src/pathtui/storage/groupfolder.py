"""Where a study group lives on this device, and reading its files safely.

The group's working clone is this device's own: it sits in the *state*
folder (``groups/<member-id>/``), not in the data folder and not in the
cache folder. Not the data folder, because that folder may be a git
repository itself (``pathtui sync``) or a sync folder, and a clone nested in
it would be committed or copied to other devices; not the cache folder,
because the clone holds what this device has not sent yet (a cheer written
offline waits in its outbox), and a cache may be deleted at any time. The
state folder is per device and kept, like the device id. Keyed by the
member id, two learners sharing one account never share a clone.

Beside the clone's own ``.git`` files pathtui keeps three of its own: the
outbox of cheers not sent yet, the cheers already shown on this device
(so "new" means new here), and the time of the last sync. The digest of the
member table, rebuilt from the clone at will, goes in the cache folder.

Every file read from the clone is someone else's: ``read_capped`` opens it
without following links, refuses anything but a plain file and reads at most
the cap (a 10 MB file costs one ``fstat``).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pathtui.errors import ProgressFileError
from pathtui.model.groupfiles import CHEERS, MEMBERS, SUFFIX, Unreadable
from pathtui.storage import groupanswer, locations
from pathtui.storage.atomic import atomic_write

#: Folder of group clones inside the state folder, and of digests in the cache folder.
GROUPS = "groups"
OUTBOX = "pathtui-outbox"
SEEN = groupanswer.SEEN
LAST_SYNC = groupanswer.LAST_SYNC
#: How many shown cheers a device remembers (older ones are long gone from view).
MAX_SEEN = 1000
#: Bump when the digest's shape changes.
DIGEST_VERSION = 1
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def clone_folder(member: str) -> Path:
    """This device's clone of the group of the learner with ``member`` id."""
    return Path(locations.state_dir_name()) / GROUPS / member


def digest_file(member: str) -> Path:
    return Path(locations.cache_dir_name()) / GROUPS / f"{member}.json"


def read_capped(file: Path, cap: int) -> bytes:
    """A plain file's bytes, at most ``cap`` of them; Unreadable otherwise."""
    try:
        fd = os.open(file, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Unreadable("it is a link, not a file") from None
        raise Unreadable(f"it cannot be read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a plain file")
        if info.st_size > cap:
            raise Unreadable(f"it is larger than {cap // 1024} KiB")
        chunks, left = [], cap + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"it cannot be read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > cap:
        raise Unreadable(f"it is larger than {cap // 1024} KiB")
    return data


def signature(file: Path) -> list[int] | None:
    """What changes when git writes a file anew: size, mtime and inode (None: gone)."""
    try:
        info = os.lstat(file)
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns, info.st_ino]


def member_files(folder: Path) -> dict[str, list[int]]:
    """Every ``*.toml`` name under ``members/`` with its signature."""
    found: dict[str, list[int]] = {}
    try:
        with os.scandir(folder / MEMBERS) as entries:
            for entry in entries:
                if entry.name.endswith(SUFFIX):
                    info = entry.stat(follow_symlinks=False)
                    found[entry.name] = [info.st_size, info.st_mtime_ns, info.st_ino]
    except OSError:
        pass
    return found


def cheer_files(folder: Path, member: str) -> list[str]:
    """The file names under ``cheers/<member>/`` (the cheers to that member)."""
    try:
        return sorted(n for n in os.listdir(folder / CHEERS / member) if n.endswith(SUFFIX))
    except OSError:
        return []


def clone_remote(folder: Path) -> str | None:
    """The address the clone fetches from, read from ``.git/config`` without git
    (None when it cannot be told: only a clear mismatch counts)."""
    try:
        lines = (folder / ".git" / "config").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    section = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        elif section == '[remote "origin"]' and stripped.startswith("url ="):
            value = stripped.removeprefix("url =").strip()
            return None if '"' in value or "\\" in value else value
    return None


def head_commit(folder: Path) -> str | None:
    """The commit the clone's branch points at, read from ``.git`` without git."""
    return groupanswer.head_commit(str(folder))


# --------------------------------------------------------------------------- this device's notes


def _read_json(file: Path) -> object:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def read_digest(member: str) -> dict[str, Any] | None:
    data = _read_json(digest_file(member))
    if isinstance(data, dict) and data.get("version") == DIGEST_VERSION:
        return data
    return None


def write_digest(member: str, digest: Mapping[str, Any]) -> None:
    """Keep the digest; a cache that cannot be written is only slower next time."""
    try:
        file = digest_file(member)
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, json.dumps({**digest, "version": DIGEST_VERSION}))
    except (OSError, ProgressFileError):
        pass


def forget_digest(member: str) -> None:
    try:
        digest_file(member).unlink()
    except (OSError, ProgressFileError):
        pass


def read_seen(folder: Path) -> set[str]:
    data = _read_json(folder / ".git" / SEEN)
    return {k for k in data if isinstance(k, str)} if isinstance(data, list) else set()


def write_seen(folder: Path, keys: set[str]) -> None:
    """Remember which cheers were shown here (newest kept: keys sort by time)."""
    kept = sorted(keys, key=lambda k: k.split("-", 1)[-1])[-MAX_SEEN:]
    try:
        atomic_write(folder / ".git" / SEEN, json.dumps(kept))
    except OSError:
        pass


def outbox(folder: Path) -> Path:
    return folder / ".git" / OUTBOX


def queued(folder: Path) -> dict[str, bytes]:
    """Cheers waiting to be sent: their place in the group -> their bytes.

    An outbox file is named for its place with ``/`` as ``!`` (no member id
    or cheer name holds one).
    """
    found: dict[str, bytes] = {}
    try:
        names = sorted(os.listdir(outbox(folder)))
    except OSError:
        return found
    for name in names:
        if name.endswith(SUFFIX):
            try:
                found[name.replace("!", "/")] = (outbox(folder) / name).read_bytes()
            except OSError:
                continue
    return found


def queue(folder: Path, place: str, content: str) -> None:
    """Keep a cheer in the outbox until a round sends it (raises OSError)."""
    box = outbox(folder)
    box.mkdir(parents=True, exist_ok=True)
    atomic_write(box / place.replace("/", "!"), content)


def unqueue(folder: Path, place: str) -> None:
    try:
        (outbox(folder) / place.replace("/", "!")).unlink()
    except OSError:
        pass


def write_last_sync(folder: Path, stamp: str) -> None:
    try:
        atomic_write(folder / ".git" / LAST_SYNC, stamp + "\n")
    except OSError:
        pass


def read_last_sync(folder: Path) -> str | None:
    try:
        return (folder / ".git" / LAST_SYNC).read_text(encoding="utf-8").strip() or None
    except (OSError, UnicodeDecodeError):
        return None
