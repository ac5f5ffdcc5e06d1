"""The review cards due today, from the status cache: cheap enough for a prompt.

:func:`due_today` is what ``pathtui remind`` asks; :func:`review_list` is
``pathtui review --list``. Both read the cards the status cache keeps
(``services/summarycache.py``): item ids, titles, due times as seconds
since the epoch and the number of reviews. While the progress and path
files are unchanged that is one small file read, with no ``fsrs`` import and
no replay: a card's due time depends only on its ratings, never on the
clock, so time passing never makes the cache stale. Which cards are due is
worked out with the ``time`` module against the next local midnight.
"""

from __future__ import annotations

import time

from pathtui.model.review import end_of_day
from pathtui.services.summarycache import load_summary

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import ReviewCardInfo, Summary


def _end_of_today(now: float | None) -> int:
    """The next local midnight after ``now`` (the clock's time if None)."""
    year, month, day = time.localtime(time.time() if now is None else now)[:3]
    return end_of_day(year, month, day)


def _cards(summary: Summary, end: int) -> list[ReviewCardInfo]:
    reviews = summary.get("reviews")
    if not reviews or not reviews["on"]:
        return []
    out: list[ReviewCardInfo] = []
    for item_id, title, due, count in reviews["cards"]:
        out.append(
            {
                "id": item_id,
                "title": title,
                "due": time.strftime("%Y-%m-%d", time.localtime(due)),
                "reviews": count,
                "is_due": due < end,
            }
        )
    return out


def review_list(
    path_file: str | None = None, now: float | None = None
) -> tuple[bool, list[ReviewCardInfo]]:
    """Whether review is on, and every active card, soonest first (``is_due``
    marks those due today or earlier)."""
    summary = load_summary(path_file)
    reviews = summary.get("reviews")
    return bool(reviews and reviews["on"]), _cards(summary, _end_of_today(now))


def due_today(path_file: str | None = None, now: float | None = None) -> list[ReviewCardInfo]:
    """The review cards due today (by the local date) or earlier, oldest first.

    Empty when review is off or nothing is due. ``path_file`` is a ``--path``
    (None: the library's default, else the built-in path); ``now`` is seconds
    since the epoch (None: the clock). Raises PathtuiError, like ``status``,
    only when the files have changed and cannot be read.
    """
    return [card for card in review_list(path_file, now)[1] if card["is_due"]]
