"""Export and import: a Markdown report for a portfolio, and a JSON copy of
everything in the progress file that imports back without losing anything.

No Typer, no Textual: the CLI calls these and prints. An import is read
and validated in full (by the same checks the store applies to the progress
file) before anything is written, so a bad file can never damage progress.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pathtui import __version__
from pathtui.errors import ProgressFileError
from pathtui.model.pace import describe_recent_pace, shows_overall_pace
from pathtui.model.plan import NOT_PICKED, count_note, not_picked
from pathtui.model.progress import PROGRESS_SCHEMA, ItemState, Progress, finished_at, utcnow
from pathtui.model.sanitise import sanitise_json
from pathtui.model.timeleft import trim
from pathtui.services.markdown import md
from pathtui.services.portfoliojobs import markdown_sections
from pathtui.services.session import Session
from pathtui.storage import progressfile
from pathtui.storage.progressread import parse_progress

if TYPE_CHECKING:
    from pathtui.model.picture import StudyPicture

#: Marks a JSON file as a pathtui export, and its layout's version.
EXPORT_FORMAT = "pathtui-progress"
EXPORT_VERSION = 2
#: Refuse import files larger than this (a real export is a few hundred KB).
MAX_IMPORT_BYTES = 64 * 1024 * 1024


# --------------------------------------------------------------------------- JSON


def _stamp(value: dt.datetime) -> str:
    return value.isoformat(timespec="microseconds")


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_ready(v) for key, v in value.items()}
    if isinstance(value, dt.datetime):
        return _stamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def progress_to_dict(progress: Progress) -> dict[str, Any]:
    """Everything in the progress file as JSON-ready data: the file's own
    layout, stamps and removed log entries included, so an export merges
    elsewhere exactly as the file would."""
    return _json_ready(progressfile.to_data(progress))


def export_json(progress: Progress, now: dt.datetime | None = None) -> str:
    """The JSON export: a small envelope around ``progress_to_dict`` (DEL and C1
    controls written as escapes: the same data, and safe to print)."""
    return sanitise_json(
        {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            "pathtui": __version__,
            "exported": _stamp(now or utcnow()),
            "progress": progress_to_dict(progress),
        },
        indent=2,
    )


def _as_stamp(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _typed(data: dict[str, Any]) -> dict[str, Any]:
    """Turn the JSON strings back into dates and times where the file has them;
    anything odd is left as it is for the validator to name."""
    if data.get("schema") != 1:
        return progressfile.typed(data)
    return _typed_v1(data)


def _typed_v1(data: dict[str, Any]) -> dict[str, Any]:
    """An export made by a schema-1 pathtui (export format 1)."""
    out = dict(data)
    for key in ("created", "reset_at"):
        if key in out:
            out[key] = _as_stamp(out[key])
    if out.get("reset_at", "") is None:
        del out["reset_at"]
    settings = out.get("settings")
    if isinstance(settings, dict):
        settings = dict(settings)
        settings["start_date"] = _as_date(settings.get("start_date"))
        settings["changed"] = _as_stamp(settings.get("changed"))
        out["settings"] = settings
    items = out.get("items")
    if isinstance(items, dict):
        out["items"] = {
            key: ({**v, "changed": _as_stamp(v.get("changed"))} if isinstance(v, dict) else v)
            for key, v in items.items()
        }
    log = out.get("log")
    if isinstance(log, list):
        out["log"] = [
            (
                {**e, "date": _as_date(e.get("date")), "created": _as_stamp(e.get("created"))}
                if isinstance(e, dict)
                else e
            )
            for e in log
        ]
    return out


def _cannot_import(file: Path, problem: str) -> ProgressFileError:
    return ProgressFileError(f"Cannot import {file}: it {problem}; your progress was not changed.")


def _read_source(file: Path) -> bytes:
    """An import file's bytes: a regular file only (a named pipe would wait for
    a writer for ever), never more than MAX_IMPORT_BYTES."""
    import os
    import stat

    try:
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _cannot_import(file, "does not exist") from None
    except OSError as exc:
        raise _cannot_import(file, f"cannot be read ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _cannot_import(file, "is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise _cannot_import(file, "is not a regular file (a pipe or a device?)")
        if st.st_size > MAX_IMPORT_BYTES:
            size = st.st_size // 1024 // 1024
            raise _cannot_import(file, f"is {size} MB, far larger than an export")
        with os.fdopen(os.dup(fd), "rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise _cannot_import(file, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_IMPORT_BYTES:
        raise _cannot_import(file, "is far larger than an export")
    return raw


def _toml_source(raw: bytes, file: Path) -> dict[str, Any]:
    """A progress or backup file's table, parsed with ``tomllib`` (the schema's
    checks then run on it, with import wording)."""
    import tomllib

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _cannot_import(file, "is not text") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _cannot_import(file, f"is not valid TOML ({exc})") from None
    except (ValueError, RecursionError):
        raise _cannot_import(file, "is not a TOML file pathtui can read") from None


def read_import(file: Path, path_id: str) -> Progress:
    """Read and fully validate an export (JSON) or a progress/backup file (TOML).

    Both kinds get the same checks (unknown keys, a newer schema, every value),
    and errors speak of the file being imported, never of the progress file.
    """
    raw = progressfile.without_bom(_read_source(file))  # a file saved by Notepad
    toml = file.suffix.lower() == ".toml"
    if toml:
        inner = _toml_source(raw, file)
    else:
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise _cannot_import(file, "is not text") from None
        except json.JSONDecodeError as exc:
            raise _cannot_import(
                file, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
            ) from None
        if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
            raise _cannot_import(
                file, "is not a pathtui export (made by `pathtui export --format json`)"
            )
        version = data.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise _cannot_import(file, "has no valid format_version")
        if version > EXPORT_VERSION:
            raise _cannot_import(file, f"was made by a newer pathtui (export format {version})")
        wrapped = data.get("progress")
        if not isinstance(wrapped, dict):
            raise _cannot_import(file, "has no progress in it")
        inner = wrapped
        inner = _typed(inner)
    schema = inner.get("schema")
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > PROGRESS_SCHEMA:
        raise _cannot_import(
            file, f"holds progress from a newer pathtui (schema {schema}); upgrade pathtui"
        )
    progress = parse_progress(inner, file, path_id, refuse=_cannot_import)
    marked = progress.schema >= progressfile.END_MARKER_SINCE
    if toml and marked and not progressfile.has_end_marker(raw.decode("utf-8")):
        raise _cannot_import(file, "ends early (its last line is missing): it was cut short")
    return progress


def left_out(file: Path, progress: Progress) -> str | None:
    """One sentence naming what the reader set aside from an import or a backup
    (values pathtui cannot use), or None: that file itself keeps them."""
    if not progress.set_aside:
        return None
    from pathtui.storage.progressread import set_aside_words

    count = len(progress.set_aside)
    what = "a value" if count == 1 else f"{count} values"
    return (
        f"Left out of {file}: {what} pathtui cannot use, {set_aside_words(progress.set_aside)}; "
        "that file still holds them."
    )


# --------------------------------------------------------------------------- Markdown


def _hours(value: float) -> str:
    return f"{trim(value)} h"


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _summary_rows(session: Session, picture: StudyPicture, today: dt.date) -> list[str]:
    est = session.estimate()
    pace, fc, plan = picture["pace"], picture["forecast"], picture["schedule"]
    rows = [
        ("Started", session.progress.settings.start_date.isoformat()),
        (
            "Complete",
            f"{est.items_complete} of {est.items_total} items ({round(est.percent)}%)"
            f" · {est.items_done} done, {est.items_skipped} skipped",
        ),
    ]
    if pace["study_days"]:
        rows.append(
            (
                "Time logged",
                f"{_hours(pace['logged_hours'])} on {_count(pace['study_days'], 'day')}",
            )
        )
        overall = (
            f" · {_hours(pace['overall'] or 0.0)}/week since {pace['since']}"
            if shows_overall_pace(pace)
            else ""
        )
        rows.append(
            (
                "Pace",
                f"{describe_recent_pace(pace)}{overall} · plan {_hours(pace['planned'])}/week",
            )
        )
    rows.append(
        (
            "Forecast",
            f"{fc['left']} ({fc['finish']['earliest']} to {fc['finish']['latest']}), {fc['basis']}",
        )
    )
    rows.append(("Schedule", plan["text"]))
    streak = picture["streak"]
    if streak is not None and pace["study_days"]:
        weeks, days = streak["weeks"], streak["days"]
        rows.append(
            (
                "Streaks",
                f"{_count(weeks['current'], 'week')} meeting the goal "
                f"(longest {weeks['longest']}) · "
                f"{_count(days['current'], 'study day')} in a row (longest {days['longest']})",
            )
        )
    lines = ["| | |", "|---|---|"]
    lines += [f"| {md(name)} | {md(value)} |" for name, value in rows]
    return lines


def export_markdown(session: Session, today: dt.date, *, jobs: bool = True) -> str:
    """A progress report for a README: summary, every step with ticks, then the
    portfolio and (unless ``jobs`` is False) the job search."""
    progress = session.progress
    picture = session.study_picture(today)
    logged = session.logged_by_item()
    lines = [
        f"# My progress: {md(session.path.title)}",
        "",
        f"Exported from pathtui on {today.isoformat()}.",
        "",
        *_summary_rows(session, picture, today),
    ]
    est = session.estimate()
    states = progress.states()
    for section in session.path.all_sections():
        rows = []
        aside = not_picked(section, states)
        for item in section.items:
            state = progress.state(item.id)
            hours = logged.get(item.id, 0.0)
            if not section.number and state == "todo" and not hours:
                continue
            entry = progress.items.get(item.id)
            rows.append(_item_line(item.title, state, entry, hours, item.id in aside))
        if not rows:
            continue
        if section.number:
            count = est.steps[section.number - 1]
            why = count_note(section, states)
            heading = (
                f"## Step {section.number}: {md(section.title)} "
                f"({count.done}/{count.total}{f' · {md(why)}' if why else ''})"
            )
        else:
            heading = f"## Extras: {md(section.title)}"
        lines += ["", heading, "", *rows]
    lines += markdown_sections(session, today, jobs=jobs)
    return "\n".join(lines) + "\n"


def _item_line(
    title: str, state: str, entry: ItemState | None, hours: float, aside: bool = False
) -> str:
    """One item as a task-list line; ``aside``: an option the learner did not pick."""
    details = [NOT_PICKED] if aside else []
    if state in ("done", "skipped") and entry is not None:
        details.append(f"{state} {finished_at(entry).astimezone().date().isoformat()}")
    elif state == "learning":
        details.append("learning")
    if hours:
        details.append(f"{_hours(hours)} logged")
    tick = "x" if state in ("done", "skipped") else " "
    name = f"~~{md(title)}~~" if state == "skipped" else md(title)
    tail = f" — {' · '.join(details)}" if details else ""
    return f"- [{tick}] {name}{tail}"


def write_export(text: str, target: Path, progress_file: Path) -> None:
    """Write an export atomically, never over the progress file itself."""
    from pathtui.storage.atomic import atomic_write

    if target.resolve() == progress_file.resolve():
        raise ProgressFileError(f"{target} is your progress file; export to another file name.")
    try:
        atomic_write(target, text)
    except OSError as exc:
        raise ProgressFileError(f"Could not write {target} ({exc.strerror}).") from None
