"""Every write is checked like a read: ``Progress.put`` refuses what the readers refuse.

The schema's ``Field.check`` is the rule; the careful reader applies it to
every value it reads and ``put`` to every value it writes. So for any field
of any collection and any value at all, ``put`` either refuses it (one
sentence naming the field; nothing changes) or stores a value that the
careful reader and the fast reader both read back unchanged.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_text import FAST, SURROGATES, TEXT
from pathtui.errors import PathtuiError
from pathtui.model.progress import Progress
from pathtui.model.review import RATINGS as RATING_WORDS
from pathtui.model.schema import COLLECTIONS, TOMBSTONE, Collection, Field
from pathtui.storage import fastread
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import careful_loads

T0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
FIELDS = [(kind, field) for kind in COLLECTIONS for field in kind.fields]
#: Any value a caller could pass: every kind, far past every bound.
VALUES = st.one_of(
    TEXT,
    SURROGATES,
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**400), 10**400),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | st.just(dt.UTC)),
    st.none(),
    st.sampled_from(
        [
            dt.date(1969, 12, 31),
            dt.date(1, 1, 1),
            dt.date(9999, 12, 31),
            dt.datetime(1969, 12, 31, 23, 59, tzinfo=dt.UTC),
            "exploded",
            "",
            -0.0,
            0,
            10**19,
        ]
    ),
)


def base() -> Progress:
    p = Progress.new("backend", 10.0, now=T0)
    p.device = "0a0a0a0a"
    return p


def complete(kind: Collection, field: Field, value: Any) -> dict[str, Any]:
    """The record's required fields with good values, and ``field`` set to ``value``."""
    day = dt.date(2026, 3, 1)
    good: dict[str, Any] = {
        **{"date": day, "start_date": day, "hours": 1.0, "created": T0},
        **{"item": "basics-loops", "rating": RATING_WORDS[0], "given": T0},
    }
    changes = {f.name: good[f.name] for f in kind.fields if f.default is None}
    changes[field.name] = value
    return changes


@FAST
@given(st.sampled_from(FIELDS), VALUES)
def test_put_stores_only_what_both_readers_read_back(
    kind_field: tuple[Collection, Field], value: Any
) -> None:
    kind, field = kind_field
    progress = base()
    key = "" if kind.singleton else "k1"
    before = copy.deepcopy(progress)
    try:
        progress.put(kind.name, key, complete(kind, field, value), T0, force=True)
    except ValueError as exc:  # InvalidValueError: a PathtuiError and a ValueError
        assert isinstance(exc, PathtuiError)
        assert str(exc).startswith("Nothing was saved: ")
        assert f"{kind.name}.{field.name} can hold (" in str(exc)
        assert str(exc).endswith(").") and "\n" not in str(exc)
        assert progress == before and progress.last == before.last  # nothing written
        return
    text = dumps(progress)
    careful = careful_loads(text, Path("backend.toml"), "backend")
    assert careful.set_aside == []
    assert careful == progress
    assert fastread.loads(text, "backend") == careful


@pytest.mark.parametrize(("kind", "field"), FIELDS, ids=[f"{k.name}.{f.name}" for k, f in FIELDS])
def test_every_default_passes_its_own_check(kind: Collection, field: Field) -> None:
    """Undo and a replace write defaults back: the reader must take them."""
    if field.default is not None:
        assert field.check(field.default) == field.default


def test_the_issues_values_are_refused_on_the_way_in() -> None:
    p = base()
    with pytest.raises(PathtuiError, match=r"1969-12-31 is not a value log\.date can hold"):
        p.add_log(dt.date(1969, 12, 31), 1.0, now=T0)
    with pytest.raises(PathtuiError, match=r"0001-01-01 is not a value settings\.start_date"):
        p.update_settings(start_date=dt.date(1, 1, 1), now=T0)
    with pytest.raises(PathtuiError, match=r"settings\.hours_per_week can hold"):
        p.update_settings(hours_per_week=0.0001, now=T0)
    with pytest.raises(PathtuiError, match="lone surrogates"):
        p.put("items", "basics-loops", {"note": "\udcff"}, T0)  # (set_note cleans it first)
    with pytest.raises(PathtuiError):  # the same error the commands print as one sentence
        p.put("items", "basics-loops", {"state": "exploded"}, T0)
    assert p.live_log() == [] and p.items == {}
    assert p.put("log", "k", {TOMBSTONE: True, "hours": 2.0}, T0)  # good values go in
