"""What exportledger does with a ledger store (STORE, KEY_FIELD): keys, the store's values, registration.

An export with a store writes a round-trippable workbook (hidden keys and
metadata, see core/ledger/roundtrip.py) and registers its items in the
store: new items with every value, known items with their analysis columns
refreshed (history kept) and their editable columns taken from the store, so
the next round's workbook shows what the teams reported last time.
"""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Dict, List, Optional, Sequence, Tuple

import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsProcessingException

from ..core.ledger import newly_done as nd
from ..core.ledger import store as rules
from ..core.ledger.model import Ledger
from ..core.ledger.roundtrip import RoundTrip, canonical, duplicate_keys, generated_keys, key_field
from ..core.ledger.template import Template, source_field
from ..translate import tr
from .ledger_store import LedgerStore

STORE_VALUE = "ls_store:"  # prefix of the record entries that carry the store's editable values


def store_message(exc: rules.StoreError) -> str:
    """A store problem in the user's language."""
    texts = {
        "no_store": tr("The ledger store {0} does not exist: export a ledger with this STORE first."),
        "not_a_store": tr("{0} is not a ledger store (a GeoPackage with ledger_items, ledger_changes and "
                          "ledger_imports)."),
        "exists": tr("{0} already exists."),
        "cannot_create": tr("The ledger store {0} could not be created: check the folder."),
        "cannot_write": tr("The ledger store {0} could not be written ({1}); nothing was changed."),
        "not_roundtrip": tr("{0} is not a returned ledger of this plugin (its hidden sheet _ledger_meta is "
                            "missing): export the ledger with a STORE and send that workbook."),
        "no_key_column": tr("{0}: no sheet has the hidden key column '{1}'; the detail sheet may have been "
                            "copied into a new workbook without it."),
        "unreadable": tr("{0} cannot be read as an .xlsx workbook ({1})."),
        "damaged_meta": tr("{0}: the hidden sheet {1} was edited and cannot be read. Copy the teams' entries into "
                           "an untouched copy of the ledger that was sent, and import that copy."),
        "unknown_ledger": tr("{0} belongs to ledger '{1}', which is not in the store {2}."),
        "mixed_ledgers": tr("The returned files belong to different ledgers ({0}): import them separately."),
    }
    text = texts.get(exc.code)
    return text.format(*exc.params) if text else str(exc)


@dataclass
class StoreExport:
    """The store side of one export, prepared before the workbook is written."""

    path: str
    ledger_id: str
    keys: List[str]
    key_field: str
    existing: Dict[str, Dict[str, Any]]
    crs: QgsCoordinateReferenceSystem
    warnings: List[str] = field(default_factory=list)
    previous: Optional[nd.PreviousExport] = None  # the export 本周新增完成 compares with
    no_previous: str = nd.FIRST  # why there is none (nd.FIRST or nd.NO_HISTORY)


def store_crs(path: str) -> Optional[QgsCoordinateReferenceSystem]:
    """The CRS of an existing store (features are reprojected to it), or None for a new store."""
    if not path or not os.path.exists(path):
        return None
    try:
        with LedgerStore.open(path) as store:
            wkt = store.crs_wkt()
    except rules.StoreError as exc:
        raise QgsProcessingException(store_message(exc))
    return QgsCoordinateReferenceSystem.fromWkt(wkt) if wkt else None


def item_keys(template: Template, names: Sequence[str], rows: Sequence[list], choice: str, ledger_id: str,
              feedback) -> Tuple[List[str], str]:
    """One key per feature from KEY_FIELD (or the detected key field); generated keys when there is none."""
    name = key_field(template, names, choice)
    if choice and name is None:
        raise QgsProcessingException(tr("Key field {0} is not a field of the layer.").format(choice))
    if name is None:
        feedback.pushWarning(tr(
            "No key field found (tried {0}): the items get generated keys in export order. A re-verification "
            "cannot be matched to these items; choose KEY_FIELD if the layer has an identifier.").format(
            ", ".join(template.key_fields)))
        return generated_keys(ledger_id, len(rows)), ""
    index = list(names).index(name)
    keys = [canonical(row[index]) for row in rows]
    empty = sum(1 for k in keys if not k)
    if empty:
        raise QgsProcessingException(tr(
            "{0} features have no value in the key field {1}: fill it in or choose another KEY_FIELD.").format(
            empty, name))
    twice = duplicate_keys(keys)
    if twice:
        raise QgsProcessingException(tr(
            "The key field {0} does not identify the items: {1} values occur more than once ({2}). Choose a "
            "unique KEY_FIELD (for 图斑编号 unique only within a village, a field combining 坐落单位代码 and "
            "图斑编号, or BSM).").format(name, len(twice), ", ".join(twice[:5])))
    return keys, name


