"""Hypothesis settings and strategies for text a learner or a hostile file could hold,
shared by the round-trip properties (storage) and the literal status line (CLI)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 60
FAST = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: C0 and C1 control characters, DEL included: none may reach a terminal.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

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
