"""Text made safe for a terminal: the one sanitiser every output boundary uses.

Text pathtui shows comes from files it does not control: a progress file
(notes, log notes, applications, projects: from sync, an import, a conflict
copy), a path file from anywhere, a study-group member's file. A C0 or C1
control character in it (ESC, BEL, CSI, OSC...) could retitle the terminal,
set the clipboard (OSC 52), plant a hyperlink or move the cursor. So every
printer of the command line (``cli/output.py``, ``actions.echo``, the error
line) and every text helper of the tracker (``tui/text.py``, the app's
notifications) passes such text through ``sanitise`` first: C0 controls
become their visible "control pictures" (ESC shows as ␛), DEL and C1
controls become U+FFFD. So do the bidirectional overrides, embeddings and
isolates (U+202A-U+202E, U+2066-U+2069: they reorder what follows them, so a
name or note could make the rest of a line read differently) and the line and
paragraph separators (U+2028, U+2029: they break a line or a table row where
the layout does not expect it). What is stored is never changed: only what is
shown.

``sanitise_json`` is the same promise for JSON a script reads: the data stay
exact, only written with escapes a terminal cannot act on.

Pure and stdlib-only (``re``): the fast command path imports it.
"""

from __future__ import annotations

import re

#: Characters that reorder or break the text around them (see above).
_LAYOUT_CONTROLS = "\u2028\u2029\u202a-\u202e\u2066-\u2069"
#: C0 and C1 control characters, DEL included, and the layout controls: none
#: is ever shown raw.
CONTROL_RE = re.compile(rf"[\x00-\x1f\x7f-\x9f{_LAYOUT_CONTROLS}]")
#: The same without the line feed and the tab, which lay out lines of text.
_CONTROL_IN_LINES_RE = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{_LAYOUT_CONTROLS}]")
#: C0 control ``n`` is shown as U+2400 + n (the Unicode "control pictures").
CONTROL_PICTURES = 0x2400
#: DEL and the C1 controls have no pictures: they show as the replacement character.
REPLACEMENT = "\ufffd"
#: What JSON's own escapes leave raw: DEL, the C1 controls and the layout controls.
_JSON_RAW_CONTROLS = {
    code: f"\\u{code:04x}"
    for code in [*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
}


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    return chr(CONTROL_PICTURES + code) if code < 0x20 else REPLACEMENT


def sanitise(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character made visible, so no terminal acts on it.

    ``lines`` keeps line feeds and tabs (text laid out in lines: a whole
    message, a table, a multi-line description); everything else, carriage
    returns included, is shown as a symbol.
    """
    pattern = _CONTROL_IN_LINES_RE if lines else CONTROL_RE
    if pattern.search(text) is None:
        return text
    return pattern.sub(_picture, text)


def sanitise_json(data: object, *, indent: int | None = 2) -> str:
    """``data`` as JSON with non-ASCII text kept readable, and DEL, the C1
    controls and the layout controls escaped (JSON escapes the C0 ones itself):
    the same data, safe to print."""
    import json  # only commands that print JSON need it

    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_JSON_RAW_CONTROLS)
