"""Path files: the embedded path's content, and one test per validation error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pathtui.errors import PathFileError
from pathtui.model.pathparse import parse_path
from pathtui.model.sanitise import sanitise
from pathtui.storage.pathfile import load_path

REPO = Path(__file__).resolve().parents[2]
SOURCE_LINKS = Path(__file__).parents[1] / "fixtures" / "source_links.txt"

GOOD = """
schema = 1
id = "mini"
title = "Mini path"
[baseline]
hours_per_week = 10
weeks = [1, 2]
[[steps]]
id = "first"
number = 1
title = "First step"
goal = "Learn a thing."
  [[steps.items]]
  id = "first-a"
  title = "Do A"
  hours = [4, 8]
  [[steps.items]]
  id = "first-b"
  title = "Do B"
  hours = [6, 12]
  [[steps.resources]]
  title = "Docs"
  url = "https://example.org/docs"
[[steps]]
id = "second"
number = 2
title = "Second step"
goal = "Learn another."
  [[steps.items]]
  id = "second-a"
  title = "Do C"
  hours = [0, 0]
"""


def error_for(text: str, tmp_path: Path) -> str:
    file = tmp_path / "custom.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(PathFileError) as info:
        load_path(file)
    message = str(info.value)
    assert str(file) in message, "every error names the file"
    assert "\n" not in message.strip(), "one sentence, one line"
    return message


# --------------------------------------------------------------------------- embedded


@pytest.fixture(scope="module")
def path():
    return load_path()


def test_embedded_path_has_seven_steps_in_order(path) -> None:
    assert path.id == "backend"
    assert [s.number for s in path.steps] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.id for s in path.steps] == [
        "basics",
        "dsa",
        "web",
        "servers",
        "databases",
        "portfolio",
        "job-search",
    ]
    assert all(step.items and step.goal for step in path.steps)


def test_embedded_hours_add_up_to_the_baseline_exactly(path) -> None:
    assert path.hours == (390.0, 1040.0)
    assert path.baseline.weeks == (39.0, 104.0)
    assert path.baseline.hours_per_week == 10.0
    low, high = path.hours
    assert (low / 10, high / 10) == path.baseline.weeks
    assert path.baseline.label == "9 months to 2 years"


def test_steps_are_weighed_sensibly(path) -> None:
    by_id = {s.id: s.hours for s in path.steps}
    assert by_id["dsa"][1] == max(h[1] for h in by_id.values())
    resume = path.find("portfolio-resume")
    assert resume is not None and resume[1].hours[1] <= 5
    assert by_id["dsa"][0] > 10 * resume[1].hours[1]


def test_extras_are_outside_the_steps_and_the_baseline(path) -> None:
    assert path.extras is not None and path.extras.number == 0
    assert len(path.extras.items) == 18
    extra_ids = {i.id for i in path.extras.items}
    assert not extra_ids & {i.id for i in path.items}


@pytest.mark.parametrize(
    ("step_id", "topics"),
    [
        ("basics", ["variable", "compar", "loop", "list", "function", "dictionar", "error"]),
        ("web", ["http request", "http server", "server"]),
        ("servers", ["api", "rest", "websocket", "graphql"]),
        (
            "databases",
            [
                "postgres",
                "mysql",
                "sqlite",
                "elasticsearch",
                "docker",
                "cockroach",
                "redis",
                "nosql",
            ],
        ),
        ("portfolio", ["github profile", "readme", "deploy", "resume"]),
        ("job-search", ["open-source", "linkedin", "communit", "appl", "job board"]),
    ],
)
def test_each_step_covers_the_topics_the_source_names(path, step_id, topics) -> None:
    step = next(s for s in path.steps if s.id == step_id)
    text = " ".join(f"{i.title} {i.description}" for i in step.items).lower()
    for topic in topics:
        assert topic in text, f"step {step_id} lacks an item about {topic!r}"


def test_every_resource_link_in_the_source_steps_is_in_the_path(path) -> None:
    lines = SOURCE_LINKS.read_text(encoding="utf-8").splitlines()
    links = {line for line in lines if line and not line.startswith("#")}
    assert len(links) == 22
    ours = {r.url.rstrip("/") for s in path.all_sections() for r in s.resources}
    missing = {u for u in links if u.rstrip("/") not in ours}
    assert not missing, f"resources missing from data/path.toml: {sorted(missing)}"


def test_all_urls_are_http_and_ids_unique(path) -> None:
    ids = [s.id for s in path.all_sections()] + path.item_ids()
    assert len(ids) == len(set(ids))
    for section in path.all_sections():
        for res in section.resources:
            assert res.url.startswith(("https://", "http://"))
            assert res.site and "/" not in res.site


def test_custom_path_loads(tmp_path) -> None:
    file = tmp_path / "mini.toml"
    file.write_text(GOOD)
    path = load_path(file)
    assert path.hours == (10.0, 20.0)
    assert path.steps[0].resources[0].site == "example.org"
    assert path.find("second-a")[0].id == "second"


# --------------------------------------------------------------------------- errors


def test_toml_syntax_error_names_line_and_column(tmp_path) -> None:
    msg = error_for(GOOD.replace('title = "Do B"', 'title = "Do B'), tmp_path)
    assert "not valid TOML" in msg
    assert re.search(r"line \d+, column \d+", msg)


def test_missing_key(tmp_path) -> None:
    msg = error_for(GOOD.replace('goal = "Learn another."\n', ""), tmp_path)
    assert "step 2 ('second'), goal" in msg and "missing required key" in msg


def test_wrong_type(tmp_path) -> None:
    msg = error_for(GOOD.replace('title = "Do C"', "title = 42"), tmp_path)
    assert "step 2 ('second'), item 1 ('second-a'), title" in msg
    assert "expected text, found an integer" in msg


def test_hours_wrong_shape(tmp_path) -> None:
    msg = error_for(GOOD.replace("hours = [0, 0]", "hours = 5"), tmp_path)
    assert "step 2 ('second'), item 1 ('second-a'), hours" in msg and "expected [low, high]" in msg


def test_unknown_key(tmp_path) -> None:
    msg = error_for(GOOD.replace('title = "Do A"', 'title = "Do A"\n  colour = "red"'), tmp_path)
    assert "step 1 ('first'), item 1 ('first-a'), colour" in msg and "unknown key 'colour'" in msg


def test_duplicate_id(tmp_path) -> None:
    msg = error_for(GOOD.replace('id = "second-a"', 'id = "first-a"'), tmp_path)
    assert "step 2 ('second'), item 1 ('first-a'), id" in msg
    assert "duplicate id 'first-a'" in msg and "step 1 ('first'), item 1 ('first-a'), id" in msg


def test_empty_step(tmp_path) -> None:
    text = GOOD.split('  [[steps.items]]\n  id = "second-a"')[0]
    msg = error_for(text + "items = []\n", tmp_path)
    assert "step 2 ('second'), items" in msg and "has no items" in msg


def test_low_greater_than_high(tmp_path) -> None:
    msg = error_for(GOOD.replace("hours = [6, 12]", "hours = [12, 6]"), tmp_path)
    assert "step 1 ('first'), item 2 ('first-b'), hours" in msg
    assert "low (12) is greater than high (6)" in msg


def test_negative_hours(tmp_path) -> None:
    msg = error_for(GOOD.replace("hours = [4, 8]", "hours = [-4, 8]"), tmp_path)
    assert "step 1 ('first'), item 1 ('first-a'), hours" in msg and "must not be negative" in msg


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "javascript:alert(1)", "file:///etc/passwd", "example.org", ""]
)
def test_non_http_url(tmp_path, url) -> None:
    msg = error_for(GOOD.replace("https://example.org/docs", url), tmp_path)
    assert "step 1 ('first'), resource 1, url" in msg and "not an http:// or https:// link" in msg


def test_step_number_out_of_order(tmp_path) -> None:
    msg = error_for(GOOD.replace("number = 2", "number = 3"), tmp_path)
    assert "step 2 ('second'), number" in msg and "this is step 2" in msg


def test_newer_schema(tmp_path) -> None:
    msg = error_for(GOOD.replace("schema = 1", "schema = 3"), tmp_path)
    assert "newer pathtui" in msg


def test_bad_id_characters(tmp_path) -> None:
    msg = error_for(GOOD.replace('id = "first-a"', 'id = "../../etc"'), tmp_path)
    assert "step 1 ('first'), item 1, id" in msg and "lowercase letters" in msg


def test_missing_file_and_folder_and_binary(tmp_path) -> None:
    with pytest.raises(PathFileError, match="does not exist"):
        load_path(tmp_path / "nope.toml")
    with pytest.raises(PathFileError, match="is a folder"):
        load_path(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PathFileError, match="not UTF-8"):
        load_path(binary)


def test_text_is_cleaned_of_escape_sequences() -> None:
    path = parse_path(
        GOOD.replace('title = "Do A"', 'title = "[bold]Do\\u001b[31m A\\u0007"'), "x.toml"
    )
    title = path.find("first-a")[1].title
    assert "\x1b" not in title and "\x07" not in title
    assert title == "[bold]Do␛[31m A␇"
    assert sanitise("plain") == "plain"
    assert sanitise("a\x9bb") == "a\ufffdb"
