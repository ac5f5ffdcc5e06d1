"""What the everyday commands do: marking, notes, the log, settings and the list.

Plain functions over a :class:`Session`, with no Typer in sight: the Typer
commands in ``cli/progress.py``, ``cli/study.py`` and ``cli/config.py`` call
them, and so does the fast path (``grammar.parse``) that answers a plain call
before Typer is even imported.
Each takes the ``--path`` file and the values ``grammar.COMMANDS`` declares,
prints what a learner reads, and raises :class:`PathtuiError` (one sentence)
on bad input.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.model.durations import MINUTES_PER_HOUR, format_hours, parse_duration
from pathtui.model.pace import STOPPED_WORDS, stopped
from pathtui.model.plan import NOT_PICKED, count_note, not_picked
from pathtui.model.progress import STATES
from pathtui.model.sanitise import sanitise, sanitise_json
from pathtui.model.schema import DAY_MINIMUM, REST_DAYS
from pathtui.model.streaks import describe_streak
from pathtui.model.studyplan import describe_days, parse_study_days, parse_study_time
from pathtui.model.timeleft import describe_pace, trim
from pathtui.model.userinput import (
    moved_start,
    parse_hours_per_week,
    parse_log_date,
    parse_retention,
    parse_start_date,
    start_stays,
)
from pathtui.services.session import Session

PathFile = str | Path | None
#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

#: How much of a note ``log --list`` shows.
NOTE_WIDTH = 40
#: ``pathtui list``: the mark and the colour of each state.
MARKS = {"todo": "[ ]", "learning": "[~]", "done": "[x]", "skipped": "[-]"}
STATE_COLOURS = {"todo": "", "learning": "33", "done": "32", "skipped": "2", NOT_PICKED: "2"}
ID_COLOUR, HEADING_STYLE = "36", "1"
#: Columns of ``pathtui list`` are this far apart.
GAP = "  "
STREAK_CHOICES = ("on", "off", "weeks", "days")
ON_OFF = ("on", "off")


def echo(text: str = "", err: bool = False, *, styled: bool = False) -> None:
    """Print one line to stdout (or stderr), sanitised (``model/sanitise.py``);
    ``styled`` lines carry pathtui's own colours, their text sanitised cell by cell."""
    stream = sys.stderr if err else sys.stdout
    stream.write((text if styled else sanitise(text, lines=True)) + "\n")
    stream.flush()


def _today() -> dt.date:
    """The learner's local date: every date the log shows or checks is local."""
    return dt.date.today()


# --------------------------------------------------------------------------- items


def mark(path_file: PathFile, ids: list[str], state: str) -> None:
    """``pathtui done|learning|skip|todo ID...``: set the items' state, then the new total."""
    session = Session.open(path_file)
    session.resolve(ids)
    wanted = list(dict.fromkeys(ids))
    with session.editing():
        # Stamped even when unchanged: the learner's latest word wins at the next sync.
        changed = session.set_states(wanted, state, restamp=True)
    for item_id in wanted:
        found = session.path.find(item_id)
        title = found[1].title if found else ""
        verb = state if item_id in changed else f"already {state}"
        echo(f"{verb}: {item_id}  {title}")
    est = session.estimate()
    left = (
        "the whole path is finished"
        if est.finished
        else f"{est.words()} left at {describe_pace(session.hours_per_week)}"
    )
    echo(f"Now {est.items_complete}/{est.items_total} done ({round(est.percent)}%) · {left}")


def note(path_file: PathFile, item_id: str, text: str) -> None:
    """``pathtui note ID TEXT``: keep (or clear) a note on an item."""
    session = Session.open(path_file)
    session.resolve([item_id])
    with session.editing():
        session.set_note(item_id, text, restamp=True)
    echo(f"Note on {item_id}: {sanitise(session.progress.note(item_id)) or '(cleared)'}")


