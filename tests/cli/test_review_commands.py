"""``pathtui review``, the review settings, and reviews in ``status``.

Cards come due by the real clock here, so the learner's items are marked done
a few days in the past through the Session (``done_days_ago``); the tests
under ``faketime`` (``tests/system/test_review_clock.py``) move the clock instead.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import pty
import sys
import termios
from pathlib import Path

import pytest

from pathtui.cli import reviewing
from pathtui.model.progress import Progress
from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from support import fails, ok, run_pathtui

LOOPS, LISTS, VARIABLES = "basics-loops", "basics-lists", "basics-variables"
LOOPS_TITLE = "Write loops that walk over a collection"


def done_days_ago(days: int, *items: str, note: str = "") -> None:
    """Mark items done ``days`` days ago (their cards are due the day after).

    Only before any other change: a change is stamped after every change its
    copy has seen, so once something was written now, "3 days ago" is now.
    """
    session = Session.open()
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    for item in items:
        session.progress.set_state(item, "done", when)
        if note:
            session.progress.set_note(item, note, when)
    session.save()


def on_disk(data_dir: Path) -> Progress:
    progress = read_progress(data_dir / "backend.toml", "backend")
    assert progress is not None
    return progress


def listing() -> list[dict[str, object]]:
    cards = json.loads(ok("review", "--list", "--json"))
    assert isinstance(cards, list)
    return cards


def today() -> dt.date:
    return dt.date.today()


# --------------------------------------------------------------------------- --list


def test_list_json_has_the_due_cards_then_the_next_ones(data_dir: Path) -> None:
    done_days_ago(3, LOOPS, LISTS)
    ok("done", VARIABLES)  # done now: first due tomorrow
    cards = listing()
    assert [c["id"] for c in cards] == [LISTS, LOOPS, VARIABLES]
    assert {k for c in cards for k in c} == {"id", "title", "due", "reviews", "is_due"}
    by_id = {c["id"]: c for c in cards}
    assert by_id[LOOPS] == {
        "id": LOOPS,
        "title": LOOPS_TITLE,
        "due": (today() - dt.timedelta(days=2)).isoformat(),
        "reviews": 0,
        "is_due": True,
    }
    assert by_id[VARIABLES]["due"] == (today() + dt.timedelta(days=1)).isoformat()
    assert by_id[VARIABLES]["is_due"] is False


def test_list_shows_the_due_cards_and_the_next_ones(data_dir: Path) -> None:
    done_days_ago(3, LOOPS)
    ok("done", VARIABLES)
    out = ok("review", "--list").splitlines()
    assert out[0] == "1 to review today (`pathtui review` walks them):"
    assert LOOPS in out[1] and LOOPS_TITLE in out[1] and "new" in out[1]
    assert out[2] == "Next:"
    assert VARIABLES in out[3] and (today() + dt.timedelta(days=1)).isoformat() in out[3]


def test_list_with_no_cards_says_how_they_come(data_dir: Path) -> None:
    assert "comes back for review the day after" in ok("review", "--list")
    assert listing() == []


def test_skipped_items_are_not_reviewed(data_dir: Path) -> None:
    ok("skip", LOOPS)
    assert listing() == []


def test_an_item_skipped_long_ago_then_done_is_first_due_tomorrow(data_dir: Path) -> None:
    session = Session.open()
    session.progress.set_state(LOOPS, "skipped", dt.datetime.now(dt.UTC) - dt.timedelta(days=30))
    session.save()
    ok("done", LOOPS)
    (card,) = listing()
    assert card["id"] == LOOPS
    assert card["due"] == (today() + dt.timedelta(days=1)).isoformat()
    assert "to review" not in ok("status")


# --------------------------------------------------------------------------- one rating


def test_a_rating_from_a_script_is_saved_and_schedules_the_card(data_dir: Path) -> None:
    done_days_ago(3, LOOPS)
    out = ok("review", LOOPS, "good")
    in_two = (today() + dt.timedelta(days=2)).isoformat()
    assert out.strip() == f"good: {LOOPS}  {LOOPS_TITLE} · next review {in_two} (in 2 days)"
    (rating,) = on_disk(data_dir).ratings()
    assert (rating.item, rating.rating) == (LOOPS, "good")
    assert abs(rating.given - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert listing() == [
        {"id": LOOPS, "title": LOOPS_TITLE, "due": in_two, "reviews": 1, "is_due": False}
    ]


@pytest.mark.parametrize(("word", "days"), [("again", 1), ("hard", 1), ("easy", 8), ("g", 2)])
def test_each_rating_word_or_key_gives_its_interval(data_dir: Path, word: str, days: int) -> None:
    done_days_ago(3, LOOPS)
    ok("review", LOOPS, word)
    assert listing()[0]["due"] == (today() + dt.timedelta(days=days)).isoformat()


def test_a_higher_retention_brings_cards_back_sooner(data_dir: Path) -> None:
    done_days_ago(3, LOOPS)
    assert ok("config", "retention", "0.97").startswith("Retention set to 0.97")
    assert "(tomorrow)" in ok("review", LOOPS, "good")
    assert "retention       0.97" in ok("config")
    assert on_disk(data_dir).settings.retention == 0.97
    ok("config", "retention", "70%")
    assert on_disk(data_dir).settings.retention == 0.70


# --------------------------------------------------------------------------- bad input


BAD = [
    (("review", "no-such-item", "good"), "No item with id 'no-such-item'"),
    (("review", VARIABLES, "good"), f"{VARIABLES} is todo, not done"),
    (("review", LOOPS, "great"), "'great' is not a rating; give one of again, hard, good, easy."),
    (("review", "--", LOOPS, "great"), "'great' is not a rating"),  # through Typer
    (("review", LOOPS), "Give a rating after the id"),
    (("review", "--json"), "--json goes with --list"),
    (("review", LOOPS, "good", "--list"), "Give --list alone"),
    (("config", "retention", "1.5"), "Retention must be from 0.70 to 0.97"),
    (("config", "retention", "0.5"), "Retention must be from 0.70 to 0.97"),
    (("config", "retention", "lots"), "not 'lots'"),
    (("config", "retention", "nan"), "Retention must be from 0.70 to 0.97"),
    (("config", "review", "maybe"), "Review can be on or off; not 'maybe'."),
]


@pytest.mark.parametrize(
    ("args", "message"), BAD, ids=lambda a: " ".join(a) if isinstance(a, tuple) else ""
)
def test_bad_input_is_one_sentence_and_changes_nothing(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    done_days_ago(3, LOOPS)
    before = (data_dir / "backend.toml").read_bytes()
    stderr = fails(*args)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert message in lines[0]
    assert (data_dir / "backend.toml").read_bytes() == before


# --------------------------------------------------------------------------- on and off


def test_review_off_hides_cards_and_refuses_ratings_until_on_again(data_dir: Path) -> None:
    done_days_ago(3, LOOPS, LISTS)
    ok("review", LOOPS, "again")
    assert "1 to review" in ok("status")
    assert ok("config", "review", "off").startswith("Review is off")
    assert "to review" not in ok("status")
    assert json.loads(ok("status", "--json"))["reviews_due"] == 0
    assert ok("review", "--list").strip() == reviewing.REVIEW_OFF
    assert listing() == []
    assert ok("review").strip() == reviewing.REVIEW_OFF
    assert "Review is off" in fails("review", LISTS, "good")
    assert "review          off" in ok("config")
    ok("config", "review", "on")
    assert "1 to review" in ok("status")
    assert [r.rating for r in on_disk(data_dir).ratings()] == ["again"]  # kept while off


# --------------------------------------------------------------------------- status


def test_status_counts_the_cards_due_today(data_dir: Path) -> None:
    done_days_ago(4, LOOPS, LISTS)
    ok("done", VARIABLES)
    line = ok("status").strip()
    assert line.endswith(" · 2 to review"), line
    data = json.loads(ok("status", "--json"))
    assert data["reviews_due"] == 2
    assert ok("status", "--format", "{reviews} due").strip() == "2 due"
    ok("review", LOOPS, "good")
    ok("review", LISTS, "easy")
    assert "to review" not in ok("status")
    assert json.loads(ok("status", "--json"))["reviews_due"] == 0


def test_a_finished_path_still_shows_its_reviews(data_dir: Path) -> None:
    session = Session.open()
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    for item in session.path.items:
        session.progress.set_state(item.id, "skipped", past)
    session.progress.set_state(LOOPS, "done", past)
    session.save()
    line = ok("status").strip()
    assert "path complete" in line and line.endswith(" · 1 to review"), line


# --------------------------------------------------------------------------- the walk


def test_the_walk_shows_each_card_and_saves_each_rating(data_dir: Path) -> None:
    done_days_ago(5, LISTS)
    done_days_ago(3, LOOPS, note="use enumerate")
    due = {c["id"]: c["due"] for c in listing()}
    assert due[LISTS] < due[LOOPS]
    out = ok("review", input="x\ng\n4\n")
    assert out.startswith("2 to review today.")
    first, second = out.index("Build and change lists"), out.index(LOOPS_TITLE)
    assert first < second, "oldest first"
    assert "Your note: use enumerate" in out
    assert "Recall it: explain it aloud, write the code.\n" in out  # neither has a link
    assert "reread the link" not in out
    assert "Press 1, 2, 3 or 4" in out  # the x was not a rating: asked again
    assert "Good · next review" in out and "Easy · next review" in out
    in_two = (today() + dt.timedelta(days=2)).isoformat()
    assert out.rstrip().endswith(f"Reviewed 2 of 2: 1 good, 1 easy. Next review {in_two}.")
    ratings = on_disk(data_dir).ratings()
    assert [(r.item, r.rating) for r in ratings] == [(LISTS, "good"), (LOOPS, "easy")]


def test_the_walk_wraps_a_card_at_its_words_to_the_terminal(data_dir: Path) -> None:
    """A terminal breaks a long line anywhere, mid-word too: the card's
    description and note are wrapped at their words, indented, within its width."""
    note = "remember the difference between a while loop and a for loop over range()"
    done_days_ago(3, LOOPS, note=note)
    out = ok("review", input="g\n", env={"COLUMNS": "40"})
    card = out[out.index(LOOPS_TITLE) : out.index("Recall it")].splitlines()[1:]
    assert card and all(len(line) < 40 for line in card), card
    description = Session.open().path.find(LOOPS)[1].description
    assert " ".join(" ".join(card).split()) == " ".join(f"{description} Your note: {note}".split())
    assert card[0].startswith("  ") and card[-1].startswith("  ")  # indented under the title


def test_the_walk_mentions_the_link_only_for_an_item_that_has_one(data_dir: Path) -> None:
    done_days_ago(3, "basics-lang-python")
    out = ok("review", input="g\n")
    assert "Link: A Byte of Python  https://python.swaroopch.com/\n" in out
    assert "Recall it: explain it aloud, write the code, or reread the link.\n" in out


def test_q_stops_the_walk_and_keeps_what_was_rated(data_dir: Path) -> None:
    done_days_ago(3, LOOPS, LISTS)
    out = ok("review", input="h\nq\n")
    assert "Reviewed 1 of 2: 1 hard. 1 still due today." in out
    assert [r.rating for r in on_disk(data_dir).ratings()] == ["hard"]
    assert "1 to review today" in ok("review", "--list")


def test_nothing_due_says_when_the_next_card_is(data_dir: Path) -> None:
    ok("done", LOOPS)
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    assert ok("review").strip() == f"Nothing to review today. The next card is due {tomorrow}."


def test_ctrl_c_keeps_the_ratings_already_given(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    done_days_ago(3, LOOPS, LISTS)
    answers = iter(["e"])

    def read() -> str:
        for answer in answers:
            return answer
        raise KeyboardInterrupt

    monkeypatch.setattr(reviewing, "read_key", read)
    result = run_pathtui("review")
    assert result.returncode == 130
    assert (
        "Stopped; every rating you gave is saved.\nReviewed 1 of 2: 1 easy. 1 still due today."
        in (result.stdout)
    )
    assert result.stderr == ""  # the walk's own words, not a second message
    assert [r.rating for r in on_disk(data_dir).ratings()] == ["easy"]


@pytest.mark.parametrize(
    "fault",
    [KeyboardInterrupt(), OSError(errno.EIO, "Input/output error")],
    ids=["ctrl-c", "terminal-gone"],
)
def test_a_terminal_that_fails_under_a_key_read_stops_the_walk_like_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, fault: BaseException
) -> None:
    """Ctrl+C under a forking wrapper (faketime in tmux): restoring the terminal
    fails with EIO, which must not replace the KeyboardInterrupt."""

    def read(fd: int, size: int) -> bytes:
        raise fault

    def set_attributes(*args: object) -> None:
        raise termios.error(errno.EIO, "Input/output error")

    main, other = pty.openpty()
    with open(other, encoding="utf-8") as tty_in, monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", tty_in)
        patch.setattr(os, "read", read)
        patch.setattr(termios, "tcsetattr", set_attributes)
        with pytest.raises(KeyboardInterrupt):
            reviewing.read_key()
    os.close(main)


# --------------------------------------------------------------------------- reset, restore, export


def test_reset_clears_ratings_and_restore_brings_them_back(data_dir: Path, tmp_path: Path) -> None:
    done_days_ago(3, LOOPS)
    ok("review", LOOPS, "good")
    before = on_disk(data_dir).ratings()
    assert "1 review rating" in run_pathtui("reset", input="n\n").stdout
    out = ok("reset", "--yes")
    assert on_disk(data_dir).ratings() == []
    backup = next(w for w in out.split() if w.endswith(".toml"))
    assert "1 review rating" in ok("restore")
    ok("restore", backup, "--yes")
    after = on_disk(data_dir).ratings()
    assert [(r.key, r.item, r.rating, r.given) for r in after] == [
        (r.key, r.item, r.rating, r.given) for r in before
    ]
    assert listing()[0]["reviews"] == 1


def test_export_and_import_keep_the_ratings(data_dir: Path, tmp_path: Path) -> None:
    done_days_ago(3, LOOPS)
    ok("review", LOOPS, "hard")
    export = tmp_path / "export.json"
    ok("export", "--format", "json", "--output", str(export))
    data = json.loads(export.read_text())
    (entry,) = data["progress"]["ratings"].values()
    assert (entry["item"], entry["rating"]) == (LOOPS, "hard")
    cards = listing()
    ok("reset", "--yes")
    ok("import", str(export), "--replace", "--yes")
    assert listing() == cards
