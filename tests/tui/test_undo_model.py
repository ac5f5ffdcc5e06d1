"""Undo and redo in the tracker's model, without any UI: every kind of change
is taken back in order, and undo, redo and the undo of a reset decide on the
file as it is on disk at that moment, leaving alone any field another window
changed since the tracker's own change (told by stamps, not values)."""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model import applications, projects
from pathtui.model.portfolio import FAIL, PASS
from pathtui.services.projectchecks import CheckResult
from pathtui.services.session import Session
from pathtui.tui.tracker import Tracker
from tui_support import TODAY, mid_path_session, new_session, on_disk

ITEM = "basics-language"
OTHER = "basics-variables"
RAN = dt.datetime(2026, 4, 30, 18, 5, tzinfo=dt.UTC)


def elsewhere() -> Session:
    """Another window (or a shell command): a session of its own on the same file."""
    return Session.open()


def jobs_of(session: Session) -> list[tuple[str, str]]:
    table = applications.applications_table(on_disk(session))
    return [(a.company, a.stage) for a in applications.applications(table)]


# -- every kind of change, in order


def test_u_takes_back_every_kind_of_change_in_order() -> None:
    session = new_session()
    tracker = Tracker(session)
    table = lambda: applications.applications_table(session.progress)  # noqa: E731
    assert tracker.set_state(ITEM, "done")
    assert tracker.set_note(ITEM, "page 7")
    entry = tracker.log_time(0.5, TODAY, item=ITEM)
    assert tracker.set_settings(12.0, session.progress.settings.start_date)
    added = tracker.record(
        "application Initech",
        lambda: applications.add_application(table(), "Initech", "Dev", TODAY),
    )
    tracker.record(
        "Initech → screening",
        lambda: applications.move_application(table(), added.id, "screening", TODAY),
    )
    saved = on_disk(session)  # every change is saved as it is made
    assert (saved.state(ITEM), saved.note(ITEM), saved.settings.hours_per_week) == (
        "done",
        "page 7",
        12.0,
    )
    assert [e.id for e in saved.live_log()] == [entry.id]
    assert jobs_of(session) == [("Initech", "screening")]

    labels = []
    for _ in range(6):
        change = tracker.undo()
        assert change is not None and change.kept == ()
        labels.append(change.label)
    assert labels == [
        "Initech → screening",
        "application Initech",
        "pace 10 → 12 h/week",
        f"30m logged on {TODAY.day} {TODAY:%b %Y} on Choose one language to start with",
        "note on Choose one language to start with",
        "Choose one language to start with → done",
    ]
    assert tracker.undo() is None
    saved = on_disk(session)
    assert (saved.state(ITEM), saved.note(ITEM), saved.settings.hours_per_week) == ("todo", "", 10)
    assert saved.live_log() == []
    assert jobs_of(session) == []
    # the log entry and the application are removed, not forgotten: a removal merges
    assert saved.tables["log"][entry.id].deleted
    assert saved.tables["applications"][added.id].deleted


def test_project_checks_and_evidence_are_undone() -> None:
    session = new_session()
    tracker = Tracker(session)
    table = lambda: projects.projects_table(session.progress)  # noqa: E731
    projects.add_project(table(), "Notes API", repo="/nowhere")
    session.save()
    found = projects.find_project(table(), "Notes API")
    results = [CheckResult("readme", PASS, "fine", RAN), CheckResult("licence", FAIL, "none", RAN)]
    tracker.record("checks of Notes API", lambda: projects.record_results(table(), found, results))
    tracker.record(
        "evidence of Notes API",
        lambda: projects.link_evidence(
            table(), projects.find_project(table(), "Notes API"), ["portfolio-deploy"], True
        ),
    )
    saved = projects.find_project(projects.projects_table(on_disk(session)), "Notes API")
    assert saved.evidence == ("portfolio-deploy",) and len(saved.checks) == 2
    assert tracker.undo() is not None
    assert tracker.undo() is not None
    saved = projects.find_project(projects.projects_table(on_disk(session)), "Notes API")
    assert saved.evidence == () and saved.checks == ()


def test_a_refused_change_is_not_recorded() -> None:
    from pathtui.errors import PathtuiError

    tracker = Tracker(new_session())
    with pytest.raises(PathtuiError):
        tracker.log_time(25.0, TODAY)  # more than a day holds
    assert not tracker.history and not tracker.unsaved


# -- the file decides, not the tracker's last look at it


def test_undo_keeps_a_field_changed_on_disk_since_even_before_the_tracker_looked() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    other = elsewhere()  # `pathtui learning basics-language` in a shell
    other.progress.set_state(ITEM, "learning")
    other.save()
    # no refresh: the tracker's memory still says "done", as it would for 2 s
    assert session.progress.state(ITEM) == "done"
    change = tracker.undo()
    assert change is not None
    assert (change.writes, change.kept) == ((), ("state",))
    assert on_disk(session).state(ITEM) == "learning"
    assert session.progress.state(ITEM) == "learning"  # and the tracker shows it
    assert tracker.redo() is None, "nothing was undone, so nothing to redo"


