"""A check's result, and the rules for the links a learner gives pathtui.

Shared by ``projects`` (which keeps results and refuses bad links), the CLI and
the checks themselves, without loading what the checks need (git, httpx).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from pathtui.model.sanitise import sanitise

#: The only schemes a deployed URL (or a redirect from it) may have.
WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One check's verdict, why, and when it ran."""

    check: str
    verdict: str
    reason: str
    ran: dt.datetime

    def as_json(self) -> dict[str, str]:
        return {
            "check": self.check,
            "verdict": self.verdict,
            "reason": self.reason,
            "ran": self.ran.isoformat(timespec="seconds"),
        }


def check_web_url(url: str) -> str:
    """``url`` if it is an http(s) link with a host; else ValueError (one sentence)."""
    text = url.strip()
    parts = urlsplit(text)
    if (
        parts.scheme.lower() not in WEB_SCHEMES
        or not parts.hostname
        or any(ch.isspace() or not ch.isprintable() for ch in text)
    ):
        raise ValueError(f"{sanitise(text)[:80]!r} is not an http:// or https:// link.")
    return text


def is_web_url(text: str) -> bool:
    try:
        check_web_url(text)
    except ValueError:
        return False
    return True


def without_password(url: str) -> str:
    """A remote's address fit to show: any user:password@ part left out."""
    parts = urlsplit(url)
    if parts.password is None and "@" not in parts.netloc:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
