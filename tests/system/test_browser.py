"""`pathtui serve` in a real browser: Debian's headless Chromium, driven by Playwright.

The terminal is drawn on a canvas, so these tests never read page text: they
wait on the websocket's frames (the tracker's drawing) and read the progress
back through ``pathtui status --json`` and the store, as a script would.

Set ``PATHTUI_BROWSER_SHOT=docs/browser.png`` to also write the screenshot of
the first test there (that is how the README's picture is made).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from pathtui.services.session import Session
from serve_support import Served, start_progress, start_serve, status_json
from support import TINY_PATH

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Route, WebSocket

CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a quiet headless run with no network of its own (no updates, sync, QUIC).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The browser window: about 110 x 30 terminal cells at the page's 16 px font.
VIEWPORT = {"width": 1024, "height": 640}
#: A frame at least this big is a drawing of the screen; the set-up escape
#: sequences sent before the first drawing are a few bytes each.
DRAW_BYTES = 1000
#: After a key, the drawing is complete once no frame came for this long.
QUIET_SECONDS = 0.3
#: Generous limits for a busy 2-core machine; the measured figures are far lower.
WAIT_SECONDS = 30.0
#: Where the browser opens a link from a path file: nothing listens there.
LINK = "http://127.0.0.1:9/chapter-1"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


class Tab:
    """One browser tab on the served tracker, with the websocket frames it received."""

    def __init__(self, context: BrowserContext, url: str) -> None:
        self.page = context.new_page()
        self.url = url
        #: (arrival time, size) of every binary frame: the tracker's drawing.
        self.frames: list[tuple[float, int]] = []
        #: Text frames the page sent: keys (``["stdin", ...]``), focus, resizes.
        self.sent: list[str] = []
        self.sockets: list[str] = []
        self.closed = False
        self.page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws: WebSocket) -> None:
        self.sockets.append(ws.url)

        def received(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                self.frames.append((time.monotonic(), len(payload)))

        ws.on("framereceived", received)
        ws.on("framesent", lambda payload: self.sent.append(str(payload)))
        ws.on("close", lambda _ws: setattr(self, "closed", True))

    def wait(self, done: Callable[[], bool], what: str) -> None:
        """Let the browser work until ``done()`` is true (Playwright runs while we wait)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while not done():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            self.page.wait_for_timeout(25)

    def open(self, focus: bool = True) -> float:
        """Load the page; seconds until the first drawing of the screen arrives.
        ``focus=False`` leaves the keyboard focus to the page itself."""
        started = time.monotonic()
        self.page.goto(self.url)
        self.wait(lambda: any(size >= DRAW_BYTES for _, size in self.frames), "the first draw")
        first = next(at for at, size in self.frames if size >= DRAW_BYTES)
        self.settle(0)
        if focus:
            # Keys go to xterm's hidden text box (a click would be a mouse event for the app).
            self.page.focus("textarea.xterm-helper-textarea")
        return first - started

    def settle(self, seen: int) -> None:
        """Wait for a new frame after the first ``seen``, then for the drawing to finish."""

        def quiet() -> bool:
            return len(self.frames) > seen and time.monotonic() - self.frames[-1][0] > QUIET_SECONDS

        self.wait(quiet, "the tracker to redraw")

    def press(self, *keys: str) -> None:
        for key in keys:
            seen = len(self.frames)
            self.page.keyboard.press(key)
            self.settle(seen)


@pytest.fixture
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Guard:
    """Every request a browser context makes; anything not on 127.0.0.1 is aborted."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.external: list[str] = []
        self.referers: dict[str, str | None] = {}

    def route(self, route: Route) -> None:
        request = route.request
        self.requests.append(request.url)
        self.referers[request.url] = request.headers.get("referer")
        if urlsplit(request.url).hostname != "127.0.0.1":
            self.external.append(request.url)
            route.abort()
        elif request.url == LINK:  # the path's link: answer it here, nothing listens there
            route.fulfill(status=200, body="chapter one", content_type="text/plain")
        else:
            route.continue_()


def new_context(browser: Browser, guard: Guard) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", guard.route)
    return context


@pytest.fixture
def served() -> Iterator[Served]:
    start_progress()
    server = start_serve("serve", "--port", "0")
    yield server
    code, output = server.stop()
    assert code == 0, output
    assert "Traceback" not in output


def report(request: pytest.FixtureRequest, line: str) -> None:
    """Show a line in the run's summary (and now, when run with -s)."""
    print(line)
    request.node.user_properties.append(("browser", line))


