"""The ledger dialog driven offscreen: set the widgets, export in the background, check the workbook."""
from __future__ import annotations

import openpyxl
import pytest
from qgis.core import Qgis, QgsProject, QgsSettings, QgsVectorLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QDate, QEventLoop, QTimer
from qgis.PyQt.QtWidgets import QPushButton

from land_supervision.core.ledger.writer import HEADER_ROW
from land_supervision.dialogs.ledger_dialog import SETTINGS, LedgerDialog
from test_export_ledger_algorithm import CHIEF_FIELDS, CHIEFS, TASK_FIELDS, TASKS, write_layer


@pytest.fixture()
def layers(tmp_path, qgis_app, provider):
    path = tmp_path / "dialog.gpkg"
    tasks = QgsVectorLayer(write_layer(path, "tasks", TASK_FIELDS, TASKS), "tasks", "ogr")
    chiefs = QgsVectorLayer(write_layer(path, "field_chiefs", CHIEF_FIELDS, CHIEFS, polygons=False),
                            "field_chiefs", "ogr")
    assert tasks.isValid() and chiefs.isValid()
    QgsProject.instance().addMapLayers([tasks, chiefs])
    ids = [tasks.id(), chiefs.id()]
    yield tasks, chiefs
    QgsProject.instance().removeMapLayers([i for i in ids if QgsProject.instance().mapLayer(i) is not None])
    QgsSettings().remove(SETTINGS.rstrip("/"))


def export(dialog, timeout_ms=60000):
    """Click Export and wait (without processEvents loops) until the background task reports back."""
    outcome = {}
    loop = QEventLoop()

    def done(ok, path):
        outcome.update(ok=ok, path=path)
        loop.quit()

    dialog.exported.connect(done)
    dialog.run_button.click()
    if dialog.running is not None:
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
    dialog.exported.disconnect(done)
    return outcome


def make_dialog(qgis_iface, tasks, output):
    dialog = LedgerDialog(qgis_iface)
    dialog.layer_combo.setLayer(tasks)
    dialog.as_of_edit.setDate(QDate(2024, 6, 1))
    dialog.warning_spin.setValue(15)
    dialog.output_widget.setFilePath(str(output))
    return dialog


def test_template_preselected_and_preview(qgis_iface, layers, tmp_path):
    tasks, chiefs = layers
    dialog = make_dialog(qgis_iface, tasks, tmp_path / "x.xlsx")
    assert dialog.template_id() == "restoration"
    dialog.responsibility_combo.setLayer(chiefs)
    assert dialog.preview.rowCount() == 4
    headers = [dialog.preview.horizontalHeaderItem(j).text() for j in range(dialog.preview.columnCount())]
    assert headers[:2] == ["序号", "任务编号"]
    status = headers.index("期限状态")
    assert [dialog.preview.item(i, status).text() for i in range(4)] == ["逾期", "临期", "已完成", "正常"]
    assert dialog.preview.item(0, headers.index("县级田长")).text() == "张县长"
    # the ratio as the workbook's 0.00% format shows it: 0.4 -> 40.00%
    assert [dialog.preview.item(i, headers.index("恢复比例")).text() for i in range(4)] == [
        "40.00%", "0.00%", "100.00%", "0.00%"]
    assert "5.02" in dialog.totals_label.text() and "逾期 1" in dialog.totals_label.text()


def test_export_in_background(qgis_iface, layers, tmp_path, monkeypatch):
    tasks, chiefs = layers
    output = tmp_path / "dialog.xlsx"
    bar = QgsMessageBar()  # QGIS's own bar, as in the main window (pytest-qgis replaces it differently by version)
    monkeypatch.setattr(qgis_iface, "messageBar", lambda: bar)
    dialog = make_dialog(qgis_iface, tasks, output)
    dialog.responsibility_combo.setLayer(chiefs)
    dialog.group_combo.setCurrentIndex(1)
    dialog.org_edit.setText("某县自然资源局")
    outcome = export(dialog)
    assert outcome == {"ok": True, "path": str(output)}
    wb = openpyxl.load_workbook(output)
    assert wb.sheetnames == ["汇总", "进度", "410101乡镇", "410102乡镇", "明细"]
    detail = wb["明细"]
    assert detail["A2"].value == "填报单位：某县自然资源局"
    assert [detail.cell(r, 2).value for r in range(HEADER_ROW + 1, HEADER_ROW + 5)] == ["T1", "T2", "T3", "T4"]
    message = bar.currentItem()  # what the user sees: a success message with the path and an Open button
    assert message.level() == Qgis.MessageLevel.Success
    assert "4 rows" in message.text() and str(output) in message.text()
    assert [b.text() for b in message.findChildren(QPushButton)] == ["Open"]
    again = LedgerDialog(qgis_iface)  # choices are remembered
    assert again.org_edit.text() == "某县自然资源局" and again.group_combo.currentIndex() == 1
    assert again.output_widget.filePath() == str(output)


