"""Round-trippable ledgers: item keys, canonical cell values and the hidden metadata sheet.

A ledger sent out for filling in carries, besides what the reader sees:

- a hidden last column on the detail sheet holding each row's item key, so a
  returned row is matched whatever was done to the sheet (sorted, filtered,
  rows inserted or deleted, columns hidden or moved, the sheet renamed);
- a hidden, protected sheet ``_ledger_meta``: ledger id, template, export
  time, the columns (key, header, editable), and per row the key, a checksum
  of the non-editable cells and the editable values as exported (the base
  against which a return's edits and conflicts are judged).

Editable cells are unlocked and shaded; their enumerations get a drop-down
and dates a date validation. The detail sheet itself is not protected: the
teams must be able to sort, filter and insert rows (what Excel refuses on
a protected sheet); the import decides what may change.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Callable, Dict, List, Optional, Sequence

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..fields import find
from .template import DATED, Column, Template

KEY_HEADER = "台账项键(勿改)"  # header of the hidden key column; how a renamed detail sheet is found again
META_SHEET = "_ledger_meta"
META_VERSION = 1
EDITABLE_FILL = PatternFill("solid", fgColor="FFF2CC")
SPARE_ROWS = 500  # validations reach this far below the last row, for the rows a township adds
LABELS = {
    False: {"date_title": "日期", "date_error": "请输入日期，如 2024-05-01", "list_title": "可选值",
            "list_error": "请从下拉列表中选择：{0}", "number_error": "请输入数字"},
    True: {"date_title": "Date", "date_error": "Enter a date such as 2024-05-01", "list_title": "Choices",
           "list_error": "Choose one of: {0}", "number_error": "Enter a number"},
}


def canonical(value: Any) -> str:
    """One text per cell value, the same after a round trip through Excel, WPS or LibreOffice.

    Whole numbers lose their '.0', numbers keep 12 significant digits (what survives every program's
    re-save), a date at midnight is its ISO date, empty text is empty.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return ""
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(float(value), ".12g")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def checksum(values: Sequence[Any]) -> str:
    """A short digest of a row's cells (integrity of what the teams may not change, not a secret)."""
    text = "\x1f".join(canonical(v) for v in values)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def checked_columns(columns: Sequence[Column]) -> List[int]:
    """Indices of the cells a row checksum covers: neither editable nor recomputed at each export."""
    return [i for i, c in enumerate(columns) if not c.editable and not (c.computed and c.sources[0] in DATED)]


def key_field(template: Template, available: Sequence[str], choice: str = "") -> Optional[str]:
    """The field whose values identify items: the user's choice, else the first of the template's key fields."""
    if choice:
        return find(available, [choice])
    return find(available, template.key_fields)


def duplicate_keys(keys: Sequence[str]) -> List[str]:
    seen, twice = set(), []
    for key in keys:
        if key in seen and key not in twice:
            twice.append(key)
        seen.add(key)
    return twice


def generated_keys(ledger_id: str, count: int) -> List[str]:
    return [f"{ledger_id}-{n:06d}" for n in range(1, count + 1)]


@dataclass
class RoundTrip:
    """What the writer needs to make a ledger come back: one key per ledger row, in row order."""

    ledger_id: str
    keys: List[str]
    exported: datetime
    key_field: str = ""
    key_column: str = ""  # the ledger column showing the key, if any: a return checks each row against it
    store: str = ""
    extra: Dict[str, str] = field(default_factory=dict)


def add_validations(ws, columns: Sequence[Column], first_row: int, last_row: int, english: bool = False) -> None:
    """Drop-downs for enumerations, date and number checks on the editable columns of the detail sheet."""
    labels = LABELS[english]
    end = last_row + SPARE_ROWS
    for j, column in enumerate(columns, 1):
        if not column.editable:
            continue
        cells = f"{get_column_letter(j)}{first_row}:{get_column_letter(j)}{end}"
        if column.choices:
            words = ",".join(column.choices)
            rule = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True, showDropDown=False,
                                  errorTitle=labels["list_title"], error=labels["list_error"].format(words))
        elif column.type == "date":
            rule = DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                                  formula2="DATE(2999,12,31)", allow_blank=True, errorTitle=labels["date_title"],
                                  error=labels["date_error"], errorStyle="warning")
        elif column.type in ("number", "integer"):
            rule = DataValidation(type="decimal", operator="between", formula1="-1E+15", formula2="1E+15",
                                  allow_blank=True, error=labels["number_error"], errorStyle="warning")
        else:
            continue
        rule.showErrorMessage = True
        rule.add(cells)
        ws.data_validations.append(rule)


def write_meta(wb, roundtrip: RoundTrip, template: Template, columns: Sequence[Column], headers: Sequence[str],
               rows: Sequence[list], detail_sheet: str, clean: Callable[[str], str] = str) -> None:
    """The hidden, protected metadata sheet (written last: write-only sheets are appended in order).

    ``clean`` is what the writer does to text cells (characters a file cannot hold, Excel's length limit):
    the checksums and base values are of the cells as the file holds them.
    """
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    info = {"version": META_VERSION, "ledger_id": roundtrip.ledger_id, "template": template.id,
            "exported": roundtrip.exported.isoformat(timespec="seconds"), "key_field": roundtrip.key_field,
            "key_column": roundtrip.key_column,
            "detail_sheet": detail_sheet, "store": roundtrip.store, **roundtrip.extra}
    for name, value in info.items():
        ws.append(["meta", name, str(value)])
    checked = checked_columns(columns)
    for j, (column, header) in enumerate(zip(columns, headers)):
        ws.append(["column", column.key, header, int(column.editable), column.type, int(j in checked)])
    editable = [(i, c.key) for i, c in enumerate(columns) if c.editable]
    for key, row in zip(roundtrip.keys, rows):
        row = [clean(v) if isinstance(v, str) else v for v in row]
        base = {k: canonical(row[i]) for i, k in editable}
        ws.append(["row", clean(key), checksum([row[i] for i in checked]), json.dumps(base, ensure_ascii=False)])
