"""Running the ``git`` command for sync: never prompting, always one sentence.

git is the distributed engine (it brings the learner's ssh keys and
credential helpers); this module only runs it. Every call gets an
environment that cannot prompt (no terminal prompt, no askpass program, ssh
in batch mode unless the learner runs their own ``GIT_SSH`` program),
pathtui's own author and committer (so a machine with no git configuration
can sync), and none of the ``GIT_DIR``-style variables a
calling git (a merge driver, a hook) may have set. A failure becomes a
``SyncError`` whose message says what went wrong and what to do.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.model.filelimits import MAX_PROGRESS_FILE_BYTES, megabytes

#: Seconds a fetch or push may take before pathtui gives up on the remote: a
#: remote that accepts a connection and never answers must not hold a round
#: (or the tracker's exit) for minutes. ``TIMEOUT_ENV`` changes it.
NETWORK_TIMEOUT_SECONDS = 15.0
TIMEOUT_ENV = "PATHTUI_SYNC_TIMEOUT"
#: The longest ``TIMEOUT_ENV`` may ask for (an hour: a slow link, a huge first fetch).
MAX_TIMEOUT_SECONDS = 3600.0
#: The largest file pathtui reads out of git (a progress file is the largest it writes).
MAX_BLOB_BYTES = MAX_PROGRESS_FILE_BYTES
#: Seconds a local git command may take (they take milliseconds).
LOCAL_TIMEOUT_SECONDS = 60.0
#: How often a running git command looks whether it was asked to stop.
STOP_POLL_SECONDS = 0.1
#: Seconds to wait for a killed git's output to close (a helper it started may hold it).
REAP_SECONDS = 2.0
#: Who pathtui's commits are by: the same on every device, so nothing personal crosses the wire.
AUTHOR_NAME = "pathtui"
AUTHOR_EMAIL = "pathtui@localhost"
#: Variables a calling git sets that would point our commands at another repository.
REPO_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_QUARANTINE_PATH",
)
#: Settings every pathtui git call runs with: no signing prompt, no line-ending
#: rewrites of progress files, no pager.
SAFE_CONFIG = (
    "-c",
    "commit.gpgSign=false",
    "-c",
    "core.autocrlf=false",
    "-c",
    "core.safecrlf=false",
    "-c",
    "core.pager=cat",
)
#: Userinfo in a remote URL (https://user:token@host/...), never printed.
_USERINFO_RE = re.compile(r"^(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@")

_AUTH_SIGNS = (
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "permission denied",
    "invalid username or password",
    "access denied",
    "403",
    "401",
)
_UNREACHABLE_SIGNS = (
    "could not resolve host",
    "connection refused",
    "connection timed out",
    "timed out",
    "network is unreachable",
    "no route to host",
    "failed to connect",
    "unable to access",
    "could not read from remote repository",
    "connection reset",
    "connection closed",
)
_NOT_A_REPO_SIGNS = (
    "does not appear to be a git repository",
    "not a git repository",
    "repository not found",
    "not found",
    "no such file or directory",
    "does not exist",
)


class SyncError(PathtuiError):
    """Sync could not finish; the message says why and what was (not) changed."""


def shown_remote(url: str) -> str:
    """A remote as it may be printed: without a user name or token in it."""
    return _USERINFO_RE.sub(r"\g<scheme>", url.strip())


def git_env(extra: dict[str, str] | None = None, ssh: str = "") -> dict[str, str]:
    """The environment every git call gets (the module docstring says why).

    ssh runs in batch mode through ``GIT_SSH_COMMAND``, built from the ssh
    command git would have used: ``GIT_SSH_COMMAND`` itself, else ``ssh``
    (the learner's ``core.sshCommand``, if any), else plain ssh. A learner's
    ``GIT_SSH`` program (which git uses only when neither is set) is left to
    run as it is: ``GIT_SSH_COMMAND`` would silently replace it. The time
    bound on network commands holds either way.
    """
    env = {k: v for k, v in os.environ.items() if k not in REPO_VARIABLES}
    command = env.get("GIT_SSH_COMMAND") or ssh
    if command or not env.get("GIT_SSH"):
        env["GIT_SSH_COMMAND"] = f"{command or 'ssh'} -o BatchMode=yes"
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "SSH_ASKPASS_REQUIRE": "never",
            "GIT_AUTHOR_NAME": AUTHOR_NAME,
            "GIT_AUTHOR_EMAIL": AUTHOR_EMAIL,
            "GIT_COMMITTER_NAME": AUTHOR_NAME,
            "GIT_COMMITTER_EMAIL": AUTHOR_EMAIL,
            "GIT_MERGE_AUTOEDIT": "no",
            "LC_ALL": "C",
            "LANGUAGE": "C",
        }
    )
    env.update(extra or {})
    return env


#: The command a failure's sentence tells the learner to run again.
SYNC_COMMAND = "pathtui sync"


def _no_git(command: str) -> SyncError:
    return SyncError(
        f"{command} needs the git program, which is not installed or not on your "
        "PATH; install git and run the command again (nothing was changed)."
    )


def find_git(command: str = SYNC_COMMAND) -> str:
    """The git program, or a SyncError saying to install it.

    ``shutil.which`` on POSIX, by hand: importing ``shutil`` costs a sync
    round with nothing to do a noticeable part of its time.
    """
    found: str | None = None
    if os.name == "posix":
        search = os.environ.get("PATH")
        if search is None:
            search = os.defpath
        for folder in search.split(os.pathsep) if search else ():
            candidate = os.path.join(folder, "git")
            if os.access(candidate, os.X_OK) and not os.path.isdir(candidate):
                found = candidate
                break
    else:  # pragma: no cover - Windows looks up PATHEXT as well
        import shutil

        found = shutil.which("git")
    if found is None:
        raise _no_git(command)
    return found


#: How a failure ends when nothing here was touched, and when the merge was kept.
UNCHANGED = "nothing was changed"
KEPT = "what was received is merged here, and the next pathtui sync sends your changes"


def failure(
    action: str, remote: str, stderr: str, kept: bool = False, command: str = SYNC_COMMAND
) -> SyncError:
    """One sentence for a git command that talked to the remote and failed.

    ``kept``: the failure came after the merge (a push), so the sentence says
    what was kept rather than that nothing changed. ``command`` is what to run
    again (``pathtui sync``, ``pathtui group sync``).
    """
    text = stderr.lower()
    where = shown_remote(remote)
    after = KEPT if kept else UNCHANGED
    if any(sign in text for sign in _AUTH_SIGNS):
        return SyncError(
            f"The remote {where} refused access; pathtui never asks for a "
            "password, so set up an ssh key or a git credential helper until `git fetch` "
            f"works there without asking, then run {command} again ({after})."
        )
    if any(sign in text for sign in _NOT_A_REPO_SIGNS):
        return SyncError(
            f"The remote {where} is not a git repository pathtui can use; "
            f"check the address, e.g. with `git ls-remote`, then try again ({after})."
        )
    if any(sign in text for sign in _UNREACHABLE_SIGNS):
        return SyncError(
            f"Could not reach the remote {where}; check the address and "
            f"your connection, then run {command} again ({after})."
        )
    last = next((ln.strip() for ln in reversed(stderr.splitlines()) if ln.strip()), "")
    why = f": {last[:200]}" if last else ""
    return SyncError(f"git could not {action} ({where}){why}; {after}, try again.")


def network_timeout() -> float:
    """Seconds a network git command may take: ``TIMEOUT_ENV``, else the default."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return NETWORK_TIMEOUT_SECONDS
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= MAX_TIMEOUT_SECONDS:  # (NaN fails this too)
        raise SyncError(
            f"{TIMEOUT_ENV} must be a number of seconds above 0 and at most "
            f"{MAX_TIMEOUT_SECONDS:g}, not {raw[:40]!r}; nothing was changed."
        )
    return seconds


class GitTimeout(SyncError):
    """A git command ran past its bound and was stopped (with every helper it started)."""

    def __init__(self, command: str, seconds: float, again: str = SYNC_COMMAND) -> None:
        super().__init__(
            f"git {command} did not finish within {seconds:g} seconds and was stopped; "
            f"run {again} again."
        )
        self.command = command
        self.seconds = seconds


class BlobTooLarge(SyncError):
    """A file in git is larger than pathtui reads; it was not read."""

    def __init__(self, blob: str, size: int, limit: int) -> None:
        super().__init__(
            f"A file in git ({blob[:12]}) is {megabytes(size)}, more than the "
            f"{megabytes(limit)} pathtui reads; nothing was changed."
        )
        self.blob = blob
        self.size = size
        self.limit = limit


class GitStopped(SyncError):
    """A git command was stopped because its caller asked (the tracker closing)."""

    def __init__(self) -> None:
        super().__init__(
            "pathtui sync was stopped before it finished; your progress is saved here, "
            "and the next pathtui sync sends it."
        )


def timed_out(
    remote: str, seconds: float, kept: bool = False, command: str = SYNC_COMMAND
) -> SyncError:
    """One sentence for a remote that did not answer within the bound."""
    after = KEPT if kept else UNCHANGED
    return SyncError(
        f"The remote {shown_remote(remote)} did not answer within {seconds:g} seconds, "
        f"so pathtui stopped waiting ({after}); check your connection and run "
        f"{command} again, or give it longer with {TIMEOUT_ENV}=SECONDS."
    )


#: What git says when a lock file is in its way: ``Unable to create '<path>.lock': File exists``.
_LOCKED_RE = re.compile(r"Unable to create '(?P<lock>[^']+\.lock)': File exists")


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Stop a git command and every helper it started (ssh, a remote helper):
    they share its process group, and a helper left running would hold the
    pipes open (and the caller with them)."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows: no process groups to kill
            process.kill()
    except OSError:  # gone already
        pass
    try:
        process.communicate(timeout=REAP_SECONDS)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
        process.wait()


def _wait(
    process: subprocess.Popen[bytes],
    name: str,
    input: bytes | None,
    timeout: float,
    stop: threading.Event | None,
    again: str = SYNC_COMMAND,
) -> tuple[bytes, bytes]:
    """The command's output once it ends; GitTimeout past ``timeout``, GitStopped
    once ``stop`` is set (looked at every ``STOP_POLL_SECONDS``)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise GitTimeout(name, timeout, again)
        wait = left if stop is None else min(left, STOP_POLL_SECONDS)
        try:
            return process.communicate(input, timeout=wait)
        except subprocess.TimeoutExpired:
            input = None  # sent already: communicate() carries on with the rest
            if stop is not None and stop.is_set():
                raise GitStopped() from None


class Git:
    """git in one folder (``git -C folder``), run as the module docstring says.

    A plain class: ``dataclasses`` imports ``inspect``, which costs a round
    with nothing to do more than a git command does.
    """

    def __init__(
        self,
        folder: Path,
        program: str = "",
        ssh: str | None = None,
        stop: threading.Event | None = None,
        command: str = SYNC_COMMAND,
    ) -> None:
        self.folder = folder
        #: What a failure's sentence tells the learner to run again.
        self.command = command
        self.program = program or find_git(command)
        #: The learner's ``core.sshCommand``, read once before the first network call.
        self.ssh = ssh
        #: Set by the caller to stop a running network command at once (the
        #: tracker closing while a round waits on a remote).
        self.stop = stop
        self._sizes: dict[str, int] = {}

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        network: bool = False,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run one git command; a failure with ``check`` is a SyncError naming it.

        Each command runs in a process group of its own, so a command past its
        bound (``network_timeout`` for the network, ``LOCAL_TIMEOUT_SECONDS``
        otherwise), or stopped through ``stop``, is killed with its helpers.
        """
        command = [self.program, "-C", str(self.folder), *SAFE_CONFIG, *args]
        timeout = network_timeout() if network else LOCAL_TIMEOUT_SECONDS
        stop = self.stop if network else None
        if stop is not None and stop.is_set():
            raise GitStopped()
        if network and self.ssh is None:
            self.ssh = self.out("config", "--get", "core.sshCommand", check=False)
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=git_env(env, self.ssh or ""),
                start_new_session=True,
            )
        except FileNotFoundError:
            raise _no_git(self.command) from None
        try:
            stdout, stderr = _wait(process, args[0], input, timeout, stop, self.command)
        except BaseException:  # out of time, stopped, or Ctrl+C: no git left behind
            _kill(process)
            raise
        done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
        if check and done.returncode != 0:
            text = done.stderr.decode("utf-8", "replace")
            locked = _LOCKED_RE.search(text)
            if locked:
                raise SyncError(
                    f"git could not lock {locked['lock']}: another git program is working in "
                    f"{self.folder}; let it finish (or close it) and run {self.command} again "
                    "(your progress is safe)."
                )
            message = text.strip().splitlines()
            why = message[-1][:200] if message else f"exit status {done.returncode}"
            raise SyncError(f"git {args[0]} failed in {self.folder}: {why}")
        return done

    def out(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        network: bool = False,
        env: dict[str, str] | None = None,
    ) -> str:
        """A command's output as text, stripped."""
        done = self.run(*args, input=input, check=check, network=network, env=env)
        return done.stdout.decode("utf-8", "replace").strip()

    def rev(self, name: str) -> str | None:
        """The commit ``name`` points at, or None if it does not exist (yet)."""
        done = self.run("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
        text = done.stdout.decode().strip()
        return text if done.returncode == 0 and text else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def tree(self, rev: str | None) -> dict[str, tuple[str, str]]:
        """Every file in a commit: path -> (mode, blob id); empty for None.

        Each blob's size comes with it (``ls-tree -l``) and is remembered, so
        ``blob`` can refuse one too large to read without asking git again.
        """
        if rev is None:
            return {}
        raw = self.run("ls-tree", "-r", "-z", "-l", "--full-tree", rev).stdout
        files: dict[str, tuple[str, str]] = {}
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, blob, size = meta.decode().split()
            if kind == "blob":
                files[name.decode("utf-8", "surrogateescape")] = (mode, blob)
                if size.isdigit():
                    self._sizes[blob] = int(size)
        return files

    def size(self, blob: str) -> int:
        """A blob's size in bytes, without reading it."""
        known = self._sizes.get(blob)
        if known is None:
            text = self.out("cat-file", "-s", blob)
            known = self._sizes[blob] = int(text) if text.isdigit() else 0
        return known

    def blob(self, blob: str, limit: int = MAX_BLOB_BYTES) -> bytes:
        """A blob's bytes; BlobTooLarge, before reading it, when it is over ``limit``
        (a hostile remote's huge file must not take the memory with it)."""
        size = self.size(blob)
        if size > limit:
            raise BlobTooLarge(blob, size, limit)
        return self.run("cat-file", "blob", blob).stdout

    def write_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "--stdin", input=data)


