"""The review cards due today, from the status cache: cheap enough for a prompt.

:func:`due_today` is what ``pathtui remind`` asks; :func:`review_list` is
``pathtui review --list``. Both read the cards the status cache keeps
(``services/summarycache.py``): item ids, titles, due dates and the number
of reviews. While the progress and path files are unchanged that is one
small file read, with no ``fsrs`` import and no replay: a card's due date
depends only on its ratings, never on the clock, so time passing never makes
the cache stale. Today's date comes from the ``time`` module, and ISO dates
compare as text.
"""

from __future__ import annotations

import time

from pathtui.services.summarycache import load_summary

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import ReviewCardInfo


def _today(now: float | None) -> str:
    """The local date at ``now`` (the clock's time if None), as YYYY-MM-DD."""
    return time.strftime("%Y-%m-%d", time.localtime(now))


def review_list(
    path_file: str | None = None, now: float | None = None
) -> tuple[bool, list[ReviewCardInfo]]:
    """Whether review is on, and every active card, soonest first (``is_due``
    marks those due today or earlier)."""
    reviews = load_summary(path_file).get("reviews")
    if not reviews or not reviews["on"]:
        return False, []
    today = _today(now)
    return True, [
        {"id": item_id, "title": title, "due": due, "reviews": count, "is_due": due <= today}
        for item_id, title, due, count in reviews["cards"]
    ]


def due_today(path_file: str | None = None, now: float | None = None) -> list[ReviewCardInfo]:
    """The review cards due today (by the local date) or earlier, oldest first.

    Empty when review is off or nothing is due. ``path_file`` is a ``--path``
    (None: the library's default, else the built-in path); ``now`` is seconds
    since the epoch (None: the clock). Raises PathtuiError, like ``status``,
    only when the files have changed and cannot be read.
    """
    return [card for card in review_list(path_file, now)[1] if card["is_due"]]
