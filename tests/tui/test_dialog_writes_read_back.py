"""Whatever a tracker dialog accepts, the file it writes reads back.

The dialogs check typed input with the model's parsers (the log dialog:
``parse_duration`` and ``parse_log_date``; the pace form:
``parse_hours_per_week`` and ``parse_start_date``; the note editor and the
application dialog take text) and hand what they accept to the same Session
and Tracker methods the screens call. Hypothesis draws the typed input (the
bounds' edges first); what a parser accepts goes the dialog's way, is saved,
and the file must read back cleanly with both readers. The commands' side is
``tests/cli/test_writes_read_back.py``; the log dialog itself is driven once
with the issue's date.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from hypothesis import given, settings
from textual.widgets import Input

from hostile_progress import reads_back
from hostile_text import DATES, DURATIONS, FAST, NUMBERS, TEXTS
from pathtui.errors import PathtuiError
from pathtui.model.durations import parse_duration
from pathtui.model.userinput import parse_hours_per_week, parse_log_date, parse_start_date
from pathtui.tui.screens.log_dialog import LogDialog
from pathtui.tui.tracker import Tracker
from tui_support import TODAY, app_for, new_session, run

QUICK = settings(FAST, max_examples=40)


def accepted(parse, *args):
    """The parser's answer, or None where the dialog would say what is wrong."""
    try:
        return parse(*args)
    except ValueError:
        return None


@QUICK
@given(duration=DURATIONS, date=DATES, note=TEXTS)
def test_the_log_dialog(data_dir: Path, duration: str, date: str, note: str) -> None:
    session = new_session()
    hours, day = accepted(parse_duration, duration), accepted(parse_log_date, date, TODAY)
    if hours is not None and day is not None:
        try:
            session.log_time(hours, day, item="basics-loops", note=note)
        except PathtuiError:  # more than a day in one day: the tracker says so
            pass
    reads_back(session.store.file)


@QUICK
@given(pace=NUMBERS, start=DATES, note=TEXTS, company=TEXTS, role=TEXTS, board=TEXTS)
def test_the_pace_form_the_note_editor_and_the_application_dialog(
    data_dir: Path, pace: str, start: str, note: str, company: str, role: str, board: str
) -> None:
    session = new_session()
    tracker = Tracker(session)
    hours, day = accepted(parse_hours_per_week, pace), accepted(parse_start_date, start, TODAY)
    if hours is not None and day is not None:
        tracker.set_settings(hours, day)
    tracker.set_note("basics-loops", note)
    if company.strip() and role.strip():
        try:
            session.add_application(company, role, TODAY, board=board)
        except PathtuiError:  # nothing left once cleaned: the screen says so
            pass
    assert tracker.save() is None
    reads_back(session.store.file)
    # and undo writes back only what the reader reads too
    while tracker.undo() is not None:
        pass
    assert tracker.save() is None
    reads_back(session.store.file)


def test_the_log_dialog_refuses_the_issues_dates(data_dir: Path) -> None:
    """`t`, then 1h on 1969-12-31: the dialog says why and stays open; nothing is logged."""

    async def body() -> None:
        session = new_session()
        app = app_for(session)
        async with app.run_test() as pilot:
            await pilot.pause()
            for day in ("1969-12-31", "0001-01-01", "9999-12-31"):
                await pilot.press("t")
                await pilot.pause()
                assert isinstance(app.screen, LogDialog)
                app.screen.query_one("#log-duration", Input).value = "1h"
                app.screen.query_one("#log-date", Input).value = day
                await pilot.press("enter")
                await pilot.pause()
                assert isinstance(app.screen, LogDialog)
                error = str(app.screen.query_one("#log-error").render())
                assert "out of range" in error or "in the future" in error
                await pilot.press("escape")
                await pilot.pause()
        assert session.progress.live_log() == []
        reads_back(session.store.file)

    run(body)


def test_dates_the_parsers_accept_are_the_ones_the_file_holds() -> None:
    """One bound for typed dates and stored ones (``valueranges.py``): the first and last
    day a parser accepts are the first and last the schema's date field holds."""
    from pathtui.model.schema import LOG

    field = LOG.field("date")
    first, last = parse_log_date("1970-01-01", TODAY), dt.date(2999, 12, 31)
    assert field.check(first) == first and field.check(last) == last
    for outside in (first - dt.timedelta(days=1), last + dt.timedelta(days=1)):
        assert accepted(parse_log_date, outside.isoformat(), dt.date.max) is None
        assert accepted(field.check, outside) is None
