"""pathtui: a terminal tracker for the self-taught path to a first backend job.

Kept import-free on purpose: ``pathtui status`` runs in shell prompts.
"""

__version__ = "0.2.0"
