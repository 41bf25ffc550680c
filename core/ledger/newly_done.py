"""本周新增完成: the items completed since the previous export recorded in the ledger store (domain.md §6.4).

Each export with a store records a snapshot of its items (key, 期限状态, done or not, area). The next
export compares with the latest earlier one (an as-of date before its own: exporting again on the same
day compares with the same earlier week, not with the morning's export). An item is newly done when it is
done now and was in that export and not done there; items that export did not have are not counted
(they are reported apart), nor items done then and done now. Areas are the rounded cell values of the
summary's first area, added the way the summary adds them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .model import Ledger, Summary, _add
from .progress import has_completion
from .template import DEADLINE_STATUS, LEVELS

# Why a store export shows no change: the store has no earlier export, it predates export history, or the
# items have keys made up in export order (they cannot be matched to another export's items).
FIRST, NO_HISTORY, NO_KEY = "first", "no_history", "no_key"

LABELS = {
    False: {"count": "较 {0} 新增完成(数量)", "area": "较 {0} 新增完成(面积)",
            "note": "上次导出(截止日期 {0}，导出于 {1})时未完成、本次已完成的图斑；上次导出时没有的图斑不计。",
            FIRST: "本周新增完成：台账库中没有截止日期早于 {0} 的导出记录，自下次导出起显示较上次导出新增完成的数量和面积。",
            NO_HISTORY: "本周新增完成：台账库由早期版本写入，没有导出记录，自下次导出起显示较上次导出新增完成的数量和面积。",
            NO_KEY: "本周新增完成：图层没有标识图斑的字段，图斑按导出顺序编号，无法与上次导出对应；请选择台账项键字段，或导出台账库的台账项图层。",
            "by_unit": "较 {0} 新增完成(按责任单位；上次导出时有未完成图斑的单位)", "unit": "责任单位",
            "unit_count": "新增完成数量", "unit_area": "新增完成面积"},
    True: {"count": "Newly done since {0} (count)", "area": "Newly done since {0} (area)",
           "note": "Items not done at the previous export (as of {0}, exported {1}) and done now; items that export "
                   "did not have are not counted.",
           FIRST: "Newly done: the ledger store has no export as of a date before {0}; the change since the previous "
                  "export is shown from the next export on.",
           NO_HISTORY: "Newly done: the ledger store was written by an earlier version and has no export history; the "
                       "change since the previous export is shown from the next export on.",
           NO_KEY: "Newly done: the layer has no field identifying the items, their keys follow the export order and "
                   "cannot be matched to the previous export; choose the item key field, or export the store's "
                   "ledger items layer.",
           "by_unit": "Newly done since {0} by responsible unit (units with items open at the previous export)",
           "unit": "Responsible unit", "unit_count": "Newly done", "unit_area": "Newly done area"},
}


@dataclass
class PreviousExport:
    """The export compared with: its as-of date, when it was made, and each item's done flag then."""

    as_of: date
    exported: str  # the time it was recorded, as the store holds it (ISO, seconds)
    done: Dict[str, bool]


@dataclass
class Since:
    """The change of one ledger since the previous export (``previous`` None: ``reason`` says why none)."""

    as_of: date
    previous: Optional[PreviousExport]
    reason: str = ""
    newly: List[bool] = field(default_factory=list)  # per ledger row
    open_before: List[bool] = field(default_factory=list)  # per row: in the previous export and not done there
    reopened: List[str] = field(default_factory=list)  # keys done then and not done now
    unknown: int = 0  # rows the previous export did not have


@dataclass
class UnitDone:
    unit: str
    count: int
    area: float


def done_flags(ledger: Ledger) -> List[bool]:
    """Per row: 期限状态 is 已完成 (False for every row of a template without deadlines)."""
    if not has_completion(ledger):
        return [False] * len(ledger.rows)
    word = ledger.template.statuses["done"]
    return [status == word for status in ledger.statuses]


def previous_of(exports: Sequence[Mapping[str, Any]], as_of: date) -> Optional[Mapping[str, Any]]:
    """The export to compare with: the latest (by as-of date, then time) with an as-of date before ``as_of``
    whose items had real keys (not keys made up in export order)."""
    earlier = [e for e in exports if isinstance(e.get("as_of"), date) and e["as_of"] < as_of and e.get("key_field")]
    return max(earlier, key=lambda e: (e["as_of"], e.get("export_time") or "", e.get("_fid") or 0), default=None)


