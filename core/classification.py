"""保留/认定/恢复/置换一批 summary (domain.md §4.2): area by category and code, and by slope grade.

The code table is [U] and lives in ``farmland_classification.json``. Areas are
summed in m² per code, then shown in 亩 (2 decimals) and 万亩 (4 decimals),
rounded half-up; category subtotals and the grand total are sums of the
rounded code rows, as a ledger reader adds them up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import numpy as np

from .config import load_config
from .units import m2_to_mu, round_half_up

SUBTOTAL = "小计"
TOTAL = "合计"
NO_GRADE = ""


@dataclass
class CodeTable:
    categories: List[str]
    codes: Dict[str, dict]
    prefixes: Dict[str, str]
    unknown: str
    grades: List[str]

    @classmethod
    def load(cls, user_dir: Optional[str] = None) -> "CodeTable":
        data = load_config("farmland_classification", user_dir)
        return cls(list(data["categories"]), dict(data["codes"]), dict(data.get("prefix_categories", {})),
                   data["unknown_category"], [str(g) for g in data["slope_grades"]])

    def lookup(self, code: str) -> tuple:
        """(category, name) of a code: exact entry, else longest prefix, else the unknown category."""
        if code in self.codes:
            entry = self.codes[code]
            return entry["category"], entry.get("name", "")
        best = ""
        for prefix in self.prefixes:
            if code.startswith(prefix) and len(prefix) > len(best):
                best = prefix
        return (self.prefixes[best], "") if best else (self.unknown, "")


def clean_code(value: object) -> str:
    """Code text: trimmed, '1311.0' (numbers read from DBF/Excel) -> '1311'."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text


def clean_grade(value: object) -> str:
    text = clean_code(value)
    return text[1:] if len(text) == 2 and text.startswith("0") else text


@dataclass
class Row:
    category: str
    code: str
    name: str
    count: int
    area_m2: float
    area_mu: float
    area_wanmu: float
    net_mu: float
    net_wanmu: float
    grade_mu: Dict[str, float] = field(default_factory=dict)      # slope grade -> gross 亩
    grade_net_mu: Dict[str, float] = field(default_factory=dict)  # slope grade -> net 亩


def _mu(m2: float) -> float:
    return round_half_up(m2_to_mu(m2), 2)


def _wanmu(m2: float) -> float:
    return round_half_up(m2_to_mu(m2) / 10000.0, 4)


def summarize(
    codes: Sequence[object],
    area: np.ndarray,
    coef: Optional[np.ndarray],
    grades: Optional[Sequence[object]],
    table: CodeTable,
) -> List[Row]:
    """One row per code (table order of categories, then code), a 小计 per category and a 合计.

    ``coef`` is the deduction coefficient (net = area × (1 − coef); missing counts as 0).
    Grades outside the table's slope grades are summed under the empty grade.
    """
    area = np.nan_to_num(np.asarray(area, dtype=float))
    n = len(area)
    coef_arr = np.zeros(n) if coef is None else np.clip(np.nan_to_num(np.asarray(coef, dtype=float)), 0.0, 1.0)
    net = area * (1.0 - coef_arr)
    code_text = [clean_code(c) for c in codes]
    grade_text = [NO_GRADE] * n if grades is None else [clean_grade(g) for g in grades]
    valid = set(table.grades)
    grade_text = [g if g in valid else NO_GRADE for g in grade_text]
    grade_keys = table.grades + [NO_GRADE]

    per_code: Dict[str, dict] = {}
    for i, code in enumerate(code_text):  # attribute-only aggregation over plain lists
        bucket = per_code.setdefault(code, {"n": 0, "area": 0.0, "net": 0.0, "g": {}, "gn": {}})
        bucket["n"] += 1
        bucket["area"] += area[i]
        bucket["net"] += net[i]
        g = grade_text[i]
        bucket["g"][g] = bucket["g"].get(g, 0.0) + area[i]
        bucket["gn"][g] = bucket["gn"].get(g, 0.0) + net[i]

    order = {c: k for k, c in enumerate(table.categories + [table.unknown])}
    by_category: Dict[str, List[Row]] = {}
    for code, b in per_code.items():
        category, name = table.lookup(code)
        row = Row(category, code, name, b["n"], round_half_up(b["area"], 2), _mu(b["area"]), _wanmu(b["area"]),
                  _mu(b["net"]), _wanmu(b["net"]),
                  {g: _mu(b["g"].get(g, 0.0)) for g in grade_keys},
                  {g: _mu(b["gn"].get(g, 0.0)) for g in grade_keys})
        by_category.setdefault(category, []).append(row)

    rows: List[Row] = []
    totals: List[Row] = []
    for category in sorted(by_category, key=lambda c: (order.get(c, len(order)), c)):
        members = sorted(by_category[category], key=lambda r: (len(r.code), r.code))
        subtotal = _sum_rows(category, SUBTOTAL, members, grade_keys)
        rows.extend(members)
        rows.append(subtotal)
        totals.append(subtotal)
    rows.append(_sum_rows(TOTAL, "", totals, grade_keys))
    return rows


def _sum_rows(category: str, code: str, members: List[Row], grade_keys: List[str]) -> Row:
    def total(attr: str, places: int) -> float:
        return round(sum(getattr(m, attr) for m in members), places)

    return Row(category, code, "", sum(m.count for m in members), total("area_m2", 2), total("area_mu", 2),
               total("area_wanmu", 4), total("net_mu", 2), total("net_wanmu", 4),
               {g: round(sum(m.grade_mu[g] for m in members), 2) for g in grade_keys},
               {g: round(sum(m.grade_net_mu[g] for m in members), 2) for g in grade_keys})