def with_store_values(template: Template, names: Sequence[str], records, keys: Sequence[str],
                      existing: Dict[str, Dict[str, Any]]):
    """(template, names, records) in which the editable columns of known items read the store's values."""
    editable = [c for c in template.columns if c.editable]
    own = {c.key: source_field(c, names) for c in editable}
    columns = [replace(c, sources=[STORE_VALUE + c.key]) if c.editable else c for c in template.columns]
    extended = list(names) + [STORE_VALUE + c.key for c in editable]

    def stream():
        for key, record in zip(keys, records):
            stored = existing.get(key)
            for c in editable:
                record[STORE_VALUE + c.key] = stored.get(c.key) if stored is not None else (
                    record.get(own[c.key]) if own[c.key] else None)
            yield record

    return replace(template, columns=columns), extended, stream()


def roundtrip_for(prepared: StoreExport, ledger: Ledger) -> RoundTrip:
    return RoundTrip(prepared.ledger_id, prepared.keys, datetime.now().replace(microsecond=0),
                     prepared.key_field, shown_key_column(ledger, prepared.keys), os.path.basename(prepared.path))


def shown_key_column(ledger: Ledger, keys: Sequence[str]) -> str:
    """The ledger column whose every cell is its row's key (任务编号 for RWBH keys), or ''."""
    for j, column in enumerate(ledger.columns):
        if not column.editable and ledger.rows and all(
                canonical(row[j]) == key for row, key in zip(ledger.rows, keys)):
            return column.key
    return ""


def since_for(prepared: StoreExport, ledger: Ledger, feedback) -> nd.Since:
    """What was completed since the previous export, told in the log as well as in the sheets."""
    since = nd.compare(ledger, prepared.keys, prepared.previous, prepared.no_previous)
    previous = since.previous
    if not nd.shown(ledger, since):  # a template without deadlines: nothing is ever done
        return since
    if previous is None:
        feedback.pushInfo({
            nd.FIRST: tr("本周新增完成: the ledger store has no earlier export of this ledger (as of a date before "
                         "{0}); the change is shown from the next export on.").format(ledger.as_of.isoformat()),
            nd.NO_HISTORY: tr("本周新增完成: the ledger store was written by an earlier version and has no export "
                              "history yet; the change is shown from the next export on."),
            nd.NO_KEY: tr("本周新增完成: not shown, the items have keys made up in export order; choose the item key "
                          "field, or export the store's ledger items layer.")}[since.reason])
        return since
    feedback.pushInfo(tr("本周新增完成: {0} items completed since the export as of {1} (exported {2}).").format(
        sum(since.newly), previous.as_of.isoformat(), previous.exported.replace("T", " ")))
    if since.unknown:
        feedback.pushInfo(tr("{0} items were not in the export as of {1} and are not counted as newly completed.")
                          .format(since.unknown, previous.as_of.isoformat()))
    if since.reopened:
        deadline = ledger.template.deadline
        marks = "、".join(ledger.template.column(deadline[k]).header_zh for k in ("done_status", "done_date")
                         if deadline.get(k))
        feedback.pushWarning(tr("{0} items done at the export as of {1} are no longer done ({2}): check their {3}.")
                             .format(len(since.reopened), previous.as_of.isoformat(), ", ".join(since.reopened[:5]),
                                     marks))
    return since


