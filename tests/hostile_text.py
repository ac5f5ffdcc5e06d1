"""Hypothesis settings and strategies for text a learner or a hostile file could hold,
and for what people type (dates, numbers, durations at the edges of every bound),
shared by the round-trip properties (storage), the literal status line (CLI),
the escape scans and the "whatever is accepted reads back" properties."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 60
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The bidirectional overrides, embeddings and isolates, and the line and
#: paragraph separators: they reorder or break the text around them.
LAYOUT = "\u2028\u2029\u202a-\u202e\u2066-\u2069"
#: C0 and C1 control characters, DEL included, and the layout controls: none
#: may reach a terminal.
CONTROL = re.compile(rf"[\x00-\x1f\x7f-\x9f{LAYOUT}]")

#: Text a learner or a file could hold: any code point except lone surrogates
#: (which UTF-8 cannot store), plus the nasty cases drawn on purpose.
NASTY = st.sampled_from(
    [
        "[bold]not bold[/bold]",
        "[link=https://x.example]x[/link]",
        "\x1b[31mred\x1b[0m",
        "\x1b]0;title\x07",
        "\u202eright-to-left\u202c",
        "שלום עולם",
        "مرحبا",
        'quote " and \\ backslash',
        "DEL \x7f and NUL \x00 and BEL \x07",
        "emoji 🚀👩‍💻🏳️‍🌈",
        "line\nbreak\r\ntab\t",
        "\ufeffBOM",
        "\u2028\u2029",
    ]
)
TEXT = st.one_of(
    st.text(max_size=60),
    NASTY,
    st.builds(
        lambda piece, times: piece * times, st.text(min_size=1, max_size=8), st.integers(200, 1200)
    ),
)

#: Every C0 and C1 control character and DEL, one after the other.
EVERY_CONTROL = "".join(
    chr(c)
    for c in [
        *range(0x00, 0x20),
        *range(0x7F, 0xA0),
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)
#: The escape sequences a hostile file would send: window titles (OSC 0, OSC 2),
#: the clipboard (OSC 52), a hyperlink (OSC 8), cursor moves and a screen clear
#: (CSI, 7-bit and 8-bit), a device control string (DCS) and a colour (SGR).
ESCAPE_SEQUENCES = (
    "\x1b]0;pwned title\x07",
    "\x1b]2;pwned title\x1b\\",
    "\x1b]52;c;cm0gLXJmIH4K\x07",
    "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H\x1b[5A\x1b[10;10H",
    "\x9b6n\x9d0;eight-bit title\x9c",
    "\x1bP1$qm\x1b\\",
    "\x1b[31mred\x1b[0m",
)
#: One text holding all of them, between plain words a test can find.
HOSTILE = "start " + EVERY_CONTROL + " ".join(ESCAPE_SEQUENCES) + " end"
#: What no output may hold: any control character but the line feed and the tab.
RAW_CONTROL = re.compile(rf"[\x00-\x08\x0b-\x1f\x7f-\x9f{LAYOUT}]")


def raw_controls(text: str) -> list[str]:
    """The control characters in ``text`` that would reach a terminal raw (none, please)."""
    return sorted({f"U+{ord(ch):04X}" for ch in RAW_CONTROL.findall(text)})


#: Dates as people type them, the bounds' edges first.
DATES = st.one_of(
    st.sampled_from(
        [
            "1969-12-31",
            "0001-01-01",
            "9999-12-31",
            "1970-01-01",
            "2999-12-31",
            "3000-01-01",
            "today",
            "yesterday",
            "2024-02-29",
            "2026-02-29",
            " 2026-01-05 ",
        ]
    ),
    st.dates().map(dt.date.isoformat),
    st.text(max_size=12),
)
#: Numbers as people (and fuzzers) type them.
NUMBERS = st.one_of(
    st.sampled_from(["0", "-0", "1e-300", "1e308", "1e400", "nan", "inf", "-1", "0.5"]),
    st.sampled_from(["168", "168.0001", "0.69", "0.97", "0.98", "24", "24.0000001", "1440"]),
    st.sampled_from(["1441", "6", "7", "200", "201", "365", "²", "٣", "on", "off"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.text(max_size=10),
)
DURATIONS = st.one_of(
    NUMBERS, st.sampled_from(["1h30m", "90m", "1:30", "25h", "0m", "1h 61m", ".5", "23:59"])
)
#: Text with lone surrogates, as Python reads arguments that are not UTF-8.
SURROGATES = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1)
TEXTS = st.one_of(TEXT, st.just(HOSTILE), SURROGATES, st.builds("{}{}".format, TEXT, SURROGATES))
