"""``pathtui group ...`` from the shell: what each command prints and publishes,
and bad input: one sentence, a non-zero exit, the learner's progress unchanged.

Real git, local bare repositories, one home per learner (``group_support.py``).
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

import pytest

from group_support import Learner, group_remote, history_text, learners, remote_files
from sync_support import bare_remote, git, needs_git, snapshot

pytestmark = [needs_git, pytest.mark.slow]


@pytest.fixture
def two(tmp_path: Path) -> tuple[Learner, Learner, Path]:
    """Ann made a group; Ben joined it."""
    ann, ben = learners(tmp_path, "ann", "ben")
    remote = group_remote(tmp_path)
    ann.ok("done", "basics-language", "basics-lang-python")
    out = ann.ok("group", "create", str(remote), "--name", "Cohort 7", "--as", "Ann")
    assert out == f"Created Cohort 7 at {remote} as a member named 'Ann'; 1 member so far.\n"
    out = ben.ok("group", "join", str(remote), "--as", "Ben")
    assert out == f"Joined Cohort 7 at {remote} as a member named 'Ben'; 2 members so far.\n"
    assert ann.ok("group", "sync") == "Synced with Cohort 7: 2 members, 1 updated.\n"
    return ann, ben, remote


def test_the_table_lists_every_member_with_your_own_row_marked(two) -> None:
    ann, _, _ = two
    ann.ok("group", "sync")
    lines = ann.ok("group").splitlines()
    assert lines[0].startswith("Cohort 7 · 2 members · synced ")
    assert lines[1].split() == [
        "NAME",
        "STEP",
        "DONE",
        "THIS",
        "WEEK",
        "STREAK",
        "ACTIVE",
        "FINISH",
    ]
    mine = next(line for line in lines if "Ann" in line)
    assert mine.startswith("▸ Ann (you)") and " 1/7 " in mine and " 4% " in mine
    assert any(line.startswith("  Ben ") for line in lines)


def test_group_json_is_the_designs_list(two) -> None:
    ann, ben, _ = two
    rows = ben.table()
    assert sorted(r["name"] for r in rows) == ["Ann", "Ben"]
    ann_row = next(r for r in rows if r["name"] == "Ann")
    assert ann_row["you"] is False and ann_row["observer"] is False
    assert ann_row["member"] == ann.member
    assert ann_row["path"]["id"] == "backend" and ann_row["step"] == 1
    assert ann_row["percent"] == 3.7
    for key in ("last_active", "week_hours", "hours_per_week", "streak_weeks", "finish", "weeks"):
        assert key in ann_row
    assert len(ann_row["weeks"]) == 8
    assert set(ann_row["finish"]) == {"earliest", "latest"}
    assert next(r for r in rows if r["name"] == "Ben")["you"] is True


def test_each_share_level_publishes_exactly_its_keys_and_never_the_private_parts(two) -> None:
    ann, _, remote = two
    secret_note = "my private note about the interview"
    ann.ok("note", "basics-language", secret_note)
    ann.ok("log", "1h", "--note", "a private log line")
    ann.ok("apply", "Secretcorp", "Backend dev")
    ann.ok("project", "add", "Hiddenproject")
    file = f"members/{ann.member}.toml"
    for level, tables in (
        ("minimal", {"path"}),
        ("progress", {"path", "pace"}),
        ("items", {"path", "pace", "items"}),
    ):
        out = ann.ok("group", "share", level)
        assert out.startswith(f"You now share '{level}'. Synced with Cohort 7"), out
        data = tomllib.loads(remote_files(remote)[file].decode())
        assert set(data) == {
            "format", "member", "name", "observer", "share", "stamp", "published", "signature",
        } | tables  # fmt: skip
        assert data["share"] == level
    items = tomllib.loads(remote_files(remote)[file].decode())["items"]
    assert items == {"done": ["basics-lang-python", "basics-language"], "skipped": []}
    everything = history_text(remote)
    for private in (secret_note, "a private log line", "Secretcorp", "Hiddenproject"):
        assert private not in everything


def test_a_cheer_reaches_its_member_at_their_next_sync(two) -> None:
    ann, ben, _ = two
    assert ann.ok("group", "cheer", "ben", "Nice work on loops!") == "Sent your cheer to Ben.\n"
    out = ben.ok("group", "sync").splitlines()
    assert out[0].endswith("1 new cheer for you.")
    assert out[1].startswith("Cheer from Ann (") and out[1].endswith("): Nice work on loops!")
    again = ben.ok("group", "sync").splitlines()
    assert len(again) == 1 and "new cheer" not in again[0]  # seen on this device now
    assert ann.ok("group", "cheer", "Ben") == "Sent your cheer to Ben.\n"  # the default message
    assert ben.ok("group", "sync").splitlines()[1].endswith("): Keep going!")


def test_leave_removes_the_summary_and_says_history_keeps_it(two) -> None:
    ann, ben, remote = two
    ann.ok("group", "cheer", "Ben", "hi")
    out = ben.ok("group", "leave")
    assert "git history still keeps what was pushed before" in out
    files = remote_files(remote)
    assert not any(p.startswith(f"cheers/{ben.member}/") for p in files)
    note = tomllib.loads(files[f"members/{ben.member}.toml"].decode())
    assert note["left"] is True and "name" not in note and "path" not in note
    assert [r["name"] for r in ann.table()] == ["Ann", "Ben"]  # until Ann fetches
    ann.ok("group", "sync")
    assert [r["name"] for r in ann.table()] == ["Ann"]
    assert "not in a study group" in ben.fails("group")
    settings = ben.progress().settings
    assert settings.group_remote == "" and settings.group_member  # the id is kept


def test_a_cheer_to_someone_who_left_is_dropped_and_says_so(two) -> None:
    ann, ben, remote = two
    ben.ok("group", "leave")  # Ann has not synced since: her copy still lists Ben
    sentence = ann.fails("group", "cheer", "Ben", "after you left")
    assert sentence == "pathtui: Ben has left the group, so your cheer was not sent."
    assert not any(p.startswith(f"cheers/{ben.member}/") for p in remote_files(remote))
    assert [r["name"] for r in ann.table()] == ["Ann"]


def test_group_commands_leave_nothing_for_the_next_read_to_question(two) -> None:
    """Create, join, sync and leave stamp summaries with the progress's clock;
    none of those stamps is a change to the file, so no later read may say
    the file went back in time."""
    ann, ben, _ = two
    for learner, args in (
        (ann, ("group", "sync")),
        (ann, ("list",)),
        (ben, ("group", "leave")),
        (ben, ("list",)),
        (ben, ("done", "basics-language")),
    ):
        done = learner.cli(*args)
        assert done.returncode == 0, done.stderr
        assert "went back in time" not in done.stderr, args


# --------------------------------------------------------------------------- bad input


def unchanged(learner: Learner, *args: str) -> str:
    """Run a failing command; the learner's data folder is byte for byte as before."""
    before = snapshot(learner.data)
    sentence = learner.fails(*args)
    assert snapshot(learner.data) == before
    return sentence


