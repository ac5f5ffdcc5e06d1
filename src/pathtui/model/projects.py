"""Portfolio projects as records in the progress file: a typed view, unique
names, http(s) links only, the latest result of each check and the step-6
items linked as evidence. The checks' names are ``portfolio.py``'s; running
them is ``services/projectchecks.py``'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pathtui.errors import PathtuiError
from pathtui.model.checkresult import CheckResult, is_web_url
from pathtui.model.portfolio import CHECKS, VERDICTS
from pathtui.model.progress import clean_user_text
from pathtui.model.records import RecordTable, Table, one_line, web_url
from pathtui.model.sanitise import sanitise

#: Where a project's step-6 evidence links may point: items of this step.
PORTFOLIO_STEP_ID = "portfolio"
#: Schemes a ``--repo`` address may have besides a local folder.
REPO_SCHEMES = ("http://", "https://", "ssh://", "git://")


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
    raw = clean_user_text(text)
    if not raw:
        raise PathtuiError("The repo cannot be empty.")
    if raw.startswith(REPO_SCHEMES) or (":" in raw and "@" in raw.split(":", 1)[0]):
        if raw.startswith(("http://", "https://")) and not is_web_url(raw):
            raise PathtuiError(f"{sanitise(raw)[:80]!r} is not a web address or a folder.")
        return sanitise(raw)
    if "://" in raw or "\0" in raw:  # (no folder's name holds a NUL)
        raise PathtuiError(
            f"{sanitise(raw)[:80]!r} is not a folder or an http(s), ssh or git address."
        )
    folder = Path(raw).expanduser()
    if not folder.is_absolute():
        folder = Path(cwd or Path.cwd()) / folder
    return sanitise(str(folder.resolve()))


def find_project(table: Table, name: str) -> Project:
    """A project by name (any case) or id."""
    wanted = " ".join(sanitise(name).split()).lower()
    found = [p for p in projects(table) if p.name.lower() == wanted or p.id == wanted]
    if len(found) == 1:
        return found[0]
    if found:
        raise PathtuiError(
            f"{len(found)} projects are named {sanitise(name)[:60]!r}; "
            "remove one by its id (`pathtui project list --json` shows them)."
        )
    raise PathtuiError(
        f"No project named {sanitise(name)[:60]!r}; `pathtui project list` shows them."
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


def projects_table(progress: Any) -> RecordTable:
    return RecordTable(progress, "projects")
