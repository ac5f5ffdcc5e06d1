"""Promise 5, path upgrades: a new release of the path keeps every tick.

The fixtures under tests/fixtures/ are files of the current schema, committed
once and never edited: each must keep loading to exactly the values below, so
a future schema change has to ship a migration. Two releases of a small path
(v2 reorders, renames, removes and adds items and steps) show what an upgrade
does to saved progress, and `pathtui doctor` reports it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from pathtui.model import clock as hlc
from pathtui.model.progress import Progress, Record
from pathtui.model.schema import ITEMS, LOG, RATINGS, SETTINGS, Collection
from pathtui.services.doctor import NOTE, PROBLEM, diagnose
from pathtui.services.session import Session
from pathtui.storage.lock import FileLock
from pathtui.storage.progressread import read_progress
from pathtui.storage.store import Store
from support import pathtui_exe, run_installed, run_pathtui

FIXTURES = Path(__file__).parents[1] / "fixtures"
PATH_V1 = FIXTURES / "path_v1.toml"
PATH_V2 = FIXTURES / "path_v2.toml"
HOOKS = Path(__file__).parents[1] / "fault_hooks"
UTC = dt.UTC


def t(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 1, day, hour, minute, tzinfo=UTC)


NOTE_TEXT = 'page 12 — "quotes", a \\ backslash, ✎ and 🚀'
MIGRATED = hlc.MIGRATED_DEVICE
DEVICE_A, DEVICE_B = "0a0a0a0a", "0b0b0b0b"


def stamp(when: dt.datetime, counter: int = 0, device: str = MIGRATED) -> str:
    """A schema-1 time becomes a stamp on the fixed migration device."""
    return hlc.make(when, counter, device)


def record(kind: Collection, key: str, at: str, **values: object) -> Record:
    """A record whose fields were all written at ``at``."""
    return Record(kind, key, dict(values), dict.fromkeys(values, at))


def item(key: str, state: str, when: dt.datetime, note: str = "") -> Record:
    values = {"state": state, **({"note": note} if note else {})}
    return record(ITEMS, key, stamp(when), **values)


def progress(
    created: dt.datetime,
    settings: Record,
    items: list[Record],
    log: tuple[Record, ...] = (),
    epoch: str = "",
    ratings: list[Record] | None = None,
) -> Progress:
    return Progress(
        "fixture",
        created,
        {
            "settings": {"": settings},
            "items": {r.key: r for r in items},
            "log": {r.key: r for r in log},
            "ratings": {r.key: r for r in ratings or ()},
        },
        epoch=epoch,
    )


BASIC_SETTINGS = dict(
    hours_per_week=12.5,
    start_date=dt.date(2026, 1, 5),
    day_minimum_minutes=15.0,
    rest_days_per_week=1,
    streaks=True,
)
BASIC_LOG = (
    record(
        LOG,
        "log000000001",
        stamp(t(7, 21)),
        date=dt.date(2026, 1, 7),
        hours=1.5,
        created=t(7, 21),
        item="alpha-one",
        note="evening",
    ),
    record(
        LOG,
        "log000000002",
        stamp(t(8, 21)),
        date=dt.date(2026, 1, 8),
        hours=2.0,
        created=t(8, 21),
        deleted=True,
    ),
)

EXPECTED: dict[str, Progress] = {
    "progress_v1_basic.toml": progress(
        t(5),
        record(SETTINGS, "", stamp(t(6)), **BASIC_SETTINGS),
        [
            item("alpha-one", "done", t(7)),
            item("alpha-two", "learning", t(8, 9, 30), NOTE_TEXT),
            item("alpha-three", "skipped", t(9)),
            item("beta-one", "done", t(10)),
            item("beta-two", "done", t(11)),
            item("extra-one", "done", t(12)),
        ],
        BASIC_LOG,
    ),
    "progress_v1_after_reset.toml": progress(
        t(1),
        # schema 1 kept the settings through a reset: they stay, just after the epoch
        record(
            SETTINGS,
            "",
            stamp(t(3), 1),
            hours_per_week=10.0,
            start_date=dt.date(2026, 1, 3),
            day_minimum_minutes=15.0,
            rest_days_per_week=1,
            streaks=True,
        ),
        [
            item("beta-one", "learning", t(4)),
            item("retired-item", "done", t(4, 9, 6), "from a release long gone"),
        ],
        epoch=stamp(t(3)),
    ),
    "progress_v1_minimal.toml": progress(
        t(5),
        record(SETTINGS, "", stamp(t(5)), hours_per_week=8.0, start_date=dt.date(2026, 1, 5)),
        [item("alpha-one", "done", t(6, 9)), item("beta-one", "skipped", t(7, 10))],  # 10:00+01:00
    ),
    "progress_v2_basic.toml": progress(
        t(5),
        Record(
            SETTINGS,
            "",
            {"hours_per_week": 6.0, "start_date": dt.date(2026, 1, 5), "streak_kind": "days"},
            {
                "hours_per_week": stamp(t(9), 0, DEVICE_B),
                "start_date": stamp(t(6), 1, DEVICE_A),
                "streak_kind": stamp(t(9), 0, DEVICE_B),
            },
        ),
        [
            Record(
                ITEMS,
                "alpha-one",
                {"state": "done", "note": NOTE_TEXT},
                {"state": stamp(t(7), 0, DEVICE_A), "note": stamp(t(7), 3, DEVICE_B)},
            ),
            record(ITEMS, "alpha-two", stamp(t(8), 0, DEVICE_A), state="learning"),
            record(ITEMS, "quoted id ✎", stamp(t(8), 1, DEVICE_A), note=""),
        ],
        (
            record(
                LOG,
                "0123456789ab",
                stamp(t(7, 21), 0, DEVICE_A),
                date=dt.date(2026, 1, 7),
                hours=1.25,
                created=t(7, 21),
                item="alpha-one",
            ),
            Record(
                LOG,
                "ba9876543210",
                {
                    "date": dt.date(2026, 1, 8),
                    "hours": 2.0,
                    "created": t(8, 21),
                    "note": "wrong day",
                    "deleted": True,
                },
                {
                    **dict.fromkeys(("date", "hours", "created", "note"), stamp(t(8, 21))),
                    "deleted": stamp(t(8, 22), 0, DEVICE_B),
                },
            ),
        ),
        epoch=stamp(t(6), 0, DEVICE_A),
    ),
    "progress_v2_auto_sync.toml": progress(
        t(5),
        Record(
            SETTINGS,
            "",
            {"hours_per_week": 10.0, "start_date": dt.date(2026, 1, 5), "auto_sync": True},
            {
                "hours_per_week": stamp(dt.datetime(1, 1, 1, tzinfo=UTC), 0, "00000000"),
                "start_date": stamp(dt.datetime(1, 1, 1, tzinfo=UTC), 0, "00000000"),
                "auto_sync": stamp(t(10), 0, DEVICE_A),
            },
        ),
        [record(ITEMS, "alpha-one", stamp(t(6), 0, DEVICE_A), state="done")],
    ),
    "progress_v2_group.toml": progress(
        t(5),
        Record(
            SETTINGS,
            "",
            {
                "hours_per_week": 10.0,
                "start_date": dt.date(2026, 1, 5),
                "group_member": "0123456789abcdef0123456789abcdef",
                "group_key": "ab" * 32,
                "group_remote": "git@example.invalid:cohort.git",
                "group_name": 'Ann "the" learner',
                "group_share": "items",
                "group_observer": True,
            },
            {
                "hours_per_week": stamp(dt.datetime(1, 1, 1, tzinfo=UTC), 0, "00000000"),
                "start_date": stamp(dt.datetime(1, 1, 1, tzinfo=UTC), 0, "00000000"),
                **dict.fromkeys(
                    (
                        "group_member",
                        "group_key",
                        "group_remote",
                        "group_name",
                        "group_share",
                        "group_observer",
                    ),
                    stamp(t(10), 0, DEVICE_A),
                ),
            },
        ),
        [record(ITEMS, "alpha-one", stamp(t(10), 1, DEVICE_A), state="done")],
    ),
    "progress_v2_reviews.toml": progress(
        t(5),
        Record(
            SETTINGS,
            "",
            {"hours_per_week": 8.0, "start_date": dt.date(2026, 1, 5), "retention": 0.85},
            {
                "hours_per_week": stamp(t(5), 0, DEVICE_A),
                "start_date": stamp(t(5), 0, DEVICE_A),
                "retention": stamp(t(6, 11), 0, DEVICE_A),
            },
        ),
        [
            record(ITEMS, "alpha-one", stamp(t(6), 0, DEVICE_A), state="done"),
            record(ITEMS, "alpha-two", stamp(t(10), 0, DEVICE_B), state="todo"),
        ],
        ratings=[
            record(
                RATINGS,
                "1a1a1a1a1a1a",
                stamp(t(7, 20), 0, DEVICE_A),
                item="alpha-one",
                rating="good",
                given=t(7, 20),
            ),
            record(
                RATINGS,
                "2b2b2b2b2b2b",
                stamp(t(9, 8, 30), 0, DEVICE_B),
                item="alpha-one",
                rating="hard",
                given=t(9, 8, 30),
            ),
            record(
                RATINGS,
                "3c3c3c3c3c3c",
                stamp(t(9, 8, 31), 0, DEVICE_B),
                item="alpha-two",
                rating="again",
                given=t(9, 8, 31),
            ),
        ],
    ),
    "progress_v2_finished.toml": progress(
        t(5),
        record(
            SETTINGS,
            "",
            stamp(t(20), 1, DEVICE_A),
            hours_per_week=8.0,
            start_date=dt.date(2026, 1, 5),
        ),
        [
            record(
                ITEMS,
                "alpha-one",
                stamp(t(20), 2, DEVICE_A),
                state="done",
                finished=dt.datetime(2026, 1, 6, 20, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            ),
            record(
                ITEMS, "alpha-three", stamp(t(20), 3, DEVICE_A), state="skipped", finished=t(12, 8)
            ),
            Record(
                ITEMS,
                "beta-one",
                {"state": "todo", "finished": t(14, 18)},
                {"state": stamp(t(22), 0, DEVICE_B), "finished": stamp(t(20), 4, DEVICE_A)},
            ),
        ],
        epoch=stamp(t(20), 0, DEVICE_A),
    ),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_fixture_keeps_loading_to_exactly_these_values(name: str, tmp_path: Path) -> None:
    loaded = read_progress(FIXTURES / name, "fixture")
    assert loaded == EXPECTED[name]
    # ...and survives a save and a reload by this release unchanged.
    copy = tmp_path / "fixture.toml"
    shutil.copyfile(FIXTURES / name, copy)
    store = Store("fixture", copy)
    progress = store.load(10)
    store.save(progress)
    assert read_progress(copy, "fixture") == EXPECTED[name]


def test_every_committed_fixture_is_covered() -> None:
    on_disk = {p.name for p in FIXTURES.glob("progress_*.toml")}
    assert on_disk == set(EXPECTED)


def open_v2(data_dir: Path, fixture: str = "progress_v1_basic.toml") -> Session:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FIXTURES / fixture, data_dir / "fixture.toml")
    return Session.open(PATH_V2)


def test_upgrading_the_path_keeps_renames_and_keeps_removed_ids(data_dir: Path) -> None:
    session = open_v2(data_dir)
    progress = session.progress
    # Unchanged ids keep their state, wherever they moved to.
    assert progress.state("alpha-one") == "done"
    assert progress.state("alpha-three") == "skipped"
    assert progress.state("beta-one") == "done"
    # The rename carried state, note and time over.
    moved = progress.items["alpha-second"]
    assert (moved.state, moved.note, moved.when()) == ("learning", NOTE_TEXT, t(8, 9, 30))
    assert moved.stamps == EXPECTED["progress_v1_basic.toml"].items["alpha-two"].stamps
    assert "alpha-two" not in progress.items
    # Removed ids are not dropped, only reported.
    assert session.orphans() == ["beta-two", "extra-one"]
    # The reordered path counts by id: beta is step 1 now.
    est = session.estimate()
    assert [(s.id, s.done, s.total) for s in est.steps] == [
        ("beta", 1, 1),
        ("alpha", 2, 4),
        ("gamma", 0, 1),
    ]
    assert (est.items_done, est.items_skipped, est.items_total) == (2, 1, 6)
    assert est.next_item_id == "alpha-second"

    session.progress.set_state("gamma-one", "done")
    session.save()
    saved = read_progress(data_dir / "fixture.toml", "fixture")
    assert saved is not None
    assert saved.states() == {
        "alpha-one": "done",
        "alpha-second": "learning",
        "alpha-three": "skipped",
        "beta-one": "done",
        "beta-two": "done",  # kept
        "extra-one": "done",  # kept
        "gamma-one": "done",
    }
    assert saved.note("alpha-second") == NOTE_TEXT
    assert saved.log == EXPECTED["progress_v1_basic.toml"].log
    assert saved.settings == EXPECTED["progress_v1_basic.toml"].settings

    # Going back to the first release: the kept progress is all there again.
    back = Session.open(PATH_V1)
    assert back.progress.state("beta-two") == "done"
    assert back.progress.state("extra-one") == "done"
    assert back.orphans() == ["alpha-second", "gamma-one"]


def test_status_json_after_an_upgrade(data_dir: Path) -> None:
    open_v2(data_dir)
    result = run_pathtui("--path", str(PATH_V2), "status", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["items_done"], data["items_skipped"], data["items_total"]) == (2, 1, 6)
    assert data["current_step"]["id"] == "alpha"
    assert data["hours_per_week"] == 12.5


def test_a_reset_file_stays_reset_after_an_upgrade(data_dir: Path) -> None:
    session = open_v2(data_dir, "progress_v1_after_reset.toml")
    assert session.progress.states() == {"beta-one": "learning", "retired-item": "done"}
    assert session.orphans() == ["retired-item"]
    session.progress.set_state("alpha-one", "done")
    session.save()
    saved = read_progress(data_dir / "fixture.toml", "fixture")
    assert saved is not None and saved.epoch == stamp(t(3))
    assert saved.state("retired-item") == "done"
    assert saved.note("retired-item") == "from a release long gone"


# --------------------------------------------------------------------------- doctor


def doctor(
    *args: str, env: dict[str, str] | None = None, installed: bool = False
) -> subprocess.CompletedProcess[str]:
    """``pathtui doctor``; ``installed`` runs the script in its own process (import
    hooks in ``env``, a lock held by this process)."""
    run = run_installed if installed else run_pathtui
    return run(*args, "doctor", env=env)


def test_doctor_reports_renames_and_kept_progress_and_changes_nothing(data_dir: Path) -> None:
    open_v2(data_dir)
    before = (data_dir / "fixture.toml").read_bytes()
    result = doctor("--path", str(PATH_V2))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Renamed: progress on 'alpha-two' carries over to 'alpha-second'" in out
    assert (
        "Kept: progress for 2 ids this path no longer has: beta-two (done), extra-one (done)" in out
    )
    assert "reads cleanly (schema 1): 6 items with a state, 1 log entry" in out
    assert "The lock can be taken" in out and out.rstrip().endswith("your progress is safe.")
    assert (data_dir / "fixture.toml").read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == [".fixture.toml.lock", "fixture.toml"]

    same = doctor("--path", str(PATH_V1))
    assert same.returncode == 0 and "Renamed" not in same.stdout and "Kept" not in same.stdout


def test_doctor_on_a_fresh_install_creates_nothing(data_dir: Path) -> None:
    result = doctor()
    assert result.returncode == 0, result.stderr
    assert "No progress file yet" in result.stdout
    assert not data_dir.exists()


def test_doctor_lists_leftover_temp_files_but_they_are_not_a_problem(data_dir: Path) -> None:
    open_v2(data_dir)
    (data_dir / ".fixture.toml.4242.tmp").write_bytes(b"half a save")
    (data_dir / "backups").mkdir()
    (data_dir / "backups" / ".fixture-20260101-000000.toml.77.tmp").write_bytes(b"")
    result = doctor("--path", str(PATH_V2))
    assert result.returncode == 0, result.stderr
    assert "2 temp files from interrupted saves" in result.stdout
    assert ".fixture.toml.4242.tmp" in result.stdout


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad-progress", "is not valid TOML"),
        ("future-schema", "written by a newer pathtui (schema 3"),
        ("bad-path", "Path file"),
        ("read-only", "Saving in"),
        ("lock-held", "Another pathtui has held the lock"),
    ],
)
def test_doctor_exits_non_zero_when_something_is_wrong(
    data_dir: Path, tmp_path: Path, case: str, expected: str
) -> None:
    open_v2(data_dir)
    file = data_dir / "fixture.toml"
    path_arg = str(PATH_V2)
    env: dict[str, str] = {}
    if case == "bad-progress":
        file.write_bytes(b"schema = 1\npath_id = ")
    elif case == "future-schema":
        file.write_text(file.read_text().replace("schema = 1", "schema = 3"))
    elif case == "bad-path":
        broken = tmp_path / "broken.toml"
        broken.write_text(PATH_V2.read_text().replace("hours = [3, 6]", "hours = [6, 3]"))
        path_arg = str(broken)
    elif case == "read-only":
        env = {"PYTHONPATH": str(HOOKS), "PATHTUI_TEST_READONLY": str(data_dir)}
    before = file.read_bytes()
    if case == "lock-held":
        with FileLock(data_dir / ".fixture.toml.lock", timeout=1):
            result = doctor("--path", path_arg, env=env, installed=True)
    else:
        result = doctor("--path", path_arg, env=env, installed=case == "read-only")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    assert result.stderr.rstrip().endswith("problem found.")
    assert file.read_bytes() == before


def test_doctor_in_process_gives_structured_findings(data_dir: Path) -> None:
    open_v2(data_dir)
    report = diagnose(PATH_V2)
    assert report.problems == []
    assert report.renames == [("alpha-two", "alpha-second")]
    assert report.orphans == {"beta-two": "done", "extra-one": "done"}
    notes = [f.text for f in report.findings if f.level == NOTE]
    assert len(notes) == 3
    # this schema 1 fixture states 1-3 weeks for 10-21 hours: doctor says so
    assert any("baseline: weeks = [1, 3] at 10 h a week is 10–30 hours" in n for n in notes)
    assert PROBLEM not in {f.level for f in report.findings}


def test_doctor_shows_hostile_orphan_ids_literally(data_dir: Path) -> None:
    """Ids in a progress file are not validated like path ids: doctor must not
    print an escape sequence a hand-edited file smuggled in."""
    open_v2(data_dir)
    file = data_dir / "fixture.toml"
    text = file.read_text().replace("beta-two = {", '"beta\\u001b[31m-two" = {')
    file.write_text(text)
    result = subprocess.run(
        [pathtui_exe(), "--path", str(PATH_V2), "doctor"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "beta␛[31m-two (done)" in result.stdout


def test_the_finished_fixture_keeps_its_days_through_a_restore(data_dir: Path) -> None:
    """Every stamp is the restore's; the days the items were finished are not."""
    session = open_v2(data_dir, "progress_v2_finished.toml")
    finished = {
        i: session.progress.finished_at(i) for i in ("alpha-one", "alpha-three", "beta-one")
    }
    assert finished == {
        "alpha-one": dt.datetime(2026, 1, 6, 19, 15, tzinfo=UTC),
        "alpha-three": t(12, 8),
        "beta-one": None,
    }


def test_the_review_fixture_replays_to_its_cards(data_dir: Path) -> None:
    """The ratings a file holds are the cards: alpha-one active after good then
    hard; alpha-two suspended (back to todo) with its rating kept, and found
    under its new id after the path renamed it (alpha-second)."""
    from pathtui.services import reviews

    session = open_v2(data_dir, "progress_v2_reviews.toml")
    cards = reviews.cards(session)
    assert set(cards) == {"alpha-one", "alpha-second"}
    assert cards["alpha-one"].active and cards["alpha-one"].reviews == 2
    assert cards["alpha-one"].last_rating == "hard"
    assert not cards["alpha-second"].active and cards["alpha-second"].reviews == 1
    assert session.progress.settings.retention == 0.85
    # the ratings themselves are never rewritten: the file keeps the old id
    assert {r.item for r in session.progress.ratings()} == {"alpha-one", "alpha-two"}
