"""The package's layers, checked from the source: who may import whom.

The layers (``docs/architecture.md``) are, from the bottom up:

- ``pathtui.model``: pure rules and pictures; imports no other layer and no
  UI library, not even inside a function;
- ``pathtui.storage``: files, locks, caches and sync; never imports the CLI
  or the tracker;
- the application modules at the top of the package (``session``,
  ``transfer``, ``doctor``, ...);
- ``pathtui.cli`` and ``pathtui.tui``, the two front ends.

``pathtui.errors`` (the exception classes, no imports) and the package's own
``__init__`` (the version) are leaves every layer may use.

The cycle check counts module-level imports only. Imports inside
``if TYPE_CHECKING:`` never run, so they are left out; imports inside a
function are left out too, because they run late, when every module is
loaded, and are how the heavy or rarely needed parts (Textual, the web server,
the tracker from the CLI) stay off the fast paths.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "pathtui"
UI_LIBRARIES = ("textual", "typer", "rich", "click")


@dataclass
class Module:
    """One module's imports: those run on import, and those inside functions."""

    name: str
    top: set[str] = field(default_factory=set)
    lazy: set[str] = field(default_factory=set)


def _module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> set[str]:
    """Every dotted name the statement may load (``from a import b`` may load ``a.b``)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    base = node.module or ""
    if node.level:
        anchor = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            anchor = anchor.rpartition(".")[0]
        base = f"{anchor}.{base}" if base else anchor
    return {base} | {f"{base}.{alias.name}" for alias in node.names}


def _scan(file: Path) -> Module:
    name = _module_name(file)
    found = Module(name)
    is_package = file.name == "__init__.py"

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for branch in child.orelse:
                    walk(branch, in_function)
                continue
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                (found.lazy if in_function else found.top).update(
                    _imported(child, name, is_package)
                )
            inner = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            walk(child, inner)

    walk(ast.parse(file.read_text(encoding="utf-8")), in_function=False)
    return found


MODULES = {module.name: module for module in map(_scan, sorted(PACKAGE.rglob("*.py")))}


APPLICATION = sorted(
    name
    for name in MODULES
    if (
        name.count(".") == 1
        and name not in {"pathtui.__main__", "pathtui.errors"}
        and not any(other.startswith(name + ".") for other in MODULES)  # a subpackage
    )
    or name.startswith("pathtui.services")
)


def _ours(names: set[str]) -> set[str]:
    """The pathtui modules among ``names`` (``pathtui.x.y`` may name a function in x)."""
    result = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name.startswith("pathtui"):
            result.add(name)
    return result


def _in(layer: str, name: str) -> bool:
    return name == layer or name.startswith(layer + ".")


def test_the_scan_sees_every_layer() -> None:
    """Guard the checks below: an empty or misread scan would pass them all."""
    for layer in ("pathtui.model", "pathtui.storage", "pathtui.cli", "pathtui.tui"):
        assert sum(_in(layer, name) for name in MODULES) >= 3, layer
    assert "pathtui.storage.store" in _ours(MODULES["pathtui.services.session"].top)
    assert "pathtui.cli.main" in _ours(MODULES["pathtui.cli.entry"].lazy)
    assert {"pathtui.services.session", "pathtui.actions", "pathtui.services.transfer"} <= set(
        APPLICATION
    )


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _in("pathtui.model", n)))
def test_the_model_imports_no_other_layer_and_no_ui(name: str) -> None:
    module = MODULES[name]
    every = module.top | module.lazy
    above = sorted(
        target
        for target in _ours(every)
        if any(_in(layer, target) for layer in ("pathtui.storage", "pathtui.cli", "pathtui.tui"))
        or target
        in {"pathtui.services.session", "pathtui.services.backups", "pathtui.services.transfer"}
    )
    assert not above, f"{name} imports {above}"
    ui = sorted(target for target in every if target.split(".")[0] in UI_LIBRARIES)
    assert not ui, f"{name} imports {ui}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _in("pathtui.storage", n)))
def test_storage_imports_neither_front_end(name: str) -> None:
    module = MODULES[name]
    every = module.top | module.lazy
    above = sorted(
        target
        for target in _ours(every)
        if _in("pathtui.cli", target) or _in("pathtui.tui", target)
    )
    assert not above, f"{name} imports {above}"
    ui = sorted(target for target in every if target.split(".")[0] in UI_LIBRARIES)
    assert not ui, f"{name} imports {ui}"


def _cycles() -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), plus self-imports."""
    graph = {
        name: {
            target
            for target in _ours(module.top)
            if target != name and not _is_parent_package(target, name)
        }
        for name, module in MODULES.items()
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _is_parent_package(target: str, name: str) -> bool:
    """Importing ``pathtui.cli.app`` runs ``pathtui.cli/__init__``: not a cycle."""
    return name.startswith(target + ".")


def test_no_import_cycles_between_modules() -> None:
    assert _cycles() == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check itself: a cycle put into the graph is reported."""
    model = MODULES["pathtui.model.plan"]
    path = MODULES["pathtui.model.path"]
    assert "pathtui.model.path" in _ours(model.top)
    path.top.add("pathtui.model.plan")
    try:
        assert ["pathtui.model.path", "pathtui.model.plan"] in _cycles()
    finally:
        path.top.discard("pathtui.model.plan")


def test_the_cli_package_itself_imports_nothing() -> None:
    """The status fast path imports through ``pathtui.cli``: its ``__init__`` stays empty."""
    init = MODULES["pathtui.cli"]
    assert not init.top and not init.lazy


@pytest.mark.parametrize("name", APPLICATION)
def test_the_application_modules_import_neither_front_end(name: str) -> None:
    """``python -m pathtui`` (``__main__``) is the one entry point allowed to reach up."""
    module = MODULES[name]
    above = sorted(
        target
        for target in _ours(module.top | module.lazy)
        if _in("pathtui.cli", target) or _in("pathtui.tui", target)
    )
    assert not above, f"{name} imports {above}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _in("pathtui.tui", n)))
def test_the_tracker_never_imports_the_cli(name: str) -> None:
    module = MODULES[name]
    cli = sorted(t for t in _ours(module.top | module.lazy) if _in("pathtui.cli", t))
    assert not cli, f"{name} imports {cli}"
