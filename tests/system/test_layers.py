"""The package's layers, checked from the source: who may import whom.

The layers (``docs/architecture.md``) are, from the bottom up:

- ``pathtui.model``: pure rules and pictures; imports no other layer, no UI
  library and nothing that does I/O, not even inside a function;
- ``pathtui.storage``: files, locks, caches, this device's id, the path library;
- ``pathtui.sync``: git, the merge of two files, sync-folder copies, the
  tracker's rounds;
- ``pathtui.services``: the application layer (the Session, export and
  import, restore, doctor, ...);
- ``pathtui.cli`` and ``pathtui.tui``, the two front ends, which never import
  each other (the CLI's ``tracker.py`` opens the tracker, and is the one
  exception).

``pathtui.errors`` (the exception classes, no imports), ``pathtui.schemas`` and
the package's own ``__init__`` (the version) are leaves every layer may use.

Imports inside a function count like any other, for the layers and for loops:
they keep heavy or rarely needed parts (Textual, the web server) off the fast
paths, but may not close an import loop. Imports under ``if TYPE_CHECKING:``
never run and are left out.
"""

from __future__ import annotations

import ast
import re
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


#: A command the fast dispatch (``cli/grammar.py``) imports by name when it runs.
DISPATCH_RE = re.compile(r"(pathtui(?:\.\w+)+):\w+")


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
            elif isinstance(child, ast.Constant) and isinstance(child.value, str):
                target = DISPATCH_RE.fullmatch(child.value)
                if target:  # the grammar's "module:function": imported when run
                    found.lazy.add(target.group(1))
            inner = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            walk(child, inner)

    walk(ast.parse(file.read_text(encoding="utf-8")), in_function=False)
    return found


MODULES = {module.name: module for module in map(_scan, sorted(PACKAGE.rglob("*.py")))}


#: The layers from the bottom up: a module may import its own layer and those
#: below it. The two front ends share the top rank and never import each other.
LAYERS = {
    "pathtui.model": 0,
    "pathtui.storage": 1,
    "pathtui.sync": 2,
    "pathtui.services": 3,
    "pathtui.cli": 4,
    "pathtui.tui": 4,
}
#: Modules every layer may use: the version, the exception classes, the
#: shipped JSON Schema's package. ``__main__`` (``python -m pathtui``) is the
#: one entry point allowed to reach the CLI.
LEAVES = {"pathtui", "pathtui.errors", "pathtui.schemas"}
ENTRY_POINTS = {"pathtui.__main__"}
#: The one CLI module that reaches the tracker: to open it.
OPENS_THE_TRACKER = "pathtui.cli.tracker"


def _layer(name: str) -> str | None:
    for layer in LAYERS:
        if name == layer or name.startswith(layer + "."):
            return layer
    return None


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
    for layer in LAYERS:
        assert sum(_in(layer, name) for name in MODULES) >= 3, layer
    assert "pathtui.storage.store" in _ours(MODULES["pathtui.services.session"].top)
    assert "pathtui.cli.commands" in _ours(MODULES["pathtui.cli.script"].lazy)


def test_every_module_is_in_a_layer() -> None:
    """Nothing loose at the top of the package but the leaves and the entry point."""
    loose = sorted(n for n in MODULES if _layer(n) is None and n not in LEAVES | ENTRY_POINTS)
    assert loose == []


def _above(name: str) -> list[str]:
    """What ``name`` imports (on import or inside a function) from a higher layer
    or from the other front end."""
    module = MODULES[name]
    own = _layer(name)
    assert own is not None, name
    found = []
    for target in _ours(module.top | module.lazy):
        layer = _layer(target)
        if layer is None:
            assert target in LEAVES, f"{name} imports {target}"
            continue
        if name == OPENS_THE_TRACKER and target == "pathtui.tui":
            continue
        if LAYERS[layer] > LAYERS[own] or (LAYERS[layer] == LAYERS[own] and layer != own):
            found.append(target)
    return sorted(found)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if _layer(n) is not None))
def test_each_module_imports_only_its_own_layer_and_those_below(name: str) -> None:
    assert _above(name) == [], f"{name} imports {_above(name)}"


def test_the_layer_check_finds_a_module_reaching_up() -> None:
    """The check itself: storage importing the tracker is reported."""
    module = MODULES["pathtui.storage.store"]
    module.lazy.add("pathtui.tui.app")
    try:
        assert _above("pathtui.storage.store") == ["pathtui.tui.app"]
    finally:
        module.lazy.discard("pathtui.tui.app")


@pytest.mark.parametrize(
    "name", sorted(n for n in MODULES if _in("pathtui.model", n) or _in("pathtui.storage", n))
)
def test_model_and_storage_import_no_ui_library(name: str) -> None:
    module = MODULES[name]
    ui = sorted(t for t in module.top | module.lazy if t.split(".")[0] in UI_LIBRARIES)
    assert not ui, f"{name} imports {ui}"


