"""``pathtui calendar``: the learner's plan as an iCalendar file (RFC 5545).

Four kinds of event, written with ``icalendar`` (imported only here):

- **study sessions** on the study days (``config study-days``) at the study
  time (``config study-time``), for ``--weeks`` weeks from today, each as
  long as the weekly pace shared out over the study days
  (``studyplan.session_minutes``: any seven days of sessions add up to the
  pace). Floating local times: "19:00" wherever the learner is, with no
  time-zone table to carry;
- **each remaining step's projected finish**, all-day, on the earliest date
  of its forecast (``stepfinish.py``, the function behind ``status --json``'s
  forecast), with the latest date in its description;
- **job follow-ups** due (applications with no reply), all-day, on the day
  they fall due (today for those overdue);
- **review days**: all-day, the cards due each day (today for those overdue).

Every event has a UID made of the path's id and what the event is (a step's
id, an application's id, an ISO week and the session's place in it, a date),
so importing the file again updates the events in place: a finish that
moves keeps its UID, and a session moved to another study day is the same
event. Every event's SEQUENCE is the export time in seconds since
:data:`SEQUENCE_EPOCH`, so it grows with each export: some calendar apps
update an event they have only when its SEQUENCE rises. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pathtui.errors import PathtuiError, ProgressFileError
from pathtui.model.sanitise import sanitise
from pathtui.model.studyplan import (
    DAY_NAMES,
    MINUTES_PER_DAY,
    clock,
    session_minutes,
    weekdays,
)
from pathtui.services.session import Session

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from icalendar import Calendar, Event

    from pathtui.model.picture import Summary

DEFAULT_WEEKS = 8
MAX_WEEKS = 52
DAYS_PER_WEEK = len(DAY_NAMES)
PRODUCT = "-//pathtui//pathtui calendar//EN"
#: Every UID ends so, to keep pathtui's events apart from any other program's.
UID_DOMAIN = "pathtui"
#: SEQUENCE counts seconds from here: it rises with every export, and stays
#: within iCalendar's INTEGER (at most 2**31 - 1) until about 2092.
SEQUENCE_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
MAX_SEQUENCE = 2**31 - 1
#: How many review titles an event's description lists before "and N more".
TITLES_SHOWN = 10
NO_SESSIONS_HINT = (
    "No study sessions in the calendar: choose your study days with "
    "`pathtui config study-days mon,wed,sat` (and their time with "
    "`pathtui config study-time 19:00`)."
)


@dataclass
class CalendarPlan:
    """The file's text and what it holds (for the line the command prints)."""

    text: str
    counts: dict[str, int] = field(default_factory=dict)
    hints: list[str] = field(default_factory=list)

    def describe(self) -> str:
        words = {
            "sessions": ("study session", "study sessions"),
            "finishes": ("step finish", "step finishes"),
            "follow_ups": ("follow-up", "follow-ups"),
            "reviews": ("review day", "review days"),
        }
        parts = [
            f"{n} {words[k][0] if n == 1 else words[k][1]}" for k, n in self.counts.items() if n
        ]
        return ", ".join(parts) or "an empty calendar"


def parse_weeks(text: str) -> int:
    """``--weeks N``: a whole number from 1 to 52 (one sentence otherwise)."""
    raw = str(text).strip()
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_WEEKS:
        raise PathtuiError(
            f"--weeks must be a whole number from 1 to {MAX_WEEKS}, not {raw[:20]!r}."
        )
    return int(raw)


def check_target(target: Path, force: bool) -> None:
    """Refuse a file in a folder that is missing, or one that exists (without --force)."""
    folder = target.parent
    if not folder.is_dir():
        raise PathtuiError(f"Cannot write {target}: the folder {folder} does not exist.")
    if not force and (target.exists() or target.is_symlink()):
        raise PathtuiError(f"{target} exists already; add --force to overwrite it.")


