"""``pathtui review``: walk the cards due today, rate one from a script, or list them.

Plain functions with no Typer in sight: the fast path (``grammar.parse``)
calls :func:`review` before Typer is imported, and so does the Typer command
in ``cli/review.py``. ``--list`` reads the cards from the status cache
(``services/duecards.py``), so it imports neither the Session nor ``fsrs``
while the files are unchanged; a rating and the walk open the Session, and
save each rating as it is given (``services/reviews.py``), so Ctrl+C keeps
every rating already given.
"""

from __future__ import annotations

import sys

from pathtui.errors import PathtuiError, Stopped
from pathtui.model.review import reviews_text
from pathtui.model.sanitise import sanitise, sanitise_json
from pathtui.services.duecards import review_list

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from pathtui.model.picture import ReviewCardInfo
    from pathtui.model.review import Card
    from pathtui.services.session import Session

    PathFile = str | Path | None

#: ``review --list`` shows this many of the cards after today's.
NEXT_SHOWN = 10
#: What the walk asks after each card.
RATE_PROMPT = "Rate it: 1 again · 2 hard · 3 good · 4 easy (or a h g e; q stops) > "
#: Narrowest width a card's text is wrapped to, however narrow the terminal.
MIN_WRAP_COLUMNS = 20
#: Keys that stop the walk (besides the end of input): q, Escape, Ctrl+D.
STOP_KEYS = ("q", "\x1b", "\x04")
#: Bytes one key press may send (an arrow key sends an escape sequence).
KEY_BYTES = 8
#: What a review turned off says.
REVIEW_OFF = "Review is off; `pathtui config review on` turns it on."


def echo(text: str = "") -> None:
    """Print a line, sanitised (``model/sanitise.py``): titles and notes come from files."""
    sys.stdout.write(sanitise(text, lines=True) + "\n")
    sys.stdout.flush()


def review(
    path_file: PathFile,
    item_id: str | None = None,
    rating: str | None = None,
    show: bool = False,
    as_json: bool = False,
) -> None:
    """``pathtui review [ID RATING] [--list [--json]]``."""
    if show:
        if item_id is not None:
            raise PathtuiError("Give --list alone, or an id and a rating, not both.")
        list_cards(path_file, as_json)
        return
    if as_json:
        raise PathtuiError("--json goes with --list: `pathtui review --list --json`.")
    if item_id is not None:
        if rating is None:
            raise PathtuiError(
                f"Give a rating after the id, e.g. `pathtui review {item_id[:40]} good` "
                "(again, hard, good or easy)."
            )
        rate_one(path_file, item_id, rating)
        return
    walk(path_file)


# --------------------------------------------------------------------------- --list


def _rows(cards: list[ReviewCardInfo], width: int) -> list[str]:
    return [
        f"  {c['due']}  {reviews_text(c['reviews']):<10} {c['id']:<{width}}  {c['title']}"
        for c in cards
    ]


def list_cards(path_file: PathFile, as_json: bool) -> None:
    """``review --list``: the cards due today, then the next ones (``--json``: all)."""
    on, cards = review_list(None if path_file is None else str(path_file))
    if as_json:
        echo(sanitise_json(cards))
        return
    if not on:
        echo(REVIEW_OFF)
        return
    if not cards:
        echo("No review cards yet: an item you mark done comes back for review the day after.")
        return
    due = [c for c in cards if c["is_due"]]
    later = [c for c in cards if not c["is_due"]]
    width = max(len(c["id"]) for c in due + later[:NEXT_SHOWN])
    if due:
        echo(f"{len(due)} to review today (`pathtui review` walks them):")
        for line in _rows(due, width):
            echo(line)
    else:
        echo("Nothing to review today.")
    if later:
        echo("Next:")
        for line in _rows(later[:NEXT_SHOWN], width):
            echo(line)
        if len(later) > NEXT_SHOWN:
            rest = len(later) - NEXT_SHOWN
            echo(f"  … and {rest} more, the last due {later[-1]['due']} (--json lists every card).")


# --------------------------------------------------------------------------- one rating


def _today() -> dt.date:
    import datetime as dt

    return dt.date.today()


def rate_one(path_file: PathFile, item_id: str, word: str) -> None:
    """``pathtui review ID RATING``: one rating from a script."""
    from pathtui.model.review import next_words
    from pathtui.services import reviews
    from pathtui.services.session import Session

    reviews.check_rating(word)  # a mistyped word is refused before any file is read
    session = Session.open(path_file)
    card = reviews.rate(session, item_id, word)
    echo(
        f"{card.last_rating}: {item_id}  {reviews.title(session, item_id)} · "
        f"{next_words(card, _today())}"
    )


