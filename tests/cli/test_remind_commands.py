"""`pathtui remind`, `remind install|uninstall`, `pathtui calendar` and the two
study-plan settings, run through the console script's own ``main``.

The timer tests write into a private HOME. systemd is not the init in a
container, so a test that installs the units points the "is systemd
running" check at a folder of its own; the units it writes are then checked
by ``systemd-analyze --user verify`` (installed by ``.ci/run``), which must
exit 0 with nothing on stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vobject

from pathtui.services import remindtimer
from support import fails, ok, run_pathtui


def days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


# --------------------------------------------------------------------------- remind


def test_remind_is_silent_when_nothing_is_due(data_dir: Path) -> None:
    for args in (["remind"], ["remind", "--notify"]):
        result = run_pathtui(*args, env={"DBUS_SESSION_BUS_ADDRESS": ""})
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert json.loads(ok("remind", "--json")) == []


def test_remind_prints_a_follow_up_due_and_json_for_scripts(data_dir: Path) -> None:
    ok("apply", "Slowco", "Dev", "--date", days_ago(20))
    line = (
        "1 job application has had no reply for 14 days or more: time to follow up (pathtui jobs)."
    )
    assert ok("remind") == line + "\n"
    assert ok("remind") == line + "\n"  # the day's answer, from the cache
    assert json.loads(ok("remind", "--json")) == [{"kind": "follow-up", "text": line}]
    # A repeated option is left to Typer, which gives the same answer.
    assert json.loads(ok("remind", "--json", "--json")) == [{"kind": "follow-up", "text": line}]
    moved = ok("jobs", "--json")
    ok("jobs", "move", json.loads(moved)[0]["id"], "no-reply")
    assert ok("remind") == ""


def test_remind_help_lists_the_options_and_the_timer_commands() -> None:
    text = ok("remind", "--help")
    for word in ("--json", "--notify", "install", "uninstall"):
        assert word in text


def test_remind_with_no_bus_prints_instead_and_exits_0(data_dir: Path, tmp_path: Path) -> None:
    ok("apply", "Slowco", "Dev", "--date", days_ago(20))
    result = run_pathtui(
        "remind",
        "--notify",
        env={"DBUS_SESSION_BUS_ADDRESS": str(tmp_path / "nothing"), "XDG_RUNTIME_DIR": ""},
    )
    assert result.returncode == 0
    assert result.stdout.startswith("1 job application has had no reply")
    assert result.stderr.startswith("pathtui: no desktop notification: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the study plan


def test_the_study_plan_settings(data_dir: Path) -> None:
    assert "Study days set to mon, wed, sat" in ok("config", "study-days", "Sat,mon Wednesday")
    assert ok("config", "study-time", "7:30") == (
        "Study sessions start at 07:30 (local time) in `pathtui calendar`.\n"
    )
    shown = ok("config")
    assert "study-days      mon, wed, sat\n" in shown
    assert "study-time      07:30\n" in shown
    assert "No study days are set" in ok("config", "study-days", "none")
    assert "study-days      none\n" in ok("config")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["config", "study-days", "mon,funday"], "'funday' is not a day of the week"),
        (["config", "study-time", "25:00"], "'25:00' is not a time like 19:00"),
        (["config", "study-time", "7pm"], "'7pm' is not a time like 19:00"),
        (["remind", "install", "--at", "19.00", "--dry-run"], "--at: '19.00' is not a time"),
        (["calendar", "--weeks", "0"], "--weeks must be a whole number from 1 to 52"),
        (["calendar", "--weeks", "many"], "--weeks must be a whole number from 1 to 52"),
    ],
)
def test_bad_input_is_one_sentence_and_changes_nothing(
    data_dir: Path, args: list[str], message: str
) -> None:
    ok("config", "study-days", "mon")
    before = (data_dir / "backend.toml").read_bytes()
    err = fails(*args)
    assert err.startswith("pathtui: ") and message in err and err.count("\n") == 1
    assert (data_dir / "backend.toml").read_bytes() == before


# --------------------------------------------------------------------------- calendar


def test_calendar_writes_a_file_keeps_it_unless_forced(data_dir: Path, tmp_path: Path) -> None:
    ok("config", "study-days", "mon,thu")
    target = tmp_path / "plan.ics"
    result = run_pathtui("calendar", "-o", str(target), "--weeks", "2")
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr.startswith("Wrote 4 study sessions, 7 step finishes")
    first = target.read_bytes()
    parsed = vobject.readOne(first.decode("utf-8"), validate=True)
    assert len(parsed.vevent_list) == 4 + 7
    target.write_text("my own file", encoding="utf-8")
    assert "exists already; add --force to overwrite it" in fails("calendar", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "my own file"
    ok("calendar", "-o", str(target), "--force", "--weeks", "2")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR")
    err = fails("calendar", "-o", str(tmp_path / "missing" / "plan.ics"))
    assert "the folder" in err and "does not exist" in err
    assert not (tmp_path / "missing").exists()


def test_calendar_to_the_screen_says_how_to_add_sessions(data_dir: Path) -> None:
    result = run_pathtui("calendar")
    assert result.returncode == 0
    assert result.stdout.startswith("BEGIN:VCALENDAR") and "SUMMARY:Study:" not in result.stdout
    assert "pathtui config study-days mon,wed,sat" in result.stderr


def test_calendar_finish_dates_match_status_json(data_dir: Path) -> None:
    ok("done", "basics-language", "basics-variables")
    for days in range(2, 30, 3):  # a log long enough for a personal forecast
        ok("log", "2h", "--date", days_ago(days))
    status = json.loads(ok("status", "--json"))
    assert status["forecast"]["personal"]
    parsed = vobject.readOne(ok("calendar", "--weeks", "1"), validate=True)
    finishes = [e for e in parsed.vevent_list if "-finish-" in e.uid.value]
    assert [e.uid.value.split("-finish-")[1] for e in finishes] == [
        s["id"] + "@pathtui" for s in status["steps"] if s["done"] < s["total"]
    ]
    last = finishes[-1]
    assert last.dtstart.value.isoformat() == status["forecast"]["finish"]["earliest"]
    assert status["forecast"]["finish"]["latest"] in last.description.value
    # Without a personal forecast the plan's own finish is the forecast's.
    ok("config", "hours-per-week", "7.5")
    fresh = json.loads(ok("status", "--json", "--hours-per-week", "7.5"))
    again = vobject.readOne(ok("calendar", "--weeks", "1"), validate=True)
    last = [e for e in again.vevent_list if "-finish-" in e.uid.value][-1]
    assert last.dtstart.value.isoformat() == fresh["forecast"]["finish"]["earliest"]


# --------------------------------------------------------------------------- the timer


@pytest.fixture
def booted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """systemd is the init (as far as pathtui can tell); the user's systemd folder."""
    marker = tmp_path / "run-systemd-system"
    marker.mkdir()
    monkeypatch.setattr(remindtimer, "SYSTEMD_BOOTED", str(marker))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return Path(os.environ["XDG_CONFIG_HOME"]) / "systemd" / "user"


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")) if root.exists() else []


