"""Portfolio checks: is a project something an employer can read, clone and use?

For a local clone: a README of substance (enough words, an install or usage
section and a way to run it), a licence file, a git remote and a commit in
the last 90 days. For a deployed URL: a 2xx answer within 5 seconds.

Every check ends in one of three verdicts, each with its reason. A check that
cannot run (no such folder, no ``git``, no network) says "could not check":
it tells the learner nothing about the project, so it is never counted as a
pass or a fail. A deployed URL whose host refuses the connection is a fail:
the host answered, and nothing serves the site there. ``git`` is called as a
command; httpx is imported only when a URL is actually checked, so no other
command pays for it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from pathtui.model.checkresult import (  # noqa: F401 - re-exported for callers
    WEB_SCHEMES,
    CheckResult,
    check_web_url,
    is_web_url,
    without_password,
)
from pathtui.model.portfolio import (  # noqa: F401 - re-exported for callers
    CHECK_TITLES,
    CHECKS,
    DEPLOYED,
    FAIL,
    LICENCE,
    PASS,
    README,
    RECENT,
    REMOTE,
    UNKNOWN,
    URL_TIMEOUT_SECONDS,
    VERDICTS,
)
from pathtui.model.sanitise import sanitise

#: A README needs this many words to be of real substance.
README_MIN_WORDS = 150
#: A commit within this many days counts as recent.
RECENT_DAYS = 90
#: Past the deadline, a moment for a check whose own timeouts just fired to say so.
DEADLINE_GRACE_SECONDS = 0.2
#: Redirects followed before giving up (browsers allow about 20; a portfolio needs few).
MAX_REDIRECTS = 5
#: Seconds any one git command may take on a local folder.
GIT_TIMEOUT_SECONDS = 15.0
#: Read no more of a README than this (a README is text, not a data file).
MAX_README_BYTES = 1024 * 1024
#: HTTP status classes.
SUCCESS_LOW, SUCCESS_HIGH = 200, 300
REDIRECTS = frozenset({301, 302, 303, 307, 308})

_README_RE = re.compile(r"^readme(\.(md|markdown|rst|txt|adoc|org))?$", re.IGNORECASE)
_LICENCE_RE = re.compile(r"^(licen[cs]e|copying|unlicense)([.-].*)?$", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_][\w'’-]*")
_SECTION_WORDS = re.compile(
    r"\b(usage|install|installation|installing|getting started|quick ?start|how to run|"
    r"running|run it|setup|set up|deploy|deployment)\b",
    re.IGNORECASE,
)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+|~+|\^+)\s*$")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_RST_CODE = re.compile(r"(::\s*$|^\.\. code(-block)?::)")
_COMMAND = re.compile(
    r"(^|\s|`)(\$ |pip install|pipx |uv |poetry |python3? |npm |npx |yarn |pnpm |docker |"
    r"docker-compose |make |cargo |go run|go build|java |mvn |gradle |curl |flask |uvicorn |"
    r"gunicorn |rails |bundle |node )",
)


# --------------------------------------------------------------------------- README


def readme_verdict(text: str) -> tuple[bool, str]:
    """Whether a README has real substance, and why (or what it lacks)."""
    words = len(_WORD_RE.findall(text))
    lines = text.splitlines()
    section: str | None = None
    for i, line in enumerate(lines):
        heading = _MD_HEADING.match(line)
        title: str | None = heading.group("title") if heading else None
        underlined = i + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[i + 1])
        if title is None and line.strip() and underlined:
            title = line.strip()
        if title and _SECTION_WORDS.search(title):
            section = title.strip()
            break
    runnable = any(
        _FENCE.match(line)
        or _RST_CODE.search(line)
        or (line.startswith(("    ", "\t")) and line.strip())
        or _COMMAND.search(line)
        for line in lines
    )
    missing = []
    if words < README_MIN_WORDS:
        missing.append(f"has {words} word{'s' if words != 1 else ''} (needs {README_MIN_WORDS})")
    if section is None:
        missing.append("has no usage or install section")
    if not runnable:
        missing.append("shows no way to run it (a code block or a command)")
    if missing:
        return False, "The README " + "; ".join(missing) + "."
    return True, f"{words} words, a {sanitise(section or '')[:40]!r} section and a way to run it."


def _top_files(folder: Path) -> list[str]:
    return sorted(entry.name for entry in os.scandir(folder) if entry.is_file())


def _read_text(file: Path) -> str:
    with open(file, "rb") as handle:
        return handle.read(MAX_README_BYTES).decode("utf-8", "replace")


# --------------------------------------------------------------------------- git


class GitUnavailable(Exception):
    """git could not be run at all (not installed, timed out)."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", "--no-optional-locks", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            timeout=GIT_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitUnavailable("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitUnavailable(f"git took more than {GIT_TIMEOUT_SECONDS:g} s") from None
    except OSError as exc:
        raise GitUnavailable(f"git could not run ({exc.strerror or exc})") from None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return sanitise(line.removeprefix("fatal: "))[:120]


def repo_checks(folder: Path, now: dt.datetime) -> list[CheckResult]:
    """The four checks of a local clone: README, licence, remote, recent commit."""

    def result(check: str, verdict: str, reason: str) -> CheckResult:
        return CheckResult(check, verdict, reason, now)

    local = (README, LICENCE, REMOTE, RECENT)
    if not folder.is_dir():
        why = f"there is no folder {folder}" if not folder.exists() else f"{folder} is not a folder"
        return [result(check, UNKNOWN, why.capitalize() + ".") for check in local]
    try:
        names = _top_files(folder)
    except OSError as exc:
        why = f"{folder} cannot be read ({exc.strerror or exc})."
        return [result(check, UNKNOWN, why) for check in local]
    results = [_readme(folder, names, result), _licence(names, result)]
    results += _git_checks(folder, now, result)
    return results


Make = Callable[[str, str, str], CheckResult]


def _readme(folder: Path, names: list[str], result: Make) -> CheckResult:
    found = [name for name in names if _README_RE.match(name)]
    if not found:
        return result(README, FAIL, "There is no README file at the top of the repo.")
    name = min(found, key=lambda n: (not n.lower().endswith((".md", ".markdown")), n))
    try:
        text = _read_text(folder / name)
    except OSError as exc:
        return result(README, UNKNOWN, f"{name} cannot be read ({exc.strerror or exc}).")
    ok, why = readme_verdict(text)
    return result(README, PASS if ok else FAIL, f"{name}: {why}")


def _licence(names: list[str], result: Make) -> CheckResult:
    found = [name for name in names if _LICENCE_RE.match(name)]
    if found:
        return result(LICENCE, PASS, f"{found[0]} is there.")
    return result(LICENCE, FAIL, "There is no LICENSE (or COPYING) file at the top of the repo.")


def _git_checks(folder: Path, now: dt.datetime, result: Make) -> list[CheckResult]:
    try:
        inside = _git(folder, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            why = f"{folder} is not a git repository."
            return [result(REMOTE, FAIL, why), result(RECENT, FAIL, why)]
        remotes = _git(folder, "remote", "-v")
        last = _git(folder, "log", "-1", "--format=%ct")
    except GitUnavailable as exc:
        why = f"{str(exc).capitalize()}."
        return [result(REMOTE, UNKNOWN, why), result(RECENT, UNKNOWN, why)]
    out = []
    if remotes.returncode != 0:
        out.append(result(REMOTE, UNKNOWN, f"git remote failed: {_first_line(remotes.stderr)}."))
    elif remotes.stdout.strip():
        name, _, rest = remotes.stdout.strip().splitlines()[0].partition("\t")
        address = without_password(rest.rsplit(" ", 1)[0])
        out.append(result(REMOTE, PASS, sanitise(f"{name} is {address}.")))
    else:
        out.append(result(REMOTE, FAIL, "The repo has no git remote (push it to GitHub?)."))
    stamp = last.stdout.strip()
    if last.returncode != 0 or not stamp.isdigit():
        if "does not have any commits" in last.stderr:
            out.append(result(RECENT, FAIL, "The repo has no commits yet."))
        else:
            out.append(result(RECENT, UNKNOWN, f"git log failed: {_first_line(last.stderr)}."))
        return out
    when = dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    days = (now - when).days
    ago = "today" if days <= 0 else f"{days} day{'s' if days != 1 else ''} ago"
    verdict = PASS if days <= RECENT_DAYS else FAIL
    out.append(
        result(
            RECENT,
            verdict,
            f"The last commit was {ago} ({when.astimezone().date().isoformat()}); "
            f"{'within' if verdict == PASS else 'more than'} {RECENT_DAYS} days.",
        )
    )
    return out


def repo_url_checks(url: str, now: dt.datetime) -> list[CheckResult]:
    """A repo given as a web address: it is a remote, the rest needs a local clone."""
    why = "The repo is given as a web address; give a local clone's folder to check it."
    return [
        CheckResult(README, UNKNOWN, why, now),
        CheckResult(LICENCE, UNKNOWN, why, now),
        CheckResult(REMOTE, PASS, f"The repo is at {without_password(url)}.", now),
        CheckResult(RECENT, UNKNOWN, why, now),
    ]


# --------------------------------------------------------------------------- the deployed URL


class _ForeignRedirect(Exception):
    """A redirect to a scheme other than http(s), stopped before it is parsed."""

    def __init__(self, scheme: str) -> None:
        super().__init__(scheme)
        self.scheme = scheme


def _redirect_target(current: str, status: int, location: str | None) -> str | None:
    """Where a redirect points, or None; a non-web scheme raises _ForeignRedirect."""
    if status not in REDIRECTS or location is None:
        return None
    target = urljoin(current, location.strip())
    scheme = urlsplit(target).scheme.lower()
    if scheme not in WEB_SCHEMES:
        raise _ForeignRedirect(scheme or "non-web")
    return target


#: How far down an exception's causes ``_refused`` looks.
MAX_CAUSES = 8


def url_check(url: str, now: dt.datetime, timeout: float = URL_TIMEOUT_SECONDS) -> CheckResult:
    """HEAD, then GET if HEAD is not answered with 2xx, all within ``timeout``
    seconds: connecting, the headers and every redirect together.

    httpx bounds each network operation, not the whole: a server that sends
    its headers a byte at a time would hold a check for minutes. So the check
    runs in a worker thread and is given up at the deadline (the thread is a
    daemon: the connection closes when the server gives up or the program ends).
    """
    import threading

    found: list[CheckResult] = []
    worker = threading.Thread(
        target=lambda: found.append(_url_check(url, now, timeout)),
        name="pathtui-url-check",
        daemon=True,
    )
    worker.start()
    worker.join(timeout + DEADLINE_GRACE_SECONDS)
    if found:
        return found[0]
    return CheckResult(DEPLOYED, FAIL, sanitise(f"{url} did not answer within {timeout:g} s."), now)


def _url_check(url: str, now: dt.datetime, timeout: float) -> CheckResult:
    """``url_check``'s work. Redirects are followed by hand and only to http(s)
    (checked in a response hook, before httpx parses the address); no body is
    ever read."""
    import time

    import httpx  # only here: no other command pays for it

    def result(verdict: str, reason: str) -> CheckResult:
        return CheckResult(DEPLOYED, verdict, sanitise(reason), now)

    def vet(response: httpx.Response) -> None:
        _redirect_target(
            str(response.request.url), response.status_code, response.headers.get("location")
        )

    start = time.monotonic()
    last_status = None
    hooks = {"response": [vet]}
    target = url  # the address being asked: after a redirect, not the one given
    try:
        with httpx.Client(
            follow_redirects=False, headers={"User-Agent": "pathtui"}, event_hooks=hooks
        ) as client:
            for method in ("HEAD", "GET"):
                target = url
                for _ in range(MAX_REDIRECTS + 1):
                    left = timeout - (time.monotonic() - start)
                    if left <= 0:
                        raise httpx.ReadTimeout("out of time")
                    request = client.build_request(method, target, timeout=httpx.Timeout(left))
                    response = client.send(request, stream=True)  # the body is never read
                    response.close()
                    status = response.status_code
                    nxt = _redirect_target(target, status, response.headers.get("location"))
                    if nxt is None:
                        break
                    target = nxt
                else:
                    return result(FAIL, f"{url} redirects more than {MAX_REDIRECTS} times.")
                elapsed = time.monotonic() - start
                if SUCCESS_LOW <= status < SUCCESS_HIGH:
                    if elapsed > timeout:
                        break
                    moved = f" (via {target})" if target != url else ""
                    return result(
                        PASS, f"{url} answered {status} to {method} in {elapsed:.1f} s{moved}."
                    )
                last_status = status
    except _ForeignRedirect as exc:
        return result(FAIL, f"{url} redirects to a {exc.scheme}: address, which is not followed.")
    except httpx.TimeoutException as exc:
        if isinstance(exc, httpx.ConnectTimeout):
            return result(
                UNKNOWN, f"Could not connect to {target} within {timeout:g} s{_via(target, url)}."
            )
        # The time is shared by every redirect: the address given ran out of it.
        return result(FAIL, f"{url} did not answer within {timeout:g} s.")
    except (httpx.ConnectError, httpx.NetworkError) as exc:
        if _refused(exc):  # the machine answered: nothing serves the site there
            return result(
                FAIL,
                f"{target} refused the connection: nothing is serving it{_via(target, url)}.",
            )
        return result(
            UNKNOWN, f"Could not connect to {target} ({_reason(exc)}){_via(target, url)}."
        )
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return result(UNKNOWN, f"Could not ask {target} ({_reason(exc)}){_via(target, url)}.")
    if last_status is None:
        return result(FAIL, f"{url} did not answer within {timeout:g} s.")
    return result(FAIL, f"{url} answered {last_status} to HEAD and GET (needs 2xx).")


def _refused(exc: BaseException) -> bool:
    """Whether a connection failed because the host refused it (it is up, and
    nothing listens there), not because pathtui could not reach it at all."""
    seen: BaseException | None = exc
    for _ in range(MAX_CAUSES):
        if seen is None:
            return False
        if isinstance(seen, ConnectionRefusedError) or "Connection refused" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _via(target: str, url: str) -> str:
    """How the failing address was reached, when a redirect led there from ``url``."""
    return "" if target == url else f"; {url} redirected there"


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:120]


def check_project(
    repo: str, url: str, now: dt.datetime, timeout: float = URL_TIMEOUT_SECONDS
) -> list[CheckResult]:
    """Every check that applies to a project (a repo, a deployed URL, or both)."""
    results: list[CheckResult] = []
    if repo:
        if is_web_url(repo):
            results += repo_url_checks(repo, now)
        else:
            results += repo_checks(Path(repo).expanduser(), now)
    if url:
        results.append(url_check(url, now, timeout))
    return results
