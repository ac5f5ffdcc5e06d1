"""The command line: ``script.py`` (the console script and its fast path),
``typerapp.py`` (the Typer app), ``commands.py`` (every command group,
assembled), one module per command group.

Kept free of imports: the status fast path (``script.py``, ``status.py``)
loads through this package and must not pay for Typer.
"""
