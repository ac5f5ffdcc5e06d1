"""The command line: ``app.py`` (the Typer app), one module per command group.

Kept free of imports: the status fast path (``entry.py``, ``status.py``)
loads through this package and must not pay for Typer.
"""
