"""The strict parser of path TOML text: every field checked, every error placed.

A path file may come from anywhere (the embedded one, or a stranger's via
``--path``), so everything in it is checked and every error names the file,
the place the way a person counts (``step 3 ('web'), item 5 ('web-http'),
hours``) and the problem. Text is cleaned of control characters here, once
(``sanitise.sanitise``), so no layer above can be tricked into emitting
terminal escape sequences. ``data/PATH_SCHEMA.md`` is the reference.
"""

from __future__ import annotations

import math
import re
from collections.abc import Set as AbstractSet

from pathtui.errors import PathFileError
from pathtui.model.path import (
    ID_RE,
    Baseline,
    Choice,
    Item,
    LearningPath,
    Resource,
    Step,
    clean_block,
)
from pathtui.model.sanitise import CONTROL_RE, sanitise

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: The newest path-file schema this release understands.
PATH_SCHEMA = 2
#: Refuse more links than this on one item or one step.
MAX_LINKS = 200
#: Ids are at most this many characters long.
MAX_ID_CHARS = 64
#: A stated baseline may differ from the items' hours by this many weeks
#: (rounding to whole weeks) before it is an error.
BASELINE_SLACK_WEEKS = 0.5
#: Refuse paths with more items than this (steps and extras together).
MAX_ITEMS = 20_000
#: Refuse any single text field longer than this.
MAX_TEXT_CHARS = 10_000
#: Refuse an item estimated at more hours than this (about ten years of full
#: days), so a hostile file cannot push dates past the calendar's end.
MAX_ITEM_HOURS = 20_000
#: A baseline longer than a century of weeks is not a plan.
MAX_BASELINE_WEEKS = 100 * 52
#: Hours in a week: the most a baseline pace can be.
HOURS_PER_WEEK = 7 * 24
_ID_CHARS_RE = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
#: An ``id =`` key at the start of a line or inside an inline table.
_ID_KEY_RE = re.compile(r"(?:^|[{,])[ \t]*id[ \t]*=", re.MULTILINE)


