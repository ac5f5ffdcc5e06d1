"""The group's table and the summary a learner publishes, with exact numbers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathtui.model import groupsummary, grouptable
from pathtui.model.groupfiles import MemberData
from pathtui.model.streaks import week_streak

TODAY = dt.date(2026, 12, 4)  # a Friday; its week began on Monday 30 November
ME = "a" * 32
BOB = "b" * 32
CAROL = "c" * 32
DAN = "d" * 32


def summary(**changes: Any) -> dict[str, Any]:
    """The plain summary ``Session.summary()`` gives (the parts the group uses)."""
    data: dict[str, Any] = {
        "path_id": "backend",
        "path_title": "Backend developer",
        "steps": [
            {
                "number": n,
                "id": f"s{n}",
                "title": f"Step {n}",
                "done": 2 if n < 3 else 0,
                "total": 4,
            }
            for n in range(1, 8)
        ],
        "current_step": 2,
        "items_done": 3,
        "items_skipped": 1,
        "items_total": 28,
        "hours_per_week": 10.0,
    }
    data.update(changes)
    return data


DAILY = {
    dt.date(2026, 10, 11): 11.0,  # a Sunday: the week before the 8 shared ones
    dt.date(2026, 10, 13): 3.0,  # in the oldest shared week (from Monday 12 October)
    dt.date(2026, 11, 23): 10.5,  # last week, goal met
    dt.date(2026, 11, 30): 2.25,  # this week
    dt.date(2026, 12, 3): 2.0,
    dt.date(2026, 12, 5): 9.0,  # tomorrow: never counted
}


def build(share: str = "progress", **changes: Any) -> MemberData:
    values: dict[str, Any] = {
        "member": ME,
        "name": "Alice",
        "observer": False,
        "share": share,
        "stamp": "2026-12-04T08:00:00.000Z/0000/0a0a0a0a",
        "published": dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC),
        "today": TODAY,
        "summary": summary(),
        "daily": DAILY,
        "finish": {"earliest": "2027-05-10", "latest": "2028-02-20"},
        "streaks_on": True,
        "states": {"a": "done", "b": "skipped", "c": "learning", "d": "done", "e": "todo"},
        "last_active": dt.date(2026, 12, 3),
    }
    values.update(changes)
    return groupsummary.build_member(**values)


def test_the_progress_level_shares_exactly_these_numbers() -> None:
    data = build()
    assert data == {
        "member": ME,
        "name": "Alice",
        "observer": False,
        "share": "progress",
        "stamp": "2026-12-04T08:00:00.000Z/0000/0a0a0a0a",
        "published": "2026-12-04T09:00:00Z",
        "path": {"id": "backend", "title": "Backend developer"},
        "step": 3,
        "steps": 7,
        "percent": 14.3,
        "last_active": "2026-12-03",
        "week_of": "2026-11-30",
        "week_hours": 4.25,
        "hours_per_week": 10.0,
        "streak_weeks": 1,
        "finish": {"earliest": "2027-05-10", "latest": "2028-02-20"},
        "weeks": [3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.5, 4.25],
    }


def test_each_level_adds_to_the_one_before_and_nothing_else_is_sent() -> None:
    minimal, progress, items = build("minimal"), build("progress"), build("items")
    base = {"member", "name", "observer", "share", "stamp", "published"}
    path = {"path", "step", "steps", "percent", "last_active"}
    pace = {"week_of", "week_hours", "hours_per_week", "streak_weeks", "finish", "weeks"}
    assert set(minimal) == base | path
    assert set(progress) == base | path | pace
    assert set(items) == base | path | pace | {"done", "skipped"}
    assert items["done"] == ["a", "d"] and items["skipped"] == ["b"]
    observer = build(observer=True)
    assert set(observer) == base


def test_streaks_switched_off_are_not_shared() -> None:
    assert build(streaks_on=False)["streak_weeks"] is None


def test_a_finished_learner_has_no_current_step() -> None:
    done = build(summary=summary(current_step=None, items_done=27, items_skipped=1))
    assert done["step"] is None and done["percent"] == 100.0


def test_last_active_is_the_latest_study_or_change_never_after_today() -> None:
    days = [dt.date(2026, 11, 2), dt.date(2026, 12, 9)]
    assert groupsummary.last_active(days, dt.date(2026, 11, 20), TODAY) == dt.date(2026, 11, 20)
    assert groupsummary.last_active(days, None, TODAY) == dt.date(2026, 11, 2)
    assert groupsummary.last_active([], None, TODAY) is None


# --------------------------------------------------------------------------- the table


def entry(member: str, name: str, **changes: Any) -> dict[str, Any]:
    data = dict(build(member=member, name=name))
    data.update(changes)
    return data


def test_a_summary_from_an_earlier_week_is_rolled_to_today() -> None:
    last_week = entry(BOB, "Bob", week_of="2026-11-23", week_hours=10.5)
    last_week["weeks"] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 10.5]
    row = grouptable.row(last_week, ME, TODAY)
    assert row["week_hours"] == 0.0
    assert row["weeks"] == [2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 10.5, 0.0]
    assert row["streak_weeks"] == 1  # last week met the goal: the streak holds
    short = dict(last_week, weeks=[*last_week["weeks"][:7], 9.0], week_hours=9.0)
    assert grouptable.row(short, ME, TODAY)["streak_weeks"] == 0  # it ended below the goal
    long_ago = entry(BOB, "Bob", week_of="2026-09-07")
    row = grouptable.row(long_ago, ME, TODAY)
    assert row["weeks"] == [0.0] * 8 and row["streak_weeks"] == 0
    ahead = entry(BOB, "Bob", week_of="2026-12-07")  # a clock ahead: shown as sent
    assert grouptable.row(ahead, ME, TODAY)["week_hours"] == 4.25


def test_a_first_weeks_streak_in_the_table_agrees_with_status_after_the_week() -> None:
    """A learner who started on Saturday with 3 h of a 10 h goal met the first
    week's share (10 x 2/7 = 2.86 h): status counts the week, so must the table."""
    saturday = dt.date(2026, 12, 5)
    daily = {saturday: 3.0}
    published = build(today=saturday, daily=daily, last_active=saturday)
    assert published["week_goal"] == 2.86 and published["streak_weeks"] == 1
    monday = dt.date(2026, 12, 7)
    status = week_streak(daily, monday, 10.0)["current"]
    assert status == 1
    assert grouptable.row(published, ME, monday)["streak_weeks"] == status
    later = dict(published)
    later.pop("week_goal")  # a summary from any later week needs the whole goal
    assert grouptable.row(later, ME, monday)["streak_weeks"] == 0
    assert "week_goal" not in grouptable.row(published, ME, monday)
    assert "week_goal" not in build()  # not a first week: nothing extra sent