def wait_until(check: Callable[[], bool], what: str) -> float:
    """Poll ``check()`` until true; the seconds it took."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < WAIT_SECONDS, f"timed out waiting for {what}"
        time.sleep(0.05)
    return time.monotonic() - started


def test_tick_and_note_in_a_real_browser(
    browser: Browser, served: Served, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    guard = Guard()
    tab = Tab(new_context(browser, guard), served.url)
    first_draw = tab.open()
    first = Session.open().path.steps[0].items[0]
    assert status_json()["items_done"] == 0

    tab.page.keyboard.press("Space")
    tick_saved = wait_until(lambda: status_json()["items_done"] == 1, "the tick to be saved")
    assert Session.open().progress.state(first.id) == "done"

    tab.press("n")  # the note dialog
    tab.page.keyboard.type("stopped at chapter 3")
    tab.press("Enter")
    wait_until(
        lambda: Session.open().progress.note(first.id) == "stopped at chapter 3",
        "the note to be saved",
    )
    tab.settle(0)

    shot = tmp_path / "browser.png"
    tab.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if target := os.environ.get("PATHTUI_BROWSER_SHOT"):
        shutil.copyfile(shot, target)
    report(request, f"screenshot: {shot}")
    report(
        request,
        f"timings: server start {served.started_in:.2f} s, first draw {first_draw:.2f} s, "
        f"tick saved {tick_saved:.2f} s",
    )

    tab.page.keyboard.press("q")
    tab.wait(lambda: tab.closed, "the tracker to quit")
    tab.page.wait_for_selector("body.-closed", state="attached")
    assert guard.external == []
    assert status_json()["items_done"] == 1, "quitting lost the tick"


def test_keys_work_as_soon_as_the_page_loads_without_a_click(
    browser: Browser, served: Served
) -> None:
    """The page gives the tracker the keyboard focus itself, and the tracker is
    told so (a tracker that thinks it is unfocused draws an empty key bar)."""
    tab = Tab(new_context(browser, Guard()), served.url)
    tab.open(focus=False)
    tab.wait(lambda: '["focus"]' in tab.sent, "the page to tell the tracker it has the focus")
    active = tab.page.evaluate("() => document.activeElement.className")
    assert "xterm-helper-textarea" in active
    tab.page.keyboard.press("Space")
    wait_until(lambda: status_json()["items_done"] == 1, "the tick to be saved")
    assert any(frame.startswith('["stdin"') for frame in tab.sent)


def test_the_page_loads_nothing_from_outside_the_machine(browser: Browser, served: Served) -> None:
    guard = Guard()
    tab = Tab(new_context(browser, guard), served.url)
    tab.open()
    tab.press("j", "k")  # some use, in case anything loads late
    assert guard.external == []
    origin = served.origin
    assert sorted(guard.requests) == sorted(
        [
            served.url,
            f"{origin}/static/css/xterm.css",
            f"{origin}/static/js/textual.js",
            f"{origin}/static/fonts/RobotoMono-VariableFont_wght.ttf",
            f"{origin}/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf",
        ]
    )
    (socket,) = tab.sockets
    assert socket.startswith(f"ws://127.0.0.1:{served.port}/ws/{served.token}?")


def test_two_tabs_are_two_trackers_on_one_file(browser: Browser, served: Served) -> None:
    guard = Guard()
    first, second = (Tab(new_context(browser, guard), served.url) for _ in range(2))
    first.open()
    second.open()  # both loaded the progress before either ticked anything
    items = Session.open().path.steps[0].items
    first.press("Space")  # the first item
    second.press("j", "Space")  # the second item, from a tracker that never saw the first tick
    wait_until(lambda: status_json()["items_done"] == 2, "both ticks to be saved")
    progress = Session.open().progress
    assert progress.state(items[0].id) == "done"
    assert progress.state(items[1].id) == "done"
    assert guard.external == []


#: The shared tiny path with one step resource: the link `o` opens.
LINKED_PATH = (
    TINY_PATH
    + f"""
  [[steps.resources]]
  title = "Chapter one"
  url = "{LINK}"
"""
)


def test_o_opens_the_link_in_the_learners_browser(browser: Browser, tmp_path: Path) -> None:
    path_file = tmp_path / "tiny.toml"
    path_file.write_text(LINKED_PATH, encoding="utf-8")
    start_progress("--path", str(path_file))
    server = start_serve("serve", "--port", "0", "--path", str(path_file))
    try:
        guard = Guard()
        context = new_context(browser, guard)
        tab = Tab(context, server.url)
        tab.open()
        with context.expect_page(timeout=WAIT_SECONDS * 1000) as opened:
            tab.page.keyboard.press("o")
        popup = opened.value
        popup.wait_for_load_state()
        assert popup.url == LINK
        assert guard.referers[LINK] is None, "the link was told the page's address (and token)"
        assert guard.external == []
    finally:
        code, output = server.stop()
    assert code == 0, output
