"""Small immutable value classes, without building their methods at import.

``@dataclass(frozen=True, slots=True)`` writes ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__``… as source text and compiles each one
every time the module is imported: about 4.5 million instructions a class,
which the tracker's first frame paid a dozen times (docs/performance.md). A
``Frozen`` class writes its ``__slots__`` and ``__init__`` (compiled once, into
the bytecode cache, like any code) and its ``_fields``, and gets the rest from
here: equality and hash over the fields, a dataclass-like repr, and no
assignment after ``__init__``.
"""

from __future__ import annotations

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

#: What an ``__init__`` uses to set a slot: ``__setattr__`` refuses.
set_slot = object.__setattr__


class FrozenError(AttributeError):
    """An attempt to change a field of a frozen value."""


class Frozen:
    """Base of a value class: a subclass's ``__init__`` takes its ``_fields`` in order."""

    __slots__ = ()
    #: The fields, in their order: equality, hash and repr go by them (the
    #: slots may hold more, worked out from these).
    _fields: ClassVar[tuple[str, ...]] = ()

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({fields})"

    def __reduce__(self) -> tuple[type[Frozen], tuple[object, ...]]:
        """Copies and pickles are built through ``__init__``, as they are made."""
        return (self.__class__, self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenError(f"cannot delete field {name!r}")
