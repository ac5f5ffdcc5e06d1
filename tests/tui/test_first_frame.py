"""What the tracker's first frame loads: nothing for a screen it does not show.

The first frame is measured against a minimal Textual app (bench/, target
1.2x), so every screen, dialog or widget that is not on it is imported when
it first opens. These tests hold that for the screens there are now and for
those to come (a Group or Review screen is caught as soon as anything imports
its module on the way to the first frame): a fresh interpreter starts the
tracker through the one factory, and lists what is loaded at the moment of
its first frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tui_support import new_session

#: Runs in a fresh interpreter: the tracker headless, the modules it has loaded
#: when its first frame is out (the first callback after the first refresh),
#: and the classes of every widget on screen then.
PROBE = textwrap.dedent(
    """
    import asyncio, inspect, sys

    from pathtui.services.session import Session
    from pathtui.tui.app import PathtuiApp, make_app

    seen = {}

    def first_frame(app):
        from textual.screen import Screen
        from textual.widget import Widget

        loaded = sorted(sys.modules)
        shown = {
            type(node)
            for screen in app.screen_stack
            for node in screen.walk_children(with_self=True)
        }
        defined = []
        for name in loaded:
            if not name.startswith("pathtui."):
                continue
            for _, obj in inspect.getmembers(sys.modules[name], inspect.isclass):
                if obj.__module__ == name and issubclass(obj, Widget):
                    defined.append(
                        {
                            "name": f"{name}.{obj.__qualname__}",
                            "screen": issubclass(obj, Screen),
                            "shown": any(issubclass(kind, obj) for kind in shown),
                        }
                    )
        seen.update(modules=loaded, widgets=defined)

    class Probe(PathtuiApp):
        def on_mount(self):
            self.call_after_refresh(first_frame, self)  # before the tracker's own
            super().on_mount()

    async def main():
        app = make_app(Session.open(None))
        app.__class__ = Probe
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()

    asyncio.run(main())
    import json  # only now: the tracker's first frame does without it

    print(json.dumps(seen))
    """
)

#: Modules the first frame does without: every screen but the main one, the
#: dialogs, the undo history (built at the first change), the study timer (at
#: T), the palette's commands (at Ctrl+P), JSON (a note with a quote), the
#: charts and tabs of the history screen. (Textual's Pilot itself loads Button.)
NOT_BEFORE_THE_FIRST_FRAME = (
    "pathtui.tui.tracker",
    "pathtui.tui.timer",
    "pathtui.tui.commands",
    "pathtui.tui.widgets.timerbar",
    "pathtui.tui.widgets.paceform",
    "pathtui.sync.auto",
    "json",
    "textual_plotext",
    "plotext",
    "textual.widgets._tabbed_content",
)


def first_frame() -> dict[str, list]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_no_screen_but_the_main_one_is_loaded_before_the_first_frame(data_dir: Path) -> None:
    new_session()  # a learner with a progress file: the main screen, no welcome
    seen = first_frame()
    screens = [w["name"] for w in seen["widgets"] if w["screen"]]
    assert screens == ["pathtui.tui.screens.main.MainScreen"]
    unseen = [w["name"] for w in seen["widgets"] if not w["shown"]]
    assert unseen == [], "widgets defined in modules the first frame loaded, but not on it"
    dialogs = [m for m in seen["modules"] if m.endswith(("_dialog", ".confirm", ".note"))]
    assert dialogs == []
    early = [m for m in NOT_BEFORE_THE_FIRST_FRAME if m in seen["modules"]]
    assert early == []


def test_the_first_run_loads_the_welcome_screen_and_nothing_else(data_dir: Path) -> None:
    seen = first_frame()  # no progress file yet: the welcome screen opens on top
    screens = sorted(w["name"] for w in seen["widgets"] if w["screen"])
    assert screens == [
        "pathtui.tui.screens.main.MainScreen",
        "pathtui.tui.screens.welcome.WelcomeScreen",
    ]
    assert all(w["shown"] for w in seen["widgets"])
