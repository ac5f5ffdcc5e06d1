"""Fault injection for the data-safety tests, loaded by any Python started with
this folder on PYTHONPATH (so the installed `pathtui` meets the fault too).

Tests run as root in CI, where permissions do not stop anything, and a full
disk cannot be made on demand; these hooks fail the same system calls the
kernel would, with the same errors. Each is switched on by one variable:

  PATHTUI_TEST_DENY=FILE         opening FILE fails with EACCES (unreadable file)
  PATHTUI_TEST_READONLY=FOLDER   creating or writing anything in FOLDER fails with EROFS
  PATHTUI_TEST_ENOSPC=write|fsync  writing or syncing a temp file fails with ENOSPC
  PATHTUI_TEST_NO_PASSWD=1       the account has no passwd entry (no home folder)
"""

from __future__ import annotations

import errno
import os
import re

_real_open = os.open
_real_write = os.write
_real_fsync = os.fsync
_TEMP = re.compile(r"/\.[^/]+\.[0-9]+\.tmp$")

_deny = os.environ.get("PATHTUI_TEST_DENY")
_readonly = os.environ.get("PATHTUI_TEST_READONLY")
_enospc = os.environ.get("PATHTUI_TEST_ENOSPC")
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
    name = os.path.abspath(os.fspath(path))
    if _deny and name == _deny:
        raise PermissionError(errno.EACCES, "Permission denied", name)
    if _readonly and flags & _WRITE_FLAGS and name.startswith(_readonly.rstrip("/") + "/"):
        raise OSError(errno.EROFS, "Read-only file system", name)
    return _real_open(path, flags, *args, **kwargs)


def _is_temp(fd: int) -> bool:
    try:
        return bool(_TEMP.search(os.readlink(f"/proc/self/fd/{fd}")))
    except OSError:
        return False


def _write(fd, data):  # type: ignore[no-untyped-def]
    if _enospc == "write" and _is_temp(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    return _real_write(fd, data)


def _fsync(fd):  # type: ignore[no-untyped-def]
    if _enospc == "fsync" and _is_temp(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    return _real_fsync(fd)


_real_mkdir = os.mkdir


def _mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
    name = os.path.abspath(os.fspath(path))
    if _readonly and name.startswith(_readonly.rstrip("/") + "/"):
        raise OSError(errno.EROFS, "Read-only file system", name)
    return _real_mkdir(path, *args, **kwargs)


if _deny or _readonly:
    os.open, os.mkdir = _open, _mkdir
if _enospc:
    os.write, os.fsync = _write, _fsync
if os.environ.get("PATHTUI_TEST_NO_PASSWD"):
    import pwd

    def _no_entry(uid):  # type: ignore[no-untyped-def]
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    pwd.getpwuid = _no_entry
