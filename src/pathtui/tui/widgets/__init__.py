"""The tracker's widgets, one per module."""
