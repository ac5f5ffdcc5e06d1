"""The portfolio and the job search in exports: Markdown sections for the
progress report, and the applications as CSV for a spreadsheet.

The Markdown report is meant to be shown (a README, a portfolio page), so
the job search is a section the learner can leave out (``--no-jobs``);
projects are shown with their latest check results. Text is made literal
(``markdown.md``) so a company called ``*Acme*`` stays ``*Acme*``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from pathtui.model import applications, projects
from pathtui.model.checkresult import is_web_url
from pathtui.model.jobs import STAGES, due_follow_up
from pathtui.model.portfolio import CHECK_TITLES, PASS
from pathtui.model.sanitise import sanitise
from pathtui.services.markdown import md
from pathtui.services.session import Session

#: Columns of the CSV export, in order.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "company",
    "role",
    "stage",
    "applied",
    "moved",
    "board",
    "url",
    "note",
    "due_follow_up",
)
#: Characters a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def markdown_sections(session: Session, today: dt.date, *, jobs: bool = True) -> list[str]:
    """Lines of the 'Portfolio' section and, unless left out, the 'Job search' one."""
    lines: list[str] = []
    found = projects.projects(projects.projects_table(session.progress))
    if found:
        lines += ["", "## Portfolio", ""]
        for p in found:
            links = []
            if p.url:
                links.append(f"deployed at {md(p.url)}")
            if p.repo and is_web_url(p.repo):
                links.append(f"code at {md(p.repo)}")
            tail = f" — {', '.join(links)}" if links else ""
            lines.append(f"- **{md(p.name)}**{tail}")
            if p.checks:
                passed = [CHECK_TITLES[r.check] for r in p.checks if r.verdict == PASS]
                when = max(r.ran for r in p.checks).astimezone().date().isoformat()
                lines.append(
                    f"  - checks passed on {when}: {md(', '.join(passed)) if passed else 'none'}"
                )
    if not jobs:
        return lines
    goal, days = applications.job_settings(session.progress)
    table = applications.applications_table(session.progress)
    apps = applications.applications(table)
    if not apps:
        return lines
    picture = applications.applications_picture(table, today, goal, days)
    counts = ", ".join(
        f"{picture['by_stage'][stage]} {stage}" for stage in STAGES if picture["by_stage"][stage]
    )
    lines += [
        "",
        "## Job search",
        "",
        f"{len(apps)} applications ({counts}); this week {picture['applied_this_week']} of "
        f"a goal of {goal}.",
        "",
        "| Applied | Company | Role | Stage |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {a.applied.isoformat()} | {md(a.company)} | {md(a.role)} | {a.stage} |" for a in apps
    ]
    return lines


def _cell(text: str) -> str:
    """A spreadsheet cell that shows the text and never runs it as a formula."""
    text = sanitise(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def applications_csv(session: Session, today: dt.date) -> str:
    """Every application as CSV, oldest first, with a header row."""
    _, days = applications.job_settings(session.progress)
    apps = sorted(
        applications.applications(applications.applications_table(session.progress)),
        key=lambda a: (a.applied, a.company.lower(), a.id),
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for a in apps:
        writer.writerow(
            [
                a.id,
                _cell(a.company),
                _cell(a.role),
                a.stage,
                a.applied.isoformat(),
                a.moved.isoformat(),
                _cell(a.board),
                _cell(a.url),
                _cell(a.note),
                "yes" if due_follow_up(a.applied, a.stage, today, days) else "no",
            ]
        )
    return out.getvalue()
