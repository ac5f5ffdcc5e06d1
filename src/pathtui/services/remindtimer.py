"""The daily reminder: a systemd user timer that runs ``pathtui remind --notify``.

``pathtui remind install`` writes two units into the user's systemd folder
(``$XDG_CONFIG_HOME/systemd/user``, else ``~/.config/systemd/user``): a
oneshot service that runs this very pathtui (its absolute path, with
``--path`` if it is set, and every variable that decides where pathtui's files
are, as the installing shell has them: ``locations.LOCATION_VARIABLES`` and a
HOME that is not the account's own) and a timer that
starts it every day at the chosen time, with ``Persistent=true`` so a day
the machine slept through is caught up at the next start. Then it enables
the timer: through ``systemctl --user`` when a user manager is running,
else with the same link ``systemctl enable`` would make, so the timer
starts at the next login.

Where systemd is not the init (no ``/run/systemd/system``), nothing is
written: the crontab line is given for the learner to add.

Both files start with :data:`MARK`. Install never overwrites a file
without it, and notes each folder it had to make in this device's state
folder (:data:`MADE_FOLDERS`). Uninstall removes only files with the mark
and the link to the timer, then the folders that note names, each only if
it is empty: exactly what install wrote, never a folder that was there
before (an empty ``~/.config`` stays). Both can run
twice: the second install finds the same files and says so; the second
uninstall finds nothing. Nothing here prints: the
functions return the lines to show.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from pathtui.errors import PathtuiError
from pathtui.storage.locations import (
    DATA_DIR_ENV,
    LOCATION_VARIABLES,
    STATE_DIR_ENV,
    state_dir_name,
)

SERVICE = "pathtui-remind.service"
TIMER = "pathtui-remind.timer"
#: The first line of every unit file pathtui writes (and the only ones it removes).
MARK = "# Written by `pathtui remind install`; `pathtui remind uninstall` removes it."
#: Exists only where systemd is the init (what ``sd_booted()`` checks).
SYSTEMD_BOOTED = "/run/systemd/system"
#: In the state folder: the folders install made, one absolute path a line.
MADE_FOLDERS = "remind-folders"
#: The folder ``systemctl enable`` links a timer into.
WANTS = "timers.target.wants"
#: A running user manager listens here, under ``$XDG_RUNTIME_DIR``.
MANAGER_SOCKET = ("systemd", "private")
#: Seconds each ``systemctl`` call may take.
SYSTEMCTL_TIMEOUT = 15
#: Characters a word of a command line may hold unquoted, in a unit and in cron.
PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-=:,@")
LINGER_HINT = (
    "Timers run while you are logged in; `loginctl enable-linger` keeps them "
    "running when you are not."
)


@dataclass(frozen=True, slots=True)
class Units:
    """What install writes: the folder, each file's text, and the timer's link."""

    folder: Path
    files: dict[Path, str]
    link: Path
    at: str

    @property
    def timer(self) -> Path:
        return self.folder / TIMER


def unit_folder() -> Path:
    """The user's systemd folder, as the user manager reads it."""
    config = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(config):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            raise PathtuiError(
                "Cannot find your home folder for the systemd timer; set HOME to a folder you own."
            )
        config = os.path.join(home, ".config")
    return Path(config) / "systemd" / "user"


def systemd_booted() -> bool:
    return os.path.isdir(SYSTEMD_BOOTED)


