"""Desktop notifications through the freedesktop notification service on D-Bus.

The spec's one call, ``org.freedesktop.Notifications.Notify``, on the session
bus, made with ``jeepney`` (pure Python, no dependencies, imported only here
and only when there is a bus to talk to). Every step has a time limit: the
handshake and each call get ``timeout`` seconds, and the whole exchange runs
in a daemon thread the caller stops waiting for, so a bus that accepts the
socket and then never answers (jeepney's ``Hello`` has no time limit) cannot
hang a timer's run. Any failure is one ``NotifyError`` sentence; the caller
prints the nudges instead.

The bus is the one ``DBUS_SESSION_BUS_ADDRESS`` names, else the socket a
user session keeps at ``$XDG_RUNTIME_DIR/bus`` or ``/run/user/UID/bus``: a
systemd user service or a cron job may start without the variable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

from pathtui.errors import PathtuiError

NOTIFICATIONS = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
#: Seconds for the bus handshake and for each answer.
BUS_TIMEOUT = 1.0
#: How long to wait for the whole exchange beyond one timeout per message.
SLACK_SECONDS = 1.0
APP_NAME = "pathtui"
#: ``expire_timeout`` -1: the notification server's own default.
SERVER_DEFAULT_EXPIRY = -1
#: Notify's signature: app_name, replaces_id, app_icon, summary, body, actions, hints, expiry.
NOTIFY_SIGNATURE = "susssasa{sv}i"
SOCKET_NAME = "bus"
#: Show at most this much of a bad bus address in a message.
SHOWN_ADDRESS = 60


class NotifyError(PathtuiError):
    """No session bus, no notification service, or no answer in time."""


def session_bus_address() -> str | None:
    """The session bus to use, or None when there is none to find."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        return address
    for runtime in (os.environ.get("XDG_RUNTIME_DIR", ""), f"/run/user/{os.getuid()}"):
        if runtime and os.path.exists(os.path.join(runtime, SOCKET_NAME)):
            return f"unix:path={os.path.join(runtime, SOCKET_NAME)}"
    return None


def is_bus_address(address: str) -> bool:
    """A D-Bus address's shape: ``transport:key=value,...`` entries split by
    ``;``. jeepney's own parser fails on anything else with a bare Python error."""
    entries = [entry for entry in address.split(";") if entry]
    for entry in entries:
        transport, colon, rest = entry.partition(":")
        if not (transport and colon):
            return False
        for pair in rest.split(","):
            key, equals, _ = pair.partition("=")
            if not (key and equals):
                return False
    return bool(entries)


def _send(address: str, messages: Sequence[tuple[str, str]], timeout: float) -> list[int]:
    """Open the bus, send each (summary, body), return the server's ids."""
    from jeepney import DBusAddress, new_method_call
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusErrorResponse, unwrap_msg

    target = DBusAddress(OBJECT_PATH, bus_name=NOTIFICATIONS, interface=NOTIFICATIONS)
    try:
        with open_dbus_connection(address, auth_timeout=timeout) as conn:
            ids = []
            for summary, body in messages:
                call = new_method_call(
                    target,
                    "Notify",
                    NOTIFY_SIGNATURE,
                    (APP_NAME, 0, "", summary, body, [], {}, SERVER_DEFAULT_EXPIRY),
                )
                reply = conn.send_and_get_reply(call, timeout=timeout)
                ids.append(int(unwrap_msg(reply)[0]))
            return ids
    except DBusErrorResponse as exc:
        if exc.name == "org.freedesktop.DBus.Error.ServiceUnknown":
            raise NotifyError("no notification service is running on the session bus") from None
        raise NotifyError(f"the notification service refused ({exc.name})") from None
    except TimeoutError:
        raise NotifyError(f"the notification service did not answer within {timeout:g} s") from None
    except OSError as exc:
        raise NotifyError(f"cannot reach the session bus ({exc.strerror or exc})") from None
    except (RuntimeError, ValueError, KeyError):
        raise NotifyError(
            f"cannot reach the session bus ({_shown(address)} is not an address pathtui can use)"
        ) from None


def _shown(address: str) -> str:
    return repr(address[:SHOWN_ADDRESS])


def notify(messages: Sequence[tuple[str, str]], timeout: float = BUS_TIMEOUT) -> list[int]:
    """Show each (summary, body) as a desktop notification; the ids the server gave.

    Raises NotifyError (one sentence) when nothing could be shown; the caller
    falls back to printing.
    """
    if not messages:
        return []
    address = session_bus_address()
    if address is None:
        raise NotifyError("there is no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    if not is_bus_address(address):
        raise NotifyError(
            f"DBUS_SESSION_BUS_ADDRESS ({_shown(address)}) is not a session bus address"
        )
    outcome: list[list[int] | NotifyError] = []

    def run() -> None:
        try:
            outcome.append(_send(address, messages, timeout))
        except NotifyError as exc:
            outcome.append(exc)
        except Exception as exc:  # a fault inside jeepney must not become a traceback
            outcome.append(NotifyError(f"the session bus answered strangely ({exc})"))

    worker = threading.Thread(target=run, name="pathtui-notify", daemon=True)
    worker.start()
    worker.join(timeout * (len(messages) + 1) + SLACK_SECONDS)
    if not outcome:
        raise NotifyError(f"the session bus did not answer within {timeout:g} s")
    result = outcome[0]
    if isinstance(result, NotifyError):
        raise result
    return result
