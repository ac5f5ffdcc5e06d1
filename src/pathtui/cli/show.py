"""``pathtui show ID``: one item in full, for reading in a terminal or a script."""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli.typerapp import _opts, app


@app.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id (see `pathtui list`).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON object for scripts.")
    ] = False,
) -> None:
    """One item in full: description, links, note and hours logged."""
    from pathtui.cli.status import write_out
    from pathtui.model.itemview import item_json, item_text
    from pathtui.model.sanitise import sanitise, sanitise_json

    session = _opts(ctx).session()
    session.resolve([item_id])
    if as_json:
        write_out(sanitise_json(item_json(session.path, session.progress, item_id)))
        return
    write_out(sanitise(item_text(session.path, session.progress, item_id), lines=True))
