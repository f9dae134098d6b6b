"""Qt stays in annotator/ui: every other layer imports and runs without PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).parent
QT_MODULES = ("PySide6", "qtawesome", "shiboken6")
#: What each layer may import from the project (DESIGN.md, "Layers").
ALLOWED = {
    "core": {"core"},
    "store": {"core", "store"},
    "nlp": {"core", "nlp"},
    "formats": {"core", "formats"},
    "jobs": {"core", "store", "nlp", "formats", "jobs", "paths", "training"},
    "training": {"core", "store", "training"},
    "review": {"core", "store", "review"},
    "session": {"core", "store", "review", "session"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_package_imports_qt() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        for name in _imports(path)
        if name.split(".")[0] in QT_MODULES
    ]
    assert offenders == []


def test_layers_import_only_what_the_design_allows() -> None:
    offenders = []
    for layer, allowed in ALLOWED.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                parts = name.split(".")
                if parts[0] == "annotator" and len(parts) > 1 and parts[1] not in allowed:
                    offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_command_line_works_with_pyside6_missing(tmp_path: Path) -> None:
    """Import and stats run in a process where importing PySide6 fails."""
    sample = tmp_path / "one.txt"
    sample.write_text(
        "Headline\n\nAt least 145 militants were killed, officials said.\n", encoding="utf-8"
    )
    script = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {QT_MODULES!r}:
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, Block())
from annotator.cli import main
code = main(['import', '--no-nlp', '--db', {str(tmp_path / "p.annotator")!r}, {str(sample)!r}])
code = code or main(['stats', '--db', {str(tmp_path / "p.annotator")!r}])
assert not any(m.split('.')[0] in {QT_MODULES!r} for m in sys.modules)
sys.exit(code)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "documents: 1" in result.stdout
