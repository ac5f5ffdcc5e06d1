"""The nudges due each day of a week, the day's cached answer, and desktop
notifications sent once a day per kind through a private D-Bus."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from dbus_support import FakeNotificationServer, PrivateBus
from nudge_support import EXPECTED, WEEK, local_noon, make_week_learner
from pathtui.model.nudges import TITLES
from pathtui.services import notify, reminders
from pathtui.services.session import Session
from pathtui.storage.remindsent import record_sent, sent_file, sent_today


@pytest.fixture
def learner(isolated_env: Path) -> Session:
    return make_week_learner()


def texts(day_nudges: list[reminders.Nudge]) -> list[str]:
    return [n["text"] for n in day_nudges]


def test_each_day_of_the_week_gets_exactly_its_nudges(learner: Session) -> None:
    for day in WEEK:
        assert texts(reminders.due(now=local_noon(day))) == EXPECTED[day], day


def test_a_second_call_the_same_day_is_answered_from_the_cache(
    learner: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    friday = local_noon(WEEK[4])
    first = reminders.due(now=friday)

    def no_work(*args: object) -> list[reminders.Nudge]:
        raise AssertionError("the day's answer should have come from the cache")

    with monkeypatch.context() as patched:
        patched.setattr(reminders, "gather", no_work)
        assert reminders.due(now=friday + 3600) == first
    # The next day, or a changed file, works the answer out again.
    assert texts(reminders.due(now=local_noon(WEEK[5]))) == EXPECTED[WEEK[5]]
    with learner.editing():
        learner.progress.add_log(WEEK[4], 3.0)
    assert texts(reminders.due(now=friday))[:1] == [EXPECTED[WEEK[4]][1]]  # no longer behind


def test_no_progress_file_means_no_nudges(isolated_env: Path) -> None:
    assert reminders.due(now=local_noon(WEEK[6])) == []


def test_a_learner_in_no_study_group_has_no_cheers(learner: Session) -> None:
    assert reminders.new_cheers_line(None) == ""
    assert reminders.cheers_signature() == ""
    assert "cheers" not in [n["kind"] for n in reminders.due(now=local_noon(WEEK[0]))]


class FakeGroups:
    """Study groups' read side as ``remind`` asks for it (``new_cheers``,
    ``cheers_line``; ``head_commit`` and ``SEEN`` of the answer cache), over
    a clone folder in the state folder whose HEAD names the fetched commit."""

    SEEN = "pathtui-cheers-seen"

    def __init__(self, state: Path) -> None:
        self.clone = state / reminders.GROUPS_FOLDER / "m-1"
        (self.clone / ".git").mkdir(parents=True)
        self.cheers: list[str] = []
        self.asked = 0
        self.fetched("c0")

    def fetched(self, commit: str) -> None:
        (self.clone / ".git" / "HEAD").write_text(commit, encoding="utf-8")

    def head_commit(self, folder: str) -> str:
        return (Path(folder) / ".git" / "HEAD").read_text(encoding="utf-8")

    def new_cheers(self, progress: object) -> list[str]:
        assert progress is not None
        self.asked += 1
        return list(self.cheers)

    def cheers_line(self, cheers: list[str]) -> str:
        return f"{len(cheers)} new cheers, from {' and '.join(cheers)}"


def test_new_cheers_come_from_the_study_group_and_a_fetch_is_not_hidden_by_the_cache(
    learner: Session, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    groups = FakeGroups(Path(os.environ["PATHTUI_STATE_DIR"]))
    monkeypatch.setitem(sys.modules, "pathtui.services.groupcheers", groups)
    monkeypatch.setitem(sys.modules, "pathtui.storage.groupanswer", groups)
    monday = local_noon(WEEK[0])
    assert reminders.due(now=monday) == []
    signature = reminders.cheers_signature()
    assert signature != ""
    # A round fetches two cheers: the clone's commit moves, the cache misses.
    groups.cheers = ["Bob", "Ann"]
    groups.fetched("c1")
    assert reminders.cheers_signature() != signature
    assert reminders.due(now=monday + 60) == [
        {"kind": "cheers", "text": "2 new cheers, from Bob and Ann (pathtui group sync)."}
    ]
    asked = groups.asked
    assert reminders.due(now=monday + 120)[0]["kind"] == "cheers"
    assert groups.asked == asked  # nothing changed: the day's cached answer
    # The tracker shows them (the note of shown cheers changes): none are new.
    groups.cheers = []
    (groups.clone / ".git" / groups.SEEN).write_text('["k1", "k2"]', encoding="utf-8")
    assert reminders.due(now=monday + 180) == []
    assert groups.asked == asked + 1


def test_remind_looks_for_group_clones_where_groups_keep_them() -> None:
    from pathtui.storage import groupfolder

    assert reminders.GROUPS_FOLDER == groupfolder.GROUPS


def test_cached_lines_keep_one_nudge_per_line() -> None:
    nudges: list[reminders.Nudge] = [
        {"kind": "cheers", "text": "from \x1b[31mBob\x1f\nhi"},
        {"kind": "week", "text": "behind"},
    ]
    back = reminders.decode(reminders.encode(nudges))
    assert back == [
        {"kind": "cheers", "text": "from  [31mBob  hi"},
        {"kind": "week", "text": "behind"},
    ]
    assert reminders.decode("") == []


# --------------------------------------------------------------------------- the sent record


def test_the_sent_record_is_per_day(tmp_path: Path) -> None:
    file = sent_file(str(tmp_path), "key")
    assert sent_today(file, "2026-12-11") == set()
    assert record_sent(file, "2026-12-11", {"week"})
    assert record_sent(file, "2026-12-11", {"reviews"})
    assert sent_today(file, "2026-12-11") == {"week", "reviews"}
    assert sent_today(file, "2026-12-12") == set()
    assert record_sent(file, "2026-12-12", {"streak"})
    assert sent_today(file, "2026-12-12") == {"streak"}
    assert Path(file).read_text(encoding="utf-8") == "2026-12-12\nstreak\n"
    Path(file).write_bytes(b"\xff\xfe garbage")
    assert sent_today(file, "2026-12-12") == set()


def test_a_sent_record_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    file = sent_file(str(blocker), "key")
    assert not record_sent(file, "2026-12-11", {"week"})
    assert sent_today(file, "2026-12-11") == set()


# --------------------------------------------------------------------------- D-Bus


def test_notifications_go_once_a_day_per_kind(
    learner: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    friday, saturday = local_noon(WEEK[4]), local_noon(WEEK[5])
    with PrivateBus() as bus, FakeNotificationServer(bus.address) as server:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        sent, problem = reminders.notify_once(reminders.due(now=friday), now=friday)
        assert problem == ""
        assert [n["kind"] for n in sent] == ["week", "reviews"]
        assert server.calls == [
            ("pathtui", 0, "", TITLES["week"], EXPECTED[WEEK[4]][0], [], {}, -1),
            ("pathtui", 0, "", TITLES["reviews"], EXPECTED[WEEK[4]][1], [], {}, -1),
        ]
        # The timer runs again the same day: nothing more is sent.
        again, problem = reminders.notify_once(reminders.due(now=friday), now=friday + 60)
        assert (again, problem) == ([], "")
        assert len(server.calls) == 2
        # Saturday: the review card is still due, and is shown again, once.
        sent, _ = reminders.notify_once(reminders.due(now=saturday), now=saturday)
        assert [n["kind"] for n in sent] == ["reviews", "follow-up"]
        assert [call[4] for call in server.calls[2:]] == EXPECTED[WEEK[5]]


def test_no_service_on_the_bus_sends_nothing_and_records_nothing(
    learner: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    friday = local_noon(WEEK[4])
    with PrivateBus() as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        sent, problem = reminders.notify_once(reminders.due(now=friday), now=friday)
        assert sent == []
        assert problem == "no notification service is running on the session bus"
        with FakeNotificationServer(bus.address) as server:  # a later run can still send
            sent, problem = reminders.notify_once(reminders.due(now=friday), now=friday)
            assert problem == "" and len(sent) == 2 and len(server.calls) == 2


def test_the_bus_is_found_in_the_runtime_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runtime = tmp_path / "runtime"
    runtime.mkdir()
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    with PrivateBus() as bus, FakeNotificationServer(bus.address) as server:
        socket = bus.address.removeprefix("unix:path=").split(",")[0]
        (runtime / "bus").symlink_to(socket)
        assert notify.session_bus_address() == f"unix:path={runtime / 'bus'}"
        assert notify.notify([("Reviews due", "2 topics")]) == [1]
        assert server.calls[0][3:5] == ("Reviews due", "2 topics")


def test_every_failure_to_reach_a_bus_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    if not os.path.exists(f"/run/user/{os.getuid()}/bus"):
        with pytest.raises(notify.NotifyError, match="there is no session bus"):
            notify.notify([("a", "b")])
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path / 'missing'}")
    with pytest.raises(notify.NotifyError, match=r"^cannot reach the session bus \("):
        notify.notify([("a", "b")])
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "tcp:host=127.0.0.1,port=9")
    with pytest.raises(notify.NotifyError, match=r"^cannot reach the session bus \("):
        notify.notify([("a", "b")])
    assert notify.notify([]) == []


@pytest.mark.parametrize("address", ["garbage", "unix:", "unix:path", ";", "unix:path=/x;oops"])
def test_a_malformed_bus_address_is_named_in_a_clear_sentence(
    address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    with pytest.raises(notify.NotifyError) as raised:
        notify.notify([("a", "b")])
    assert str(raised.value) == (
        f"DBUS_SESSION_BUS_ADDRESS ({address!r}) is not a session bus address"
    )
    assert notify.is_bus_address("unix:path=/run/user/1000/bus;unix:abstract=x,guid=1")


def test_a_service_that_never_answers_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection

    with PrivateBus() as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        with open_dbus_connection(bus.address) as silent:  # owns the name, reads nothing
            silent.send_and_get_reply(
                message_bus.RequestName("org.freedesktop.Notifications", 4), timeout=5
            )
            started = time.monotonic()
            with pytest.raises(notify.NotifyError, match=r"did not answer within 0\.3 s"):
                notify.notify([("a", "b")], timeout=0.3)
            assert time.monotonic() - started < 10  # bounded, never the bus's 25 s
