"""Run inside QGIS (qgis --code), started by `scripts/screenshots.py --review`: every algorithm dialog at QGIS's
default size, every settings page, the ledger dialog, every styled result map and two summary tables on the
sample county, each grabbed into $LS_SHOTS_DIR for a person to look at before a release (they are not the guide's
pictures)."""
import os

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface

OUT = os.environ.get("LS_SHOTS_DIR", "/tmp/ls_review")
SAMPLE = os.environ["LS_SAMPLE"]  # QGIS runs this file with exec(): no __file__
STATE = {}
RUNS = {  # the analyses whose styled results are looked at, on the sample county
    "farmlandrestoration": {"INPUT": "restoration_tasks", "SURVEY": "dltb_2024", "BASIC_FARMLAND": "basic_farmland"},
    "farmlandbalance": {"SURVEY_BEFORE": "dltb_2023", "SURVEY_AFTER": "dltb_2024", "REGIONS": "regions"},
    "idlelandscreening": {"INPUT": "supply_records", "AS_OF_DATE": "2026-11-22", "EVIDENCE_SURVEY": "dltb_2024",
                          "EVIDENCE_MONITORING": "monitoring_patches"},
    "minerehabilitation": {"INPUT": "mine_patches", "SURVEY": "dltb_2024", "RED_LINE": "red_line",
                           "BASIC_FARMLAND": "basic_farmland"},
    "closedmines": {"INPUT": "closed_mines", "SURVEY": "dltb_2024", "PLAN_BLOCKS": "mining_blocks"},
}


TABLES = ("farmlandbalance", "minerehabilitation")  # summary tables looked at (亩, percentages, region names)
ZOOM = {"idlelandscreening": "\"suspected\" = '是'", "minerehabilitation": "\"priority\" <> ''"}


def grab(name, widget=None):
    pixmap = QApplication.primaryScreen().grabWindow(widget.winId() if widget is not None else 0)
    pixmap.save(os.path.join(OUT, name + ".png"))
    print("saved", name)


def dialog_steps():
    import processing

    provider = QgsApplication.processingRegistry().providerById("landsupervision")
    for algorithm in provider.algorithms():
        def show(alg_id=algorithm.id()):
            dialog = processing.createAlgorithmDialog(alg_id, {})
            dialog.move(0, 0)
            dialog.show()
            STATE["dialog"] = dialog

        def take(name=algorithm.name()):
            grab("dialog_" + name, STATE["dialog"])
            STATE["dialog"].close()
        yield show
        yield take


def settings_steps():
    from land_supervision.dialogs.settings_dialog import SettingsDialog, page_names

    def show():
        STATE["settings"] = SettingsDialog(iface.mainWindow())
        STATE["settings"].move(0, 0)
        STATE["settings"].show()
    yield show
    for row, (name, _title) in enumerate(page_names()):
        def take(row=row, name=name):
            STATE["settings"].list.setCurrentRow(row)
            QTimer.singleShot(300, lambda: grab("settings_" + name, STATE["settings"]))
        yield take
    yield lambda: STATE["settings"].close()


def map_steps():
    import processing

    for name, inputs in RUNS.items():
        def run(name=name, inputs=inputs):
            for layer in QgsProject.instance().mapLayers().values():
                if layer.name() not in ("dltb_2024",):
                    QgsProject.instance().layerTreeRoot().findLayer(layer.id()).setItemVisibilityChecked(False)
            params = {k: (SAMPLE + "|layername=" + v if not k.endswith("DATE") else v) for k, v in inputs.items()}
            outputs = [p.name() for p in QgsApplication.processingRegistry().algorithmById(
                "landsupervision:" + name).destinationParameterDefinitions()]
            params.update({o: "TEMPORARY_OUTPUT" for o in outputs})
            result = processing.runAndLoadResults("landsupervision:" + name, params)
            STATE[name] = result
            layer = QgsProject.instance().mapLayer(result[outputs[0]])
            iface.setActiveLayer(layer)
            extent = layer.extent()
            if name in ZOOM:  # close enough to read the labels: around the first features of interest
                ids = [f.id() for f in layer.getFeatures(ZOOM[name])][:5]
                layer.selectByIds(ids)
                extent = layer.boundingBoxOfSelected()
                layer.removeSelection()
                extent.scale(3)
            iface.mapCanvas().setExtent(extent)
            iface.mapCanvas().refresh()

        def take(name=name):
            grab("map_" + name)
        yield run
        yield take


def table_steps():
    for name in TABLES:
        def show(name=name):
            layer = QgsProject.instance().mapLayer(STATE[name]["OUTPUT_SUMMARY"])
            STATE["table"] = iface.showAttributeTable(layer)
            STATE["table"].move(0, 0)
            STATE["table"].resize(1400, 700)

        def take(name=name):
            grab("table_" + name, STATE["table"])
            STATE["table"].close()
        yield show
        yield take


def ledger_steps():
    from land_supervision.dialogs.ledger_dialog import open_ledger_dialog

    def show():
        STATE["ledger"] = open_ledger_dialog(iface)
        STATE["ledger"].move(0, 0)

    def take():
        grab("ledger_dialog", STATE["ledger"])
        STATE["ledger"].close()
    yield show
    yield take


def load():
    window = iface.mainWindow()
    window.resize(1600, 1000)
    window.move(0, 0)
    from land_supervision.dialogs.sample_county import load_sample_county

    load_sample_county(iface.mapCanvas())


STEPS = [load, *dialog_steps(), *settings_steps(), *map_steps(), *table_steps(), *ledger_steps()]


def run(index=0):
    if index >= len(STEPS):
        QgsApplication.exit(0)
        return
    try:
        STEPS[index]()
    except Exception as exc:  # keep going: one failed picture must not block the others
        print("step", index, "failed:", exc)
    QTimer.singleShot(2500, lambda: run(index + 1))


os.makedirs(OUT, exist_ok=True)
QTimer.singleShot(4000, run)
