"""The README's pictures show the path as it is: `docs/screenshot.svg` and
`docs/browser.png` are made by `scripts/screenshot.py` from the real app on a
demo progress, and this test fails when the path's counts no longer match
them (then run `python scripts/screenshot.py --browser`)."""

from __future__ import annotations

import html
import importlib.util
import re
import struct
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
SVG = REPO / "docs" / "screenshot.svg"
PNG = REPO / "docs" / "browser.png"


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshot", REPO / "scripts" / "screenshot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def svg_text(file: Path) -> str:
    """The characters the SVG shows, row after row (Textual writes one
    ``<text>`` per run of cells, with non-breaking spaces)."""
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", file.read_text(encoding="utf-8"))
    return html.unescape("".join(runs)).replace("\xa0", " ")


def png_texts(file: Path) -> dict[bytes, bytes]:
    data = file.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    found, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            found[key] = value
        at += 12 + length
    return found


def test_the_pictures_and_the_readme_show_the_path_as_it_is(data_dir: Path) -> None:
    shots = script()
    session = shots.demo_session()
    counts = shots.demo_counts(session)
    est = session.estimate()

    shown = svg_text(SVG)
    assert counts in shown, f"docs/screenshot.svg does not show {counts}"
    sidebar = [f"{s.done}/{s.total}" for s in est.steps]
    found = re.findall(r"(\d+/\d+)│", shown)
    assert found[: len(sidebar)] == sidebar, "the steps' counts in docs/screenshot.svg"

    assert png_texts(PNG).get(shots.PNG_KEY) == counts.encode(), "docs/browser.png"

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = next(line for line in readme.splitlines() if line.startswith("Step 2/7 · "))
    assert f" · {counts} (" in example, "the README's status example"
