"""A study group's files: written, read back exactly, and checked strictly.

Every file in a group but one's own is someone else's, so ``read_member``,
``read_cheer`` and ``read_group`` must refuse anything off with one reason
and never raise anything else.
"""

from __future__ import annotations

import datetime as dt

import pytest

from pathtui.model import groupfiles
from pathtui.model.groupfiles import MemberData, Unreadable

ME = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"
KEY = "ab" * 32
NAME = f"{ME}.toml"
WHEN = dt.datetime(2026, 12, 4, 9, 30, tzinfo=dt.UTC)


def member(**changes: object) -> MemberData:
    data: MemberData = {
        "member": ME,
        "name": "Alice",
        "observer": False,
        "share": "progress",
        "stamp": "2026-12-04T09:00:00.000Z/0000/0a0a0a0a",
        "published": "2026-12-04T09:30:00Z",
        "path": {"id": "backend", "title": "Backend developer"},
        "step": 3,
        "steps": 7,
        "percent": 29.2,
        "last_active": "2026-12-03",
        "week_of": "2026-11-30",
        "week_hours": 4.5,
        "hours_per_week": 10.0,
        "streak_weeks": 3,
        "finish": {"earliest": "2027-05-10", "latest": "2028-02-20"},
        "weeks": [1.0, 2.0, 0.0, 3.5, 10.0, 12.25, 8.0, 4.5],
    }
    data.update(changes)  # type: ignore[typeddict-item]
    return data


def text_of(data: MemberData) -> bytes:
    return groupfiles.member_text(data, KEY).encode()


def test_a_member_file_reads_back_exactly_what_was_written() -> None:
    data = member()
    assert groupfiles.read_member(NAME, text_of(data)) == data


def test_a_first_weeks_goal_reads_back_and_is_checked() -> None:
    first = member(week_goal=2.86)
    assert groupfiles.read_member(NAME, text_of(first)) == first
    above = text_of(member(week_goal=12.0))  # more than the weekly goal: not a share
    with pytest.raises(Unreadable, match="week_goal"):
        groupfiles.read_member(NAME, above)


def test_every_share_level_reads_back_exactly() -> None:
    minimal = member(share="minimal")
    for key in ("week_of", "week_hours", "hours_per_week", "streak_weeks", "finish", "weeks"):
        del minimal[key]  # type: ignore[misc]
    assert groupfiles.read_member(NAME, text_of(minimal)) == minimal
    items = member(share="items", done=["basics-loops", "basics-lists"], skipped=["web-html"])
    assert groupfiles.read_member(NAME, text_of(items)) == items
    observer: MemberData = {
        "member": ME,
        "name": "Mentor",
        "observer": True,
        "share": "progress",
        "stamp": "",
        "published": "2026-12-04T09:30:00Z",
    }
    assert groupfiles.read_member(NAME, text_of(observer)) == observer
    finished = member(step=None, percent=100.0, last_active=None, streak_weeks=None)
    assert groupfiles.read_member(NAME, text_of(finished)) == finished


def test_a_leaving_note_holds_no_name_and_no_progress() -> None:
    note: MemberData = {
        "member": ME,
        "left": True,
        "stamp": "",
        "published": "2026-12-04T09:30:00Z",
    }
    import tomllib

    text = groupfiles.member_text(note, KEY)
    keys = set(tomllib.loads(text))
    assert keys == {"format", "member", "left", "stamp", "published", "signature"}
    assert groupfiles.read_member(NAME, text.encode()) == note


def test_the_signature_is_the_learners_own() -> None:
    raw = text_of(member())
    assert groupfiles.signed_by(raw, KEY)
    assert not groupfiles.signed_by(raw, "cd" * 32)
    assert not groupfiles.signed_by(raw, "")
    tampered = raw.replace(b"percent = 29.2", b"percent = 99.2")
    assert groupfiles.read_member(NAME, tampered)["percent"] == 99.2
    assert not groupfiles.signed_by(tampered, KEY)
    assert not groupfiles.signed_by(raw.split(b"[signature]")[0], KEY)
    assert not groupfiles.signed_by(b"\xff\xfe not text", KEY)


def test_text_with_quotes_escapes_and_other_scripts_survives_the_file() -> None:
    name = 'Zoë "the \\ coder" 學習 \u202e'
    data = member(name=name, path={"id": "backend", "title": "tab\there\x1b[31m"})
    back = groupfiles.read_member(NAME, text_of(data))
    assert back["name"] == name
    assert back["path"]["title"] == "tab\there\x1b[31m"  # kept as sent; cleaned when shown