def test_a_remote_that_is_not_a_group(tmp_path: Path) -> None:
    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    other = group_remote(tmp_path, "other.git")
    writer = tmp_path / "w"
    from group_support import Writer

    w = Writer(other, writer)
    w.write("README.md", "not a group")
    w.push()
    sentence = unchanged(cat, "group", "join", str(other))
    assert "is not a pathtui study group (it has no group.toml)" in sentence
    sentence = unchanged(cat, "group", "create", str(other))
    assert "already holds other files and is not a study group" in sentence


def test_joining_an_empty_repository_or_one_with_other_branches(tmp_path: Path) -> None:
    from group_support import Writer
    from sync_support import git

    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    empty = group_remote(tmp_path, "empty.git")
    sentence = unchanged(cat, "group", "join", str(empty))
    assert sentence == (
        f"pathtui: The remote {empty} holds no group yet (it is an empty repository); start "
        f"one there with `pathtui group create {empty}`, or check the group's address "
        "(nothing was changed)."
    )
    other = group_remote(tmp_path, "other.git")
    writer = Writer(other, tmp_path / "w")
    writer.write("README.md", "not a group")
    git(writer.folder, "add", "--all")
    git(writer.folder, "commit", "--quiet", "-m", "a readme")
    git(writer.folder, "push", "--quiet", "origin", "HEAD:master")
    joining = unchanged(cat, "group", "join", str(other))
    assert "already holds other files and is not a study group" in joining
    creating = unchanged(cat, "group", "create", str(other))
    assert "already holds other files and is not a study group" in creating


def test_a_name_already_taken(two) -> None:
    _, _, remote = two
    (cat,) = learners(remote.parent, "cat")
    cat.ok("done", "basics-language")
    sentence = unchanged(cat, "group", "join", str(remote), "--as", "  ann ")
    assert sentence == (
        "pathtui: The name 'ann' is already taken in this group; choose another with "
        "--as NAME (nothing was changed)."
    )


