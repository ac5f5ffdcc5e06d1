"""How the commands print: lines, padded tables, JSON for scripts, cut names.

Every line a Typer command prints goes through ``say`` (and JSON through
``print_json``), which pass it through the model's one sanitiser: text from a
progress file, a path file or a study group is shown as plain text, never
with a control character a terminal would act on, and never as markup.

No Typer here: the reading commands of ``cli/reads.py`` print through it
before Typer is imported (``typer.echo`` did no more than write and flush).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence

from pathtui.model.sanitise import sanitise, sanitise_json

#: Every sub-app's help options.
HELP = {"help_option_names": ["-h", "--help"]}


def today() -> dt.date:
    """The learner's local date (the week and the follow-ups count in it)."""
    return dt.date.today()


def cut(text: str, width: int) -> str:
    text = sanitise(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _write(text: str, err: bool = False) -> None:
    """Write and flush, never failing on a terminal that cannot show '·' or '–'."""
    stream = sys.stderr if err else sys.stdout
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding))
    stream.flush()


def say(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Print one line (or several) to stdout, or stderr, sanitised."""
    _write(sanitise(text, lines=True) + ("\n" if nl else ""), err)


def print_json(data: object) -> None:
    """JSON for scripts: the data exact, escaped where a terminal could act on it."""
    _write(sanitise_json(data) + "\n")


def table(rows: Sequence[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        say("  ".join([*cells, row[-1]]).rstrip())