def test_newest_summary_wins_by_progress_then_by_time() -> None:
    old = member(stamp="2026-12-01T00:00:00.000Z/0000/0a0a0a0a")
    new = member(stamp="2026-12-02T00:00:00.000Z/0000/0b0b0b0b")
    assert groupfiles.newer(new, old) and not groupfiles.newer(old, new)
    later = member(published="2026-12-05T00:00:00Z")
    assert groupfiles.newer(later, member()) and not groupfiles.newer(member(), later)
    assert not groupfiles.newer(member(), member())


def test_a_leave_after_the_join_stands_until_the_next_join() -> None:
    from pathtui.model.groupsummary import leaving_note

    joined = "2026-12-01T00:00:00.000Z/0000/0a0a0a0a"
    note = leaving_note(ME, "2026-12-02T00:00:00.000Z/0000/0a0a0a0a", WHEN)
    assert groupfiles.left_since(note, joined)
    assert not groupfiles.left_since(note, "2026-12-03T00:00:00.000Z/0000/0b0b0b0b")  # rejoined
    assert not groupfiles.left_since(member(stamp=note["stamp"]), joined)  # a summary


def bad(raw: bytes, name: str = NAME) -> str:
    with pytest.raises(Unreadable) as caught:
        groupfiles.read_member(name, raw)
    return str(caught.value)


def with_line(old: str, new: str) -> bytes:
    text = groupfiles.member_text(member(), KEY)
    assert old in text, old
    return text.replace(old, new).encode()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\x00\xff" * 10, "not UTF-8"),
        (b"not = [valid", "not valid TOML"),
        (b"name = 'x'", "no format number"),
        (b"format = 2\nname = 'x'", "newer pathtui"),
        (b"format = 0\n", "format 0"),
        (b"format = 1\nname = " + b"[" * 3000 + b"]" * 3000, "nests too deep"),
        (with_line('name = "Alice"', "name = 42"), "name is not text"),
        (with_line('name = "Alice"', 'name = "   "'), "name is empty"),
        (with_line('name = "Alice"', f'name = "{"x" * 41}"'), "longer than 40"),
        (with_line("observer = false", 'observer = "no"'), "observer is not true or false"),
        (with_line('share = "progress"', 'share = "everything"'), "share is not"),
        (with_line("stamp = ", "stamp = 5\nx = "), "unknown key"),
        (with_line('stamp = "2026', 'stamp = "yesterday'), "not a clock stamp"),
        (with_line("published = 2026-12-04T09:30:00Z", "published = 2026-12-04"), "published"),
        (
            with_line("published = 2026-12-04T09:30:00Z", "published = 2026-12-04T09:30:00"),
            "offset",
        ),
        (with_line('id = "backend"', 'id = "../../etc"'), "not an id"),
        (with_line("step = 3", "step = 9"), "step is not a whole number from 1 to 7"),
        (with_line("step = 3", "step = 3.0"), "step is not a whole number"),
        (with_line("percent = 29.2", "percent = 101"), "percent"),
        (with_line("percent = 29.2", "percent = nan"), "percent"),
        (with_line("percent = 29.2", "percent = true"), "percent"),
        (with_line("week_of = 2026-11-30", "week_of = 2026-12-01"), "not a Monday"),
        (with_line("week_hours = 4.5", "week_hours = -1"), "week_hours"),
        (with_line("hours_per_week = 10.0", "hours_per_week = 500"), "hours_per_week"),
        (with_line("streak_weeks = 3", "streak_weeks = -3"), "streak_weeks"),
        (with_line("finish_latest = 2028-02-20", "finish_latest = 2020-02-20"), "ends before"),
        (with_line("weeks = [", "weeks = [1.0, "), "weeks is not a list of 8"),
        (with_line("last_active = 2026-12-03", "last_active = 1900-01-01"), "last_active"),
        (with_line("[pace]", "[pace]\nnotes = 'my secret notes'"), "unknown key"),
        (with_line('share = "progress"', 'share = "minimal"'), "does not match its share level"),
        (with_line('member = "0123', 'member = "9999'), "not the one in its file name"),
    ],
)
def test_a_member_file_that_is_off_in_any_way_is_unreadable(raw: bytes, reason: str) -> None:
    assert reason in bad(raw)


