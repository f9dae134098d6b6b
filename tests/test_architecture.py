"""The shape of the code: no import circle, and the window and session in small pieces.

import-linter (pyproject.toml, run by .ci/run) checks that every import points down the
layers; this checks what layers cannot: no two modules import each other, however
indirectly, counting imports made only for type hints.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

import annotator

PACKAGE = Path(annotator.__file__).parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _circles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """The import circles among ``modules`` (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while (top := stack.pop()) != module:
                component.append(top)
            if component:
                circles.append(sorted([module, *component]))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return circles


def test_no_module_of_annotator_takes_part_in_an_import_circle() -> None:
    graph = grimp.build_graph("annotator", exclude_type_checking_imports=False)
    modules = {m for m in graph.modules if m.startswith("annotator")}
    assert "annotator.ui.window.main_window" in modules
    assert _circles(graph, modules) == []


def test_a_circle_is_found_when_there_is_one() -> None:
    """The check itself: two modules of the window importing each other are reported."""
    graph = grimp.build_graph("annotator", exclude_type_checking_imports=False)
    graph.add_import(
        importer="annotator.ui.editing.controller",
        imported="annotator.ui.window.main_window",
    )
    circles = _circles(graph, {m for m in graph.modules if m.startswith("annotator")})
    assert any("annotator.ui.editing.controller" in circle for circle in circles)


def _sources(*packages: str) -> list[Path]:
    return sorted(path for package in packages for path in (PACKAGE / package).rglob("*.py"))


@pytest.mark.parametrize("package", ["session", "ui"])
def test_modules_of_the_session_and_the_window_are_under_400_lines(package: str) -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in _sources(package)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


@pytest.mark.parametrize("package", ["session", "ui"])
def test_functions_of_the_session_and_the_window_are_under_60_lines(package: str) -> None:
    long = {}
    for path in _sources(package):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}::{node.name}"] = lines
    assert long == {}
