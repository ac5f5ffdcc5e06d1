"""`pathtui serve` without a browser: the token, the Origin and Host checks, the
command's messages, a clean Ctrl+C, and links opened through the driver.

The server runs as a user would start it (the installed console script); the
checks talk to it over 127.0.0.1 with plain HTTP and websocket clients.
"""

from __future__ import annotations

import asyncio
import http.client
import shlex
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from pathtui.services.serve import is_loopback, tracker_command
from pathtui.tui.app import make_app
from pathtui.tui.widgets.checklist import Checklist
from serve_support import Served, start_progress, start_serve
from support import run_pathtui
from tui_support import new_session

#: Seconds a check waits for the tracker behind a websocket to draw.
DRAW_TIMEOUT = 30.0
#: The last line serve prints before it waits for requests.
BANNER_END = "Ctrl+C stops the server."


@pytest.fixture
def served() -> Served:
    start_progress()
    server = start_serve("serve", "--port", "0")
    yield server
    code, output = server.stop()
    assert code == 0, output
    assert "Traceback" not in output


def get(server: Served, target: str, host: str | None = None) -> tuple[int, dict[str, str], str]:
    """A plain GET on 127.0.0.1, optionally with another Host header."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Host": host} if host else {}
    conn.request("GET", target, headers=headers)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, dict(response.getheaders()), body


async def handshake(server: Served, path: str, origin: str | None) -> int:
    """The HTTP status a websocket handshake gets (101 when it is accepted)."""
    url = f"ws://127.0.0.1:{server.port}{path}"
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(url, origin=origin)
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status
        await ws.close()
        return 101


async def first_frame(server: Served) -> bytes:
    """Connect as the page does and return the tracker's first drawing."""
    url = f"ws://127.0.0.1:{server.port}/ws/{server.token}?width=80&height=24"
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, origin=server.origin) as ws,
    ):
        async with asyncio.timeout(DRAW_TIMEOUT):
            async for message in ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    return message.data
    raise AssertionError("the websocket closed before the tracker drew anything")


# -- the page and its token


def test_the_page_answers_only_with_the_printed_token(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")
    assert len(served.token) >= 40, "the token must be long enough not to be guessed"
    status, headers, page = get(served, "/?" + served.url.split("?", 1)[1])
    assert status == 200
    assert "/static/js/textual.js" in page
    assert f"/ws/{served.token}" in page
    assert "http://" not in page and "https://" not in page, "the page links outside"
    assert headers["Referrer-Policy"] == "no-referrer", "the token could leak to opened links"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    for target in ("/", "/?token=", "/?token=wrong", f"/?token={served.token[:-1]}"):
        assert get(served, target)[0] == 403, target


def raw_request(server: Served, request: bytes) -> bytes:
    """What the server answers to bytes sent as they are (no client fixes them up)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer


def test_a_request_without_a_host_is_answered_400_and_prints_nothing() -> None:
    """aiohttp refuses it itself; it used to print a traceback on the learner's terminal."""
    start_progress()
    server = start_serve("serve", "--port", "0")
    try:
        deadline = time.monotonic() + DRAW_TIMEOUT
        while BANNER_END not in "".join(server.output):  # the lines after the address too
            assert time.monotonic() < deadline, f"no banner: {server.output!r}"
            time.sleep(0.05)
        printed = "".join(server.output)
        for request in (
            b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
            f"GET /?token={server.token} HTTP/1.1\r\nConnection: close\r\n\r\n".encode(),
            b"NOT HTTP AT ALL\r\n\r\n",
        ):
            assert raw_request(server, request).startswith(b"HTTP/1.0 400 Bad Request"), request
        time.sleep(0.5)  # anything the server would print about them is out by now
        assert get(server, f"/?token={server.token}")[0] == 200, "still serving"
    finally:
        code, output = server.stop()
    assert code == 0
    assert output.startswith(printed)
    assert output[len(printed) :] == "", "nothing printed about those requests"


def test_a_page_calling_itself_by_another_name_is_refused(served: Served) -> None:
    """A DNS-rebinding page reaches 127.0.0.1 under its own name: refused."""
    target = f"/?token={served.token}"
    assert get(served, target, host=f"evil.example:{served.port}")[0] == 403
    assert get(served, target, host=f"localhost:{served.port}")[0] == 200


def test_the_websocket_needs_the_token_and_the_pages_own_origin(served: Served) -> None:
    good = f"/ws/{served.token}"
    other_port = f"http://127.0.0.1:{served.port + 1}"
    cases = {
        ("/ws", served.origin): 403,  # no token
        ("/ws/", served.origin): 403,
        ("/ws/wrong-token", served.origin): 403,
        (good, None): 403,  # no Origin: not a browser page
        (good, "http://evil.example"): 403,
        (good, other_port): 403,
        (good, f"https://127.0.0.1:{served.port}"): 403,
        (good, "null"): 403,
        (good, served.origin): 101,
    }

    async def check() -> dict[tuple[str, str | None], int]:
        return {case: await handshake(served, *case) for case in cases}

    assert asyncio.run(check()) == cases


def test_the_right_origin_gets_the_tracker(served: Served) -> None:
    frame = asyncio.run(first_frame(served))
    assert len(frame) > 0


def test_static_files_are_the_packaged_ones(served: Served) -> None:
    import textual_serve

    name = "fonts/RobotoMono-VariableFont_wght.ttf"
    status, headers, _ = get(served, f"/static/{name}")
    assert status == 200
    packaged = Path(textual_serve.__file__).with_name("static") / name
    assert int(headers["Content-Length"]) == packaged.stat().st_size


# -- the command


@pytest.mark.skipif(sys.platform != "linux", reason="finds the tab's tracker in /proc")
@pytest.mark.parametrize("group", [False, True], ids=["server", "process-group"])
def test_ctrl_c_with_an_open_tab_stops_the_server_and_its_tracker(group: bool) -> None:
    start_progress()
    server = start_serve("serve", "--port", "0")

    async def tab_open_during_ctrl_c() -> tuple[list[int], float]:
        url = f"ws://127.0.0.1:{server.port}/ws/{server.token}?width=80&height=24"
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(url, origin=server.origin) as ws,
        ):
            message = await asyncio.wait_for(ws.receive(), DRAW_TIMEOUT)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
            children = child_pids(server.process.pid)
            assert children, "the tab's tracker is not running"
            asked = time.monotonic()
            server.interrupt(group)
            async with asyncio.timeout(DRAW_TIMEOUT):
                async for _ in ws:  # drain until the server closes the tab
                    pass
            return children, time.monotonic() - asked

    children, closed_in = asyncio.run(tab_open_during_ctrl_c())
    code, output = server.stop()
    assert code == 0, output
    assert "Traceback" not in output and "Error" not in output, output
    assert closed_in < DRAW_TIMEOUT
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in children), "a tracker outlived the server"


