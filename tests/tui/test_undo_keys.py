"""`u` and `U` in the tracker, under Pilot: every kind of change (item states,
notes, time logged with `t` and the timer, the settings, job applications and
projects) is undone in order, each toast says what; after a reset the keys
work at once and `u` brings everything back."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pathtui.model import applications, projects
from pathtui.services.session import Session
from pathtui.tui.screens.confirm import ConfirmScreen
from pathtui.tui.screens.help import HelpScreen
from pathtui.tui.screens.jobs import JobsScreen
from pathtui.tui.screens.main import MainScreen
from pathtui.tui.screens.projects import EvidenceDialog
from pathtui.tui.timer import StudyTimer
from pathtui.tui.widgets.checklist import Checklist
from pathtui.tui.widgets.overview import Overview
from tui_support import TODAY, mid_path_session, new_session, on_disk, screen_text, with_toasts

ITEM = "basics-language"
TITLE = "Choose one language to start with"
DAY = f"{TODAY.day} {TODAY:%b %Y}"  # the tracker spells its dates


def said(app) -> str:  # type: ignore[no-untyped-def]
    """The last toast."""
    shown = [n.message for n in app._notifications]
    return shown[-1] if shown else ""


class FakeClock:
    """A monotonic clock the test moves by hand (for the study timer)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def type_into(pilot: Pilot[None], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


def jobs(session: Session) -> list[tuple[str, str]]:
    table = applications.applications_table(on_disk(session))
    return [(a.company, a.stage) for a in applications.applications(table)]


def evidence(session: Session) -> tuple[str, ...]:
    table = projects.projects_table(on_disk(session))
    return projects.find_project(table, "Notes API").evidence


@pytest.fixture
def tracker_session(isolated_env: Path) -> Session:
    """A learner on the tests' day, with one portfolio project to link."""
    session = new_session()
    session.progress.update_settings(start_date=TODAY)
    projects.add_project(projects.projects_table(session.progress), "Notes API", repo="/nowhere")
    session.save()
    return session


@pytest.mark.slow
@with_toasts
async def test_u_undoes_every_kind_of_change_in_order_and_says_what(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    session, app = tracker_session, pilot.app
    # 1. a tick, 2. a note, 3. time logged with t, 4. time logged with the timer
    await pilot.press("space")
    await pilot.press("n", *"page 7", "enter")
    await pilot.pause()
    await pilot.press("t")
    await pilot.pause()
    await type_into(pilot, "#log-duration", "30m")
    await pilot.press("enter")
    await pilot.pause()
    clock = FakeClock()
    app.main._timer = StudyTimer(clock)
    await pilot.press("T")
    await pilot.pause()
    clock.now += 25 * 60
    await pilot.press("T")
    await pilot.pause()
    # 5. the pace, in the settings dialog
    await pilot.press("c")
    await pilot.pause()
    await type_into(pilot, "#hours", "12")
    await pilot.click("#save")
    await pilot.pause()
    # 6. an application and 7. its move, in the Jobs screen
    await pilot.press("J")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*"Initech", "tab", *"Backend engineer", "enter")
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    await pilot.press("enter")  # the first stage offered: screening
    await pilot.pause()
    # 8. evidence linked in the Projects screen
    await pilot.press("escape", "P")
    await pilot.pause()
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, EvidenceDialog)
    await pilot.press("space", "enter")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()
    assert isinstance(app.screen, MainScreen)

    saved = on_disk(session)
    assert (saved.state(ITEM), saved.note(ITEM), saved.settings.hours_per_week) == (
        "done",
        "page 7",
        12,
    )
    assert sorted(e.hours for e in saved.live_log()) == [25 / 60, 0.5]
    assert jobs(session) == [("Initech", "screening")]
    assert evidence(session) == ("portfolio-github-profile",)

    steps = [
        ("Undone: evidence of Notes API", lambda: evidence(session) == ()),
        (
            "Undone: Initech · Backend engineer → screening",
            lambda: jobs(session) == [("Initech", "applied")],
        ),
        ("Undone: application Initech · Backend engineer", lambda: jobs(session) == []),
        ("Undone: pace 10 → 12 h/week", lambda: on_disk(session).settings.hours_per_week == 10),
        (
            f"Undone: 25m logged on {DAY} on {TITLE}",
            lambda: [e.hours for e in on_disk(session).live_log()] == [0.5],
        ),
        (f"Undone: 30m logged on {DAY} on {TITLE}", lambda: on_disk(session).live_log() == []),
        (f"Undone: note on {TITLE}", lambda: on_disk(session).note(ITEM) == ""),
        (f"Undone: {TITLE} is back to todo", lambda: on_disk(session).state(ITEM) == "todo"),
    ]
    for words, holds in steps:
        await pilot.press("u")
        await pilot.pause()
        assert said(app) == words
        assert holds(), words
    await pilot.press("u")
    await pilot.pause()
    assert said(app) == "Nothing to undo."
    assert app.main.query_one(Overview).count.startswith("0/54 done")


