"""The ledger export dialog (导出整改台账): choose a layer and a template, preview, export in the background.

The export itself is the Processing algorithm ``landsupervision:exportledger`` run as a
QgsProcessingAlgRunnerTask, so the dialog, the toolbox, models and qgis_process share one path.
"""
from __future__ import annotations

import os
from datetime import date
from typing import Optional

from qgis.core import (
    Qgis,
    QgsFeatureRequest,
    QgsMapLayerProxyModel,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsSettings,
    QgsVectorLayer,
)
from qgis.gui import QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox, QgsMessageBar
from qgis.PyQt.QtCore import QDate, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from .. import settings
from ..core.ledger.model import LedgerError, build_ledger, summarize
from ..core.ledger.template import (
    AREA_TYPES, GENERIC, choose_template, load_template, missing_fields, template_ids, template_titles,
)
from ..processing.layers import py_value
from ..translate import message, tr
from .background import BackgroundRun
from .boxes import confirm, warn
from .import_dialog import SETTINGS as IMPORT_SETTINGS

ALGORITHM = "landsupervision:exportledger"
SETTINGS = "land_supervision/ledger/"
PREVIEW_ROWS = 20
TOTALS_LIMIT = 50000  # above this the preview totals would slow the dialog down: the workbook has them


def cell_text(column, value) -> str:
    """A preview cell as the workbook shows it: areas in 亩 with the column's decimals, dates as YYYY-MM-DD, shares
    in percent where the column's number format is one (0.00%)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if column.number_format.endswith("%") and isinstance(value, (int, float)) and not isinstance(value, bool):
        places = len(column.number_format.split(".")[1]) - 1 if "." in column.number_format else 0
        return "{0:.{1}f}%".format(value * 100, places)
    if column.type in AREA_TYPES and isinstance(value, (int, float)):
        return "{0:.{1}f}".format(value, column.decimals)
    return str(value)


class LedgerDialog(QDialog):
    exported = pyqtSignal(bool, str)  # success, output path (for callers and tests)

    def __init__(self, iface, parent=None):  # noqa: QGS105 (the plugin passes its iface; tests pass a mock)
        super().__init__(parent or (iface.mainWindow() if iface is not None else None))
        self.iface = iface
        self.running = None  # the BackgroundRun of the export
        self.output_path = ""
        self.used_store = ""
        self.setWindowTitle(tr("Export rectification ledger"))
        self.build()
        self.restore()
        self.preselect_layer()
        QgsProject.instance().layersRemoved.connect(self.layer_changed)

    # -- layout ------------------------------------------------------------
    def build(self) -> None:
        form = QFormLayout()
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        self.selected_only = QCheckBox(tr("Selected features only"))
        row = QHBoxLayout()
        row.addWidget(self.layer_combo, 1)
        row.addWidget(self.selected_only)
        form.addRow(tr("Layer"), row)
        self.template_combo = QComboBox()
        for template_id, title in template_titles().items():
            self.template_combo.addItem(title, template_id)
            self.template_combo.setItemData(self.template_combo.count() - 1, template_id,
                                            Qt.ItemDataRole.ToolTipRole)
        form.addRow(tr("Template"), self.template_combo)
        self.group_combo = QComboBox()
        self.group_combo.addItem(tr("County"), 0)
        self.group_combo.addItem(tr("County and township"), 1)
        form.addRow(tr("Summary levels"), self.group_combo)
        self.title_edit = QLineEdit()
        form.addRow(tr("Title"), self.title_edit)
        self.org_edit = QLineEdit()
        form.addRow(tr("Reporting unit (填报单位)"), self.org_edit)
        self.as_of_edit = QDateEdit(QDate.currentDate())
        self.as_of_edit.setCalendarPopup(True)
        self.as_of_edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("As-of date"), self.as_of_edit)
        self.warning_spin = QSpinBox()
        self.warning_spin.setRange(0, 3650)
        form.addRow(tr("Warning days (临期)"), self.warning_spin)
        self.responsibility_combo = QgsMapLayerComboBox()
        self.responsibility_combo.setFilters(QgsMapLayerProxyModel.Filter.VectorLayer)
        self.responsibility_combo.setAllowEmptyLayer(True)
        self.responsibility_combo.setLayer(None)
        form.addRow(tr("Responsibility table (田长)"), self.responsibility_combo)
        self.store_widget = QgsFileWidget()  # the round trip's store: reused when it exists, else created
        self.store_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.store_widget.setFilter(tr("Ledger store (*.gpkg)"))
        self.store_widget.setConfirmOverwrite(False)
        self.store_widget.setToolTip(tr(
            "A GeoPackage, created when absent; empty = no round trip. With a store the workbook can come back: "
            "read the returns with 台账回执导入."))
        form.addRow(tr("Ledger store (台账库)"), self.store_widget)
        self.key_combo = QgsFieldComboBox()
        self.key_combo.setAllowEmptyFieldName(True)
        self.key_combo.setToolTip(tr("The field identifying an item in the store. Empty = detected: 图斑编号, "
                                     "任务编号, 电子监管号, BSM …"))
        form.addRow(tr("Item key field"), self.key_combo)
        self.output_widget = QgsFileWidget()
        self.output_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.output_widget.setFilter(tr("Excel workbook (*.xlsx)"))
        self.output_widget.setConfirmOverwrite(False)  # asked in run(), also for typed paths
        form.addRow(tr("Output file"), self.output_widget)

        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)  # the ledger has its own 序号 column
        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.result_label = QLabel()  # the outcome, also here: the message bar is behind the dialog
        self.result_label.setWordWrap(True)
        self.result_label.setOpenExternalLinks(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.run_button = QPushButton(tr("Export"))
        self.cancel_button = QPushButton(tr("Cancel export"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(tr("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Preview (first {0} rows)").format(PREVIEW_ROWS)))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(900, 720)

        self.layer_combo.layerChanged.connect(self.layer_changed)
        self.layer_combo.layerChanged.connect(self.key_combo.setLayer)
        self.store_widget.fileChanged.connect(self.store_changed)
        self.selected_only.toggled.connect(self.refresh_preview)
        self.template_combo.currentIndexChanged.connect(self.refresh_preview)
        self.as_of_edit.dateChanged.connect(self.refresh_preview)
        self.warning_spin.valueChanged.connect(self.refresh_preview)
        self.responsibility_combo.layerChanged.connect(self.refresh_preview)
        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)

    # -- remembered choices ---------------------------------------------------
    def settings_defaults(self) -> dict:
        """The values the plugin's settings give (设置 ▸ 台账): they win over a remembered value unless the user
        changed that value in this dialog."""
        defaults = settings.load("ledger")
        return {"org": str(defaults.get("reporting_unit", "")), "warning_days": int(defaults.get("warning_days", 15))}

    @staticmethod
    def remembered(stored: QgsSettings, key: str, default):
        """The value the user typed in an earlier session, unless the settings changed since (then they win)."""
        if stored.contains(SETTINGS + key) and str(stored.value(SETTINGS + key + "_over", "")) == str(default):
            return stored.value(SETTINGS + key)
        return default

    def restore(self) -> None:
        stored = QgsSettings()
        defaults = self.settings_defaults()
        self.group_combo.setCurrentIndex(int(stored.value(SETTINGS + "group_by", 0)))
        self.title_edit.setText(stored.value(SETTINGS + "title", ""))
        self.org_edit.setText(self.remembered(stored, "org", defaults["org"]))
        self.warning_spin.setValue(int(self.remembered(stored, "warning_days", defaults["warning_days"])))
        self.output_widget.setFilePath(stored.value(SETTINGS + "output", ""))
        # Registering items in a store is a choice made for each export (a different analysis must not land in
        # last month's campaign): the field starts empty, its file browser in the folder of the last store.
        store = stored.value(SETTINGS + "store", "") or stored.value(IMPORT_SETTINGS + "store", "")
        if store:
            self.store_widget.setDefaultRoot(os.path.dirname(store))
        self.store_changed()
        name = stored.value(SETTINGS + "responsibility", "")
        layers = QgsProject.instance().mapLayersByName(name) if name else []
        if layers:
            self.responsibility_combo.setLayer(layers[0])

    def remember(self) -> None:
        stored = QgsSettings()
        stored.setValue(SETTINGS + "group_by", self.group_combo.currentIndex())
        stored.setValue(SETTINGS + "title", self.title_edit.text())
        # Only what the user changed from the settings is remembered, with the setting it overrode.
        defaults = self.settings_defaults()
        for key, value in (("org", self.org_edit.text()), ("warning_days", self.warning_spin.value())):
            if value == defaults[key]:
                stored.remove(SETTINGS + key)
                stored.remove(SETTINGS + key + "_over")
            else:
                stored.setValue(SETTINGS + key, value)
                stored.setValue(SETTINGS + key + "_over", defaults[key])
        stored.setValue(SETTINGS + "output", self.output_widget.filePath())
        stored.setValue(SETTINGS + "store", self.store_path())
        table = self.responsibility_combo.currentLayer()
        stored.setValue(SETTINGS + "responsibility", table.name() if table is not None else "")
        stored.setValue(SETTINGS + "template", self.template_id())

    def preselect_layer(self) -> None:
        """The active layer, else the top layer of the project (where a new result lands), with its template."""
        active = self.iface.activeLayer() if self.iface is not None and hasattr(self.iface, "activeLayer") else None
        if isinstance(active, QgsVectorLayer):
            self.layer_combo.setLayer(active)
        else:
            top = next((node.layer() for node in QgsProject.instance().layerTreeRoot().findLayers()
                        if isinstance(node.layer(), QgsVectorLayer)), None)
            if top is not None:
                self.layer_combo.setLayer(top)
        self.layer_changed()

    def store_path(self) -> str:
        path = self.store_widget.filePath().strip()
        return path + ".gpkg" if path and not path.lower().endswith(".gpkg") else path

    def store_changed(self, *_args) -> None:
        """The key field means something only with a store."""
        self.key_combo.setEnabled(bool(self.store_path()))

    # -- template and preview ---------------------------------------------------
    def template_id(self) -> str:
        return self.template_combo.currentData() or ""

    def layer_changed(self, *_args) -> None:
        """Pre-select the template that fits the new layer's fields, then refresh the preview."""
        layer = self.layer_combo.currentLayer()
        if layer is not None:
            best = choose_template(layer.fields().names())
            if best == GENERIC:  # no analysis template fits: the last template used, if it still fits
                last = QgsSettings().value(SETTINGS + "template", "")
                if last in template_ids() and not missing_fields(load_template(last), layer.fields().names()):
                    best = last
            index = self.template_combo.findData(best)
            self.template_combo.blockSignals(True)
            self.template_combo.setCurrentIndex(max(index, 0))
            self.template_combo.blockSignals(False)
        self.refresh_preview()

    def features(self, layer, limit: int = -1):
        request = QgsFeatureRequest()
        request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
        if limit >= 0:
            request.setLimit(limit)
        names = layer.fields().names()
        if self.selected_only.isChecked():
            iterator = layer.getSelectedFeatures(request)
        else:
            iterator = layer.getFeatures(request)
        for feature in iterator:
            yield dict(zip(names, map(py_value, feature.attributes())))

    def table_rows(self) -> Optional[list]:
        table = self.responsibility_combo.currentLayer()
        if table is None:
            return None
        names = table.fields().names()
        return [dict(zip(names, map(py_value, f.attributes()))) for f in table.getFeatures()]

    def refresh_preview(self, *_args) -> None:
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        layer = self.layer_combo.currentLayer()
        if layer is None or not self.template_id():
            self.totals_label.setText(tr("Choose a layer to export."))
            return
        template = load_template(self.template_id())
        if not self.title_edit.text():
            self.title_edit.setPlaceholderText(template.title)
        names = layer.fields().names()
        as_of = self.as_of_edit.date().toPyDate()
        try:
            responsibility = self.table_rows()
            ledger = build_ledger(template, names, self.features(layer, PREVIEW_ROWS), as_of,
                                  self.warning_spin.value(), responsibility)
        except LedgerError as exc:
            self.totals_label.setText(message(exc))
            return
        self.preview.setColumnCount(len(ledger.columns))
        self.preview.setHorizontalHeaderLabels([c.header_zh for c in ledger.columns])
        self.preview.setRowCount(len(ledger.rows))
        for i, row in enumerate(ledger.rows):
            for j, (column, value) in enumerate(zip(ledger.columns, row)):
                self.preview.setItem(i, j, QTableWidgetItem(cell_text(column, value)))
        self.preview.resizeColumnsToContents()  # ids and codes shown whole
        count = layer.selectedFeatureCount() if self.selected_only.isChecked() else layer.featureCount()
        if count > TOTALS_LIMIT:
            self.totals_label.setText(tr("{0} rows; the totals are in the workbook's summary sheet.").format(count))
            return
        full = build_ledger(template, names, self.features(layer), as_of, self.warning_spin.value(), None)
        total = summarize(full).total
        parts = [tr("{0} rows").format(total.count)]
        parts += ["{0} {1:.2f} 亩".format(template.column(k).header_zh, total.areas[k]) for k in template.summary_areas]
        parts += ["{0} {1}".format(status, n) for status, (n, _area) in total.by_status.items() if n]
        self.totals_label.setText(tr("Totals: {0}").format(tr("; ").join(parts)))

    # -- export --------------------------------------------------------------
    def confirm_overwrite(self, path: str) -> bool:
        return confirm(self, tr("Replace file?"), tr("{0} already exists. Replace it?").format(path), tr("Replace"))

    def parameters(self, overwrite: bool) -> dict:
        layer = self.layer_combo.currentLayer()
        source = QgsProcessingFeatureSourceDefinition(layer.id(), self.selected_only.isChecked())
        table = self.responsibility_combo.currentLayer()
        return {
            "INPUT": source,
            "TEMPLATE": self.template_id(),
            "TITLE": self.title_edit.text(),
            "ORG": self.org_edit.text(),
            "AS_OF_DATE": self.as_of_edit.date().toString("yyyy-MM-dd"),
            "WARNING_DAYS": self.warning_spin.value(),
            "GROUP_BY": self.group_combo.currentData(),
            "RESPONSIBILITY": table.id() if table is not None else None,
            "OVERWRITE": overwrite,
            "STORE": self.store_path(),
            "KEY_FIELD": (self.key_combo.currentField() or None) if self.store_path() else None,
            "OUTPUT": self.output_path,
        }

    def run(self) -> None:
        if self.running is not None:
            return
        if self.layer_combo.currentLayer() is None:
            warn(self, self.windowTitle(), tr("Choose a layer to export."))
            return
        path = self.output_widget.filePath().strip()
        if not path:
            warn(self, self.windowTitle(), tr("Choose the output file."))
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        overwrite = os.path.exists(path)
        if overwrite and not self.confirm_overwrite(path):
            return
        self.output_path = path
        self.remember()
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        parameters = self.parameters(overwrite)
        self.used_store = parameters["STORE"]
        self.running = BackgroundRun(ALGORITHM, parameters, self.progress, self.finished)

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def finished(self, successful: bool, results: dict) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        path = results.get("OUTPUT", self.output_path) if successful else self.output_path
        if successful:
            self.progress.setValue(100)
            self.report_success(path, int(results.get("ROWS", 0)))
        else:
            cancelled = self.running.feedback.isCanceled()
            text = tr("Export cancelled: nothing was written.") if cancelled else tr(
                "Export failed: {0}").format(" ".join(self.running.feedback.errors) or tr("see the Processing log"))
            self.message(text, Qgis.MessageLevel.Warning if cancelled else Qgis.MessageLevel.Critical)
            self.result_label.setText(text)
        self.running = None
        self.exported.emit(successful, path)

    def report_success(self, path: str, rows: int) -> None:
        url = QUrl.fromLocalFile(path).toString()
        if rows:
            text = tr("Ledger written: {0} rows to <a href=\"{1}\">{2}</a>").format(rows, url, path)
            if self.used_store:
                text += tr(" The items are registered in the ledger store {0}; the returned workbooks are read "
                           "with 台账回执导入.").format(self.used_store)
        else:  # a workbook with its title and headers only: say so rather than report success
            text = tr("The ledger has no rows (the layer or its selection is empty): <a href=\"{0}\">{1}</a>").format(
                url, path)
        self.result_label.setText(text)
        bar = self.iface.messageBar() if self.iface is not None else None
        if not rows:
            self.message(text, Qgis.MessageLevel.Warning)
        elif isinstance(bar, QgsMessageBar):
            item = QgsMessageBar.createMessage(tr("Land Supervision"), text)
            button = QPushButton(tr("Open"), item)
            button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(path)))
            item.layout().addWidget(button)
            bar.pushWidget(item, Qgis.MessageLevel.Success, 0)
        else:
            self.message(text, Qgis.MessageLevel.Success)

    def message(self, text: str, level) -> None:
        if self.iface is not None:
            self.iface.messageBar().pushMessage(tr("Land Supervision"), text, level, 10)


def open_ledger_dialog(iface) -> LedgerDialog:  # noqa: QGS105 (called by plugin.py with its iface)
    """Show the ledger dialog (non-modal: the export runs in the background) and return it."""
    dialog = LedgerDialog(iface)
    dialog.show()
    return dialog
