"""landsupervision:importledger — returned ledgers (台账回执) back into the ledger store.

QGIS glue only: reading the returns and every rule of the merge are in
core/ledger/returns.py, the store's rules in core/ledger/store.py, its
GeoPackage in ledger_store.py. The returned files are only read.
"""
from __future__ import annotations

from datetime import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsWkbTypes,
)

from ..core.config import ConfigError
from ..core.ledger import returns
from ..core.ledger import store as rules
from ..core.ledger.roundtrip import canonical
from ..core.ledger.template import load_template
from ..translate import tr
from .base import LandSupervisionAlgorithm
from .layers import OutField, output_fields
from .ledger_store import LedgerStore
from .store_export import store_message

CHANGE_COLUMNS = [("outcome", "string"), ("item_key", "string"), ("column", "string"), ("old_value", "string"),
                  ("new_value", "string"), ("reason", "string"), ("file", "string"), ("sheet", "string"),
                  ("row", "int")]


def reason_text(change: rules.Change) -> str:
    """The reason of a change in the user's language."""
    texts = {
        returns.NOT_EDITABLE: tr("not an editable column: the value comes from the analysis"),
        returns.BAD_DATE: tr("'{0}' is not a date (e.g. 2024-05-01, 2024/5/1, 2024年5月1日)"),
        returns.BAD_NUMBER: tr("'{0}' is not a number"),
        returns.NOT_IN_LIST: tr("'{0}' is not one of {1}"),
        returns.FORMULA_NO_VALUE: tr("the formula {0} has no computed value; type the value itself"),
        returns.CLOSURE_RULE: tr("是否销号 = 是 needs 整改状态 = {0} and a 销号依据 (closing basis)"),
        returns.UNKNOWN_KEY: tr("the key {0} is not an item of this workbook's export: row ignored"),
        returns.DUPLICATE_KEY: tr("the key {0} is on several rows ({1}): none of them is taken"),
        returns.KEY_MISMATCH: tr("the row shows {0} but its hidden key is {1} (sorted without the hidden key "
                                 "column?): none of the row is taken"),
        returns.CHANGED_SINCE_EXPORT: tr("conflict: the store holds '{0}', changed since this workbook was exported"),
        returns.OTHER_RETURN: tr("conflict: {0} gives another value"),
        returns.SUPERSEDED: tr("superseded by the later file {0}"),
        returns.FORMULA_AS_TEXT: tr("formula {0} kept as text (not evaluated)"),
        returns.FORMULA_CACHED: tr("formula: its cached value was taken (not evaluated)"),
    }
    text = texts.get(change.reason)
    return text.format(*change.params) if text else change.reason


def outcome_text(outcome: str) -> str:
    words = {rules.APPLIED: tr("applied"), rules.REJECTED: tr("rejected"), rules.CONFLICT: tr("conflict"),
             rules.NEW_ROW: tr("new row"), rules.MISSING_ROW: tr("missing row")}
    return words.get(outcome, outcome)


