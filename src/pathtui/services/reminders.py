"""``pathtui remind``'s work: the nudges due now, cheap enough for a shell's startup file.

Which nudges are due is ``model/nudges.py``'s pure decision over the status
summary and today. This module gathers what it needs from each source, each
one small function:

- the status summary (``summarycache.load_summary``): the week's hours,
  the streak, job follow-ups;
- the review cards due today (``duecards.due_today``);
- new cheers from a study group (:func:`new_cheers_line`).

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

import os
import time

from pathtui.services.summarycache import cache_dir, cache_key, cached
from pathtui.storage.statuscache import answer, digest, file_signature, remember, write_cache

#: ``typing`` costs milliseconds to import; type checkers treat this name as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.picture import Nudge

#: The status cache's answer key for the nudges (kinds and lines).
ANSWER_KEY = "remind"
#: Separates a nudge's kind from its text in the cached answer (no text holds it).
KIND_SEPARATOR = "\x1f"
LINE_SEPARATOR = "\n"


#: Where this device keeps its group clones, inside the state folder (the same
#: name as ``storage.groupfolder.GROUPS``, which ``remind`` does not import:
#: it runs in shell startup files).
GROUPS_FOLDER = "groups"


def new_cheers_line(path_file: str | None) -> str:
    """New cheers from the learner's study group, in one line ('' for none).

    The one place ``remind`` asks for cheers. Study groups' read side gives
    them (``new_cheers(progress)``: offline, the clone on this device and
    the note of cheers shown here), worded by its ``cheers_line``.
    ``remind`` does not mark them as shown: the tracker and ``group sync``
    show the cheers themselves, and ``--notify`` sends this kind once a day
    at most.
    """
    from pathtui.errors import PathtuiError
    from pathtui.services.groupcheers import cheers_line, new_cheers
    from pathtui.services.session import Session

    try:
        cheers = new_cheers(Session.open(path_file).progress)
    except PathtuiError:
        return ""
    return cheers_line(cheers) if cheers else ""


def cheers_signature() -> str:
    """What the new-cheers answer depends on beyond the progress file and the
    date, as part of the day's cache key: each group clone's commit and its
    note of cheers shown here. Cheap, since every ``remind`` calls it: '' at
    the cost of one failed listing for a learner in no group on this device."""
    from pathtui.errors import ProgressFileError
    from pathtui.storage.locations import state_dir_name

    try:
        folder = os.path.join(state_dir_name(), GROUPS_FOLDER)
        clones = sorted(os.listdir(folder))
    except (OSError, ProgressFileError):
        return ""
    if not clones:
        return ""
    from pathtui.storage.groupanswer import SEEN, head_commit

    parts = []
    for name in clones:
        clone = os.path.join(folder, name)
        seen = file_signature(os.path.join(clone, ".git", SEEN))
        parts.append(f"{name}:{head_commit(clone)}:{seen}")
    return ":" + digest("\n".join(parts))


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
