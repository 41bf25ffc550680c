"""The 台账回执导入 dialog driven offscreen: preview a return (dry run), filter the changes, import it."""
from __future__ import annotations

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QEventLoop, QTimer

from land_supervision.dialogs.import_dialog import ImportDialog
from test_ledger_roundtrip import edit, items, set_cell
from test_ledger_roundtrip import ledger  # noqa: F401 (a fixture)


def click(dialog, button, timeout_ms=60000):
    outcome = {}
    loop = QEventLoop()

    def done(ok, applied):
        outcome.update(ok=ok, applied=applied)
        loop.quit()

    dialog.finished_run.connect(done)
    button.click()
    if dialog.running is not None:
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    dialog.finished_run.disconnect(done)
    return outcome


def test_preview_filter_and_import(qgis_iface, ledger):  # noqa: F811 (the fixture)
    returned = edit(ledger["xlsx"], ledger["dir"] / "甲镇回执.xlsx", lambda wb: (
        set_cell(wb["明细"], "T1", "整改措施", "拆除复耕"), set_cell(wb["明细"], "T2", "任务面积", 5.0),
        set_cell(wb["明细"], "T3", "是否销号", "是")))
    dialog = ImportDialog(qgis_iface)
    dialog.store_widget.setFilePath(ledger["store"])
    dialog.files_widget.setFilePath(f'"{returned}"')
    assert click(dialog, dialog.preview_button) == {"ok": True, "applied": False}
    assert dialog.table.rowCount() == 3 and items(ledger["store"])["T1"]["measure"] is None
    assert "1 applied, 2 rejected" in dialog.summary_label.text()
    dialog.filter_combo.setCurrentIndex(dialog.filter_combo.findData("rejected"))
    assert dialog.table.rowCount() == 2
    assert {dialog.table.item(i, 2).text() for i in range(2)} == {"任务面积", "是否销号"}
    assert click(dialog, dialog.apply_button) == {"ok": True, "applied": True}
    assert items(ledger["store"])["T1"]["measure"] == "拆除复耕"
    layers = QgsProject.instance().mapLayersByName("Ledger import changes")
    assert layers and layers[0].featureCount() == 3
    QgsProject.instance().removeMapLayers([layer.id() for layer in layers])
    dialog.close()
