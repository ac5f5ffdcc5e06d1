"""``pathtui remind``: print the nudges due now, and with ``--notify`` send them too.

A plain function with no Typer in sight: the fast path (``grammar.parse``)
calls :func:`remind` before Typer is imported, and so does the Typer command
in ``cli/remind.py``. A shell's startup file may run it: while nothing
changed since the last call today, the answer comes from the status cache
(``services/reminders.py``), and this module imports nothing else.
"""

from __future__ import annotations

import os
import sys

from pathtui.model.sanitise import sanitise, sanitise_json
from pathtui.services.reminders import due

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


def _write(stream: TextIO, text: str) -> None:
    """Print without ever failing on a terminal that cannot show a character."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def remind(
    path_file: str | os.PathLike[str] | None = None,
    as_json: bool = False,
    notify: bool = False,
) -> None:
    """``pathtui remind [--json] [--notify]``: one line per nudge, nothing when none."""
    file = None if path_file is None else os.fspath(path_file)
    nudges = due(file)
    if as_json:  # a nudge names an application's company: text from the file
        _write(sys.stdout, sanitise_json(nudges))
    else:
        for nudge in nudges:
            _write(sys.stdout, sanitise(nudge["text"]))
    if notify and nudges:
        from pathtui.services.reminders import notify_once

        _, problem = notify_once(nudges, file)
        if problem:
            _write(
                sys.stderr,
                sanitise(f"pathtui: no desktop notification: {problem}; printed instead."),
            )
