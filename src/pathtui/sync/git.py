"""Running the ``git`` command for sync: never prompting, always one sentence.

git is the distributed engine (it brings the learner's ssh keys and
credential helpers); this module only runs it. Every call gets an
environment that cannot prompt (no terminal prompt, no askpass program, ssh
in batch mode), pathtui's own author and committer (so a machine with no git
configuration can sync), and none of the ``GIT_DIR``-style variables a
calling git (a merge driver, a hook) may have set. A failure becomes a
``SyncError`` whose message says what went wrong and what to do.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from pathtui.errors import PathtuiError

#: Seconds a fetch or push may take before pathtui gives up on the remote.
NETWORK_TIMEOUT_SECONDS = 120.0
#: Seconds a local git command may take (they take milliseconds).
LOCAL_TIMEOUT_SECONDS = 60.0
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

    ``ssh`` is the learner's own ssh command (``core.sshCommand``), if any:
    ``GIT_SSH_COMMAND`` overrides that setting, so it is carried over.
    """
    env = {k: v for k, v in os.environ.items() if k not in REPO_VARIABLES}
    ssh = env.get("GIT_SSH_COMMAND") or ssh or "ssh"
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "SSH_ASKPASS_REQUIRE": "never",
            "GIT_SSH_COMMAND": f"{ssh} -o BatchMode=yes",
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


def find_git() -> str:
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
        raise SyncError(
            "pathtui sync needs the git program, which is not installed or not on your "
            "PATH; install git and run the command again (nothing was changed)."
        )
    return found


#: How a failure ends when nothing here was touched, and when the merge was kept.
UNCHANGED = "nothing was changed"
KEPT = "what was received is merged here, and the next pathtui sync sends your changes"


def failure(action: str, remote: str, stderr: str, kept: bool = False) -> SyncError:
    """One sentence for a git command that talked to the remote and failed.

    ``kept``: the failure came after the merge (a push), so the sentence says
    what was kept rather than that nothing changed.
    """
    text = stderr.lower()
    where = shown_remote(remote)
    after = KEPT if kept else UNCHANGED
    if any(sign in text for sign in _AUTH_SIGNS):
        return SyncError(
            f"The remote {where} refused access; pathtui never asks for a "
            "password, so set up an ssh key or a git credential helper until `git fetch` "
            f"works there without asking, then run pathtui sync again ({after})."
        )
    if any(sign in text for sign in _NOT_A_REPO_SIGNS):
        return SyncError(
            f"The remote {where} is not a git repository pathtui can use; "
            f"check the address, e.g. with `git ls-remote`, then try again ({after})."
        )
    if any(sign in text for sign in _UNREACHABLE_SIGNS):
        return SyncError(
            f"Could not reach the remote {where}; check the address and "
            f"your connection, then run pathtui sync again ({after})."
        )
    last = next((ln.strip() for ln in reversed(stderr.splitlines()) if ln.strip()), "")
    why = f": {last[:200]}" if last else ""
    return SyncError(f"git could not {action} ({where}){why}; {after}, try again.")


class Git:
    """git in one folder (``git -C folder``), run as the module docstring says.

    A plain class: ``dataclasses`` imports ``inspect``, which costs a round
    with nothing to do more than a git command does.
    """

    def __init__(self, folder: Path, program: str = "", ssh: str | None = None) -> None:
        self.folder = folder
        self.program = program or find_git()
        #: The learner's ``core.sshCommand``, read once before the first network call.
        self.ssh = ssh

    def run(
        self,
        *args: str,
        input: bytes | None = None,
        check: bool = True,
        network: bool = False,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """Run one git command; a failure with ``check`` is a SyncError naming it."""
        command = [self.program, "-C", str(self.folder), *SAFE_CONFIG, *args]
        timeout = NETWORK_TIMEOUT_SECONDS if network else LOCAL_TIMEOUT_SECONDS
        if network and self.ssh is None:
            self.ssh = self.out("config", "--get", "core.sshCommand", check=False)
        try:
            done = subprocess.run(
                command,
                input=input,
                capture_output=True,
                env=git_env(env, self.ssh or ""),
                timeout=timeout,
                stdin=None if input is not None else subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise SyncError(
                "pathtui sync needs the git program, which is not installed or not on your "
                "PATH; install git and run the command again (nothing was changed)."
            ) from None
        except subprocess.TimeoutExpired:
            raise SyncError(
                f"git {args[0]} took more than {timeout:g} seconds and was stopped; check "
                "your connection and run pathtui sync again."
            ) from None
        if check and done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
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
        """Every file in a commit: path -> (mode, blob id); empty for None."""
        if rev is None:
            return {}
        raw = self.run("ls-tree", "-r", "-z", "--full-tree", rev).stdout
        files: dict[str, tuple[str, str]] = {}
        for record in raw.split(b"\0"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            mode, kind, blob = meta.decode().split(" ")
            if kind == "blob":
                files[name.decode("utf-8", "surrogateescape")] = (mode, blob)
        return files

    def blob(self, blob: str) -> bytes:
        return self.run("cat-file", "blob", blob).stdout

    def write_blob(self, data: bytes) -> str:
        return self.out("hash-object", "-w", "--stdin", input=data)