def test_a_file_larger_than_the_cap_is_refused_before_it_is_parsed() -> None:
    huge = b"format = 1\n" + b"# padding\n" * (groupfiles.MAX_MEMBER_BYTES // 10 + 1)
    assert "larger than 512 KiB" in bad(huge)


def test_only_member_ids_name_member_files() -> None:
    raw = text_of(member())
    for name in ("alice.toml", f"{ME}.txt", f"{ME.upper()}.toml", f"../{ME}.toml", ".toml"):
        assert "file name is not a member id" in bad(raw, name)
    assert groupfiles.member_id_of(NAME) == ME


def test_too_many_item_ids_are_refused() -> None:
    ids = [f"item-{i}" for i in range(groupfiles.MAX_SHARED_ITEMS + 1)]
    data = member(share="items", done=ids, skipped=[])
    assert "at most 5000 item ids" in bad(text_of(data))


def test_a_cheer_reads_back_and_is_checked() -> None:
    name = groupfiles.cheer_name(OTHER, WHEN, "a1b2c3")
    assert name == f"{OTHER}-20261204T093000Z-a1b2c3.toml"
    raw = groupfiles.cheer_text(OTHER, ME, WHEN, "Keep going! [bold]x[/bold]").encode()
    assert groupfiles.read_cheer(ME, name, raw) == {
        "key": name.removesuffix(".toml"),
        "sender": OTHER,
        "to": ME,
        "sent": "2026-12-04T09:30:00Z",
        "text": "Keep going! [bold]x[/bold]",
    }
    with pytest.raises(Unreadable, match="does not match its place"):
        groupfiles.read_cheer(OTHER, name, raw)  # in someone else's folder
    claims = groupfiles.cheer_text(ME, ME, WHEN, "from me, says the file").encode()
    with pytest.raises(Unreadable, match="does not match its place"):
        groupfiles.read_cheer(ME, name, claims)
    with pytest.raises(Unreadable, match="not a cheer's"):
        groupfiles.read_cheer(ME, "hello.toml", raw)
    long = groupfiles.cheer_text(OTHER, ME, WHEN, "x" * 201).encode()
    with pytest.raises(Unreadable, match="longer than 200"):
        groupfiles.read_cheer(ME, name, long)
    with pytest.raises(Unreadable, match="larger than 4 KiB"):
        groupfiles.read_cheer(ME, name, raw + b"#" * groupfiles.MAX_CHEER_BYTES)


def test_the_group_file() -> None:
    raw = groupfiles.group_text('Cohort "7"', WHEN).encode()
    assert groupfiles.read_group(raw) == {"name": 'Cohort "7"', "created": "2026-12-04T09:30:00Z"}
    with pytest.raises(Unreadable, match="lacks 'created'"):
        groupfiles.read_group(b"format = 1\nname = 'x'\n")


def test_names_and_cheers_people_type_are_tidied_or_refused() -> None:
    assert groupfiles.check_name("  Ada   Lovelace ") == "Ada Lovelace"
    assert groupfiles.same_name("ada lovelace", " Ada  LOVELACE")
    assert not groupfiles.same_name("Ada", "Ana")
    for name, reason in (("", "empty"), ("a\x1bb", "control"), ("x" * 41, "at most 40")):
        with pytest.raises(ValueError, match=reason):
            groupfiles.check_name(name)
    assert groupfiles.check_cheer(" well\tdone ") == "well done"
    with pytest.raises(ValueError, match="at most 200 characters; this one has 201"):
        groupfiles.check_cheer("y" * 201)
    with pytest.raises(ValueError, match="needs a message"):
        groupfiles.check_cheer("   ")


def test_names_are_one_unicode_form_and_hold_nothing_invisible() -> None:
    decomposed, precomposed = "Rene\u0301", "Ren\u00e9"
    assert groupfiles.check_name(decomposed) == precomposed  # NFC
    assert groupfiles.same_name(decomposed, precomposed)
    assert groupfiles.same_name("\uff21nn", "ann")  # a fullwidth A reads as an A
    assert groupfiles.same_name("X1\u200b", "x1")  # a name already in a group, sent by anyone
    for name in ("X1\u200b", "\u202eevil", "a\u2028b", "b\u2029", "\u2066x\u2069", "\ufeffAnn"):
        with pytest.raises(ValueError, match="invisible characters") as caught:
            groupfiles.check_name(name, what="Your name in the group")
        assert str(caught.value).count(".") == 1


def test_a_name_may_join_characters_but_not_to_read_like_another() -> None:
    for name in ("\U0001f469\u200d\U0001f4bb", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"):
        assert groupfiles.check_name(name) == name  # an emoji sequence, a Persian word
    assert groupfiles.same_name("X1\u200d", "X1")  # a joiner cannot make a second "X1"


def test_toml_strings_escape_every_control_character() -> None:
    import tomllib

    text = "".join(chr(c) for c in range(0x20)) + '"\\\x7f ok é 🚀'
    assert tomllib.loads(f"x = {groupfiles.toml_string(text)}")["x"] == text