def test_the_same_value_written_elsewhere_is_a_change_too() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    other = elsewhere()
    other.progress.set_state(ITEM, "learning")
    other.progress.set_state(ITEM, "done")  # back to what the tracker wrote, later
    other.save()
    change = tracker.undo()
    assert change is not None and change.kept == ("state",)
    assert on_disk(session).state(ITEM) == "done"


def test_undo_takes_back_its_own_field_and_keeps_the_other_window_s_field() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    tracker.set_note(OTHER, "mine")
    other = elsewhere()
    other.progress.set_note(ITEM, "theirs")  # another field of the same item
    other.progress.set_note(OTHER, "theirs too")  # the field the tracker wrote
    other.save()
    change = tracker.undo()
    assert change is not None and change.kept == ("note",)
    change = tracker.undo()
    assert change is not None and change.kept == ()
    saved = on_disk(session)
    assert (saved.state(ITEM), saved.note(ITEM), saved.note(OTHER)) == (
        "todo",
        "theirs",
        "theirs too",
    )


def test_a_change_decides_its_before_value_on_the_file_too() -> None:
    """What a change replaced is read from disk under the lock: undo puts back
    the shell's value, not the tracker's stale one."""
    session = new_session()
    tracker = Tracker(session)
    other = elsewhere()
    other.progress.set_state(ITEM, "learning")
    other.save()
    assert session.progress.state(ITEM) == "todo"  # the tracker has not looked yet
    assert tracker.set_state(ITEM, "done")
    tracker.undo()
    assert tracker.save() is None
    assert on_disk(session).state(ITEM) == "learning"


def test_undo_leaves_a_log_entry_that_was_edited_elsewhere_whole() -> None:
    session = new_session()
    session.progress.update_settings(start_date=TODAY)  # the log does not move it
    session.save()
    tracker = Tracker(session)
    entry = tracker.log_time(1.0, TODAY)
    other = elsewhere()
    other.progress.put("log", entry.id, {"note": "edited in another window"})
    other.save()
    change = tracker.undo()
    assert change is not None and change.writes == () and change.kept == ("note",)
    [kept] = on_disk(session).live_log()
    assert (kept.id, kept.note) == (entry.id, "edited in another window")


# -- redo


def test_redo_puts_back_what_undo_took_and_a_new_change_ends_redo() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    tracker.set_state(ITEM, "learning")
    entry = tracker.log_time(1.0, TODAY)
    for _ in range(3):
        tracker.undo()
    assert (on_disk(session).state(ITEM), on_disk(session).live_log()) == ("todo", [])
    redone = tracker.redo()
    assert redone is not None and redone.label == "Choose one language to start with → done"
    assert on_disk(session).state(ITEM) == "done"
    tracker.redo()
    tracker.redo()
    saved = on_disk(session)
    assert saved.state(ITEM) == "learning"
    assert [e.id for e in saved.live_log()] == [entry.id]
    assert tracker.redo() is None
    # undo, then a new change: what was undone can no longer be redone
    tracker.undo()
    tracker.set_note(ITEM, "new")
    assert tracker.redo() is None
    # and undo still walks back through everything, in order
    for _ in range(3):
        assert tracker.undo() is not None
    assert on_disk(session).state(ITEM) == "todo"


def test_redo_keeps_a_field_changed_elsewhere_after_the_undo() -> None:
    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    tracker.undo()
    other = elsewhere()
    other.progress.set_state(ITEM, "skipped")
    other.save()
    change = tracker.redo()
    assert change is not None and change.kept == ("state",) and change.writes == ()
    assert on_disk(session).state(ITEM) == "skipped"


# -- the undo of a reset


def test_undo_of_a_reset_brings_back_items_notes_log_and_settings() -> None:
    session = mid_path_session()
    tracker = Tracker(session)
    entry = tracker.log_time(2.0, TODAY, item=ITEM)
    tracker.set_settings(7.5, TODAY - dt.timedelta(days=30))
    before = on_disk(session)
    tracker.reset()
    cleared = on_disk(session)
    assert cleared.items == {} and cleared.live_log() == []
    assert cleared.settings.start_date != before.settings.start_date
    change = tracker.undo()
    assert change is not None and change.label == "the reset" and change.kept == ()
    after = on_disk(session)
    assert after.states() == before.states()
    assert {k: r.note for k, r in after.items.items()} == {
        k: r.note for k, r in before.items.items()
    }
    assert [(e.id, e.hours, e.date, e.item) for e in after.live_log()] == [
        (entry.id, 2.0, TODAY, ITEM)
    ]
    assert (after.settings.hours_per_week, after.settings.start_date) == (
        7.5,
        TODAY - dt.timedelta(days=30),
    )
    # the changes before the reset can still be undone, in order
    assert tracker.undo().label.startswith("pace 10 → 7.5 h/week")  # type: ignore[union-attr]
    assert on_disk(session).settings.hours_per_week == 10
    tracker.undo()
    assert on_disk(session).live_log() == []
    # and redo walks forward again, the reset included
    for _ in range(3):
        assert tracker.redo() is not None
    assert on_disk(session).items == {} or all(
        r.state == "todo" and not r.note for r in on_disk(session).items.values()
    )


