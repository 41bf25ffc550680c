"""Which units get a reminder letter (提醒函) and which a supervision letter (督办函) (domain.md §6.1, §6.4).

A unit gets a letter when it has open items that are overdue (逾期) or due soon (临期). The letter is
a 督办函 when at least one of them is overdue by ``escalate_days`` days or more (days left ≤
−escalate_days), a 提醒函 otherwise. Done items and items with time to spare are not listed.
The wording comes from a JSON file a province can replace (``resources/templates/letters/``).
"""
from __future__ import annotations

import os
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Dict, List, Mapping, Sequence

from .chase import Item, area_sum
from .config import RESOURCES_DIR, ConfigError, read_json

WORDING_FILE = os.path.join(RESOURCES_DIR, "templates", "letters", "letter_wording.json")
REMINDER, SUPERVISION = "reminder", "supervision"
KINDS = (REMINDER, SUPERVISION)
CHASED = ("overdue", "due_soon")
PLACEHOLDERS = ("unit", "issuer", "as_of", "year", "count", "overdue", "due_soon", "area", "max_overdue",
                "warning_days", "escalate_days", "feedback_date", "kind_name")


class WordingError(ConfigError):
    """The wording file lacks an entry or uses an unknown placeholder; the message names both."""


@dataclass
class Letter:
    unit: str
    kind: str
    items: List[Item]
    overdue: int
    due_soon: int
    area: float  # 亩, sum of the listed items' rounded areas
    max_overdue: int  # days the most overdue item is late (0 when none is)
    missing_area: int = 0  # listed items without an area
    file: str = ""


@dataclass
class Plan:
    letters: List[Letter]
    chased: int  # items listed in some letter
    skipped: Dict[str, int] = field(default_factory=dict)  # role -> items not chased (done, normal, no deadline)


def plan_letters(items: Sequence[Item], escalate_days: int) -> Plan:
    """One letter per unit with overdue or due-soon items, units in order of first appearance."""
    by_unit: Dict[str, List[Item]] = {}
    skipped: Dict[str, int] = {}
    for item in items:
        if item.role in CHASED:
            by_unit.setdefault(item.group, []).append(item)
        else:
            skipped[item.role or "unknown"] = skipped.get(item.role or "unknown", 0) + 1
    letters = []
    for unit, listed in by_unit.items():
        listed = sorted(listed, key=lambda i: (i.days_left, i.key))  # most overdue first
        overdue = [i for i in listed if i.role == "overdue"]
        max_overdue = max((-i.days_left for i in overdue), default=0)
        kind = SUPERVISION if overdue and max_overdue >= escalate_days else REMINDER
        letters.append(Letter(unit, kind, listed, len(overdue), len(listed) - len(overdue),
                              area_sum(i.area for i in listed), max_overdue,
                              sum(1 for i in listed if i.area is None)))
    return Plan(letters, sum(len(letter.items) for letter in letters), skipped)


def load_wording(path: str = "") -> Dict[str, Any]:
    """The wording file (the shipped one when ``path`` is empty), checked for every entry the writer uses."""
    path = path or WORDING_FILE
    data = read_json(path)
    for key in ("doc_number", "table_title", "table_headers", "overdue_days", "contact", "fonts"):
        if key not in data:
            raise WordingError("Letter wording {path}: the entry {key} is missing.", path=path, key=key)
    if len(data["table_headers"]) != 7:
        raise WordingError("Letter wording {path}: table_headers needs 7 headers ({headers}).", path=path,
                           headers="序号, 图斑编号, 位置, 面积, 问题, 时限, 剩余天数")
    for kind in KINDS:
        entry = data.get(kind)
        if not isinstance(entry, dict):
            raise WordingError("Letter wording {path}: the entry {key} is missing.", path=path, key=kind)
        for key in ("name", "title", "intro", "measures", "feedback", "closing", "feedback_days"):
            if key not in entry:
                raise WordingError("Letter wording {path}: the entry {key} is missing.", path=path,
                                   key=f"{kind}.{key}")
    _check_placeholders(data, path)
    return data


def _check_placeholders(data: Any, path: str, where: str = "") -> None:
    """Every {name} in the wording must be one the writer fills (a typo would print as is)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if not str(key).startswith("_"):
                _check_placeholders(value, path, f"{where}.{key}" if where else str(key))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            _check_placeholders(value, path, f"{where}[{k}]")
    elif isinstance(data, str):
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(data) if name is not None]
        except ValueError as exc:
            raise WordingError("Letter wording {path}, entry {key}: the braces do not pair up ({detail}).",
                               path=path, key=where, detail=exc) from None
        unknown = [n for n in names if n not in PLACEHOLDERS and not n.isdigit()]
        if unknown:
            raise WordingError("Letter wording {path}, entry {key}: unknown placeholder {{{name}}}; known: {known}.",
                               path=path, key=where, name=unknown[0], known=", ".join(PLACEHOLDERS))


def chinese_date(day: date) -> str:
    """2026年11月22日 (the 公文 way of writing a date, Arabic digits)."""
    return f"{day.year}年{day.month}月{day.day}日"


def fill(letter: Letter, wording: Mapping[str, Any], issuer: str, as_of: date, warning_days: int,
         escalate_days: int) -> Dict[str, str]:
    """Values of the placeholders for one letter."""
    entry = wording[letter.kind]
    return {
        "unit": letter.unit, "issuer": issuer, "as_of": chinese_date(as_of), "year": str(as_of.year),
        "count": str(len(letter.items)), "overdue": str(letter.overdue), "due_soon": str(letter.due_soon),
        "area": f"{letter.area:.2f}", "max_overdue": str(letter.max_overdue), "warning_days": str(warning_days),
        "escalate_days": str(escalate_days),
        "feedback_date": chinese_date(feedback_date(as_of, int(entry["feedback_days"]))),
        "kind_name": entry["name"],
    }


def feedback_date(as_of: date, days: int) -> date:
    return as_of + timedelta(days=days)


def file_name(letter: Letter, wording: Mapping[str, Any], used: set) -> str:
    """'<unit>_<kind name>.docx', with characters no file system accepts replaced, unique in ``used``."""
    clean = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in letter.unit).strip(" .") or "_"
    base = f"{clean[:80]}_{wording[letter.kind]['name']}"
    name, k = base + ".docx", 2
    while name.lower() in used:
        name = f"{base}_{k}.docx"
        k += 1
    used.add(name.lower())
    return name
