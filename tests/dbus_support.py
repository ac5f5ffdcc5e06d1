"""A private session D-Bus and a notification server that records what it is sent.

``PrivateBus`` starts Debian's ``dbus-daemon`` (installed by ``.ci/run``) on a
socket in a temp folder, with no activatable services, so nothing on the
machine can answer for the test. ``FakeNotificationServer`` owns
``org.freedesktop.Notifications`` on it (with jeepney, the library pathtui
uses) and records every ``Notify`` call, answering ids 1, 2, 3...
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from types import TracebackType
from typing import Any

from jeepney import MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NOTIFICATIONS = "org.freedesktop.Notifications"
CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir={dir}</listen><auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/><allow own="*"/></policy></busconfig>"""
#: RequestName flags and answers (the D-Bus specification).
DO_NOT_QUEUE = 4
PRIMARY_OWNER = 1
MEMBER_FIELD = 3
POLL_SECONDS = 0.1
STOP_SECONDS = 5


def dbus_daemon() -> str:
    found = shutil.which("dbus-daemon")
    assert found, "dbus-daemon is required for this test (.ci/run installs it)"
    return found


class PrivateBus:
    """A session bus of the test's own; ``address`` is what clients connect to."""

    address = ""

    def __enter__(self) -> PrivateBus:
        self.dir = tempfile.mkdtemp(prefix="pathtui-bus-")
        conf = os.path.join(self.dir, "bus.conf")
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(CONFIG.format(dir=self.dir))
        self.proc = subprocess.Popen(
            [dbus_daemon(), f"--config-file={conf}", "--nofork", "--print-address=1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        self.address = self.proc.stdout.readline().strip()  # returns once it listens
        assert self.address.startswith("unix:"), self.address
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.proc.terminate()
        self.proc.wait(STOP_SECONDS)
        shutil.rmtree(self.dir, ignore_errors=True)


class FakeNotificationServer:
    """Owns the notification service's name and records each Notify call's arguments."""

    def __init__(self, address: str) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.conn = open_dbus_connection(address)
        reply = self.conn.send_and_get_reply(
            message_bus.RequestName(NOTIFICATIONS, DO_NOT_QUEUE), timeout=STOP_SECONDS
        )
        assert reply.body[0] == PRIMARY_OWNER, "could not own org.freedesktop.Notifications"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeNotificationServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(STOP_SECONDS)
        self.conn.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                msg = self.conn.receive(timeout=POLL_SECONDS)
            except TimeoutError:
                continue
            except OSError:
                return
            if msg.header.message_type != MessageType.method_call:
                continue  # e.g. the NameAcquired signal
            if msg.header.fields.get(MEMBER_FIELD) == "Notify":
                self.calls.append(tuple(msg.body))
                self.conn.send(new_method_return(msg, "u", (len(self.calls),)))
            else:
                self.conn.send(new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod"))
