"""Returned ledgers (台账回执): read what the teams typed and decide, cell by cell, what the store takes.

Rows are matched by the hidden item key (``roundtrip.KEY_HEADER``), columns by
their header, so sorting, filtering, inserted or deleted rows, hidden or moved
columns, a renamed sheet and a re-save by WPS or LibreOffice change nothing.
The returned file is only read, never written.

The decision for one cell (a three-way merge against the value exported in
that workbook, its *base*):

- only editable columns change the store; an edited analysis cell (the row
  checksum tells) is rejected with its old and new value;
- a value is validated (dates in the forms people type, the template's list
  of words, numbers); a formula counts by its cached value, else as its text
  (never evaluated, never written back as a formula);
- 是否销号 = 是 needs 整改状态 = 已完成 and a 销号依据 (domain.md §6.3);
- unchanged from the base: nothing; equal to the store already: nothing (so a
  second import of the same file changes nothing);
- the store changed since this workbook was exported, or two returns change
  the same cell differently: a conflict, the store keeps its value (unless
  the caller asks for file order: the later file wins);
- a row that lost its key, or was added, is a new item for review; an
  exported row absent from the return is missing, never deleted.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import openpyxl

from ..dates import ParseError, parse_date
from .roundtrip import KEY_HEADER, META_SHEET, canonical, checksum
from .store import APPLIED, CONFLICT, MISSING_ROW, NEW_ROW, REJECTED, Change, StoreError
from .template import Template

HEADER_SCAN_ROWS = 30  # the header row is looked for this far down (rows may be inserted above it)
# Reason codes of rejected and conflicting changes; the glue words them (translated) with their params.
NOT_EDITABLE = "not_editable"
BAD_DATE = "bad_date"
BAD_NUMBER = "bad_number"
NOT_IN_LIST = "not_in_list"
FORMULA_NO_VALUE = "formula_no_value"
CLOSURE_RULE = "closure_rule"
UNKNOWN_KEY = "unknown_key"
DUPLICATE_KEY = "duplicate_key"
KEY_MISMATCH = "key_mismatch"  # the row shows another item's id than its hidden key: sorted without the key column
CHANGED_SINCE_EXPORT = "changed_since_export"
OTHER_RETURN = "other_return"
SUPERSEDED = "superseded"
FORMULA_AS_TEXT = "formula_as_text"  # applied: a formula without a cached value, kept as its text
FORMULA_CACHED = "formula_cached"  # applied: a formula's cached value


@dataclass
class MetaColumn:
    key: str
    header: str
    editable: bool
    type: str
    checked: bool  # covered by the row checksum (not editable, not recomputed at each export)


@dataclass
class ReturnedRow:
    row: int  # the sheet's row number, as the user sees it
    key: str
    values: Dict[str, Any]  # column key -> cell value (cached value of a formula when there is one)
    formulas: Dict[str, str] = field(default_factory=dict)  # column key -> formula text, when a cell had one


@dataclass
class ReturnedFile:
    path: str
    name: str
    checksum: str
    meta: Dict[str, str]
    columns: List[MetaColumn]
    base: Dict[str, Tuple[str, Dict[str, str]]]  # key -> (row checksum, editable values as exported)
    sheet: str
    rows: List[ReturnedRow]
    present: List[str]  # column keys found in the returned sheet
    extra: Dict[str, int] = field(default_factory=dict)  # header of a column the ledger did not have -> filled cells

    @property
    def absent_editable(self) -> List[str]:
        """Headers of editable columns the returned sheet no longer has (deleted or renamed): not read."""
        return [c.header for c in self.columns if c.editable and c.key not in self.present]

    @property
    def ledger_id(self) -> str:
        return self.meta.get("ledger_id", "")


def file_checksum(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _meta(wb, name: str):
    if META_SHEET not in wb.sheetnames:
        raise StoreError("not_roundtrip", name)
    info, columns, base = {}, [], {}
    try:
        for row in wb[META_SHEET].iter_rows(values_only=True):
            kind = row[0] if row else None
            if kind == "meta":
                info[str(row[1])] = "" if row[2] is None else str(row[2])
            elif kind == "column":
                columns.append(MetaColumn(str(row[1]), str(row[2] or ""), bool(row[3]), str(row[4] or "text"),
                                          bool(row[5]) if len(row) > 5 else False))
            elif kind == "row":
                base[canonical(row[1])] = (str(row[2] or ""), dict(json.loads(row[3] or "{}")))
    except (IndexError, TypeError, ValueError):  # someone unprotected the sheet and edited it
        raise StoreError("damaged_meta", name, META_SHEET) from None
    if not info.get("ledger_id") or not columns:
        raise StoreError("not_roundtrip", name)
    return info, columns, base


def _find_header(ws) -> Optional[Tuple[int, List[Any]]]:
    for n, row in enumerate(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True), 1):
        if any(isinstance(v, str) and v.strip() == KEY_HEADER for v in row):
            return n, list(row)
    return None


def _open(path: str, name: str, data_only: bool):
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise StoreError("unreadable", name, exc) from None


def read_return(path: str, name: str = "") -> ReturnedFile:
    """Everything a returned workbook says, read-only (the cached values of formulas in a second pass)."""
    name = name or os.path.basename(path)
    wb = _open(path, name, False)
    try:
        info, columns, base = _meta(wb, name)
        found = None
        for ws in wb.worksheets:
            if ws.title != META_SHEET:
                found = _find_header(ws)
                if found:
                    sheet = ws.title
                    break
        if not found:
            raise StoreError("no_key_column", name, KEY_HEADER)
        header_row, header = found
        position = {}
        for j, text in enumerate(header):
            text = "" if text is None else str(text).strip()
            position.setdefault(text, j)
        key_j = position[KEY_HEADER]
        where = {c.key: position[c.header] for c in columns if c.header in position}
        known = {c.header for c in columns} | {KEY_HEADER, ""}
        added = {text: j for text, j in position.items() if text not in known}  # columns a team inserted
        extra = dict.fromkeys(added, 0)
        rows, with_formulas = [], {}
        for n, cells in enumerate(wb[sheet].iter_rows(min_row=header_row + 1), header_row + 1):
            key = canonical(cells[key_j].value) if key_j < len(cells) else ""
            for text, j in added.items():
                extra[text] += j < len(cells) and canonical(cells[j].value) != ""
            values, formulas = {}, {}
            for column_key, j in where.items():
                cell = cells[j] if j < len(cells) else None
                if cell is not None and cell.data_type == "f":
                    formulas[column_key] = str(cell.value)
                    values[column_key] = None  # its cached value, if any, comes from the second pass
                else:
                    values[column_key] = None if cell is None else cell.value
            if key or any(canonical(v) for v in values.values()) or formulas:
                rows.append(ReturnedRow(n, key, values, formulas))
                if formulas:
                    with_formulas[n] = rows[-1]
    finally:
        wb.close()
    if with_formulas:
        cached_wb = _open(path, name, True)
        try:
            for n, cached in enumerate(cached_wb[sheet].iter_rows(min_row=header_row + 1, values_only=True),
                                       header_row + 1):
                row = with_formulas.get(n)
                if row is not None:
                    for column_key in row.formulas:
                        j = where[column_key]
                        row.values[column_key] = cached[j] if j < len(cached) else None
        finally:
            cached_wb.close()
    return ReturnedFile(path, name, file_checksum(path), info, columns, base, sheet, rows, list(where),
                        {text: n for text, n in extra.items() if n})


def _number(raw: Any) -> Optional[float]:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    try:
        return float(unicodedata.normalize("NFKC", str(raw)).strip().replace(",", ""))
    except ValueError:
        return None


def validate(column: MetaColumn, choices: Sequence[str], raw: Any, formula: Optional[str]
             ) -> Tuple[Any, str, Tuple[Any, ...]]:
    """(value for the store, reason code or '', params): a reason in REJECTED codes means the value is refused."""
    note = ""
    if formula is not None:
        if raw is None:  # never calculated (written by a program that does not compute): keep the text
            if column.type in ("date", "number", "integer"):
                return None, FORMULA_NO_VALUE, (formula,)
            return formula, FORMULA_AS_TEXT, (formula,)
        note = FORMULA_CACHED
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, note, ()
    if column.type == "date":
        try:
            return parse_date(raw), note, ()
        except ParseError:
            return None, BAD_DATE, (canonical(raw),)
    if column.type in ("number", "integer"):
        number = _number(raw)
        if number is None or (column.type == "integer" and not number.is_integer()):
            return None, BAD_NUMBER, (canonical(raw),)
        return (int(number) if column.type == "integer" else number), note, ()
    text = canonical(raw)
    if choices:
        folded = unicodedata.normalize("NFKC", text)
        if folded not in choices:
            return None, NOT_IN_LIST, (text, "、".join(choices))
        text = folded
    return text, note, ()


REFUSED = (NOT_EDITABLE, BAD_DATE, BAD_NUMBER, NOT_IN_LIST, FORMULA_NO_VALUE, CLOSURE_RULE)


@dataclass
class FileCounts:
    rows_read: int = 0
    applied: int = 0
    rejected: int = 0
    conflicts: int = 0
    new_rows: int = 0
    missing_rows: int = 0


@dataclass
class ImportPlan:
    changes: List[Change] = field(default_factory=list)
    updates: Dict[str, Dict[str, Any]] = field(default_factory=dict)  # key -> column -> value
    sources: Dict[str, str] = field(default_factory=dict)  # key -> file whose change was applied last
    counts: Dict[str, FileCounts] = field(default_factory=dict)  # file name -> counts

    def total(self, name: str) -> int:
        return sum(getattr(c, name) for c in self.counts.values())


def _row_changes(returned: ReturnedFile, row: ReturnedRow, template: Template, stored: Mapping[str, Any]
                 ) -> Tuple[List[Change], List[Tuple[Change, str]]]:
    """(refused changes, candidates with their base value) of one keyed row of a returned file."""
    refused, candidates = [], []
    row_sum, base = returned.base[row.key]
    summed = [c for c in returned.columns if c.checked]
    intact = all(c.key in row.values for c in summed) and checksum([row.values[c.key] for c in summed]) == row_sum
    for column in ([] if intact else summed):  # edited analysis cells: reported, never taken
        if column.key in row.values and canonical(stored.get(column.key)) != canonical(row.values[column.key]):
            refused.append(Change(row.key, column.key, column.header, stored.get(column.key),
                                  row.values[column.key], REJECTED, NOT_EDITABLE))
    accepted: Dict[str, Any] = {}
    for column in returned.columns:
        if not column.editable or column.key not in row.values:
            continue
        choices = template.column(column.key).choices if _has(template, column.key) else []
        raw = row.values[column.key]
        value, reason, params = validate(column, choices, raw, row.formulas.get(column.key))
        refuse = reason in REFUSED
        if (canonical(raw) if refuse else canonical(value)) == base.get(column.key, ""):
            continue  # as exported: the team did not touch it
        change = Change(row.key, column.key, column.header, stored.get(column.key), raw if refuse else value,
                        REJECTED, reason, params)
        if refuse:
            refused.append(change)
        else:
            accepted[column.key] = value
            candidates.append((change, base.get(column.key, "")))
    rule = template.closure
    closed = rule.get("closed")
    if closed in accepted and canonical(accepted[closed]) == rule.get("closed_value"):
        status = accepted.get(rule["status"], stored.get(rule["status"]))
        basis = accepted.get(rule["basis"], stored.get(rule["basis"]))
        if canonical(status) != rule.get("done") or not canonical(basis):  # domain.md §6.3
            for change, _base in candidates:
                if change.column == closed:
                    change.reason, change.params = CLOSURE_RULE, (rule.get("done"),)
                    refused.append(change)
            candidates = [(c, b) for c, b in candidates if c.column != closed]
    return refused, candidates


def _has(template: Template, key: str) -> bool:
    return any(c.key == key for c in template.columns)


def plan_import(template: Template, store: Mapping[str, Mapping[str, Any]], files: Sequence[ReturnedFile],
                file_order: bool = False) -> ImportPlan:
    """What each returned row proposes and what the store takes (``store``: key -> current values).

    ``file_order``: conflicts are settled by the order of ``files`` (the later file wins) instead of
    leaving the store unchanged.
    """
    plan = ImportPlan()
    proposals: Dict[Tuple[str, str], List[Change]] = {}
    for returned in files:
        counts = plan.counts.setdefault(returned.name, FileCounts())
        where = {"source": returned.name, "source_checksum": returned.checksum, "sheet": returned.sheet}
        shown = returned.meta.get("key_column", "")
        shown = shown if shown in returned.present else ""
        seen: Dict[str, List[int]] = {}
        for row in returned.rows:
            if row.key:
                seen.setdefault(row.key, []).append(row.row)
        for row in returned.rows:
            counts.rows_read += 1
            found: List[Change] = []
            if not row.key:
                values = {c.header: canonical(row.values.get(c.key)) for c in returned.columns
                          if canonical(row.values.get(c.key))}
                found.append(Change("", "", "", None, json.dumps(values, ensure_ascii=False), NEW_ROW))
            elif row.key not in returned.base or row.key not in store:
                found.append(Change(row.key, "", "", None, None, REJECTED, UNKNOWN_KEY, (row.key,)))
            elif shown and canonical(row.values.get(shown)) not in ("", row.key):
                found.append(Change(row.key, shown, "", None, row.values.get(shown), REJECTED, KEY_MISMATCH,
                                    (canonical(row.values.get(shown)), row.key)))
            elif len(seen[row.key]) > 1:
                rows = "、".join(map(str, seen[row.key]))
                found.append(Change(row.key, "", "", None, None, REJECTED, DUPLICATE_KEY, (row.key, rows)))
            else:
                refused, candidates = _row_changes(returned, row, template, store[row.key])
                found += refused
                for change, base in candidates:
                    current = store[row.key].get(change.column)
                    if canonical(current) == canonical(change.new):
                        continue  # the store already says so (this file imported before, or the same edit)
                    if canonical(current) != base:
                        change.outcome, change.reason, change.params = CONFLICT, CHANGED_SINCE_EXPORT, (
                            canonical(current),)
                    proposals.setdefault((row.key, change.column), []).append(change)
                    found.append(change)
            for change in found:
                change.row = row.row
                for name, value in where.items():
                    setattr(change, name, value)
            plan.changes += found
        present = {row.key for row in returned.rows if row.key}
        for key in returned.base:
            if key not in present:
                plan.changes.append(Change(key, "", "", None, None, MISSING_ROW, **where))
    for (key, column), changes in proposals.items():
        _settle(plan, key, column, changes, file_order)
    for change in plan.changes:
        counts = plan.counts[change.source]
        name = {APPLIED: "applied", REJECTED: "rejected", CONFLICT: "conflicts", NEW_ROW: "new_rows",
                MISSING_ROW: "missing_rows"}[change.outcome]
        setattr(counts, name, getattr(counts, name) + 1)
    return plan


def _settle(plan: ImportPlan, key: str, column: str, changes: List[Change], file_order: bool) -> None:
    """One cell proposed by one or more returns: apply, or leave the store and record a conflict."""
    if file_order:
        winner = changes[-1]
        for change in changes[:-1]:
            change.outcome, change.reason, change.params = REJECTED, SUPERSEDED, (winner.source,)
        winner.outcome = APPLIED
        if winner.reason in (CHANGED_SINCE_EXPORT,):
            winner.reason, winner.params = "", ()
    else:
        if any(c.outcome == CONFLICT for c in changes):
            for change in changes:
                change.outcome = CONFLICT
                if change.reason != CHANGED_SINCE_EXPORT:
                    change.reason, change.params = CHANGED_SINCE_EXPORT, (canonical(change.old),)
            return
        values = {canonical(c.new) for c in changes}
        if len(values) > 1:
            for change in changes:
                others = sorted({c.source for c in changes if canonical(c.new) != canonical(change.new)})
                change.outcome, change.reason, change.params = CONFLICT, OTHER_RETURN, ("、".join(others),)
            return
        for change in changes:
            change.outcome = APPLIED
        winner = changes[-1]
    plan.updates.setdefault(key, {})[column] = winner.new
    plan.sources[key] = winner.source
