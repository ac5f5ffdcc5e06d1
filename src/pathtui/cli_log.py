"""Study-log commands: ``log``, ``export``, ``import`` and the streak settings.

Registered on the app from ``pathtui.cli`` (one import line at the bottom of
that module), kept here so the study log stays in one place. Like the rest
of the CLI this only parses, calls the core and prints.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from pathtui.cli import _opts, app, config_app, confirm_or_exit
from pathtui.durations import MINUTES_PER_HOUR, format_hours, parse_day, parse_duration
from pathtui.errors import PathtuiError
from pathtui.path import clean_text
from pathtui.schema import DAY_MINIMUM, REST_DAYS
from pathtui.session import Session
from pathtui.streaks import describe_streak
from pathtui.timeleft import describe_pace, trim

#: How much of a note ``log --list`` shows.
NOTE_WIDTH = 40


def _today() -> dt.date:
    """The learner's local date: every date the log shows or checks is local."""
    return dt.date.today()


def _fail(error: ValueError) -> PathtuiError:
    return PathtuiError(str(error))


def _after_log(session: Session, today: dt.date) -> str:
    """One line on where the week stands, after a change to the log."""
    picture = session.study_picture(today)
    monday = today - dt.timedelta(days=today.weekday())
    week = sum(e.hours for e in session.progress.live_log() if monday <= e.date <= today)
    goal = trim(session.hours_per_week)
    parts = [
        f"this week {format_hours(week)} of your {goal} h goal"
        if week
        else f"nothing logged this week yet (goal {goal} h)"
    ]
    streak = picture["streak"]
    if streak is not None and describe_streak(streak):
        parts.append(describe_streak(streak))
    fc = picture["forecast"]
    if fc["personal"]:
        parts.append(f"you: {fc['left']} left at {describe_pace(fc['hours_per_week'])}")
    return "Now: " + " · ".join(parts)


