"""Every ``pathtui config`` command: show the settings or change one.

Registered on ``pathtui.cli.typerapp.config_app`` when ``pathtui.cli.commands``
imports this module. The ``config`` group itself is declared in
``pathtui.cli.typerapp`` beside the other groups, so ``pathtui --help`` lists it in
its place. Like the rest of the CLI this parses, calls the core and prints;
the everyday settings go through ``actions`` (the fast path in
``grammar.py`` calls the same functions).
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli import actions
from pathtui.cli.grammar import typer_param
from pathtui.cli.output import say
from pathtui.cli.typerapp import VALUE_FIRST, _opts, config_app
from pathtui.errors import PathtuiError
from pathtui.model.jobs import MAX_FOLLOW_UP_DAYS, MAX_WEEKLY_GOAL
from pathtui.services.session import Session


@config_app.callback(invoke_without_command=True)
def config_show(ctx: typer.Context) -> None:
    """Show your settings."""
    if ctx.invoked_subcommand is None:
        actions.config_show(_opts(ctx).path_file)


@config_app.command("hours-per-week")
def config_hours(
    ctx: typer.Context,
    hours: Annotated[str, typer_param(("config", "hours-per-week"), "hours")],
) -> None:
    """Save how many hours a week you study (the estimate uses it)."""
    actions.config_hours(_opts(ctx).path_file, hours)


@config_app.command("start-date")
def config_start(
    ctx: typer.Context,
    date: Annotated[str, typer_param(("config", "start-date"), "date")],
) -> None:
    """Save the date you started (the schedule counts from it)."""
    actions.config_start(_opts(ctx).path_file, date)


# --------------------------------------------------------------------------- job search


def _whole(text: str, what: str, low: int, high: int) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:  # "²" is a digit
        raise PathtuiError(f"The {what} must be a whole number from {low} to {high}.")
    return int(raw)


def _save_setting(ctx: typer.Context, **changes: int) -> Session:
    session = _opts(ctx).session()
    with session.editing():
        session.change_settings(restamp=True, **changes)
    return session


@config_app.command("weekly-goal", context_settings=VALUE_FIRST)
def config_weekly_goal(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="N", help="Applications a week you aim for.")],
) -> None:
    """Save how many job applications a week you aim for (default 10)."""
    goal = _whole(text, "weekly goal", 1, MAX_WEEKLY_GOAL)
    _save_setting(ctx, weekly_goal=goal)
    say(f"Weekly goal set to {goal} application{'s' if goal != 1 else ''}.")


@config_app.command("follow-up-days", context_settings=VALUE_FIRST)
def config_follow_up(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="N", help="Days with no reply before a nudge.")],
) -> None:
    """Save after how many days with no reply an application is due a follow-up (default 14)."""
    days = _whole(text, "number of follow-up days", 1, MAX_FOLLOW_UP_DAYS)
    _save_setting(ctx, follow_up_days=days)
    say(f"Applications with no reply for {days} days are now due a follow-up.")


# --------------------------------------------------------------------------- study days


@config_app.command("day-minimum")
def config_day_minimum(
    ctx: typer.Context,
    minutes: Annotated[str, typer_param(("config", "day-minimum"), "minutes")],
) -> None:
    """Save how much study makes a day count for the day streak (default 15 minutes)."""
    actions.config_day_minimum(_opts(ctx).path_file, minutes)


@config_app.command("rest-days")
def config_rest_days(
    ctx: typer.Context,
    text: Annotated[str, typer_param(("config", "rest-days"), "text")],
) -> None:
    """Save how many days a week you may rest without breaking the day streak (default 1)."""
    actions.config_rest_days(_opts(ctx).path_file, text)


@config_app.command("streaks")
def config_streaks(
    ctx: typer.Context,
    choice: Annotated[str, typer_param(("config", "streaks"), "choice")],
) -> None:
    """Switch streaks on or off, or choose weeks (met the goal) or study days."""
    actions.config_streaks(_opts(ctx).path_file, choice)


# --------------------------------------------------------------------------- the study plan


@config_app.command("study-days")
def config_study_days(
    ctx: typer.Context,
    text: Annotated[str, typer_param(("config", "study-days"), "text")],
) -> None:
    """Save the days you study, e.g. mon,wed,sat (the calendar and reminders use them)."""
    actions.config_study_days(_opts(ctx).path_file, text)


@config_app.command("study-time")
def config_study_time(
    ctx: typer.Context,
    text: Annotated[str, typer_param(("config", "study-time"), "text")],
) -> None:
    """Save when your study sessions start, e.g. 19:00 (default 19:00)."""
    actions.config_study_time(_opts(ctx).path_file, text)


# --------------------------------------------------------------------------- review


@config_app.command("review")
def config_review(
    ctx: typer.Context,
    choice: Annotated[str, typer_param(("config", "review"), "choice")],
) -> None:
    """Switch spaced review of done items on or off (on unless you turn it off)."""
    actions.config_review(_opts(ctx).path_file, choice)


@config_app.command("retention")
def config_retention(
    ctx: typer.Context,
    text: Annotated[str, typer_param(("config", "retention"), "text")],
) -> None:
    """Save the share of reviews you want to still recall (default 0.90): higher is sooner."""
    actions.config_retention(_opts(ctx).path_file, text)


# --------------------------------------------------------------------------- sync


@config_app.command("auto-sync")
def config_auto_sync(
    ctx: typer.Context,
    value: Annotated[str, typer.Argument(metavar="on|off", help="on or off.")],
) -> None:
    """Sync when the tracker opens and closes (off unless you turn it on)."""
    from pathtui.sync.progress import is_set_up

    choice = value.strip().lower()
    if choice not in ("on", "off"):
        raise PathtuiError(f"auto-sync takes on or off, not {value!r}.")
    session = _opts(ctx).session()
    with session.editing():
        session.change_settings(auto_sync=choice == "on", restamp=True)
    say(f"Auto-sync {choice}.")
    if choice == "on" and not is_set_up(session.store.file.parent):
        say(
            "Sync is not set up for this data folder yet: run `pathtui sync init REMOTE` first.",
            err=True,
        )
