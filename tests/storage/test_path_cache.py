"""The path cache gives back exactly the validated path, and never a stale one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from path_support import V2
from pathtui.errors import PathFileError
from pathtui.model.pathparse import parse_path
from pathtui.services.session import Session
from pathtui.storage import pathcache
from pathtui.storage.pathcache import dump, undump
from pathtui.storage.pathfile import load_path

CUSTOM = """\
schema = 1
id = "custom"
title = "A custom path"
description = "With extras, renames and resources."

[baseline]
hours_per_week = 5
weeks = [1, 2]
label = "a week or two"

[[steps]]
id = "one"
number = 1
title = "Step one"
goal = "Do the first thing."

  [[steps.items]]
  id = "first"
  title = "First"
  description = "The first item."
  hours = [2, 4]
  renamed_from = ["old-first"]

  [[steps.items]]
  id = "second"
  title = "Second"
  hours = [3, 6]

  [[steps.resources]]
  title = "A site"
  url = "https://example.org/one"

[extras]
id = "extras"
title = "Extras"
goal = "Optional."

  [[extras.items]]
  id = "extra"
  title = "An extra"
  hours = [1, 1]
"""


def caches(_data_dir: Path | None = None) -> list[Path]:
    from pathtui.storage import locations

    return sorted(Path(locations.cache_dir_name()).glob(pathcache.PREFIX + "*"))


@pytest.fixture
def custom(tmp_path: Path, data_dir: Path) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    file = tmp_path / "custom.toml"
    file.write_text(CUSTOM, encoding="utf-8")
    return file


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the path file was parsed although the cache is fresh")

    monkeypatch.setattr(pathcache, "load_path", refuse)


@pytest.mark.parametrize("which", ["custom", "built-in"])
def test_a_cached_path_equals_the_parsed_one(
    custom: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    file = custom if which == "custom" else None
    parsed = load_path(file)
    first = pathcache.load_path_cached(file)
    assert first == parsed
    assert len(caches(data_dir)) == 1
    _no_parsing(monkeypatch)
    again = pathcache.load_path_cached(file)
    assert again == parsed
    assert again.renames() == parsed.renames()
    assert again.find("first" if file else parsed.items[0].id) == parsed.find(
        "first" if file else parsed.items[0].id
    )
    assert [s.hours for s in again.all_sections()] == [s.hours for s in parsed.all_sections()]


def test_a_changed_path_file_is_parsed_again(custom: Path) -> None:
    assert len(pathcache.load_path_cached(custom).items) == 2
    grown = CUSTOM.replace(
        '[[steps.resources]]', '[[steps.items]]\n  id = "third"\n  title = "Third"\n'
        '  hours = [1, 1]\n\n  [[steps.resources]]'
    )  # fmt: skip
    replacement = custom.with_suffix(".new")
    replacement.write_text(grown, encoding="utf-8")
    os.replace(replacement, custom)
    assert [i.id for i in pathcache.load_path_cached(custom).items] == ["first", "second", "third"]


def test_a_rewritten_file_with_the_same_size_is_parsed_again(custom: Path) -> None:
    assert pathcache.load_path_cached(custom).title == "A custom path"
    st = custom.stat()
    custom.write_text(CUSTOM.replace("A custom path", "A changed path"), encoding="utf-8")
    os.utime(custom, ns=(st.st_atime_ns, st.st_mtime_ns))  # even with the old mtime
    assert pathcache.load_path_cached(custom).title == "A changed path"


@pytest.mark.parametrize("damage", [b"", b"garbage", b"\xe3\x01\x02"])
def test_a_damaged_cache_means_parsing_again(custom: Path, data_dir: Path, damage: bytes) -> None:
    pathcache.load_path_cached(custom)
    (cache,) = caches(data_dir)
    cache.write_bytes(damage)
    assert pathcache.load_path_cached(custom) == load_path(custom)
    assert cache.read_bytes() != damage, "the cache is rebuilt"


def test_the_cache_never_touches_the_data_folder(tmp_path: Path, data_dir: Path) -> None:
    file = tmp_path / "custom.toml"
    file.write_text(CUSTOM, encoding="utf-8")
    assert not data_dir.exists()
    assert pathcache.load_path_cached(file) == load_path(file)
    assert len(caches()) == 1
    assert not data_dir.exists(), "a cache never creates or fills the data folder"


def test_invalid_path_files_still_get_their_message_and_no_cache(
    custom: Path, data_dir: Path
) -> None:
    custom.write_text(CUSTOM.replace("hours = [2, 4]", "hours = [4, 2]"), encoding="utf-8")
    with pytest.raises(PathFileError, match=r"low \(4\) is greater than high \(2\)"):
        pathcache.load_path_cached(custom)
    assert caches(data_dir) == []
    with pytest.raises(PathFileError, match="does not exist"):
        pathcache.load_path_cached(custom.with_name("missing.toml"))


def test_sessions_use_the_cache(custom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Session.open(custom)
    _no_parsing(monkeypatch)
    assert Session.open(custom).path.id == "custom"


def test_the_cache_keeps_every_new_field() -> None:
    path = parse_path(V2, "langs.toml")
    again = undump(dump(path))
    assert again.steps == path.steps
    assert again.steps[0].items[0].links == path.steps[0].items[0].links


def test_items_kept_column_by_column_come_back_field_for_field() -> None:
    """V2 mixes items with links and without; the copy holds the same types too."""
    path = parse_path(V2, "langs.toml")
    again = undump(dump(path))
    for step, kept in zip(path.all_sections(), again.all_sections(), strict=True):
        assert kept.items == step.items
        for item, copy in zip(step.items, kept.items, strict=True):
            assert copy._key() == item._key()
            assert type(copy.links) is tuple and type(copy.hours) is tuple
    assert any(i.links for i in path.items) and any(not i.links for i in path.items)
    assert again.item_ids() == path.item_ids()
    _sid, _number, _title, _goal, columns, _res, _choices = dump(path)[5][0]
    assert columns[0] == [i.id for i in path.steps[0].items], "one list per field"


def test_a_cache_in_the_previous_layout_is_parsed_again(custom: Path, data_dir: Path) -> None:
    import marshal

    pathcache.load_path_cached(custom)
    (cache,) = caches(data_dir)
    payload = marshal.loads(cache.read_bytes())
    payload["cache_version"] = pathcache.CACHE_VERSION - 1
    cache.write_bytes(marshal.dumps(payload))
    assert pathcache.load_path_cached(custom) == load_path(custom)
    assert marshal.loads(cache.read_bytes())["cache_version"] == pathcache.CACHE_VERSION