# --------------------------------------------------------------------------- lock files

#: A lock file this old that nothing can be seen holding is stale, where the
#: system cannot tell who holds a file open (no ``/proc``).
STALE_LOCK_SECONDS = 60.0
#: pathtui's own lock files in ``.git`` (``flock``s, which die with their holder).
OWN_LOCK_PREFIX = "pathtui-"


def lock_files(git_dir: Path) -> list[Path]:
    """The ``*.lock`` files git makes while it writes (the index, HEAD, the
    config, packed refs, each ref), in ``git_dir`` and under ``refs/``."""
    found: list[Path] = []
    try:
        found += [
            Path(e.path)
            for e in os.scandir(git_dir)
            if e.name.endswith(".lock") and not e.name.startswith(OWN_LOCK_PREFIX)
        ]
    except OSError:
        return []
    for root, _, names in os.walk(git_dir / "refs"):
        found += [Path(root) / n for n in names if n.endswith(".lock")]
    return sorted(found)


def _held_open(paths: list[Path]) -> set[Path] | None:
    """Which of ``paths`` some process has open (a git writing it keeps it open
    until it renames it into place), or None where the system cannot say."""
    proc = "/proc"
    if not os.path.isdir(os.path.join(proc, "self", "fd")):
        return None  # pragma: no cover - not Linux
    wanted = {os.path.realpath(p): p for p in paths}
    held: set[Path] = set()
    for entry in os.scandir(proc):
        if not entry.name.isdigit():
            continue
        fds = os.path.join(proc, entry.name, "fd")
        try:
            names = os.listdir(fds)
        except OSError:  # gone, or another user's
            continue
        for fd in names:
            try:
                target = os.readlink(os.path.join(fds, fd))
            except OSError:
                continue
            if target in wanted:
                held.add(wanted[target])
    return held