def test_lookalike_and_invisible_names_are_refused(two) -> None:
    ann, _, remote = two
    ann.ok("group", "join", str(remote), "--as", "Ren\u00e9")  # precomposed é
    (cat,) = learners(remote.parent, "cat")
    cat.ok("done", "basics-language")
    taken = unchanged(cat, "group", "join", str(remote), "--as", "Rene\u0301")  # e + accent
    assert taken.startswith("pathtui: The name 'René' is already taken in this group;")
    for name in ("Ben\u200b", "\u202eevil"):
        sentence = unchanged(cat, "group", "join", str(remote), "--as", name)
        assert sentence == (
            "pathtui: Your name in the group cannot hold invisible characters such as a "
            "zero-width space or a text direction mark."
        )


def test_a_name_with_joiners_is_taken_and_shown_as_it_reads(two) -> None:
    _, _, remote = two
    cat, dan = learners(remote.parent, "cat", "dan")
    coder = "\U0001f469\u200d\U0001f4bb Cat"  # woman technologist: two emoji and a joiner
    out = cat.ok("group", "join", str(remote), "--as", coder)
    assert out == f"Joined Cohort 7 at {remote} as a member named '{coder}'; 3 members so far.\n"
    assert coder in [row["name"] for row in cat.table()]
    dan.ok("done", "basics-language")
    twin = unchanged(dan, "group", "join", str(remote), "--as", "\U0001f469\U0001f4bb Cat")
    assert twin.startswith("pathtui: The name '\U0001f469\U0001f4bb Cat' is already taken")


def test_a_cheer_to_nobody(two) -> None:
    ann, _, _ = two
    sentence = unchanged(ann, "group", "cheer", "Zed", "hi")
    assert sentence.startswith("pathtui: Nobody in your group is named 'Zed';")
    assert "yourself" in unchanged(ann, "group", "cheer", "ann", "hi")
    assert "at most 200 characters" in unchanged(ann, "group", "cheer", "Ben", "x" * 201)


def test_group_before_joining(tmp_path: Path) -> None:
    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    for args in (("group",), ("group", "--json"), ("group", "sync"), ("group", "leave"),
                 ("group", "cheer", "Ann", "hi"), ("group", "share", "minimal")):  # fmt: skip
        sentence = unchanged(cat, *args)
        assert sentence == (
            "pathtui: You are not in a study group; start one with `pathtui group create "
            "REMOTE` or join one with `pathtui group join REMOTE`."
        )


def test_a_remote_that_cannot_be_reached(tmp_path: Path) -> None:
    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    gone = tmp_path / "no-such-group.git"
    sentence = unchanged(cat, "group", "join", str(gone))
    assert "is not a git repository pathtui can use" in sentence
    refused = "http://127.0.0.1:9/group.git"  # the discard port: nothing listens
    sentence = unchanged(cat, "group", "join", refused)
    assert sentence.startswith("pathtui: Could not reach the remote http://127.0.0.1:9/group.git")
    assert "pathtui group join again" in sentence  # not `group sync`: Cat is in no group
    sentence = unchanged(cat, "group", "create", refused)
    assert "pathtui group create again" in sentence and "group sync" not in sentence


def test_a_failed_leave_says_to_leave_again(two) -> None:
    _, ben, remote = two
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'Permission denied' >&2\nexit 1\n")
    hook.chmod(0o755)
    sentence = unchanged(ben, "group", "leave")
    assert sentence.startswith(f"pathtui: The remote {remote} refused access;")
    assert "run pathtui group leave again" in sentence


def test_a_group_that_became_unreachable_changes_nothing(two, tmp_path: Path) -> None:
    ann, _, remote = two
    remote.rename(tmp_path / "moved.git")
    sentence = unchanged(ann, "group", "sync")
    assert "is not a git repository pathtui can use" in sentence
    out = ann.ok("group", "cheer", "Ben", "offline cheer")
    assert out == (
        "Your cheer for Ben waits on this device; the group could not be reached just now, "
        "so your next `pathtui group sync` sends it (and says why, if it still cannot).\n"
    )
    out = ann.ok("group", "share", "minimal")
    assert out.startswith("You now share 'minimal'; the group could not be reached just now,")
    assert "nothing was changed" not in out and out.count(".") == 1
    (tmp_path / "moved.git").rename(remote)
    assert "sent 1 cheer" in ann.ok("group", "sync")


