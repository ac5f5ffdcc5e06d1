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
from dataclasses import dataclass, field

from pathtui.model.sanitise import sanitise

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    pass

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")  # \Z: "$" would allow a trailing newline
_BLANK_LINES_RE = re.compile(r"\n{3,}")


def clean_block(text: str) -> str:
    """Multi-line text as shown: line breaks stay, so paragraphs and simple
    lists keep their shape; tabs become spaces, trailing spaces go and runs of
    blank lines shrink to one. Every other control character is made visible
    by ``sanitise``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return sanitise(_BLANK_LINES_RE.sub("\n\n", text).strip(), lines=True)


@dataclass(frozen=True, slots=True)
class Resource:
    """A link to learning material; always http(s)."""

    title: str
    url: str

    @property
    def site(self) -> str:
        """The host name, shown beside the title so learners know where a link goes."""
        rest = self.url.split("://", 1)[-1]
        host = rest.split("/", 1)[0].split("?", 1)[0]
        return host.removeprefix("www.")


@dataclass(frozen=True, slots=True)
class Item:
    """One checklist entry; ``id`` is what progress is keyed by."""

    id: str
    title: str
    hours: tuple[float, float]
    description: str = ""
    renamed_from: tuple[str, ...] = ()
    #: Links to material for this item (schema 2).
    links: tuple[Resource, ...] = ()
    #: Optional items are shown and trackable but count toward nothing.
    optional: bool = False
    #: The id of the choice group this item is an option of, or "".
    choice: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """A choice group: the learner picks ``choose`` of the ``options`` (item ids).

    ``plan.py`` says how a group counts before and after the choice.
    """

    id: str
    title: str
    choose: int
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    """A step of the path (or the optional extras, which have ``number == 0``)."""

    id: str
    number: int
    title: str
    goal: str
    items: tuple[Item, ...]
    resources: tuple[Resource, ...] = ()
    choices: tuple[Choice, ...] = ()

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


@dataclass(frozen=True, slots=True)
class Baseline:
    """The pace and duration the path's hours were planned against."""

    hours_per_week: float
    weeks: tuple[float, float]
    label: str = ""


@dataclass(frozen=True, slots=True)
class LearningPath:
    """A whole path: ordered steps, optional extras, and its baseline."""

    id: str
    title: str
    baseline: Baseline
    steps: tuple[Step, ...]
    extras: Step | None = None
    description: str = ""
    source: str = ""
    _index: dict[str, tuple[Step, Item]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for step in self.all_sections():
            for item in step.items:
                self._index[item.id] = (step, item)

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