# --------------------------------------------------------------------------- the walk


def read_key() -> str | None:
    """One answer: a key press on a terminal, a line from a pipe; None to stop.

    A terminal that fails under it (it went away, or pathtui is no longer its
    foreground process, as under a wrapper that forks, when Ctrl+C comes)
    stops the walk like Ctrl+C: KeyboardInterrupt, never a termios error.
    """
    stdin = sys.stdin
    if not stdin.isatty():
        line = stdin.readline()
        return None if not line else line.strip().lower()
    import contextlib
    import os
    import termios
    import tty

    fd = stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
    except (termios.error, OSError):
        raise KeyboardInterrupt from None
    try:
        tty.setcbreak(fd)
        data = os.read(fd, KEY_BYTES)
    except (termios.error, OSError):
        raise KeyboardInterrupt from None
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, before)
    key = data.decode("utf-8", "replace").lower()
    return None if not data else key


def ask(read: Callable[[], str | None]) -> str | None:
    """The rating word the learner gives (None: they stopped)."""
    from pathtui.model.review import KEYS, RATINGS

    while True:
        sys.stdout.write(RATE_PROMPT)
        sys.stdout.flush()
        key = read()
        if key is None or key in STOP_KEYS:
            echo()
            return None
        word = key if key in RATINGS else KEYS.get(key)
        if word is not None:
            echo(word)
            return word
        echo()
        echo("Press 1, 2, 3 or 4 (or a, h, g, e); q stops, keeping the ratings given so far.")


def indented(text: str, width: int, first: str, rest: str) -> str:
    """``text`` wrapped at its words to the terminal's width, so no word is cut
    at the edge (a terminal breaks long lines anywhere)."""
    import textwrap

    return textwrap.fill(
        text,
        max(width - 1, MIN_WRAP_COLUMNS),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    )


def show_card(session: Session, card: Card, number: int, total: int, today: dt.date) -> None:
    """The item as the learner needs it to recall: title, description, note, links."""
    import shutil

    from pathtui.model.review import due_since, history_words, recall_words
    from pathtui.model.sanitise import sanitise

    found = session.path.find(card.item)
    assert found is not None, "a card is an item of the path"
    step, item = found
    echo()
    echo(f"── {number} of {total} · {due_since(card, today)} · {history_words(card)}")
    echo(f"{sanitise(item.title)}  ({item.id} · step {step.number})")
    width = shutil.get_terminal_size().columns
    for line in item.description.splitlines():
        echo(indented(sanitise(line), width, "  ", "  ") if line.strip() else "")
    note = session.progress.note(item.id)
    if note:
        echo(indented(sanitise(note), width, "Your note: ", "  "))
    for link in item.links:
        echo(f"Link: {sanitise(link.title)}  {sanitise(link.url)}")
    echo(recall_words(bool(item.links)))


def walk(path_file: PathFile, read: Callable[[], str | None] | None = None) -> None:
    """``pathtui review``: every card due today, oldest first, each rating saved at once.

    ``read`` gives each answer (``read_key``, looked up when called, unless given).
    """
    from pathtui.model.review import next_due_after, next_words, summary_line, upcoming
    from pathtui.services import reviews
    from pathtui.services.session import Session

    session = Session.open(path_file)
    if not reviews.review_on(session):
        echo(REVIEW_OFF)
        return
    today = _today()
    due = reviews.due_today(session, today)
    if not due:
        soon = upcoming(reviews.cards(session).values())
        when = f" The next card is due {soon[0].due.isoformat()}." if soon else ""
        echo(f"Nothing to review today.{when}")
        return
    echo(f"{len(due)} to review today. Recall each one, then rate how well it came back.")
    given: list[str] = []
    try:
        for number, card in enumerate(due, 1):
            show_card(session, card, number, len(due), today)
            word = ask(read or read_key)
            if word is None:
                break
            rated = reviews.rate(session, card.item, word)
            given.append(word)
            echo(f"{word.capitalize()} · {next_words(rated, today)}.")
    except KeyboardInterrupt:
        echo()
        echo("Stopped; every rating you gave is saved.")
        echo(summary_line(given, len(due), None))
        raise Stopped from None
    echo()
    echo(summary_line(given, len(due), next_due_after(reviews.cards(session).values(), today)))
