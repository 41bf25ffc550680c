"""Ledger items for chasing (domain.md §6.4): what letters and the atlas need from any ledger layer.

A ledger layer is whatever a team chases: an analysis result, an exported ledger read back, a ledger
store's items. Its fields are found through the generic ledger template (整改时限/ZGSX/WCQX, 整改状态/ZGZT,
责任单位/ZRDW, 图斑编号/TBBH/RWBH …) and also by every column's Chinese header and key, by the fields' aliases, and
with a unit in brackets set aside (面积(亩) is an area in 亩), so a layer a user made with the ledger's own
headers is read as well. A ledger store's items (fields named by the column keys of their template) are
read through that template (core/ledger/store.store_view): its done rule, its areas in 亩. Deadlines and
期限状态 come from the ledger model, so a letter or an atlas page says what the ledger says.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .ledger.model import Ledger
from .ledger.template import (
    AREA_TYPES, DEADLINE_STATUS, GENERIC, Column, Template, load_template, source_field, template_ids,
)
from .text import cell_text
from .units import round_half_up

TOWNSHIP_DIGITS = 9
MILESTONES = "generic_milestones"
# A field name or alias ending in a unit in brackets: 面积(亩), 图斑面积（平方米）, area (ha).
UNIT_SUFFIX = re.compile(r"^(.*?)\s*[(（]\s*(亩|平方米|m2|m²|㎡|公顷|hm2|ha)\s*[)）]\s*$", re.IGNORECASE)
UNITS = {"亩": "mu", "平方米": "m2", "m2": "m2", "m²": "m2", "㎡": "m2", "公顷": "ha", "hm2": "ha", "ha": "ha"}


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


def _field_index(available: Sequence[str], aliases: Mapping[str, str]) -> Dict[str, Tuple[str, Optional[str]]]:
    """Casefolded name -> (field, unit in its name) for every field name and alias, a bracketed unit set
    aside; names win over aliases."""
    index: Dict[str, Tuple[str, Optional[str]]] = {}
    for texts in ([(f, f) for f in available], [(f, aliases.get(f)) for f in available]):
        for name, text in texts:
            if not text:
                continue
            bracketed = UNIT_SUFFIX.match(text)
            base, unit = (bracketed.group(1), UNITS[bracketed.group(2).lower()]) if bracketed else (text, None)
            index.setdefault(base.strip().casefold(), (name, unit))
    return index


def _resolve(template: Template, index: Mapping[str, Tuple[str, Optional[str]]]
             ) -> Tuple[Template, List[str], int, bool]:
    """(``template`` reading the indexed fields, unitless Chinese area fields, columns found, every required
    column found)."""
    columns, unitless, found, complete = [], [], 0, True
    for column in template.columns:
        if column.computed or column.expand:
            columns.append(column)
            continue
        names = list(dict.fromkeys(column.sources + [column.header_zh, column.key]))
        hit = next((index[n.casefold()] for n in names if n.casefold() in index), None)
        if hit is None:
            complete = complete and not column.required
            columns.append(replace(column, sources=names))
            continue
        found += 1
        name, unit = hit
        column = replace(column, sources=[name])
        if column.type in AREA_TYPES and unit:
            column.unit = unit
        elif column.type in AREA_TYPES and not name.isascii() and column.key in template.summary_areas:
            unitless.append(name)  # 三调's Chinese 图斑面积 is m²; a ledger's own 面积 is 亩: the user is told
        columns.append(column)
    return replace(template, columns=columns), unitless, found, complete


def item_template(available: Sequence[str] = (), aliases: Optional[Mapping[str, str]] = None
                  ) -> Tuple[Template, List[str], Dict[str, str]]:
    """(the template reading the layer's fields, area fields read as m² for want of a unit, generic_keys).

    The shipped template with deadlines that the layer fills best (all its required columns, most columns;
    the generic one on a tie): an outflow result is then done when 合规, a restoration ledger when 已恢复, by
    their own rules. Each column reads the first of its names (sources, its Chinese header, its key) that is
    a field's name or alias; an area column takes the unit a field's name or alias gives in brackets. A
    generic layer that tracks milestones (倒排工期: a field of ``generic_milestones`` marking one done) is
    chased by them; any other layer by its final deadline only.
    """
    index = _field_index(available, aliases or {})
    scheduled = load_template(MILESTONES)
    tracked = any(s.casefold() in index for m in scheduled.milestones for s in m.done_sources)
    best = None
    for template_id in [GENERIC] + [t for t in template_ids() if t not in (GENERIC, MILESTONES)]:
        template = scheduled if template_id == GENERIC and tracked else load_template(template_id)
        if not template.deadline.get("date") or not any(
                c.computed and c.sources[0] == DEADLINE_STATUS for c in template.columns):
            continue  # nothing to chase by
        resolved, unitless, found, complete = _resolve(template, index)
        if complete and (best is None or found > best[2]):
            best = (resolved, unitless, found, generic_keys(template.columns))
    return best[0], best[1], best[3]


def status_words() -> Dict[str, str]:
    """期限状态 words by role (已完成, 逾期 …), shared by every template."""
    return load_template(GENERIC).statuses


def generic_keys(columns: Sequence[Column]) -> Dict[str, str]:
    """Generic column key -> key of the column of ``columns`` (a template's) that plays its part.

    The same key first (a generic ledger, a store's progress or unit), else a column whose key, header or
    source names are among the generic column's names (restoration's 任务编号, read from RWBH, is the item id).
    """
    out: Dict[str, str] = {}
    for g in load_template(MILESTONES).columns:
        wanted = {n.casefold() for n in [g.key, g.header_zh] + g.sources}
        hit = next((c for c in columns if c.key == g.key), None) or next(
            (c for c in columns if not c.expand and wanted & {n.casefold() for n in [c.key, c.header_zh] + c.sources}),
            None)
        if hit is not None:
            out[g.key] = hit.key
    return out


def group_source(template: Template, available: Sequence[str], key: str,
                 keys: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The layer field behind the column playing generic column ``key`` (e.g. 'unit' for 责任单位), or None.

    ``keys``: generic_keys of the template the layer was written with (a store's), else of ``template``.
    """
    mapped = (generic_keys(template.columns) if keys is None else keys).get(key)
    return None if mapped is None else source_field(template.column(mapped), available)


def items(ledger: Ledger, groups: Sequence[Any], empty_group: str,
          keys: Optional[Mapping[str, str]] = None) -> List[Item]:
    """Items of ``ledger`` with their group (one value per row; blanks become ``empty_group``); ``keys`` as
    for group_source."""
    roles = {word: role for role, word in ledger.template.statuses.items()}
    index = {c.key: i for i, c in enumerate(ledger.columns)}
    col = {g: index[k] for g, k in (generic_keys(ledger.columns) if keys is None else keys).items() if k in index}
    shown = [(c.header_zh, i) for i, c in enumerate(ledger.columns) if c.key != "seq"]
    done_key = ledger.template.deadline.get("done_status")  # 恢复状态 says what the problem is when nothing else does

    def text(row, key):
        return cell_text(row[col[key]]) if key in col else ""

    out = []
    for n, (row, group) in enumerate(zip(ledger.rows, groups)):
        area = row[col["area"]] if "area" in col else None
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
            problem=text(row, "problem") or text(row, "measure") or text(row, "progress") or (
                cell_text(row[index[done_key]]) if done_key in index else ""),
            deadline=deadline if isinstance(deadline, date) else None,
            milestone=text(row, "next_milestone"),
            days_left=row[col["days_left"]] if "days_left" in col else None,
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