def manager_running() -> bool:
    """A user manager can be asked through ``systemctl --user`` right now."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(
        runtime
        and os.path.exists(os.path.join(runtime, *MANAGER_SOCKET))
        and shutil.which("systemctl")
    )


def pathtui_argv() -> list[str]:
    """How to start this pathtui from a timer: its script's absolute path, the
    script beside this Python (a virtual environment's), or ``python -m pathtui``."""
    script = sys.argv[0] if sys.argv else ""
    if os.path.basename(script).startswith("pathtui") and os.path.isfile(script):
        return [os.path.abspath(script)]
    beside = os.path.join(os.path.dirname(sys.executable), "pathtui")
    if os.path.isfile(beside):
        return [beside]
    return [sys.executable, "-m", "pathtui"]


def remind_argv(path_file: str | None) -> list[str]:
    """The whole command the timer runs."""
    chosen = [] if path_file is None else ["--path", os.path.abspath(path_file)]
    return [*pathtui_argv(), *chosen, "remind", "--notify"]


def _account_home() -> str | None:
    """The home folder the account database gives, which the user manager and
    cron set as HOME; None when there is none."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError):
        return None


def location_env() -> list[tuple[str, str]]:
    """The variables that decide where pathtui's files are, as set here, so the
    timer reads the same progress and sent record as the learner's shell.

    pathtui's own variables are made absolute as pathtui reads them; an
    ``XDG_*`` value counts only when absolute (a relative one is ignored
    anyway); HOME only when it is not the account's home, which the timer
    gets already.
    """
    found = []
    for name in LOCATION_VARIABLES:
        value = os.environ.get(name, "")
        if name in (DATA_DIR_ENV, STATE_DIR_ENV) and value:
            found.append((name, os.path.abspath(os.path.expanduser(value))))
        elif os.path.isabs(value):
            found.append((name, value))
    home = os.environ.get("HOME", "")
    if os.path.isabs(home) and os.path.normpath(home) != os.path.normpath(_account_home() or ""):
        found.append(("HOME", home))
    return found


def _one_line(word: str) -> str:
    if "\n" in word or "\r" in word:
        raise PathtuiError(
            f"{word[:60]!r} holds a line break, which a timer's command cannot; "
            "install pathtui (and its data) under a folder name without one."
        )
    return word


def _unit_word(word: str) -> str:
    """One word of ``ExecStart=``: ``%`` and ``$`` doubled, quoted unless plain."""
    word = _one_line(word).replace("%", "%%").replace("$", "$$")
    if word and set(word) <= PLAIN | {"%", "$"}:
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _unit_environment(name: str, value: str) -> str:
    """One ``Environment=`` line: quoted, ``%`` doubled, ``\\`` and ``"`` escaped."""
    text = _one_line(f"{name}={value}").replace("%", "%%")
    return 'Environment="' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_text(argv: list[str], env: list[tuple[str, str]]) -> str:
    lines = [
        MARK,
        "[Unit]",
        "Description=pathtui reminders (the week's plan, streak, reviews, follow-ups)",
        "",
        "[Service]",
        "Type=oneshot",
    ]
    lines += [_unit_environment(name, value) for name, value in env]
    lines.append("ExecStart=" + " ".join(_unit_word(word) for word in argv))
    return "\n".join(lines) + "\n"


def timer_text(at: str) -> str:
    return (
        "\n".join(
            [
                MARK,
                "[Unit]",
                "Description=pathtui's daily reminder",
                "",
                "[Timer]",
                f"OnCalendar=*-*-* {at}:00",
                "Persistent=true",
                f"Unit={SERVICE}",
                "",
                "[Install]",
                "WantedBy=timers.target",
            ]
        )
        + "\n"
    )


def cron_line(argv: list[str], env: list[tuple[str, str]], at: str) -> str:
    """The crontab line (minute hour * * * command), ``%`` escaped as cron needs."""
    hour, minute = at.split(":")
    words = [f"{name}={shlex.quote(_one_line(value))}" for name, value in env]
    words += [shlex.quote(_one_line(word)) for word in argv]
    command = " ".join(words).replace("%", "\\%")
    return f"{int(minute)} {int(hour)} * * * {command}"


def units(at: str, path_file: str | None) -> Units:
    folder = unit_folder()
    argv = remind_argv(path_file)
    return Units(
        folder=folder,
        files={
            folder / SERVICE: service_text(argv, location_env()),
            folder / TIMER: timer_text(at),
        },
        link=folder / WANTS / TIMER,
        at=at,
    )


def _ours(file: Path) -> bool:
    try:
        with file.open(encoding="utf-8") as handle:
            return handle.readline().rstrip("\n") == MARK
    except (OSError, UnicodeDecodeError):
        return False


def _links_to_timer(link: Path, timer: Path) -> bool:
    if not link.is_symlink():
        return False
    target = Path(os.readlink(link))
    return target.name == TIMER and (link.parent / target).resolve() == timer.resolve()


def _systemctl(*args: str) -> bool:
    """``systemctl --user ARGS``; True if it worked (never raises, never asks)."""
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args],
            capture_output=True,
            text=True,
            timeout=SYSTEMCTL_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _made_record() -> Path:
    return Path(state_dir_name()) / MADE_FOLDERS


def _made_folders() -> list[str]:
    """The folders install noted it made (none when the note is missing)."""
    try:
        return _made_record().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _note_made(folders: list[str]) -> None:
    """Add ``folders`` to the note, before making them: a folder made and not
    noted would be left by uninstall, never one it did not make removed. A note
    that cannot be written only means an empty folder is left behind."""
    known = _made_folders()
    added = [f for f in folders if f not in known]
    if not added:
        return
    from pathtui.storage.atomic import atomic_write

    record = _made_record()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(record, "".join(f"{f}\n" for f in [*known, *added]), durable=False)
    except OSError:
        pass


def _missing(folder: Path) -> list[str]:
    """``folder`` and each of its parents that does not exist yet, deepest first."""
    missing = []
    while not (folder.exists() or folder.is_symlink()) and folder != folder.parent:
        missing.append(str(folder))
        folder = folder.parent
    return missing