def test_rows_are_sorted_by_this_weeks_hours_then_percent_then_name() -> None:
    minimal = {k: v for k, v in build("minimal", member=DAN, name="dan").items()}
    observer = dict(build(member="e" * 32, name="Mentor", observer=True))
    entries = [
        {"member": "f" * 32, "unreadable": "it is not valid TOML"},
        minimal,
        entry(BOB, "Bob", week_hours=2.0, percent=50.0),
        entry(ME, "Alice", week_hours=4.25),
        entry(CAROL, "carol", week_hours=2.0, percent=50.0),
        observer,
        {"member": "9" * 32, "left": True, "stamp": "", "published": "2026-12-01T00:00:00Z"},
    ]
    rows = grouptable.rows(entries, ME, TODAY)
    assert [r.get("name") for r in rows] == ["Alice", "Bob", "carol", "dan", "Mentor", None]
    assert [r["you"] for r in rows] == [True, False, False, False, False, False]
    assert rows[-1] == {
        "member": "f" * 32,
        "name": None,
        "you": False,
        "observer": False,
        "unreadable": True,
        "reason": "it is not valid TOML",
    }
    assert rows[4]["path"] is None and rows[4]["observer"] is True


def test_the_json_row_has_the_designs_keys() -> None:
    row = grouptable.row(build("items"), ME, TODAY)
    assert row == {
        "member": ME,
        "name": "Alice",
        "you": True,
        "observer": False,
        "share": "items",
        "path": {"id": "backend", "title": "Backend developer"},
        "step": 3,
        "steps": 7,
        "percent": 14.3,
        "last_active": "2026-12-03",
        "week_hours": 4.25,
        "hours_per_week": 10.0,
        "streak_weeks": 1,
        "finish": {"earliest": "2027-05-10", "latest": "2028-02-20"},
        "weeks": [3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.5, 4.25],
        "items": {"done": ["a", "d"], "skipped": ["b"]},
    }


def test_text_from_others_is_shown_literally() -> None:
    hostile = entry(BOB, "\x1b]0;owned\x07[bold]Bob[/]", path={"id": "x", "title": "\x9b31m"})
    row = grouptable.row(hostile, ME, TODAY)
    assert row["name"] == "␛]0;owned␇[bold]Bob[/]"
    assert row["path"]["title"] == "\ufffd31m"
    for line in grouptable.lines([row], TODAY):
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in line)


def test_the_text_table() -> None:
    rows = grouptable.rows(
        [
            entry(ME, "Alice"),
            entry(BOB, "Bob", week_hours=12.5, streak_weeks=4, last_active="2026-11-20"),
            dict(build(member="e" * 32, name="Mentor", observer=True)),
            {"member": "f" * 32, "unreadable": "it is larger than 512 KiB"},
        ],
        ME,
        TODAY,
    )
    assert grouptable.lines(rows, TODAY) == [
        "  NAME         STEP  DONE  THIS WEEK  STREAK  ACTIVE     FINISH",
        "  Bob          3/7   14%   12.5/10 h  4 wk    20 Nov     May 2027–Feb 2028",
        "▸ Alice (you)  3/7   14%   4.2/10 h   1 wk    yesterday  May 2027–Feb 2028",
        "  Mentor       observer",
        "? ffffffff…  unreadable: it is larger than 512 KiB",
    ]


def test_a_long_or_wide_name_is_cut_to_fit_80_columns() -> None:
    rows = grouptable.rows([entry(BOB, "學習" * 30), entry(ME, "x" * 40)], ME, TODAY)
    lines = grouptable.lines(rows, TODAY)
    assert all(grouptable.cells(line) <= 80 for line in lines)
    assert "…" in lines[1] and "…" in lines[2]
    assert grouptable.cells("學習") == 4 and grouptable.cells("é") == 1


def test_several_paths_get_a_path_column() -> None:
    other = entry(BOB, "Bob", path={"id": "frontend", "title": "Frontend"})
    lines = grouptable.lines(grouptable.rows([entry(ME, "Alice"), other], ME, TODAY), TODAY)
    assert lines[0].split()[:3] == ["NAME", "PATH", "STEP"]
    assert "frontend" in lines[1] + lines[2]


def test_dates_in_words() -> None:
    assert grouptable.active_text("2026-12-04", TODAY) == "today"
    assert grouptable.active_text("2026-11-28", TODAY) == "6 days ago"
    assert grouptable.active_text("2025-11-27", TODAY) == "27 Nov 2025"
    assert grouptable.active_text(None, TODAY) == "never"
    same = {"earliest": "2027-05-01", "latest": "2027-05-30"}
    assert grouptable.finish_text(same) == "May 2027"
