"""Conflict copies from Syncthing, Dropbox, Nextcloud, ownCloud, OneDrive and Google
Drive: merged in, moved aside, told once; other copies reported, never merged silently."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from pathtui.services.session import Session
from pathtui.storage.progressread import read_progress
from pathtui.sync.conflicts import conflict_of
from support import run_pathtui
from sync_support import PATH_ID, bare_remote, git, needs_git
from tui_support import SIZE, app_for

SYNCTHING = f"{PATH_ID}.sync-conflict-20261126-101010-ABCDEFG.toml"
DROPBOX = f"{PATH_ID} (Alice's conflicted copy 2026-11-26).toml"
NEXTCLOUD = f"{PATH_ID} (conflicted copy 2026-11-26 101010).toml"
#: The five names the issue found ignored, each a documented form of its tool.
DROPBOX_NO_NAME = f"{PATH_ID} (conflicted copy 2026-12-04).toml"
OWNCLOUD = f"{PATH_ID}_conflict-20261204-120000.toml"
GOOGLE_DRIVE = f"{PATH_ID} (1).toml"
ONEDRIVE = f"{PATH_ID}-DESKTOP-1AB2C3D.toml"
SYNCTHING_AGAIN = f"{PATH_ID}.sync-conflict-20261204-120000-ABCDEFG (1).toml"


def ok(*args: str, env: dict[str, str] | None = None) -> str:
    done = run_pathtui(*args, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def other_device_copy(data_dir: Path, tmp_path: Path, name: str, *change: str) -> Path:
    """What another device saved from the same file, left as a conflict copy ``name``."""
    other = tmp_path / f"other-{len(list(tmp_path.iterdir()))}"
    other.mkdir()
    shutil.copy(data_dir / f"{PATH_ID}.toml", other / f"{PATH_ID}.toml")
    ok(*change, env={"PATHTUI_DATA_DIR": str(other)})
    copy = data_dir / name
    shutil.copy(other / f"{PATH_ID}.toml", copy)
    return copy


def test_names_of_the_three_tools_are_recognised() -> None:
    assert conflict_of(SYNCTHING) == ("Syncthing", PATH_ID)
    assert conflict_of(DROPBOX) == ("Dropbox", PATH_ID)
    assert conflict_of(f"{PATH_ID} (Bob’s conflicted copy 2026-11-26) (2).toml") == (
        "Dropbox",
        PATH_ID,
    )
    assert conflict_of(NEXTCLOUD) == ("Nextcloud", PATH_ID)
    nested = SYNCTHING.replace(".toml", ".sync-conflict-20261127-090000-XYZ.toml")
    assert conflict_of(nested) == ("Syncthing", PATH_ID)
    assert conflict_of(DROPBOX_NO_NAME) == ("Dropbox", PATH_ID)
    assert conflict_of(OWNCLOUD) == ("ownCloud", PATH_ID)
    assert conflict_of(GOOGLE_DRIVE) == ("Google Drive", PATH_ID)
    assert conflict_of(f"{PATH_ID} (1) (2).toml") == ("Google Drive", PATH_ID)
    assert conflict_of(ONEDRIVE) == ("OneDrive", PATH_ID)
    assert conflict_of(f"{PATH_ID}-LAPTOP-9Z-2.toml") == ("OneDrive", PATH_ID)
    assert conflict_of("python-web-DESKTOP-1.toml") == ("OneDrive", "python-web")
    assert conflict_of(SYNCTHING_AGAIN) == ("Syncthing", PATH_ID)
    for name in (
        f"{PATH_ID}.toml",
        f"{PATH_ID}.toml.bak",
        "notes (copy).toml",
        "x.sync.toml",
        f"{PATH_ID}-web.toml",  # another path's progress: path ids have no capitals
        f"{PATH_ID}-2.toml",
        f"{PATH_ID} (copy).toml",
    ):
        assert conflict_of(name) is None, name


def test_a_saving_command_merges_all_three_copies_and_moves_them(
    data_dir: Path, tmp_path: Path
) -> None:
    ok("done", "basics-language")
    copies = [
        other_device_copy(data_dir, tmp_path, SYNCTHING, "done", "basics-loops"),
        other_device_copy(data_dir, tmp_path, DROPBOX, "note", "basics-lists", "from Dropbox"),
        other_device_copy(data_dir, tmp_path, NEXTCLOUD, "log", "1.5", "--note", "from Nextcloud"),
    ]
    before = (data_dir / f"{PATH_ID}.toml").read_bytes()
    stderr = ok("done", "basics-variables")
    lines = stderr.strip().splitlines()
    assert lines == [
        f"pathtui: Recovered 3 changes from 3 conflict copies (Dropbox, Nextcloud, Syncthing) "
        f"of {PATH_ID}.toml; the copies are now in {data_dir / 'backups' / 'conflicts'}."
    ]
    progress = read_progress(data_dir / f"{PATH_ID}.toml", PATH_ID)
    assert progress is not None
    assert progress.state("basics-language") == "done"
    assert progress.state("basics-loops") == "done"
    assert progress.state("basics-variables") == "done"
    assert progress.note("basics-lists") == "from Dropbox"
    assert [e.note for e in progress.live_log()] == ["from Nextcloud"]
    assert not any(copy.exists() for copy in copies)
    moved = sorted(p.name for p in (data_dir / "backups" / "conflicts").iterdir())
    assert moved == sorted(copy.name for copy in copies)
    # a backup of the file as it was before the merge (backups made in one second
    # are told apart by a suffix, so their names do not sort by time)
    backups = (data_dir / "backups").glob(f"{PATH_ID}-*.toml")
    assert any(b.read_bytes() == before for b in backups)
    assert ok("done", "basics-lists") == "", "told once"


def test_a_foreign_file_is_left_alone_and_reported_once(data_dir: Path, tmp_path: Path) -> None:
    ok("done", "basics-language")
    garbage = data_dir / DROPBOX
    garbage.write_text("this is [not toml")
    other_path = data_dir / SYNCTHING
    other_path.write_text(
        (data_dir / f"{PATH_ID}.toml").read_text().replace(f'"{PATH_ID}"', '"frontend"')
    )
    stderr = ok("done", "basics-loops").strip().splitlines()
    assert len(stderr) == 2
    assert stderr[0].startswith(f"pathtui: Left {garbage} alone: it is not progress for {PATH_ID}")
    assert "not valid TOML" in stderr[0]
    assert stderr[1].startswith(f"pathtui: Left {other_path} alone")
    assert "belongs to path 'frontend'" in stderr[1]
    assert garbage.read_text() == "this is [not toml"
    assert other_path.exists()
    assert ok("done", "basics-lists") == "", "reported once"
    doctor = run_pathtui("doctor")
    assert doctor.returncode == 0, doctor.stderr
    assert f"Left {garbage} alone" in doctor.stdout
    assert f"Left {other_path} alone" in doctor.stdout
    assert garbage.exists() and other_path.exists()


def test_doctor_merges_a_copy_in(data_dir: Path, tmp_path: Path) -> None:
    ok("done", "basics-language")
    other_device_copy(data_dir, tmp_path, NEXTCLOUD, "skip", "basics-loops")
    doctor = run_pathtui("doctor")
    assert doctor.returncode == 0, doctor.stderr
    assert "Recovered 1 change from 1 conflict copy (Nextcloud)" in doctor.stdout
    progress = read_progress(data_dir / f"{PATH_ID}.toml", PATH_ID)
    assert progress is not None and progress.state("basics-loops") == "skipped"
    assert not (data_dir / NEXTCLOUD).exists()


@needs_git
def test_sync_merges_a_copy_in_and_sends_it(data_dir: Path, tmp_path: Path) -> None:
    ok("done", "basics-language")
    remote = bare_remote(tmp_path)
    ok("sync", "init", str(remote))
    other_device_copy(data_dir, tmp_path, SYNCTHING, "done", "basics-loops")
    done = run_pathtui("sync")
    assert done.returncode == 0, done.stderr
    assert "Recovered 1 change from 1 conflict copy (Syncthing)" in done.stderr
    assert "sent 1 change" in done.stdout
    assert not (data_dir / SYNCTHING).exists()
    other = tmp_path / "clone"
    ok("sync", "init", str(remote), env={"PATHTUI_DATA_DIR": str(other)})
    progress = read_progress(other / f"{PATH_ID}.toml", PATH_ID)
    assert progress is not None and progress.state("basics-loops") == "done"


@pytest.mark.parametrize("name", [SYNCTHING, DROPBOX, NEXTCLOUD])
async def test_the_tracker_merges_a_copy_on_open_and_tells_the_learner(
    data_dir: Path, tmp_path: Path, name: str
) -> None:
    ok("done", "basics-language")
    session = Session.open()
    other_device_copy(data_dir, tmp_path, name, "done", "basics-loops")

    app = app_for(session)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Recovered 1 change from 1 conflict copy") for m in messages)
        assert app.session.progress.state("basics-loops") == "done"
    assert not (data_dir / name).exists()


class TestOpen:
    """The tracker open on a learner with one item done, toasts drawn."""

    @pytest.fixture
    def tracker_session(self, data_dir: Path) -> Session:
        ok("done", "basics-language")
        return Session.open()

    @pytest.fixture
    def tracker_notifications(self) -> bool:
        return True

    async def test_the_tracker_picks_up_a_copy_that_appears_while_it_is_open(
        self, pilot: Pilot[None], data_dir: Path, tmp_path: Path
    ) -> None:
        app = pilot.app
        other_device_copy(data_dir, tmp_path, DROPBOX, "learning", "basics-loops")
        app.check_for_changes()
        await pilot.pause()
        assert app.session.progress.state("basics-loops") == "learning"
        assert any("conflict copy (Dropbox)" in n.message for n in app._notifications)


@needs_git
def test_sync_reports_a_foreign_copy_once_and_never_sends_it(
    data_dir: Path, tmp_path: Path
) -> None:
    ok("done", "basics-language")
    ok("sync", "init", str(bare_remote(tmp_path)))
    junk = data_dir / DROPBOX
    junk.write_text("not progress at all")
    first = run_pathtui("sync")
    assert first.returncode == 0, first.stderr
    assert first.stderr.strip() == (
        f"pathtui: Left {junk} alone: it is not progress for {PATH_ID} that pathtui can read: "
        "it is not valid TOML (Expected '=' after a key in a key/value pair (at line 1, "
        "column 5))."
    )
    again = run_pathtui("sync")
    assert again.returncode == 0 and again.stderr == "", "reported once"
    tracked = git(data_dir, "ls-files")
    assert DROPBOX not in tracked and f"{PATH_ID}.toml" in tracked
    assert junk.read_text() == "not progress at all"


def test_the_five_names_the_issue_found_are_merged_and_moved(
    data_dir: Path, tmp_path: Path
) -> None:
    ok("done", "basics-language")
    changes = {
        DROPBOX_NO_NAME: ("done", "basics-loops"),
        OWNCLOUD: ("skip", "basics-variables"),
        GOOGLE_DRIVE: ("learning", "basics-lists"),
        ONEDRIVE: ("note", "basics-language", "from OneDrive"),
        SYNCTHING_AGAIN: ("done", "basics-functions"),
    }
    copies = [
        other_device_copy(data_dir, tmp_path, name, *change) for name, change in changes.items()
    ]
    stderr = ok("done", "basics-comparisons")
    assert stderr.strip() == (
        "pathtui: Recovered 5 changes from 5 conflict copies (Dropbox, Google Drive, OneDrive, "
        f"Syncthing, ownCloud) of {PATH_ID}.toml; the copies are now in "
        f"{data_dir / 'backups' / 'conflicts'}."
    )
    progress = read_progress(data_dir / f"{PATH_ID}.toml", PATH_ID)
    assert progress is not None
    assert progress.state("basics-loops") == "done"
    assert progress.state("basics-variables") == "skipped"
    assert progress.state("basics-lists") == "learning"
    assert progress.note("basics-language") == "from OneDrive"
    assert progress.state("basics-functions") == "done"
    assert not any(copy.exists() for copy in copies)


def test_another_path_s_file_is_never_taken_for_a_copy(data_dir: Path, tmp_path: Path) -> None:
    """``backend-web.toml`` is the progress of a path whose id is ``backend-web``."""
    ok("done", "basics-language")
    web = data_dir / f"{PATH_ID}-web.toml"
    web.write_text(
        (data_dir / f"{PATH_ID}.toml").read_text().replace(f'"{PATH_ID}"', f'"{PATH_ID}-web"')
    )
    before = web.read_bytes()
    assert ok("done", "basics-loops") == ""
    doctor = run_pathtui("doctor")
    assert doctor.returncode == 0, doctor.stderr
    assert web.name not in doctor.stdout
    assert "No conflict copies from a sync folder." in doctor.stdout
    assert web.read_bytes() == before


@pytest.mark.parametrize("name", [f"{PATH_ID}-old.toml", f"{PATH_ID} old copy.toml"])
def test_a_copy_under_another_name_is_reported_never_merged(
    data_dir: Path, tmp_path: Path, name: str
) -> None:
    """A copy made by hand (or by a tool pathtui does not know) that holds this
    path's progress: doctor says so and how to merge it, as a command that can
    be pasted (quoted when the name has spaces); nothing merges it silently."""
    ok("done", "basics-language")
    stray = other_device_copy(data_dir, tmp_path, name, "done", "basics-loops")
    assert ok("done", "basics-lists") == ""
    assert read_progress(data_dir / f"{PATH_ID}.toml", PATH_ID).state("basics-loops") == "todo"  # type: ignore[union-attr]
    doctor = run_pathtui("doctor")
    assert doctor.returncode == 0, doctor.stderr
    assert (
        f"note    {stray} holds progress for {PATH_ID!r} too, but its name is not a sync tool's "
        f"conflict copy, so pathtui did not merge it: if it holds changes you want, run "
        f"`pathtui import {shlex.quote(str(stray))}` (which merges), then move it out of "
        f"{data_dir}."
    ) in doctor.stdout
    command = doctor.stdout.split("run `", 1)[1].split("`", 1)[0]
    assert shlex.split(command) == ["pathtui", "import", str(stray)]
    assert stray.exists()
    merged = run_pathtui("import", str(stray))
    assert merged.returncode == 0, merged.stderr
    assert read_progress(data_dir / f"{PATH_ID}.toml", PATH_ID).state("basics-loops") == "done"  # type: ignore[union-attr]


@needs_git
@pytest.mark.parametrize("name", [DROPBOX_NO_NAME, OWNCLOUD, GOOGLE_DRIVE, ONEDRIVE])
def test_sync_never_sends_a_copy_it_could_not_merge(
    data_dir: Path, tmp_path: Path, name: str
) -> None:
    ok("done", "basics-language")
    ok("sync", "init", str(bare_remote(tmp_path)))
    junk = data_dir / name
    junk.write_text("not progress at all")
    first = run_pathtui("sync")
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith(f"pathtui: Left {junk} alone")
    tracked = git(data_dir, "ls-files")
    assert name not in tracked and f"{PATH_ID}.toml" in tracked
