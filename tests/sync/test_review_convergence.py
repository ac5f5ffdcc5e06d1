"""Review ratings on three replicas: any interleaving converges, and none is lost.

Each history is a random run of ratings (on three devices, one of whose
clocks runs two days ahead and one a day behind), state changes that
suspend and resume cards, and pairwise syncs through ``merge_files`` (the
merge ``pathtui sync`` and the git merge driver use). After any order of
final syncs that reaches everyone, the three files are byte-identical, hold
every rating ever given, and replay to the same cards: those the ratings
give when replayed alone, in the order they were given.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pathtui.model.progress import Progress, finished_at, merge
from pathtui.model.review import RATINGS, Card, replay
from pathtui.services import reviews
from pathtui.services.session import Session
from pathtui.storage.pathfile import load_path
from pathtui.storage.progressfile import dumps
from pathtui.storage.progressread import loads_progress
from pathtui.storage.store import Store
from pathtui.sync.merge import merge_files

DEVICES = ("0a0a0a0a", "0b0b0b0b", "0c0c0c0c")
SKEW = (dt.timedelta(0), dt.timedelta(days=2), dt.timedelta(days=-1))
T0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
ITEMS = ("basics-loops", "basics-lists", "dsa-graphs")
FILE = Path("backend.toml")
PATH = load_path(None)
REPLICA = st.integers(0, 2)
OPERATION = st.one_of(
    st.tuples(st.just("rate"), REPLICA, st.sampled_from(ITEMS), st.sampled_from(RATINGS)),
    st.tuples(st.just("state"), REPLICA, st.sampled_from(ITEMS), st.sampled_from(("todo", "done"))),
    st.tuples(st.just("sync"), REPLICA, st.just(""), REPLICA),
)
HISTORIES = st.lists(OPERATION, min_size=1, max_size=40)
FINAL_SYNCS = st.permutations([(a, b) for a in range(3) for b in range(3) if a != b])
CONVERGES = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def start() -> list[Progress]:
    """Three devices that share one start: every item done on device 0."""
    base = Progress.new("backend", 10, now=T0)
    base.device = DEVICES[0]
    for item in ITEMS:
        base.set_state(item, "done", T0)
    replicas = []
    for device in DEVICES:
        replica = copy.deepcopy(base)
        replica.device = device
        replicas.append(replica)
    return replicas


def sync(mine: Progress, theirs: Progress, device: str) -> Progress:
    """One device takes another's file in, through the bytes a sync merges."""
    merged = merge_files(dumps(mine).encode(), dumps(theirs).encode(), FILE, "backend")
    out = loads_progress(merged, FILE, "backend")
    assert out == merge(mine, theirs)  # the file merge and the model's merge agree
    out.device = device
    return out


def cards_of(progress: Progress) -> dict[str, Card]:
    session = Session(path=PATH, store=Store("backend"), progress=progress)
    return reviews.cards(session)


@pytest.mark.slow
@CONVERGES
@given(history=HISTORIES, final=FINAL_SYNCS)
def test_any_interleaving_of_ratings_across_three_replicas_converges(
    history: list[tuple[str, int, str, object]], final: list[tuple[int, int]]
) -> None:
    replicas = start()
    given_ratings: set[tuple[str, str, dt.datetime]] = set()
    for minute, (kind, who, item, value) in enumerate(history, 1):
        now = T0 + dt.timedelta(hours=minute) + SKEW[who]
        replica = replicas[who]
        if kind == "rate":
            record = replica.add_rating(item, str(value), given=now, now=now)
            given_ratings.add((record.key, item, now))
        elif kind == "state":
            replica.set_state(item, str(value), now)
        else:
            other = int(value)  # type: ignore[call-overload]
            if other != who:
                replicas[who] = sync(replica, replicas[other], DEVICES[who])
    for _ in range(2):  # twice round: what one learned is passed on to all
        for a, b in final:
            replicas[a] = sync(replicas[a], replicas[b], DEVICES[a])
    texts = {dumps(r) for r in replicas}
    assert len(texts) == 1, "three replicas, three different files"
    kept = {(r.key, r.item, r.given) for r in replicas[0].ratings()}
    assert kept == given_ratings, "a rating was lost or made up"
    decks = [cards_of(r) for r in replicas]
    assert decks[0] == decks[1] == decks[2]
    # ...and they are the cards the ratings give, replayed on their own.
    final_progress = replicas[0]
    # A card counts from the day its item was finished (the learner's own
    # clock, kept as a value), not from the merge's stamp.
    done = {
        i: finished_at(final_progress.items[i]) for i in ITEMS if final_progress.state(i) == "done"
    }
    lines = [(r.given, r.key, r.item, r.rating) for r in final_progress.ratings()]
    assert decks[0] == replay(done, lines, final_progress.settings.retention)
    rated = {item for _, item, _ in given_ratings}
    assert {i for i, c in decks[0].items() if c.reviews} == rated
