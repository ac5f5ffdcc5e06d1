"""The shipped JSON Schema for path files agrees with pathtui's own validator.

Both are run over the same files: each good file passes both; each file with
a mistake of shape (a wrong type, an unknown key, a bad id or link, a key
schema 1 does not have) fails both. A few rules need the whole file at once
(unique ids, a step's number, a baseline that agrees with the items, an
option naming a choice group of its own step); JSON Schema cannot say those,
so the schema accepts them and only the validator (and `pathtui path check`)
refuses them. That list is checked too, so it stays short and known.
"""

from __future__ import annotations

import copy
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w

from bigpath import big_path
from pathtui.errors import PathFileError
from pathtui.model.pathparse import parse_path
from support import REPO


def shipped_schema() -> dict[str, Any]:
    ref = resources.files("pathtui").joinpath("schemas/path.schema.json")
    return json.loads(ref.read_text(encoding="utf-8"))


VALIDATOR = jsonschema.Draft202012Validator(shipped_schema())


def small() -> dict[str, Any]:
    return {
        "schema": 2,
        "id": "small",
        "title": "Small",
        "baseline": {"hours_per_week": 10, "weeks": [1, 2]},
        "steps": [
            {
                "id": "one",
                "number": 1,
                "title": "One",
                "goal": "Go.",
                "choices": [{"id": "pick", "title": "Pick", "choose": 1}],
                "items": [
                    {"id": "a", "title": "A", "hours": [4, 8], "links": []},
                    {"id": "b", "title": "B", "hours": [6, 12], "choice": "pick"},
                    {"id": "c", "title": "C", "hours": [6, 12], "choice": "pick"},
                    {"id": "d", "title": "D", "hours": [1, 1], "optional": True},
                ],
                "resources": [{"title": "R", "url": "https://example.org/"}],
            }
        ],
    }


def with_change(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(small())
    change(data)
    return data


def schema_ok(data: dict[str, Any]) -> bool:
    return VALIDATOR.is_valid(data)


def validator_ok(data: dict[str, Any]) -> bool:
    try:
        parse_path(tomli_w.dumps(data), "fixture.toml")
    except PathFileError:
        return False
    return True


def _set(target: dict[str, Any], key: str, value: Any) -> None:
    target[key] = value


GOOD = {
    "small": small,
    "built-in": lambda: tomllib.loads((REPO / "data" / "path.toml").read_text()),
    "example": lambda: tomllib.loads((REPO / "data" / "examples" / "three-steps.toml").read_text()),
    "big": lambda: big_path(steps=25, items=300, desc_chars=200),
    "weeks-left-out": lambda: with_change(lambda d: d["baseline"].pop("weeks")),
    "schema-1": lambda: {
        **{k: v for k, v in small().items() if k != "steps"},
        "schema": 1,
        "steps": [
            {
                "id": "one",
                "number": 1,
                "title": "One",
                "goal": "Go.",
                "items": [{"id": "a", "title": "A", "hours": [10, 20]}],
            }
        ],
    },
}

BAD_SHAPE = {
    "unknown-top-key": lambda d: _set(d, "colour", "red"),
    "unknown-item-key": lambda d: _set(d["steps"][0]["items"][0], "colour", "red"),
    "schema-3": lambda d: _set(d, "schema", 3),
    "schema-text": lambda d: _set(d, "schema", "2"),
    "upper-case-id": lambda d: _set(d, "id", "Small"),
    "long-id": lambda d: _set(d, "id", "a" * 65),
    "empty-title": lambda d: _set(d, "title", "  "),
    "hours-one-number": lambda d: _set(d["steps"][0]["items"][0], "hours", [4]),
    "hours-negative": lambda d: _set(d["steps"][0]["items"][0], "hours", [-1, 4]),
    "hours-text": lambda d: _set(d["steps"][0]["items"][0], "hours", ["4", "8"]),
    "ftp-link": lambda d: _set(
        d["steps"][0]["items"][0], "links", [{"title": "X", "url": "ftp://example.org/"}]
    ),
    "link-without-title": lambda d: _set(
        d["steps"][0]["items"][0], "links", [{"url": "https://example.org/"}]
    ),
    "optional-text": lambda d: _set(d["steps"][0]["items"][0], "optional", "yes"),
    "choose-zero": lambda d: _set(d["steps"][0]["choices"][0], "choose", 0),
    "no-steps": lambda d: _set(d, "steps", []),
    "no-items": lambda d: _set(d["steps"][0], "items", []),
    "pace-zero": lambda d: _set(d["baseline"], "hours_per_week", 0),
    "description-too-long": lambda d: _set(d["steps"][0]["items"][0], "description", "x" * 10_001),
    "links-in-schema-1": lambda d: (
        _set(d, "schema", 1),
        d["steps"][0].pop("choices"),
        [i.pop("choice", None) for i in d["steps"][0]["items"]],
        [i.pop("optional", None) for i in d["steps"][0]["items"]],
    ),
    "weeks-left-out-in-schema-1": lambda d: (
        _set(d, "schema", 1),
        d["baseline"].pop("weeks"),
        d["steps"][0].pop("choices"),
        [i.pop(k, None) for i in d["steps"][0]["items"] for k in ("choice", "optional", "links")],
    ),
}

#: Rules over the whole file that JSON Schema cannot state.
VALIDATOR_ONLY = {
    "duplicate-id": lambda d: _set(d["steps"][0]["items"][1], "id", "a"),
    "step-number-out-of-order": lambda d: _set(d["steps"][0], "number", 2),
    "baseline-disagrees": lambda d: _set(d["baseline"], "weeks", [10, 20]),
    "unknown-choice": lambda d: _set(d["steps"][0]["items"][1], "choice", "other"),
    "choice-with-one-option": lambda d: d["steps"][0]["items"][2].pop("choice"),
    "low-above-high": lambda d: _set(d["steps"][0]["items"][0], "hours", [8, 4]),
}


def test_the_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_files_pass_both(name: str) -> None:
    data = GOOD[name]()
    assert validator_ok(data), name
    assert schema_ok(data), [e.message for e in VALIDATOR.iter_errors(data)]


@pytest.mark.parametrize("name", sorted(BAD_SHAPE))
def test_mistakes_of_shape_fail_both(name: str) -> None:
    data = with_change(BAD_SHAPE[name])
    assert not validator_ok(data), f"{name}: the validator accepted it"
    assert not schema_ok(data), f"{name}: the JSON Schema accepted it"


@pytest.mark.parametrize("name", sorted(VALIDATOR_ONLY))
def test_whole_file_rules_are_the_validators_alone(name: str) -> None:
    data = with_change(VALIDATOR_ONLY[name])
    assert not validator_ok(data)
    assert schema_ok(data), "if the schema can say this now, move it to BAD_SHAPE"


def test_the_schema_ships_inside_the_package() -> None:
    import pathtui

    inside = Path(pathtui.__file__).parent / "schemas" / "path.schema.json"
    assert inside.is_file(), "an editable install and a wheel both find it here"
