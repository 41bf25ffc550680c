"""Progress at a glance (domain.md §6.4): completion rates, their ranking (排名) and overdue items by unit.

Completion counts the rows whose 期限状态 is 已完成, so it exists only for templates whose summary counts
the deadline status. Rates are compared as exact fractions of the rounded cell values (1/3 and 2/6 tie),
and ties share a rank the way a league table does (1, 2, 2, 4). A region without area has no area rate
and no area rank.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Dict, List, Optional, Sequence

from .model import Ledger, Summary, SummaryRow, _add
from .template import DEADLINE_STATUS


@dataclass
class Progress:
    row: SummaryRow
    done: int
    done_area: float
    rate_count: Optional[Fraction]
    rate_area: Optional[Fraction]
    rank_count: Optional[int] = None
    rank_area: Optional[int] = None


@dataclass
class UnitOverdue:
    unit: str
    overdue: int
    due_soon: int
    overdue_area: float


def has_completion(ledger: Ledger) -> bool:
    """True when the summary counts the deadline status (so 已完成 is known per row)."""
    key = ledger.template.summary_status
    if not key:
        return False
    column = ledger.template.column(key)
    return column.computed and column.sources[0] == DEADLINE_STATUS


def competition_ranks(values: Sequence[Optional[Fraction]]) -> List[Optional[int]]:
    """Rank of each value, highest first; equal values share the rank and the next rank skips (1, 2, 2, 4)."""
    present = sorted((v for v in values if v is not None), reverse=True)
    first = {}
    for position, value in enumerate(present, 1):
        first.setdefault(value, position)
    return [None if v is None else first[v] for v in values]


def _fraction(part: float, whole: float) -> Optional[Fraction]:
    if not whole:
        return None
    return Fraction(str(part)) / Fraction(str(whole))


def completion(ledger: Ledger, summary: Summary) -> List[Progress]:
    """Completion of every region of ``summary`` (by count and by its first area), ranked among them."""
    done_word = ledger.template.statuses["done"]
    out = []
    for row in summary.rows:
        done, done_area = row.by_status.get(done_word, (0, 0.0))
        primary = row.areas[summary.area_keys[0]] if summary.area_keys else 0.0
        out.append(Progress(row, done, done_area, _fraction(done, row.count), _fraction(done_area, primary)))
    for progress, rank in zip(out, competition_ranks([p.rate_count for p in out])):
        progress.rank_count = rank
    for progress, rank in zip(out, competition_ranks([p.rate_area for p in out])):
        progress.rank_area = rank
    return out


def total_completion(ledger: Ledger, summary: Summary) -> Progress:
    """The 合计 row's completion (no rank)."""
    total = summary.total
    done, done_area = total.by_status.get(ledger.template.statuses["done"], (0, 0.0))
    primary = total.areas[summary.area_keys[0]] if summary.area_keys else 0.0
    return Progress(total, done, done_area, _fraction(done, total.count), _fraction(done_area, primary))


def ranked(progress: Sequence[Progress]) -> List[Progress]:
    """Best first: by the count rank, then the area rank, then the admin code."""
    worst = len(progress) + 1
    return sorted(progress, key=lambda p: (p.rank_count or worst, p.rank_area or worst, p.row.code))


def overdue_by_unit(ledger: Ledger, unit_key: str = "unit") -> List[UnitOverdue]:
    """Overdue and due-soon counts per responsible unit (责任单位), most overdue first; [] without the column."""
    keys = [c.key for c in ledger.columns]
    if unit_key not in keys or not has_completion(ledger):
        return []
    template = ledger.template
    unit_i, state_i = keys.index(unit_key), keys.index(template.summary_status)
    area_i = keys.index(template.summary_areas[0]) if template.summary_areas else None
    overdue, due_soon = template.statuses["overdue"], template.statuses["due_soon"]
    counts: Dict[str, List] = {}
    for row, counted in zip(ledger.rows, ledger.counted):
        if not counted or row[state_i] not in (overdue, due_soon):
            continue
        unit = str(row[unit_i]).strip() if row[unit_i] is not None else ""
        entry = counts.setdefault(unit or template.empty_label, [0, 0, []])
        if row[state_i] == overdue:
            entry[0] += 1
            area = row[area_i] if area_i is not None else None
            entry[2].append(area if isinstance(area, float) else 0.0)
        else:
            entry[1] += 1
    units = [UnitOverdue(unit, n, soon, _add(areas)) for unit, (n, soon, areas) in counts.items()]
    return sorted(units, key=lambda u: (-u.overdue, -u.due_soon, u.unit))
