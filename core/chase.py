"""Ledger items for chasing (domain.md §6.4): what letters and the atlas need from any ledger layer.

A ledger layer is whatever a team chases: an analysis result, an exported ledger read back, a ledger
store's items. Its fields are found through the generic ledger template (整改时限/ZGSX/WCQX, 整改状态/ZGZT,
责任单位/ZRDW, 图斑编号/TBBH/RWBH …) and also by every column's Chinese header, so a layer whose fields
carry the ledger's own headers is read as well. Deadlines and 期限状态 come from the ledger model, so a
letter or an atlas page says what the ledger says.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .fields import find
from .ledger.model import Ledger, build_ledger
from .ledger.template import GENERIC, Template, load_template
from .text import cell_text
from .units import round_half_up

TOWNSHIP_DIGITS = 9
MILESTONES = "generic_milestones"


@dataclass
class Item:
    """One ledger row as a chaser sees it."""

    index: int  # row of the input (feature order)
    key: str  # 图斑编号 / 任务编号 …, else the row number
    group: str  # the unit a letter goes to, or the atlas group
    location: str
    area: Optional[float]  # 亩, rounded as in the ledger
    problem: str
    deadline: Optional[date]  # the final deadline, or the next open milestone's date
    milestone: str  # that milestone's name ('' without milestones)
    days_left: Optional[int]
    state: str  # 期限状态 word of the template (已完成, 逾期, 临期, 正常, 无期限)
    role: str  # the state's role: done, overdue, due_soon, normal, no_deadline
    values: Dict[str, Any]  # column header -> ledger value, for pages that show every ledger field


def item_template(available: Sequence[str] = ()) -> Template:
    """The generic template, with each column's Chinese header accepted as a field name too.

    A layer that tracks milestones (倒排工期: a field of ``generic_milestones`` marking one done) is chased
    by them; any other layer by its final deadline only.
    """
    template = load_template(GENERIC)
    scheduled = load_template(MILESTONES)
    if any(find(available, m.done_sources) for m in scheduled.milestones):
        template = scheduled
    for column in template.columns:
        if not column.computed and not column.expand and column.header_zh not in column.sources:
            column.sources.append(column.header_zh)
    return template


def build_items_ledger(available: Sequence[str], records: Iterable[Mapping[str, Any]], as_of: date,
                       warning_days: int, aliases: Optional[Mapping[str, str]] = None) -> Ledger:
    """Ledger rows of any layer by the generic template; ``aliases`` head the layer's other fields."""
    return build_ledger(item_template(available), available, records, as_of, warning_days, aliases=aliases)


def group_source(template: Template, available: Sequence[str], key: str) -> Optional[str]:
    """The layer field behind template column ``key`` (e.g. 'unit' for 责任单位), or None."""
    return find(available, template.column(key).sources)


def items(ledger: Ledger, groups: Sequence[Any], empty_group: str) -> List[Item]:
    """Items of ``ledger`` with their group (one value per row; blanks become ``empty_group``)."""
    roles = {word: role for role, word in ledger.template.statuses.items()}
    col = {c.key: i for i, c in enumerate(ledger.columns)}
    shown = [(c.header_zh, i) for i, c in enumerate(ledger.columns) if c.key != "seq"]

    def text(row, key):
        return cell_text(row[col[key]]) if key in col else ""

    out = []
    for n, (row, group) in enumerate(zip(ledger.rows, groups)):
        area = row[col["area"]]
        deadline = ledger.chased_by[n] if ledger.chased_by else row[col["deadline"]]
        state = text(row, "deadline_status")
        location = text(row, "location") or "".join(
            text(row, k) for k in ("township", "village")) or ledger.codes[n]
        out.append(Item(
            index=n,
            key=text(row, "patch_id") or str(n + 1),
            group=cell_text(group) or empty_group,
            location=location,
            area=area if isinstance(area, float) else None,
            problem=text(row, "problem") or text(row, "measure") or text(row, "progress"),
            deadline=deadline if isinstance(deadline, date) else None,
            milestone=text(row, "next_milestone"),
            days_left=row[col["days_left"]],
            state=state,
            role=roles.get(state, ""),
            values={header: row[i] for header, i in shown if row[i] is not None},
        ))
    return out


def area_sum(values: Iterable[Optional[float]]) -> float:
    """Sum of 2-decimal 亩 values, exact to the cent (what the ledger's 合计 does)."""
    return round_half_up(math.fsum(v for v in values if v is not None), 2) + 0.0


def township_groups(ledger: Ledger) -> List[str]:
    """Township of each row by its admin code (first 9 digits); '' when a row has no code."""
    return [code[:TOWNSHIP_DIGITS] if len(code) >= TOWNSHIP_DIGITS else "" for code in ledger.codes]