class ImportLedger(LandSupervisionAlgorithm):
    NAME = "importledger"
    DISPLAY_NAME = "Import returned rectification ledgers (导入整改台账回执)"
    GROUP_ID = "ledgers"
    ICON = "ledger_import.svg"
    GROUP_NAME = "Ledgers"
    HELP = (
        "Reads ledgers sent back by townships and responsible units (workbooks written by 导出整改台账 with a ledger "
        "store) into the ledger store, cell by cell, and lists every proposed change with its outcome.\n"
        "Rows are matched by their hidden key, whatever was done to the sheet (sorted, filtered, rows inserted or "
        "deleted, columns hidden or moved, sheet renamed, re-saved by WPS or LibreOffice). Only the template's "
        "editable columns change the store; an edited analysis cell is rejected with its old and new value. Dates in "
        "the usual forms, the template's word lists and numbers are checked; a formula counts by its cached value, "
        "else as its text, never evaluated. 是否销号 = 是 is accepted only with 整改状态 = 已完成 and a 销号依据.\n"
        "Two returns changing the same cell differently, or a cell the store changed since the workbook was "
        "exported, are conflicts: recorded, the store keeps its value, unless the option to let the later file win "
        "is ticked (the later file in the list wins). An exported row absent from a return is reported missing, "
        "never deleted; a row without a key is recorded as a new item to review. Importing the same file again "
        "changes nothing; the returned files are never modified.\n"
        "With the option to apply left unticked, the run is a dry run: the list of changes says what would happen, "
        "the store is untouched."
    )

    INPUT = "INPUT"
    STORE = "STORE"
    APPLY = "APPLY"
    FILE_ORDER = "FILE_ORDER"
    CHANGES = "CHANGES"
    COUNTS = ("APPLIED", "REJECTED", "CONFLICTS", "NEW_ROWS", "MISSING_ROWS")

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.INPUT, tr("Returned ledgers (.xlsx)"), QgsProcessing.SourceType.TypeFile))
        self.addParameter(QgsProcessingParameterFile(
            self.STORE, tr("Ledger store (台账库 GeoPackage)"), behavior=QgsProcessingParameterFile.Behavior.File,
            extension="gpkg"))
        self.addParameter(QgsProcessingParameterBoolean(
            self.APPLY, tr("Apply the changes to the store (unchecked: dry run)"), defaultValue=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.FILE_ORDER, tr("Settle conflicts by file order (the later file wins)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.CHANGES, tr("Proposed changes and their outcome"), QgsProcessing.SourceType.TypeVector))
        labels = (tr("Changes applied"), tr("Changes rejected"), tr("Conflicts"), tr("New rows to review"),
                  tr("Missing rows"))
        for name, label in zip(self.COUNTS, labels):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        paths = self.parameterAsFileList(parameters, self.INPUT, context)
        if not paths:
            raise QgsProcessingException(tr("Choose at least one returned ledger (.xlsx)."))
        store_path = self.parameterAsFile(parameters, self.STORE, context)
        apply = self.parameterAsBoolean(parameters, self.APPLY, context)
        file_order = self.parameterAsBoolean(parameters, self.FILE_ORDER, context)
        try:
            with LedgerStore.open(store_path) as store:
                files = []
                for n, path in enumerate(paths):
                    feedback.setProgressText(tr("Reading {0}").format(path))
                    files.append(returns.read_return(path))
                    if files[-1].absent_editable:
                        feedback.pushWarning(tr(
                            "{0}: the columns {1} were not found (deleted, or their header renamed): what the "
                            "teams typed there was not read. Restore the header and import again.").format(
                            files[-1].name, "、".join(files[-1].absent_editable)))
                    if files[-1].extra:
                        feedback.pushWarning(tr(
                            "{0}: columns the ledger does not have were filled in ({1}); the store does not take "
                            "them: copy what matters into 备注 or 整改措施 and import again.").format(
                            files[-1].name, "、".join("{0}: {1}".format(h, n) for h, n in files[-1].extra.items())))
                    feedback.setProgress(50 * (n + 1) / len(paths))
                    self.check_cancel(feedback)
                ledgers = sorted({f.ledger_id for f in files})
                if len(ledgers) > 1:
                    raise rules.StoreError("mixed_ledgers", ", ".join(ledgers))
                items = store.items(ledgers[0])
                if not items:
                    raise rules.StoreError("unknown_ledger", files[0].name, ledgers[0], store_path)
                template_id = next(iter(items.values()))[rules.TEMPLATE] or files[0].meta.get("template", "")
        except rules.StoreError as exc:
            raise QgsProcessingException(store_message(exc))
        try:
            template = load_template(template_id)
        except ConfigError as exc:
            raise QgsProcessingException(str(exc))
        feedback.setProgressText(tr("Comparing the returns with the store"))
        plan = returns.plan_import(template, items, files, file_order)
        self.check_cancel(feedback)
        sink, dest = self.changes_sink(parameters, context, plan.changes)
        if apply:
            self.apply(store_path, ledgers[0], plan, files, feedback)
        else:
            feedback.pushInfo(tr("Dry run: the store was not changed."))
        for returned in files:
            c = plan.counts[returned.name]
            feedback.pushInfo(tr("{0}: {1} rows read, {2} applied, {3} rejected, {4} conflicts, {5} new rows, "
                                 "{6} missing rows.").format(returned.name, c.rows_read, c.applied, c.rejected,
                                                             c.conflicts, c.new_rows, c.missing_rows))
        totals = [plan.total(n) for n in ("applied", "rejected", "conflicts", "new_rows", "missing_rows")]
        return {self.CHANGES: dest, **dict(zip(self.COUNTS, totals))}

    def changes_sink(self, parameters, context, changes):
        fields = output_fields(None, [OutField(name, kind, name) for name, kind in CHANGE_COLUMNS])
        sink, dest = self.sink(parameters, self.CHANGES, context, fields, QgsWkbTypes.NoGeometry,
                               QgsCoordinateReferenceSystem())
        for change in changes:
            feature = QgsFeature(fields)
            feature.setAttributes([
                outcome_text(change.outcome), change.key, change.header or change.column, canonical(change.old),
                canonical(change.new), reason_text(change), change.source, change.sheet, change.row])
            sink.addFeature(feature, QgsFeatureSink.Flag.FastInsert)
        return sink, dest

    @staticmethod
    def apply(store_path, ledger_id, plan, files, feedback) -> None:
        """Write the applied cells and the records; what was recorded before (same file, row, value) is not repeated."""
        time = datetime.now().replace(microsecond=0)
        try:
            with LedgerStore.open(store_path, update=True) as store:
                def signature(row):
                    return tuple(canonical(row.get(k)) for k in (
                        "item_key", "column_key", "new_value", "outcome", "source_checksum", "row_number"))

                known = {signature(row) for row in store.table(rules.CHANGES)}
                records = []
                for change in plan.changes:
                    record = change.record(ledger_id, time, reason_text(change))
                    if change.outcome == rules.APPLIED or signature(record) not in known:
                        records.append(record)
                imports = []
                for returned in files:
                    c = plan.counts[returned.name]
                    recorded = sum(1 for r in records if r["source_checksum"] == returned.checksum)
                    if recorded or not store.imported(returned.checksum):
                        imports.append({"file": returned.path, "checksum": returned.checksum,
                                        "import_time": time.isoformat(timespec="seconds"), "ledger_id": ledger_id,
                                        "rows_read": c.rows_read, "applied": c.applied, "rejected": c.rejected,
                                        "conflicts": c.conflicts, "new_rows": c.new_rows,
                                        "missing_rows": c.missing_rows})
                    else:
                        feedback.pushInfo(tr("{0} was imported before; nothing changed.").format(returned.name))
                store.apply_import(ledger_id, plan.updates, plan.sources, records, imports, time)
        except rules.StoreError as exc:
            raise QgsProcessingException(store_message(exc))
        feedback.pushInfo(tr("Ledger store {0}: {1} cells changed in {2} items.").format(
            store_path, sum(len(v) for v in plan.updates.values()), len(plan.updates)))