def register(prepared: StoreExport, template_id: str, ledger: Ledger, geoms, source: str, feedback,
             workbook: str = "", since: Optional[nd.Since] = None) -> int:
    """Register or refresh the exported items and record the export with its snapshot; returns how many
    items were new."""
    keys = [c.key for c in ledger.columns]
    incoming = [(k, dict(zip(keys, row))) for k, row in zip(prepared.keys, ledger.rows)]
    plan = rules.refresh(ledger.columns, prepared.existing, incoming, source)
    wkbs = [None] * len(incoming) if geoms is None else list(shapely.to_wkb(geoms))
    rows = [(k, values, wkb) for (k, values), wkb in zip(incoming, wkbs)]
    snapshot = nd.snapshot(ledger, prepared.keys)
    time = datetime.now().replace(microsecond=0)
    export = {"ledger_id": prepared.ledger_id, "export_time": time.isoformat(timespec="seconds"),
              "as_of": ledger.as_of, "workbook": os.path.basename(workbook), "source": source,
              "key_field": prepared.key_field, "rows": len(rows),
              "done": sum(r["done"] for r in snapshot),
              "newly_done": sum(since.newly) if since and since.previous else None}
    try:
        if os.path.exists(prepared.path):
            store = LedgerStore.open(prepared.path, update=True)
        else:
            crs = prepared.crs
            authid = crs.authid() if crs.isValid() else ""
            epsg = int(authid[5:]) if authid.startswith("EPSG:") and authid[5:].isdigit() else 0
            store = LedgerStore.create(prepared.path, crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL)
                                       if crs.isValid() else "", epsg)
        with store:
            misfits = store.register(prepared.ledger_id, template_id, ledger.columns, rows, plan, time, source,
                                     export, snapshot)
    except rules.StoreError as exc:
        raise QgsProcessingException(store_message(exc))
    if misfits:
        feedback.pushWarning(tr("{0} values did not fit the store's field types and were stored empty.").format(
            misfits))
    feedback.pushInfo(tr("Ledger store {0}: {1} new items, {2} items refreshed ({3} analysis values changed); "
                         "the teams' columns were kept.").format(
        prepared.path, len(plan.inserts), len(plan.updates), len(plan.changes)))
    return len(plan.inserts)


def one_ledger(data, names: Sequence[str], feedback) -> None:
    """Keep the features of the store layer's first ledger (a store may hold one ledger per template)."""
    column = list(names).index(rules.LEDGER_ID)
    if not data.rows:
        return
    ledger_id = data.rows[0][column]
    keep = [i for i, row in enumerate(data.rows) if row[column] == ledger_id]
    if len(keep) == len(data.rows):
        return
    feedback.pushWarning(tr("The store holds several ledgers: only the {0} items of ledger '{1}' are exported ({2} "
                            "others skipped; select them or filter by ledger_id to export them).").format(
        len(keep), ledger_id, len(data.rows) - len(keep)))
    data.rows = [data.rows[i] for i in keep]
    data.fids = [data.fids[i] for i in keep]
    if data.geoms is not None:
        data.geoms = data.geoms[keep]


def prepare(path: str, template: Template, names: Sequence[str], rows: Sequence[list], choice: str,
            crs: QgsCoordinateReferenceSystem, feedback, as_of: date) -> StoreExport:
    """Keys, the store's current items of this ledger (one ledger per template in a store) and the previous
    export's snapshot."""
    store_input = rules.is_store_layer(names)
    ledger_id = template.id
    if store_input and rows:
        ledger_id = rows[0][list(names).index(rules.LEDGER_ID)] or template.id
        choice = choice or rules.ITEM_KEY
    keys, name = item_keys(template, names, rows, choice, ledger_id, feedback)
    prepared = StoreExport(path, ledger_id, keys, name, {}, crs)
    if not name:  # keys made up in export order: another export's items cannot be told apart by them
        prepared.no_previous = nd.NO_KEY
    if os.path.exists(path):
        try:
            with LedgerStore.open(path) as store:
                prepared.existing = store.items(ledger_id)
                if not store.has_history() and name:
                    prepared.no_previous = nd.NO_HISTORY
                previous = nd.previous_of(store.exports(ledger_id), as_of)
                if previous is not None and name:
                    prepared.previous = nd.PreviousExport(
                        previous["as_of"], previous["export_time"] or "", store.snapshot(previous["_fid"]))
        except (rules.StoreError, sqlite3.Error) as exc:
            raise QgsProcessingException(store_message(exc) if isinstance(exc, rules.StoreError) else tr(
                "The ledger store {0} could not be read ({1}).").format(path, exc))
    return prepared
