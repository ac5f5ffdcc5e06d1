"""Real pace, calibration, the personal forecast and the schedule.

Plain functions over plain data: ``daily`` maps a local date to the hours
logged that day. The status line runs this module on a cached summary in
every shell prompt, so it uses the standard library only and no dataclasses
(importing ``dataclasses`` alone costs more than the status line may); the
tracker, the CLI and the export call the very same functions, so every
screen shows the same numbers. No clock: ``today`` is always passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from pathtui.model.timeleft import DAYS_PER_WEEK, describe_span, describe_weeks, finish_dates, trim

#: ``typing`` costs the status line milliseconds; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from pathtui.model.picture import Calibration, Forecast, PaceInfo, PaceView, Schedule

Daily = Mapping[dt.date, float]

#: "Recent pace" looks back this many days (four weeks, today included).
PACE_WINDOW_DAYS = 28
#: A personal forecast needs a log spanning at least this many days ...
MIN_LOG_SPAN_DAYS = 14
#: ... with time on at least this many different days.
MIN_STUDY_DAYS = 4
#: Calibration is trusted only from this many finished items with logged time ...
MIN_CALIBRATION_ITEMS = 3
#: ... carrying at least this many logged hours between them.
MIN_CALIBRATION_HOURS = 10.0
#: A factor outside these bounds says more about the log than about the learner.
CALIBRATION_FLOOR = 0.25
CALIBRATION_CEILING = 4.0
#: Within this many weeks of the plan, either way, counts as on track.
ON_TRACK_WEEKS = 1.0
#: A weekly pace is worked out from no fewer days of log than a week.
MIN_WEEKLY_PACE_DAYS = DAYS_PER_WEEK
#: Daily totals are kept to this many decimals (far below a second).
HOURS_DECIMALS = 6
#: Shown paces and hours are rounded to this many decimals.
SHOWN_DECIMALS = 2


# --------------------------------------------------------------------------- the log as days


def daily_totals(entries: Iterable[Any], today: dt.date | None = None) -> dict[dt.date, float]:
    """Hours per date from log entries (objects with ``date``, ``hours``, ``deleted``).

    Removed entries are left out; so are entries after ``today`` when given.
    """
    totals: dict[dt.date, float] = {}
    for entry in entries:
        if entry.deleted or (today is not None and entry.date > today):
            continue
        totals[entry.date] = totals.get(entry.date, 0.0) + entry.hours
    return {day: round(hours, HOURS_DECIMALS) for day, hours in sorted(totals.items())}


def daily_to_json(daily: Daily) -> dict[str, float]:
    return {day.isoformat(): hours for day, hours in daily.items()}


def daily_from_json(raw: Mapping[str, float]) -> dict[dt.date, float]:
    return {dt.date.fromisoformat(day): float(hours) for day, hours in raw.items()}


def hours_between(daily: Daily, first: dt.date, last: dt.date) -> float:
    """Hours logged from ``first`` to ``last``, both included."""
    return sum(hours for day, hours in daily.items() if first <= day <= last)


def first_study_day(daily: Daily, today: dt.date) -> dt.date | None:
    days = [day for day, hours in daily.items() if hours > 0 and day <= today]
    return min(days) if days else None


# --------------------------------------------------------------------------- pace


def pace(daily: Daily, today: dt.date) -> PaceInfo:
    """Hours per week over the last four weeks and since the first logged day.

    Keys: ``last_4_weeks`` and ``overall`` (h/week, None without a log),
    ``since`` (first logged day), ``window_days`` (days the recent figure
    covers: fewer than 28 while the log is younger), ``logged_hours``,
    ``study_days``, ``span_days`` and ``enough`` (whether the log is long
    enough to forecast from).
    """
    origin = first_study_day(daily, today)
    if origin is None:
        return {
            "last_4_weeks": None,
            "overall": None,
            "since": None,
            "window_days": 0,
            "logged_hours": 0.0,
            "study_days": 0,
            "span_days": 0,
            "enough": False,
        }
    span = (today - origin).days + 1
    window = min(span, PACE_WINDOW_DAYS)
    recent = hours_between(daily, today - dt.timedelta(days=window - 1), today)
    total = hours_between(daily, origin, today)
    study_days = sum(1 for day, hours in daily.items() if hours > 0 and day <= today)
    return {
        "last_4_weeks": recent / window * DAYS_PER_WEEK,
        "overall": total / span * DAYS_PER_WEEK,
        "since": origin,
        "window_days": window,
        "logged_hours": total,
        "study_days": study_days,
        "span_days": span,
        "enough": span >= MIN_LOG_SPAN_DAYS and study_days >= MIN_STUDY_DAYS,
    }


def describe_recent_pace(view: PaceView | PaceInfo) -> str:
    """The recent pace in words, naming the days it comes from.

    A log younger than four weeks gives a pace over the learner's first days,
    and says how many ("over your first 12 days"); one younger than a week
    gives the hours logged and no weekly figure, since a week's pace worked
    out from a day or two would claim more than the log knows. Empty with no
    log. ``view`` is ``pace()``'s answer or the study picture's ``pace`` key.
    """
    recent, span = view["last_4_weeks"], view["span_days"]
    if recent is None or not span:
        return ""
    if span >= PACE_WINDOW_DAYS:
        return f"{trim(recent)} h/week over the last 4 weeks"
    if span >= MIN_WEEKLY_PACE_DAYS:
        return f"{trim(recent)} h/week over your first {span} days"
    days = "on your first day" if span == 1 else f"over your first {span} days"
    return f"{trim(view['logged_hours'])} h {days}, too soon for a weekly pace"


def shows_overall_pace(view: PaceView | PaceInfo) -> bool:
    """Whether the pace since the first logged day differs in kind from the recent one:
    before four weeks both cover the same days, so it would only repeat it."""
    return view["overall"] is not None and view["span_days"] >= PACE_WINDOW_DAYS


# --------------------------------------------------------------------------- calibration


def calibration(samples: Iterable[tuple[float, float, float]]) -> Calibration:
    """How long finished items really took against the middle of their estimates.

    ``samples`` holds ``(logged_hours, low, high)`` for each finished item
    with logged time. The factor (logged / estimated) is clamped to
    [0.25, 4] and trusted only from 3 items and 10 logged hours up.
    """
    items = 0
    logged = estimated = 0.0
    for hours, low, high in samples:
        if hours <= 0:
            continue
        items += 1
        logged += hours
        estimated += (low + high) / 2
    factor = None
    if estimated > 0:
        factor = min(CALIBRATION_CEILING, max(CALIBRATION_FLOOR, logged / estimated))
        factor = round(factor, 3)
    return {
        "factor": factor,
        "items": items,
        "hours": round(logged, SHOWN_DECIMALS),
        "trusted": (
            factor is not None
            and items >= MIN_CALIBRATION_ITEMS
            and logged >= MIN_CALIBRATION_HOURS
        ),
    }


# --------------------------------------------------------------------------- forecast


def _basis(info: PaceInfo, rate: float) -> str:
    since = info["since"]
    assert since is not None, "a personal forecast needs a log"
    if info["window_days"] < PACE_WINDOW_DAYS:
        return f"at your pace since {since.isoformat()} of {trim(rate)} h/week"
    return f"at your last 4 weeks' pace of {trim(rate)} h/week"


#: What a learner who stopped is told in place of a finish date of their own.
STOPPED_WORDS = "0 h/week over the last 4 weeks, so no finish date"


def stopped(info: Mapping[str, object]) -> bool:
    """A log long enough to forecast from with nothing in the last 4 weeks:
    the learner's pace is 0 h/week, and no finish date follows from it.

    ``info`` is ``pace()``'s or the picture's view of it: an empty window means
    the first day is over 4 weeks back, so only the study days are left to check.
    """
    days = info.get("study_days")
    return info.get("last_4_weeks") == 0 and isinstance(days, int) and days >= MIN_STUDY_DAYS


def forecast(
    hours_left: tuple[float, float],
    info: PaceInfo,
    calib: Calibration,
    planned_hours_per_week: float,
    today: dt.date,
) -> Forecast:
    """The personal forecast: remaining hours x calibration / real pace.

    ``info`` comes from ``pace()``, ``calib`` from ``calibration()``. With
    too little data, or nothing logged in the last 4 weeks (``stopped``), it
    falls back to the baseline (the planned pace, no calibration) and
    ``personal`` is False; ``basis`` says which, in words.
    """
    rate = planned_hours_per_week
    personal = False
    if info["enough"] and info["last_4_weeks"]:
        # Days without study in the window count as zero; a window without
        # any is a pace of 0 (``stopped``), never the pace of months ago.
        rate, personal = info["last_4_weeks"], True
    factor = calib["factor"] if personal and calib["trusted"] else None
    scale = factor or 1.0
    hours = (hours_left[0] * scale, hours_left[1] * scale)
    if personal:
        rate = round(rate, SHOWN_DECIMALS)
        basis = _basis(info, rate)
        if factor is not None:
            basis += f", with items taking you {trim(round(factor, 1))}× their estimate"
    elif stopped(info):
        basis = (
            f"at your planned {trim(rate)} h/week: nothing logged in the last 4 weeks, and "
            "at 0 h/week there is no finish date of yours (log study time to get one again)"
        )
    else:
        basis = (
            f"at your planned {trim(rate)} h/week: log study time on at least "
            f"{MIN_STUDY_DAYS} days over {MIN_LOG_SPAN_DAYS // DAYS_PER_WEEK} weeks "
            "for a personal forecast"
        )
    weeks = (hours[0] / rate, hours[1] / rate)
    earliest, latest = finish_dates(weeks, today)
    return {
        "personal": personal,
        "hours_per_week": rate,
        "calibration": factor,
        "hours_left": {
            "low": round(hours[0], SHOWN_DECIMALS),
            "high": round(hours[1], SHOWN_DECIMALS),
        },
        "weeks_left": {"low": round(weeks[0], 1), "high": round(weeks[1], 1)},
        "finish": {"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        "left": describe_weeks(weeks),
        "basis": basis,
    }


# --------------------------------------------------------------------------- schedule


def _middle(hours: tuple[float, float] | list[float]) -> float:
    return (hours[0] + hours[1]) / 2


def schedule(
    hours_total: tuple[float, float],
    hours_left: tuple[float, float],
    start: dt.date,
    today: dt.date,
    planned_hours_per_week: float,
) -> Schedule:
    """Work done against what the plan expected by today.

    Work is counted in estimated hours (the middle of each finished item's
    range), so skipping what you know counts as progress. The plan expects
    ``planned_hours_per_week`` of it per week since ``start``. ``status`` is
    "on track" within a week either way, else "ahead"/"behind" by ``weeks``;
    "finished" once nothing is left.
    """
    total = _middle(hours_total)
    left = _middle(hours_left)
    done = total - left
    elapsed = max(0, (today - start).days)
    expected = min(total, planned_hours_per_week * elapsed / DAYS_PER_WEEK)
    gap = (done - expected) / planned_hours_per_week
    if left <= 0:
        status, text = "finished", "path finished"
    elif abs(gap) < ON_TRACK_WEEKS:
        status, text = "on track", "on track"
    else:
        status = "ahead" if gap > 0 else "behind"
        text = f"{describe_span(abs(gap))} " + ("ahead of plan" if gap > 0 else "behind plan")
    return {
        "status": status,
        "weeks": round(abs(gap), 1),
        "done_hours": round(done, 1),
        "expected_hours": round(expected, 1),
        "since": start.isoformat(),
        "text": text,
    }
