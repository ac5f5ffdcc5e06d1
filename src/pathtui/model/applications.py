"""Job applications as records in the progress file: a typed view and every rule
a change must pass (known stages and allowed moves, http(s) links only, no
applications from the future). The rules themselves, light enough for
``pathtui status``, are ``jobs.py``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pathtui.errors import PathtuiError
from pathtui.model.jobs import (
    check_applied_date,
    due_follow_up,
    follow_up_date,
    jobs_picture,
    stage_problem,
)
from pathtui.model.records import RecordTable, Table, one_line, web_url
from pathtui.model.sanitise import sanitise

#: An application id may be shortened to this many characters, if it stays unique.
MIN_ID_PREFIX = 4
#: Longest note kept on an application.
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Application:
    id: str
    company: str
    role: str
    stage: str
    applied: dt.date
    moved: dt.date
    url: str = ""
    board: str = ""
    note: str = ""

    def as_json(self, today: dt.date, follow_up_days: int) -> dict[str, Any]:
        return {
            "id": self.id,
            "company": self.company,
            "role": self.role,
            "stage": self.stage,
            "applied": self.applied.isoformat(),
            "moved": self.moved.isoformat(),
            "url": self.url,
            "board": self.board,
            "note": self.note,
            "follow_up": follow_up_date(self.applied, follow_up_days).isoformat()
            if self.stage == "applied"
            else None,
            "due_follow_up": due_follow_up(self.applied, self.stage, today, follow_up_days),
        }


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return dt.date.fromisoformat(str(value))


def application(record_id: str, fields: Mapping[str, Any]) -> Application:
    applied = _date(fields["applied"])
    return Application(
        id=record_id,
        company=str(fields.get("company", "")),
        role=str(fields.get("role", "")),
        stage=str(fields.get("stage", "applied")),
        applied=applied,
        moved=_date(fields.get("moved") or applied),
        url=str(fields.get("url", "")),
        board=str(fields.get("board", "")),
        note=str(fields.get("note", "")),
    )


def applications(table: Table) -> list[Application]:
    """Live applications, newest first (then by company)."""
    found = [application(key, fields) for key, fields in table.live().items()]
    return sorted(found, key=lambda a: (-a.applied.toordinal(), a.company.lower(), a.id))


def add_application(
    table: Table,
    company: str,
    role: str,
    today: dt.date,
    *,
    applied: dt.date | None = None,
    url: str = "",
    board: str = "",
    note: str = "",
) -> Application:
    """Check everything first, then add one application at stage ``applied``."""
    day = applied or today
    try:
        check_applied_date(day, today)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None
    fields = {
        "company": one_line(company, "company"),
        "role": one_line(role, "role"),
        "stage": "applied",
        "applied": day,
        "moved": day,
        "url": web_url(url) if url else "",
        "board": one_line(board, "board") if board else "",
        "note": one_line(note, "note", MAX_NOTE_CHARS) if note else "",
    }
    record_id = table.add(fields)
    return application(record_id, fields)


def same_application(table: Table, company: str, role: str, applied: dt.date) -> Application | None:
    """An application already recorded with this company, role and day (case aside):
    most likely the same one entered twice."""
    wanted = (company.strip().casefold(), role.strip().casefold(), applied)
    for record_id, fields in table.live().items():
        found = application(record_id, fields)
        if (found.company.casefold(), found.role.casefold(), found.applied) == wanted:
            return found
    return None


def find_application(table: Table, wanted: str) -> Application:
    """An application by id, or by a unique prefix of at least 4 characters."""
    key = wanted.strip().lower()
    live = table.live()
    if key in live:
        return application(key, live[key])
    matches = [k for k in live if len(key) >= MIN_ID_PREFIX and k.startswith(key)]
    if len(matches) == 1:
        return application(matches[0], live[matches[0]])
    shown = sanitise(wanted)[:40]
    if len(key) < MIN_ID_PREFIX:
        raise PathtuiError(
            f"{shown!r} is too short to pick an application: give at least {MIN_ID_PREFIX} "
            "characters of its id (`pathtui jobs` shows the ids)."
        )
    if matches:
        raise PathtuiError(f"{shown!r} matches {len(matches)} applications; give more of the id.")
    raise PathtuiError(f"No application with id {shown!r}; `pathtui jobs` shows the ids.")


def move_application(
    table: Table, wanted: str, stage: str, today: dt.date, *, force: bool = False
) -> tuple[Application, bool]:
    """Move one application to ``stage``; returns it and whether anything changed."""
    target = stage.strip().lower()
    found = find_application(table, wanted)
    problem = stage_problem(found.stage, target, force)
    if problem is not None:
        raise PathtuiError(problem)
    if target == found.stage:
        return found, False
    table.update(found.id, {"stage": target, "moved": today})
    return find_application(table, found.id), True


def remove_application(table: Table, wanted: str) -> Application:
    found = find_application(table, wanted)
    table.remove(found.id)
    return found


def applications_picture(
    table: Table, today: dt.date, goal: int, follow_up_days: int
) -> dict[str, Any]:
    """The jobs numbers for the tracker and the CLI (the same as ``status``)."""
    return jobs_picture(
        ((a.applied, a.stage) for a in applications(table)), today, goal, follow_up_days
    )


def applications_table(progress: Any) -> RecordTable:
    return RecordTable(progress, "applications")


def job_settings(progress: Any) -> tuple[int, int]:
    """(weekly goal, follow-up days) from the learner's settings."""
    settings = progress.settings
    return int(settings.weekly_goal), int(settings.follow_up_days)
