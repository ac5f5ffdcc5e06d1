"""Regenerate the README's pictures from the real app.

``docs/screenshot.svg``: the tracker itself (the same ``make_app`` the CLI
uses) run headless on a throwaway data folder holding a mid-path demo
progress, saved with Textual's SVG export. The date is fixed so the picture
only changes when the app does.

``docs/browser.png`` (with ``--browser``): the same demo served by the real
``pathtui serve`` and drawn by Chromium (``/usr/bin/chromium``, driven by
Playwright, as ``tests/system/test_browser.py`` does). The PNG carries the
counts it shows in a ``tEXt`` chunk, so ``tests/system/test_readme_pictures.py``
can tell a picture made for another path.

    python scripts/screenshot.py [--browser] [OUTPUT.svg]
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "docs" / "screenshot.svg"
BROWSER_OUTPUT = REPO / "docs" / "browser.png"
#: Terminal size of the picture (columns, rows).
SIZE = (100, 30)
#: The day the demo estimate counts from.
DEMO_TODAY = dt.date(2026, 5, 1)
#: The browser window (about 110 x 30 terminal cells at the page's 16 px font).
VIEWPORT = {"width": 1024, "height": 640}
CHROMIUM = "/usr/bin/chromium"
#: Seconds to wait for the server's address, and for the page to draw.
SERVE_SECONDS = 60.0
DRAW_SECONDS = 5.0
#: The key of the PNG text chunk that names the counts the picture shows.
PNG_KEY = b"pathtui-counts"
URL = re.compile(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+")


def demo_session() -> Any:
    """Step 1 done (one language picked), step 2 under way: three done, one
    skipped, one being learned with a note."""
    from pathtui.services.session import Session

    session = Session.open()
    steps = session.path.steps
    progress = session.progress
    picked: set[str] = set()
    for item in steps[0].items:
        if item.choice and item.choice in picked:
            continue  # one option of each choice group, as a learner picks
        picked.add(item.choice)
        progress.set_state(item.id, "done")
    for item in steps[1].items[:3]:
        progress.set_state(item.id, "done")
    progress.set_state(steps[1].items[3].id, "skipped")
    progress.set_state(steps[1].items[4].id, "learning")
    progress.set_note(steps[1].items[4].id, "queue via two stacks: half done")
    session.save()
    return session


def demo_counts(session: Any) -> str:
    """'12/54 done' for the demo: what both pictures show."""
    est = session.estimate()
    return f"{est.items_complete}/{est.items_total} done"


async def capture(output: Path) -> None:
    from pathtui.tui.app import make_app

    app = make_app(demo_session(), today=DEMO_TODAY, open_url=lambda _url: None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # it opens on the next item, the one with the note
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(app.export_screenshot(title="pathtui"), encoding="utf-8")


def with_text(png: bytes, key: bytes, value: str) -> bytes:
    """``png`` with a ``tEXt`` chunk ``key``: ``value`` right after its header."""
    body = key + b"\0" + value.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body
    chunk += struct.pack(">I", zlib.crc32(b"tEXt" + body) & 0xFFFFFFFF)
    header_end = 8 + 4 + 4 + 13 + 4  # signature, IHDR length, type, data, CRC
    return png[:header_end] + chunk + png[header_end:]


def capture_browser(output: Path) -> None:
    """The demo served by ``pathtui serve``, drawn by Chromium, saved as a PNG."""
    from playwright.sync_api import sync_playwright

    counts = demo_counts(demo_session())
    script = Path(sys.executable).with_name("pathtui")
    server = subprocess.Popen(
        [str(script), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url = _address(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(url)
            page.wait_for_timeout(DRAW_SECONDS * 1000)
            png = page.screenshot()
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=SERVE_SECONDS)
    output.write_bytes(with_text(png, PNG_KEY, counts))


def _address(server: subprocess.Popen[str]) -> str:
    assert server.stdout is not None
    deadline = time.monotonic() + SERVE_SECONDS
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        found = URL.search(line)
        if found:
            return found.group()
        if not line and server.poll() is not None:
            break
    raise SystemExit("pathtui serve did not print its address")


def main(argv: list[str]) -> int:
    browser = "--browser" in argv
    paths = [a for a in argv if a != "--browser"]
    output = Path(paths[0]) if paths else DEFAULT_OUTPUT
    with tempfile.TemporaryDirectory() as folder:
        for name in ("PATHTUI_DATA_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(Path(folder) / name.lower())
        asyncio.run(capture(output))
        print(f"wrote {output}")
    if browser:
        with tempfile.TemporaryDirectory() as folder:
            for name in ("PATHTUI_DATA_DIR", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
                os.environ[name] = str(Path(folder) / name.lower())
            capture_browser(BROWSER_OUTPUT)
        print(f"wrote {BROWSER_OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
