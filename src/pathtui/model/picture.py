"""The shapes of the study picture: pace, forecast, streaks and schedule.

These are ``TypedDict``s, for the type checker only: every module imports
this one under ``TYPE_CHECKING``, so at run time the picture stays the plain
dicts ``status --json`` prints and the status cache stores, and the status
line pays nothing for the types (importing ``typing`` or ``dataclasses``
would cost it milliseconds; docs/performance.md has the figures).
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict


class PaceInfo(TypedDict):
    """``pace.pace()``: real hours per week, from the log alone."""

    last_4_weeks: float | None
    overall: float | None
    since: dt.date | None
    window_days: int
    logged_hours: float
    study_days: int
    span_days: int
    enough: bool


class Calibration(TypedDict):
    """``pace.calibration()``: how long finished items took against their estimates."""

    factor: float | None
    items: int
    hours: float
    trusted: bool


class Span(TypedDict):
    low: float
    high: float


class Finish(TypedDict):
    earliest: str
    latest: str


class Forecast(TypedDict):
    """``pace.forecast()``: the personal forecast, or the plan's when the log is short."""

    personal: bool
    hours_per_week: float
    calibration: float | None
    hours_left: Span
    weeks_left: Span
    finish: Finish
    left: str
    basis: str


class Schedule(TypedDict):
    """``pace.schedule()``: work done against what the plan expected by today."""

    status: str  # "finished", "on track", "ahead" or "behind"
    weeks: float
    done_hours: float
    expected_hours: float
    since: str
    text: str


class WeekStreak(TypedDict):
    current: int
    longest: int
    goal_hours: float
    this_week_hours: float
    this_week_met: bool


class DayStreak(TypedDict):
    current: int
    longest: int
    studied_today: bool
    minimum_minutes: float
    rest_days_per_week: int


class Streaks(TypedDict):
    """``streaks.streaks()``: both streaks, and the one the learner shows."""

    kind: str
    weeks: WeekStreak
    days: DayStreak


class PaceView(TypedDict):
    """The ``pace`` key of ``status --json``."""

    last_4_weeks: float | None
    overall: float | None
    planned: float
    since: str | None
    logged_hours: float
    study_days: int
    #: Days from the first logged day to today, both counted (0 with no log).
    span_days: int
    #: Days ``last_4_weeks`` covers: 28, or fewer while the log is younger.
    window_days: int


class StudyPicture(TypedDict):
    """``studyview.study_picture()``: the study-log keys of ``status --json``."""

    pace: PaceView
    forecast: Forecast
    streak: Streaks | None
    schedule: Schedule


class StepCount(TypedDict):
    number: int
    id: str
    title: str
    done: int
    total: int


class StudySettings(TypedDict):
    streaks: bool
    streak_kind: str
    day_minimum_minutes: float
    rest_days_per_week: int
    #: The study plan (``studyplan.py``): ``"mon,wed,sat"`` and ``"19:00"``.
    study_days: str
    study_time: str


class StudySummary(TypedDict):
    """``Session.study_summary()``: what the date-dependent picture needs."""

    daily: dict[str, float]
    calibration: Calibration
    hours_total: list[float]
    study_settings: StudySettings


class ReviewSummary(TypedDict):
    """``services.reviews.review_summary()``: the review cards as the status cache keeps them.

    ``cards`` holds ``(item id, title, due date as YYYY-MM-DD, reviews)`` for
    every active card, soonest first: enough to count the cards due today and
    to list them without replaying a single rating.
    """

    on: bool
    cards: list[tuple[str, str, str, int]]


class ReviewCardInfo(TypedDict):
    """One card as ``review --list --json`` prints it and ``duecards`` answers it."""

    id: str
    title: str
    due: str  # the local date it is due on, YYYY-MM-DD
    reviews: int
    is_due: bool


class Summary(StudySummary):
    """``Session.summary()``: what the status line renders, and its cache keeps."""

    path_id: str
    path_title: str
    steps: list[StepCount]
    current_step: int | None
    next_item_id: str | None
    next_item_title: str | None
    items_done: int
    items_skipped: int
    items_total: int
    extras_complete: int
    extras_total: int
    hours_left: list[float]
    hours_per_week: float
    start_date: str
    progress_file: str
    has_progress: bool
    #: The applications as plain data (``jobs.picture_from_summary`` reads it).
    jobs: dict[str, object]
    reviews: ReviewSummary


class Nudge(TypedDict):
    """One thing ``pathtui remind`` says (``nudges.py``): ``kind`` is one of
    ``nudges.KINDS``, ``text`` the line it prints."""

    kind: str
    text: str
