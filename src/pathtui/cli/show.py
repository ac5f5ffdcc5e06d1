"""``pathtui show ID``: one item in full, for reading in a terminal or a script.

The work is ``cli/reads.py``'s, which the fast path calls as well.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli import reads
from pathtui.cli.grammar import typer_param
from pathtui.cli.typerapp import _opts, app

SHOW = ("show",)


@app.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer_param(SHOW, "item_id")],
    as_json: Annotated[bool, typer_param(SHOW, "as_json")] = False,
) -> None:
    """One item in full: description, links, note and hours logged."""
    reads.show_item(_opts(ctx).path_file, item_id, as_json)
