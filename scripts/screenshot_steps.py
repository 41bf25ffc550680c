"""Run inside QGIS (qgis --code): load the sample county, open the plugin's menu and dialogs, grab the screen.

Started by scripts/screenshots.py; writes PNGs into $LS_SHOTS_DIR and quits QGIS.
"""
import os

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QMenu, QTreeView
from qgis.utils import iface, plugins

OUT = os.environ.get("LS_SHOTS_DIR", "/tmp/ls_shots")
SAMPLE = os.environ["LS_SAMPLE"]  # QGIS runs this file with exec(): no __file__
STATE = {}


def grab(name, widget=None):
    screen = QApplication.primaryScreen()
    target = widget.winId() if widget is not None else 0
    pixmap = screen.grabWindow(target)
    pixmap.save(os.path.join(OUT, name + ".png"))
    print("saved", name)


def our_menu():
    return next(m for m in iface.mainWindow().findChildren(QMenu) if m.objectName() == "LandSupervisionMenu")


def step_load():
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.move(0, 0)
    from land_supervision.dialogs.sample_county import load_sample_county

    load_sample_county(iface.mapCanvas())
    import processing

    result = processing.runAndLoadResults("landsupervision:farmlandrestoration", {
        "INPUT": SAMPLE + "|layername=restoration_tasks",
        "SURVEY": SAMPLE + "|layername=dltb_2024",
        "OUTPUT": "TEMPORARY_OUTPUT",
    })
    layer = QgsProject.instance().mapLayer(result["OUTPUT"])
    STATE["result"] = layer
    iface.setActiveLayer(layer)


def step_zoom():
    """After QGIS's own zoom to the first loaded layer: close enough to read the status colours and labels."""
    canvas = iface.mapCanvas()
    canvas.setExtent(STATE["result"].extent())
    canvas.zoomByFactor(0.35)
    canvas.refresh()


def step_menu():
    menu = our_menu()
    iface.mainWindow().menuBar().setActiveAction(menu.menuAction())


def step_menu_grab():
    grab("menu")
    our_menu().hide()


def step_map_grab():
    grab("restoration_map")


def step_toolbox():
    docks = iface.mainWindow().findChildren(QDockWidget)
    dock = next((d for d in docks if d.objectName() == "ProcessingToolbox"), None)
    if dock is None:
        return
    dock.show()
    toolbox = dock.findChild(QTreeView)
    model = toolbox.model()
    # expand our provider and its groups
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if "自然资源督察" in str(model.data(index)):
            toolbox.expand(index)
            for child in range(model.rowCount(index)):
                toolbox.expand(model.index(child, 0, index))
            toolbox.scrollTo(index, QTreeView.ScrollHint.PositionAtTop)
    STATE["toolbox"] = dock


def step_toolbox_grab():
    dock = STATE.get("toolbox")
    if dock is not None:
        grab("toolbox", dock)


def step_algorithm():
    import processing

    dialog = processing.createAlgorithmDialog("landsupervision:farmlandrestoration", {
        "INPUT": SAMPLE + "|layername=restoration_tasks",
        "SURVEY": SAMPLE + "|layername=dltb_2024",
        "BASIC_FARMLAND": SAMPLE + "|layername=basic_farmland",
    })
    dialog.resize(1100, 760)
    dialog.move(200, 80)
    dialog.show()
    STATE["alg"] = dialog


def step_algorithm_grab():
    grab("algorithm_dialog", STATE["alg"])
    STATE["alg"].close()


def step_ledger():
    from land_supervision.dialogs.ledger_dialog import open_ledger_dialog

    dialog = open_ledger_dialog(iface)
    dialog.resize(1000, 720)
    dialog.move(200, 80)
    STATE["ledger"] = dialog


def step_ledger_grab():
    grab("ledger_dialog", STATE["ledger"])
    STATE["ledger"].close()


def step_settings():
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(iface.mainWindow())
    dialog.list.setCurrentRow(1)
    dialog.move(200, 80)
    dialog.show()
    STATE["settings"] = dialog


def step_settings_grab():
    grab("settings_dialog", STATE["settings"])
    STATE["settings"].close()


def step_import():
    """Two townships' returns of the sample county's restoration ledger, previewed in 台账回执导入."""
    import tempfile

    import openpyxl
    from qgis import processing

    from land_supervision.dialogs.import_dialog import open_import_dialog

    folder = tempfile.mkdtemp(prefix="ls_import_")
    result = os.path.join(folder, "restoration.gpkg")
    processing.run("landsupervision:farmlandrestoration", {
        "INPUT": SAMPLE + "|layername=restoration_tasks", "SURVEY": SAMPLE + "|layername=dltb_2024",
        "OUTPUT": result})
    store, sent = os.path.join(folder, "台账库.gpkg"), os.path.join(folder, "耕地恢复台账.xlsx")
    processing.run("landsupervision:exportledger", {"INPUT": result, "OUTPUT": sent, "STORE": store})
    edits = {
        "甲镇回执.xlsx": [(0, "整改措施", "拆除大棚复耕"), (0, "整改状态", "整改中"), (1, "完成时间", "2025年3月8日"),
                      (2, "是否销号", "是"), (3, "任务面积", 1.5)],
        "乙镇回执.xlsx": [(0, "整改措施", "复耕"), (4, "整改措施", "补种水稻"), (5, "完成时间", "三月底")],
    }
    files = []
    for name, cells in edits.items():
        wb = openpyxl.load_workbook(sent)
        ws = wb["明细"]
        heads = [c.value for c in ws[3]]
        for row, header, value in cells:
            ws.cell(4 + row, heads.index(header) + 1).value = value
        path = os.path.join(folder, name)
        wb.save(path)
        files.append(path)
    dialog = open_import_dialog(iface)
    dialog.store_widget.setFilePath(store)
    dialog.files_widget.setFilePath(" ".join('"{0}"'.format(f) for f in files))
    dialog.resize(1100, 560)
    dialog.move(200, 80)
    dialog.preview_button.click()
    STATE["import"] = dialog


def step_import_grab():
    grab("import_dialog", STATE["import"])
    STATE["import"].close()


STEPS = [step_load, step_zoom, step_map_grab, step_menu, step_menu_grab,
         step_toolbox, step_toolbox_grab, step_algorithm,
         step_algorithm_grab, step_ledger, step_ledger_grab, step_settings, step_settings_grab, step_import,
         step_import_grab]
ONLY = os.environ.get("LS_SHOTS_ONLY")  # e.g. "import": only the steps named step_import*
if ONLY:
    STEPS = [step_load] + [s for s in STEPS if s.__name__.startswith("step_" + ONLY)]


def run(index=0):
    if index >= len(STEPS):
        QgsApplication.exit(0)
        return
    try:
        STEPS[index]()
    except Exception as exc:  # keep going: one failed picture must not block the others
        print("step", STEPS[index].__name__, "failed:", exc)
    QTimer.singleShot(2500, lambda: run(index + 1))


print("plugins loaded:", sorted(plugins))
os.makedirs(OUT, exist_ok=True)
QTimer.singleShot(4000, run)