#: Modules that open files, run programs or reach a network: the model gets its
#: text and data from the layers above and never imports these, not even inside
#: a function. (``os.urandom``, for fresh ids, is the one use of ``os`` it has.)
IO_MODULES = ("io", "shutil", "subprocess", "socket", "tempfile", "fcntl", "httpx", "importlib")
#: Calls that read or write a file, whatever object they are made on.
IO_CALLS = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "fdopen", "scandir"}


def _io_in(file: Path) -> list[str]:
    """The I/O a module's source does: forbidden imports, ``os`` calls, file calls."""
    found = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in IO_MODULES]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in IO_MODULES:
            found.append(node.module or "")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
            and node.attr != "urandom"
        ):
            found.append(f"os.{node.attr}")
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in IO_CALLS:
                found.append(f"{called}()")
    return sorted(found)


MODEL_FILES = sorted((PACKAGE / "model").rglob("*.py"))


@pytest.mark.parametrize("file", MODEL_FILES, ids=lambda f: f.stem)
def test_the_model_does_no_io(file: Path) -> None:
    assert _io_in(file) == []


def test_the_io_check_finds_file_reading() -> None:
    """The check itself: storage's reader of path files is caught."""
    assert "os.open" in _io_in(PACKAGE / "storage" / "pathfile.py")
    assert "read_text()" in _io_in(PACKAGE / "storage" / "pathfile.py")


def _cycles() -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), plus self-imports."""
    graph = {
        name: {
            target
            for target in _ours(module.top | module.lazy)
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
    """Importing ``pathtui.cli.typerapp`` runs ``pathtui.cli/__init__``: not a cycle."""
    return name.startswith(target + ".")


def test_no_import_cycles_between_modules() -> None:
    """Counting imports inside functions: a lazy import may not close a loop either."""
    assert _cycles() == []


def test_the_cycle_check_counts_imports_inside_functions() -> None:
    """The check itself: a loop closed only by an import inside a function is reported."""
    pathlint = MODULES["pathtui.model.pathlint"]
    path = MODULES["pathtui.model.path"]
    path.lazy.add("pathtui.model.pathlint")
    try:
        assert any({"pathtui.model.path", "pathtui.model.pathlint"} <= set(g) for g in _cycles())
    finally:
        path.lazy.discard("pathtui.model.pathlint")
    assert "pathtui.model.path" in _ours(pathlint.top)


def test_the_cycle_check_counts_the_grammars_dispatch_strings() -> None:
    """The check itself: a command named as "module:function" is an import of it."""
    grammar = MODULES["pathtui.cli.grammar"]
    assert "pathtui.cli.reads" in grammar.lazy
    assert "pathtui.cli.reads" not in grammar.top


def test_the_cycle_check_finds_a_cycle() -> None:
    """The check itself: a cycle put into the graph is reported."""
    pathlint = MODULES["pathtui.model.pathlint"]
    path = MODULES["pathtui.model.path"]
    assert "pathtui.model.path" in _ours(pathlint.top)
    path.top.add("pathtui.model.pathlint")
    try:
        assert any({"pathtui.model.path", "pathtui.model.pathlint"} <= set(g) for g in _cycles())
    finally:
        path.top.discard("pathtui.model.pathlint")


def test_the_cli_package_itself_imports_nothing() -> None:
    """The status fast path imports through ``pathtui.cli``: its ``__init__`` stays empty."""
    init = MODULES["pathtui.cli"]
    assert not init.top and not init.lazy


# --------------------------------------------------------------------------- test folders

TESTS = PACKAGE.parents[1] / "tests"
#: What the tests in each folder may import of pathtui (by layer). A test goes in
#: the folder of the layer it exercises: the model's tests need nothing above
#: it, and only the front ends' folders drive the CLI or the tracker from
#: inside. (Helpers at the top of ``tests/`` may run the installed program.)
TEST_FOLDER_IMPORTS = {
    "model": {"model"},
    "storage": {"model", "storage", "sync", "services"},
    "sync": {"model", "storage", "sync", "services"},
    "services": {"model", "storage", "sync", "services"},
    "tui": {"model", "storage", "sync", "services", "tui"},
    "cli": {"model", "storage", "sync", "services", "cli", "tui"},
}
_NAMED_LAYER = re.compile(r"pathtui\.(model|storage|sync|services|cli|tui)\b")


def _layers_named(file: Path) -> set[str]:
    return set(_NAMED_LAYER.findall(file.read_text(encoding="utf-8")))


@pytest.mark.parametrize("folder", sorted(TEST_FOLDER_IMPORTS))
def test_each_test_folder_holds_the_tests_of_its_layer(folder: str) -> None:
    files = sorted((TESTS / folder).glob("test_*.py"))
    assert files, f"tests/{folder} is empty"
    crossing = {
        f.name: sorted(_layers_named(f) - TEST_FOLDER_IMPORTS[folder])
        for f in files
        if _layers_named(f) - TEST_FOLDER_IMPORTS[folder]
    }
    assert crossing == {}
