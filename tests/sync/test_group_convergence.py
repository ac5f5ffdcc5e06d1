"""Any order of changes, publishes and fetches by three members gives every
member the same table once each has synced.

Real git against a local bare repository, every learner with folders of
their own; Hypothesis draws the order. A round always builds on what the
remote holds and each member writes only its own files, so there is no
merge that could go two ways: after two passes of ``group sync`` by
everyone, every table equals every other (but for ``you``) and each row is
what its member last published.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from group_support import Learner, group_remote, learners
from hostile_text import FAST
from sync_support import needs_git

pytestmark = [needs_git, pytest.mark.slow]

NAMES = ("Ann", "Ben", "Cat")
#: Items of the built-in path the members tick (ids as in data/path.toml).
ITEMS = (
    "basics-language",
    "basics-lang-python",
    "basics-variables",
    "basics-loops",
    "basics-lists",
)
#: Real git rounds cost a few hundred milliseconds each: a few examples suffice,
#: and a failing one is reported as drawn (shrinking it would take minutes).
EXAMPLES = 5
MAX_STEPS = 6

step = st.one_of(
    st.tuples(st.just("tick"), st.integers(0, 2), st.sampled_from(ITEMS)),
    st.tuples(st.just("log"), st.integers(0, 2), st.sampled_from(("30m", "1h", "2h"))),
    st.tuples(st.just("sync"), st.integers(0, 2), st.just("")),
    st.tuples(st.just("cheer"), st.integers(0, 2), st.sampled_from(NAMES)),
)


def setup(root: Path) -> list[Learner]:
    members = learners(root, *(n.lower() for n in NAMES))
    remote = group_remote(root)
    members[0].ok("group", "create", str(remote), "--as", NAMES[0])
    for learner, name in zip(members[1:], NAMES[1:], strict=True):
        learner.ok("group", "join", str(remote), "--as", name)
    return members


def play(members: list[Learner], action: tuple[str, int, str]) -> None:
    kind, who, arg = action
    learner = members[who]
    if kind == "tick":
        learner.ok("done", arg)
    elif kind == "log":
        learner.ok("log", arg)
    elif kind == "sync":
        learner.ok("group", "sync")
    elif NAMES[who] != arg:  # a cheer to someone else (who may not be known here yet)
        done = learner.cli("group", "cheer", arg, f"from {NAMES[who]}")
        assert done.returncode == 0 or "Nobody in your group is named" in done.stderr, done.stderr


def shared(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "you"} for r in rows]


@settings(FAST, max_examples=EXAMPLES, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(steps=st.lists(step, max_size=MAX_STEPS))
def test_every_member_ends_with_the_same_table(steps: list[tuple[str, int, str]]) -> None:
    root = Path(tempfile.mkdtemp(prefix="pathtui-group-"))
    try:
        members = setup(root)
        for action in steps:
            play(members, action)
        for _ in range(2):
            for learner in members:
                learner.ok("group", "sync")
        tables = [learner.table() for learner in members]
        assert all(shared(t) == shared(tables[0]) for t in tables)
        for learner, table in zip(members, tables, strict=True):
            mine = [r for r in table if r["you"]]
            assert len(mine) == 1
            assert mine[0]["percent"] == json.loads(learner.ok("status", "--json"))["percent"]
        assert sorted(r["name"] for r in tables[0]) == sorted(NAMES)
    finally:
        shutil.rmtree(root, ignore_errors=True)
