"""``pathtui serve``: the tracker in a web browser, on this machine.

Registered on ``typerapp.app`` when ``commands.py`` imports this module; the
server itself (``services/serve.py``) is imported only when it starts.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pathtui.cli.output import say
from pathtui.cli.typerapp import PathOption, _opts, app
from pathtui.services.session import Session

#: Where `pathtui serve` listens unless told otherwise: this machine only.
SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000


@app.command()
def serve(
    ctx: typer.Context,
    port: Annotated[
        int,
        typer.Option("--port", metavar="N", min=0, max=65535, help="Port (0 picks a free one)."),
    ] = SERVE_PORT,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar="H",
            help="Address to listen on. Anything but this machine prints a warning.",
        ),
    ] = SERVE_HOST,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the address in your browser.")
    ] = False,
    path: PathOption = None,
) -> None:
    """Open the tracker in a web browser: serves it on this machine, with a private link."""
    path_file = path or _opts(ctx).path_file
    Session.open(path_file)  # a bad path or progress file stops here, in one sentence
    from pathtui.services.serve import serve as run_server

    run_server(
        path_file,
        host=host,
        port=port,
        open_browser=open_browser,
        echo=typer.echo,
        warn=lambda line: say(f"pathtui: {line}", err=True),
    )
