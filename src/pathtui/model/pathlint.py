"""Lint for path files: what loads but is probably a mistake.

The validator (``path.py``) refuses what pathtui cannot use. These checks
find what it can use but a path author would want to know about: a stated
baseline that disagrees with the items (an error in schema 2, only a warning
for older schema 1 files, which keep loading as they always did), steps with
nothing that counts, and links given twice. ``pathtui path check`` prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pathtui.model.path import LearningPath, Resource, Step
from pathtui.model.pathparse import baseline_disagrees


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint warning, placed the way a person counts."""

    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def _place(step: Step) -> str:
    return f"step {step.number} ({step.id!r})" if step.number else "extras"


def _duplicate_links(where: str, links: tuple[Resource, ...]) -> list[Finding]:
    seen: dict[str, int] = {}
    found = []
    for n, link in enumerate(links, start=1):
        key = link.url.rstrip("/").lower()
        if key in seen:
            found.append(Finding(where, f"link {n} repeats link {seen[key]} ({link.url})"))
        else:
            seen[key] = n
    return found


def lint(path: LearningPath) -> list[Finding]:
    """Every warning for a path that loaded, in file order."""
    findings: list[Finding] = []
    hpw = path.baseline.hours_per_week
    low, high = path.hours
    worked_out = (low / hpw, high / hpw)
    if baseline_disagrees(path.baseline.weeks, worked_out):
        weeks = path.baseline.weeks
        findings.append(
            Finding(
                "baseline",
                f"weeks = [{weeks[0]:g}, {weeks[1]:g}] at {hpw:g} h a week is "
                f"{weeks[0] * hpw:g}–{weeks[1] * hpw:g} hours, but the items add up to "
                f"{low:g}–{high:g} hours ({round(worked_out[0], 1):g}–"
                f"{round(worked_out[1], 1):g} weeks)",
            )
        )
    for step in path.all_sections():
        place = _place(step)
        if step.number and all(item.optional for item in step.items):
            findings.append(Finding(place, "every item is optional, so nothing in it counts"))
        findings += _duplicate_links(f"{place}, resources", step.resources)
        for n, item in enumerate(step.items, start=1):
            findings += _duplicate_links(f"{place}, item {n} ({item.id!r})", item.links)
    return findings


def summary(path: LearningPath) -> str:
    """One line about a path that loaded: its size and its baseline."""
    items = sum(len(s.items) for s in path.steps)
    choices = sum(len(s.choices) for s in path.steps)
    low, high = path.hours
    weeks = path.baseline.weeks
    extras = f", {len(path.extras.items)} extras" if path.extras else ""
    groups = f", {choices} choice group{'s' if choices != 1 else ''}" if choices else ""
    return (
        f"{path.id}: {_count(len(path.steps), 'step')}, {_count(items, 'item')}{groups}{extras}; "
        f"baseline {low:g}–{high:g} hours ({weeks[0]:g}–{weeks[1]:g} weeks at "
        f"{path.baseline.hours_per_week:g} h a week)"
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