def verify(units: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is required for this test (.ci/run installs systemd)"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ["HOME"],
        "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
        "XDG_RUNTIME_DIR": str(runtime),
    }
    return subprocess.run(
        [analyze, "--user", "verify", str(units / "pathtui-remind.timer"),
         str(units / "pathtui-remind.service")],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def test_dry_run_prints_the_units_and_writes_nothing(booted: Path) -> None:
    home = Path(os.environ["HOME"])
    before = tree(home)
    out = ok("remind", "install", "--at", "7:05", "--dry-run")
    assert f"# {booted / 'pathtui-remind.service'}\n" in out
    assert f"# {booted / 'pathtui-remind.timer'}\n" in out
    assert "OnCalendar=*-*-* 07:05:00\n" in out and "Persistent=true\n" in out
    assert "ExecStart=" in out and " remind --notify\n" in out
    assert f"# {booted / 'timers.target.wants' / 'pathtui-remind.timer'} -> " in out
    assert tree(home) == before


def test_a_real_install_verifies_and_uninstall_leaves_nothing(
    booted: Path, tmp_path: Path, data_dir: Path
) -> None:
    home = Path(os.environ["HOME"])
    ok("config", "study-time", "18:45")
    before = tree(home)
    out = ok("remind", "install")
    assert out.startswith("Installed a daily reminder at 18:45: ")
    assert "next login" in out
    service = (booted / "pathtui-remind.service").read_text(encoding="utf-8")
    assert f'Environment="PATHTUI_DATA_DIR={data_dir}"\n' in service
    exec_line = next(line for line in service.splitlines() if line.startswith("ExecStart="))
    assert Path(exec_line.split()[0].removeprefix("ExecStart=")).is_file()
    timer = (booted / "pathtui-remind.timer").read_text(encoding="utf-8")
    assert "OnCalendar=*-*-* 18:45:00\n" in timer and "Unit=pathtui-remind.service\n" in timer
    link = booted / "timers.target.wants" / "pathtui-remind.timer"
    assert link.is_symlink() and link.resolve() == (booted / "pathtui-remind.timer").resolve()
    checked = verify(booted, tmp_path)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    # Twice is safe: the same files are found; another time rewrites them.
    assert ok("remind", "install").startswith("The daily reminder at 18:45 is installed already")
    ok("remind", "install", "--at", "06:30")
    assert "06:30:00" in (booted / "pathtui-remind.timer").read_text(encoding="utf-8")
    assert ok("remind", "uninstall").startswith("Removed the daily reminder")
    assert tree(home) == before
    assert ok("remind", "uninstall").startswith("No pathtui reminder is installed")


def test_odd_folder_names_are_quoted_so_the_units_still_verify(
    booted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    odd = tmp_path / 'my data %h $HOME "x"'
    monkeypatch.setenv("PATHTUI_DATA_DIR", str(odd))
    ok("remind", "install")
    checked = verify(booted, tmp_path)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr
    service = (booted / "pathtui-remind.service").read_text(encoding="utf-8")
    assert 'my data %%h $HOME \\"x\\"' in service


def test_a_unit_pathtui_did_not_write_is_never_touched(booted: Path) -> None:
    booted.mkdir(parents=True)
    mine = booted / "pathtui-remind.timer"
    mine.write_text("[Timer]\nOnCalendar=daily\n", encoding="utf-8")
    assert "was not written by pathtui; rename or remove it first" in fails("remind", "install")
    assert not (booted / "pathtui-remind.service").exists()
    assert "is left as it is" in ok("remind", "uninstall")
    assert mine.read_text(encoding="utf-8") == "[Timer]\nOnCalendar=daily\n"


def test_a_systemd_folder_that_cannot_be_written_is_one_sentence(booted: Path) -> None:
    booted.parent.parent.mkdir(parents=True, exist_ok=True)
    booted.parent.write_text("a file where the folder should be", encoding="utf-8")
    err = fails("remind", "install")
    assert err.startswith("pathtui: Cannot write the reminder's timer into ")
    assert err.count("\n") == 1


def test_a_running_user_manager_is_asked_through_systemctl(
    booted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "runtime"
    (runtime / "systemd").mkdir(parents=True)
    (runtime / "systemd" / "private").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    bin_dir, calls = tmp_path / "bin", tmp_path / "systemctl-calls"
    bin_dir.mkdir()
    fake = bin_dir / "systemctl"
    fake.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")
    assert "It is active now" in ok("remind", "install")
    assert not (booted / "timers.target.wants").exists()  # systemctl makes the link
    ok("remind", "uninstall")
    assert calls.read_text(encoding="utf-8").splitlines() == [
        "--user daemon-reload",
        "--user enable --now pathtui-remind.timer",
        "--user disable --now pathtui-remind.timer",
        "--user daemon-reload",
    ]
    assert not booted.exists()


def test_without_systemd_the_crontab_line_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    monkeypatch.setattr(remindtimer, "SYSTEMD_BOOTED", str(tmp_path / "absent"))
    home = Path(os.environ["HOME"])
    before = tree(home)
    out = ok("remind", "install", "--at", "21:07")
    first, line = out.splitlines()
    assert "crontab -e" in first
    assert line.startswith(f"7 21 * * * PATHTUI_DATA_DIR={data_dir} ")
    assert line.endswith(" remind --notify")
    assert tree(home) == before
    assert "crontab -e" in ok("remind", "uninstall")
    dry = ok("remind", "install", "--at", "21:07", "--dry-run").splitlines()
    assert "`remind install` would write nothing" in dry[0] and dry[1] == line
    assert "nothing was installed" in first
    assert tree(home) == before


def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Data and state under XDG folders of their own (odd names), no PATHTUI_* override."""
    monkeypatch.delenv("PATHTUI_DATA_DIR")
    monkeypatch.delenv("PATHTUI_STATE_DIR")
    folders = {
        "XDG_DATA_HOME": tmp_path / "my data %h $HOME",
        "XDG_STATE_HOME": tmp_path / 'my "state"',
    }
    for name, folder in folders.items():
        monkeypatch.setenv(name, str(folder))
    return folders


def test_the_units_carry_every_variable_that_says_where_the_files_are(
    booted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_folders(tmp_path, monkeypatch)
    ok("remind", "install")
    service = (booted / "pathtui-remind.service").read_text(encoding="utf-8")
    assert f'Environment="XDG_DATA_HOME={tmp_path}/my data %%h $HOME"\n' in service
    assert f'Environment="XDG_STATE_HOME={tmp_path}/my \\"state\\""\n' in service
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME"):
        assert f'Environment="{name}={os.environ[name]}"\n' in service
    assert "PATHTUI_DATA_DIR" not in service
    checked = verify(booted, tmp_path)
    assert (checked.returncode, checked.stderr) == (0, ""), checked.stderr


def test_the_crontab_line_reads_the_same_progress_as_the_shell_that_installed_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remindtimer, "SYSTEMD_BOOTED", str(tmp_path / "absent"))
    own_folders(tmp_path, monkeypatch)
    ok("apply", "Slowco", "Dev", "--date", days_ago(20))
    line = ok("remind", "install").splitlines()[1]
    command = line.split(" ", 5)[5].replace("\\%", "%")
    # cron's own environment: hardly anything, and another HOME.
    cron_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path / "elsewhere"),
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}",
    }
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, text=True, env=cron_env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 job application has had no reply")


def test_uninstall_keeps_every_folder_that_was_there_before_install(booted: Path) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"])
    config.mkdir(parents=True)  # an empty config folder of the learner's own
    ok("remind", "install")
    ok("remind", "uninstall")
    assert config.is_dir() and tree(config) == []
    assert tree(Path(os.environ["PATHTUI_STATE_DIR"])) == []  # the note is gone too
    # Folders down to timers.target.wants that were there before all stay.
    (booted / "timers.target.wants").mkdir(parents=True)
    ok("remind", "install")
    ok("remind", "uninstall")
    assert tree(config) == ["systemd", "systemd/user", "systemd/user/timers.target.wants"]