def _list(session: Session, item: str | None) -> None:
    entries = [e for e in session.progress.live_log() if item is None or e.item == item]
    if not entries:
        scope = f" on {item}" if item else ""
        typer.echo(f"No study time logged{scope} yet. Log some with `pathtui log 1.5`.")
        return
    rows = [
        (
            e.id,
            e.date.isoformat(),
            format_hours(e.hours),
            e.item or "-",
            clean_text(e.note)[:NOTE_WIDTH],
        )
        for e in sorted(entries, key=lambda e: (e.date, e.created, e.id))
    ]
    header = ("ENTRY", "DATE", "TIME", "ITEM", "NOTE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        typer.echo("  ".join([*cells, row[4]]).rstrip())
    total = sum(e.hours for e in entries)
    days = len({e.date for e in entries})
    typer.echo(f"Total {format_hours(total)} on {days} day{'s' if days != 1 else ''}.")


def _remove(session: Session, entry_id: str) -> None:
    with session.editing():
        entry = session.find_log_entry(entry_id)
        session.progress.remove_log(entry.id)
    what = f" on {entry.item}" if entry.item else ""
    typer.echo(
        f"Removed entry {entry.id}: {format_hours(entry.hours)} on {entry.date.isoformat()}{what}."
    )


@app.command("log")
def log_command(
    ctx: typer.Context,
    duration: Annotated[
        str | None,
        typer.Argument(
            metavar="DURATION", help="How long you studied: 1.5 (hours), 90m, 1h30m or 1:30."
        ),
    ] = None,
    date: Annotated[
        str,
        typer.Option("--date", "-d", metavar="DATE", help="YYYY-MM-DD, today or yesterday."),
    ] = "today",
    item: Annotated[
        str | None,
        typer.Option("--item", "-i", metavar="ID", help="The item you worked on (optional)."),
    ] = None,
    note: Annotated[
        str, typer.Option("--note", "-n", metavar="TEXT", help="A short note (optional).")
    ] = "",
    show: Annotated[
        bool, typer.Option("--list", "-l", help="List the log (with --item, just that item).")
    ] = False,
    remove: Annotated[
        str | None,
        typer.Option("--remove", metavar="ENTRY", help="Remove a mistaken entry by its id."),
    ] = None,
) -> None:
    """Log study time, list the log, or remove a mistaken entry."""
    modes = sum([duration is not None, show, remove is not None])
    if modes > 1:
        raise PathtuiError("Give a duration, --list or --remove, one at a time.")
    session = _opts(ctx).session()
    today = _today()
    if show:
        if item:
            session.resolve([item])
        _list(session, item)
        return
    if remove is not None:
        _remove(session, remove)
        typer.echo(_after_log(session, today))
        return
    if duration is None:
        raise PathtuiError(
            "Give how long you studied, e.g. `pathtui log 1.5` or `pathtui log 45m`; "
            "`pathtui log --list` shows the log."
        )
    try:
        hours = parse_duration(duration)
        day = parse_day(date, today)
    except ValueError as exc:
        raise _fail(exc) from None
    entry = session.log_time(hours, day, item or "", note)
    what = f" on {entry.item}" if entry.item else ""
    typer.echo(
        f"Logged {format_hours(hours)} on {day.isoformat()}{what} (entry {entry.id}; "
        f"`pathtui log --remove {entry.id}` undoes it)."
    )
    typer.echo(_after_log(session, today))


# --------------------------------------------------------------------------- export / import


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown (a progress report for a README) or json (everything, to import).",
        ),
    ] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE instead of the screen."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite FILE if it exists already.")
    ] = False,
) -> None:
    """Export your progress as a Markdown report or a JSON copy."""
    from pathtui.transfer import export_json, export_markdown, write_export

    fmt = fmt.lower()
    if fmt in ("md", "markdown"):
        session = _opts(ctx).session()
        text = export_markdown(session, _today())
    elif fmt == "json":
        session = _opts(ctx).session()
        text = export_json(session.progress) + "\n"
    else:
        raise PathtuiError(f"--format must be markdown or json, not {fmt!r}.")
    if output is None or str(output) == "-":
        typer.echo(text, nl=False)
        return
    mine = output.resolve() == session.store.file.resolve()  # write_export refuses that
    if not mine and not force and (output.exists() or output.is_symlink()):
        raise PathtuiError(f"{output} exists already; add --force to overwrite it.")
    write_export(text, output, session.store.file)
    typer.echo(f"Exported {fmt} to {output}.", err=True)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A JSON export (or a progress/backup .toml file)."),
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Replace your progress with the file's instead of merging the two.",
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask before replacing.")] = False,
) -> None:
    """Import an export: merged into your progress (default) or replacing it.

    The file is checked in full first; your progress file is backed up before
    anything is written.
    """
    from pathtui.backups import replace_progress, restore_command, why_unchanged
    from pathtui.progress import merge
    from pathtui.transfer import read_import

    session = _opts(ctx).session()
    imported = read_import(file, session.path.id)
    before = _counts(session)
    imported.apply_renames(session.path.renames())
    if replace:
        if session.store.exists and not yes:
            confirm_or_exit(
                f"Replace your progress ({before[0]} items, {before[1]} log entries) with "
                f"{file}? A backup is written first"
            )
        backup = replace_progress(session, imported)
    else:
        mine = session.progress
        merged = merge(mine, imported)
        merged.apply_renames(session.path.renames())
        if session.store.exists and (merged.epoch, merged.tables) == (mine.epoch, mine.tables):
            typer.echo(
                f"Nothing changed: {why_unchanged(mine, imported)}. To make {file} your "
                f"progress instead, run: {restore_command(file, _opts(ctx).path_file)}"
            )
            return
        with session.store.locked():
            backup = session.store.backup()
            with session.editing():
                session.progress = merge(session.progress, imported)
                session.progress.apply_renames(session.path.renames())
                session.progress.tick()  # an import is a change even if it adds nothing new
    if backup is not None:
        typer.echo(f"Backup written to {backup}")
    after = _counts(session)
    verb = "Replaced your progress with" if replace else "Merged into your progress:"
    typer.echo(
        f"{verb} {file}: now {_items(after[0])} with progress and {_entries(after[1])} "
        f"(before: {before[0]} and {before[1]})."
    )


