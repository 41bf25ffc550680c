"""The ledger store (台账库): what one campaign's ledger items are now, and every change that made them so.

The store is a GeoPackage (written by ``processing/ledger_store.py``): layer
``ledger_items`` (one feature per item: key, ledger, template, every stored
template column, the source feature's geometry), table ``ledger_changes``
(item, column, old and new value, outcome, source file, sheet and row, time),
table ``ledger_imports`` (one row per imported file), and the export history:
``ledger_exports`` (one row per export with a store) and ``ledger_snapshots``
(each exported item's 期限状态, done flag and area at that export, for
本周新增完成; a store written before them gets them at its next export).
This module holds the rules, on plain dicts:

- ``refresh``: an export registers new items and, for items already there,
  updates the analysis columns (with a change record each) and never the
  teams' editable columns: a re-verification on the next survey updates
  恢复状态 and 具备销号条件(疑似) but never 整改措施 or 是否销号.
- ``store_view``: the store's layer as records a ledger can be built from
  again (areas are stored as shown, in 亩), with the history columns
  最近更新 and 更新来源.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .roundtrip import canonical
from .template import DATED, Column, Template, _column  # one parser of column specs

ITEMS, CHANGES, IMPORTS = "ledger_items", "ledger_changes", "ledger_imports"
ITEM_KEY, LEDGER_ID, TEMPLATE, REGISTERED = "item_key", "ledger_id", "template", "registered"
LAST_UPDATE, UPDATE_SOURCE = "last_update", "update_source"
META_FIELDS = (ITEM_KEY, LEDGER_ID, TEMPLATE, REGISTERED, LAST_UPDATE, UPDATE_SOURCE)
HISTORY_COLUMNS = (  # appended to a ledger exported from the store
    {"key": LAST_UPDATE, "header_zh": "最近更新", "header_en": "Last update", "type": "text", "width": 18},
    {"key": UPDATE_SOURCE, "header_zh": "更新来源", "header_en": "Update source", "type": "text", "width": 22},
)
CHANGE_FIELDS = ("item_key", "ledger_id", "column_key", "column_header", "old_value", "new_value", "outcome",
                 "reason", "source_file", "source_checksum", "sheet", "row_number", "import_time")
IMPORT_FIELDS = ("file", "checksum", "import_time", "ledger_id", "rows_read", "applied", "rejected", "conflicts",
                 "new_rows", "missing_rows")
EXPORTS, SNAPSHOTS = "ledger_exports", "ledger_snapshots"
EXPORT_FIELDS = ("ledger_id", "export_time", "as_of", "workbook", "source", "key_field", "rows", "done", "newly_done")
SNAPSHOT_FIELDS = ("export_id", "item_key", "deadline_status", "done", "area")
# Outcomes of a proposed change (the CHANGES table of importledger, and ledger_changes).
APPLIED, REJECTED, CONFLICT, NEW_ROW, MISSING_ROW, REFRESHED = (
    "applied", "rejected", "conflict", "new_row", "missing_row", "refreshed")


class StoreError(ValueError):
    """A store that cannot be used as asked; ``code`` and ``params`` let the glue word it (translated)."""

    def __init__(self, code: str, *params: Any):
        self.code, self.params = code, params
        super().__init__(f"{code}: {', '.join(map(str, params))}")


@dataclass
class Change:
    """One proposed or made change of one cell of one item, with where it came from and what became of it."""

    key: str
    column: str
    header: str
    old: Any
    new: Any
    outcome: str
    reason: str = ""  # a reason code (see returns.REASONS); the glue words it
    params: Tuple[Any, ...] = ()
    source: str = ""
    source_checksum: str = ""
    sheet: str = ""
    row: Optional[int] = None

    def record(self, ledger_id: str, time: datetime, reason_text: str = "") -> Dict[str, Any]:
        """The ledger_changes row (values as canonical text: any GIS reads them the same)."""
        return {"item_key": self.key, "ledger_id": ledger_id, "column_key": self.column, "column_header": self.header,
                "old_value": canonical(self.old), "new_value": canonical(self.new), "outcome": self.outcome,
                "reason": reason_text or self.reason, "source_file": self.source,
                "source_checksum": self.source_checksum, "sheet": self.sheet, "row_number": self.row,
                "import_time": time.isoformat(timespec="seconds")}


def stored_columns(columns: Sequence[Column]) -> List[Column]:
    """Ledger columns the store keeps: all but those recomputed at each export (序号, 剩余天数, 期限状态)."""
    return [c for c in columns if not (c.computed and c.sources[0] in DATED) and c.key not in META_FIELDS]


@dataclass
class RefreshPlan:
    inserts: List[str] = field(default_factory=list)  # new keys (all their values are written)
    updates: Dict[str, Dict[str, Any]] = field(default_factory=dict)  # key -> column -> new value
    changes: List[Change] = field(default_factory=list)


def refresh(columns: Sequence[Column], existing: Mapping[str, Mapping[str, Any]],
            incoming: Iterable[Tuple[str, Mapping[str, Any]]], source: str) -> RefreshPlan:
    """Register new items; update the analysis columns of known ones; keep every editable value the store has.

    ``existing``: key -> stored values; ``incoming``: (key, values by column key) of the exported rows.
    """
    plan = RefreshPlan()
    analysis = [c for c in stored_columns(columns) if not c.editable]
    for key, values in incoming:
        stored = existing.get(key)
        if stored is None:
            plan.inserts.append(key)
            continue
        for column in analysis:
            old, new = stored.get(column.key), values.get(column.key)
            if canonical(old) != canonical(new):
                plan.updates.setdefault(key, {})[column.key] = new
                plan.changes.append(Change(key, column.key, column.header_zh, old, new, REFRESHED, source=source))
    return plan


def store_template(template: Template) -> Template:
    """The template reading the store's own values: areas are stored as shown (亩), not in m²."""
    columns = [replace(c, unit="mu") if c.type == "area_mu" else c for c in template.columns]
    return replace(template, columns=columns)


def history_columns() -> List[Column]:
    return [_column({**spec, "source": spec["key"]}, "store history") for spec in HISTORY_COLUMNS]


def store_view(template: Template, fields: Sequence[str], rows: Iterable[Mapping[str, Any]]
               ) -> Tuple[Template, List[str], Iterable[Dict[str, Any]]]:
    """(template, available names, records) that build the ledger of the store's layer again.

    Each column reads the field named by its key (what the store wrote); expanded columns ("*", "out_")
    find their fields among the rest; 最近更新 and 更新来源 are appended.
    """
    renamed = [c if c.expand or c.computed else replace(c, sources=[c.key]) for c in store_template(template).columns]
    extra = [c for c in history_columns() if c.key in fields]
    view = replace(template, columns=renamed + extra)
    available = [f for f in fields if f not in (ITEM_KEY, LEDGER_ID, TEMPLATE, REGISTERED)]
    return view, available, (dict(r) for r in rows)


def is_store_layer(fields: Sequence[str]) -> bool:
    return all(name in fields for name in (ITEM_KEY, LEDGER_ID, TEMPLATE, LAST_UPDATE))
