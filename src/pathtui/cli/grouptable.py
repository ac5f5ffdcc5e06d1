"""``pathtui group``: the study group's table, answered without Typer.

The grammar (``grammar.py``) sends a plain ``pathtui group [--json]`` here
before Typer is imported, like the other everyday commands; the Typer
``group`` callback (``cli/groups.py``) calls the same function. It reads only
this device's copy of the group (``services/groupview.py``): no git, no
network. New cheers are printed under the table and count as seen.

Like ``status``, a call whose answer is already known reads it straight from
storage (``storage/groupanswer.py``) and imports nothing else of pathtui:
with 500 members, drawing the table costs more than the whole call may
(docs/performance.md has the figures).
"""

from __future__ import annotations

import sys

from pathtui.storage import groupanswer

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path


def _write(text: str) -> None:
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def show_group(path_file: str | Path | None = None, as_json: bool = False) -> None:
    """One line per member (``--json``: the list DESIGN.md describes)."""
    import time

    file = None if path_file is None else str(path_file)
    kind = "json" if as_json else "table"
    day = time.strftime("%Y-%m-%d")
    known = groupanswer.lookup(file, kind, day)
    if known is not None:
        _write(known)
        return
    _write(_work_out(file, as_json, kind, day))


def _work_out(file: str | None, as_json: bool, kind: str, day: str) -> str:
    import datetime as dt

    from pathtui.model.grouptable import lines
    from pathtui.services.groupcheers import mark_seen, new_cheers
    from pathtui.services.groupview import joined, view
    from pathtui.services.session import Session

    session = Session.open(file)
    me = joined(session.progress)
    progress_file, clone = str(session.store.file), str(me.folder)
    state = groupanswer.state_now(progress_file, clone)
    today = dt.date.fromisoformat(day)
    shown = view(me, today)
    if as_json:
        import json

        text = json.dumps(shown.rows, ensure_ascii=False, indent=2)
        cheers = []
    else:
        cheers = new_cheers(session.progress)
        text = "\n".join(
            [shown.heading(), *lines(shown.rows, today), *(c.line() for c in reversed(cheers))]
        )
    if cheers:
        mark_seen(session.progress, cheers)  # shown now: the next call is another text
    else:
        groupanswer.keep(file, progress_file, clone, state, day, kind, text)
    return text
