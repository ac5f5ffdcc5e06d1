"""JSON text for ``status --json`` without importing ``json``.

``json`` compiles six regular expressions when it is imported, which costs
the status line more than everything else it does; scripts call
``pathtui status --json`` as often as prompts call ``pathtui status``. The
output is exactly ``json.dumps(value, ensure_ascii=False, indent=2)`` for the
plain data the status object holds (a property test in
``tests/test_bench_fastpath.py`` holds the two to the same text).
"""

from __future__ import annotations

INDENT = "  "
#: Characters JSON requires escaped, written the way ``json`` writes them.
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b"}
_ESCAPES["\f"] = "\\f"
for _code in range(0x20):
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04x}")
_TABLE = str.maketrans(_ESCAPES)
_FLOATS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


def _string(text: str) -> str:
    return '"' + text.translate(_TABLE) + '"'


def _scalar(value: object) -> str | None:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        return _FLOATS.get(value) or float.__repr__(value)
    return None


def _write(value: object, level: int, out: list[str]) -> None:
    scalar = _scalar(value)
    if scalar is not None:
        out.append(scalar)
        return
    inner = "\n" + INDENT * (level + 1)
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        for i, (key, item) in enumerate(value.items()):
            if not isinstance(key, str):
                raise TypeError(f"keys must be str, not {type(key).__name__}")
            out.append(("," if i else "") + inner + _string(key) + ": ")
            _write(item, level + 1, out)
        out.append("\n" + INDENT * level + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            out.append("[]")
            return
        out.append("[")
        for i, item in enumerate(value):
            out.append(("," if i else "") + inner)
            _write(item, level + 1, out)
        out.append("\n" + INDENT * level + "]")
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, for plain data."""
    out: list[str] = []
    _write(value, 0, out)
    return "".join(out)
