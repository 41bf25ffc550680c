"""Ledger rows from plain records: typed values, areas in 亩, deadlines, responsibility columns.

A record is a dict of field name -> value (what a layer's feature holds).
Each template column takes its value from the first of its source names the
layer has; computed columns (序号, days_left, deadline_status) are filled
here. Areas arrive in m² (or the column's unit) and are written in 亩,
rounded half-up: those rounded values are what the summary adds up
(domain.md §1.3), the unrounded sum is kept for the check column.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .. import admincodes
from ..dates import ParseError, parse_date
from ..fields import find
from ..messages import Notice, Problem
from ..overlay import Cancelled, ProgressCallback
from ..units import M2_PER_HA, M2_PER_MU, m2_to_mu, round_half_up
from . import milestones as ms
from .template import (
    ALL_OTHER_FIELDS, AREA_TYPES, CLOSURE_HINT, DAYS_LEFT, DEADLINE_STATUS, GENERIC, LEVELS, SEQ, Column, Template,
    missing_fields, source_field, template_titles,
)

VILLAGE_DIGITS = LEVELS["village"]
UNIT_TO_M2 = {"m2": 1.0, "ha": float(M2_PER_HA), "mu": float(M2_PER_MU)}


class LedgerError(Problem):
    """Input the ledger cannot be built from; the message says what to change."""


class MissingFieldsError(LedgerError):
    def __init__(self, template: Template, missing: Sequence[Tuple[str, Sequence[str]]]):
        self.template, self.missing = template, list(missing)
        names = "; ".join(f"{header} ({', '.join(aliases)})" for header, aliases in self.missing)
        if template.id == GENERIC:
            super().__init__("The layer lacks fields the ledger template {template} needs: {names}.",
                             template=template.title, names=names)
        else:
            super().__init__("The layer lacks fields the ledger template {template} needs: {names}. Choose another "
                             "template, or {generic}, which exports any layer.",
                             template=template.title, names=names, generic=template_titles()[GENERIC])


@dataclass
class Ledger:
    """Detail rows ready for the writer, with what the summary needs per row."""

    template: Template
    columns: List[Column]
    rows: List[list]
    codes: List[str]
    statuses: List[Optional[str]]
    counted: List[bool]
    unrounded: Dict[str, List[float]]
    as_of: date
    warning_days: int
    warnings: List[Notice] = field(default_factory=list)
    names: Dict[str, str] = field(default_factory=dict)  # region code -> name, from a column with role "name"
    chased_by: List[Optional[date]] = field(default_factory=list)  # per row: the date its days left count to
    """The final deadline, or the next open milestone's date when the template has milestones."""

    def __len__(self) -> int:
        return len(self.rows)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)

    def values(self, key: str) -> List[Any]:
        i = self.index(key)
        return [row[i] for row in self.rows]


def deadline_state(
    deadline: Optional[date], done: bool, as_of: date, warning_days: int, words: Mapping[str, str]
) -> Tuple[Optional[int], str]:
    """(days left, status) by domain.md §6.4: 已完成, 逾期 (< 0), 临期 (0..warning_days), 正常, 无期限.

    Days left are shown for done items too (the deadline they met or missed).
    """
    days = None if deadline is None else (deadline - as_of).days
    if done:
        return days, words["done"]
    if days is None:
        return None, words["no_deadline"]
    if days < 0:
        return days, words["overdue"]
    if days <= warning_days:
        return days, words["due_soon"]
    return days, words["normal"]


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _number(value: Any) -> Any:
    """A float, or the original text when it is not a number (kept, never dropped)."""
    if value is None or isinstance(value, bool):
        return None if value is None else float(value)
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    text = str(value).strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return str(value)


