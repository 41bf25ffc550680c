"""User overrides of the shipped configuration, checked entry by entry.

The shipped JSON (``resources/config/<name>.json``) is the schema by example: a user entry
must have the JSON type of the default it replaces (a number for a number, a list for a list,
...). A wrong entry is reported by its path and the default is kept for it, so a hand-edited
or corrupt user file never breaks an algorithm.
"""
from __future__ import annotations

import copy
import json
import os
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .config import CONFIG_DIR, ConfigError, merge, read_json

Problems = List[Tuple[str, str, str]]  # (entry path, code, detail); the front end words the message
EntryCheck = Callable[[Any], Optional[Tuple[str, str]]]
"""A check of a value its JSON type cannot tell (a rule's name, a ratio as text): (code, detail) or None."""

WRONG_TYPE, UNKNOWN_ENTRY, UNREADABLE, NEGATIVE = "wrong_type", "unknown_entry", "unreadable", "negative"
NOT_ONE_OF, NOT_RATIO = "not_one_of", "not_ratio"
PLAIN = ("null", "bool", "number", "text")


def one_of(allowed) -> EntryCheck:
    return lambda value: None if value in allowed else (NOT_ONE_OF, ", ".join(allowed))


def entry_checks(name: str) -> Mapping[str, EntryCheck]:
    """Value checks of table ``name`` by entry path, from the module that reads the table."""
    if name == "idle":
        from . import idle  # idle builds on config, as this module does

        return idle.ENTRY_CHECKS
    return {}


def kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "table"
    return type(value).__name__


def _template(defaults: dict) -> Optional[Any]:
    """For a table whose values all share one kind (rows keyed by code), a row a new key must look like."""
    values = [v for k, v in defaults.items() if not str(k).startswith("_")]
    if values and all(kind(v) == kind(values[0]) for v in values) and kind(values[0]) != "null":
        return values[0]
    return None


def check(defaults: Any, override: Any, path: str = "") -> Tuple[Any, Problems]:
    """The part of ``override`` that fits ``defaults``, and the problems found in the rest."""
    label = path or "(file)"
    if defaults is None:  # an empty default (a local threshold, a list of codes): a number, a flag or a list
        if kind(override) in ("null", "number", "bool") or (
                kind(override) == "list" and all(kind(v) in PLAIN for v in override)):
            return copy.deepcopy(override), []
        return None, [(label, WRONG_TYPE, "plain value")]
    if kind(defaults) != kind(override):
        return None, [(label, WRONG_TYPE, kind(defaults))]
    if kind(defaults) == "number" and defaults >= 0 > override:  # thresholds, days and areas
        return None, [(label, NEGATIVE, "")]
    if isinstance(defaults, dict):
        kept, problems = {}, []
        template = _template(defaults)
        for key, value in override.items():
            sub = "{0}.{1}".format(path, key) if path else str(key)
            if key in defaults:
                base = defaults[key]
            elif template is not None:
                base = template
            elif str(key).startswith("_") and isinstance(value, str):  # a note the user added
                kept[key] = value
                continue
            else:
                problems.append((sub, UNKNOWN_ENTRY, ""))
                continue
            fitted, found = check(base, value, sub)
            problems.extend(found)
            if not found or (isinstance(base, dict) and isinstance(fitted, dict)):
                kept[key] = fitted
        return kept, problems
    if isinstance(defaults, list) and defaults and override:
        sample = defaults[0]
        problems = []
        for index, item in enumerate(override):
            problems.extend(check(sample, item, "{0}[{1}]".format(path, index))[1])
        return (None if problems else copy.deepcopy(override)), problems
    return copy.deepcopy(override), []


def _pop(table: Any, path: str) -> Tuple[bool, Any]:
    """(found, value) of the dotted ``path`` in ``table``, removing it."""
    *parents, last = path.split(".")
    for key in parents:
        table = table.get(key) if isinstance(table, dict) else None
    if isinstance(table, dict) and last in table:
        return True, table.pop(last)
    return False, None


def check_table(name: str, defaults: Any, override: Any) -> Tuple[Any, Problems]:
    """``check`` followed by the table's entry checks: what fits, and every problem found."""
    fitted, problems = check(defaults, override)
    if isinstance(fitted, dict):
        for path, entry_check in entry_checks(name).items():
            found, value = _pop(fitted, path)
            if not found:
                continue
            problem = entry_check(value)
            if problem is None:
                *parents, last = path.split(".")
                _place(fitted, parents, last, value)
            else:
                problems.append((path, problem[0], problem[1]))
    return fitted, problems


def _place(table: dict, parents: List[str], last: str, value: Any) -> None:
    for key in parents:
        table = table[key]
    table[last] = value


def user_path(name: str, user_dir: str) -> str:
    return os.path.join(user_dir, name + ".json")


def shipped(name: str) -> Any:
    return read_json(os.path.join(CONFIG_DIR, name + ".json"))


def load_checked(name: str, user_dir: Optional[str]) -> Tuple[Any, Problems]:
    """Shipped defaults merged with the valid part of the user's file, and what was wrong in it."""
    defaults = shipped(name)
    if not user_dir or not os.path.lexists(user_path(name, user_dir)):
        return defaults, []
    try:
        override = read_json(user_path(name, user_dir))
    except ConfigError as exc:
        return defaults, [("(file)", UNREADABLE, str(exc))]
    fitted, problems = check_table(name, defaults, override)
    if fitted is None:
        return defaults, problems
    return merge(defaults, fitted), problems


def all_problems(user_dir: str) -> Dict[str, Problems]:
    """Problems of every user file that overrides a shipped table, by table name (only those with problems)."""
    found = {}
    if not os.path.isdir(user_dir):
        return found
    for entry in sorted(os.listdir(user_dir)):
        name = entry[:-5]
        if entry.endswith(".json") and os.path.exists(os.path.join(CONFIG_DIR, entry)):
            problems = load_checked(name, user_dir)[1]
            if problems:
                found[name] = problems
    return found


def differences(defaults: Any, value: Any) -> Any:
    """What to store for ``value``: only the entries that differ from the defaults (None if none)."""
    if isinstance(defaults, dict) and isinstance(value, dict):
        diff = {}
        for key, item in value.items():
            if key not in defaults:
                diff[key] = item
                continue
            sub = differences(defaults[key], item)
            if sub is not None:
                diff[key] = sub
        return diff or None
    return None if defaults == value else value


def save(name: str, user_dir: str, value: Any) -> None:
    """Store the user's differences from the defaults atomically; no differences, no file."""
    diff = differences(shipped(name), value)
    path = user_path(name, user_dir)
    if diff is None:
        reset(name, user_dir)
        return
    os.makedirs(user_dir, exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        json.dump(diff, handle, ensure_ascii=False, indent=2)
    os.replace(path + ".tmp", path)


def reset(name: str, user_dir: str) -> None:
    path = user_path(name, user_dir)
    if os.path.exists(path):
        os.remove(path)