def _colour_allowed() -> bool:
    """Colour unless NO_COLOR is set, the terminal is dumb, or output is not a terminal.

    FORCE_COLOR asks for colour even into a pipe (https://no-color.org,
    https://force-color.org).
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


def list_items(
    path_file: PathFile,
    step: str | None = None,
    state: str | None = None,
    as_json: bool = False,
) -> None:
    """``pathtui list``: the steps and their items, with ids, states and hours.

    On a terminal (or with FORCE_COLOR) a padded table; piped into another
    program, one tab-separated line per item (id, state, hours, title), never
    padded or wrapped; ``--json`` a list of objects. ``--state`` leaves out the
    steps with nothing in that state.
    """
    if state is not None and state not in STATES:
        raise PathtuiError(f"--state must be one of {', '.join(STATES)}, not {state[:20]!r}.")
    session = Session.open(path_file)
    sections = session.path.all_sections()
    if step is not None:
        number = int(step) if step.strip().isdigit() else -1
        sections = tuple(s for s in sections if s.number == number)
        if not sections:
            raise PathtuiError(
                f"There is no step {step.strip()[:20]}; steps run from 1 to "
                f"{len(session.path.steps)} (0 for the extras)."
            )
    progress = session.progress
    shown = [
        (section, [i for i in section.items if state is None or progress.state(i.id) == state])
        for section in sections
    ]
    shown = [(section, items) for section, items in shown if items or state is None]
    states = progress.states()
    aside = frozenset().union(*(not_picked(section, states) for section, _ in shown))
    if as_json:
        records = [
            {
                "id": item.id,
                "step": section.number,
                "step_title": section.title,
                "title": item.title,
                "state": progress.state(item.id),
                "not_picked": item.id in aside,
                "hours": {"low": item.hours[0], "high": item.hours[1]},
                "note": progress.note(item.id),
            }
            for section, items in shown
            for item in items
        ]
        echo(sanitise_json(records))
        return
    if not shown:
        echo(f"No items are {state}.")
        return
    table = bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()
    colour = _colour_allowed()

    def paint(text: str, style: str) -> str:
        text = sanitise(text)
        return f"\x1b[{style}m{text}\x1b[0m" if colour and style else text

    est = session.estimate()
    out: list[str] = []
    for section, items in shown:
        if section.number:
            count = est.steps[section.number - 1]
            why = count_note(section, states)
            heading = (
                f"Step {section.number}: {section.title}  "
                f"({count.done}/{count.total}{f' · {why}' if why else ''})"
            )
        else:
            heading = f"Extras: {section.title}  (outside the estimate)"
        rows = [
            (
                item.id,
                NOT_PICKED if item.id in aside else progress.state(item.id),
                f"{MARKS[progress.state(item.id)]} "
                + (NOT_PICKED if item.id in aside else progress.state(item.id)),
                f"{item.hours[0]:g}–{item.hours[1]:g} h",
                item.title + (" ✎" if table and progress.note(item.id) else ""),
            )
            for item in items
        ]
        out.append(paint(heading, HEADING_STYLE))
        if not table:  # piped: whole rows a script can cut on tabs
            out += ["\t".join((r[0], r[1], r[3], r[4])) for r in rows]
            out.append("")
            continue
        id_width = max((len(r[0]) for r in rows), default=0)
        state_width = max((len(r[2]) for r in rows), default=0)
        hours_width = max((len(r[3]) for r in rows), default=0)
        for item_id, item_state, mark, hours, title in rows:
            cells = (
                paint(item_id.ljust(id_width), ID_COLOUR),
                paint(mark.ljust(state_width), STATE_COLOURS[item_state]),
                hours.rjust(hours_width),
                paint(title, STATE_COLOURS[NOT_PICKED]) if item_state == NOT_PICKED else title,
            )
            out.append(GAP.join(cells))
        out.append("")
    echo("\n".join(out).rstrip("\n"), styled=colour)


# --------------------------------------------------------------------------- the study log


def after_log(session: Session, today: dt.date) -> str:
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
    elif stopped(picture["pace"]):
        parts.append(f"you: {STOPPED_WORDS}")
    return "Now: " + " · ".join(parts)


def _show_log(session: Session, item: str | None) -> None:
    entries = [e for e in session.progress.live_log() if item is None or e.item == item]
    if not entries:
        scope = f" on {item}" if item else ""
        echo(f"No study time logged{scope} yet. Log some with `pathtui log 1.5`.")
        return
    rows = [
        (
            sanitise(e.id),
            e.date.isoformat(),
            format_hours(e.hours),
            sanitise(e.item) or "-",
            sanitise(e.note)[:NOTE_WIDTH],
        )
        for e in sorted(entries, key=lambda e: (e.date, e.created, e.id))
    ]
    header = ("ENTRY", "DATE", "TIME", "ITEM", "NOTE")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        echo("  ".join([*cells, row[4]]).rstrip())
    total = sum(e.hours for e in entries)
    days = len({e.date for e in entries})
    echo(f"Total {format_hours(total)} on {days} day{'s' if days != 1 else ''}.")


def _remove_log(session: Session, entry_id: str, today: dt.date) -> None:
    from pathtui.model.progress import first_day
    from pathtui.model.schema import LOG

    with session.editing():
        entry = session.find_log_entry(entry_id)
        session.remove_log_entry(entry)
    what = f" on {sanitise(entry.item)}" if entry.item else ""
    echo(
        f"Removed entry {sanitise(entry.id)}: {format_hours(entry.hours)} on "
        f"{entry.date.isoformat()}{what}."
    )
    progress = session.progress
    first = first_day(progress.items.values(), progress.table(LOG.name).values())
    if stays := start_stays(progress.settings.start_date, entry.date, first, today):
        echo(stays)


def log(
    path_file: PathFile,
    duration: str | None = None,
    date: str = "today",
    item: str | None = None,
    note: str = "",
    show: bool = False,
    remove: str | None = None,
) -> None:
    """``pathtui log``: log study time, list the log, or remove a mistaken entry."""
    modes = sum([duration is not None, show, remove is not None])
    if modes > 1:
        raise PathtuiError("Give a duration, --list or --remove, one at a time.")
    session = Session.open(path_file)
    today = _today()
    if show:
        if item:
            session.resolve([item])
        _show_log(session, item)
        return
    if remove is not None:
        _remove_log(session, remove, today)
        echo(after_log(session, today))
        return
    if duration is None:
        raise PathtuiError(
            "Give how long you studied, e.g. `pathtui log 1.5` or `pathtui log 45m`; "
            "`pathtui log --list` shows the log."
        )
    try:
        hours = parse_duration(duration)
        day = parse_log_date(date, today)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None
    started = session.progress.settings.start_date
    entry = session.log_time(hours, day, item or "", note)
    what = f" on {entry.item}" if entry.item else ""
    echo(
        f"Logged {format_hours(hours)} on {day.isoformat()}{what} (entry {entry.id}; "
        f"`pathtui log --remove {entry.id}` undoes it)."
    )
    if moved := moved_start(started, session.progress.settings.start_date):
        echo(moved)
    echo(after_log(session, today))


# --------------------------------------------------------------------------- settings


def config_show(path_file: PathFile) -> None:
    """``pathtui config``: every setting, and where the progress file is."""
    session = Session.open(path_file)
    s = session.progress.settings
    echo(f"hours-per-week  {s.hours_per_week:g}")
    echo(f"start-date      {s.start_date.isoformat()}")
    echo(f"day-minimum     {trim(s.day_minimum_minutes)} minutes")
    echo(f"rest-days       {s.rest_days_per_week} per week")
    echo(f"streaks         {s.streak_kind if s.streaks else 'off'}")
    echo(f"weekly-goal     {int(s.weekly_goal)} applications")
    echo(f"follow-up-days  {int(s.follow_up_days)}")
    echo(f"auto-sync       {'on' if s.auto_sync else 'off'}")
    echo(f"review          {'on' if s.review else 'off'}")
    echo(f"retention       {s.retention:.2f}")
    echo(f"study-days      {describe_days(s.study_days)}")
    echo(f"study-time      {s.study_time}")
    echo(f"progress file   {session.store.file}")


def _save_settings(path_file: PathFile, **changes: Any) -> Session:
    session = Session.open(path_file)
    with session.editing():
        session.change_settings(restamp=True, **changes)
    return session


def _checked(parse: Callable[..., T], *args: Any) -> T:
    """Run a parser from ``userinput``; its ValueError becomes the one-sentence error."""
    try:
        return parse(*args)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None


def config_hours(path_file: PathFile, hours: str) -> None:
    """``pathtui config hours-per-week N``."""
    hours_value = _checked(parse_hours_per_week, hours)
    session = Session.open(path_file)
    with session.editing():
        session.change_settings(hours_per_week=hours_value, restamp=True)
    echo(f"Hours per week set to {hours_value:g}.")


def config_start(path_file: PathFile, date: str) -> None:
    """``pathtui config start-date DATE`` (YYYY-MM-DD, today or yesterday; not ahead)."""
    start = _checked(parse_start_date, date, _today())
    _save_settings(path_file, start_date=start)
    echo(f"Start date set to {start.isoformat()}.")


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


def config_day_minimum(path_file: PathFile, minutes: str) -> None:
    """``pathtui config day-minimum MINUTES``."""
    value = _parse_minutes(minutes)
    _save_settings(path_file, day_minimum_minutes=value)
    echo(f"A study day now needs {trim(value)} minutes.")


def config_rest_days(path_file: PathFile, text: str) -> None:
    """``pathtui config rest-days N``."""
    raw = text.strip()
    days = int(raw) if raw.isascii() and raw.isdigit() else -1  # ("²" is a digit to str)
    if not REST_DAYS.in_bounds(days):
        raise PathtuiError(f"Rest days per week must be a whole number {REST_DAYS.bounds()}.")
    _save_settings(path_file, rest_days_per_week=days)
    rest = f"{days} rest day a week keeps" if days == 1 else f"{days} rest days a week keep"
    echo(f"Up to {rest} a day streak now.")


def config_streaks(path_file: PathFile, choice: str) -> None:
    """``pathtui config streaks on|off|weeks|days``."""
    choice = choice.strip().lower()
    if choice not in STREAK_CHOICES:
        raise PathtuiError(f"Streaks can be {', '.join(STREAK_CHOICES)}; not {choice[:20]!r}.")
    if choice == "off":
        _save_settings(path_file, streaks=False)
        echo("Streaks are off; the log, pace and forecast still work.")
        return
    changes: dict[str, Any] = {"streaks": True}
    if choice in ("weeks", "days"):
        changes["streak_kind"] = choice
    session = _save_settings(path_file, **changes)
    kind = session.progress.settings.streak_kind
    shown = "weeks that met your weekly goal" if kind == "weeks" else "study days"
    echo(f"Streaks are on, counting {shown}.")


def config_review(path_file: PathFile, choice: str) -> None:
    """``pathtui config review on|off``: spaced review of done items."""
    value = choice.strip().lower()
    if value not in ON_OFF:
        raise PathtuiError(f"Review can be on or off; not {sanitise(choice)[:20]!r}.")
    _save_settings(path_file, review=value == "on")
    if value == "on":
        echo("Review is on: done items come back for review (`pathtui review`).")
    else:
        echo("Review is off; your ratings are kept for when you turn it on again.")


def config_retention(path_file: PathFile, text: str) -> None:
    """``pathtui config retention R``: the share of reviews to still recall."""
    value = _checked(parse_retention, text)
    _save_settings(path_file, retention=value)
    echo(
        f"Retention set to {value:.2f}: reviews are spaced so you still recall about "
        f"{round(value * 100)}% of topics when they come back."
    )


def config_study_days(path_file: PathFile, text: str) -> None:
    """``pathtui config study-days DAYS``: the weekdays of the study plan."""
    days = _checked(parse_study_days, text)
    _save_settings(path_file, study_days=days)
    if days:
        echo(
            f"Study days set to {describe_days(days)}: `pathtui calendar` plans a session "
            "on each, and `pathtui remind` measures the week against them."
        )
    else:
        echo("No study days are set: the week's plan is spread over every day.")


def config_study_time(path_file: PathFile, text: str) -> None:
    """``pathtui config study-time HH:MM``: when study sessions start."""
    start = _checked(parse_study_time, text)
    _save_settings(path_file, study_time=start)
    echo(f"Study sessions start at {start} (local time) in `pathtui calendar`.")
