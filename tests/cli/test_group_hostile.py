"""Hostile member files: every one is listed as unreadable (or shown literally),
none blocks or crashes the rest, and none reaches the terminal as anything
but plain text.

A hostile member can push anything to the group's repository; these tests
push 23 such files next to a well-behaved member's, then look with ``group``,
``group --json``, ``group sync`` and ``group cheer``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from group_support import (
    Learner,
    Writer,
    cheer_file,
    group_remote,
    learners,
    made_up_member,
    member_file,
)
from hostile_text import CONTROL
from sync_support import git, needs_git

pytestmark = [needs_git, pytest.mark.slow]

SENT = dt.datetime(2026, 5, 1, 8, 0, tzinfo=dt.UTC)
GOOD = "1" * 32
#: Text a file on this machine holds that no group may ever see or show.
SECRET = "TOP-SECRET-ON-THIS-MACHINE"


def hostile_files(me: str, secret_file: Path) -> dict[str, bytes | str]:
    """Place -> content of the hostile files (a symlink's content is its target)."""
    ok = made_up_member
    ids = iter(f"{n:x}" * 32 for n in range(2, 16))

    def place(member: str) -> str:
        return f"members/{member}.toml"

    def varied(name: str) -> tuple[str, str]:
        member = next(ids)
        return place(member), member_file(ok(member, name))

    def edited(old: str, new: str) -> tuple[str, str]:
        member = next(ids)
        text = member_file(ok(member, "Eve"))
        assert old in text, old
        return place(member), text.replace(old, new)

    files: dict[str, bytes | str] = {
        place("a" * 32): os.urandom(3000),  # garbage
        place("b" * 31 + "0"): b"format = 1\n" + b"x" * (10 * 1024 * 1024),  # 10 MB
        "members/evil.toml": member_file(ok(GOOD[:-1] + "2", "Evil")),  # not an id
        place(me[::-1] if me[::-1] != me else "e" * 32): member_file(ok(me, "Me, says Eve")),
        place(GOOD[:-1] + "3"): b"",  # empty
        place(GOOD[:-1] + "4"): b"format = 1\nname = " + b"[" * 5000 + b"]" * 5000,  # deep
        place(GOOD[:-1] + "5"): b'format = 1\nname = "\xff\xfe"\n',  # not UTF-8
        place(GOOD[:-1] + "6"): "format = 99\nname = 'from the future'\n",
    }
    for key, value in (
        varied(name="\x1b]0;pwned\x07\x1b[2J[bold red]Eve[/]"),  # escapes + markup: shown literally
        varied(name="\u202eevE"),  # right-to-left override: shown, harmless
        edited("percent = 25.0", 'percent = "lots"'),  # wrong type
        edited("percent = 25.0", "percent = nan"),
        edited("week_hours = 6.5", "week_hours = -3.0"),
        edited("step = 2", "step = 70"),
        edited('name = "Eve"', f'name = "{"E" * 10_000}"'),  # huge name
        edited("last_active = 2026-04-29", "last_active = 9999-12-31"),
        edited("[pace]", "[pace]\nnotes = 'everything you wrote'"),  # unknown key
        edited('share = "progress"', 'share = "minimal"'),  # tables off their share level
        edited("observer = false", "observer = true"),  # an observer with progress
        edited('name = "Eve"', 'name = "Eve\\u0000NUL"'),  # a NUL inside text
    ):
        files[key] = value
    files[place(next(ids))] = ("symlink", str(secret_file))  # type: ignore[assignment]
    files[place(next(ids)) + "/inside.toml"] = "format = 1\n"  # a folder where a file goes
    return files


@pytest.fixture
def group_with_hostiles(tmp_path: Path) -> tuple[Learner, Path, Writer]:
    (me,) = learners(tmp_path, "me")
    remote = group_remote(tmp_path)
    me.ok("done", "basics-language")
    me.ok("group", "create", str(remote), "--as", "Me")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    writer = Writer(remote, tmp_path / "hostile")
    writer.write(f"members/{GOOD}.toml", member_file(made_up_member(GOOD, "Good")))
    count = 0
    for place, content in hostile_files(me.member, secret).items():
        if isinstance(content, tuple):  # a symlink committed as a member file
            (writer.folder / place).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(content[1], writer.folder / place)
        else:
            writer.write(place, content)
        count += 1
    assert count >= 20
    for n in range(3):  # and cheers: a flood, a huge one, one claiming to be from me
        cheer_place, text = cheer_file(GOOD, me.member, f"hang in there {n}", SENT, f"00000{n}")
        writer.write(cheer_place, text)
    writer.write(f"cheers/{me.member}/{GOOD}-20260501T080000Z-ffffff.toml", b"x" * 50_000)
    fake, text = cheer_file(me.member, me.member, "I cheer myself", SENT, "abcdef")
    writer.write(fake, text)
    writer.push("a hostile member writes")
    return me, remote, writer


def plain(text: str) -> None:
    """Nothing that could move a cursor, colour text or retitle a terminal."""
    assert not CONTROL.search(text.replace("\n", "")), repr(text[:300])


def test_every_hostile_file_is_unreadable_or_literal_and_the_rest_still_works(
    group_with_hostiles,
) -> None:
    me, _, _ = group_with_hostiles
    line = me.ok("group", "sync").splitlines()
    assert line[0].startswith("Synced with Study group: ")
    assert line[1:] == [f"Cheer from Good (2026-05-01): hang in there {n}" for n in (0, 1, 2)]
    rows = me.table()
    readable = [r for r in rows if not r.get("unreadable")]
    unreadable = [r for r in rows if r.get("unreadable")]
    names = [r["name"] for r in readable]
    assert "Good" in names and "Me" in names
    assert "␛]0;pwned␇␛[2J[bold red]Eve[/]" in names
    assert "\ufffdevE" in names  # the override shows, and reorders nothing
    assert len(unreadable) >= 18
    reasons = {r["reason"] for r in unreadable}
    for expected in (
        "it is not valid TOML",
        "it is larger than 512 KiB",
        "its file name is not a member id",
        "the member id inside is not the one in its file name",
        "it is not UTF-8 text",
        "a newer pathtui wrote it (format 99); update pathtui to read it",
        "percent is not a number from 0 to 100",
        "week_hours is not a number from 0 to 168",
        "name is longer than 40 characters",
        "[pace] has an unknown key 'notes'",
        "an observer's file holds progress",
        "it nests too deep to be a member's file",
    ):
        assert expected in reasons, (expected, reasons)
    table = me.ok("group")
    plain(table)
    plain(json.dumps(rows, ensure_ascii=False))
    assert SECRET not in table and SECRET not in json.dumps(rows)
    assert "? " in table and "unreadable:" in table
    sentence = me.fails("group", "cheer", "Evil", "hi")  # only an unreadable file says so
    assert "Nobody in your group is named 'Evil'" in sentence
    # The digest: every file was checked once and is kept for the next look.
    file = me.root / "cache" / "pathtui" / "groups" / f"{me.member}.json"
    digest = json.loads(file.read_text())
    assert digest["head"] == git(me.root / "state" / "groups" / me.member, "rev-parse", "HEAD")
    assert re.fullmatch(r"[0-9a-f]{40}", digest["head"])
    assert len(digest["members"]) == len(rows)  # one entry per file, each listed


def test_nothing_hostile_is_followed_or_sent_back_and_your_own_file_is_yours(
    group_with_hostiles,
) -> None:
    me, remote, writer = group_with_hostiles
    me.ok("group", "sync")
    clone = me.root / "state" / "groups" / me.member
    links = [p for p in clone.rglob("*") if p.is_symlink()]
    assert links == []  # core.symlinks=false: a committed link is a small file here
    me.ok("done", "basics-lang-python")
    me.ok("group", "sync")
    my_commit = git(remote, "log", "-1", "--format=%H", "main")
    changed = git(remote, "show", "--name-only", "--format=", my_commit).splitlines()
    assert changed == [f"members/{me.member}.toml"]  # only ever its own file
    assert me.ok("group", "cheer", "good", "thanks!") == "Sent your cheer to Good.\n"
    assert any(p.startswith(f"cheers/{GOOD}/{me.member}-") for p in writer.files())
    history = subprocess.run(
        ["git", "-C", str(remote), "log", "-p", "--all"], capture_output=True, check=True
    ).stdout
    assert SECRET.encode() not in history
    # Someone rewrites this learner's file: their pathtui notices and writes it again.
    forged = made_up_member(me.member, "Me", percent=99.0)
    writer.write(f"members/{me.member}.toml", member_file(forged, key="ee" * 32))
    writer.push("someone writes my file")
    done = me.cli("group", "sync")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "pathtui: Someone else had written your member file in the group; pathtui wrote "
        "yours again.\n"
    )
    mine = [r for r in me.table() if r["you"]]
    assert len(mine) == 1  # the other file carrying this id is not taken for us
    assert mine[0]["name"] == "Me" and mine[0]["percent"] == 3.7  # ours, not the forger's 99%