def test_selected_only(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    tasks.selectByExpression("\"RWBH\" = 'T3'")
    output = tmp_path / "selected.xlsx"
    dialog = make_dialog(qgis_iface, tasks, output)
    dialog.selected_only.setChecked(True)
    assert dialog.preview.rowCount() == 1
    assert export(dialog)["ok"]
    detail = openpyxl.load_workbook(output)["明细"]
    assert detail.max_row == HEADER_ROW + 1 and detail.cell(HEADER_ROW + 1, 2).value == "T3"


def test_overwrite_is_asked(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    output = tmp_path / "exists.xlsx"
    output.write_bytes(b"older ledger")
    dialog = make_dialog(qgis_iface, tasks, output)
    dialog.confirm_overwrite = lambda path: False
    assert export(dialog) == {} and output.read_bytes() == b"older ledger"
    dialog.confirm_overwrite = lambda path: True
    assert export(dialog)["ok"]
    assert openpyxl.load_workbook(output).sheetnames == ["汇总", "进度", "明细"]


def test_failure_is_reported(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    dialog = make_dialog(qgis_iface, tasks, tmp_path / "missing_folder" / "x.xlsx")
    outcome = export(dialog)
    assert outcome["ok"] is False
    assert any("does not exist" in m for m in qgis_iface.messageBar().get_messages(Qgis.Critical))


def test_cancel_leaves_no_file(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    output = tmp_path / "cancelled.xlsx"
    dialog = make_dialog(qgis_iface, tasks, output)
    outcome = {}
    loop = QEventLoop()
    dialog.exported.connect(lambda ok, path: (outcome.update(ok=ok), loop.quit()))
    dialog.run_button.click()
    assert dialog.cancel_button.isEnabled()
    dialog.cancel_button.click()  # right after the task was queued: the algorithm stops at its first check
    if not outcome:  # a task cancelled before it started reports back at once
        QTimer.singleShot(60000, loop.quit)
        loop.exec()
    assert outcome == {"ok": False} and not output.exists()
    assert list(tmp_path.glob("*.tmp")) == []
    assert any("cancelled" in m.lower() for m in qgis_iface.messageBar().get_messages(Qgis.Warning))
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()


def test_success_message_in_a_real_message_bar_has_an_open_button(qgis_app, layers, tmp_path):
    from qgis.gui import QgsMessageBar
    from qgis.PyQt.QtWidgets import QPushButton

    class Iface:
        def __init__(self):
            self.bar = QgsMessageBar()

        def messageBar(self):  # noqa: N802 (QGIS API name)
            return self.bar

        def mainWindow(self):  # noqa: N802 (QGIS API name)
            return None

    iface = Iface()
    dialog = LedgerDialog(iface)
    dialog.report_success(str(tmp_path / "done.xlsx"), 3)
    item = iface.bar.currentItem()
    assert str(tmp_path / "done.xlsx") in item.text()
    assert "Open" in [b.text() for b in item.findChildren(QPushButton)]


# -- the settings, sessions and what the dialog shows -----------------------------------------------------------
@pytest.fixture()
def ledger_settings(tmp_path, monkeypatch):
    """A private user settings folder; write(**entries) sets the user's ledger.json."""
    import json

    from land_supervision import settings

    folder = tmp_path / "user_settings"
    folder.mkdir()
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(folder))

    def write(**entries):
        (folder / "ledger.json").write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")

    return write


def test_settings_win_unless_changed_here(qgis_iface, layers, tmp_path, ledger_settings):
    tasks, _ = layers
    ledger_settings(reporting_unit="甲县自然资源局", warning_days=20)
    dialog = LedgerDialog(qgis_iface)
    assert (dialog.org_edit.text(), dialog.warning_spin.value()) == ("甲县自然资源局", 20)
    dialog.remember()  # an export with the settings' values: nothing of them is kept
    ledger_settings(reporting_unit="乙县自然资源局", warning_days=30)
    dialog = LedgerDialog(qgis_iface)
    assert (dialog.org_edit.text(), dialog.warning_spin.value()) == ("乙县自然资源局", 30)
    dialog.org_edit.setText("乙县自然资源局执法监察大队")  # typed here: remembered for the next session
    dialog.remember()
    dialog = LedgerDialog(qgis_iface)
    assert (dialog.org_edit.text(), dialog.warning_spin.value()) == ("乙县自然资源局执法监察大队", 30)
    ledger_settings(reporting_unit="丙县自然资源局", warning_days=30)  # the settings changed since: they win
    assert LedgerDialog(qgis_iface).org_edit.text() == "丙县自然资源局"


def test_selection_is_not_carried_into_a_new_session(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    tasks.selectByExpression("\"RWBH\" = 'T3'")
    dialog = make_dialog(qgis_iface, tasks, tmp_path / "s.xlsx")
    dialog.selected_only.setChecked(True)
    assert export(dialog)["ok"]
    assert not LedgerDialog(qgis_iface).selected_only.isChecked()


def test_no_rows_is_said_not_reported_as_success(qgis_iface, layers, tmp_path):
    tasks, _ = layers
    tasks.removeSelection()
    dialog = make_dialog(qgis_iface, tasks, tmp_path / "empty.xlsx")
    dialog.selected_only.setChecked(True)  # nothing is selected
    assert export(dialog)["ok"]
    assert "no rows" in dialog.result_label.text()
    assert any("no rows" in m for m in qgis_iface.messageBar().get_messages(Qgis.Warning))
    assert openpyxl.load_workbook(tmp_path / "empty.xlsx")["明细"].max_row == HEADER_ROW  # headers only
    assert not any("empty.xlsx" in m for m in qgis_iface.messageBar().get_messages(Qgis.Success))


def test_result_shown_in_the_dialog_and_preview_as_the_workbook(qgis_iface, layers, tmp_path, chinese):
    tasks, _ = layers
    output = tmp_path / "shown.xlsx"
    dialog = make_dialog(qgis_iface, tasks, output)
    headers = [dialog.preview.horizontalHeaderItem(j).text() for j in range(dialog.preview.columnCount())]
    # T4's task area 333.33 m² = 0.499995 亩 -> 0.50 (two decimals, as in the workbook), not "0.5"
    assert dialog.preview.item(3, headers.index("任务面积")).text() == "0.50"
    assert "；" in dialog.totals_label.text() and "; " not in dialog.totals_label.text()
    assert dialog.template_combo.currentText() == "耕地恢复任务核查整改台账"
    assert export(dialog)["ok"]
    assert str(output) in dialog.result_label.text() and "台账已写出：4 行" in dialog.result_label.text()


def test_preselects_the_active_layer_and_follows_removal(qgis_iface, layers, tmp_path):
    tasks, chiefs = layers
    qgis_iface.setActiveLayer(tasks)
    dialog = LedgerDialog(qgis_iface)
    assert dialog.layer_combo.currentLayer() is tasks and dialog.template_id() == "restoration"
    assert dialog.preview.rowCount() == 4
    QgsProject.instance().removeMapLayer(tasks.id())
    assert dialog.layer_combo.currentLayer() is chiefs
    assert dialog.preview.rowCount() == 2  # the chiefs table through the generic template


def test_round_trip_from_the_menu(qgis_iface, layers, tmp_path, run_alg):
    """With a ledger store and a key field the dialog's workbook comes back: the items are in the store, keyed by
    the chosen field, and a return read by importledger changes the store."""
    from test_ledger_roundtrip import edit, items, set_cell

    tasks, _ = layers
    output, store = tmp_path / "round.xlsx", tmp_path / "store"
    dialog = make_dialog(qgis_iface, tasks, output)
    assert not dialog.key_combo.isEnabled()  # no store: no key field
    dialog.store_widget.setFilePath(str(store))  # the extension is added, as for the workbook
    assert dialog.key_combo.isEnabled()
    dialog.key_combo.setField("RWBH")
    assert export(dialog) == {"ok": True, "path": str(output)}
    assert "store.gpkg" in dialog.result_label.text() and "台账回执导入" in dialog.result_label.text()
    stored = items(str(store) + ".gpkg")
    assert sorted(stored) == ["T1", "T2", "T3", "T4"]
    assert QgsSettings().value(SETTINGS + "store") == str(store) + ".gpkg"
    returned = edit(output, tmp_path / "back.xlsx", lambda wb: set_cell(wb["明细"], "T1", "整改措施", "拆除复耕"))
    result = run_alg("importledger", {"INPUT": [returned], "STORE": str(store) + ".gpkg", "APPLY": True,
                                      "CHANGES": "memory:"})
    assert result["APPLIED"] == 1 and items(str(store) + ".gpkg")["T1"]["measure"] == "拆除复耕"
    again = LedgerDialog(qgis_iface)  # a new export is registered only when asked: the browser starts in the folder
    assert again.store_widget.filePath() == "" and again.store_widget.defaultRoot() == str(tmp_path)
