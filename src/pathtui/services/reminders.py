"""``pathtui remind``'s work: the nudges due now, cheap enough for a shell's startup file.

Which nudges are due is ``model/nudges.py``'s pure decision over the status
summary and today. This module gathers what it needs from each source, each
one small function:

- the status summary (``summarycache.load_summary``): the week's hours,
  the streak, job follow-ups;
- the review cards due today (``duecards.due_today``);
- new cheers from a study group (:func:`new_cheers_line`, a hook: see there).

Like ``pathtui status``, the answer is kept for the day in the status cache
(``storage/statuscache.py``): every nudge depends only on the files the cache
is keyed on and on the date, so a second ``remind`` the same day, with the
files unchanged, reads one small file and imports nothing more than a warm
status line does. Then ``--notify`` sends each kind at most once a day per
device (``storage/remindsent.py``).

The module imports only the light cache modules at the top; the model is
imported when the answer is worked out.
"""

from __future__ import annotations

import time

from pathtui.services.summarycache import cache_dir, cache_key, cached
from pathtui.storage.statuscache import answer, remember, write_cache

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import Nudge

#: The status cache's answer key for the nudges (kinds and lines).
ANSWER_KEY = "remind"
#: Separates a nudge's kind from its text in the cached answer (no text holds it).
KIND_SEPARATOR = "\x1f"
LINE_SEPARATOR = "\n"


def new_cheers_line(path_file: str | None) -> str:
    """New cheers from the learner's study group, in one line ('' for none).

    HOOK for study groups (``pathtui group``), which are not part of this
    release yet: until they are, there are never new cheers. The group
    feature's ``cheers_line(new_cheers(progress))`` is meant to be returned
    here; :func:`cheers_signature` must then change whenever that answer can
    (the group clone's commit, the note of cheers shown on this device), so
    that the day's cached answer is not reused past a new cheer.
    """
    return ""


def cheers_signature() -> str:
    """What the new-cheers answer depends on, beyond the progress file and the
    date; part of the cache key (HOOK: see :func:`new_cheers_line`). Must stay
    cheap: a prompt calls it on every ``remind``."""
    return ""


def _clean(text: str) -> str:
    """One line with no control characters (a cheer is another member's text)."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def encode(nudges: list[Nudge]) -> str:
    return LINE_SEPARATOR.join(f"{n['kind']}{KIND_SEPARATOR}{_clean(n['text'])}" for n in nudges)


def decode(text: str) -> list[Nudge]:
    nudges: list[Nudge] = []
    for line in text.split(LINE_SEPARATOR):
        kind, sep, words = line.partition(KIND_SEPARATOR)
        if sep:
            nudges.append({"kind": kind, "text": words})
    return nudges


def gather(path_file: str | None, now: float) -> list[Nudge]:
    """Work the nudges out from every source (the slow path: a new day, or
    files that changed)."""
    import datetime as dt

    from pathtui.model.nudges import due_nudges
    from pathtui.services.duecards import due_today
    from pathtui.services.summarycache import load_summary

    summary = load_summary(path_file)
    today = dt.date.fromtimestamp(now)
    cards = due_today(path_file, now)
    return due_nudges(summary, today, len(cards), new_cheers_line(path_file))


def due(path_file: str | None = None, now: float | None = None) -> list[Nudge]:
    """The nudges due now: today's cached answer while nothing changed.

    ``path_file`` is a ``--path`` (None: the library's default, else the
    built-in path); ``now`` is seconds since the epoch (None: the clock).
    Raises PathtuiError only when the files changed and cannot be read.
    """
    now = time.time() if now is None else now
    day = time.strftime("%Y-%m-%d", time.localtime(now))
    path_file, key, path_sig = cache_key(path_file)
    folder = cache_dir()
    answer_key = ANSWER_KEY + cheers_signature()
    text = answer(cached(folder, key, path_sig), day, answer_key)
    if text is not None:
        return decode(text)
    nudges = gather(path_file, now)
    cache = cached(folder, key, path_sig)  # gather made or refreshed it
    if cache is not None and folder:
        remember(cache, day, answer_key, encode(nudges))
        write_cache(folder, key, cache)
    return nudges


def notify_once(
    nudges: list[Nudge], path_file: str | None = None, now: float | None = None
) -> tuple[list[Nudge], str]:
    """Send as desktop notifications the nudges whose kind was not sent today.

    Returns what was sent and, if the notification service could not be
    reached, why (one sentence; nothing is recorded as sent then, so a
    later run can try again).
    """
    from pathtui.errors import ProgressFileError
    from pathtui.model.nudges import TITLES
    from pathtui.services.notify import NotifyError, notify
    from pathtui.storage.locations import state_dir_name
    from pathtui.storage.remindsent import record_sent, sent_file, sent_today

    now = time.time() if now is None else now
    day = time.strftime("%Y-%m-%d", time.localtime(now))
    try:
        record = sent_file(state_dir_name(), cache_key(path_file)[1])
    except ProgressFileError:
        record = None
    already = sent_today(record, day) if record else set()
    fresh = [n for n in nudges if n["kind"] not in already]
    try:
        notify([(TITLES.get(n["kind"], "pathtui"), n["text"]) for n in fresh])
    except NotifyError as exc:
        return [], str(exc)
    if record and fresh:
        record_sent(record, day, {n["kind"] for n in fresh})
    return fresh, ""
