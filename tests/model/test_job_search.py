"""The job-search rules: stages and moves, follow-ups, the weekly goal and streak."""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model.jobs import (
    ACTIVE_STAGES,
    CLOSED_STAGES,
    MOVES,
    STAGES,
    check_applied_date,
    describe_jobs,
    due_follow_up,
    jobs_picture,
    picture_from_summary,
    shows_in_line,
    stage_problem,
    weekly,
)

TODAY = dt.date(2026, 5, 13)  # a Wednesday
MONDAY = dt.date(2026, 5, 11)


def test_the_eight_stages_in_order() -> None:
    assert STAGES == (
        "applied",
        "screening",
        "interview",
        "offer",
        "accepted",
        "rejected",
        "withdrawn",
        "no-reply",
    )
    assert set(MOVES) == set(STAGES)
    assert set(ACTIVE_STAGES) | set(CLOSED_STAGES) | {"no-reply"} == set(STAGES)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("applied", "screening"),
        ("applied", "interview"),
        ("applied", "rejected"),
        ("applied", "no-reply"),
        ("screening", "interview"),
        ("interview", "offer"),
        ("offer", "accepted"),
        ("offer", "withdrawn"),
        ("no-reply", "interview"),  # a late reply brings it back
    ],
)
def test_forward_moves_are_allowed(current: str, target: str) -> None:
    assert stage_problem(current, target) is None


@pytest.mark.parametrize(
    ("current", "target"),
    [
        ("interview", "screening"),
        ("offer", "applied"),
        ("offer", "no-reply"),
        ("screening", "applied"),
        ("no-reply", "applied"),
    ],
)
def test_backward_moves_are_refused_unless_forced(current: str, target: str) -> None:
    problem = stage_problem(current, target)
    assert problem is not None
    assert f"from {current} to {target}" in problem
    assert "--force" in problem
    assert stage_problem(current, target, force=True) is None


@pytest.mark.parametrize("closed", ["accepted", "rejected", "withdrawn"])
def test_closed_stages_go_nowhere(closed: str) -> None:
    assert MOVES[closed] == ()
    for target in STAGES:
        if target != closed:
            problem = stage_problem(closed, target)
            assert problem is not None and "closes it" in problem
    assert stage_problem(closed, closed) is None  # nothing to do is not an error


def test_an_unknown_stage_is_named_with_the_known_ones() -> None:
    problem = stage_problem("applied", "ghosted")
    assert problem == (
        "'ghosted' is not a stage; the stages are applied, screening, interview, offer, "
        "accepted, rejected, withdrawn, no-reply."
    )
    assert stage_problem("applied", "ghosted", force=True) == problem


def test_every_move_in_the_table_is_allowed_and_nothing_else() -> None:
    for current in STAGES:
        for target in STAGES:
            allowed = target == current or target in MOVES[current]
            assert (stage_problem(current, target) is None) is allowed


def test_follow_up_is_due_after_the_days_with_no_reply() -> None:
    applied = TODAY - dt.timedelta(days=14)
    assert due_follow_up(applied, "applied", TODAY, 14)
    assert not due_follow_up(applied + dt.timedelta(days=1), "applied", TODAY, 14)
    assert not due_follow_up(applied, "screening", TODAY, 14)  # they replied
    assert not due_follow_up(applied, "no-reply", TODAY, 14)  # already given up on
    assert due_follow_up(TODAY - dt.timedelta(days=3), "applied", TODAY, 3)


def test_a_date_in_the_future_is_refused() -> None:
    check_applied_date(TODAY, TODAY)
    with pytest.raises(ValueError, match="2026-05-14 is in the future"):
        check_applied_date(TODAY + dt.timedelta(days=1), TODAY)


def test_weekly_counts_this_week_from_monday() -> None:
    days = [MONDAY, MONDAY, TODAY, MONDAY - dt.timedelta(days=1)]
    week = weekly(days, TODAY, 10)
    assert week["applied_this_week"] == 3
    assert week["weekly_goal"] == 10
    assert week["goal_met"] is False
    assert week["week_of"] == "2026-05-11"


def test_weekly_streak_counts_weeks_that_met_the_goal() -> None:
    days = []
    for weeks_back in (1, 2, 3):
        monday = MONDAY - dt.timedelta(weeks=weeks_back)
        days += [monday] * 2
    # The first week (3 back) started on its Monday so it needs the whole goal of 2.
    week = weekly(days, TODAY, 2)
    assert week["streak"] == {"current": 3, "longest": 3}
    # This week never breaks the streak while it runs, and counts once met.
    week = weekly([*days, TODAY, TODAY], TODAY, 2)
    assert week["streak"] == {"current": 4, "longest": 4}
    assert week["goal_met"] is True
    # A missed week breaks it.
    gap = [d for d in days if d != MONDAY - dt.timedelta(weeks=1)]
    assert weekly(gap, TODAY, 2)["streak"] == {"current": 0, "longest": 2}


def test_the_first_week_needs_only_its_share_of_the_goal() -> None:
    saturday = MONDAY - dt.timedelta(days=2)  # 2 of 7 days left: 10 * 2/7 = 2.9
    assert weekly([saturday] * 3, TODAY, 10)["streak"]["current"] == 1
    assert weekly([saturday] * 2, TODAY, 10)["streak"]["current"] == 0


def test_jobs_picture_counts_active_and_due() -> None:
    rows = [
        (TODAY - dt.timedelta(days=20), "applied"),  # due
        (TODAY - dt.timedelta(days=5), "applied"),
        (TODAY - dt.timedelta(days=30), "interview"),
        (TODAY - dt.timedelta(days=30), "rejected"),
        (TODAY, "applied"),
    ]
    picture = jobs_picture(rows, TODAY, goal=5, follow_up_days=14)
    assert picture["total"] == 5
    assert picture["active"] == 4
    assert picture["due_follow_up"] == 1
    assert picture["applied_this_week"] == 1
    assert picture["by_stage"]["applied"] == 3
    assert picture["by_stage"]["offer"] == 0
    assert describe_jobs(picture) == "jobs 1/5 this week · 4 active · 1 to follow up"


def test_the_summary_form_round_trips_and_decides_the_line() -> None:
    summary = {
        "jobs": {
            "applications": [["2026-05-12", "applied"], ["2026-04-01", "applied"]],
            "weekly_goal": 3,
            "follow_up_days": 14,
            "reached": False,
        }
    }
    picture = picture_from_summary(summary, TODAY)
    assert (picture["applied_this_week"], picture["due_follow_up"]) == (1, 1)
    assert shows_in_line(summary)
    assert not shows_in_line({"jobs": {"applications": [], "reached": False}})
    assert shows_in_line({"jobs": {"applications": [], "reached": True}})
    assert not shows_in_line({})  # an old cached summary has no jobs
    assert picture_from_summary({}, TODAY)["total"] == 0
