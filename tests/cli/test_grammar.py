"""One grammar: the Typer app and the fast path read the same declaration.

``grammar.COMMANDS`` declares the everyday commands' arguments once. These
tests check that the Typer app has exactly those parameters (so ``--help`` and
the fast path cannot drift apart), that the fast parser takes only the plain
forms and leaves everything else to Typer, and that both ways of answering a
call print the same thing and leave the same progress file.
"""

from __future__ import annotations

import inspect
import re
from importlib import import_module
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from pathtui.cli import grammar
from pathtui.cli.commands import app, run_cli
from pathtui.cli.grammar import COMMANDS, FLAG, NUMBER, TEXT, WHOLE, parse
from pathtui.cli.script import main

CLICK_TYPES = {
    FLAG: "BoolParamType",
    TEXT: "StringParamType",
    NUMBER: "FloatParamType",
    WHOLE: "IntParamType",
}


def click_command(words: tuple[str, ...]):
    command = typer.main.get_command(app)
    ctx = command.make_context("pathtui", [], resilient_parsing=True)
    for word in words:
        command = command.get_command(ctx, word)
    return command


def declared_function(command: grammar.Command):
    module, _, name = command.run.partition(":")
    return getattr(import_module(module), name)


@pytest.mark.parametrize("words", [w for w in COMMANDS if w], ids=" ".join)
def test_the_typer_command_has_exactly_the_declared_parameters(words: tuple[str, ...]) -> None:
    declared = COMMANDS[words]
    params = {p.name: p for p in click_command(words).params if p.name not in ("help",)}
    assert set(params) == {p.dest for p in declared.params}
    function = inspect.signature(declared_function(declared)).parameters
    for spec in declared.params:
        param = params[spec.dest]
        assert param.param_type_name == ("argument" if spec.positional else "option")
        if spec.positional:
            assert param.metavar == spec.metavar
            assert param.nargs == (-1 if spec.many else 1)
            assert param.required == spec.required
        else:
            assert tuple(param.opts) == spec.flags
            assert param.help == spec.help
        assert type(param.type).__name__ == CLICK_TYPES[spec.kind], spec.dest
        # The fast path passes only what was typed: the function's defaults must
        # be the ones Typer shows and passes.
        if not param.required and spec.dest in function:
            assert function[spec.dest].default == param.default, spec.dest


def test_the_global_path_option_is_the_declared_one() -> None:
    params = {p.name: p for p in typer.main.get_command(app).params}
    assert tuple(params["path"].opts) == grammar.PATH.flags
    assert params["path"].help == grammar.PATH.help


def test_every_declared_function_takes_the_declared_names() -> None:
    for command in COMMANDS.values():
        names = set(inspect.signature(declared_function(command)).parameters)
        assert {"path_file", *command.fixed, *(p.dest for p in command.params)} <= names


@pytest.mark.parametrize("words", list(COMMANDS), ids=lambda w: " ".join(w) or "(tracker)")
def test_each_dispatch_string_names_a_function_the_grammar_can_call(
    words: tuple[str, ...],
) -> None:
    """The grammar dispatches through ``"module:function"`` strings, which no type
    checker follows: every one must import, name a function of the CLI, and
    need nothing the grammar does not pass (the fast path passes ``path_file``
    and only the values that were typed, so an option or an optional argument
    needs a default)."""
    command = COMMANDS[words]
    module, _, name = command.run.partition(":")
    assert module.startswith("pathtui.cli.") and name, command.run
    function = declared_function(command)
    assert inspect.isfunction(function), command.run
    passed = {"path_file", *command.fixed, *(p.dest for p in command.params)}
    for param in inspect.signature(function).parameters.values():
        assert param.kind in (param.POSITIONAL_OR_KEYWORD, param.KEYWORD_ONLY), param
        assert param.name in passed or param.default is not param.empty, (
            f"{command.run} needs {param.name!r}, which the grammar never passes"
        )
        declared = next((p for p in command.params if p.dest == param.name), None)
        typed_only_sometimes = declared is not None and (declared.flags or not declared.required)
        if typed_only_sometimes:
            assert param.default is not param.empty, f"{command.run}: {param.name} needs a default"