def write(text: str, target: Path, force: bool, progress_file: Path) -> None:
    """Write the file atomically; never over the progress file, never over a
    file that appeared meanwhile unless ``force``."""
    from pathtui.services.transfer import write_export

    check_target(target, force)
    try:
        write_export(text, target, progress_file)
    except ProgressFileError as exc:
        raise PathtuiError(str(exc)) from None


def sequence(stamp: dt.datetime) -> int:
    """The SEQUENCE of every event exported at ``stamp``: later exports, higher numbers."""
    seconds = int((stamp - SEQUENCE_EPOCH).total_seconds())
    return min(max(seconds, 0), MAX_SEQUENCE)


def finish_description(basis: str, earliest: str, latest: str) -> str:
    """A step finish's description in plain sentences: the range, the pace it
    assumes, and what the forecast's basis adds (``pace.forecast`` words it as
    'at your planned 10 h/week: log study time … for a personal forecast')."""
    pace, _, more = basis.partition(": ")
    text = f"Forecast finish: between {earliest} and {latest}, {pace}."
    if more:
        text += f" {more[:1].upper()}{more[1:]}."
    return text + " It moves with your pace; run `pathtui calendar` again to update it."


def _uid(path_id: str, *parts: str) -> str:
    return "-".join(["pathtui", path_id, *parts]) + f"@{UID_DOMAIN}"


def _plan_settings(session: Session) -> tuple[tuple[int, ...], tuple[int, int] | None]:
    """The study days and time, refusing values a hand-edited file may hold."""
    settings = session.progress.settings
    days = weekdays(settings.study_days)
    if settings.study_days.strip() and not days:
        shown = sanitise(settings.study_days)[:40]
        raise PathtuiError(
            f"The study-days setting in your progress file ({shown!r}) is not a list of days;"
            " set it again with `pathtui config study-days mon,wed,sat`."
        )
    start = clock(settings.study_time)
    if days and start is None:
        shown = sanitise(settings.study_time)[:40]
        raise PathtuiError(
            f"The study-time setting in your progress file ({shown!r}) is not a time;"
            " set it again with `pathtui config study-time 19:00`."
        )
    return days, start


def build(
    session: Session, today: dt.date, weeks: int = DEFAULT_WEEKS, now: dt.datetime | None = None
) -> CalendarPlan:
    """The calendar for ``weeks`` weeks from ``today``; ``now`` stamps it (DTSTAMP)."""
    from icalendar import Calendar

    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    end = today + dt.timedelta(days=weeks * DAYS_PER_WEEK)
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"pathtui: {sanitise(session.path.title)}")
    plan = CalendarPlan("")
    summary = session.summary()
    plan.counts["sessions"] = _sessions(cal, session, summary, today, end, stamp, plan)
    plan.counts["finishes"] = _finishes(cal, session, summary, today, stamp)
    plan.counts["follow_ups"] = _follow_ups(cal, session, today, end, stamp)
    plan.counts["reviews"] = _reviews(cal, session, summary, today, end, stamp)
    plan.text = cal.to_ical().decode("utf-8")
    return plan


def _event(uid: str, stamp: dt.datetime, title: str, description: str = "") -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence(stamp))
    event.add("summary", title)
    if description:
        event.add("description", description)
    return event


def _all_day(event: Event, day: dt.date) -> Event:
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    return event


