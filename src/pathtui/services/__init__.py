"""The application layer: what a command or a key asks for, over storage and sync.

``session.py`` is the one object both front ends drive (path + progress +
store); the other modules are the operations that need more than one layer
below: export and import, restore, doctor, the portfolio and job-search export, the portfolio
checks and the tracker in a browser. Nothing here prints or asks: the CLI
and the tracker do.
"""