def stale_locks(git_dir: Path) -> list[Path]:
    """Lock files no live git holds: what a git killed mid-write leaves.

    Call this only while holding pathtui's own lock on the repository
    (``clone.locked``): then no git of pathtui's runs there, so a lock file
    is stale unless another program (a git run by hand, an editor) has it open.
    """
    locks = lock_files(git_dir)
    if not locks:
        return []
    held = _held_open(locks)
    if held is not None:
        return [lock for lock in locks if lock not in held]
    now = time.time()  # pragma: no cover - not Linux
    stale = []  # pragma: no cover
    for lock in locks:  # pragma: no cover
        try:
            if now - lock.stat().st_mtime > STALE_LOCK_SECONDS:
                stale.append(lock)
        except OSError:
            pass
    return stale  # pragma: no cover


def clear_stale_locks(git_dir: Path) -> list[str]:
    """Remove stale lock files (``stale_locks``); one line for each removed."""
    lines = []
    for lock in stale_locks(git_dir):
        try:
            lock.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            lines.append(
                f"{lock} is a lock file left by a git that was stopped, and it could not be "
                f"removed ({exc.strerror}); remove it by hand."
            )
            continue
        lines.append(
            f"Removed {lock}, a lock file left by a git that was stopped before it finished."
        )
    return lines