class _Converter:
    """Turns one column's raw values into ledger values, counting what could not be read."""

    def __init__(self, column: Column):
        self.column = column
        self.bad = 0
        self.unrounded: Optional[List[float]] = [] if column.type in AREA_TYPES else None
        self.convert: Callable[[Any], Any] = getattr(self, "convert_" + column.type)

    def convert_text(self, value):
        return _text(value)

    convert_status = convert_text

    def convert_number(self, value):
        number = _number(value)
        if isinstance(number, str):
            self.bad += 1
        return number

    def convert_integer(self, value):
        number = self.convert_number(value)
        return int(round_half_up(number, 0)) if isinstance(number, float) else number

    def convert_auto(self, value):
        """Numbers and dates stay what they are; anything else is text."""
        if isinstance(value, (int, float, date)) and not isinstance(value, bool):
            return None if isinstance(value, float) and math.isnan(value) else value
        return _text(value)

    def convert_date(self, value):
        try:
            return parse_date(value)
        except ParseError:
            self.bad += 1
            return _text(value)

    def _area(self, value, to_display: Callable[[float], float]):
        number = self.convert_number(value)
        if not isinstance(number, float):
            self.unrounded.append(0.0)
            return number
        shown = to_display(number * UNIT_TO_M2[self.column.unit])
        self.unrounded.append(shown)
        return round_half_up(shown, self.column.decimals)

    def convert_area_mu(self, value):
        return self._area(value, m2_to_mu)

    def convert_area_m2(self, value):
        return self._area(value, float)


def expand_columns(
    template: Template, available: Sequence[str], aliases: Optional[Mapping[str, str]] = None
) -> List[Column]:
    """Template columns with every ``expand`` column replaced by one column per matching field."""
    aliases = aliases or {}
    used = {source_field(c, available) for c in template.columns} | {"fid"}
    out = []
    for column in template.columns:
        if not column.expand:
            out.append(column)
            continue
        everything = column.sources == [ALL_OTHER_FIELDS]
        prefixes = tuple(p.lower() for p in column.sources)
        lowered = {name.lower() for name in available}
        for name in available:
            if not everything and _mu_twin(name, lowered):
                continue  # X_mu beside X is X already in 亩: converting it again as m² would be a wrong column
            if (everything and name.lower() not in {u.lower() for u in used if u}) or (
                    not everything and name.lower().startswith(prefixes)):
                label = aliases.get(name) or name
                out.append(Column(
                    key=name, header_zh=label if everything else f"{column.header_zh}：{label}",
                    header_en=name if everything else f"{column.header_en}: {name}",
                    type=column.type, number_format=column.number_format, width=column.width, sources=[name],
                    unit=column.unit, decimals=column.decimals,
                ))
    return out


def _read_in_mu(columns: List[Column], sources: List[Optional[str]], available: Sequence[str]):
    """A 亩 column fed by an m² field with its 亩 twin beside it (``outflow`` and ``outflow_mu``: the summaries
    write both) reads the twin: the ledger then shows the layer's own 亩, which add up over its rows as the
    layer's do, where a county's m² converted again could differ from its villages' 亩 by a cent or two."""
    columns, sources = list(columns), list(sources)
    for k, (column, source) in enumerate(zip(columns, sources)):
        twin = find(available, [source + "_mu"]) if source and column.type == "area_mu" and column.unit == "m2" \
            else None
        if twin:
            columns[k], sources[k] = replace(column, unit="mu"), twin
    return columns, sources


def _mu_twin(name: str, lowered) -> bool:
    """A result's 亩 field beside its m² one (the summaries write both: ``out_forest`` and ``out_forest_mu``)."""
    low = name.lower()
    return low.endswith("_mu") and low[:-3] in lowered


def _responsibility_index(template: Template, table: Sequence[Mapping[str, Any]], columns: List[Column]):
    """village code -> {column key: value} from the responsibility table."""
    if not table:
        return {}, []
    names = list(table[0].keys())
    key_field = find(names, template.responsibility_key)
    if key_field is None:
        raise LedgerError("The responsibility table has no village code field; accepted names: {names}.",
                          names=", ".join(template.responsibility_key))
    fields = {c.key: find(names, c.sources) for c in columns if c.role == "responsibility"}
    index, repeated = {}, set()
    for row in table:
        code = admincodes.normalize(row.get(key_field))[:VILLAGE_DIGITS]
        if code:
            if code in index:
                repeated.add(code)
            index[code] = {key: _text(row.get(name)) for key, name in fields.items() if name}
    return index, sorted(repeated)


