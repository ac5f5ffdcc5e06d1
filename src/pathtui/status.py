"""``pathtui status``: the one-line picture, fast enough for every prompt.

On a warm cache this imports nothing beyond what Python loads at startup
except six small pathtui modules (``--format`` adds ``re``, which the
console script has loaded already); the path model, tomllib, Typer and
Textual are loaded only when the cache is stale (see ``statusview``).
"""

from __future__ import annotations

import os
import sys

from pathtui import __version__, locations
from pathtui.statusview import (
    file_signature,
    placeholders,
    read_cache,
    render_template,
    status_json,
    status_line,
    write_cache,
)

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt


def _summary(path_file: str | None) -> dict:
    """The summary from cache if both files are unchanged, else freshly built."""
    if path_file is None:
        embedded = locations.embedded_path_name()
        source_key = "builtin"
        path_sig = file_signature(embedded) if embedded else None
    else:
        source_key = "file:" + os.path.abspath(path_file)
        path_sig = file_signature(path_file)
    data_dir = locations.data_dir_name()
    cached = read_cache(data_dir, source_key, path_sig, __version__)
    if cached is not None:
        return cached
    from pathtui.session import Session

    session = Session.open(path_file)
    progress_sig = file_signature(str(session.store.file))
    summary = session.summary()
    if summary["has_progress"] and not session.store.read_only_reason:
        write_cache(data_dir, source_key, path_sig, __version__, summary, progress_sig)
    return summary


def run_status(
    path_file: str | None = None,
    as_json: bool = False,
    template: str | None = None,
    hours_per_week: float | None = None,
    today: dt.date | None = None,
) -> str:
    """The text ``pathtui status`` prints (raises PathtuiError on bad input)."""
    from pathtui.errors import PathtuiError

    if hours_per_week is not None and not hours_per_week > 0:
        raise PathtuiError("--hours-per-week must be a number greater than 0.")
    summary = _summary(path_file)
    pace = hours_per_week or summary["hours_per_week"]
    if as_json:
        from pathtui import jsontext

        return jsontext.dumps(status_json(summary, today, pace))
    if template is not None:
        try:
            return render_template(template, placeholders(summary, today, pace))
        except ValueError as exc:
            raise PathtuiError(str(exc)) from None
    return status_line(summary, today, pace)


def write_out(text: str) -> None:
    """Print without ever failing on a terminal that cannot show '·' or '–'."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()
