"""The calendar file: parsed by icalendar and by vobject (a second, independent
parser), stable UIDs, sessions that add up to the weekly pace, and each step's
finish on the forecast the status shows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
import vobject
from icalendar import Calendar

from nudge_support import WEEK, make_week_learner
from pathtui.errors import PathtuiError
from pathtui.services import studycalendar
from pathtui.services.session import Session

FRIDAY = WEEK[4]
STAMP = dt.datetime(2026, 12, 11, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def learner(isolated_env: Path) -> Session:
    session = make_week_learner()
    with session.editing():
        session.progress.update_settings(study_days="mon,wed,sat", study_time="19:00")
    return session


def events(text: str) -> list[vobject.base.Component]:
    parsed = vobject.readOne(text, validate=True)
    return list(parsed.vevent_list)


def by_kind(text: str) -> dict[str, list[vobject.base.Component]]:
    kinds: dict[str, list[vobject.base.Component]] = defaultdict(list)
    for event in events(text):
        kinds[event.uid.value.split("-")[2]].append(event)
    return kinds


def test_both_parsers_read_the_file_and_agree(learner: Session) -> None:
    plan = studycalendar.build(learner, FRIDAY, 4, now=STAMP)
    ours = Calendar.from_ical(plan.text)
    theirs = events(plan.text)
    assert [str(e["UID"]) for e in ours.walk("VEVENT")] == [e.uid.value for e in theirs]
    assert plan.counts == {"sessions": 12, "finishes": 7, "follow_ups": 1, "reviews": 1}
    assert plan.describe() == "12 study sessions, 7 step finishes, 1 follow-up, 1 review day"
    assert plan.text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "BEGIN:VTIMEZONE" not in plan.text  # floating times and dates only
    assert all(e.dtstamp.value == STAMP for e in theirs)


def test_two_runs_give_the_same_uids_and_the_same_bytes(learner: Session) -> None:
    first = studycalendar.build(learner, FRIDAY, 4, now=STAMP).text
    assert studycalendar.build(learner, FRIDAY, 4, now=STAMP).text == first
    later = studycalendar.build(learner, FRIDAY, 4, now=STAMP + dt.timedelta(hours=2)).text
    assert [e.uid.value for e in events(later)] == [e.uid.value for e in events(first)]
    uids = [e.uid.value for e in events(first)]
    assert len(set(uids)) == len(uids)
    assert all(uid.startswith("pathtui-backend-") and uid.endswith("@pathtui") for uid in uids)


def test_sessions_fall_on_the_study_days_and_add_up_to_the_weekly_pace(learner: Session) -> None:
    sessions = by_kind(studycalendar.build(learner, FRIDAY, 4, now=STAMP).text)["study"]
    starts = [s.dtstart.value for s in sessions]
    assert starts[0] == dt.datetime(2026, 12, 12, 19, 0)  # floating: no time zone
    assert all(s.tzinfo is None for s in starts)
    assert {s.strftime("%a") for s in starts} == {"Mon", "Wed", "Sat"}
    assert all(s.duration.value == dt.timedelta(hours=3, minutes=20) for s in sessions)
    assert sum((s.duration.value for s in sessions[:3]), dt.timedelta()) == dt.timedelta(hours=10)
    # Moving a study day keeps the week's sessions' UIDs: the calendar updates them.
    before = {s.uid.value for s in sessions}
    with learner.editing():
        learner.progress.update_settings(study_days="tue,thu,sun", hours_per_week=7.0)
    moved = by_kind(studycalendar.build(learner, FRIDAY, 4, now=STAMP).text)["study"]
    assert {s.dtstart.value.strftime("%a") for s in moved} == {"Tue", "Thu", "Sun"}
    week = [s for s in moved if s.uid.value.split("-")[3] == "2026W51"]
    assert sum((s.duration.value for s in week), dt.timedelta()) == dt.timedelta(hours=7)
    assert {s.uid.value for s in moved} == before


def test_an_uneven_pace_still_adds_up_in_any_seven_days(learner: Session) -> None:
    with learner.editing():
        learner.progress.update_settings(study_days="mon,tue,wed,thu,fri,sat,sun")
    sessions = by_kind(studycalendar.build(learner, FRIDAY, 3, now=STAMP).text)["study"]
    minutes = [s.duration.value.total_seconds() / 60 for s in sessions]
    assert len(minutes) == 21
    for start in range(len(minutes) - 6):
        assert sum(minutes[start : start + 7]) == 600


def test_each_remaining_step_finishes_on_the_forecast(learner: Session) -> None:
    plan = studycalendar.build(learner, FRIDAY, 2, now=STAMP)
    finishes = by_kind(plan.text)["finish"]
    summary = learner.summary()
    forecast = learner.study_picture(FRIDAY)["forecast"]
    assert len(finishes) == len(summary["steps"]) == 7
    last = finishes[-1]
    assert last.dtstart.value == dt.date.fromisoformat(forecast["finish"]["earliest"])
    assert last.dtend.value == last.dtstart.value + dt.timedelta(days=1)
    assert forecast["finish"]["latest"] in last.description.value
    dates = [f.dtstart.value for f in finishes]
    assert dates == sorted(dates) and dates[0] > FRIDAY
    assert finishes[0].summary.value == "Step 1 done: Learn basic coding skills (forecast)"
    assert all(f.transp.value == "TRANSPARENT" for f in finishes)
    assert last.description.value == (
        f"Forecast finish: between {forecast['finish']['earliest']} and "
        f"{forecast['finish']['latest']}, {forecast['basis']}. It moves with your pace; "
        "run `pathtui calendar` again to update it."
    )


def test_a_finish_described_from_the_plan_reads_as_plain_sentences() -> None:
    basis = (
        "at your planned 10 h/week: log study time on at least 4 days over 2 weeks "
        "for a personal forecast"
    )
    assert studycalendar.finish_description(basis, "2027-01-04", "2027-02-23") == (
        "Forecast finish: between 2027-01-04 and 2027-02-23, at your planned 10 h/week. "
        "Log study time on at least 4 days over 2 weeks for a personal forecast. "
        "It moves with your pace; run `pathtui calendar` again to update it."
    )


def test_every_event_s_sequence_grows_with_each_export(learner: Session) -> None:
    """Some calendar apps update an event they have only when SEQUENCE rises."""
    first = events(studycalendar.build(learner, FRIDAY, 2, now=STAMP).text)
    next_second = STAMP + dt.timedelta(seconds=1)
    later = events(studycalendar.build(learner, FRIDAY, 2, now=next_second).text)
    numbers = {int(e.sequence.value) for e in first}
    assert len(numbers) == 1 and numbers.pop() > 0
    assert all(
        int(b.sequence.value) > int(a.sequence.value) for a, b in zip(first, later, strict=True)
    )
    assert studycalendar.sequence(dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) == 2**31 - 1


def test_follow_ups_and_review_days(learner: Session) -> None:
    kinds = by_kind(studycalendar.build(learner, FRIDAY, 2, now=STAMP).text)
    (follow_up,) = kinds["follow"]
    assert follow_up.summary.value == "Follow up: Acme — Backend developer"
    assert follow_up.dtstart.value == dt.date(2026, 12, 12)
    (review,) = kinds["review"]
    assert review.dtstart.value == FRIDAY
    assert review.summary.value == "Review 1 topic (pathtui review)"
    # Overdue ones are put on today; a week later nothing moves back in time.
    later = by_kind(studycalendar.build(learner, WEEK[6] + dt.timedelta(days=7), 1).text)
    assert (
        later["follow"][0].dtstart.value
        == later["review"][0].dtstart.value
        == dt.date(2026, 12, 20)
    )


def test_without_study_days_there_are_no_sessions_and_a_hint(learner: Session) -> None:
    with learner.editing():
        learner.progress.update_settings(study_days="")
    plan = studycalendar.build(learner, FRIDAY, 2, now=STAMP)
    assert "study" not in by_kind(plan.text)
    assert plan.hints == [studycalendar.NO_SESSIONS_HINT]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"study_days": "mon,blursday"}, "The study-days setting in your progress file"),
        ({"study_time": "7pm"}, "The study-time setting in your progress file"),
        ({"study_days": "sun", "hours_per_week": 30.0}, "a session would last more than a day"),
    ],
)
def test_a_bad_stored_plan_is_one_sentence(
    learner: Session, changes: dict[str, object], message: str
) -> None:
    with learner.editing():
        learner.progress.update_settings(**changes)
    with pytest.raises(PathtuiError, match=message) as caught:
        studycalendar.build(learner, FRIDAY, 2, now=STAMP)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("typed", ["0", "53", "-1", "two", "1.5", "", "٣"])
def test_a_bad_week_count_is_one_sentence(typed: str) -> None:
    with pytest.raises(PathtuiError, match=r"^--weeks must be a whole number from 1 to 52"):
        studycalendar.parse_weeks(typed)
    assert studycalendar.parse_weeks(" 52 ") == 52


def test_the_target_file_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(PathtuiError, match=r"the folder .*missing does not exist"):
        studycalendar.check_target(tmp_path / "missing" / "plan.ics", force=True)
    existing = tmp_path / "plan.ics"
    existing.write_text("mine", encoding="utf-8")
    with pytest.raises(PathtuiError, match="exists already; add --force"):
        studycalendar.check_target(existing, force=False)
    studycalendar.check_target(existing, force=True)
