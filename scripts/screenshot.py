"""Regenerate docs/screenshot.svg from the tracker itself.

Runs the real app (the same ``make_app`` the CLI uses) headless, on a
throwaway data folder holding a mid-path demo progress, and saves Textual's
SVG export. The date is fixed so the picture only changes when the app does.

    python scripts/screenshot.py [OUTPUT.svg]
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = REPO / "docs" / "screenshot.svg"
#: Terminal size of the picture (columns, rows).
SIZE = (100, 30)
#: The day the demo estimate counts from.
DEMO_TODAY = dt.date(2026, 5, 1)


def demo_session():
    """Step 1 done, step 2 under way, a note and a skipped item."""
    from pathtui.services.session import Session

    session = Session.open()
    steps = session.path.steps
    progress = session.progress
    for item in steps[0].items:
        progress.set_state(item.id, "done")
    for item in steps[1].items[:3]:
        progress.set_state(item.id, "done")
    progress.set_state(steps[1].items[3].id, "skipped")
    progress.set_state(steps[1].items[4].id, "learning")
    progress.set_note(steps[1].items[4].id, "queue via two stacks: half done")
    session.save()
    return session


async def capture(output: Path) -> None:
    from pathtui.tui.app import make_app

    app = make_app(demo_session(), today=DEMO_TODAY, open_url=lambda _url: None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # it opens on the next item, the one with the note
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(app.export_screenshot(title="pathtui"), encoding="utf-8")


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else DEFAULT_OUTPUT
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PATHTUI_DATA_DIR"] = folder
        asyncio.run(capture(output))
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