def _remove_made_folders(folder: Path) -> None:
    """Remove, deepest first, the empty folders install noted it made on the way
    to ``folder``; stop at the first that holds something else."""
    made = _made_folders()
    left = list(made)
    for candidate in (folder / WANTS, folder, *folder.parents):
        if str(candidate) not in made:
            continue
        try:
            candidate.rmdir()  # only if nothing else is in it
        except FileNotFoundError:
            pass
        except OSError:
            break
        left.remove(str(candidate))
    if left == made:
        return
    from pathtui.storage.atomic import atomic_write

    record = _made_record()
    try:
        if left:
            atomic_write(record, "".join(f"{f}\n" for f in left), durable=False)
        else:
            record.unlink()
    except OSError:
        pass


def _cannot_write(folder: Path, exc: OSError) -> PathtuiError:
    return PathtuiError(
        f"Cannot write the reminder's timer into {folder} ({exc.strerror or exc}); "
        "check that the folder is yours and writable, or use cron instead."
    )


def dry_run(at: str, path_file: str | None) -> list[str]:
    """What install would write (or the crontab line), as lines to print."""
    if not systemd_booted():
        return _cron_lines(at, path_file, dry=True)
    plan = units(at, path_file)
    lines = []
    for file, text in plan.files.items():
        lines += [f"# {file}", text]
    lines.append(f"# {plan.link} -> ../{TIMER}")
    return lines


def _cron_lines(at: str, path_file: str | None, *, dry: bool = False) -> list[str]:
    """Without systemd, pathtui writes nothing: the crontab line, to add by hand."""
    what = "`remind install` would write nothing" if dry else "nothing was installed"
    return [
        f"systemd is not running here, so {what}. Add this line to your "
        "crontab (run `crontab -e`) for a daily reminder:",
        cron_line(remind_argv(path_file), location_env(), at),
    ]


def install(at: str, path_file: str | None) -> list[str]:
    """Write and enable the timer (or give the crontab line); the lines to print."""
    if not systemd_booted():
        return _cron_lines(at, path_file)
    plan = units(at, path_file)
    for file in plan.files:
        if (file.exists() or file.is_symlink()) and not _ours(file):
            raise PathtuiError(
                f"{file} exists and was not written by pathtui; rename or remove it first."
            )
    same = all(
        file.is_file() and file.read_text(encoding="utf-8") == text
        for file, text in plan.files.items()
    ) and _links_to_timer(plan.link, plan.timer)
    if same:
        return [f"The daily reminder at {at} is installed already ({plan.timer})."]
    from pathtui.storage.atomic import atomic_write

    _note_made(_missing(plan.folder))
    try:
        plan.folder.mkdir(parents=True, exist_ok=True)
        for file, text in plan.files.items():
            atomic_write(file, text)
    except OSError as exc:
        raise _cannot_write(plan.folder, exc) from None
    lines = [f"Installed a daily reminder at {at}: {plan.timer} and {plan.folder / SERVICE}."]
    if manager_running() and _systemctl("daemon-reload") and _systemctl("enable", "--now", TIMER):
        lines.append("It is active now (`systemctl --user list-timers` shows it).")
    else:
        _note_made(_missing(plan.link.parent))
        try:
            plan.link.parent.mkdir(exist_ok=True)
            if not _links_to_timer(plan.link, plan.timer):
                plan.link.symlink_to(Path("..") / TIMER)
        except OSError as exc:
            raise _cannot_write(plan.link.parent, exc) from None
        lines.append("It starts with your next login (no user manager is running now).")
    lines.append(LINGER_HINT)
    return lines


def uninstall() -> list[str]:
    """Remove what install wrote; the lines to print."""
    folder = unit_folder()
    timer, link = folder / TIMER, folder / WANTS / TIMER
    found = [f for f in (timer, folder / SERVICE) if f.is_file() and _ours(f)]
    linked = _links_to_timer(link, timer)
    kept = [f for f in (timer, folder / SERVICE) if f.exists() and not _ours(f)]
    if not found and not linked:
        lines = ["No pathtui reminder is installed in the systemd folder."]
        if not systemd_booted():
            lines.append("If you added pathtui's line to your crontab, `crontab -e` removes it.")
        lines += [f"{f} was not written by pathtui and is left as it is." for f in kept]
        return lines
    running = manager_running()
    if running:
        _systemctl("disable", "--now", TIMER)
    try:
        if linked:
            link.unlink()
        for file in found:
            file.unlink()
    except OSError as exc:
        raise PathtuiError(
            f"Cannot remove the reminder's files from {folder} ({exc.strerror or exc})."
        ) from None
    _remove_made_folders(folder)
    if running:
        _systemctl("daemon-reload")
    lines = [f"Removed the daily reminder ({', '.join(str(f) for f in found) or link})."]
    lines += [f"{f} was not written by pathtui and is left as it is." for f in kept]
    return lines
