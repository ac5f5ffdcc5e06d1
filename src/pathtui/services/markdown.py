"""Text made literal in Markdown, for the progress report and its portfolio and job-search sections.

The report is meant to be shown (a README, a portfolio page), so a title or a
company called ``*Acme*`` must stay ``*Acme*``, and no control character may
reach a terminal that prints it.
"""

from __future__ import annotations

from pathtui.model.sanitise import sanitise

MARKDOWN_SPECIAL = "\\`*_[]<>|#"


def md(text: str) -> str:
    """Text made literal in Markdown (and safe for a terminal)."""
    text = sanitise(text)
    for char in MARKDOWN_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text
