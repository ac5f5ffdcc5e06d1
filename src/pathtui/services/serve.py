"""``pathtui serve``: the tracker in a web browser, through textual-serve.

textual-serve runs one tracker process per browser tab and relays the
terminal over a websocket. Its stock server is made for demos; a tracker
that can reset a learner's progress needs more, so this subclass adds:

- a random token in the URL (as Jupyter does), without which the page and
  the websocket answer 403;
- an Origin check on the websocket: only the page's own origin may connect,
  so a page on another site cannot drive the tracker;
- a Host check while bound to this machine, so a DNS-rebinding page cannot
  pass itself off as 127.0.0.1;
- a page template of our own that loads nothing from outside the machine
  (textual-serve's fonts, script and styles are served from the package);
- a clean stop on Ctrl+C: every tab's tracker is told to quit (each change
  is already saved when it is made) before the server exits.

Imported only by the ``serve`` command: aiohttp and textual-serve are never
loaded by ``status`` or the terminal tracker.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import os
import secrets
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from pathtui.errors import PathtuiError

#: The folder of our page template (shipped inside the package).
TEMPLATES = Path(__file__).parents[1] / "web"
PAGE = "page.html"
#: Names a browser may use for this machine while the server is bound to it.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
#: Hosts that listen on every address of the machine: no browser can open them,
#: so the links name this machine's own addresses instead.
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}
#: ``ioctl`` request for an interface's IPv4 address (Linux's SIOCGIFADDR) and
#: where the address sits in the ``ifreq`` it fills.
SIOCGIFADDR = 0x8915
IFREQ_BYTES = 256
IFNAME_CHARS = 15
IFADDR_SLICE = slice(20, 24)
#: Bytes of randomness in the URL token (``secrets.token_urlsafe`` makes ~43 characters).
TOKEN_BYTES = 32
#: The terminal's font size in the page, in CSS pixels (``?fontsize=N`` overrides it).
FONT_SIZE = 16
FONT_SIZE_RANGE = (8, 48)
#: Seconds a stopping server waits for open tabs' trackers to quit.
SHUTDOWN_SECONDS = 10.0
#: The logger aiohttp reports a request it could not handle on.
AIOHTTP_SERVER_LOG = "aiohttp.server"
#: Show at most this much of an error's message.
ERROR_CHARS = 200

log = logging.getLogger("textual-serve")


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine can reach."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def tracker_command(path_file: Path | None) -> str:
    """The shell command textual-serve runs for each tab: this Python's tracker."""
    argv = [sys.executable, "-m", "pathtui"]
    if path_file is not None:
        argv += ["--path", str(Path(path_file).resolve())]
    if os.name == "nt":  # pragma: no cover - textual-serve runs it through the shell
        return subprocess.list2cmdline(argv)
    return shlex.join(argv)


def _host_name(host_header: str) -> str:
    """The host part of a Host header (``[::1]:8000`` -> ``::1``)."""
    if host_header.startswith("["):
        return host_header[1 : host_header.find("]")]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class TrackerServer(Server):
    """textual-serve's Server with a token, an Origin check and a local-only page."""

    def __init__(self, command: str, *, host: str, port: int, token: str | None = None) -> None:
        super().__init__(command, host=host, port=port, title="pathtui", templates_path=TEMPLATES)
        self.token = token or secrets.token_urlsafe(TOKEN_BYTES)
        self.local_only = is_loopback(host)
        self.bound_port = port
        #: Open websockets, closed on shutdown so every tab's tracker quits.
        self.sockets: set[web.WebSocketResponse] = set()

    # -- the checks

    def token_ok(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

    def host_ok(self, request: web.Request) -> bool:
        """While bound to this machine, the browser must call it by a local name."""
        return not self.local_only or is_loopback(_host_name(request.host))

    @staticmethod
    def origin_ok(request: web.Request) -> bool:
        """The websocket's Origin must be the page's own: same scheme, host and port."""
        origin = request.headers.get("Origin")
        return origin is not None and origin == f"{request.scheme}://{request.host}"

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Refuse a foreign Host before any route runs; keep the token out of referrers."""
        if not self.host_ok(request):
            raise web.HTTPForbidden(text="pathtui serves only this machine.\n")
        response = await handler(request)
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    # -- the aiohttp application

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket),  # no token: refused below
                web.get("/ws/{token:.*}", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, for the right token only."""
        if not self.token_ok(request.query.get("token")):
            raise web.HTTPForbidden(
                text="This page needs the link pathtui serve printed (with its token).\n"
            )
        low, high = FONT_SIZE_RANGE
        try:
            font_size = min(max(int(request.query.get("fontsize", FONT_SIZE)), low), high)
        except ValueError:
            font_size = FONT_SIZE
        scheme = "wss" if request.scheme == "https" else "ws"
        context = {
            "font_size": font_size,
            "static_url": "/static/",
            "websocket_url": f"{scheme}://{request.host}/ws/{self.token}",
        }
        response = aiohttp_jinja2.render_template(PAGE, request, context)
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"connect-src 'self' {scheme}://{request.host}; frame-ancestors 'none'"
        )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One tab: the right token, from the page's own origin, else 403."""
        if not self.token_ok(request.match_info.get("token")):
            raise web.HTTPForbidden(text="Wrong or missing token.\n")
        if not self.origin_ok(request):
            raise web.HTTPForbidden(text="This websocket only answers its own page.\n")
        return await super().handle_websocket(request)

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        self.sockets.add(websocket)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self.sockets.discard(websocket)

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab's websocket: its tracker is told to quit and exits cleanly."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"pathtui serve stopped")

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner here; pathtui prints its own once bound."""

    # -- running

    def url(self, port: int, host: str | None = None) -> str:
        """The link to open: on ``host``, else on this server's host (this
        machine's loopback address when it listens on every address)."""
        host = host or WILDCARD_HOSTS.get(self.host, self.host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/?token={self.token}"

    @property
    def everywhere(self) -> bool:
        """Listening on every address of the machine (``--host 0.0.0.0``)."""
        return self.host in WILDCARD_HOSTS

    async def run(self, ready: Callable[[str], None]) -> None:
        """Serve until SIGINT/SIGTERM, then stop every tab's tracker and return."""
        runner = web.AppRunner(
            await self._make_app(), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS
        )
        await runner.setup()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, AttributeError):  # pragma: no cover - Windows
                pass
        try:
            site = web.TCPSite(runner, self.host, self.port)
            try:
                await site.start()
            except OSError as exc:
                raise PathtuiError(
                    f"Could not serve on {self.host} port {self.port}: {exc.strerror or exc}. "
                    "Try another --port (0 picks a free one)."
                ) from None
            port = runner.addresses[0][1]
            self.bound_port = port
            ready(self.url(port))
            await stop.wait()
        finally:
            await runner.cleanup()


