"""The model: the path, progress and its merge, estimates and what is shown.

Pure rules and pictures: no file I/O, no UI library (``tests/system/test_layers.py``).
"""
