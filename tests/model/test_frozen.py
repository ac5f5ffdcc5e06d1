"""The model's value classes behave as the frozen dataclasses they replaced."""

from __future__ import annotations

import copy
import pickle

import pytest

from pathtui.model.estimate import StepCount
from pathtui.model.frozen import FrozenError
from pathtui.model.path import Baseline, Item, LearningPath, Resource, Step, items_from_columns


def _path() -> LearningPath:
    item = Item("a-one", "One", (1.0, 2.0), links=(Resource("Docs", "https://x.org/d"),))
    step = Step("s", 1, "Step", "Goal", (item,))
    return LearningPath("p", "Path", Baseline(10.0, (4.0, 8.0)), (step,))


def test_equal_values_are_equal_and_hash_alike() -> None:
    assert _path() == _path()
    assert hash(_path()) == hash(_path())
    assert Item("a", "A", (1.0, 1.0)) != Item("a", "A", (1.0, 2.0))
    assert Item("a", "A", (1.0, 1.0)) != ("a", "A", (1.0, 1.0))
    assert len({Resource("T", "https://a"), Resource("T", "https://a")}) == 1


def test_fields_cannot_change() -> None:
    item = Item("a", "A", (1.0, 1.0))
    with pytest.raises(FrozenError):
        item.title = "B"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del item.id  # type: ignore[misc]
    assert item.title == "A"


def test_repr_names_the_fields_in_order() -> None:
    assert repr(StepCount(1, "s", "Step", 2, 3)) == (
        "StepCount(number=1, id='s', title='Step', done=2, total=3)"
    )


def test_the_path_index_is_built_and_survives_copies() -> None:
    path = _path()
    for twin in (copy.deepcopy(path), pickle.loads(pickle.dumps(path))):
        assert twin == path
        found = twin.find("a-one")
        assert found is not None and found[1].title == "One"
    assert "_index" not in repr(path)


def test_items_made_from_columns_are_the_items_init_makes() -> None:
    link = Resource("Docs", "https://x.org/d")
    made = items_from_columns(
        ["a", "b"], ["A", "B"], [(1.0, 2.0), (3.0, 4.0)], ["", "Two"], [(), ("old-b",)],
        [(), (link,)], [False, True], ["", "pick"],
    )  # fmt: skip
    assert made == (
        Item("a", "A", (1.0, 2.0)),
        Item("b", "B", (3.0, 4.0), "Two", ("old-b",), (link,), optional=True, choice="pick"),
    )
    with pytest.raises(FrozenError):
        made[0].title = "changed"  # type: ignore[misc]
