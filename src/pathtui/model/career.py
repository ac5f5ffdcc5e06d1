"""Portfolio projects and job applications as records in the progress file.

Both are collections of records keyed by id, each field its own register
(so two devices that change different fields of one application both keep
their change) and a tombstone for removals. This module turns those records
into typed views and applies every rule a change must pass: known stages and
allowed moves, http(s) links only, no applications from the future, unique
project names. The CLI and the tracker both change things only through here,
then save through the Session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pathtui.errors import PathtuiError
from pathtui.model.checkresult import CheckResult, check_web_url, is_web_url
from pathtui.model.jobs import (
    check_applied_date,
    due_follow_up,
    follow_up_date,
    jobs_picture,
    stage_problem,
)
from pathtui.model.path import clean_text
from pathtui.model.portfolio import CHECKS, VERDICTS
from pathtui.model.progress import new_key

#: An application id may be shortened to this many characters, if it stays unique.
MIN_ID_PREFIX = 4
#: Longest company, role, board or project name kept (a line, not an essay).
MAX_NAME_CHARS = 200
#: Longest note kept on an application.
MAX_NOTE_CHARS = 2000
#: Where a project's step-6 evidence links may point: items of this step.
PORTFOLIO_STEP_ID = "portfolio"
#: Schemes a ``--repo`` address may have besides a local folder.
REPO_SCHEMES = ("http://", "https://", "ssh://", "git://")


class Table(Protocol):
    """A collection of records: id -> {field: value}, removals as tombstones."""

    def live(self) -> dict[str, dict[str, Any]]: ...

    def add(self, fields: Mapping[str, Any]) -> str: ...

    def update(self, record_id: str, changes: Mapping[str, Any]) -> bool: ...

    def remove(self, record_id: str) -> bool: ...


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


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    repo: str = ""
    url: str = ""
    evidence: tuple[str, ...] = ()
    checks: tuple[CheckResult, ...] = ()

    def result(self, check: str) -> CheckResult | None:
        return next((r for r in self.checks if r.check == check), None)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "repo": self.repo,
            "url": self.url,
            "evidence": list(self.evidence),
            "checks": [r.as_json() for r in self.checks],
        }


def one_line(text: str, what: str, limit: int = MAX_NAME_CHARS) -> str:
    """Learner text made safe to keep and show: no control characters, trimmed."""
    cleaned = clean_text(" ".join(text.split()))
    if not cleaned:
        raise PathtuiError(f"The {what} cannot be empty.")
    if len(cleaned) > limit:
        raise PathtuiError(f"The {what} is longer than {limit} characters.")
    return cleaned


def web_url(text: str) -> str:
    """An http(s) link, or PathtuiError in one sentence."""
    try:
        return check_web_url(text)
    except ValueError as exc:
        raise PathtuiError(str(exc)) from None


# --------------------------------------------------------------------------- applications


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


def find_application(table: Table, wanted: str) -> Application:
    """An application by id, or by a unique prefix of at least 4 characters."""
    key = wanted.strip().lower()
    live = table.live()
    if key in live:
        return application(key, live[key])
    matches = [k for k in live if len(key) >= MIN_ID_PREFIX and k.startswith(key)]
    if len(matches) == 1:
        return application(matches[0], live[matches[0]])
    shown = clean_text(wanted)[:40]
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


def career_picture(table: Table, today: dt.date, goal: int, follow_up_days: int) -> dict[str, Any]:
    """The jobs numbers for the tracker and the CLI (the same as ``status``)."""
    return jobs_picture(
        ((a.applied, a.stage) for a in applications(table)), today, goal, follow_up_days
    )


# --------------------------------------------------------------------------- projects


def _results(fields: Mapping[str, Any]) -> tuple[CheckResult, ...]:
    """The checks that have run, from their ``<check>_verdict/_reason/_ran`` fields."""
    out = []
    for check in CHECKS:
        verdict, ran = fields.get(f"{check}_verdict"), fields.get(f"{check}_ran")
        if verdict not in VERDICTS or not ran:
            continue
        try:
            when = dt.datetime.fromisoformat(str(ran))
        except ValueError:
            continue
        out.append(CheckResult(check, verdict, str(fields.get(f"{check}_reason", "")), when))
    return tuple(out)


def project(record_id: str, fields: Mapping[str, Any]) -> Project:
    return Project(
        id=record_id,
        name=str(fields.get("name", "")),
        repo=str(fields.get("repo", "")),
        url=str(fields.get("url", "")),
        evidence=tuple(str(fields.get("evidence", "")).split()),
        checks=_results(fields),
    )


def projects(table: Table) -> list[Project]:
    found = [project(key, fields) for key, fields in table.live().items()]
    return sorted(found, key=lambda p: (p.name.lower(), p.id))


def repo_address(text: str, cwd: Path | None = None) -> str:
    """A ``--repo`` value as kept: a web or git address as given, a folder made absolute."""
    raw = text.strip()
    if not raw:
        raise PathtuiError("The repo cannot be empty.")
    if raw.startswith(REPO_SCHEMES) or (":" in raw and "@" in raw.split(":", 1)[0]):
        if raw.startswith(("http://", "https://")) and not is_web_url(raw):
            raise PathtuiError(f"{clean_text(raw)[:80]!r} is not a web address or a folder.")
        return clean_text(raw)
    if "://" in raw:
        raise PathtuiError(
            f"{clean_text(raw)[:80]!r} is not a folder or an http(s), ssh or git address."
        )
    folder = Path(raw).expanduser()
    if not folder.is_absolute():
        folder = Path(cwd or Path.cwd()) / folder
    return clean_text(str(folder.resolve()))


def find_project(table: Table, name: str) -> Project:
    """A project by name (any case) or id."""
    wanted = " ".join(clean_text(name).split()).lower()
    found = [p for p in projects(table) if p.name.lower() == wanted or p.id == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        raise PathtuiError(
            f"{len(found)} projects are named {clean_text(name)[:60]!r}; "
            "remove one by its id (`pathtui project list --json` shows them)."
        )
    raise PathtuiError(
        f"No project named {clean_text(name)[:60]!r}; `pathtui project list` shows them."
    )


def add_project(table: Table, name: str, repo: str = "", url: str = "") -> Project:
    clean = one_line(name, "project name")
    for other in projects(table):
        if other.name.lower() == clean.lower():
            raise PathtuiError(f"There is already a project named {other.name!r}.")
    fields: dict[str, Any] = {
        "name": clean,
        "repo": repo_address(repo) if repo else "",
        "url": web_url(url) if url else "",
    }
    record_id = table.add(fields)
    return project(record_id, fields)


def remove_project(table: Table, name: str) -> Project:
    found = find_project(table, name)
    table.remove(found.id)
    return found


def record_results(table: Table, found: Project, results: Iterable[CheckResult]) -> Project:
    """Keep each check's latest verdict, reason and time on the project."""
    changes: dict[str, Any] = {}
    for r in results:
        changes[f"{r.check}_verdict"] = r.verdict
        changes[f"{r.check}_reason"] = r.reason
        changes[f"{r.check}_ran"] = r.ran.isoformat(timespec="seconds")
    if changes:
        table.update(found.id, changes)
    return project(found.id, table.live()[found.id])


