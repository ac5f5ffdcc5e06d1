"""The most one progress file may hold, and the one check of it.

A reader refuses what is over these limits, so every writer and every merge
holds to them too (the store before it saves, sync before it merges or
writes, ``Progress.put`` for each text): pathtui never writes a file it
would then refuse to read, and a sync's memory stays proportional to a file
it can read. They are far above what a learner makes: two years of study
hold 1,000–2,000 records, a learner who logs every session some 10,000.
"""

from __future__ import annotations

from pathtui.errors import PathtuiError

#: TYPE_CHECKING without importing ``typing`` (the status line imports the model).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress

#: The largest progress file pathtui reads or writes (a larger one is not one it wrote).
MAX_PROGRESS_FILE_BYTES = 64 * 1024 * 1024
#: Records in one file, all collections together (items, log entries, applications,
#: projects, review ratings; removed ones too, as their tombstones stay in the file).
MAX_RECORDS = 50_000
#: Characters in one text value (a note, an application's company...).
MAX_TEXT_CHARS = 100_000
BYTES_PER_MB = 1024 * 1024


class LimitError(PathtuiError):
    """A change or a merge would make the progress file larger than pathtui reads."""


def megabytes(size: int) -> str:
    """A size as a learner reads it ('70 MB'; under 1 MB: '0.4 MB')."""
    mb = size / BYTES_PER_MB
    return f"{mb:.0f} MB" if mb >= 1 else f"{mb:.1f} MB"


def size_problem(size: int) -> str | None:
    """Why a file of ``size`` bytes is too large, or None."""
    if size <= MAX_PROGRESS_FILE_BYTES:
        return None
    return f"is {megabytes(size)}, more than the {megabytes(MAX_PROGRESS_FILE_BYTES)} pathtui reads"


def text_problem(length: int) -> str | None:
    """Why a text of ``length`` characters is too long, or None."""
    if length <= MAX_TEXT_CHARS:
        return None
    return f"is {length:,} characters long; the most is {MAX_TEXT_CHARS:,}"


def count_problem(progress: Progress) -> str | None:
    """Why ``progress`` holds too many records, or None (cheap: one length per collection)."""
    counts = progress.sizes()
    total = sum(counts.values())
    if total <= MAX_RECORDS:
        return None
    biggest = max(counts, key=lambda name: counts[name])
    return (
        f"holds {total:,} records ({counts[biggest]:,} in {biggest}), more than the "
        f"{MAX_RECORDS:,} pathtui keeps in one file"
    )
