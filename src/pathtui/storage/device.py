"""This device's lasting id, kept in the state folder.

The clock (``pathtui.model.clock``) stamps every change with a device id but
does no file I/O; importing this module plugs the lasting id in.
``pathtui.storage.store`` imports it, so every store stamps with it.
"""

from __future__ import annotations

import os
import re

from pathtui.model import clock
from pathtui.model.clock import DEVICE_HEX, MIGRATED_DEVICE

#: The device id's file in the state folder (``locations.state_dir_name``).
DEVICE_FILE = "device-id"

_device: str | None = None


def device_id() -> str:
    """This device's stable id, made on first use.

    If the state folder cannot be written the id lives for this process
    only: stamps stay unique, only the tie-break between two devices' writes
    in the same millisecond changes between runs.
    """
    global _device
    if _device is not None:
        return _device
    from pathtui.storage.locations import state_dir_name

    folder = state_dir_name()
    file = os.path.join(folder, DEVICE_FILE)
    try:
        with open(file, encoding="ascii") as handle:
            found = handle.read().strip()
        if re.fullmatch(rf"[0-9a-f]{{{DEVICE_HEX}}}", found) and found != MIGRATED_DEVICE:
            _device = found
            return found
    except (OSError, UnicodeDecodeError):
        pass
    made = os.urandom(DEVICE_HEX // 2).hex()
    while made == MIGRATED_DEVICE:  # pragma: no cover - one chance in four billion
        made = os.urandom(DEVICE_HEX // 2).hex()
    try:
        os.makedirs(folder, exist_ok=True)
        tmp = f"{file}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="ascii") as handle:
            handle.write(made + "\n")
        try:
            os.link(tmp, file)  # never over an id another process just made
        except FileExistsError:
            with open(file, encoding="ascii") as handle:
                found = handle.read().strip()
            if re.fullmatch(rf"[0-9a-f]{{{DEVICE_HEX}}}", found):
                made = found
        finally:
            os.unlink(tmp)
    except (OSError, UnicodeDecodeError):
        pass
    _device = made
    return made


def forget_device() -> None:
    """Tests: read the id again (after pointing the state folder elsewhere)."""
    global _device
    _device = None


clock.set_device_source(device_id)