def link_evidence(table: Table, found: Project, item_ids: Iterable[str], link: bool) -> Project:
    """Link (or unlink) checklist items to a project as its evidence."""
    current = list(found.evidence)
    for item_id in item_ids:
        if link and item_id not in current:
            current.append(item_id)
        elif not link and item_id in current:
            current.remove(item_id)
    if tuple(current) != found.evidence:
        table.update(found.id, {"evidence": " ".join(current)})
    return project(found.id, table.live()[found.id])


# --------------------------------------------------------------------------- the progress file


#: Fields that make a record whole: a record with all of them empty is what a
#: reset on another device left of it (``schema.NO_DATE`` says how), and is
#: left out until something writes them again.
IDENTITY: dict[str, tuple[str, ...]] = {
    "applications": ("company", "role"),
    "projects": ("name",),
}


class RecordTable:
    """A ``Table`` over one collection of the progress file (``schema.py``):
    every write is a stamped put of the fields it changes, so it merges."""

    def __init__(self, progress: Any, collection: str) -> None:
        from pathtui.model.schema import BY_NAME

        self.progress = progress
        self.collection = collection
        self.fields = tuple(f.name for f in BY_NAME[collection].fields)

    def live(self) -> dict[str, dict[str, Any]]:
        identity = IDENTITY.get(self.collection, ())
        out = {}
        for record in self.progress.records(self.collection):
            fields = {name: getattr(record, name) for name in self.fields}
            if identity and not any(fields[name] for name in identity):
                continue
            out[record.key] = fields
        return out

    def add(self, fields: Mapping[str, Any]) -> str:
        key = new_key()
        self.progress.put(self.collection, key, dict(fields), force=True)
        return key

    def update(self, record_id: str, changes: Mapping[str, Any]) -> bool:
        return bool(self.progress.put(self.collection, record_id, dict(changes)))

    def remove(self, record_id: str) -> bool:
        return bool(self.progress.remove(self.collection, record_id))


def applications_table(progress: Any) -> RecordTable:
    return RecordTable(progress, "applications")


def projects_table(progress: Any) -> RecordTable:
    return RecordTable(progress, "projects")


def job_settings(progress: Any) -> tuple[int, int]:
    """(weekly goal, follow-up days) from the learner's settings."""
    settings = progress.settings
    return int(settings.weekly_goal), int(settings.follow_up_days)
