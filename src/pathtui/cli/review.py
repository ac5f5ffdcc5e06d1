"""``pathtui review``, as the Typer app answers it (``--help``, odd spellings).

Its arguments are declared once in ``grammar.py``, which the fast path
(``script.py``) reads too; the work is in ``reviewing.py``. Registered on
``typerapp.app`` when ``commands.py`` imports this module.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli import reviewing
from pathtui.cli.grammar import typer_param
from pathtui.cli.typerapp import _opts, app

REVIEW = ("review",)


@app.command()
def review(
    ctx: typer.Context,
    item_id: Annotated[str | None, typer_param(REVIEW, "item_id")] = None,
    rating: Annotated[str | None, typer_param(REVIEW, "rating")] = None,
    show: Annotated[bool, typer_param(REVIEW, "show")] = False,
    as_json: Annotated[bool, typer_param(REVIEW, "as_json")] = False,
) -> None:
    """Review the items you finished, at growing intervals: recall each, then rate it."""
    reviewing.review(_opts(ctx).path_file, item_id, rating, show, as_json)
