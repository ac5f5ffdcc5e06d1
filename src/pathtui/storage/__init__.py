"""Storage: where data lives, the progress file, locks, caches and sync.

Imports the model, never the CLI or the tracker (``tests/system/test_layers.py``).
"""