def _items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def _entries(count: int) -> str:
    return f"{count} log entr{'ies' if count != 1 else 'y'}"


def _counts(session: Session) -> tuple[int, int]:
    return len(session.progress.items), len(session.progress.live_log())


# --------------------------------------------------------------------------- settings


def _parse_minutes(text: str) -> float:
    raw = text.strip()
    try:
        minutes = float(raw)
    except ValueError:
        try:
            minutes = parse_duration(raw) * MINUTES_PER_HOUR
        except ValueError:
            raise PathtuiError(
                f"{raw[:40]!r} is not a number of minutes like 15 (or a duration like 30m)."
            ) from None
    if not DAY_MINIMUM.in_bounds(minutes):
        raise PathtuiError(f"The daily minimum must be {DAY_MINIMUM.bounds()} minutes.")
    return minutes


def _save_settings(ctx: typer.Context, **changes: Any) -> Session:
    session = _opts(ctx).session()
    with session.editing():
        session.progress.update_settings(**changes)
    return session


@config_app.command("day-minimum")
def config_day_minimum(
    ctx: typer.Context,
    minutes: Annotated[
        str, typer.Argument(metavar="MINUTES", help="Minutes that make a study day, e.g. 15.")
    ],
) -> None:
    """Save how much study makes a day count for the day streak (default 15 minutes)."""
    value = _parse_minutes(minutes)
    _save_settings(ctx, day_minimum_minutes=value)
    typer.echo(f"A study day now needs {trim(value)} minutes.")


@config_app.command("rest-days")
def config_rest_days(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="N", help="Rest days per week that keep a day streak.")
    ],
) -> None:
    """Save how many days a week you may rest without breaking the day streak (default 1)."""
    days = int(text) if text.strip().isdigit() else -1
    if not REST_DAYS.in_bounds(days):
        raise PathtuiError(f"Rest days per week must be a whole number {REST_DAYS.bounds()}.")
    _save_settings(ctx, rest_days_per_week=days)
    rest = f"{days} rest day a week keeps" if days == 1 else f"{days} rest days a week keep"
    typer.echo(f"Up to {rest} a day streak now.")


STREAK_CHOICES = ("on", "off", "weeks", "days")


@config_app.command("streaks")
def config_streaks(
    ctx: typer.Context,
    choice: Annotated[
        str,
        typer.Argument(
            metavar="on|off|weeks|days",
            help="Switch streaks on or off, or choose the one shown: weeks or days.",
        ),
    ],
) -> None:
    """Switch streaks on or off, or choose weeks (met the goal) or study days."""
    choice = choice.strip().lower()
    if choice not in STREAK_CHOICES:
        raise PathtuiError(f"Streaks can be {', '.join(STREAK_CHOICES)}; not {choice[:20]!r}.")
    if choice == "off":
        _save_settings(ctx, streaks=False)
        typer.echo("Streaks are off; the log, pace and forecast still work.")
        return
    changes: dict[str, Any] = {"streaks": True}
    if choice in ("weeks", "days"):
        changes["streak_kind"] = choice
    session = _save_settings(ctx, **changes)
    kind = session.progress.settings.streak_kind
    shown = "weeks that met your weekly goal" if kind == "weeks" else "study days"
    typer.echo(f"Streaks are on, counting {shown}.")


def describe_settings(session: Session) -> list[str]:
    """The study-log lines of ``pathtui config``."""
    s = session.progress.settings
    return [
        f"day-minimum     {trim(s.day_minimum_minutes)} minutes",
        f"rest-days       {s.rest_days_per_week} per week",
        f"streaks         {s.streak_kind if s.streaks else 'off'}",
    ]
