"""The names of the portfolio checks and their verdicts, in one light module.

The progress-file schema keeps one verdict, reason and time per check, so it
needs these names; the checks themselves (``projectchecks``) call git and
httpx, which nothing but ``pathtui project check`` should have to import.
"""

from __future__ import annotations

PASS = "pass"
FAIL = "fail"
#: A check that could not run: never counted as a pass or a fail.
UNKNOWN = "could not check"
#: Seconds a deployed URL has to answer, all redirects included (``--timeout``).
URL_TIMEOUT_SECONDS = 5.0
#: The longest ``--timeout`` a check may be given.
MAX_URL_TIMEOUT_SECONDS = 60.0
VERDICTS: tuple[str, ...] = (PASS, FAIL, UNKNOWN)

#: The checks, in the order they are shown.
README, LICENCE, REMOTE, RECENT, DEPLOYED = "readme", "licence", "remote", "recent", "deployed"
CHECKS: tuple[str, ...] = (README, LICENCE, REMOTE, RECENT, DEPLOYED)
CHECK_TITLES: dict[str, str] = {
    README: "README",
    LICENCE: "Licence",
    REMOTE: "Git remote",
    RECENT: "Recent commit",
    DEPLOYED: "Deployed",
}
