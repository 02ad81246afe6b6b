"""Dependencies point one way: pages -> ui -> conflictmap, and conflictmap's modules import each other without cycles.

Imports are read from the source (every import statement, function-level and TYPE_CHECKING ones included), so a
late import inside a function cannot hide a dependency.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

# The command line's dispatch table names `ui.serve` for `python -m conflictmap serve`: the entry point starts
# the dashboard by module name, without importing it. It is the one place the core may name the UI.
UI_NAMED_BY = {"conflictmap/__main__.py": {"ui.serve"}}
MODULE_NAME = re.compile(r"^(ui|pages|streamlit)(\.[A-Za-z_]\w*)*$")


def module_name(path: Path) -> str:
    """conflictmap/store/index.py -> conflictmap.store.index; a package's __init__.py -> the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module name an import statement of this file names (relative imports resolved)."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> set[str]:
    """The module names source code in this package imports, at any depth (functions, TYPE_CHECKING blocks)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source_module = ".".join(base + ([node.module] if node.module else []))
            else:
                source_module = node.module or ""
            names.add(source_module)
            names.update(f"{source_module}.{a.name}" for a in node.names)  # `from pkg import module`
    return names


def python_files(*roots: str) -> list[Path]:
    """The .py files under these project folders (or the files themselves)."""
    out: list[Path] = []
    for root in roots:
        path = ROOT / root
        out += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return out


def top(name: str) -> str:
    return name.split(".")[0]


def offending_imports(roots: tuple[str, ...], forbidden: set[str]) -> list[str]:
    """'file: module' for every import of a forbidden top-level package from these files."""
    return [
        f"{p.relative_to(ROOT)}: {name}"
        for p in python_files(*roots)
        for name in sorted(imports_of(p))
        if top(name) in forbidden
    ]


def test_the_core_never_imports_streamlit_ui_or_pages():
    bad = offending_imports(("conflictmap",), {"streamlit", "ui", "pages", "tests", "scripts", "benchmarks"})
    assert not bad, "conflictmap/ must not depend on the dashboard:\n" + "\n".join(bad)


def test_the_core_names_ui_modules_only_in_the_command_table():
    named = {}
    for path in python_files("conflictmap"):
        strings = {
            n.value
            for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and MODULE_NAME.match(n.value)
        }
        if strings:
            named[str(path.relative_to(ROOT))] = strings
    assert named == UI_NAMED_BY


def test_ui_never_imports_pages():
    bad = offending_imports(("ui",), {"pages", "tests", "scripts", "benchmarks"})
    assert not bad, "ui/ helpers must not depend on page scripts:\n" + "\n".join(bad)


def test_pages_import_only_ui_and_the_core():
    first_party = {"conflictmap", "ui", "pages", "tests", "scripts", "benchmarks", "dashboard"}
    bad = offending_imports(("pages", "dashboard.py"), first_party - {"conflictmap", "ui"})
    assert not bad, "pages import ui/ and conflictmap/, never each other:\n" + "\n".join(bad)


def import_graph(package: str = "conflictmap") -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (a `from pkg import name` counts as pkg.name when that
    is a module, else as pkg; importing a module does not count as importing its parent package)."""
    modules = {module_name(p): p for p in python_files(package)}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imports_of(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted; [] when acyclic."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1 or v in graph.get(v, ()):
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"c"}}, [["a", "b"], ["c", "d"]]),
    ],
)
def test_cycle_finder(graph, expected):
    assert cycles(graph) == expected


def test_function_level_relative_and_type_checking_imports_count():
    source = (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..model import Event\n"
        "def f():\n    from . import index\n    import conflictmap.geo.gazetteer\n"
    )
    found = imports_in(source, "conflictmap.store")
    assert {"conflictmap.model", "conflictmap.store.index", "conflictmap.geo.gazetteer"} <= found


def test_no_import_cycles_between_core_modules():
    graph = import_graph()
    assert "conflictmap.store.index" in graph and graph["conflictmap.ingest.cli"]  # the graph is really built
    found = cycles(graph)
    assert not found, "import cycles in conflictmap/: " + "; ".join(" <-> ".join(c) for c in found)
