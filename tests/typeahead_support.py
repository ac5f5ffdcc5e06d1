"""Bursts of keys, as a fluent typist sends them, and what each must leave
behind: shared by the Pilot tests (tests/tui/test_typeahead.py) and the
real-terminal ones (tests/system/test_typeahead_tmux.py).

A burst is a list of tokens: one character each, or a named key in angle
brackets (``ENTER``). Each burst says how it changes what the learner has
recorded (``Content``); a test keeps a model of that content and compares it
with the progress file after every burst, so a key that lands anywhere else
(an item skipped behind a dialog, a note half typed) shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pathtui.model.durations import MINUTES_PER_HOUR, format_hours
from pathtui.model.progress import Progress

ENTER, TAB, ESCAPE, PALETTE, CTRL_C = "<enter>", "<tab>", "<escape>", "<ctrl+p>", "<ctrl+c>"
NAMED = (ENTER, TAB, ESCAPE, PALETTE, CTRL_C)

#: The generated path with more than 9 steps (``bigpath.big_path`` arguments):
#: 21 steps of 5 items, item ``s{step}-item-{k}`` titled "Topic {n} of step {step}".
BIG = {"steps": 21, "items": 105, "links": 1, "desc_chars": 200}
BIG_STEPS = 21
PER_STEP = 5
#: Step 2 of the big path is a choice group; the bursts leave it alone.
SEARCH_STEP = 7

#: Minutes the first run logs (the issue's 45m); each run logs a minute more.
LOG_MINUTES = 45

#: What shows while a dialog (or the Jobs or Review screen) is open: its
#: border title, the palette's prompt, or the review's heading. All start in
#: the left half of an 80-column screen, which no toast covers.
DIALOG_MARKS = (
    "─ Go to step ─",
    "─ Note ─",
    "─ Log study time ─",
    "─ Find an item ─",
    "─ New application",
    "─ Settings ─",
    "─ Applications by stage ─",
    "Search for commands",
    "Review · ",
)

Content = dict[str, Any]


def keys(*parts: str) -> list[str]:
    """Tokens from parts: a named key stays whole, any other text is split
    into its characters."""
    out: list[str] = []
    for part in parts:
        if part in NAMED:
            out.append(part)
        else:
            out.extend(part)
    return out


def content(progress: Progress) -> Content:
    """What the learner has recorded, without stamps, record ids or clock times."""
    return {
        "settings": dict(progress.settings.values),
        "items": {
            key: {name: value for name, value in record.values.items() if name != "finished"}
            for key, record in progress.items.items()
        },
        "log": sorted((e.date, e.hours, e.item, e.note) for e in progress.records("log")),
        "applications": sorted(
            (a.company, a.role, a.stage, a.board) for a in progress.records("applications")
        ),
        "projects": sorted(repr(sorted(p.values.items())) for p in progress.records("projects")),
        "ratings": sorted((r.item, r.rating) for r in progress.records("ratings")),
    }


def unchanged(_: Content) -> None:
    """A burst that must change nothing recorded (a jump, a cancelled dialog)."""


@dataclass(frozen=True)
class Burst:
    """Keys sent in one go, the change they make, and what the screen then shows."""

    name: str
    tokens: list[str]
    change: Callable[[Content], None] = unchanged
    #: A pattern the screen matches once the burst is done (besides: no dialog
    #: left open). Toasts cover the right half of an 80-column screen, so it
    #: looks at the left half, or at the newest toast (at the bottom).
    shows: str = ""
    #: Text that must not be on screen once it is done.
    hides: tuple[str, ...] = field(default=DIALOG_MARKS)


def set_item(item_id: str, **values: str) -> Callable[[Content], None]:
    def change(model: Content) -> None:
        model["items"].setdefault(item_id, {}).update(values)

    return change


def toggle_done(item_id: str) -> Callable[[Content], None]:
    """Space on an item: done, or back to todo."""

    def change(model: Content) -> None:
        record = model["items"].setdefault(item_id, {})
        record["state"] = "todo" if record.get("state") == "done" else "done"

    return change


def add_log(day: dt.date, hours: float, item_id: str) -> Callable[[Content], None]:
    def change(model: Content) -> None:
        model["log"] = sorted([*model["log"], (day, hours, item_id, "")])

    return change


def add_application(company: str, role: str) -> Callable[[Content], None]:
    def change(model: Content) -> None:
        model["applications"] = sorted([*model["applications"], (company, role, "applied", "")])

    return change


def set_hours(hours: float) -> Callable[[Content], None]:
    def change(model: Content) -> None:
        model["settings"]["hours_per_week"] = hours

    return change


def on_step(number: int) -> str:
    """The heading of the step shown ("Step 12 of 21"), which starts in the
    left half of an 80-column screen: a toast may cover what follows "of"
    (its edge, ▌, right after it), never "Step 12 of" itself."""
    return rf"Step {number} of\b"


def core_bursts(steps: int, first_item: str, run: int, today: dt.date) -> list[Burst]:
    """The three bursts of the issue (go to a step, a note, logged time), a Tab
    across the fields of a new application, and Escape typed ahead; ``run``
    varies the numbers and the text, so that each run changes something new
    and shows something new."""
    target = steps - run % (steps // 2)  # past 9 when the path has more steps
    company = f"Initech {run}"
    note = f"{run} fast note"
    minutes = LOG_MINUTES + run
    return [
        Burst("go to a step", keys("g", str(target), ENTER), shows=on_step(target)),
        Burst("a note", keys("1n", note, ENTER), set_item(first_item, note=note), f"✎ {run} fast"),
        Burst(
            "logged time",
            keys("1t", f"{minutes}m", ENTER),
            add_log(today, minutes / MINUTES_PER_HOUR, first_item),
            f"Logged {format_hours(minutes / MINUTES_PER_HOUR)} on",
        ),
        Burst(
            "an application across fields",
            keys("Ja", company, TAB, "Backend engineer", ENTER, ESCAPE),
            add_application(company, "Backend engineer"),
            f"Applied: {company} ",
        ),
        Burst(
            "a note cancelled, then a tick",
            keys("1n", "skip this", ESCAPE, " "),
            toggle_done(first_item),
            on_step(1),
        ),
    ]


def more_bursts(
    first_items: tuple[str, str], search: tuple[str, str, int], run: int
) -> list[Burst]:
    """Every other dialog and prompt: find, settings, the palette, Ctrl+C,
    Escape in the go-to dialog. ``first_items``: the first items of steps 1
    and 3; ``search`` is (text to type, the item it finds, that item's step)."""
    hours = 6 + run % 6
    query, found, step = search
    first_item, third_step_item = first_items
    return [
        Burst(
            "go to, cancelled, then a tick",
            keys("3g5", ESCAPE, " "),
            toggle_done(third_step_item),
            on_step(3),
        ),
        Burst(
            "a note cancelled, then jumps",  # a terminal sends Escape then 2 as Option+2 (™)
            keys("1n", "draft", ESCAPE, "2", ESCAPE, "7"),
            shows=on_step(7),
        ),
        Burst(
            "find an item, then mark it",
            keys("1/", query, ENTER, "l"),
            set_item(found, state="learning"),
            on_step(step),
        ),
        Burst(
            "settings", keys("1c", str(hours), ENTER), set_hours(float(hours)), f"at {hours} h/week"
        ),
        Burst(
            "the palette, then a note",
            keys("1", PALETTE, "edit note", ENTER, f"{run} via palette", ENTER),
            set_item(first_item, note=f"{run} via palette"),
            f"✎ {run} via",
        ),
        Burst(
            "Ctrl+C in a dialog, then a tick",
            keys("1n", "skip this", CTRL_C, " "),
            toggle_done(first_item),
            on_step(1),
        ),
    ]


def big_path_bursts(run: int, today: dt.date) -> list[Burst]:
    """All bursts on the 21-step path: the core ones last, as the toasts they
    raise cover the right half of the screen for a few seconds."""
    k = 1 + run % PER_STEP
    topic = (SEARCH_STEP - 1) * PER_STEP + k
    search = (f"topic {topic} ", f"s{SEARCH_STEP}-item-{k}", SEARCH_STEP)
    return [
        *more_bursts(("s1-item-1", "s3-item-1"), search, run),
        *core_bursts(BIG_STEPS, "s1-item-1", run, today),
    ]


#: The built-in path: its first item, its step count, an item to find.
BUILTIN_STEPS = 7
BUILTIN_FIRST = "basics-language"
BUILTIN_THIRD = "web-client-server"
BUILTIN_SEARCH = ("dictionar", "basics-dictionaries", 1)


def builtin_bursts(run: int, today: dt.date) -> list[Burst]:
    """All bursts on the built-in path."""
    return [
        *more_bursts((BUILTIN_FIRST, BUILTIN_THIRD), BUILTIN_SEARCH, run),
        *core_bursts(BUILTIN_STEPS, BUILTIN_FIRST, run, today),
    ]


#: Items of the built-in path a reviewing learner finished days ago, so that
#: their cards are due, oldest first (``reviewing``).
REVIEWED = ("basics-lists", "basics-loops", "basics-variables")
#: How long ago the first of them was finished.
REVIEWED_DAYS_AGO = 10


def reviewing(progress: Progress, today: dt.date) -> None:
    """Finish ``REVIEWED`` on three days in a row, ten days before ``today``."""
    first = dt.datetime.combine(today, dt.time(18), dt.UTC) - dt.timedelta(REVIEWED_DAYS_AGO)
    for n, item in enumerate(REVIEWED):
        progress.set_state(item, "done", first + dt.timedelta(days=n))


def add_ratings(*ratings: tuple[str, str]) -> Callable[[Content], None]:
    def change(model: Content) -> None:
        model["ratings"] = sorted([*model["ratings"], *ratings])

    return change


def review_burst(first_item: str) -> Burst:
    """The Review screen (``v``), two cards rated Good and Escape, typed
    ahead; then a tick on the first item of step 1 (``reviewing`` learners)."""
    ratings = add_ratings((REVIEWED[0], "good"), (REVIEWED[1], "good"))

    def change(model: Content) -> None:
        ratings(model)
        toggle_done(first_item)(model)

    return Burst("two reviews", keys("v33", ESCAPE, "1", " "), change, on_step(1))