def build_ledger(
    template: Template,
    available: Sequence[str],
    records: Iterable[Mapping[str, Any]],
    as_of: Optional[date] = None,
    warning_days: Optional[int] = None,
    responsibility: Optional[Sequence[Mapping[str, Any]]] = None,
    aliases: Optional[Mapping[str, str]] = None,
    progress: Optional[ProgressCallback] = None,
    total: int = 0,
    region_names: Optional[Mapping[str, str]] = None,
    region_names_above: Optional[Mapping[str, str]] = None,
) -> Ledger:
    """Ledger rows for ``records`` (dicts keyed by the names in ``available``).

    ``progress`` gets the fraction done (``total`` records expected) and returns True to cancel.
    ``region_names`` (code -> name, core.regions) fills an empty cell of the column naming the row's region;
    ``region_names_above`` (the tables trusted more than the data: a region table given to the run, the settings)
    replaces the name the row carries, as in every summary.
    """
    missing = missing_fields(template, available)
    if missing:
        raise MissingFieldsError(template, missing)
    as_of = as_of or date.today()
    warning_days = template.warning_days if warning_days is None else int(warning_days)
    columns = expand_columns(template, available, aliases)
    sources = [source_field(c, available) for c in columns]
    columns, sources = _read_in_mu(columns, sources, available)
    converters = [_Converter(c) for c in columns]
    keys = [c.key for c in columns]
    code_i = next((i for i, c in enumerate(columns) if c.role == "code"), None)
    seq_i = [i for i, c in enumerate(columns) if c.computed and c.sources[0] == SEQ]
    days_i = [i for i, c in enumerate(columns) if c.computed and c.sources[0] == DAYS_LEFT]
    state_i = [i for i, c in enumerate(columns) if c.computed and c.sources[0] == DEADLINE_STATUS]
    resp_i = {i: c.key for i, c in enumerate(columns) if c.role == "responsibility"}
    hint_i = [i for i, c in enumerate(columns) if c.computed and c.sources[0] == CLOSURE_HINT]
    closable = template.closable
    closable_i = keys.index(closable["column"]) if closable else None
    closable_values = {str(v) for v in closable.get("values", [])}
    name_i = next((i for i, c in enumerate(columns) if c.role == "name"), None)
    name_digits = LEVELS.get(columns[name_i].level) if name_i is not None else None  # a county column: code[:6]
    names: Dict[str, str] = {}
    above, below = region_names_above or {}, region_names or {}
    resp, repeated = _responsibility_index(template, responsibility or [], columns)
    deadline = template.deadline
    date_i = keys.index(deadline["date"]) if deadline.get("date") else None
    done_i = keys.index(deadline["done_status"]) if deadline.get("done_status") else None
    done_values = {str(v) for v in deadline.get("done_values", [])}
    finished_i = keys.index(deadline["done_date"]) if deadline.get("done_date") else None
    status_i = keys.index(template.summary_status) if template.summary_status else None
    filters = [(keys.index(k), set(v)) for k, v in template.summary_filter.items()]
    plain = [(i, source, converters[i].convert) for i, source in enumerate(sources) if source is not None]
    ms_i = [(keys.index(f"ms_{m.key}_done"), keys.index(f"ms_{m.key}_date"), keys.index(f"ms_{m.key}_state"))
            for m in template.milestones]
    next_i = keys.index("next_milestone") if template.milestones else None
    rows, codes, statuses, counted, chased_by = [], [], [], [], []
    unmatched = set()
    for n, record in enumerate(records):
        if progress is not None and n % 2000 == 0 and progress(n / max(total, 1)):
            raise Cancelled()
        row = [None] * len(columns)
        for i, source, convert in plain:
            row[i] = convert(record.get(source))
        code = admincodes.normalize(record.get(sources[code_i])) if code_i is not None and sources[code_i] else ""
        if code_i is not None:
            row[code_i] = code or None
        if name_i is not None and code:
            region = code[:name_digits] if name_digits else code
            row[name_i] = above.get(region) or row[name_i] or below.get(region, row[name_i])
            if row[name_i]:
                names.setdefault(region, row[name_i])
        for i in seq_i:
            row[i] = n + 1
        if date_i is not None:
            due = row[date_i] if isinstance(row[date_i], date) else None
            done = (done_i is not None and row[done_i] in done_values) or (
                finished_i is not None and row[finished_i] is not None)
            if template.milestones:  # chased by the next open milestone (倒排工期)
                dates, states, next_name, due = ms.evaluate(
                    template.milestones, due, done, [row[i] for i, _, _ in ms_i], as_of, warning_days,
                    template.statuses, deadline_state)
                for (_, di, si), when, word in zip(ms_i, dates, states):
                    row[di], row[si] = when, word
                row[next_i] = next_name
            chased_by.append(due)
            days, state = deadline_state(due, done, as_of, warning_days, template.statuses)
            for i in days_i:
                row[i] = days
            for i in state_i:
                row[i] = state
        for i in hint_i:  # geometry can only suggest 销号, never decide it (domain.md §6.3)
            meets = closable_i is not None and _text(row[closable_i]) in closable_values
            row[i] = closable.get("label") if meets else None
        if resp:
            found = resp.get(code[:VILLAGE_DIGITS])
            if found is None:
                unmatched.add(code)
            else:
                for i, key in resp_i.items():
                    row[i] = found.get(key) or row[i]
        rows.append(row)
        codes.append(code)
        statuses.append(None if status_i is None else (_text(row[status_i]) or template.empty_label))
        counted.append(all(_text(row[i]) in accepted for i, accepted in filters))
    warnings = [
        Notice("{column}: {count} values could not be read as {kind} and were kept as text.",
               column=c.column.header_zh, count=c.bad, kind=c.column.type)
        for c in converters if c.bad
    ]
    if unmatched:
        warnings.append(Notice("{count} village codes were not found in the responsibility table.",
                               count=len(unmatched)))
    if repeated:
        warnings.append(Notice("{count} village codes appear more than once in the responsibility table ({codes}); "
                               "the last row of each is used: keep one row per village.", count=len(repeated),
                               codes=", ".join(repeated[:5])))
    # Area columns the layer cannot fill count as 0 in the unrounded check, like their empty cells.
    unrounded = {c.column.key: c.unrounded or [0.0] * len(rows) for c in converters if c.unrounded is not None}
    return Ledger(template, columns, rows, codes, statuses, counted, unrounded, as_of, warning_days, warnings, names,
                  chased_by)