def child_pids(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found += [int(p) for p in text.split()]
    return found


def alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_open_hands_the_address_to_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--open goes through Python's webbrowser, which runs $BROWSER when it is set."""
    seen = tmp_path / "opened.txt"
    fake = tmp_path / "fake-browser"
    fake.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{seen}"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER", f"{fake} %s")
    start_progress()
    server = start_serve("serve", "--port", "0", "--open")
    try:
        deadline = time.monotonic() + DRAW_TIMEOUT
        while not (seen.exists() and seen.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert seen.read_text() == server.url
    finally:
        code, output = server.stop()
    assert code == 0, output


def test_another_host_is_warned_about_and_a_failed_bind_is_one_sentence() -> None:
    # 192.0.2.1 is reserved for documentation: never this machine's, so nothing listens.
    result = run_pathtui("serve", "--host", "192.0.2.1", "--port", "0")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("pathtui: warning: serving on 192.0.2.1")
    assert lines[-1].startswith("pathtui: Could not serve on 192.0.2.1 port 0")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_serve_leaves_the_process_s_signal_handling_as_it_found_it() -> None:
    """Run in a process that goes on (as here), serve must not leave SIGINT and
    SIGTERM ignored: every program started afterwards would inherit it (a
    study group's round the tracker started could then not be stopped)."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    result = run_pathtui("serve", "--host", "192.0.2.1", "--port", "0")
    assert result.returncode == 1
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    assert signal.getsignal(signal.SIGTERM) is not signal.SIG_IGN


def test_a_busy_port_is_one_sentence() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_pathtui("serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(f"pathtui: Could not serve on 127.0.0.1 port {port}")
    assert "--port" in result.stderr and "Traceback" not in result.stderr
    assert "warning" not in result.stderr, "this machine's own address needs no warning"


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_bad_path_file_stops_serve_before_it_listens(tmp_path: Path, where: str) -> None:
    missing = str(tmp_path / "nope.toml")
    args = (
        ["--path", missing, "serve", "--port", "0"]
        if where == "before"
        else ["serve", "--port", "0", "--path", missing]
    )
    result = run_pathtui(*args)
    assert result.returncode == 1
    assert result.stderr.startswith("pathtui: Path file") and "does not exist" in result.stderr
    assert result.stdout == ""


def test_serve_help_names_its_options() -> None:
    result = run_pathtui("serve", "--help")
    assert result.returncode == 0
    for option in ("--port", "--host", "--open", "--path"):
        assert option in result.stdout


# -- the parts, directly


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_the_tracker_command_keeps_a_path_with_spaces_whole(tmp_path: Path) -> None:
    path_file = tmp_path / "my paths" / "it's mine.toml"
    argv = shlex.split(tracker_command(path_file))
    assert argv == [sys.executable, "-m", "pathtui", "--path", str(path_file.resolve())]
    assert shlex.split(tracker_command(None)) == [sys.executable, "-m", "pathtui"]


async def test_o_goes_through_the_driver_when_no_browser_is_injected(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With no browser injected, a terminal opens the system browser ($BROWSER
    here, through a child process whose output is hidden); under `pathtui serve`
    the web driver sends the link to the learner's browser instead."""
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s" "$1" > {record}\n')
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    session = new_session()
    first_link = session.path.steps[0].resources[0].url

    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.focused, Checklist)
        await pilot.press("o")
        await pilot.pause()
    assert record.read_text() == first_link
