"""The commands a learner runs to look, answered before Typer is imported.

``show``, ``jobs``, ``project list``, ``path list`` and ``restore``'s list are
declared in ``cli/grammar.py``: a plain call comes here from the fast path,
and the Typer commands (``show.py``, ``jobs.py``, ``projects.py``,
``paths.py``, ``restore.py``) call the same functions, so both print alike.
Typer costs more to import than each of these may take (docs/performance.md),
so nothing here imports it.
"""

from __future__ import annotations

from pathtui.cli import output
from pathtui.model.portfolio import FAIL, PASS, UNKNOWN
from pathtui.model.sanitise import sanitise
from pathtui.services.session import Session

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from pathtui.model.checkresult import CheckResult

#: Characters of an application id ``pathtui jobs`` shows (any unique 4+ works).
SHOWN_ID = 8
#: Widest company or role shown in the jobs table.
NAME_WIDTH = 24


def show_item(path_file: Path | None, item_id: str, as_json: bool = False) -> None:
    """``pathtui show ID``: one item in full (description, links, note, hours)."""
    from pathtui.model.itemview import item_json, item_text

    session = Session.open(path_file)
    session.resolve([item_id])
    if as_json:
        output.print_json(item_json(session.path, session.progress, item_id))
        return
    output.say(item_text(session.path, session.progress, item_id))


def week_line(picture: dict) -> str:
    """'This week: 2 of 5 applications · 3 active · 1 due a follow-up · 2-week streak'."""
    streak = picture["streak"]["current"]
    parts = [
        f"This week: {picture['applied_this_week']} of {picture['weekly_goal']} applications",
        f"{picture['active']} active",
    ]
    if picture["due_follow_up"]:
        parts.append(f"{picture['due_follow_up']} due a follow-up")
    if streak:
        parts.append(f"{streak}-week streak")
    return " · ".join(parts)


def jobs_list(path_file: Path | None, as_json: bool = False) -> None:
    """``pathtui jobs``: the furthest along first, closed ones last, newest first."""
    from pathtui.model import applications
    from pathtui.model.jobs import LISTING_ORDER, due_follow_up

    session = Session.open(path_file)
    today = output.today()
    goal, days = applications.job_settings(session.progress)
    table = applications.applications_table(session.progress)
    found = applications.applications(table)
    if as_json:
        output.print_json([a.as_json(today, days) for a in found])
        return
    if not found:
        output.say(
            "No applications yet. Record one with `pathtui apply COMPANY ROLE` "
            f"(your goal: {goal} a week)."
        )
        return
    order = {stage: i for i, stage in enumerate(LISTING_ORDER)}
    found.sort(key=lambda a: order[a.stage])  # stable: newest first within a stage
    rows = [("ID", "STAGE", "APPLIED", "COMPANY", "ROLE", "")]
    for a in found:
        flag = "follow up" if due_follow_up(a.applied, a.stage, today, days) else ""
        rows.append(
            (
                a.id[:SHOWN_ID],
                a.stage,
                a.applied.isoformat(),
                output.cut(a.company, NAME_WIDTH),
                output.cut(a.role, NAME_WIDTH),
                flag,
            )
        )
    output.table(rows)
    output.say(week_line(applications.applications_picture(table, today, goal, days)))


def tally(results: tuple[CheckResult, ...] | list[CheckResult]) -> str:
    """'3 passed, 1 failed, 1 could not check'."""
    counts = {verdict: sum(1 for r in results if r.verdict == verdict) for verdict in (PASS, FAIL)}
    unknown = sum(1 for r in results if r.verdict == UNKNOWN)
    text = f"{counts[PASS]} passed, {counts[FAIL]} failed"
    return text + (f", {unknown} could not check" if unknown else "")


def last_run(results: tuple[CheckResult, ...] | list[CheckResult]) -> str:
    latest = max(r.ran for r in results)
    return latest.astimezone().strftime("%Y-%m-%d %H:%M")


