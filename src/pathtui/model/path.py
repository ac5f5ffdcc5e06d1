"""The learning path: a plain model, and the cleaning of every text it holds.

A path file may come from anywhere (the embedded one, or a stranger's via
``--path``), so everything in it is checked and every error names the file, the
place the way a person counts (``step 3 ('web'), item 5 ('web-http'), hours``)
and the problem. Text is cleaned of control characters here, once, so no layer
above can be tricked into emitting terminal escape sequences.

Schema 2 adds links on items, multi-line descriptions (paragraphs and simple
lists, kept as plain text), optional items and choice groups; ``data/PATH_SCHEMA.md``
is the reference. Parsing and checking path text is ``pathparse.py``'s, how
a choice group counts ``plan.py``'s; reading a path *file* (the embedded one,
or one given with ``--path``) is ``storage/pathfile.py``'s.
"""

from __future__ import annotations

import re

from pathtui.model.frozen import Frozen, set_slot
from pathtui.model.sanitise import sanitise

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")  # \Z: "$" would allow a trailing newline
#: Runs of blank lines; compiled (and cached by ``re``) when a path file is
#: parsed, not at every start.
_BLANK_LINES = r"\n{3,}"


def clean_block(text: str) -> str:
    """Multi-line text as shown: line breaks stay, so paragraphs and simple
    lists keep their shape; tabs become spaces, trailing spaces go and runs of
    blank lines shrink to one. Every other control character is made visible
    by ``sanitise``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return sanitise(re.sub(_BLANK_LINES, "\n\n", text).strip(), lines=True)


class Resource(Frozen):
    """A link to learning material; always http(s)."""

    __slots__ = ("title", "url")
    _fields = ("title", "url")
    title: str
    url: str

    def __init__(self, title: str, url: str) -> None:
        set_slot(self, "title", title)
        set_slot(self, "url", url)

    @property
    def site(self) -> str:
        """The host name, shown beside the title so learners know where a link goes."""
        rest = self.url.split("://", 1)[-1]
        host = rest.split("/", 1)[0].split("?", 1)[0]
        return host.removeprefix("www.")


class Item(Frozen):
    """One checklist entry; ``id`` is what progress is keyed by."""

    __slots__ = (
        "choice",
        "description",
        "hours",
        "id",
        "links",
        "optional",
        "renamed_from",
        "title",
    )
    _fields = ("id", "title", "hours", "description", "renamed_from", "links", "optional", "choice")
    id: str
    title: str
    hours: tuple[float, float]
    description: str
    renamed_from: tuple[str, ...]
    #: Links to material for this item (schema 2).
    links: tuple[Resource, ...]
    #: Optional items are shown and trackable but count toward nothing.
    optional: bool
    #: The id of the choice group this item is an option of, or "".
    choice: str

    def __init__(
        self,
        id: str,
        title: str,
        hours: tuple[float, float],
        description: str = "",
        renamed_from: tuple[str, ...] = (),
        links: tuple[Resource, ...] = (),
        optional: bool = False,
        choice: str = "",
    ) -> None:
        set_slot(self, "id", id)
        set_slot(self, "title", title)
        set_slot(self, "hours", hours)
        set_slot(self, "description", description)
        set_slot(self, "renamed_from", renamed_from)
        set_slot(self, "links", links)
        set_slot(self, "optional", optional)
        set_slot(self, "choice", choice)


def items_from_columns(*columns: Iterable[Any]) -> tuple[Item, ...]:
    """Items from one column per field, in ``Item._fields`` order: what the
    path cache keeps of values checked when the path was parsed.

    Each slot is set through its own descriptor rather than ``__init__``'s
    ``object.__setattr__`` calls: a path of thousands of items is loaded on
    every command, and this makes the items in about two thirds of the time.
    """
    new = object.__new__
    setters = [getattr(Item, name).__set__ for name in Item._fields]
    s0, s1, s2, s3, s4, s5, s6, s7 = setters

    def make(
        a: object, b: object, c: object, d: object, e: object, f: object, g: object, h: object
    ) -> Item:
        item = new(Item)
        s0(item, a)
        s1(item, b)
        s2(item, c)
        s3(item, d)
        s4(item, e)
        s5(item, f)
        s6(item, g)
        s7(item, h)
        return item

    return tuple(map(make, *columns))


class Choice(Frozen):
    """A choice group: the learner picks ``choose`` of the ``options`` (item ids).

    ``plan.py`` says how a group counts before and after the choice.
    """

    __slots__ = ("choose", "id", "options", "title")
    _fields = ("id", "title", "choose", "options")
    id: str
    title: str
    choose: int
    options: tuple[str, ...]

    def __init__(self, id: str, title: str, choose: int, options: tuple[str, ...]) -> None:
        set_slot(self, "id", id)
        set_slot(self, "title", title)
        set_slot(self, "choose", choose)
        set_slot(self, "options", options)


class Step(Frozen):
    """A step of the path (or the optional extras, which have ``number == 0``)."""

    __slots__ = ("choices", "goal", "id", "items", "number", "resources", "title")
    _fields = ("id", "number", "title", "goal", "items", "resources", "choices")
    id: str
    number: int
    title: str
    goal: str
    items: tuple[Item, ...]
    resources: tuple[Resource, ...]
    choices: tuple[Choice, ...]

    def __init__(
        self,
        id: str,
        number: int,
        title: str,
        goal: str,
        items: tuple[Item, ...],
        resources: tuple[Resource, ...] = (),
        choices: tuple[Choice, ...] = (),
    ) -> None:
        set_slot(self, "id", id)
        set_slot(self, "number", number)
        set_slot(self, "title", title)
        set_slot(self, "goal", goal)
        set_slot(self, "items", items)
        set_slot(self, "resources", resources)
        set_slot(self, "choices", choices)

    @property
    def simple(self) -> bool:
        """No choice groups and no optional items: every item counts as it is."""
        return not self.choices and not any(item.optional for item in self.items)

    @property
    def hours(self) -> tuple[float, float]:
        """The step's planned hours before any choice is made (``plan.py``)."""
        if self.simple:
            return (
                sum(item.hours[0] for item in self.items),
                sum(item.hours[1] for item in self.items),
            )
        from pathtui.model.plan import step_plan

        return step_plan(self, {}).hours

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