def _sessions(
    cal: Calendar,
    session: Session,
    summary: Summary,
    today: dt.date,
    end: dt.date,
    stamp: dt.datetime,
    plan: CalendarPlan,
) -> int:
    from pathtui.model.durations import format_hours
    from pathtui.model.timeleft import describe_pace

    days, start = _plan_settings(session)
    if not days or start is None:
        plan.hints.append(NO_SESSIONS_HINT)
        return 0
    pace = session.hours_per_week
    minutes = session_minutes(pace, days)
    if max(minutes.values()) > MINUTES_PER_DAY:
        raise PathtuiError(
            f"At {describe_pace(pace)} over {len(days)} study "
            f"{'day' if len(days) == 1 else 'days'} a session would last more than a day; "
            "choose more study days (`pathtui config study-days`)."
        )
    order = {day: place for place, day in enumerate(sorted(days), start=1)}
    next_title = summary["next_item_title"]
    count = 0
    day = today
    while day < end:
        length = minutes.get(day.weekday(), 0)
        if length > 0:
            year, week, _ = day.isocalendar()
            share = format_hours(length / 60)
            description = f"{share} of your {describe_pace(pace)}."
            if next_title:
                description += f" Next up: {sanitise(next_title)}."
            event = _event(
                _uid(session.path.id, "study", f"{year}W{week:02d}", str(order[day.weekday()])),
                stamp,
                f"Study: {sanitise(session.path.title)}",
                description,
            )
            event.add("dtstart", dt.datetime.combine(day, dt.time(*start)))
            event.add("duration", dt.timedelta(minutes=length))
            cal.add_component(event)
            count += 1
        day += dt.timedelta(days=1)
    return count


def _finishes(
    cal: Calendar, session: Session, summary: Summary, today: dt.date, stamp: dt.datetime
) -> int:
    from pathtui.model.plan import step_plan
    from pathtui.model.stepfinish import step_finishes

    states = session.progress.states()
    hours = [step_plan(step, states).hours_left(states) for step in session.path.steps]
    finishes = step_finishes(summary, hours, today, session.hours_per_week)
    count = 0
    for step, forecast in zip(summary["steps"], finishes, strict=True):
        if forecast is None:
            continue
        earliest = dt.date.fromisoformat(forecast["finish"]["earliest"])
        if earliest >= dt.date.max:
            continue  # beyond the calendar's end: no date to show
        title = sanitise(step["title"])
        event = _event(
            _uid(session.path.id, "finish", step["id"]),
            stamp,
            f"Step {step['number']} done: {title} (forecast)",
            finish_description(
                forecast["basis"], forecast["finish"]["earliest"], forecast["finish"]["latest"]
            ),
        )
        cal.add_component(_all_day(event, earliest))
        count += 1
    return count


def _follow_ups(
    cal: Calendar, session: Session, today: dt.date, end: dt.date, stamp: dt.datetime
) -> int:
    from pathtui.model.jobs import follow_up_date

    days = int(session.progress.settings.follow_up_days)
    count = 0
    for record in session.progress.records("applications"):
        if record.stage != "applied" or not (record.company or record.role):
            continue
        due = max(follow_up_date(record.applied, days), today)
        if due >= end:
            continue
        who = " — ".join(sanitise(t) for t in (record.company, record.role) if t)
        event = _event(
            _uid(session.path.id, "follow-up", record.key),
            stamp,
            f"Follow up: {who}",
            f"Applied on {record.applied.isoformat()} and no reply yet. "
            f"`pathtui jobs move {record.key[:8]} STAGE` records the answer.",
        )
        cal.add_component(_all_day(event, due))
        count += 1
    return count


def _reviews(
    cal: Calendar,
    session: Session,
    summary: Summary,
    today: dt.date,
    end: dt.date,
    stamp: dt.datetime,
) -> int:
    reviews = summary.get("reviews")
    if not reviews or not reviews["on"]:
        return 0
    by_day: dict[dt.date, list[str]] = {}
    for _, title, due, _count in reviews["cards"]:
        day = max(dt.date.fromisoformat(due), today)
        if day < end:
            by_day.setdefault(day, []).append(sanitise(title))
    for day, titles in sorted(by_day.items()):
        shown = titles[:TITLES_SHOWN]
        more = len(titles) - len(shown)
        description = "\n".join(shown) + (f"\nand {more} more" if more else "")
        event = _event(
            _uid(session.path.id, "review", day.isoformat()),
            stamp,
            f"Review {len(titles)} {'topic' if len(titles) == 1 else 'topics'} (pathtui review)",
            description,
        )
        cal.add_component(_all_day(event, day))
    return len(by_day)