@dataclass
class SummaryRow:
    code: str
    name: str
    count: int
    areas: Dict[str, float]
    by_status: Dict[str, Tuple[int, float]]
    unrounded: float = 0.0


@dataclass
class Summary:
    level: str
    statuses: List[str]
    area_keys: List[str]
    rows: List[SummaryRow]
    total: SummaryRow


def _add(values: Iterable[float]) -> float:
    """Sum of 2-decimal cell values, exact to the cent (no float drift)."""
    return round_half_up(math.fsum(values), 2) + 0.0  # + 0.0 turns -0.0 into 0.0


def summarize(
    ledger: Ledger, level: str = "county", names: Optional[Mapping[str, str]] = None, within: str = ""
) -> Summary:
    """Counts and areas by region (admin-code order) and by status, from the rounded cell values.

    ``within`` restricts to codes starting with it (a county's townships). Region names come from
    ``names`` or else from the ledger's name column (rows whose code is the region's own code).
    """
    digits = LEVELS[level]
    names = {**ledger.names, **(names or {})}
    template = ledger.template
    area_keys = list(template.summary_areas)
    area_idx = [ledger.index(k) for k in area_keys]
    primary = area_keys[0] if area_keys else None
    groups: Dict[str, List[int]] = {}
    for i, (code, counted) in enumerate(zip(ledger.codes, ledger.counted)):
        if counted and code.startswith(within):
            groups.setdefault(code[:digits], []).append(i)
    order = list(template.summary_order)
    seen = sorted({s for s in ledger.statuses if s is not None} - set(order))
    statuses = order + seen if template.summary_status else []

    def value(i: int, j: int) -> float:
        cell = ledger.rows[i][j]
        return cell if isinstance(cell, float) else 0.0

    def make(code: str, members: List[int]) -> SummaryRow:
        areas = {k: _add(value(i, j) for i in members) for k, j in zip(area_keys, area_idx)}
        by_status = {}
        for status in statuses:
            hits = [i for i in members if ledger.statuses[i] == status]
            area = _add(value(i, area_idx[0]) for i in hits) if primary else 0.0
            by_status[status] = (len(hits), area)
        unrounded = math.fsum(ledger.unrounded[primary][i] for i in members) if primary else 0.0
        return SummaryRow(code, names.get(code, ""), len(members), areas, by_status, unrounded)

    rows = [make(code, groups[code]) for code in sorted(groups)]
    total = SummaryRow(
        "", "合计", sum(r.count for r in rows),
        {k: _add(r.areas[k] for r in rows) for k in area_keys},
        {s: (sum(r.by_status[s][0] for r in rows), _add(r.by_status[s][1] for r in rows)) for s in statuses},
        math.fsum(r.unrounded for r in rows),
    )
    return Summary(level, statuses, area_keys, rows, total)
