"""Extract every translatable string of the plugin into i18n/land_supervision_zh_CN.ts.

pylupdate5 files module-level ``tr("...")`` calls under the ``@default`` context and cannot see
class constants passed through ``tr(self.DISPLAY_NAME)``; the plugin has a single context
("LandSupervision", see translate.py), so this ast-based extractor collects:

* the first argument of every ``tr(...)`` / ``self.tr(...)`` / ``tr_noop(...)`` call that is a string literal;
* the class constants the algorithm base class translates (DISPLAY_NAME, GROUP_NAME, HELP);
* the values of module-level dict literals named ``*LABELS`` (label tables looked up, then passed to tr());
* under core/ (no Qt, no tr()), the literal English first argument of every ``...Error(...)`` and
  ``super().__init__(...)`` call: the message
  templates the glue translates through ``translate.message`` (core/messages.py).

Existing translations are kept; entries whose source vanished from the code are removed.
Usage: python scripts/update_ts.py [--check]   (--check: exit 1 when the .ts is not up to date)
"""
from __future__ import annotations

import argparse
import ast
import os
import sys
import xml.etree.ElementTree as ET
from typing import Dict, List, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TS_PATH = os.path.join(ROOT, "i18n", "land_supervision_zh_CN.ts")
CONTEXT = "LandSupervision"
# Not shipped; core/ is read for its error templates only.
SKIP_DIRS = {"tests", "scripts", "benchmarks", "sample_data", "docs", "i18n", "dist", "output"}
TRANSLATED_CONSTANTS = {"DISPLAY_NAME", "GROUP_NAME", "HELP"}

Locations = Dict[str, List[Tuple[str, int]]]


def plugin_sources(root: str = ROOT) -> List[str]:
    """The plugin's own .py files (what ships), relative to root, sorted."""
    found = []
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__"
                         and not (rel == "." and d in SKIP_DIRS))
        found.extend(os.path.relpath(os.path.join(folder, f), root) for f in files if f.endswith(".py"))
    return sorted(found)


def _literal(node) -> str:
    """The text of a string literal, implicit or '+' concatenation included; '' otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return left + right if left and right else ""
    return ""


def _is_tr(func) -> bool:
    """tr(...), self.tr(...) and the marker tr_noop(...) (translate.py)."""
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name in ("tr", "tr_noop")


def _is_error(func) -> bool:
    """A core/ error raised with a message template: ConfigError("...", value=...), in an error class
    super().__init__("...", ...), through an error class passed in as ``error``, or a warning Notice("...", ...)."""
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name.endswith("Error") or name in ("__init__", "error", "Notice")


def _english(text: str) -> bool:
    """Messages core writes in Chinese already (date flags, domain values) need no translation, nor message codes
    (StoreError("unreadable", ...)) that the glue words from its own table."""
    return not text.isidentifier() and not any("\u4e00" <= ch <= "\u9fff" for ch in text)


def extract(path: str, rel: str) -> List[Tuple[str, int]]:
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), filename=rel)
    if rel.split(os.sep)[0] == "core":
        return [(text, node.lineno) for node in ast.walk(tree) if isinstance(node, ast.Call) and _is_error(node.func)
                and node.args and (text := _literal(node.args[0])) and _english(text)]
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and any(
                isinstance(t, ast.Name) and t.id.endswith("LABELS") for t in node.targets):
            found.extend((text, value.lineno) for value in node.value.values if (text := _literal(value)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _is_tr(node.func) and node.args:
            text = _literal(node.args[0])
            if text:
                found.append((text, node.lineno))
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign) and any(
                        isinstance(t, ast.Name) and t.id in TRANSLATED_CONSTANTS for t in item.targets):
                    text = _literal(item.value)
                    if text:
                        found.append((text, item.lineno))
    return found


def collect(root: str = ROOT) -> Locations:
    """source text -> [(file, line)], in order of first appearance."""
    messages: Locations = {}
    for rel in plugin_sources(root):
        for text, line in sorted(extract(os.path.join(root, rel), rel), key=lambda item: item[1]):
            messages.setdefault(text, []).append((rel, line))
    return messages


def read_ts(path: str = TS_PATH) -> Dict[str, Tuple[str, str]]:
    """source -> (translation, type) of the plugin context; type is '' when finished."""
    if not os.path.exists(path):
        return {}
    entries = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            node = message.find("translation")
            text = (node.text or "") if node is not None else ""
            kind = node.get("type", "") if node is not None else "unfinished"
            entries[message.findtext("source") or ""] = (text, kind)
    return entries


def write_ts(messages: Locations, old: Dict[str, Tuple[str, str]], path: str = TS_PATH) -> None:
    root = ET.Element("TS", {"version": "2.1", "language": "zh_CN", "sourcelanguage": "en"})
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source, places in messages.items():
        message = ET.SubElement(context, "message")
        # Files only, no line numbers: the .ts then changes only when strings change.
        for rel in dict.fromkeys(rel for rel, _line in places):
            ET.SubElement(message, "location", {"filename": "../" + rel.replace(os.sep, "/")})
        ET.SubElement(message, "source").text = source
        text = old.get(source, ("", ""))[0]
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not text:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")
    os.replace(path + ".tmp", path)


def problems(messages: Locations, old: Dict[str, Tuple[str, str]]) -> Dict[str, List[str]]:
    return {
        "missing": [s for s in messages if s not in old],
        "unfinished": [s for s in messages if s in old and (not old[s][0] or old[s][1])],
        "vanished": [s for s in old if s not in messages],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 when not complete")
    args = parser.parse_args()
    messages, old = collect(), read_ts()
    found = problems(messages, old)
    if not args.check:
        write_ts(messages, old)
        found = problems(messages, read_ts())
    print(f"{len(messages)} strings; " + ", ".join(f"{len(v)} {k}" for k, v in found.items()))
    for text in found["missing"] + found["unfinished"]:
        print("  untranslated:", text[:100].replace("\n", " "))
    return 1 if args.check and any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
