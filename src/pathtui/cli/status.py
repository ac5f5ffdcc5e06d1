"""``pathtui status``: the one-line picture, fast enough for every prompt.

A prompt that already printed today finds the text in the cache and imports
nothing beyond what Python loads at startup but a few small pathtui modules
(``services/summarycache.py`` and ``storage/statuscache.py`` explain). The
first call of a day works the text out from the cached summary
(``model/statusline.py``: adds ``datetime`` and the study modules); the path
model, tomllib, Typer and Textual are loaded only when the files changed
since the cache was made.
"""

from __future__ import annotations

import os
import sys

# A warm `pathtui status` imports these small modules (the summary's cache and
# where it lives) and nothing else of pathtui (docs/performance.md has the figures).
from pathtui.services.summarycache import cache_dir, cache_key, cached, rebuild
from pathtui.storage.locations import data_dir_name
from pathtui.storage.statuscache import answer, drop_old_caches, remember, write_cache

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

    from pathtui.model.picture import Summary


def _render(
    summary: Summary,
    as_json: bool,
    template: str | None,
    pace: float,
    today: dt.date,
) -> str:
    from pathtui.errors import PathtuiError
    from pathtui.model.statusline import placeholders, render_template, status_json, status_line

    if as_json:
        import json

        return json.dumps(status_json(summary, today, pace), ensure_ascii=False, indent=2)
    if template is not None:
        try:
            return render_template(template, placeholders(summary, today, pace))
        except ValueError as exc:
            raise PathtuiError(str(exc)) from None
    return status_line(summary, today, pace)


def run_status(
    path_file: str | None = None,
    as_json: bool = False,
    template: str | None = None,
    hours_per_week: float | None = None,
    today: dt.date | None = None,
) -> str:
    """The text ``pathtui status`` prints (raises PathtuiError on bad input)."""
    if hours_per_week is not None or (as_json and template is not None):
        from pathtui.errors import PathtuiError
        from pathtui.model.valueranges import MAX_HOURS_PER_WEEK, MIN_HOURS_PER_WEEK

        if as_json and template is not None:
            raise PathtuiError("Give --json or --format, not both.")
        if hours_per_week is not None and not (
            MIN_HOURS_PER_WEEK <= hours_per_week <= MAX_HOURS_PER_WEEK
        ):
            raise PathtuiError(  # the same words as userinput.check_hours_per_week
                "--hours-per-week: Hours per week must be from "
                f"{MIN_HOURS_PER_WEEK:g} to {MAX_HOURS_PER_WEEK:g}."
            )
    path_file, source_key, path_sig = cache_key(path_file)
    folder = cache_dir()
    cache = cached(folder, source_key, path_sig)
    fresh = missed = cache is None
    key = f"{'json' if as_json else 'line' if template is None else 'format:' + template}"
    key += f"|{hours_per_week!r}"
    day = None
    if today is None:  # the real clock: today's answer may be in the cache already
        import time

        day = time.strftime("%Y-%m-%d")
        text = answer(cache, day, key)
        if text is not None:
            return text
    if cache is None:
        summary, cache = rebuild(path_file, source_key, path_sig)
    else:
        summary = cache["summary"]
    try:
        if today is None:
            import datetime as dt

            today = dt.date.fromisoformat(day or time.strftime("%Y-%m-%d"))
        pace = hours_per_week or summary["hours_per_week"]
        text = _render(summary, as_json, template, pace, today)
        if cache is not None and day is not None:
            remember(cache, day, key, text)
            fresh = True
        return text
    finally:
        if cache is not None and fresh and folder:
            write_cache(folder, source_key, cache)
            if not missed:
                # The first call of a day (a command that saved leaves its
                # summary without answers): older releases kept caches here.
                drop_old_caches(data_dir_name())


def print_status(
    path_file: str | os.PathLike[str] | None = None,
    as_json: bool = False,
    template: str | None = None,
    hours_per_week: str | float | None = None,
    status_path: str | os.PathLike[str] | None = None,
    every_path: bool = False,
) -> None:
    """``pathtui status``: work out the text and print it. ``status_path`` is a
    ``--path`` given after the command word; ``every_path`` (``--all``) prints
    every path's."""
    pace = None
    if hours_per_week is not None:
        try:
            pace = float(hours_per_week)
        except ValueError:
            from pathtui.errors import PathtuiError

            shown = str(hours_per_week)[:40]
            raise PathtuiError(
                f"--hours-per-week must be a number like 7.5, not {shown!r}."
            ) from None
    if every_path:
        status_all(as_json=as_json, template=template, hours_per_week=pace)
        return
    chosen = status_path if status_path is not None else path_file
    file = None if chosen is None else os.fspath(chosen)
    write_out(run_status(file, as_json, template, pace))


def status_all(as_json: bool, template: str | None, hours_per_week: float | None) -> None:
    """``status --all``: the status of every path, one line each (or one JSON list)."""
    import json

    from pathtui.errors import PathtuiError
    from pathtui.services import paths

    results = []
    for path_id, file in paths.all_paths():
        source = file if file is not None else paths.builtin_name()
        try:
            text = run_status(
                source, as_json=as_json, template=template, hours_per_week=hours_per_week
            )
        except PathtuiError as exc:  # it may quote the file: shown through the sanitiser
            from pathtui.model.sanitise import sanitise, sanitise_json

            if as_json:
                text = sanitise_json({"path": {"id": path_id}, "error": str(exc)}, indent=None)
            else:
                text = f"cannot be read: {sanitise(str(exc))}"
        results.append((path_id, text))
    if as_json:
        from pathtui.model.sanitise import sanitise_json

        write_out(sanitise_json([json.loads(t) for _, t in results]))
        return
    width = max(len(pid) for pid, _ in results)
    for path_id, text in results:
        write_out(f"{path_id:<{width}}  {text}")


def write_out(text: str) -> None:
    """Print without ever failing on a terminal that cannot show '·' or '–'."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()
