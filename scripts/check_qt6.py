"""Static Qt6 check: every name and attribute the code takes from ``qgis.PyQt`` must exist in PyQt6.

QGIS 4 is built on Qt6, where ``qgis.PyQt.X`` is PyQt6's module X: unscoped enums (``Qt.UserRole``),
``QVariant.Int`` and ``exec_`` are gone there. This walks every tracked Python file, follows each
``Name.attr.attr`` chain rooted at a ``qgis.PyQt`` import and looks it up in PyQt6.

Run it under a PyQt6 from pip kept out of the project's venv (``make validate`` does:
``PYTHONPATH=.build/qt6 python3 scripts/check_qt6.py``). A line ending in ``# qt5-only`` (the QGIS < 3.38
branch of a version switch) is not checked. Exits non-zero and lists every problem found.
"""
from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from typing import Dict, Iterator, List, Optional, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PREFIX = "qgis.PyQt"
# Names QGIS's own qgis.PyQt modules add to PyQt6's under Qt6 (QAction and QShortcut moved to QtGui in Qt6;
# QGIS keeps them importable from QtWidgets, qgis/QGIS#55658), and what its QtCore adds.
QGIS_EXTRAS = {"QtWidgets": {"QAction": "QtGui", "QShortcut": "QtGui"}, "QtCore": {"NULL": None}}
QT5_ONLY = "# qt5-only"
# Removed in PyQt6 wherever they are called (on any object, not only on imported names).
REMOVED_METHODS = {"exec_": "exec", "print_": "print"}


class Unresolved(Exception):
    pass


def pyqt6(module: str):
    try:
        return importlib.import_module("PyQt6." + module)
    except ImportError as exc:
        raise Unresolved(f"no module PyQt6.{module} ({exc})") from None


def lookup(module: str, path: List[str]) -> Optional[str]:
    """None when ``qgis.PyQt.<module>`` then ``path`` resolves under Qt6, else what is missing."""
    if not path:
        return None
    head, rest = path[0], path[1:]
    extras = QGIS_EXTRAS.get(module, {})
    if head in extras:
        if extras[head] is None or not rest:
            return None
        return lookup(extras[head], path)
    try:
        obj = pyqt6(module)
    except Unresolved as exc:
        return str(exc)
    done = [module]
    for part in path:
        if not hasattr(obj, part):
            return f"{'.'.join(done)} has no '{part}' in PyQt6"
        obj = getattr(obj, part)
        done.append(part)
    return None


def imported_names(tree: ast.AST) -> Tuple[Dict[str, Tuple[str, List[str]]], List[Tuple[int, str, List[str]]]]:
    """Local name -> (PyQt module, path inside it), and every import as (line, module, path)."""
    names: Dict[str, Tuple[str, List[str]]] = {}
    imports: List[Tuple[int, str, List[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == PREFIX:
                for alias in node.names:
                    names[alias.asname or alias.name] = (alias.name, [])
                    imports.append((node.lineno, alias.name, []))
            elif node.module.startswith(PREFIX + "."):
                module = node.module[len(PREFIX) + 1:]
                for alias in node.names:
                    if alias.name == "*":
                        imports.append((node.lineno, module, ["*"]))
                        continue
                    names[alias.asname or alias.name] = (module, [alias.name])
                    imports.append((node.lineno, module, [alias.name]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PREFIX + ".") and alias.asname:
                    module = alias.name[len(PREFIX) + 1:]
                    names[alias.asname] = (module, [])
                    imports.append((node.lineno, module, []))
    return names, imports


def chains(tree: ast.AST) -> Iterator[Tuple[int, str, List[str]]]:
    """Every outermost ``Name.attr.attr`` chain: (line, root name, attributes)."""
    inner = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            parts = []
            current = node
            while isinstance(current, ast.Attribute):
                inner.add(id(current.value))
                parts.append(current.attr)
                current = current.value
            if isinstance(current, ast.Name):
                yield node.lineno, current.id, parts[::-1]


def check_source(source: str, filename: str) -> List[str]:
    tree = ast.parse(source, filename)
    lines = source.splitlines()

    def exempt(line: int) -> bool:
        return lines[line - 1].rstrip().endswith(QT5_ONLY)

    problems = []
    names, imports = imported_names(tree)
    for line, module, path in imports:
        if path == ["*"]:
            problems.append(f"{filename}:{line}: star import from {PREFIX}.{module}")
            continue
        missing = lookup(module, path)
        if missing and not exempt(line):
            problems.append(f"{filename}:{line}: {missing}")
    for line, root, attrs in chains(tree):
        if root in names and not exempt(line):
            module, path = names[root]
            missing = lookup(module, path + attrs)
            if missing:
                problems.append(f"{filename}:{line}: {root}.{'.'.join(attrs)}: {missing}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in REMOVED_METHODS and not exempt(node.lineno):
            problems.append(f"{filename}:{node.lineno}: .{node.attr}() is gone in PyQt6, "
                            f"use .{REMOVED_METHODS[node.attr]}()")
    return problems


def tracked_python_files() -> List[str]:
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [path for path in listed.stdout.split() if os.path.isfile(os.path.join(ROOT, path))]


def main(paths: List[str]) -> int:
    try:
        pyqt6("QtCore")
    except Unresolved as exc:
        print(f"check_qt6: {exc}; run it with a PyQt6 on PYTHONPATH (make validate installs one).")
        return 2
    problems = []
    files = paths or tracked_python_files()
    for path in files:
        with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
            problems += check_source(handle.read(), path)
    for problem in sorted(problems, key=lambda text: (text.split(":")[0], int(text.split(":")[1]))):
        print("FAIL:", problem)
    if not problems:
        print(f"check_qt6: {len(files)} files, every qgis.PyQt name exists in PyQt6")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