class OneLine(logging.Formatter):
    """A log record as one line: its message and the error's own words, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = f"pathtui serve: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            words = " ".join(str(error).split())[:ERROR_CHARS] or type(error).__name__
            text += f": {words}"
        return text


def client_error(record: logging.LogRecord) -> bool:
    """False for a request aiohttp refused itself (a missing Host header, a bad
    request line): it answered 400, and the client's mistake is not the
    learner's to read about."""
    from aiohttp.http_exceptions import HttpProcessingError

    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, HttpProcessingError)


def quiet_logging() -> None:
    """textual-serve's and aiohttp's logs: warnings and errors only, one line
    each, on stderr; requests aiohttp refused (answered 400) not at all."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    handler.addFilter(client_error)
    for logger in (log, logging.getLogger(AIOHTTP_SERVER_LOG)):
        logger.handlers = [handler]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def serve(
    path_file: Path | None,
    *,
    host: str,
    port: int,
    open_browser: bool,
    echo: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Run the server until Ctrl+C; print the address (with its token) once it listens."""
    if not is_loopback(host):
        warn(
            f"warning: serving on {host}: other machines that can reach it can open "
            "the tracker with the link below and change your progress. "
            "Share the link only with yourself."
        )
    server = TrackerServer(tracker_command(path_file), host=host, port=port)
    quiet_logging()

    def ready(url: str) -> None:
        echo("pathtui is serving the tracker. Open this address in your browser:")
        echo(f"    {url}")
        if server.everywhere:
            others = [server.url(server.bound_port, a) for a in machine_addresses()]
            if others:
                echo("From another device on this machine's network, open one of these:")
                for other in others:
                    echo(f"    {other}")
            else:
                echo(
                    "pathtui found no other address of this machine: look it up (e.g. "
                    "`ip addr`) and use it in place of 127.0.0.1 on the other device."
                )
        echo("The token in it is the password: keep it to yourself. Ctrl+C stops the server.")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    stops = (signal.SIGINT, signal.SIGTERM)
    before = [signal.getsignal(signum) for signum in stops]
    try:
        try:
            asyncio.run(server.run(ready))
        finally:
            # Shutting down now: a further Ctrl+C (a learner pressing it twice, or
            # a terminal signalling the whole group) must not end in a traceback.
            for signum in stops:
                signal.signal(signum, signal.SIG_IGN)
    except KeyboardInterrupt:  # one that came while the event loop was closing
        pass
    finally:
        # Shut down: the process's own handling again. An ignored SIGTERM would
        # be inherited by every program this process starts afterwards.
        for signum, handler in zip(stops, before, strict=True):
            if handler is not None:
                signal.signal(signum, handler)


def machine_addresses() -> list[str]:
    """This machine's IPv4 addresses other devices may reach: each network
    interface's, loopback left out (read from the interfaces, nothing is sent)."""
    import fcntl
    import socket
    import struct

    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            request = struct.pack(f"{IFREQ_BYTES}s", name.encode()[:IFNAME_CHARS])
            try:
                answer = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, request)
            except OSError:  # an interface without an IPv4 address
                continue
            address = socket.inet_ntoa(answer[IFADDR_SLICE])
            if not ipaddress.ip_address(address).is_loopback and address not in found:
                found.append(address)
    return found