def test_other_bad_input(two, tmp_path: Path) -> None:
    ann, _, remote = two
    assert "already in the study group" in unchanged(
        ann, "group", "create", str(tmp_path / "n.git")
    )
    assert "minimal, progress, items" in unchanged(ann, "group", "share", "everything")
    (cat,) = learners(tmp_path, "cat")
    cat.ok("done", "basics-language")
    token = "https://cat:s3cret@example.invalid/group.git"
    assert "without a password or token" in unchanged(cat, "group", "join", token)
    assert "is a study group already" in unchanged(cat, "group", "create", str(remote))
    assert "control characters" in unchanged(cat, "group", "join", str(remote), "--as", "a\x1bb")


def test_create_makes_a_new_local_repository(tmp_path: Path) -> None:
    (dan,) = learners(tmp_path, "dan")
    new = tmp_path / "groups" / "new.git"
    new.parent.mkdir()
    assert dan.ok("group", "create", str(new), "--as", "Dan").startswith("Created Study group")
    assert (new / "HEAD").is_file()
    assert set(remote_files(new)) == {"group.toml", f"members/{dan.member}.toml"}


def test_a_group_made_in_a_plain_bare_repository_can_be_cloned(tmp_path: Path) -> None:
    """``git init --bare`` names ``master`` as HEAD; pathtui pushes ``main``."""
    import subprocess

    (dan,) = learners(tmp_path, "dan")
    plain = tmp_path / "plain.git"
    subprocess.run(
        ["git", "-c", "init.defaultBranch=master", "init", "--quiet", "--bare", str(plain)],
        check=True,
    )
    dan.ok("group", "create", str(plain), "--as", "Dan")
    copy = tmp_path / "mentor-copy"
    subprocess.run(["git", "clone", "--quiet", str(plain), str(copy)], check=True)
    assert (copy / "group.toml").is_file()


def test_the_json_of_group_is_valid_after_every_command(two) -> None:
    ann, ben, _ = two
    for learner in (ann, ben):
        rows = json.loads(learner.ok("group", "--json"))
        assert sum(r["you"] for r in rows) == 1


def test_joining_your_own_group_again_says_what_changed(two) -> None:
    _, ben, remote = two
    out = ben.ok("group", "join", str(remote), "--as", "Benny")
    assert out == (
        f"You are now a member named 'Benny' in Cohort 7 at {remote} "
        "(you were a member named 'Ben'); 2 members so far.\n"
    )
    out = ben.ok("group", "join", str(remote), "--observer")
    assert out == (
        f"You are now an observer named 'Benny' in Cohort 7 at {remote} "
        "(you were a member named 'Benny'); 1 member so far.\n"  # observers are not counted
    )
    out = ben.ok("group", "join", str(remote), "--observer")
    assert out == (
        f"You are in Cohort 7 at {remote} already, as an observer named 'Benny'; 1 member so far.\n"
    )
    names = sorted(row["name"] for row in ben.table())
    assert names == ["Ann", "Benny"]


def test_sync_init_refuses_a_study_group_s_repository(tmp_path: Path) -> None:
    """Mixing the two remotes up must not publish a learner's whole progress
    file (notes, log) to every member, nor pull the group into the data folder."""
    (ann, ben) = learners(tmp_path, "ann", "ben")
    remote = group_remote(tmp_path)
    ann.ok("group", "create", str(remote), "--as", "Ann")
    before = remote_files(remote)
    ben.ok("note", "basics-loops", "my private note")
    kept = snapshot(ben.data)
    said = ben.fails("sync", "init", str(remote))
    assert "study group's repository" in said and "nothing was sent" in said
    assert remote_files(remote) == before
    assert "my private note" not in history_text(remote)
    assert snapshot(ben.data) == kept  # no clone left, no group files pulled in
    assert not (ben.data / ".git").exists()


def test_a_sync_round_refuses_a_remote_that_became_a_group(tmp_path: Path) -> None:
    """A progress remote a group was later created in (or pushed to) stops
    every round before anything is sent."""
    (ann,) = learners(tmp_path, "ann")
    remote = bare_remote(tmp_path, "mine.git")
    ann.ok("sync", "init", str(remote))
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "--quiet", "-b", "main", str(remote), str(other)], check=True)
    (other / "group.toml").write_text('name = "Cohort"\n', encoding="utf-8")
    git(other, "add", "group.toml")
    git(other, "commit", "--quiet", "-m", "a group")
    git(other, "push", "--quiet", "origin", "HEAD")
    pushed = git(remote, "rev-parse", "main")
    ann.ok("note", "basics-loops", "my private note")
    said = ann.fails("sync")
    assert "study group's repository" in said
    assert git(remote, "rev-parse", "main") == pushed  # nothing was pushed
    assert "my private note" not in git(remote, "log", "-p", "--all")