def test_undo_of_a_reset_keeps_what_another_window_did_after_it() -> None:
    session = mid_path_session()
    tracker = Tracker(session)
    noted = next(k for k, r in session.progress.items.items() if r.note)
    tracker.reset()
    other = elsewhere()
    other.progress.set_state(ITEM, "learning")  # an item the reset had cleared
    other.progress.set_note(noted, "started over")
    other.progress.update_settings(hours_per_week=4.0)
    other.save()
    change = tracker.undo()
    assert change is not None and set(change.kept) == {"state", "note", "hours_per_week"}
    saved = on_disk(session)
    assert saved.state(ITEM) == "learning"
    assert saved.note(noted) == "started over"
    assert saved.settings.hours_per_week == 4.0
    # everything else is back
    assert saved.state("basics-variables") == "done"
    assert sum(1 for r in saved.items.values() if r.state in ("done", "skipped")) == 13


def test_ratings_are_no_undo_entry_but_come_back_with_the_undo_of_a_reset() -> None:
    """Ratings are append-only: `u` never takes one back (they are saved
    outside the tracker's history); a reset drops them, and its undo puts
    them back with the moment each was given."""
    from pathtui.services import reviews

    session = mid_path_session()
    tracker = Tracker(session)
    given = dt.datetime(2026, 4, 20, 18, 0, tzinfo=dt.UTC)
    reviews.rate(session, "basics-variables", "good", now=given)
    assert not tracker.history
    before = [(r.item, r.rating, r.given) for r in on_disk(session).records("ratings")]
    assert len(before) == 1
    tracker.reset()
    assert on_disk(session).records("ratings") == []
    tracker.undo()
    after = [(r.item, r.rating, r.given) for r in on_disk(session).records("ratings")]
    assert after == before


def test_a_reset_elsewhere_since_is_not_undone_by_undoing_an_older_reset() -> None:
    session = mid_path_session()
    tracker = Tracker(session)
    tracker.reset()
    other = elsewhere()
    other.progress.set_state(ITEM, "done")
    other.save()
    other.progress, _ = other.store.reset(other.progress)  # `pathtui reset --yes`
    change = tracker.undo()
    assert change is not None and change.writes == ()
    saved = on_disk(session)
    assert saved.items == {}


def test_a_reset_that_fails_records_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathtui.errors import SaveError

    session = mid_path_session()
    tracker = Tracker(session)

    def broken(progress: object, now: object = None) -> object:
        raise SaveError("disk trouble")

    monkeypatch.setattr(session.store, "reset", broken)
    with pytest.raises(SaveError):
        tracker.reset()
    assert not tracker.history


def test_undo_refuses_and_keeps_its_history_when_the_file_cannot_be_read() -> None:
    from pathtui.errors import ProgressFileError

    session = new_session()
    tracker = Tracker(session)
    tracker.set_state(ITEM, "done")
    text = session.store.file.read_text(encoding="utf-8")
    session.store.file.write_text(text.replace("]", "", 1), encoding="utf-8")  # broken by hand
    with pytest.raises(ProgressFileError):
        tracker.undo()
    assert len(tracker.history) == 1
    session.store.file.write_text(text, encoding="utf-8")
    assert tracker.undo() is not None
    assert on_disk(session).state(ITEM) == "todo"


def test_a_review_rating_is_not_undone_and_the_docs_say_so() -> None:
    """Ratings are append-only and synced as a list: `u` leaves them, and the
    README, the guide and the review page say so instead of promising it."""
    from pathlib import Path

    from pathtui.services.reviews import rate

    session = new_session()
    tracker = Tracker(session)
    session.progress.set_state(ITEM, "done", RAN)
    session.save()
    rate(session, ITEM, "again", RAN + dt.timedelta(days=1))
    assert tracker.undo() is None
    assert [r.rating for r in on_disk(session).ratings()] == ["again"]
    root = Path(__file__).resolve().parents[2]
    for page in ("README.md", "docs/guide.md"):
        row = next(
            line
            for line in (root / page).read_text(encoding="utf-8").splitlines()
            if line.startswith("| `u` / `U` |")
        )
        assert "but a review rating" in row, page
    assert "A rating\nis never undone" in (root / "docs" / "review.md").read_text(encoding="utf-8")
