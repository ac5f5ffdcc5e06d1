"""Runs inside a tmux pane under valgrind: a start that ends at its first frame.

    python first_frame_probe.py minimal|tracker MARKER...

Textual's Linux driver hands every frame to its writer thread as one string;
the first string that holds every marker (the texts the bench waits for on
screen, escape sequences aside) is the first frame, and the process ends
right there, before writing it, so what valgrind counts is the work up to the
first frame and nothing after it.
"""

from __future__ import annotations

import os
import re
import sys

from textual.drivers.linux_driver import LinuxDriver

#: CSI sequences (colours, cursor moves) between the characters of a frame.
CSI = re.compile(r"\x1b\[[0-9;?<>]*[A-Za-z]")


def main(kind: str, markers: list[str]) -> int:
    write = LinuxDriver.write

    def first_frame_ends_it(self: LinuxDriver, data: str) -> None:
        text = CSI.sub("", data)
        if all(marker in text for marker in markers):
            os._exit(0)
        write(self, data)

    LinuxDriver.write = first_frame_ends_it  # type: ignore[method-assign]
    if kind == "minimal":
        from minimal_app import MinimalApp

        MinimalApp().run()
        return 1
    from pathtui.cli.script import main as pathtui

    return pathtui([]) or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
