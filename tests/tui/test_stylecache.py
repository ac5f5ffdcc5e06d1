"""The parsed CSS a start keeps for the next one (``tui/stylecache.py``).

A start of the tracker hands its stylesheet the rules the last start parsed,
so the second start parses no CSS at all before its first frame; the screen
is the same either way; and a cache that is damaged, stale, another user's or
made for another theme is never used.
"""

from __future__ import annotations

import asyncio
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import textual.css.stylesheet

from pathtui.tui import stylecache
from pathtui.tui.app import PathtuiApp, make_app
from tui_support import SIZE, TODAY, FakeBrowser, new_session

#: What a parse before the first frame is counted by.
PARSER = "parse"


class Start:
    """One start of the tracker (headless), with what it parsed before its first frame."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed: list[str] = []
        self.at_first_frame: list[str] | None = None
        real = getattr(textual.css.stylesheet, PARSER)

        def counting(scope: str, css: str, read_from: tuple[str, str], *args, **kwargs):  # type: ignore[no-untyped-def]
            self.parsed.append(read_from[1] or Path(read_from[0]).name)
            return real(scope, css, read_from, *args, **kwargs)

        monkeypatch.setattr(textual.css.stylesheet, PARSER, counting)

    async def run(self, *, css_cache: bool = True) -> str:
        """Run the tracker past its first frame; the screen it showed, as SVG."""
        app = make_app(new_session(), today=TODAY, open_url=FakeBrowser(), css_cache=css_cache)
        start = self

        class Probe(PathtuiApp):
            def on_mount(self) -> None:
                self.call_after_refresh(start.first_frame)
                super().on_mount()

        app.__class__ = Probe
        async with app.run_test(size=SIZE) as pilot:
            # As the snapshot plugin does: a busy machine may still be laying out.
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            return app.export_screenshot()

    def first_frame(self) -> None:
        self.at_first_frame = list(self.parsed)


def cache_file() -> Path:
    file = stylecache._file()
    assert file is not None
    return Path(file)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bytes, str]]:
    """A good cache file's bytes and the screen without a cache, made once."""
    root = tmp_path_factory.mktemp("stylecache")
    with pytest.MonkeyPatch.context() as patch:
        for name, folder in (("PATHTUI_DATA_DIR", "data"), ("HOME", "home")):
            patch.setenv(name, str(root / folder))
        patch.setenv("XDG_CACHE_HOME", str(root / "cache"))
        patch.setenv("XDG_CONFIG_HOME", str(root / "config"))
        screen = asyncio.run(Start(patch).run(css_cache=False))
        asyncio.run(Start(patch).run())
        yield cache_file().read_bytes(), screen


@pytest.fixture
def good_cache(data_dir: Path, reference: tuple[bytes, str]) -> Path:
    """This test's cache folder holds a good cache."""
    file = cache_file()
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(reference[0])
    file.chmod(0o600)
    return file


async def test_the_second_start_parses_no_css_before_its_first_frame(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Start(monkeypatch)
    await first.run()
    assert "pathtui.tcss" in (first.at_first_frame or [])
    assert cache_file().exists()
    second = Start(monkeypatch)
    await second.run()
    assert second.at_first_frame == []


async def test_the_screen_is_the_same_with_and_without_the_cache(
    good_cache: Path, reference: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    warm = Start(monkeypatch)
    shown = await warm.run()
    assert warm.at_first_frame == [], "the warm start really used the cache"
    assert shown == reference[1]


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda file: file.write_bytes(b"\x80\x05not a pickle"), id="garbage"),
        pytest.param(lambda file: file.write_bytes(b""), id="empty"),
        pytest.param(
            lambda file: file.write_bytes(file.read_bytes()[: len(file.read_bytes()) // 2]),
            id="cut-short",
        ),
        pytest.param(
            lambda file: file.write_bytes(pickle.dumps((("another", "python"), {}))),
            id="another-stamp",
        ),
        pytest.param(lambda file: os.chmod(file, 0o666), id="others-can-write"),
    ],
)
async def test_a_cache_that_cannot_be_trusted_is_not_used(
    good_cache: Path, reference: tuple[bytes, str], monkeypatch: pytest.MonkeyPatch, damage
) -> None:
    damage(good_cache)
    start = Start(monkeypatch)
    shown = await start.run()
    assert "pathtui.tcss" in (start.at_first_frame or []), "parsed as if there were no cache"
    assert shown == reference[1]


async def test_a_damaged_cache_is_replaced_by_a_good_one(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file().parent.mkdir(parents=True, exist_ok=True)
    cache_file().write_bytes(b"\x00" * 64)
    await Start(monkeypatch).run()
    again = Start(monkeypatch)
    await again.run()
    assert again.at_first_frame == []


async def test_a_theme_picked_earlier_neither_uses_nor_rewrites_the_cache(
    good_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A saved theme is applied after Textual's first parse, which Textual then
    does again from scratch: the rules it parsed first are not worth keeping."""
    from pathtui.storage.prefs import save_theme

    kept = good_cache.read_bytes()
    assert save_theme("textual-light")
    start = Start(monkeypatch)
    await start.run()
    assert "pathtui.tcss" in (start.at_first_frame or [])
    assert cache_file().read_bytes() == kept


async def test_without_a_home_folder_the_tracker_starts_without_a_cache(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathtui.storage import locations

    def no_home() -> str:
        raise locations._no_home()

    monkeypatch.setattr(locations, "cache_dir_name", no_home)
    for _ in range(2):
        start = Start(monkeypatch)
        assert "Checklist" in await start.run()
        assert "pathtui.tcss" in (start.at_first_frame or [])


def test_rules_parsed_with_other_variables_are_never_kept_for_the_first(data_dir: Path) -> None:
    """Textual keys its parse cache by the CSS text alone: rules parsed after
    the variables changed (a theme applied) must not be stored under the
    stamp of the variables the start began with."""
    from textual.app import App
    from textual.css.stylesheet import Stylesheet

    dark = App().get_css_variables()
    light = {**dark, "primary": "#ff0000"}
    stylesheet = Stylesheet(variables=dark)
    seeded = stylecache.seed(stylesheet)
    stylesheet.set_variables(light)
    stylesheet.add_source("Label { color: $primary; }", read_from=("test", "one"))
    stylesheet.parse()
    assert not stylecache.save(stylesheet, seeded)
    assert not cache_file().exists()

    stylesheet = Stylesheet(variables=dark)
    seeded = stylecache.seed(stylesheet)
    stylesheet.add_source("Label { color: $primary; }", read_from=("test", "one"))
    stylesheet.parse()
    assert stylecache.save(stylesheet, seeded)
    assert not stylecache.save(stylesheet, stylecache.seed(Stylesheet(variables=dark)))
    assert stylecache.seed(Stylesheet(variables=light)).entries == {}
