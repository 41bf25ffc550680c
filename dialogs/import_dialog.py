"""The returned-ledger import dialog (台账回执导入): choose the store and the returns, preview, apply.

Both the preview (a dry run) and the import run the Processing algorithm
``landsupervision:importledger`` as a QgsProcessingAlgRunnerTask: the dialog,
the toolbox, models and qgis_process share one path.
"""
from __future__ import annotations

from typing import Dict, List

from qgis.core import Qgis, QgsProject, QgsSettings
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..translate import tr
from .background import BackgroundRun
from .messages import push, push_with_button

ALGORITHM = "landsupervision:importledger"
SETTINGS = "land_supervision/ledger_import/"
COLUMNS = ("outcome", "item_key", "column", "old_value", "new_value", "reason", "file", "sheet", "row")


class ImportDialog(QDialog):
    finished_run = pyqtSignal(bool, bool)  # success, applied (for callers and tests)

    def __init__(self, iface, parent=None):  # noqa: QGS105 (the plugin passes its iface; tests pass a mock)
        super().__init__(parent or (iface.mainWindow() if iface is not None else None))
        self.iface = iface
        self.running = None  # the BackgroundRun of the preview or the import
        self.applying = False
        self.changes: List[Dict[str, object]] = []
        self.result_layer = None
        self.setWindowTitle(tr("Import returned ledgers (台账回执导入)"))
        self.build()
        self.restore()

    # -- layout ------------------------------------------------------------
    def build(self) -> None:
        form = QFormLayout()
        self.store_widget = QgsFileWidget()
        self.store_widget.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.store_widget.setFilter(tr("Ledger store (*.gpkg)"))
        form.addRow(tr("Ledger store (台账库)"), self.store_widget)
        self.files_widget = QgsFileWidget()
        self.files_widget.setStorageMode(QgsFileWidget.StorageMode.GetMultipleFiles)
        self.files_widget.setFilter(tr("Excel workbook (*.xlsx)"))
        form.addRow(tr("Returned ledgers"), self.files_widget)
        self.order_check = QCheckBox(tr("Settle conflicts by file order (the later file wins)"))
        form.addRow("", self.order_check)
        self.filter_combo = QComboBox()
        self.filter_combo.addItem(tr("All outcomes"), "")
        for word in (tr("applied"), tr("rejected"), tr("conflict"), tr("new row"), tr("missing row")):
            self.filter_combo.addItem(word, word)
        self.filter_combo.currentIndexChanged.connect(self.show_changes)
        form.addRow(tr("Show"), self.filter_combo)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.summary_label = QLabel(tr(
            "Choose the store and the returned files, then preview. A ledger can come back when it "
            "was exported (导出整改台账 in the Processing Toolbox) with this ledger store."))
        self.summary_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.preview_button = QPushButton(tr("Preview changes"))
        self.apply_button = QPushButton(tr("Import"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"))
        self.preview_button.clicked.connect(lambda: self.run(False))
        self.apply_button.clicked.connect(lambda: self.run(True))
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        for button in (self.preview_button, self.apply_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary_label)
        layout.addLayout(buttons)
        self.resize(980, 600)

    def restore(self) -> None:
        self.store_widget.setFilePath(QgsSettings().value(SETTINGS + "store", ""))

    def files(self) -> List[str]:
        return QgsFileWidget.splitFilePaths(self.files_widget.filePath())

    # -- running -------------------------------------------------------------
    def run(self, apply: bool) -> None:
        if self.running is not None:
            return
        store, files = self.store_widget.filePath().strip(), self.files()
        if not store or not files:
            QMessageBox.warning(self, self.windowTitle(), tr("Choose the ledger store and at least one returned file."))
            return
        QgsSettings().setValue(SETTINGS + "store", store)
        self.applying = apply
        parameters = {"INPUT": files, "STORE": store, "APPLY": apply, "FILE_ORDER": self.order_check.isChecked(),
                      "CHANGES": "memory:"}
        for button in (self.preview_button, self.apply_button):
            button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.running = BackgroundRun(ALGORITHM, parameters, self.progress, self.finished)

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def finished(self, successful: bool, results: dict) -> None:
        for button in (self.preview_button, self.apply_button):
            button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        applied = self.applying and successful
        if successful:
            self.progress.setValue(100)
            layer = self.running.context.takeResultLayer(results["CHANGES"])
            self.result_layer = layer
            names = layer.fields().names()
            self.changes = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
            self.show_changes()
            counts = tr("{0} applied, {1} rejected, {2} conflicts, {3} new rows, {4} missing rows").format(
                *(int(results.get(k, 0)) for k in ("APPLIED", "REJECTED", "CONFLICTS", "NEW_ROWS", "MISSING_ROWS")))
            if applied:
                self.summary_label.setText(tr("Imported: {0}.").format(counts))
                self.report(layer, counts)
            else:
                self.summary_label.setText(tr("Preview (nothing changed yet): {0}.").format(counts))
        else:
            cancelled = self.running.feedback.isCanceled()
            text = tr("Import cancelled: the store was not changed.") if cancelled else tr(
                "Import failed: {0}").format(" ".join(self.running.feedback.errors) or tr("see the Processing log"))
            self.summary_label.setText(text)
            push(self.iface, text, Qgis.MessageLevel.Warning if cancelled else Qgis.MessageLevel.Critical)
        self.running = None
        self.finished_run.emit(successful, applied)

    def show_changes(self, *_args) -> None:
        wanted = self.filter_combo.currentData()
        shown = [c for c in self.changes if not wanted or c.get("outcome") == wanted]
        self.table.clear()
        self.table.setColumnCount(len(COLUMNS))
        self.table.setHorizontalHeaderLabels([tr("Outcome"), tr("Item key"), tr("Column"), tr("Old value"),
                                              tr("New value"), tr("Reason"), tr("File"), tr("Sheet"), tr("Row")])
        self.table.setRowCount(len(shown))
        for i, change in enumerate(shown):
            for j, name in enumerate(COLUMNS):
                value = change.get(name)
                self.table.setItem(i, j, QTableWidgetItem("" if value is None else str(value)))
        self.table.resizeColumnsToContents()

    def report(self, layer, counts: str) -> None:
        """Message bar summary; its button opens the change table (added to the project)."""
        layer.setName(tr("Ledger import changes"))
        QgsProject.instance().addMapLayer(layer)
        push_with_button(self.iface, tr("Returned ledgers imported: {0}.").format(counts), tr("Show change table"),
                         lambda: self.iface.showAttributeTable(layer))


def open_import_dialog(iface) -> ImportDialog:  # noqa: QGS105 (called by plugin.py with its iface)
    dialog = ImportDialog(iface)
    dialog.show()
    return dialog
