"""How the commands print lists: padded tables, JSON for scripts, cut names.

No Typer here: the reading commands of ``cli/reads.py`` print through it
before Typer is imported.

Text the learner typed is printed as plain text, cleaned of control
characters, never as markup.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence

from pathtui.model.path import clean_text

#: Every sub-app's help options.
HELP = {"help_option_names": ["-h", "--help"]}


def today() -> dt.date:
    """The learner's local date (the week and the follow-ups count in it)."""
    return dt.date.today()


def cut(text: str, width: int) -> str:
    text = clean_text(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def echo(text: str = "") -> None:
    """One line to stdout, never failing on a terminal that cannot show '·' or '–'."""
    stream = sys.stdout
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = stream.encoding or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")
    stream.flush()


def print_json(data: object) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2))


def table(rows: Sequence[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell; the last column is left ragged."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        echo("  ".join([*cells, row[-1]]).rstrip())