def project_list(path_file: Path | None, as_json: bool = False) -> None:
    """``pathtui project list``: your projects with their last check results."""
    from pathtui.model import projects

    session = Session.open(path_file)
    found = projects.projects(projects.projects_table(session.progress))
    if as_json:
        output.print_json([p.as_json() for p in found])
        return
    if not found:
        output.say(
            "No projects yet. Add one with `pathtui project add NAME --repo PATH --url URL`."
        )
        return
    for p in found:
        output.say(sanitise(p.name))
        if p.repo:
            output.say(f"  repo      {sanitise(p.repo)}")
        if p.url:
            output.say(f"  deployed  {sanitise(p.url)}")
        if p.evidence:
            output.say(f"  evidence  {', '.join(p.evidence)}")
        if p.checks:
            output.say(f"  checks    {tally(p.checks)} (last run {last_run(p.checks)})")
        else:
            output.say("  checks    never run")


def path_list(path_file: Path | None) -> None:
    """``pathtui path list``: the built-in path and your library, with progress.
    (``--path`` does not change which paths you have.)"""
    from pathtui.services import paths

    for row in paths.listing():
        label = " (built-in)" if row.builtin else ""
        output.say(f"{'*' if row.chosen else ' '} {row.path_id}{label}  {row.info}")


def restore(path_file: Path | None, backup: str | None = None, yes: bool = False) -> None:
    """``pathtui restore``: the backups, newest first; with BACKUP, put one back
    (which may ask first, so the grammar sends that call to Typer)."""
    if backup is not None:
        restore_backup(path_file, backup, yes)
        return
    from pathtui.services.backups import backups_of, open_for_restore, restore_command

    session, unreadable = open_for_restore(path_file)
    found = backups_of(session)
    if unreadable:
        output.say(f"{unreadable} Restoring a backup keeps that file aside, renamed.")
    if not found:
        folder = session.store.file.parent / "backups"
        output.say(f"No backups yet (they are written to {folder}).")
        return
    output.say(f"Backups of {session.store.file}, newest first:")
    for entry in found:
        what = entry.holding.words() if entry.holding else f"unreadable: {entry.problem}"
        output.say(f"  {entry.written:%Y-%m-%d %H:%M}  {entry.file.name}  {what}")
    held = [e for e in found if e.holding is not None and not e.holding.empty]
    best = held[0] if held else found[0]  # the newest may be one written after a reset
    output.say(f"Restore one with: {restore_command(best.file, path_file)}")


def restore_backup(path_file: Path | None, backup: str, yes: bool) -> None:
    """Put a backup or an export back, after asking (unless ``yes``) and after a
    backup of what it replaces. Reached only through Typer, which the question needs."""
    from pathtui.cli.confirm import confirm_or_exit
    from pathtui.services.backups import (
        Holding,
        find_backup,
        open_for_restore,
        restore_command,
        restore_over,
    )
    from pathtui.services.transfer import left_out, read_import

    session, unreadable = open_for_restore(path_file)
    file = find_backup(session, backup)
    restored = read_import(file, session.path.id)
    then = Holding.of(restored)
    if unreadable and not yes:
        confirm_or_exit(
            f"Restore {file} ({then.words()}) in place of your progress file "
            f"{session.store.file}, which cannot be read? That file is kept aside, renamed"
        )
    elif session.store.exists and not yes:
        now = Holding.of(session.progress)
        confirm_or_exit(
            f"Replace your progress ({now.words()}) with {file} ({then.words()})? "
            "A backup of your progress is written first"
        )
    saved, aside = restore_over(session, restored, bool(unreadable))
    output.say(f"Restored {file}: {Holding.of(session.progress).words()}.")
    if aside is not None:
        output.say(f"The file that could not be read is kept as {aside}.")
    if (told := left_out(file, restored)) is not None:
        output.say(f"pathtui: {told}", err=True)
    if saved is not None:
        output.say(f"What you had is in {saved}; to go back: {restore_command(saved, path_file)}")