def snapshot(ledger: Ledger, keys: Sequence[str]) -> List[Dict[str, Any]]:
    """What the store keeps of each exported item for the next export's comparison."""
    state = next((i for i, c in enumerate(ledger.columns) if c.computed and c.sources[0] == DEADLINE_STATUS), None)
    area_keys = ledger.template.summary_areas
    j = ledger.index(area_keys[0]) if area_keys else None
    return [{"item_key": key, "deadline_status": row[state] if state is not None else None, "done": int(done),
             "area": _area(ledger, i, j) if j is not None else None}
            for i, (key, row, done) in enumerate(zip(keys, ledger.rows, done_flags(ledger)))]


def compare(ledger: Ledger, keys: Sequence[str], previous: Optional[PreviousExport], reason: str = "") -> Since:
    """The change of ``ledger`` (one key per row) since ``previous``."""
    if previous is None:
        return Since(ledger.as_of, None, reason or FIRST)
    since = Since(ledger.as_of, previous)
    for key, done in zip(keys, done_flags(ledger)):
        before = previous.done.get(key)
        since.unknown += before is None
        since.newly.append(done and before is False)
        since.open_before.append(before is False)
        if before and not done:
            since.reopened.append(key)
    return since


def shown(ledger: Ledger, since: Optional[Since]) -> bool:
    """Whether the sheets carry the change (a store was given and the template tracks completion)."""
    return since is not None and has_completion(ledger)


def _area(ledger: Ledger, i: int, j: Optional[int]) -> float:
    value = ledger.rows[i][j] if j is not None else None
    return value if isinstance(value, float) else 0.0


def by_region(ledger: Ledger, since: Since, summary: Summary) -> Dict[str, Tuple[int, float]]:
    """Region code -> (newly done count, area) for ``summary``'s regions; '' is the 合计 of those rows."""
    digits = LEVELS[summary.level]
    j = ledger.index(summary.area_keys[0]) if summary.area_keys else None
    wanted = {row.code for row in summary.rows}
    hits: Dict[str, List[float]] = {code: [] for code in wanted}
    for i, (code, counted) in enumerate(zip(ledger.codes, ledger.counted)):
        if counted and since.newly[i] and code[:digits] in wanted:
            hits[code[:digits]].append(_area(ledger, i, j))
    out = {code: (len(areas), _add(areas)) for code, areas in hits.items()}
    out[""] = (sum(n for n, _ in out.values()), _add(a for _, a in out.values()))
    return out


def by_unit(ledger: Ledger, since: Since, unit_key: str = "unit") -> List[UnitDone]:
    """Newly done per responsible unit, among the units with items open at the previous export; most first."""
    keys = [c.key for c in ledger.columns]
    if unit_key not in keys or since.previous is None:
        return []
    unit_i = keys.index(unit_key)
    area_keys = ledger.template.summary_areas
    j = ledger.index(area_keys[0]) if area_keys else None
    units: Dict[str, List[float]] = {}
    for i, row in enumerate(ledger.rows):
        if not ledger.counted[i] or not since.open_before[i]:
            continue
        unit = str(row[unit_i]).strip() if row[unit_i] is not None else ""
        areas = units.setdefault(unit or ledger.template.empty_label, [])
        if since.newly[i]:
            areas.append(_area(ledger, i, j))
    done = [UnitDone(unit, len(areas), _add(areas)) for unit, areas in units.items()]
    return sorted(done, key=lambda u: (-u.count, -u.area, u.unit))


def headers(since: Since, english: bool, area: bool) -> List[str]:
    """The column headers (none without a previous export)."""
    if since.previous is None:
        return []
    labels = LABELS[english]
    day = since.previous.as_of.isoformat()
    return [labels["count"].format(day)] + ([labels["area"].format(day)] if area else [])


def header_note(since: Since, english: bool) -> str:
    """The header cells' comment: what counts."""
    previous = since.previous
    return LABELS[english]["note"].format(previous.as_of.isoformat(), previous.exported.replace("T", " "))


def missing_note(since: Since, english: bool) -> Optional[str]:
    """The sentence a sheet shows instead of the columns when there is no previous export."""
    if since.previous is not None:
        return None
    return LABELS[english][since.reason].format(since.as_of.isoformat())
