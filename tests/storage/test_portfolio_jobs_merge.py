"""Projects and applications in the progress file: they survive a save and a
read, and two devices' edits converge field by field."""

from __future__ import annotations

import copy
import datetime as dt
import time

from pathtui.model import applications
from pathtui.model import projects as project_records
from pathtui.model.checkresult import CheckResult
from pathtui.model.portfolio import PASS
from pathtui.model.progress import Progress, merge
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress

TODAY = dt.date(2026, 5, 13)
RAN = dt.datetime(2026, 5, 13, 9, tzinfo=dt.UTC)
#: Two devices' ids (eight hex digits, as in the state folder).
LAPTOP, DESKTOP = "0a0a0a0a", "0b0b0b0b"


def device(progress: Progress, name: str) -> Progress:
    copied = copy.deepcopy(progress)
    copied.device = name
    return copied


def jobs_of(progress: Progress) -> dict[str, tuple[str, str]]:
    return {
        a.company: (a.stage, a.role)
        for a in applications.applications(applications.applications_table(progress))
    }


def test_records_survive_the_file() -> None:
    session = Session.open()
    apps = applications.applications_table(session.progress)
    added = applications.add_application(
        apps, "Acme", "Dev", TODAY, url="https://acme.example/1", board="HN", note="a note"
    )
    applications.move_application(apps, added.id, "screening", TODAY)
    projects = project_records.projects_table(session.progress)
    notes = project_records.add_project(projects, "Notes API", url="https://notes.example.com")
    project_records.record_results(projects, notes, [CheckResult("deployed", PASS, "200", RAN)])
    session.progress.update_settings(weekly_goal=4, follow_up_days=9)
    session.save()
    again = read_progress(session.store.file, session.path.id)
    assert again is not None
    assert applications.applications(
        applications.applications_table(again)
    ) == applications.applications(apps)
    assert project_records.projects(
        project_records.projects_table(again)
    ) == project_records.projects(projects)
    assert applications.job_settings(again) == (4, 9)


def test_two_devices_converge() -> None:
    session = Session.open()
    apps = applications.applications_table(session.progress)
    acme = applications.add_application(apps, "Acme", "Dev", TODAY)
    globex = applications.add_application(apps, "Globex", "Ops", TODAY)
    session.save()
    laptop, desktop = device(session.progress, LAPTOP), device(session.progress, DESKTOP)

    # Offline on both: different fields and records, and one record on both.
    applications.move_application(
        applications.applications_table(laptop), acme.id, "interview", TODAY
    )
    applications.add_application(applications.applications_table(laptop), "Initech", "Dev", TODAY)
    table = project_records.projects_table(desktop)
    project_records.add_project(table, "Notes API")
    applications.remove_application(applications.applications_table(desktop), globex.id)
    desktop.update_settings(weekly_goal=5)
    # The same application moved on both: the later write wins everywhere.
    applications.move_application(
        applications.applications_table(desktop), acme.id, "rejected", TODAY
    )

    one, two = merge(laptop, desktop), merge(desktop, laptop)
    assert one == two
    assert merge(one, laptop) == one  # idempotent: merging again changes nothing
    assert jobs_of(one) == {"Acme": ("rejected", "Dev"), "Initech": ("applied", "Dev")}
    assert [p.name for p in project_records.projects(project_records.projects_table(one))] == [
        "Notes API"
    ]
    assert applications.job_settings(one)[0] == 5


def test_a_removal_is_not_undone_by_an_edit_elsewhere() -> None:
    session = Session.open()
    apps = applications.applications_table(session.progress)
    acme = applications.add_application(apps, "Acme", "Dev", TODAY)
    session.save()
    laptop, desktop = device(session.progress, LAPTOP), device(session.progress, DESKTOP)
    applications.remove_application(applications.applications_table(laptop), acme.id)
    applications.move_application(
        applications.applications_table(desktop), acme.id, "screening", TODAY
    )
    assert jobs_of(merge(laptop, desktop)) == {}
    assert jobs_of(merge(desktop, laptop)) == {}


def test_a_move_after_a_reset_elsewhere_leaves_a_fragment_that_still_reads() -> None:
    """A reset --all drops every field written before it; a stage moved on a device
    that had not seen the reset comes back alone. The file must still read,
    and the fragment is not shown as an application."""
    session = Session.open()
    acme = applications.add_application(
        applications.applications_table(session.progress), "Acme", "Dev", TODAY
    )
    session.save()
    laptop, desktop = device(session.progress, LAPTOP), device(session.progress, DESKTOP)
    desktop.reset(everything=True)
    time.sleep(0.01)  # the move comes after the reset, on a clock that had not seen it
    applications.move_application(
        applications.applications_table(laptop), acme.id, "interview", TODAY
    )
    merged = merge(desktop, laptop)
    assert acme.id in merged.tables["applications"]  # the stage survived the epoch
    session.progress = merged
    session.save()
    again = read_progress(session.store.file, session.path.id)
    assert again is not None
    assert jobs_of(again) == {}
    assert session.summary()["jobs"]["applications"] == []