class Baseline(Frozen):
    """The pace and duration the path's hours were planned against."""

    __slots__ = ("hours_per_week", "label", "weeks")
    _fields = ("hours_per_week", "weeks", "label")
    hours_per_week: float
    weeks: tuple[float, float]
    label: str

    def __init__(self, hours_per_week: float, weeks: tuple[float, float], label: str = "") -> None:
        set_slot(self, "hours_per_week", hours_per_week)
        set_slot(self, "weeks", weeks)
        set_slot(self, "label", label)


class LearningPath(Frozen):
    """A whole path: ordered steps, optional extras, and its baseline."""

    __slots__ = ("_index", "baseline", "description", "extras", "id", "source", "steps", "title")
    #: The index by item id is worked out from the rest: not compared, not shown.
    _fields = ("id", "title", "baseline", "steps", "extras", "description", "source")
    id: str
    title: str
    baseline: Baseline
    steps: tuple[Step, ...]
    extras: Step | None
    description: str
    source: str
    _index: dict[str, tuple[Step, Item]]

    def __init__(
        self,
        id: str,
        title: str,
        baseline: Baseline,
        steps: tuple[Step, ...],
        extras: Step | None = None,
        description: str = "",
        source: str = "",
    ) -> None:
        set_slot(self, "id", id)
        set_slot(self, "title", title)
        set_slot(self, "baseline", baseline)
        set_slot(self, "steps", steps)
        set_slot(self, "extras", extras)
        set_slot(self, "description", description)
        set_slot(self, "source", source)
        index: dict[str, tuple[Step, Item]] = {}
        set_slot(self, "_index", index)
        for step in self.all_sections():
            for item in step.items:
                index[item.id] = (step, item)

    def all_sections(self) -> tuple[Step, ...]:
        """The steps followed by the extras, if any."""
        return self.steps + ((self.extras,) if self.extras else ())

    @property
    def items(self) -> list[Item]:
        """Items of the seven steps only (the extras are outside the baseline)."""
        return [item for step in self.steps for item in step.items]

    def find(self, item_id: str) -> tuple[Step, Item] | None:
        """The step and item for an id, including extras, or ``None``."""
        return self._index.get(item_id)

    def item_ids(self) -> list[str]:
        return list(self._index)

    def renames(self) -> dict[str, str]:
        """Old id -> current id, from every item's ``renamed_from``."""
        return {
            old: item.id
            for step in self.all_sections()
            for item in step.items
            for old in item.renamed_from
        }

    @property
    def hours(self) -> tuple[float, float]:
        return (
            sum(step.hours[0] for step in self.steps),
            sum(step.hours[1] for step in self.steps),
        )
