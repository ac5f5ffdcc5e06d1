"""The README stays a short page for users, and its links lead somewhere.

Reference material (every command and key, several devices, what crosses the
wire, what is promised) lives in ``docs/guide.md``; the README keeps what
pathtui does and how to start. These tests hold it to its size, keep the
quick start's commands the ones ``.ci/run`` runs, and check that every link
of the README and the guide names a file and a heading that exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
GUIDE = REPO / "docs" / "guide.md"
#: The README's ceiling, in characters (not bytes): a page a learner reads through.
README_MAX_CHARS = 15_000
INSTALL = "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/pathtui"
TEST = (
    "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' "
    "&& .venv/bin/python -m pytest -n 2"
)
#: A Markdown link or image: ``[text](target)``.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def test_the_readme_is_at_most_15000_characters() -> None:
    size = len(README.read_text(encoding="utf-8"))
    assert size <= README_MAX_CHARS, (
        f"README.md is {size:,} characters (at most {README_MAX_CHARS:,}): "
        "move reference material to docs/guide.md"
    )


def test_the_quick_start_commands_are_the_ones_ci_runs() -> None:
    text = README.read_text(encoding="utf-8")
    assert INSTALL in text
    assert TEST in text
    assert TEST in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(file: Path) -> set[str]:
    text = FENCE.sub("", file.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.MULTILINE)}


def _links(file: Path) -> list[str]:
    text = FENCE.sub("", file.read_text(encoding="utf-8"))
    return [m.group(1) for m in LINK.finditer(text)]


def test_slugs_match_githubs() -> None:
    assert _slug("--format placeholders") == "--format-placeholders"
    assert _slug("Backups and restore") == "backups-and-restore"
    assert _slug("Portfolio and job search") == "portfolio-and-job-search"


@pytest.mark.parametrize("page", [README, GUIDE], ids=lambda p: p.name)
def test_every_link_names_a_file_and_a_heading_that_exist(page: Path) -> None:
    links = [link for link in _links(page) if not re.match(r"[a-z]+:", link)]
    assert links, f"{page.name} has no local links"
    for link in links:
        target, _, anchor = link.partition("#")
        file = (page.parent / target).resolve() if target else page
        assert file.exists(), f"{page.name} links to {link}, which does not exist"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.name} links to {link}: no such heading"


def test_the_readme_links_to_the_guide_and_the_guide_holds_the_reference() -> None:
    assert "(docs/guide.md)" in README.read_text(encoding="utf-8")
    guide = _anchors(GUIDE)
    for heading in (
        "every-command",
        "the-tracker",
        "backups-and-restore",
        "several-devices",
        "what-is-promised-and-what-is-not",
        "what-crosses-the-wire",
        "in-your-browser",
        "your-portfolio",
        "your-job-search",
        "your-own-path",
    ):
        assert heading in guide, heading


def _commands(command: object, words: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every visible command of the app as its words (``("group", "cheer")``)."""
    found = [words] if words else []
    for name, sub in getattr(command, "commands", {}).items():
        if not sub.hidden:
            found += _commands(sub, (*words, name))
    return found


def _every_command_rows() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("\n## Every command\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `")]


def test_the_guide_names_every_command_and_setting_the_app_has() -> None:
    """The guide's table is "every command": one a release adds must be in it.

    A command is named in a row that starts ``pathtui`` and its parent's
    words, in a code span of that row (``/ `remind uninstall```, or one of
    ``add\\|list\\|check``).
    """
    import typer.main

    from pathtui.cli import commands  # noqa: F401  (declares every command on the app)
    from pathtui.cli.typerapp import app

    rows = _every_command_rows()
    everything = _commands(typer.main.get_command(app))
    assert ("config", "retention") in everything and ("group", "cheer") in everything
    missing = []
    for words in everything:
        *parents, name = words
        parent = " ".join(["pathtui", *parents])
        word = re.compile(rf"`[^`]*(?<![\w-]){re.escape(name)}(?![\w-])[^`]*`")
        if not any(f"`{parent}" in row and word.search(row) for row in rows):
            missing.append(" ".join(words))
    assert not missing, f"docs/guide.md's 'Every command' table leaves out: {', '.join(missing)}"
