"""Errors a user can cause, each carrying one readable sentence.

The CLI prints ``str(error)`` and exits non-zero; the TUI shows it in a
notification. Nothing else in pathtui should let a traceback reach the user.
"""

from __future__ import annotations


class PathtuiError(Exception):
    """Base class: the message is meant for the learner, not for a developer."""

    exit_code: int = 1


class Stopped(PathtuiError):
    """The learner stopped a command (Ctrl+C) and the command has already said
    what it kept: exit 130 with nothing more printed."""

    exit_code = 130


class PathFileError(PathtuiError):
    """A path file (embedded or custom) cannot be read or is invalid."""


class ProgressFileError(PathtuiError):
    """The progress file cannot be read, or must not be overwritten."""


class SaveError(PathtuiError):
    """Writing the progress file failed; what was on disk is unchanged."""


class LockBusyError(SaveError):
    """Another process held the progress file's lock for as long as the caller
    would wait; nothing was written (the tracker keeps the change and retries)."""


class UnknownItemError(PathtuiError):
    """An item id given on the command line is not in the path."""


class InvalidValueError(PathtuiError, ValueError):
    """A change would write a value the progress file's own reader refuses; nothing
    was written (every write is checked like a read, see ``model/schema.py``)."""


class ReadOnlyError(SaveError, PermissionError):
    """A file pathtui would replace is read-only (its owner took away the write
    permission): pathtui leaves it as it is. Also a PermissionError, so code
    that skips a file it cannot write (a cache) skips this one too."""