@with_toasts
async def test_u_and_shift_u_in_the_jobs_screen(
    pilot: Pilot[None], tracker_session: Session
) -> None:
    session, app = tracker_session, pilot.app
    await pilot.press("J")
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    await pilot.press(*"Acme", "tab", *"Dev", "enter")
    await pilot.pause()
    assert jobs(session) == [("Acme", "applied")]
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(app.screen, JobsScreen)
    assert said(app) == "Undone: application Acme · Dev"
    assert jobs(session) == []
    assert "No applications yet" in screen_text(app)
    await pilot.press("U")
    await pilot.pause()
    assert said(app) == "Redone: application Acme · Dev"
    assert jobs(session) == [("Acme", "applied")]
    assert "Acme · Dev" in screen_text(app)


@with_toasts
async def test_shift_u_redoes_what_u_undid(pilot: Pilot[None], tracker_session: Session) -> None:
    session, app = tracker_session, pilot.app
    await pilot.press("l")
    await pilot.press("u")
    assert on_disk(session).state(ITEM) == "todo"
    await pilot.press("U")
    await pilot.pause()
    assert said(app) == f"Redone: {TITLE} → learning"
    assert on_disk(session).state(ITEM) == "learning"
    assert str(app.main.query_one(Checklist).get_option(ITEM).prompt).startswith("[~]")
    await pilot.press("U")
    await pilot.pause()
    assert said(app) == "Nothing to redo."


# -- issue 25, point 2: after a reset the tracker works, and u brings it all back


class TestAfterAReset:
    """A learner with ticks, a note, study time and a pace of their own."""

    @pytest.fixture
    def tracker_session(self, isolated_env: Path) -> Session:
        session = mid_path_session()
        session.progress.add_log(TODAY, 1.5, item="ds-arrays", note="chapter 2")
        session.progress.update_settings(hours_per_week=7.5)
        session.save()
        return session

    @pytest.mark.slow
    @pytest.mark.parametrize("tracker_size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
    @with_toasts
    async def test_the_keys_work_at_once_and_u_brings_everything_back(
        self, pilot: Pilot[None], tracker_session: Session
    ) -> None:
        session, app = tracker_session, pilot.app
        before = on_disk(session)
        assert sum(1 for r in before.items.values() if r.state in ("done", "skipped")) == 14
        assert before.live_log() and any(r.note for r in before.items.values())

        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("shift+tab", "enter")  # to Reset, and press it
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        checklist = app.main.query_one(Checklist)
        assert app.screen.focused is checklist
        cleared = on_disk(session)
        assert cleared.items == {} and cleared.live_log() == []
        assert cleared.settings.start_date != before.settings.start_date

        # every key works at once
        first = checklist.item_id
        await pilot.press("j")
        assert checklist.item_id != first
        ticked = checklist.item_id
        assert ticked is not None
        await pilot.press("space")
        assert on_disk(session).state(ticked) == "done"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

        # u takes back the tick, then the reset: items, notes, log and settings
        await pilot.press("u")
        await pilot.pause()
        assert on_disk(session).state(ticked) == "todo"
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen), "no dialog: u undoes the reset itself"
        assert said(app) == "Undone: the reset"
        after = on_disk(session)
        assert after.states() == before.states()
        notes = {k: r.note for k, r in after.items.items() if r.note}
        assert notes == {k: r.note for k, r in before.items.items() if r.note}
        assert [(e.id, e.hours, e.date, e.item, e.note) for e in after.live_log()] == [
            (e.id, e.hours, e.date, e.item, e.note) for e in before.live_log()
        ]
        assert (after.settings.hours_per_week, after.settings.start_date) == (
            before.settings.hours_per_week,
            before.settings.start_date,
        )
        assert app.main.query_one(Overview).count.startswith("14/54 done")
        # and the tracker is still fully usable
        await pilot.press("l")
        assert app.tracker.history[-1].label.endswith("→ learning")
