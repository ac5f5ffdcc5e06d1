"""No text from a progress file or a path file reaches the terminal raw.

Every C0 and C1 control character and the escape sequences a hostile file
would send (window titles, the clipboard, hyperlinks, cursor moves, DCS) are
written into every text field: the path's titles, goal, descriptions and link
titles; the progress file's notes, log notes and log ids, the applications'
company, role, note, link and board, the projects' name, repo, link,
evidence and check reasons. Then every command that shows any of it runs,
and what it prints (stdout and stderr) must hold no control character but
the line feed and the tab. JSON stays exact: it reads back to the same text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile_progress import (
    APPLICATION,
    HOSTILE_KEY,
    ITEM,
    OTHER_ITEM,
    hostile_path,
    hostile_progress,
)
from hostile_text import HOSTILE, raw_controls
from support import run_pathtui

#: Commands that only read, each with ``--path``: everything that shows text.
READING = [
    ["show", ITEM],
    ["show", ITEM, "--json"],
    ["list"],
    ["list", "--json"],
    ["status"],
    ["status", "--json"],
    ["status", "--format", "{path} {step_title} {next}"],
    ["jobs"],
    ["jobs", "--json"],
    ["project", "list"],
    ["project", "list", "--json"],
    ["export"],
    ["export", "--format", "markdown"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
    ["log", "--list"],
    ["log", "--list", "--item", ITEM],
    ["review", "--list"],
    ["review", "--list", "--json"],
    ["config"],
    ["doctor"],
    ["restore"],
    ["path", "check"],
    ["remind"],
    ["remind", "--json"],
]
#: Commands that change something and confirm it, or ask first.
CHANGING = [
    ["note", OTHER_ITEM, HOSTILE],
    ["note", ITEM, "plain now"],
    ["apply", HOSTILE, HOSTILE, "--board", HOSTILE, "--note", HOSTILE],
    ["jobs", "move", APPLICATION, "interview"],
    ["jobs", "move", APPLICATION, "interview"],  # "already" names it too
    ["project", "add", HOSTILE + " two"],
    ["project", "link", HOSTILE + " two", ITEM],
    ["project", "remove", HOSTILE + " two"],
    ["review", OTHER_ITEM, "good"],
    ["done", ITEM, OTHER_ITEM],
    ["log", "1h", "--item", ITEM, "--note", HOSTILE],
    ["log", "--remove", HOSTILE_KEY],
    ["jobs", "remove", APPLICATION],
    ["reset"],  # asks first, naming the path; the answer is no
    ["show", HOSTILE],  # an id that is not there: the refusal quotes it
    ["jobs", "move", HOSTILE, "offer"],
]


@pytest.fixture
def path_file(tmp_path: Path, data_dir: Path) -> Path:
    file = hostile_path(tmp_path)
    hostile_progress(data_dir)
    return file


def scan(args: list[str], path_file: Path) -> str:
    where = ["path", "check", str(path_file)] if args == ["path", "check"] else args
    result = run_pathtui("--path", str(path_file), *where, input="n\n")
    assert "Traceback" not in result.stderr
    shown = result.stdout + result.stderr
    assert raw_controls(shown) == [], f"{args} printed raw control characters:\n{shown!r}"
    # the file's own tab and line feed are shown as symbols too (they sit after BS)
    assert "␈\t" not in shown and "␈␉\n" not in shown, f"{args}:\n{shown!r}"
    return shown


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_commands_print_no_raw_control_character(path_file: Path, args: list[str]) -> None:
    shown = scan(args, path_file)
    # (the rest count or name no text from the file; remind counts the follow-ups due)
    quiet = ("status", "config", "doctor", "restore", "path", "remind")
    assert "start " in shown or args[0] in quiet


def test_changing_commands_and_their_questions_print_none_either(path_file: Path) -> None:
    for args in CHANGING:
        scan(args, path_file)
    # and the listings still show the rest, after all those changes
    assert "start ␀␁" in scan(["project", "list"], path_file)


def test_json_keeps_the_text_exact_while_escaping_it(path_file: Path) -> None:
    out = scan(["show", ITEM, "--json"], path_file)
    assert json.loads(out)["note"] == HOSTILE
    jobs = json.loads(scan(["jobs", "--json"], path_file))
    assert [a["company"] for a in jobs] == [HOSTILE]
    export = json.loads(scan(["export", "--format", "json"], path_file))
    assert export["progress"]["items"][ITEM]["note"] == HOSTILE


def test_the_note_shows_as_visible_symbols(path_file: Path) -> None:
    """The issue's note: its escapes are shown as symbols, in `note` and `show`."""
    note = "a\x1b]0;T\x07\x1b]52;c;aGk=\x07"
    confirm = scan(["note", OTHER_ITEM, note], path_file)
    assert "a␛]0;T␇␛]52;c;aGk=␇" in confirm
    assert "Your note: a␛]0;T␇␛]52;c;aGk=␇" in scan(["show", OTHER_ITEM], path_file)


def test_a_refusal_that_quotes_the_file_is_made_safe(path_file: Path, data_dir: Path) -> None:
    """A file refused for a key it holds (a top-level key is the file's frame):
    the sentence names the key, shown safely, wherever it is printed."""
    progress = data_dir / "hostile.toml"
    key = json.dumps("\x1b]0;key\x07\x9b2J").replace("\x7f", "\\u007f")
    progress.write_text(progress.read_text().replace("\n[settings]", f"\n{key} = 1\n[settings]"))
    assert run_pathtui("path", "add", str(path_file)).returncode == 0
    for args in (
        ["list"],
        ["status"],
        ["doctor"],
        ["status", "--all"],
        ["status", "--all", "--json"],
    ):
        shown = scan(args, path_file)
        assert "unknown key" in shown
        assert "␛]0;key␇" in shown or "\\u001b]0;key" in shown
