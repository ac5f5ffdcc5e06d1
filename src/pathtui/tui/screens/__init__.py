"""The tracker's screens and dialogs, one per module."""