@pytest.mark.parametrize(
    ("argv", "function", "values"),
    [
        ([], "open_tracker", {"path_file": None}),
        (["--path", "f.toml"], "open_tracker", {"path_file": "f.toml"}),
        (["--path=f.toml", "status", "--json"], "print_status", {"as_json": True}),
        (["status", "--hours-per-week=7.5"], "print_status", {"hours_per_week": "7.5"}),
        (["status", "--format", "{step}"], "print_status", {"template": "{step}"}),
        (["done", "a", "b"], "mark", {"ids": ["a", "b"]}),
        (["note", "a", ""], "note", {"item_id": "a", "text": ""}),
        (["log", "-d", "yesterday", "1h", "--item=a"], "log", {"duration": "1h", "item": "a"}),
        (["log", "--list"], "log", {"show": True}),
        (["list", "--step", "0"], "list_items", {"step": "0"}),
        (["config"], "config_show", {}),
        (["config", "hours-per-week", "12"], "config_hours", {"hours": "12"}),
        (["show", "a", "--json"], "show_item", {"item_id": "a", "as_json": True}),
        (["jobs"], "jobs_list", {"path_file": None}),
        (["--path", "f.toml", "project", "list"], "project_list", {"path_file": "f.toml"}),
        (["path", "list"], "path_list", {}),
        (["restore"], "restore", {}),
        (["restore", "--yes"], "restore", {"yes": True}),
    ],
)
def test_plain_calls_take_the_fast_path(argv: list[str], function: str, values: dict) -> None:
    call = parse(argv)
    assert call is not None
    assert call.command.run.endswith(":" + function)
    for key, value in values.items():
        assert call.values[key] == value


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["status", "--help"],
        ["done"],
        ["done", "--", "-x"],
        ["note", "a"],
        ["note", "a", "b", "c"],
        ["status", "--json", "--json"],
        ["status", "--json=yes"],
        ["status", "--format"],
        ["log", "-d=today", "1h"],
        ["config", "hours-per-week"],
        ["config", "nonsense"],
        ["reset", "--yes"],
        ["--path"],
        ["--path", "--json"],
        ["frobnicate"],
        ["restore", "backup.toml"],  # it may ask before replacing: Typer answers
        ["restore", "backup.toml", "--yes"],
        ["jobs", "move", "abcd", "interview"],
        ["project", "list", "extra"],
        ["show"],
    ],
    ids=" ".join,
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


SAME = [
    ["done", "basics-loops", "basics-lists"],
    ["skip", "basics-language"],
    ["learning", "dsa-graphs"],
    ["todo", "basics-loops"],
    ["note", "basics-lists", "page 12"],
    ["list", "--step", "1"],
    ["list", "--state", "done"],
    ["config", "hours-per-week", "12"],
    ["config", "day-minimum", "20"],
    ["config", "rest-days", "2"],
    ["config", "streaks", "days"],
    ["config"],
    ["status"],
    ["status", "--hours-per-week", "5"],
    ["done", "basics-loop"],
    ["list", "--step", "9"],
    ["config", "hours-per-week", "0"],
    ["config", "hours-per-week", "abc"],
    ["status", "--hours-per-week", "ten"],
    ["list", "--step", "one"],
    ["list", "--json", "--state", "done"],
    ["log", "--list"],
    ["show", "basics-loops"],
    ["show", "basics-loops", "--json"],
    ["show", "basics-loop"],
    ["jobs"],
    ["jobs", "--json"],
    ["project", "list"],
    ["project", "list", "--json"],
    ["path", "list"],
    ["restore"],
]


def _answers(fast: bool, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple]:
    out = []
    for argv in SAME:
        code = main(argv) if fast else _typer_main(argv)
        captured = capsys.readouterr()
        stdout = captured.out.replace(str(data_dir), "DATA")
        # The two runs make their daily backups a second or a minute apart.
        stdout = re.sub(r"\d{8}-\d{6}|\d{4}-\d\d-\d\d \d\d:\d\d", "WHEN", stdout)
        out.append((argv, code, stdout, captured.err))
    out.append(("file", (data_dir / "backend.toml").read_text(encoding="utf-8").count("\n")))
    return out


def _typer_main(argv: list[str]) -> int:
    """What entry.main does, through Typer for every call."""
    from pathtui.errors import PathtuiError

    try:
        return run_cli(argv)
    except PathtuiError as exc:
        import sys

        sys.stderr.write(f"pathtui: {exc}\n")
        return exc.exit_code


def test_the_fast_path_and_typer_answer_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = []
    for fast in (True, False):
        data = tmp_path / ("fast" if fast else "typer")
        monkeypatch.setenv("PATHTUI_DATA_DIR", str(data))
        answers.append(_answers(fast, data, capsys))
    for fast_answer, typer_answer in zip(*answers, strict=True):
        assert fast_answer == typer_answer


def test_typer_help_shows_the_declared_help() -> None:
    result = CliRunner().invoke(app, ["log", "--help"], prog_name="pathtui")
    assert result.exit_code == 0
    for param in COMMANDS[("log",)].params:
        assert param.help.split()[0] in result.output
        for flag in param.flags:
            assert flag in result.output
