"""The private Textual API pathtui uses, checked here.

``widgets.checklist.renew_prompt`` swaps one option's prompt without
re-measuring the list, through ``Option._set_prompt`` and
``OptionList._option_render_cache``. ``tui/terminal.py`` and the app's
closing path (``PathtuiApp._handle_exception``) work around how Textual's
Linux driver treats a terminal that goes away. ``tui/stylecache.py`` seeds a
stylesheet's parse cache (``Stylesheet._parse_cache``, keyed as
``_parse_rules`` keys it, ``Stylesheet._variables``). ``typeahead.TypeAheadApp``
tells whether the tracker is still at work on the last key through
``MessagePump._message_queue`` and ``Worker._thread_worker``. The driver's
input thread (``terminal.read_terminal``) is Textual's, rebuilt on its
private parser (``textual._xterm_parser.XTermParser``). If a Textual
release renames or changes any of them, these tests fail before a learner sees
a stale row, a stranded tracker or a key lost.
"""

from __future__ import annotations

import asyncio
import inspect

from textual import events
from textual.app import App, ComposeResult
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pathtui.tui.widgets.checklist import renew_prompt
from tui_support import screen_text


def test_the_private_names_still_exist_with_the_shape_we_use() -> None:
    params = list(inspect.signature(Option._set_prompt).parameters)
    assert params == ["self", "prompt"]
    option_list = OptionList("a")
    assert isinstance(option_list._option_render_cache, object)
    assert callable(option_list._option_render_cache.clear)


def test_the_driver_names_the_closing_path_relies_on_still_exist() -> None:
    from textual.driver import Driver
    from textual.drivers import _writer_thread, linux_driver

    from pathtui.tui.terminal import TrackerDriver

    driver = linux_driver.LinuxDriver
    assert issubclass(TrackerDriver, driver)
    for name in ("_sigtstp_application", "_sigcont_application"):
        assert list(inspect.signature(getattr(driver, name)).parameters) == ["self", "_"]
    # the attribute the writer thread is built on, and the one it is built from
    assert "self._file = sys.__stderr__" in inspect.getsource(driver.__init__)
    assert "WriterThread(self._file)" in inspect.getsource(driver.start_application_mode)
    writer_run = inspect.getsource(_writer_thread.WriterThread.run)
    assert "write = self._file.write" in writer_run and "flush = self._file.flush" in writer_run
    init = inspect.getsource(Driver.__init__)
    assert "self._loop = asyncio.get_running_loop()" in init
    assert "self._auto_restart = True" in init
    assert list(inspect.signature(App._handle_exception).parameters) == ["self", "error"]
    assert "self._driver: Driver | None = None" in inspect.getsource(App.__init__)


def test_the_stylesheet_parse_cache_the_style_cache_seeds_still_works_this_way() -> None:
    from textual.css.stylesheet import Stylesheet

    source = inspect.getsource(Stylesheet._parse_rules)
    assert "cache_key = (css, read_from, is_default_rules, tie_breaker, scope)" in source
    assert "return self._parse_cache[cache_key]" in source
    stylesheet = Stylesheet(variables={"primary": "#ff0000"})
    assert stylesheet._variables == {"primary": "#ff0000"}
    css, read_from = "Label { color: $primary; }", ("test", "one")
    stylesheet._parse_cache.set((css, read_from, False, 0, ""), [])  # a seeded entry
    stylesheet.add_source(css, read_from=read_from)
    assert stylesheet.rules == [], "the seeded entry was used instead of parsing"
    assert list(stylesheet._parse_cache.keys()) == [(css, read_from, False, 0, "")]
    assert stylesheet._parse_cache.get((css, read_from, False, 0, "")) == []


class OneList(App[None]):
    def compose(self) -> ComposeResult:
        yield OptionList(Option("first row", id="a"), Option("second row", id="b"))


async def test_renew_prompt_shows_the_new_prompt_at_once() -> None:
    app = OneList()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        assert "first row" in screen_text(app)
        renew_prompt(app.query_one(OptionList), "a", Content("renewed row"))
        await pilot.pause()
        text = screen_text(app)
        assert "renewed row" in text and "first row" not in text
        assert "second row" in text
        assert app.query_one(OptionList).get_option("a").prompt == Content("renewed row")


class Ping(Message):
    """A message nobody handles."""


async def test_a_message_waits_in_the_queue_keys_app_looks_at() -> None:
    app = OneList()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        listing = app.query_one(OptionList)
        assert listing._message_queue.empty()
        listing.post_message(Ping())
        assert not listing._message_queue.empty(), "posting queues the message"
        await pilot.pause()
        assert listing._message_queue.empty(), "handling takes it out"


async def test_a_worker_says_whether_it_runs_in_a_thread() -> None:
    app = OneList()
    async with app.run_test(size=(40, 6)) as pilot:
        threaded = app.run_worker(lambda: None, thread=True)
        on_the_loop = app.run_worker(asyncio.sleep(0))
        await pilot.pause()
        assert threaded._thread_worker is True
        assert on_the_loop._thread_worker is False


def test_the_input_thread_pathtui_rebuilds_is_still_textuals() -> None:
    """``read_terminal`` stands in for ``LinuxDriver.run_input_thread``: the
    driver's thread must still run that method, and the method still read
    the terminal through the parser and the escape delay it was copied from."""
    from textual import constants
    from textual._xterm_parser import XTermParser
    from textual.drivers import linux_driver

    from pathtui.tui.terminal import READ_BYTES, TrackerDriver

    driver = linux_driver.LinuxDriver
    assert "self.run_input_thread()" in inspect.getsource(driver._run_input_thread)
    assert "target=self._run_input_thread" in inspect.getsource(driver.start_application_mode)
    assert TrackerDriver.run_input_thread is not driver.run_input_thread
    source = inspect.getsource(driver.run_input_thread)
    for line in (
        "parser = XTermParser(self._debug)",
        "read(fileno, 1024 * 4)",
        "for event in feed(unicode_data):",
        "for event in tick():",
        "while not self.exit_event.is_set():",
    ):
        assert line in source, line
    assert READ_BYTES == 1024 * 4
    assert isinstance(constants.ESCAPE_DELAY, float)
    parser = XTermParser(False)
    assert [m.key for m in parser.feed("\x1b[Aa") if isinstance(m, events.Key)] == ["up", "a"]
    assert list(parser.tick()) == []