def parse_path(text: str, label: str) -> LearningPath:
    """Parse and validate path TOML text; ``label`` names it in errors."""
    import tomllib  # here, not at the top: a cached path (pathcache.py) needs no parser

    # Every item needs an ``id = ...`` line, so far more of them than the item
    # limit allows is refused before the (slow) parse.
    if len(_ID_KEY_RE.findall(text)) > 2 * MAX_ITEMS + 1:
        raise PathFileError(
            f"Path file {label} has far more than {MAX_ITEMS:,} items; pathtui reads "
            f"paths of up to {MAX_ITEMS:,} items."
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PathFileError(f"Path file {label} is not valid TOML: {exc}.") from None
    except (ValueError, RecursionError):
        # tomllib raises a bare ValueError for integers past Python's digit
        # limit, and recurses once per level of nesting.
        raise PathFileError(
            f"Path file {label} is not a path pathtui can read: it holds absurdly "
            "long numbers or nests arrays or tables too deeply."
        ) from None
    return _Validator(label).path(data)


class _Validator:
    """Turns parsed TOML into a LearningPath, or raises with the exact place.

    Places are said the way a person counts: ``step 20 ('caching'), item 2
    ('redis'), hours`` (1-based, with the id when there is one).
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.seen_ids: dict[str, str] = {}
        self.item_count = 0
        self.schema = 1

    def fail(self, where: str, problem: str) -> PathFileError:
        place = f" at {where}" if where else ""
        return PathFileError(f"Path file {self.label}{place}: {problem}.")

    # -- primitives

    def table(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a table, found {_kind(value)}")
        return value

    def keys(
        self,
        table: dict[str, Any],
        where: str,
        required: set[str],
        optional: set[str],
        newer: AbstractSet[str] = frozenset(),
    ) -> None:
        """Unknown and missing keys; ``newer`` keys need ``schema = 2``."""
        for key in table:
            if key in newer and self.schema < 2:
                raise self.fail(
                    _join(where, key), f"the key {key!r} needs schema = 2 at the top of the file"
                )
            if key not in required and key not in optional and key not in newer:
                allowed = ", ".join(sorted(required | optional | set(newer)))
                raise self.fail(_join(where, key), f"unknown key {key!r} (allowed: {allowed})")
        for key in sorted(required):
            if key not in table:
                raise self.fail(_join(where, key), "missing required key")

    def text(self, value: Any, where: str, *, empty_ok: bool = False, block: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected text, found {_kind(value)}")
        if not empty_ok and not value.strip():
            raise self.fail(where, "must not be empty")
        if len(value) > MAX_TEXT_CHARS:
            raise self.fail(
                where, f"is {len(value):,} characters long; the most is {MAX_TEXT_CHARS:,}"
            )
        if block:
            return clean_block(value)
        return sanitise(value.strip())

    def number(self, value: Any, where: str, limit: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"expected a number, found {_kind(value)}")
        if isinstance(value, int) and abs(value) > limit:
            raise self.fail(where, f"must be at most {limit:g}")
        if not math.isfinite(value):
            raise self.fail(where, "must be a finite number")
        if abs(value) > limit:
            raise self.fail(where, f"must be at most {limit:g}")
        return float(value)

    def pair(self, value: Any, where: str, what: str, limit: float) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(where, f"expected [low, high] {what}, found {_kind(value)}")
        low = self.number(value[0], f"{where} (low)", limit)
        high = self.number(value[1], f"{where} (high)", limit)
        if low < 0 or high < 0:
            raise self.fail(where, f"{what} must not be negative")
        if low > high:
            raise self.fail(where, f"low ({_fmt(low)}) is greater than high ({_fmt(high)})")
        return low, high

    def ident(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected an id, found {_kind(value)}")
        if not ID_RE.match(value):
            shown = sanitise(value)[:80]
            if not value:
                raise self.fail(where, "the id is empty")
            if len(value) > MAX_ID_CHARS and _ID_CHARS_RE.match(value):
                raise self.fail(
                    where,
                    f"id {shown!r}{'…' if len(value) > 80 else ''} is {len(value)} characters "
                    f"long; ids may be at most {MAX_ID_CHARS}",
                )
            raise self.fail(
                where,
                f"id {shown!r} may hold only lowercase letters, digits and dashes, "
                "and must start with a letter or digit",
            )
        if value in self.seen_ids:
            raise self.fail(where, f"duplicate id {value!r} (first used at {self.seen_ids[value]})")
        self.seen_ids[value] = where
        return value

    def array(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected an array, found {_kind(value)}")
        return value

    # -- structure

    def path(self, data: dict[str, Any]) -> LearningPath:
        schema = data.get("schema")
        if schema is None:
            raise self.fail("schema", "missing required key")
        if isinstance(schema, bool) or not isinstance(schema, int):
            raise self.fail("schema", f"expected an integer, found {_kind(schema)}")
        if schema > PATH_SCHEMA:
            raise self.fail(
                "schema",
                f"written for a newer pathtui (schema {schema}; this one reads "
                f"up to {PATH_SCHEMA}); upgrade pathtui",
            )
        if schema < 1:
            raise self.fail("schema", "must be 1 or more")
        self.schema = schema
        self.keys(
            data,
            "",
            {"schema", "id", "title", "baseline", "steps"},
            {"description", "extras"},
        )
        path_id = self.ident(data["id"], "id")
        self.seen_ids.pop(path_id)  # the path id may share a name with a step
        title = self.text(data["title"], "title")
        description = self.text(data.get("description", ""), "description", empty_ok=True)
        baseline_raw = self.table(data["baseline"], "baseline")
        steps_raw = self.array(data["steps"], "steps")
        if not steps_raw:
            raise self.fail("steps", "a path needs at least one step")
        steps = tuple(self.step(raw, i + 1) for i, raw in enumerate(steps_raw))
        extras = None
        if "extras" in data:
            extras = self.step(data["extras"], 0)
        baseline = self.baseline(baseline_raw, steps)
        path = LearningPath(
            id=path_id,
            title=title,
            baseline=baseline,
            steps=steps,
            extras=extras,
            description=description,
            source=self.label,
        )
        self.check_renames(path)
        return path

    def baseline(self, table: dict[str, Any], steps: tuple[Step, ...]) -> Baseline:
        """The baseline; in schema 2 ``weeks`` may be left out (worked out from
        the items) and, when given, must agree with them to within rounding."""
        required = {"hours_per_week", "weeks"} if self.schema < 2 else {"hours_per_week"}
        self.keys(table, "baseline", required, {"label", "weeks"})
        hpw = self.number(table["hours_per_week"], "baseline, hours_per_week", HOURS_PER_WEEK)
        if hpw <= 0:
            raise self.fail("baseline, hours_per_week", "must be more than 0")
        label = self.text(table.get("label", ""), "baseline, label", empty_ok=True)
        low, high = (sum(s.hours[0] for s in steps), sum(s.hours[1] for s in steps))
        worked_out = (low / hpw, high / hpw)
        if "weeks" not in table:
            weeks = worked_out
            if max(weeks) > MAX_BASELINE_WEEKS:
                raise self.fail(
                    "baseline", f"the items add up to more than {MAX_BASELINE_WEEKS} weeks"
                )
        else:
            weeks = self.pair(table["weeks"], "baseline, weeks", "weeks", MAX_BASELINE_WEEKS)
            if self.schema >= 2 and baseline_disagrees(weeks, worked_out):
                raise self.fail(
                    "baseline, weeks",
                    f"{_fmt(weeks[0])}–{_fmt(weeks[1])} weeks at {_fmt(hpw)} h a week is "
                    f"{_fmt(weeks[0] * hpw)}–{_fmt(weeks[1] * hpw)} hours, but the items add "
                    f"up to {_fmt(low)}–{_fmt(high)} hours ({_fmt(round(worked_out[0], 1))}–"
                    f"{_fmt(round(worked_out[1], 1))} weeks); correct weeks, or leave it out "
                    "to have it worked out",
                )
        return Baseline(hours_per_week=hpw, weeks=weeks, label=label)

    def step(self, value: Any, number: int) -> Step:
        where = _step_place(value, number)
        table = self.table(value, where)
        required = {"id", "title", "goal", "items"}
        if number:
            required.add("number")
        self.keys(table, where, required, {"resources"}, {"choices"})
        step_id = self.ident(table["id"], _join(where, "id"))
        if number:
            got = table["number"]
            if isinstance(got, bool) or not isinstance(got, int):
                raise self.fail(_join(where, "number"), f"expected an integer, found {_kind(got)}")
            if got != number:
                raise self.fail(
                    _join(where, "number"), f"is {got} but this is step {number} in order"
                )
        title = self.text(table["title"], _join(where, "title"))
        goal = self.text(table["goal"], _join(where, "goal"), block=self.schema >= 2)
        items_raw = self.array(table["items"], _join(where, "items"))
        if not items_raw:
            raise self.fail(_join(where, "items"), f"step {step_id!r} has no items")
        choices = tuple(
            self.choice(raw, f"{where}, choice {i + 1}{_id_hint(raw)}")
            for i, raw in enumerate(self.array(table.get("choices", []), _join(where, "choices")))
        )
        groups = {c.id for c in choices}
        items = tuple(
            self.item(raw, f"{where}, item {i + 1}{_id_hint(raw)}", groups)
            for i, raw in enumerate(items_raw)
        )
        choices = tuple(self.finish_choice(c, items, where) for c in choices)
        resources = self.links(table, "resources", where)
        return Step(
            id=step_id,
            number=number,
            title=title,
            goal=goal,
            items=items,
            resources=resources,
            choices=choices,
        )

    def choice(self, value: Any, where: str) -> Choice:
        table = self.table(value, where)
        self.keys(table, where, {"id", "title", "choose"}, set())
        choice_id = self.ident(table["id"], _join(where, "id"))
        choose = table["choose"]
        if isinstance(choose, bool) or not isinstance(choose, int):
            raise self.fail(_join(where, "choose"), f"expected an integer, found {_kind(choose)}")
        if choose < 1:
            raise self.fail(_join(where, "choose"), "must be 1 or more")
        title = self.text(table["title"], _join(where, "title"))
        return Choice(id=choice_id, title=title, choose=choose, options=())

    def finish_choice(self, choice: Choice, items: tuple[Item, ...], where: str) -> Choice:
        options = tuple(i.id for i in items if i.choice == choice.id)
        if len(options) <= choice.choose:
            raise self.fail(
                f"{where}, choice {choice.id!r}",
                f"asks to choose {choice.choose} but has {len(options)} "
                f"option{'' if len(options) == 1 else 's'}; a choice needs more options "
                "than it picks (give items choice = "
                f"{choice.id!r})",
            )
        return Choice(choice.id, choice.title, choice.choose, options)

    def item(self, value: Any, where: str, groups: AbstractSet[str] = frozenset()) -> Item:
        self.item_count += 1
        if self.item_count > MAX_ITEMS:
            raise self.fail(where, f"more than {MAX_ITEMS:,} items; pathtui stops there")
        table = self.table(value, where)
        self.keys(
            table,
            where,
            {"id", "title", "hours"},
            {"description", "renamed_from"},
            {"links", "optional", "choice"},
        )
        item_id = self.ident(table["id"], _join(where, "id"))
        renamed = self.array(table.get("renamed_from", []), _join(where, "renamed_from"))
        for i, old in enumerate(renamed):
            if not isinstance(old, str) or not ID_RE.match(old):
                raise self.fail(f"{where}, renamed_from, entry {i + 1}", "expected an old item id")
        optional = table.get("optional", False)
        if not isinstance(optional, bool):
            raise self.fail(
                _join(where, "optional"), f"expected true or false, found {_kind(optional)}"
            )
        choice = table.get("choice", "")
        if choice != "":
            if not isinstance(choice, str):
                raise self.fail(
                    _join(where, "choice"), f"expected a choice id, found {_kind(choice)}"
                )
            if choice not in groups:
                known = ", ".join(sorted(groups)) or "none"
                raise self.fail(
                    _join(where, "choice"),
                    f"no choice {sanitise(choice)[:80]!r} in this step (its choices: {known})",
                )
            if optional:
                raise self.fail(where, "an option of a choice cannot also be optional")
        return Item(
            id=item_id,
            title=self.text(table["title"], _join(where, "title")),
            hours=self.pair(table["hours"], _join(where, "hours"), "hours", MAX_ITEM_HOURS),
            description=self.text(
                table.get("description", ""),
                _join(where, "description"),
                empty_ok=True,
                block=self.schema >= 2,
            ),
            renamed_from=tuple(renamed),
            links=self.links(table, "links", where),
            optional=optional,
            choice=choice,
        )

    def links(self, table: dict[str, Any], key: str, where: str) -> tuple[Resource, ...]:
        raw = self.array(table.get(key, []), _join(where, key))
        if len(raw) > MAX_LINKS:
            raise self.fail(_join(where, key), f"has {len(raw)} links; the most is {MAX_LINKS}")
        word = "link" if key == "links" else "resource"
        return tuple(self.resource(r, f"{where}, {word} {i + 1}") for i, r in enumerate(raw))

    def resource(self, value: Any, where: str) -> Resource:
        table = self.table(value, where)
        self.keys(table, where, {"title", "url"}, set())
        url = table["url"]
        if not isinstance(url, str):
            raise self.fail(_join(where, "url"), f"expected text, found {_kind(url)}")
        if not re.match(r"^https?://[^\s/?#]+[^\s]*$", url, re.IGNORECASE) or CONTROL_RE.search(
            url
        ):
            raise self.fail(
                _join(where, "url"), f"{sanitise(url)[:80]!r} is not an http:// or https:// link"
            )
        if len(url) > MAX_TEXT_CHARS:
            raise self.fail(
                _join(where, "url"),
                f"is {len(url):,} characters long; the most is {MAX_TEXT_CHARS:,}",
            )
        return Resource(title=self.text(table["title"], _join(where, "title")), url=url)

    def check_renames(self, path: LearningPath) -> None:
        current = set(path.item_ids())
        owners: dict[str, str] = {}
        for step in path.all_sections():
            for item in step.items:
                for old in item.renamed_from:
                    if old in current or old in owners:
                        raise self.fail(
                            f"item {item.id!r}, renamed_from",
                            f"old id {old!r} is still in use or claimed twice",
                        )
                    owners[old] = item.id


def baseline_disagrees(weeks: tuple[float, float], worked_out: tuple[float, float]) -> bool:
    """True when stated weeks and the items' hours differ by more than rounding."""
    return any(abs(a - b) > BASELINE_SLACK_WEEKS for a, b in zip(weeks, worked_out, strict=True))


def _step_place(value: Any, number: int) -> str:
    return f"step {number}{_id_hint(value)}" if number else "extras"


def _id_hint(value: Any) -> str:
    """`` ('redis')`` when the table has a usable id, so a person can find it."""
    if isinstance(value, dict):
        raw = value.get("id")
        if isinstance(raw, str) and ID_RE.match(raw):
            return f" ({raw!r})"
    return ""


def _join(where: str, key: str) -> str:
    return f"{where}, {key}" if where else key


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _fmt(value: float) -> str:
    return f"{value:g}"
