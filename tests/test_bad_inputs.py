"""The catalogue of awkward inputs (issue 13): one case per row, each with the outcome a user must get.

Every case runs an algorithm through processing.run (or the settings loader / ledger writer the dialogs use)
and asserts either a right answer or a QgsProcessingException / warning that names the layer, field or file.
Geometries are 100 m squares in EPSG:4526 near the zone's central meridian, where ellipsoidal and planar
areas agree to better than 1e-4, so expected areas are worked out by hand in the comments.
"""
from __future__ import annotations

import json
import math
import os
import stat

import openpyxl
import pytest
from osgeo import ogr
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from gpkg_util import write_gpkg

from conftest import REALDATA, needs_realdata
from land_supervision.processing.layers import py_value

X0, Y0 = 38_500_000.0, 3_400_000.0
V1 = "4201020010010000000"
DLTB_FIELDS = [("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("DLMC", ogr.OFTString), ("ZLDWDM", ogr.OFTString),
               ("TBMJ", ogr.OFTReal), ("KCXS", ogr.OFTReal), ("TBDLMJ", ogr.OFTReal)]
TASK_FIELDS = [("RWBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("RWMJ", ogr.OFTReal)]


class Recorder(QgsProcessingFeedback):
    def __init__(self, cancel_when=None):
        super().__init__()
        self.lines, self.cancel_when = [], cancel_when

    def pushInfo(self, text):  # noqa: N802
        self.lines.append(text)
        super().pushInfo(text)

    def pushWarning(self, text):  # noqa: N802
        self.lines.append(text)
        super().pushWarning(text)

    def reportError(self, text, fatal=False):  # noqa: N802
        self.lines.append(text)
        super().reportError(text, fatal)

    def setProgressText(self, text):  # noqa: N802
        super().setProgressText(text)
        if self.cancel_when and self.cancel_when in text:
            self.cancel()

    def text(self):
        return "\n".join(self.lines)


def box(x1, y1, x2, y2):
    return "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=X0 + x1, b=Y0 + y1, c=X0 + x2, d=Y0 + y2)


def parcel(bsm, dlbm, x, y, size=100, tbmj=None):
    """A DLTB row: KCXS 0, TBMJ = planar area unless given."""
    area = float(tbmj if tbmj is not None else size * size)
    return [bsm, dlbm, "", V1, area, 0.0, area], box(x, y, x + size, y + size)


def survey_layer(path, name, parcels, geom_type=ogr.wkbPolygon, wkts=None):
    rows = [p[0] for p in parcels]
    return write_gpkg(path, name, DLTB_FIELDS, rows, wkts or [p[1] for p in parcels], geom_type=geom_type)


def task_layer(path, name, boxes, epsg=4526, geom_type=ogr.wkbPolygon, wkts=None):
    rows = [["T%d" % (i + 1), V1[:12], 0.0] for i in range(len(wkts or boxes))]
    return write_gpkg(path, name, TASK_FIELDS, rows, wkts or [box(*b) for b in boxes], epsg=epsg,
                      geom_type=geom_type)


def features(uri):
    layer = uri if isinstance(uri, QgsVectorLayer) else QgsVectorLayer(uri, "out", "ogr")
    assert layer.isValid(), uri
    return [dict(zip(layer.fields().names(), [py_value(v) for v in f.attributes()])) for f in layer.getFeatures()]


def refused(run_alg, name, params, *words):
    """The algorithm stops with a QgsProcessingException of its own (no Python traceback) naming ``words``."""
    feedback = Recorder()
    with pytest.raises(QgsProcessingException) as info:
        run_alg(name, params, feedback=feedback)
    text = str(info.value) + "\n" + feedback.text()
    assert "Traceback" not in text, text
    for word in words:
        assert word in text, (word, text)
    return text


# -- crashes: curved geometries ---------------------------------------------------------------------------------

# A 100 m square whose top edge bulges into a half circle of radius 50: 10 000 + π·50²/2 = 13 926.99 m².
CURVED = ("CURVEPOLYGON(COMPOUNDCURVE(({a} {b},{c} {b},{c} {d}),CIRCULARSTRING({c} {d},{m} {t},{a} {d}),"
          "({a} {d},{a} {b})))").format(a=X0, b=Y0, c=X0 + 100, d=Y0 + 100, m=X0 + 50, t=Y0 + 150)
CURVED_AREA = 10000 + math.pi * 2500 / 2


def test_curved_survey_parcels_are_segmentized_in_restoration(run_alg, tmp_path):
    """A MultiSurface DLTB (FileGDB/GPKG curves): the task over the whole bulged parcel restores all of it."""
    gpkg = str(tmp_path / "curved.gpkg")
    row = parcel("B1", "0101", 0, 0, tbmj=13927.0)[0]
    survey = write_gpkg(gpkg, "dltb", DLTB_FIELDS, [row], ["MULTISURFACE(%s)" % CURVED], geom_type=ogr.wkbMultiSurface)
    tasks = task_layer(gpkg, "tasks", [(-10, -10, 110, 160)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    # the whole parcel lies in the task: its whole TBMJ (13 927 m²) is restored, to the rounding of the arc
    assert t1["rest_gross"] == pytest.approx(13927.0, rel=1e-3)
    assert "curved" in feedback.text()


def test_a_3d_survey_with_a_bow_tie_in_restoration(run_alg, tmp_path):
    """A PolygonZ DLTB (held as WKB, flattened while read) with a self-intersecting parcel: the bow-tie is
    repaired into its two triangles (2 × 2,500 m²) and counted; every parcel lies in the task, so the whole
    TBMJ of the three is restored: 10,000 + 10,000 + 5,000 m²."""
    gpkg = str(tmp_path / "z.gpkg")
    rows = [parcel("B1", "0101", 0, 0)[0], parcel("B2", "0103", 100, 0)[0],
            parcel("B3", "0101", 200, 0, tbmj=5000.0)[0]]

    def z(x1, x2):
        return "POLYGON Z(({a} {b} 50,{c} {b} 50,{c} {d} 51,{a} {d} 52,{a} {b} 50))".format(
            a=X0 + x1, b=Y0, c=X0 + x2, d=Y0 + 100)

    bow_tie = "POLYGON Z(({a} {b} 5,{c} {d} 5,{c} {b} 5,{a} {d} 5,{a} {b} 5))".format(
        a=X0 + 200, b=Y0, c=X0 + 300, d=Y0 + 100)
    survey = write_gpkg(gpkg, "dltb", DLTB_FIELDS, rows, [z(0, 100), z(100, 200), bow_tie],
                        geom_type=ogr.wkbPolygon25D)
    tasks = task_layer(gpkg, "tasks", [(-10, -10, 310, 110)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg"),
                                          "OUTPUT_PIECES": str(tmp_path / "p.gpkg")}, feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert t1["rest_gross"] == pytest.approx(25000.0, abs=0.01)
    assert "1 invalid geometries repaired" in feedback.text()
    pieces = {p["bsm"]: p["gross"] for p in features(out["OUTPUT_PIECES"])}
    assert pieces == pytest.approx({"B1": 10000.0, "B2": 10000.0, "B3": 5000.0}, abs=0.01)


def test_curved_task_parcels_are_segmentized_in_restoration(run_alg, tmp_path):
    gpkg = str(tmp_path / "curved.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0101", -100, -100, size=300)])
    tasks = task_layer(gpkg, "tasks", None, geom_type=ogr.wkbCurvePolygon, wkts=[CURVED])
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=Recorder())
    (t1,) = features(out["OUTPUT"])
    assert t1["task_area"] == pytest.approx(CURVED_AREA, rel=1e-3)
    assert t1["rest_gross"] == pytest.approx(CURVED_AREA, rel=1e-3) and t1["status"] == "已恢复"


def test_curved_survey_in_balance(run_alg, tmp_path):
    """0101 (bulged, 13 926.99 m²) in T−1 becomes 0301 in T: the outflow is the whole parcel's TBMJ."""
    gpkg = str(tmp_path / "curved.gpkg")
    before = write_gpkg(gpkg, "before", DLTB_FIELDS, [parcel("B1", "0101", 0, 0, tbmj=13927.0)[0]],
                        ["MULTISURFACE(%s)" % CURVED], geom_type=ogr.wkbMultiSurface)
    after = write_gpkg(gpkg, "after", DLTB_FIELDS, [parcel("B1", "0301", 0, 0, tbmj=13927.0)[0]],
                       ["MULTISURFACE(%s)" % CURVED], geom_type=ogr.wkbMultiSurface)
    out = run_alg("farmlandbalance", {"SURVEY_BEFORE": before, "SURVEY_AFTER": after,
                                      "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"),
                                      "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder())
    county = [r for r in features(out["OUTPUT_SUMMARY"]) if r.get("level") in ("county", "县级")]
    assert county and county[0]["outflow"] == pytest.approx(13927.0, rel=1e-3)


def test_curved_patches_in_mines(run_alg, tmp_path):
    gpkg = str(tmp_path / "curved.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0301", -100, -100, size=300)])
    patches = write_gpkg(gpkg, "patches", [("TBBH", ogr.OFTString), ("XZQDM", ogr.OFTString)],
                         [["P1", "420102"]], [CURVED], geom_type=ogr.wkbCurvePolygon)
    out = run_alg("minerehabilitation", {"INPUT": patches, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg"),
                                         "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder())
    (p1,) = features(out["OUTPUT"])
    assert p1["rest_share"] == pytest.approx(1.0, abs=1e-4)


# -- crashes: zero features, tables without geometry -------------------------------------------------------------

def empty_inputs(tmp_path):
    gpkg = str(tmp_path / "empty.gpkg")
    return {
        "survey": survey_layer(gpkg, "dltb", [parcel("B1", "0101", 0, 0)]),
        "no_survey": survey_layer(gpkg, "dltb_empty", []),
        "tasks": task_layer(gpkg, "tasks", [(0, 0, 100, 100)]),
        "no_tasks": task_layer(gpkg, "tasks_empty", []),
        "patches": write_gpkg(gpkg, "patches_empty", [("TBBH", ogr.OFTString)], [], []),
        "supply": write_gpkg(gpkg, "supply_empty", [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTString)], [], []),
        "one_supply": write_gpkg(gpkg, "supply", [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTString)],
                                 [["0001", "2024-01-01"]], [box(0, 0, 100, 100)]),
        "table": write_gpkg(gpkg, "plain_table", DLTB_FIELDS, [parcel("B1", "0101", 0, 0)[0]], None),
    }


def test_zero_tasks_in_restoration(run_alg, tmp_path):
    layers = empty_inputs(tmp_path)
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": layers["no_tasks"], "SURVEY": layers["survey"],
                                          "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=feedback)
    assert features(out["OUTPUT"]) == [] and "0 features read" in feedback.text()


def test_zero_survey_parcels_in_restoration(run_alg, tmp_path):
    """An empty survey is a wrong layer or filter, not "nothing restored": refused, naming the layer."""
    layers = empty_inputs(tmp_path)
    refused(run_alg, "farmlandrestoration", {"INPUT": layers["tasks"], "SURVEY": layers["no_survey"],
                                             "OUTPUT": str(tmp_path / "o.gpkg")}, "dltb_empty", "no features")
    assert not os.path.exists(tmp_path / "o.gpkg")


@pytest.mark.parametrize("case", ["no before", "no after"])
def test_zero_features_in_balance(run_alg, tmp_path, case):
    layers = empty_inputs(tmp_path)
    before, after = (layers["no_survey"], layers["survey"]) if case == "no before" else \
        (layers["survey"], layers["no_survey"])
    refused(run_alg, "farmlandbalance", {"SURVEY_BEFORE": before, "SURVEY_AFTER": after,
                                         "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"),
                                         "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, "no features")
    assert not os.path.exists(tmp_path / "f.gpkg") and not os.path.exists(tmp_path / "s.gpkg")


def test_zero_features_in_mines(run_alg, tmp_path):
    layers = empty_inputs(tmp_path)
    out = run_alg("minerehabilitation", {"INPUT": layers["patches"], "SURVEY": layers["survey"],
                                         "OUTPUT": str(tmp_path / "o.gpkg"),
                                         "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder())
    assert features(out["OUTPUT"]) == []


def test_zero_features_in_closed_mines(run_alg, tmp_path):
    layers = empty_inputs(tmp_path)
    out = run_alg("closedmines", {"INPUT": layers["patches"], "SURVEY": layers["survey"],
                                  "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=Recorder())
    assert features(out["OUTPUT"]) == []


def test_zero_features_in_idle_land(run_alg, tmp_path):
    layers = empty_inputs(tmp_path)
    out = run_alg("idlelandscreening", {"INPUT": layers["supply"], "AS_OF_DATE": "2026-01-01",
                                        "EVIDENCE_SURVEY": layers["survey"], "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=Recorder())
    assert features(out["OUTPUT"]) == [] and out["SUSPECTED"] == 0


def test_zero_features_in_ledger(run_alg, tmp_path):
    layers = empty_inputs(tmp_path)
    out = run_alg("exportledger", {"INPUT": layers["no_tasks"], "OUTPUT": str(tmp_path / "l.xlsx")},
                  feedback=Recorder())
    assert out["ROWS"] == 0 and openpyxl.load_workbook(out["OUTPUT"]).sheetnames


@pytest.mark.parametrize("algorithm,parameter", [
    ("farmlandrestoration", "SURVEY"), ("farmlandrestoration", "INPUT"), ("farmlandbalance", "SURVEY_AFTER"),
    ("minerehabilitation", "SURVEY"), ("minerehabilitation", "INPUT"), ("idlelandscreening", "EVIDENCE_SURVEY")])
def test_table_without_geometry_where_polygons_are_needed(run_alg, tmp_path, algorithm, parameter):
    layers = empty_inputs(tmp_path)
    params = {
        "farmlandrestoration": {"INPUT": layers["tasks"], "SURVEY": layers["survey"]},
        "farmlandbalance": {"SURVEY_BEFORE": layers["survey"], "SURVEY_AFTER": layers["survey"],
                            "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")},
        "minerehabilitation": {"INPUT": layers["tasks"], "SURVEY": layers["survey"],
                               "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")},
        "idlelandscreening": {"INPUT": layers["one_supply"], "EVIDENCE_SURVEY": layers["survey"],
                              "AS_OF_DATE": "2026-01-01"},
    }[algorithm]
    params.setdefault("OUTPUT", str(tmp_path / "o.gpkg"))
    params[parameter] = layers["table"]
    refused(run_alg, algorithm, params, "plain_table", "no geometry")
    assert not os.path.exists(tmp_path / "o.gpkg")


# -- crashes and silent defaults: the user's settings files ------------------------------------------------------

@pytest.fixture()
def message_log():
    lines = []

    def keep(message, tag, level):
        if tag == "Land Supervision":
            lines.append(message)

    QgsApplication.messageLog().messageReceived.connect(keep)
    yield lines
    QgsApplication.messageLog().messageReceived.disconnect(keep)


def test_bad_values_in_a_user_settings_file_fall_back_per_entry(provider, user_dir, message_log):
    """idle.json with an unknown start_rule and a ratio as words: the algorithm loads with those two defaults,
    keeps the user's valid entry, and the message log names the file and each key."""
    from land_supervision.processing.idle_land import IdleLandScreeningAlgorithm

    (user_dir / "idle.json").write_text(json.dumps(
        {"start_rule": "national_2021", "stall_area_ratio": "a third", "stall_months": 18}), encoding="utf-8")
    algorithm = IdleLandScreeningAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.parameterDefinition("START_RULE").defaultValue() == 0  # national_2012, the shipped default
    assert algorithm.parameterDefinition("STALL_AREA_RATIO").defaultValue() == pytest.approx(1 / 3)
    assert algorithm.parameterDefinition("STALL_MONTHS").defaultValue() == 18
    logged = "\n".join(message_log)
    path = str(user_dir / "idle.json")
    assert f"Settings {path}, entry start_rule: must be one of national_2012, pm000_local" in logged
    assert f"Settings {path}, entry stall_area_ratio: must be a number or a fraction" in logged


def test_bad_user_settings_are_named_in_the_processing_log(run_alg, tmp_path, user_dir):
    (user_dir / "idle.json").write_text('{"start_rule": "national_2021"}', encoding="utf-8")
    (user_dir / "ledger.json").mkdir()  # a folder where the file should be
    (user_dir / "restoration.json").write_text('{"complete_threshold": 0.95,}', encoding="utf-8")  # invalid JSON
    layers = empty_inputs(tmp_path)
    feedback = Recorder()
    run_alg("farmlandrestoration", {"INPUT": layers["tasks"], "SURVEY": layers["survey"],
                                    "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=feedback)
    text = feedback.text()
    assert f"Settings {user_dir / 'idle.json'}, entry start_rule: must be one of" in text
    assert f"Settings {user_dir / 'ledger.json'}, entry (file): the file cannot be read" in text and "folder" in text
    assert f"Settings {user_dir / 'restoration.json'}, entry (file): the file cannot be read" in text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le"])
def test_user_settings_saved_by_windows_editors_are_read(user_dir, encoding):
    """Notepad's UTF-8 with BOM and 'Unicode' (UTF-16, with or without BOM) are what a user saves."""
    from land_supervision import settings

    (user_dir / "restoration.json").write_bytes(
        json.dumps({"complete_threshold": 0.95, "_note": "县局修改"}, ensure_ascii=False).encode(encoding))
    assert settings.load("restoration")["complete_threshold"] == 0.95


def test_qgis_process_survives_a_bad_user_settings_file(tmp_path):
    """The provider loads at every QGIS start: a wrong user entry must not abort QGIS (it did, SIGABRT)."""
    import subprocess

    from test_plugin_load import QGIS_PROCESS, qgis_process_env

    env = qgis_process_env(tmp_path)
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)  # pytest-qgis points QGIS elsewhere: the profile must be under HOME
    folder = tmp_path / ".local/share/QGIS/QGIS3/profiles/default/land_supervision"
    folder.mkdir(parents=True)
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "land_supervision"], env=env, capture_output=True, timeout=120)
    (folder / "idle.json").write_text('{"start_rule": "foo", "stall_invest_ratio": "1/0"}', encoding="utf-8")
    listing = subprocess.run([QGIS_PROCESS, "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr[-2000:]
    assert "landsupervision:idlelandscreening" in listing.stdout


# -- ledgers ------------------------------------------------------------------------------------------------------

def ledger_source(tmp_path, remarks):
    fields = [("RWBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("BZ", ogr.OFTString)]
    rows = [["T%d" % (i + 1), "420102001001", text] for i, text in enumerate(remarks)]
    return write_gpkg(str(tmp_path / "ledger_in.gpkg"), "tasks", fields, rows,
                      [box(200 * i, 0, 200 * i + 100, 100) for i in range(len(rows))])


def test_ledger_text_xml_cannot_hold_is_stripped_and_counted(run_alg, tmp_path):
    """U+FFFE, U+FFFF and a control character (all readable from a GeoPackage) made openpyxl fail: no ledger."""
    source = ledger_source(tmp_path, ["甲\ufffe乙", "丙\uffff", "丁\x01戊", "正常"])
    feedback = Recorder()
    out = run_alg("exportledger", {"INPUT": source, "TEMPLATE": "generic", "OUTPUT": str(tmp_path / "l.xlsx")},
                  feedback=feedback)
    ws = openpyxl.load_workbook(out["OUTPUT"])["明细"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert {"甲乙", "丙", "丁戊", "正常"} <= set(values)
    assert "3 cells held characters an .xlsx file cannot store" in feedback.text()


def test_ledger_text_over_excels_limit_is_cut_and_reported(run_alg, tmp_path):
    source = ledger_source(tmp_path, ["说" * 40000])
    feedback = Recorder()
    out = run_alg("exportledger", {"INPUT": source, "TEMPLATE": "generic", "OUTPUT": str(tmp_path / "l.xlsx")},
                  feedback=feedback)
    ws = openpyxl.load_workbook(out["OUTPUT"])["明细"]
    assert max(len(str(c.value or "")) for row in ws.iter_rows() for c in row) == 32767
    assert "1 cells were longer than Excel's 32767 characters" in feedback.text()


def test_ledger_file_follows_the_umask(run_alg, tmp_path):
    """A ledger in a shared folder must be readable by colleagues (mkstemp made it 0600)."""
    old = os.umask(0o022)
    try:
        out = run_alg("exportledger", {"INPUT": ledger_source(tmp_path, ["a"]), "TEMPLATE": "generic",
                                       "OUTPUT": str(tmp_path / "l.xlsx")}, feedback=Recorder())
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(out["OUTPUT"]).st_mode) == 0o644


# -- silent wrong results: a survey that is not a partition -------------------------------------------------------

def doubled_survey(tmp_path):
    """Two 0101 parcels side by side, the second appended twice (a township file merged twice)."""
    gpkg = str(tmp_path / "doubled.gpkg")
    parcels = [parcel("B1", "0101", 0, 0), parcel("B2", "0101", 100, 0), parcel("B2", "0101", 100, 0)]
    return survey_layer(gpkg, "dltb", parcels), task_layer(gpkg, "tasks", [(0, 0, 200, 100)])


def test_overlapping_survey_is_refused_in_restoration(run_alg, tmp_path):
    """Counted twice, the task of 20 000 m² would be 'restored' 30 000 m² (ratio 1.5)."""
    survey, tasks = doubled_survey(tmp_path)
    text = refused(run_alg, "farmlandrestoration", {"INPUT": tasks, "SURVEY": survey,
                                                    "OUTPUT": str(tmp_path / "o.gpkg")},
                   "(dltb)", "1 pairs of parcels overlap, 10000.00 m²", "B2/B2", "Proceed when survey parcels overlap")
    assert not os.path.exists(tmp_path / "o.gpkg"), text


def test_overlapping_survey_proceeds_when_allowed_and_is_flagged(run_alg, tmp_path):
    survey, tasks = doubled_survey(tmp_path)
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "ALLOW_OVERLAPS": True,
                                          "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert "调查图斑重叠" in t1["flags"] and "10000.00 m²" in feedback.text()


def test_refused_overlaps_leave_no_output_however_written(run_alg, tmp_path):
    """A refusal leaves neither output (a shapefile of pieces included), loads no memory layer and leaves an
    existing file as it was."""
    survey, tasks = doubled_survey(tmp_path)
    words = ("1 pairs of parcels overlap, 10000.00 m²", "B2/B2")
    refused(run_alg, "farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg"),
                                             "OUTPUT_PIECES": str(tmp_path / "p.shp")}, *words)
    assert not [n for n in os.listdir(tmp_path) if n.startswith(("o.", "p."))]
    refused(run_alg, "farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": "TEMPORARY_OUTPUT"}, *words)
    kept = tmp_path / "kept.gpkg"
    kept.write_bytes(b"not yet a GeoPackage")
    refused(run_alg, "farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(kept)}, *words)
    assert kept.read_bytes() == b"not yet a GeoPackage"


@pytest.mark.parametrize("output", ["o.gpkg", "memory:"])
def test_allowed_overlaps_are_flagged_in_every_kind_of_output(run_alg, tmp_path, output):
    """The flag once, on the one task, in a file or a memory layer; the pieces show the doubled parcel."""
    survey, tasks = doubled_survey(tmp_path)
    feedback = Recorder()
    destination = output if output.startswith("memory:") else str(tmp_path / output)
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "ALLOW_OVERLAPS": True,
                                          "OUTPUT": destination, "OUTPUT_PIECES": str(tmp_path / "p.gpkg")},
                  feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert t1["flags"].count("调查图斑重叠") == 1 and "10000.00 m²" in feedback.text()
    # 30 000 m² of pieces on a 20 000 m² task: the doubled parcel counted twice, as flagged
    assert t1["rest_gross"] == pytest.approx(30000.0)
    assert sorted(f["bsm"] for f in features(out["OUTPUT_PIECES"])) == ["B1", "B2", "B2"]


def test_neighbours_sharing_edges_are_not_overlaps(run_alg, tmp_path):
    """A clean partition (parcels touching along shared edges) runs without any overlap message."""
    gpkg = str(tmp_path / "clean.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B%d" % k, "0101", 100 * (k % 3), 100 * (k // 3)) for k in range(9)])
    tasks = task_layer(gpkg, "tasks", [(50, 50, 250, 250)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert t1["rest_gross"] == pytest.approx(40000.0) and "overlap" not in feedback.text()


def test_a_run_holds_back_the_garbage_collector_and_resumes_it_however_it_ends(run_alg, tmp_path):
    """heap.collect_after around every algorithm: the collector is off while the run reports, on again after a
    finished run and after a refused one, and left off after a run that began with it off."""
    import gc

    class Watching(Recorder):
        def pushInfo(self, text):  # noqa: N802
            self.collecting = getattr(self, "collecting", []) + [(gc.isenabled(), text)]
            super().pushInfo(text)

    survey, tasks = doubled_survey(tmp_path)
    params = {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")}
    assert gc.isenabled()
    feedback = Watching()
    run_alg("farmlandrestoration", dict(params, ALLOW_OVERLAPS=True), feedback=feedback)
    ours = [on for on, text in feedback.collecting if not text.startswith("Results:")]  # (QGIS's, after the run)
    assert len(ours) >= 3 and not any(ours) and gc.isenabled()
    refused(run_alg, "farmlandrestoration", params, "1 pairs of parcels overlap")
    assert gc.isenabled()
    gc.disable()
    try:
        run_alg("farmlandrestoration", dict(params, ALLOW_OVERLAPS=True, OUTPUT=str(tmp_path / "o2.gpkg")))
        assert not gc.isenabled()
    finally:
        gc.enable()


@needs_realdata
def test_real_survey_that_is_not_a_partition(run_alg, tmp_path):
    """The Dutch crop parcels (README: 8 overlapping pairs) as a survey under one task covering them all."""
    import shapely

    from land_supervision.core import overlay

    path = os.path.join(REALDATA, "nl_brp_gewaspercelen_epsg28992.gpkg")
    layer = QgsVectorLayer(path, "nl", "ogr")
    geoms = overlay.repair(shapely.from_wkb([bytes(f.geometry().asWkb()) for f in layer.getFeatures()]))[0]
    # GEOS as the independent reference: pairs whose overlap has area >= 0.01 m²
    tree = shapely.STRtree(geoms)
    a, b = tree.query(geoms, predicate="intersects")
    keep = a < b
    areas = shapely.area(shapely.intersection(geoms[a[keep]], geoms[b[keep]]))
    expected = int((areas >= 0.01).sum())
    assert expected >= 1
    extent = layer.extent()
    tasks = write_gpkg(str(tmp_path / "t.gpkg"), "tasks", TASK_FIELDS, [["T1", V1[:12], 0.0]],
                       ["POLYGON(({0} {1},{2} {1},{2} {3},{0} {3},{0} {1}))".format(
                           extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())],
                       epsg=28992, drawn_epsg=28992)
    # the real parcels with DLBM 0101 added, so that every one is used
    from osgeo import gdal

    survey = str(tmp_path / "nl_survey.gpkg")
    gdal.VectorTranslate(survey, path, SQLStatement="SELECT *, '0101' AS DLBM FROM brp_gewas", SQLDialect="SQLITE",
                         layerName="nl_dltb")
    refused(run_alg, "farmlandrestoration", {"INPUT": tasks, "SURVEY": survey + "|layername=nl_dltb",
                                             "OUTPUT": str(tmp_path / "o.gpkg")},
            "(nl_dltb)", "{0} pairs of parcels overlap".format(expected))


def test_overlapping_survey_in_balance_mines_and_idle_evidence(run_alg, tmp_path):
    """The same doubled township refused by every analysis that reads a survey; allowed, balance reports it."""
    survey, tasks = doubled_survey(tmp_path)
    gpkg = str(tmp_path / "doubled.gpkg")
    patches = write_gpkg(gpkg, "patches", [("TBBH", ogr.OFTString)], [["P1"]], [box(0, 0, 200, 100)])
    supply = write_gpkg(gpkg, "supply", [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTString)],
                        [["0001", "2024-01-01"]], [box(0, 0, 200, 100)])
    after = survey_layer(gpkg, "after", [parcel("B1", "0301", 0, 0), parcel("B2", "0301", 100, 0)])
    balance = {"SURVEY_BEFORE": survey, "SURVEY_AFTER": after, "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"),
               "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}
    words = ("1 pairs of parcels overlap, 10000.00 m²", "B2/B2")
    refused(run_alg, "farmlandbalance", balance, *words)
    refused(run_alg, "minerehabilitation", {"INPUT": patches, "SURVEY": survey, "OUTPUT": str(tmp_path / "m.gpkg"),
                                            "OUTPUT_SUMMARY": str(tmp_path / "ms.gpkg")}, *words)
    refused(run_alg, "closedmines", {"INPUT": patches, "SURVEY": survey, "OUTPUT": str(tmp_path / "c.gpkg")}, *words)
    refused(run_alg, "idlelandscreening", {"INPUT": supply, "EVIDENCE_SURVEY": survey, "AS_OF_DATE": "2026-01-01",
                                           "OUTPUT": str(tmp_path / "i.gpkg")}, *words)
    assert not any(os.path.exists(tmp_path / n) for n in ("f.gpkg", "s.gpkg", "m.gpkg", "ms.gpkg", "c.gpkg", "i.gpkg"))
    out = run_alg("farmlandbalance", dict(balance, ALLOW_OVERLAPS=True), feedback=Recorder())
    county = [r for r in features(out["OUTPUT_SUMMARY"]) if r["level"] == "county"]
    assert county[0]["overlap"] == 10000.0


# -- silent wrong results: unsaved edits ---------------------------------------------------------------------------

def test_unsaved_edits_of_a_project_layer_are_what_is_analysed(run_alg, tmp_path):
    """In an edit session the user changed B1 from 0301 to 0101 and deleted B2 (0102). The task covers B1 and half
    of B2: read from the file (the fast GDAL path) it restores B2's half, 5 000 m²; what QGIS shows restores B1,
    10 000 m²."""
    gpkg = str(tmp_path / "edited.gpkg")
    survey_uri = survey_layer(gpkg, "dltb", [parcel("B1", "0301", 0, 0), parcel("B2", "0102", 100, 0)])
    tasks = task_layer(gpkg, "tasks", [(0, 0, 150, 100)])
    layer = QgsVectorLayer(survey_uri, "dltb edited", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.startEditing()
        b1, b2 = sorted(layer.getFeatures(), key=lambda f: f["BSM"])
        layer.changeAttributeValue(b1.id(), layer.fields().indexOf("DLBM"), "0101")
        layer.deleteFeature(b2.id())
        out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": layer.id(),
                                              "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=Recorder())
        (t1,) = features(out["OUTPUT"])
        assert t1["rest_gross"] == pytest.approx(10000.0) and t1["status"] == "部分恢复"
    finally:
        layer.rollBack()
        QgsProject.instance().removeMapLayer(layer.id())


# -- silent wrong results: coordinates that cannot be in the assumed CRS --------------------------------------------

def test_tasks_in_degrees_without_crs_are_refused(run_alg, tmp_path):
    """Tasks drawn in longitude/latitude with their .prj lost, the survey in EPSG:4526: every task would be
    未恢复 with area 0. Refused, naming the layer and the fix."""
    from osgeo import ogr as _ogr

    gpkg = str(tmp_path / "deg.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0101", 0, 0)])
    path = str(tmp_path / "tasks_deg.shp")
    ds = _ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    layer = ds.CreateLayer("tasks_deg", None, _ogr.wkbPolygon)  # no spatial reference: no .prj
    layer.CreateField(_ogr.FieldDefn("RWBH", _ogr.OFTString))
    feature = _ogr.Feature(layer.GetLayerDefn())
    feature.SetField("RWBH", "T1")
    feature.SetGeometry(_ogr.CreateGeometryFromWkt(
        "POLYGON((114.0 30.7,114.001 30.7,114.001 30.701,114.0 30.701,114.0 30.7))"))
    layer.CreateFeature(feature)
    ds = None
    refused(run_alg, "farmlandrestoration", {"INPUT": path, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
            "Tasks has no CRS and its coordinates are degrees", "EPSG:4490")


# -- silent wrong results: encodings -------------------------------------------------------------------------------

def survey_shapefile(path, encoding, cpg=None, ldid=0, names=("水田", "旱地")):
    """A DLTB shapefile with DLMC only (classes come from the names), text in ``encoding``, the declaration
    as given: ``cpg`` text (None: no .cpg) and the DBF language-driver byte."""
    from osgeo import gdal, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4526)
    previous = gdal.GetConfigOption("SHAPE_ENCODING")  # QGIS sets it, and it overrides the creation option
    gdal.SetConfigOption("SHAPE_ENCODING", encoding)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    layer = ds.CreateLayer("dltb", srs, ogr.wkbPolygon, options=["ENCODING=" + encoding])
    for name, kind in (("BSM", ogr.OFTString), ("DLMC", ogr.OFTString), ("TBMJ", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for k, name in enumerate(names):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("BSM", "B%d" % (k + 1))
        feature.SetField("DLMC", name)
        feature.SetField("TBMJ", 10000.0)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(box(100 * k, 0, 100 * k + 100, 100)))
        layer.CreateFeature(feature)
    layer = ds = None
    gdal.SetConfigOption("SHAPE_ENCODING", previous)
    base = path[:-4]
    if os.path.exists(base + ".cpg"):
        os.remove(base + ".cpg")
    if cpg is not None:
        with open(base + ".cpg", "w") as handle:
            handle.write(cpg)
    with open(base + ".dbf", "r+b") as handle:
        handle.seek(29)
        handle.write(bytes([ldid]))
    return path


@pytest.mark.parametrize("case,encoding,cpg,ldid", [
    ("GBK, no .cpg, LDID 0", "CP936", None, 0),
    ("GBK, .cpg says UTF-8", "CP936", "UTF-8", 0),
    ("UTF-8, .cpg says 936", "UTF-8", "936", 0),
])
def test_shapefile_text_in_another_encoding_than_declared(run_alg, tmp_path, case, encoding, cpg, ldid):
    """Read as declared, 水田/旱地 come out garbled and the task over them finds no cultivated land (未恢复).
    The text's own bytes say what it is: read so, with a warning naming the file and the fix."""
    survey = survey_shapefile(str(tmp_path / "dltb.shp"), encoding, cpg, ldid)
    tasks = task_layer(str(tmp_path / "t.gpkg"), "tasks", [(0, 0, 200, 100)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert t1["rest_gross"] == pytest.approx(20000.0) and t1["status"] == "已恢复", case
    assert "dltb.shp, whose text reads as" in feedback.text() and ".cpg" in feedback.text(), feedback.text()


def test_shapefile_encoding_parameter_overrides_the_declaration(run_alg, tmp_path):
    """A .cpg claiming a Western code page over GBK text is trusted by detection (a Danish LDID is as plausible):
    the user says GBK through the ENCODING parameter."""
    survey = survey_shapefile(str(tmp_path / "dltb.shp"), "CP936", "1252")
    tasks = task_layer(str(tmp_path / "t.gpkg"), "tasks", [(0, 0, 200, 100)])
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "ENCODING": 1,
                                          "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=Recorder())
    (t1,) = features(out["OUTPUT"])
    assert t1["rest_gross"] == pytest.approx(20000.0)


@needs_realdata
def test_real_shapefile_with_only_a_dbf_code_page_keeps_its_text(run_alg, tmp_path):
    """dk_marker_2026 has no .cpg; its DBF code-page byte (ISO-8859-1) is right: æøå read as such, no warning."""
    feedback = Recorder()
    out = run_alg("exportledger", {"INPUT": os.path.join(REALDATA, "dk_marker_2026", "Marker_2026.shp"),
                                   "TEMPLATE": "generic", "OUTPUT": str(tmp_path / "dk.xlsx")}, feedback=feedback)
    ws = openpyxl.load_workbook(out["OUTPUT"])["明细"]
    values = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert "Vårbyg" in values and "Permanent græs, normalt udbytte" in values
    assert "reads as" not in feedback.text() and "cannot be read as" not in feedback.text()


# -- silent wrong results: numbers as dates, DBF-cut Chinese field names -------------------------------------------

def test_a_year_in_a_date_field_is_not_an_excel_serial_in_the_ledger(run_alg, tmp_path):
    """完成期限 stored as the whole number 2025: as an Excel serial it would print 1905-07-17 and count as overdue.
    It stays the text 2025, reported as unreadable."""
    fields = [("RWBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("ZRDW", ogr.OFTString), ("task_area", ogr.OFTReal),
              ("rest_gross", ogr.OFTReal), ("rest_net", ogr.OFTReal), ("rest_ratio", ogr.OFTReal),
              ("status", ogr.OFTString), ("WCQX", ogr.OFTInteger)]
    source = write_gpkg(str(tmp_path / "y.gpkg"), "tasks", fields,
                        [["T1", "420102001001", "甲村", 100.0, 0.0, 0.0, 0.0, "未恢复", 2025]], [box(0, 0, 10, 10)])
    feedback = Recorder()
    out = run_alg("exportledger", {"INPUT": source, "TEMPLATE": "restoration", "AS_OF_DATE": "2024-06-01",
                                   "OUTPUT": str(tmp_path / "l.xlsx")}, feedback=feedback)
    ws = openpyxl.load_workbook(out["OUTPUT"])["明细"]
    head = [c.value for c in ws[3]]
    row = dict(zip(head, [c.value for c in ws[4]]))
    assert row["完成期限"] == "2025" and row["期限状态"] != "逾期"
    assert "values could not be read as date" in feedback.text()


def test_a_year_in_a_date_field_is_flagged_in_idle_screening(run_alg, tmp_path):
    source = write_gpkg(str(tmp_path / "y.gpkg"), "supply", [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTInteger)],
                        [["0001", 2024]], [box(0, 0, 100, 100)])
    out = run_alg("idlelandscreening", {"INPUT": source, "AS_OF_DATE": "2026-01-01",
                                        "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=Recorder())
    (row,) = features(out["OUTPUT"])
    assert row["idle_start"] is None and "年份" in row["flags"]


def test_chinese_field_names_cut_by_the_dbf_limit_are_matched_by_prefix(run_alg, tmp_path):
    """约定动工日期 is 12 bytes in GBK: a shapefile keeps 约定动工日 (10 bytes). Matched, with a warning."""
    from osgeo import gdal, osr

    path = str(tmp_path / "supply.shp")
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4526)
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", "CP936")
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    layer = ds.CreateLayer("supply", srs, ogr.wkbPolygon, options=["ENCODING=CP936"])
    for name in ("电子监管号", "约定动工日期"):
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField(0, "0001")
    feature.SetField(1, "2024-01-01")
    feature.SetGeometry(ogr.CreateGeometryFromWkt(box(0, 0, 100, 100)))
    layer.CreateFeature(feature)
    layer = ds = None
    gdal.SetConfigOption("SHAPE_ENCODING", previous)
    with open(path[:-4] + ".cpg", "w") as handle:
        handle.write("936")
    assert "约定动工日" in QgsVectorLayer(path, "s", "ogr").fields().names()
    feedback = Recorder()
    out = run_alg("idlelandscreening", {"INPUT": path, "AS_OF_DATE": "2026-01-01", "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    (row,) = features(out["OUTPUT"])
    # agreed start 2024-01-01, not started, as of 2026-01-01: 2 whole years idle
    assert row["idle_type"] == "未动工" and row["idle_years"] == 2
    assert "Field '约定动工日' in Supply records taken as '约定动工日期'" in feedback.text()


# -- duplicates ----------------------------------------------------------------------------------------------------

def test_duplicate_task_ids_are_flagged(run_alg, tmp_path):
    gpkg = str(tmp_path / "dup.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0101", 0, 0, size=300)])
    tasks = write_gpkg(gpkg, "tasks", TASK_FIELDS, [["T1", V1[:12], 0.0], ["T1", V1[:12], 0.0], ["T2", V1[:12], 0.0]],
                       [box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    rows = features(out["OUTPUT"])
    assert ["任务编号重复(2条)" in r["flags"] for r in rows] == [True, True, False]
    assert "1 task ids are used by more than one task (T1)" in feedback.text()


def test_duplicate_villages_in_the_responsibility_table_are_reported(run_alg, tmp_path):
    gpkg = str(tmp_path / "resp.gpkg")
    source = ledger_source(tmp_path, ["a"])
    chiefs = write_gpkg(gpkg, "chiefs", [("CJDM", ogr.OFTString), ("CJTZ", ogr.OFTString)],
                        [["420102001001", "张三"], ["420102001001", "李四"]], None)
    feedback = Recorder()
    run_alg("exportledger", {"INPUT": source, "TEMPLATE": "generic", "RESPONSIBILITY": chiefs,
                             "OUTPUT": str(tmp_path / "l.xlsx")}, feedback=feedback)
    assert "1 village codes appear more than once in the responsibility table (420102001001)" in feedback.text()


def test_a_responsibility_table_in_the_settings_that_is_gone_is_reported(run_alg, tmp_path, user_dir):
    gone = str(tmp_path / "moved_away.gpkg")
    (user_dir / "ledger.json").write_text(json.dumps({"responsibility_table": gone + "|layername=chiefs"}),
                                          encoding="utf-8")
    feedback = Recorder()
    out = run_alg("exportledger", {"INPUT": ledger_source(tmp_path, ["a"]), "TEMPLATE": "generic",
                                   "OUTPUT": str(tmp_path / "l.xlsx")}, feedback=feedback)
    assert out["ROWS"] == 1
    assert f"The responsibility table in the settings ({gone}) no longer exists" in feedback.text()


# -- half-written files --------------------------------------------------------------------------------------------

def test_a_second_output_that_cannot_be_created_leaves_no_first_output(run_alg, tmp_path):
    """OUTPUT_PIECES into a folder that does not exist: refused before anything is written (the main output
    used to stay behind as a broken .gpkg with its -journal)."""
    layers = empty_inputs(tmp_path)
    out = tmp_path / "o.gpkg"
    refused(run_alg, "farmlandrestoration", {"INPUT": layers["tasks"], "SURVEY": layers["survey"], "OUTPUT": str(out),
                                             "OUTPUT_PIECES": str(tmp_path / "missing" / "p.gpkg")},
            "Pieces", "does not exist")
    assert sorted(os.listdir(tmp_path)) == ["empty.gpkg"]


class CancelWhileWriting(Recorder):
    """Cancels when the ``nth`` output starts to be written (writing restarts the progress at 0)."""

    def __init__(self, nth):
        super().__init__()
        self.nth, self.starts, self.computed = nth, 0, False

    def setProgress(self, value):  # noqa: N802
        if value == 0 and self.computed:
            self.starts += 1
            if self.starts == self.nth:
                self.cancel()
        self.computed = self.computed or value >= 20  # past reading, into the analysis
        super().setProgress(value)


@pytest.mark.parametrize("nth", [1, 2])
def test_cancel_while_writing_removes_every_output(run_alg, tmp_path, nth):
    layers = empty_inputs(tmp_path)
    feedback = CancelWhileWriting(nth)
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("farmlandrestoration", {"INPUT": layers["tasks"], "SURVEY": layers["survey"],
                                        "OUTPUT": str(tmp_path / "o.gpkg"), "OUTPUT_PIECES": str(tmp_path / "p.gpkg")},
                feedback=feedback)
    assert feedback.starts == nth
    assert sorted(os.listdir(tmp_path)) == ["empty.gpkg"]


# -- environments --------------------------------------------------------------------------------------------------

def test_without_gdals_numpy_bridge_layers_are_read_through_qgis(run_alg, tmp_path, monkeypatch):
    """numpy 2 over a GDAL built for numpy 1: osgeo.gdal_array does not import. Same result, one warning."""
    import sys

    from land_supervision.processing import layers

    monkeypatch.setitem(sys.modules, "osgeo.gdal_array", None)  # import fails as with the numpy mismatch
    monkeypatch.setattr(layers, "_BRIDGE", {})
    gpkg = str(tmp_path / "b.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0101", 0, 0), parcel("B2", "0301", 100, 0)])
    tasks = task_layer(gpkg, "tasks", [(50, 0, 150, 100)])
    feedback = Recorder()
    out = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "o.gpkg")},
                  feedback=feedback)
    (t1,) = features(out["OUTPUT"])
    assert t1["rest_gross"] == pytest.approx(5000.0)  # half of B1
    assert feedback.text().count("NumPy bridge cannot be imported") == 1


def test_ledger_text_with_a_lone_surrogate_is_written(tmp_path):
    """A lone surrogate (from a broken decoder or a CSV read with surrogateescape) cannot be saved as XML either;
    the ledger path (core writer used by the algorithm and the dialog) strips it and says so."""
    from land_supervision.core.ledger.model import build_ledger
    from land_supervision.core.ledger.template import load_template
    from land_supervision.core.ledger.writer import write_ledger

    template = load_template("generic")
    ledger = build_ledger(template, ["XZQDM", "BZ"], [{"XZQDM": "420102", "BZ": "坏\udcff字"}])
    result = write_ledger(ledger, str(tmp_path / "s.xlsx"))
    ws = openpyxl.load_workbook(result.path)["明细"]
    assert "坏字" in {c.value for row in ws.iter_rows() for c in row}
    assert any("1 cells held characters" in str(w) for w in result.warnings)


def test_the_settings_dialog_refuses_a_rule_name_the_analyses_do_not_know(qgis_app, user_dir):
    """Saving an unknown start rule from the dialog would have aborted QGIS at the next start."""
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    page = dialog.page("idle")
    # The rule is a drop-down of the known rules; an unknown name can only come from a hand-edited file,
    # which the drop-down keeps as an extra entry.
    combo = page.tree.itemWidget(page.item_for("start_rule"), 1)
    combo.addItem("national_2021", "national_2021")
    combo.setCurrentIndex(combo.count() - 1)
    failed = dialog.save()
    assert [entry for _page, entry, _text in failed] == ["start_rule"]
    assert not (user_dir / "idle.json").exists()
    assert "national_2012, pm000_local" in dialog.page("idle").problem_label.text()


def test_zero_features_in_classification(run_alg, tmp_path):
    source = write_gpkg(str(tmp_path / "c.gpkg"), "classified", [("FLDM", ogr.OFTString), ("MJ", ogr.OFTReal)], [],
                        [])
    feedback = Recorder()
    out = run_alg("farmlandclassification", {"INPUT": source, "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=feedback)
    rows = features(out["OUTPUT"])
    assert all((r["count"] or 0) == 0 for r in rows), rows


def test_curved_supply_parcels_in_idle_screening(run_alg, tmp_path):
    """A curved supply parcel over a 0101 survey parcel: evidence share 1.0 (all non-built)."""
    gpkg = str(tmp_path / "curved.gpkg")
    survey = survey_layer(gpkg, "dltb", [parcel("B1", "0101", -100, -100, size=300)])
    supply = write_gpkg(gpkg, "supply", [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTString)],
                        [["0001", "2024-01-01"]], [CURVED], geom_type=ogr.wkbCurvePolygon)
    out = run_alg("idlelandscreening", {"INPUT": supply, "EVIDENCE_SURVEY": survey, "AS_OF_DATE": "2026-01-01",
                                        "OUTPUT": str(tmp_path / "o.gpkg")}, feedback=Recorder())
    (row,) = features(out["OUTPUT"])
    assert row["ev_nonbuilt"] == pytest.approx(1.0) and row["idle_type"] == "未动工"
