"""farmlandrestoration / farmlandbalance / farmlandclassification through processing.run on hand-built layers.

All layers are 100 m squares in EPSG:4526 near the zone's central meridian (38 500 000 E), drawn so that every
expected number can be worked out by hand; offsets below are metres from (X0, Y0).
"""
from __future__ import annotations

import datetime
import json
import os

import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback, QgsVectorLayer
from gpkg_util import write_dict_rows

from conftest import SAMPLE_GPKG

X0, Y0 = 38_500_000.0, 3_400_000.0
V1 = "4201020010010000000"


def box(x1, y1, x2, y2):
    return "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=X0 + x1, b=Y0 + y1, c=X0 + x2, d=Y0 + y2)


def to_gbk_shapefile(uri, path):
    """Copy a layer to a GBK shapefile with a .cpg, as Chinese users deliver them."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "ESRI Shapefile"
    options.fileEncoding = "GBK"
    error = QgsVectorFileWriter.writeAsVectorFormatV2(
        QgsVectorLayer(uri, "src", "ogr"), path, QgsCoordinateTransformContext(), options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return path


def dltb(dlbm, tbmj, kcxs, wkt, zzsxdm="", dlmc=None):
    kcmj = round(tbmj * kcxs, 2)
    return {"_wkt": wkt, "BSM": "B" + str(abs(hash(wkt)) % 10**8), "DLBM": dlbm, "DLMC": dlmc or "",
            "ZLDWDM": V1, "ZLDWMC": "东村", "TBMJ": float(tbmj), "KCXS": float(kcxs), "KCMJ": kcmj,
            "TBDLMJ": round(tbmj - kcmj, 2), "ZZSXDM": zzsxdm}


# Latest survey: P1 0101 (TBMJ 10002, KCXS 0.1), P2 0201K, P3 1104 pond, P4 0103 WG.
SURVEY = [
    dltb("0101", 10002, 0.1, box(0, 0, 100, 100), "LS", "水田"),
    dltb("0201K", 10000, 0.0, box(100, 0, 200, 100), "", "可调整果园"),
    dltb("1104", 10000, 0.0, box(0, 100, 100, 200), "GCHF", "坑塘水面"),
    dltb("0103", 10000, 0.0, box(100, 100, 200, 200), "WG", "旱地"),
]


def task(rwbh, wkt, rwmj):
    return {"_wkt": wkt, "RWBH": rwbh, "XZQDM": V1[:12], "RWMJ": float(rwmj), "YDLBM": "0201", "HFSX": "JKHF",
            "WCQX": datetime.date(2025, 12, 31), "ZRDW": "东村村委会"}


TASKS = [
    task("T1", box(50, 0, 150, 100), 10000),                 # half over P1, half over 0201K
    task("T2", box(10, 110, 100.2, 190), 7216),              # pond plus a 16 m² (0.22 %) sliver of P4
    task("T3", box(20, 120, 80, 180), 3600),                 # entirely over the 1104 pond
    task("T4", box(300, 0, 400, 100), 10000),                # no survey parcel at all
    task("T5", box(120, 120, 180, 180), 3600),               # 0103 marked WG, inside basic farmland
    task("T6", "POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))".format(
        a=X0 + 10, b=Y0 + 10, c=X0 + 40, d=Y0 + 40), 450),  # bow-tie over P1: repaired to 2 × 225 m²
]
BASIC_FARMLAND = [{"_wkt": box(110, 110, 190, 190), "BH": "JBNT1"}]


class Recorder(QgsProcessingFeedback):
    """Keeps every message; cancels itself once progress passes ``cancel_at``."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.messages, self.cancel_at = [], cancel_at

    def pushInfo(self, text):  # noqa: N802
        self.messages.append(text)
        super().pushInfo(text)

    def pushWarning(self, text):  # noqa: N802
        self.messages.append(text)
        super().pushWarning(text)

    def setProgress(self, value):  # noqa: N802
        super().setProgress(value)
        if self.cancel_at is not None and value >= self.cancel_at:
            self.cancel()

    def text(self):
        return "\n".join(self.messages)


def features(uri):
    layer = QgsVectorLayer(uri, "out", "ogr")
    assert layer.isValid(), uri
    return [dict(zip(layer.fields().names(), f.attributes())) for f in layer.getFeatures()]


def by(rows, key):
    return {r[key]: r for r in rows}


@pytest.fixture()
def restoration_inputs(tmp_path):
    gpkg = str(tmp_path / "in.gpkg")
    return {
        "tasks": write_dict_rows(gpkg, "tasks", TASKS),
        "survey": write_dict_rows(gpkg, "dltb", SURVEY),
        "bf": write_dict_rows(gpkg, "jbnt", BASIC_FARMLAND),
    }


def run_restoration(run_alg, tmp_path, tasks, survey, bf=None, feedback=None, **extra):
    out = str(tmp_path / "restoration_out.gpkg")
    params = {"INPUT": tasks, "SURVEY": survey, "OUTPUT": out}
    if bf:
        params["BASIC_FARMLAND"] = bf
    params.update(extra)
    result = run_alg("farmlandrestoration", params, feedback=feedback or Recorder())
    return by(features(result["OUTPUT"]), "RWBH"), result


def check_restoration(rows, flags, tol=0.0):
    sep = flags["separator"]
    t1 = rows["T1"]
    # P1 piece: 5000 of 10000 planar m² -> TBMJ share 5001, net 5001 × 9001.8 / 10002 = 4500.9
    assert t1["rest_gross"] == pytest.approx(5001.0, abs=tol) and t1["rest_net"] == pytest.approx(4500.9, abs=tol)
    assert t1["task_area"] == pytest.approx(10000.0, rel=1e-4)
    # like with like: net 4500.9 against the net-able task area 10000 − (5001 − 4500.9) = 9499.9 -> 0.4738
    assert t1["ratio_base"] == pytest.approx(t1["task_area"] - 500.1, abs=0.01)
    assert t1["rest_ratio"] == pytest.approx(4500.9 / 9499.9, abs=1e-4)
    assert (t1["status"], t1["flags"]) == ("部分恢复", flags["adjustable"])
    assert (rows["T2"]["status"], rows["T2"]["flags"], rows["T2"]["rest_gross"]) == ("未恢复", "", 0.0)
    assert (rows["T3"]["status"], rows["T3"]["flags"]) == ("未恢复", "")
    assert (rows["T4"]["status"], rows["T4"]["flags"]) == ("未恢复", flags["no_survey"])
    t5 = rows["T5"]
    assert t5["rest_gross"] == pytest.approx(3600.0, abs=tol) and t5["status"] == "已恢复"
    assert t5["flags"] == flags["uncultivated"] + sep + flags["basic_farmland"]
    t6 = rows["T6"]
    # repaired bow-tie: 450 planar m² of P1 -> 450 × 1.0002 = 450.09 gross, × 0.9 = 405.08 net; wholly on P1, so
    # net 405.08 against the net-able 450 − 45.01 = 404.99: 已恢复 (net against the gross 450 would read 90 %)
    assert t6["rest_gross"] == pytest.approx(450.09, abs=tol) and t6["rest_net"] == pytest.approx(405.08, abs=tol)
    assert t6["status"] == "已恢复" and t6["flags"] == flags["repaired"]
    # input attributes are kept
    assert t1["ZRDW"] == "东村村委会" and t1["HFSX"] == "JKHF"


@pytest.fixture(scope="module")
def flags():
    with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "config", "restoration.json"),
              encoding="utf-8") as handle:
        return json.load(handle)["flags"]


def test_restoration_on_geopackage(run_alg, tmp_path, restoration_inputs, flags):
    feedback = Recorder()
    pieces_out = str(tmp_path / "pieces.gpkg")
    rows, result = run_restoration(run_alg, tmp_path, restoration_inputs["tasks"], restoration_inputs["survey"],
                                   restoration_inputs["bf"], feedback, OUTPUT_PIECES=pieces_out)
    assert len(rows) == len(TASKS)
    check_restoration(rows, flags)
    assert "1 invalid geometries repaired" in feedback.text()
    pieces = features(result["OUTPUT_PIECES"])
    t1 = sorted((p for p in pieces if p["task_id"] == "T1"), key=lambda p: p["dlbm"])
    assert [(p["dlbm"], p["gross"], p["net"], p["counted"]) for p in t1] == [
        ("0101", 5001.0, 4500.9, 1), ("0201K", 5000.0, 0.0, 0)]
    sliver = [p for p in pieces if p["task_id"] == "T2" and p["dlbm"] == "0103"]
    assert len(sliver) == 1 and sliver[0]["sliver"] == 1 and sliver[0]["gross"] == pytest.approx(16.0)


@pytest.mark.parametrize("tbmj", [5000.0, None])
def test_invalid_survey_parcels_are_repaired_where_a_task_meets_them(run_alg, tmp_path, tbmj):
    """A bow-tie 0101 parcel under a task is repaired and counted; a bow-tie no task meets is left alone.
    Without TBMJ the repaired parcel's planar area (5,000 m²; the raw bow-tie's is 0) stands in."""
    bow_tie = "POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))"
    under = bow_tie.format(a=X0, b=Y0, c=X0 + 100, d=Y0 + 100)  # two 2,500 m² triangles once repaired
    far = bow_tie.format(a=X0 + 5000, b=Y0, c=X0 + 5100, d=Y0 + 100)
    gpkg = str(tmp_path / "bowtie.gpkg")
    parcels = [dltb("0101", 5000, 0.0, far), dltb("0101", 5000, 0.0, under)]  # field types from the first row
    if tbmj is None:
        parcels[1].update(TBMJ=None, KCMJ=None, TBDLMJ=None)
    survey = write_dict_rows(gpkg, "dltb", parcels)
    tasks = write_dict_rows(gpkg, "tasks", [task("T1", box(0, 0, 100, 50), 5000)])
    feedback = Recorder()
    rows, _ = run_restoration(run_alg, tmp_path, tasks, survey, feedback=feedback)
    # The task covers the lower triangle (2,500 of the parcel's 5,000 planar m²): 2,500 m² of TBMJ 5,000.
    assert rows["T1"]["rest_gross"] == pytest.approx(2500.0)
    assert "1 invalid geometries repaired (make_valid) among the features used" in feedback.text()


def test_restoration_gross_counting_and_threshold(run_alg, tmp_path, restoration_inputs):
    rows, _ = run_restoration(run_alg, tmp_path, restoration_inputs["tasks"], restoration_inputs["survey"],
                              COUNT_NET=False, THRESHOLD=0.45, MIN_PIECE_SHARE=0.0)
    assert rows["T1"]["rest_ratio"] == pytest.approx(0.5001, abs=1e-4) and rows["T1"]["status"] == "已恢复"
    assert rows["T2"]["rest_gross"] == pytest.approx(16.0) and rows["T2"]["status"] == "部分恢复"


def test_restoration_on_gbk_shapefile_with_dlmc_only(run_alg, tmp_path, restoration_inputs, flags):
    # DLTB copy as a GBK shapefile (.cpg) without DLBM: classes come from DLMC through the code table.
    rows = [{k: v for k, v in r.items() if k != "DLBM"} for r in SURVEY]
    shp = to_gbk_shapefile(write_dict_rows(str(tmp_path / "dlmc.gpkg"), "dltb", rows), str(tmp_path / "dltb_gbk.shp"))
    with open(shp[:-4] + ".dbf", "rb") as handle:
        assert "水田".encode("gbk") in handle.read()
    feedback = Recorder()
    out, _ = run_restoration(run_alg, tmp_path, restoration_inputs["tasks"], shp, restoration_inputs["bf"], feedback)
    check_restoration(out, flags)
    assert "derived from 'DLMC'" in feedback.text()


def reprojected(rows, epsg):
    """Rows with their ``_wkt`` drawn in EPSG:4526 carried into ``epsg``."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject

    transform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4526"),
                                       QgsCoordinateReferenceSystem(f"EPSG:{epsg}"), QgsProject.instance())
    out = []
    for row in rows:
        geom = QgsGeometry.fromWkt(row["_wkt"])
        geom.transform(transform)
        out.append(dict(row, _wkt=geom.asWkt(12)))
    return out


def test_restoration_mixed_crs(run_alg, tmp_path, restoration_inputs, flags):
    # Tasks in EPSG:4490 (geographic), survey in EPSG:4526: tasks are reprojected, with a log line.
    tasks = write_dict_rows(str(tmp_path / "geo.gpkg"), "tasks", reprojected(TASKS, 4490), epsg=4490)
    feedback = Recorder()
    out, _ = run_restoration(run_alg, tmp_path, tasks, restoration_inputs["survey"], restoration_inputs["bf"],
                             feedback)
    check_restoration(out, flags, tol=0.05)
    assert "reprojected from EPSG:4490 to EPSG:4526" in feedback.text()


@pytest.mark.parametrize("survey_epsg", [4526, 4490])
def test_only_survey_parcels_near_the_tasks_are_read(run_alg, tmp_path, restoration_inputs, flags, survey_epsg):
    """A parcel 50 km away is never read; results are unchanged. EPSG:4490 survey: read through QGIS, reprojected
    to the work zone, with the tasks' extent given in that zone; EPSG:4526: GDAL's Arrow stream."""
    far = dltb("0101", 10000, 0.0, box(50_000, 0, 50_100, 100))
    parcels = SURVEY + [far] if survey_epsg == 4526 else reprojected(SURVEY + [far], survey_epsg)
    survey = write_dict_rows(str(tmp_path / "far.gpkg"), "dltb", parcels, epsg=survey_epsg)
    feedback = Recorder()
    out, _ = run_restoration(run_alg, tmp_path, restoration_inputs["tasks"], survey, restoration_inputs["bf"],
                             feedback)
    check_restoration(out, flags, tol=0.0 if survey_epsg == 4526 else 0.05)
    assert "Survey: 4 features read." in feedback.text()


def test_restoration_honours_survey_selection(run_alg, tmp_path, restoration_inputs, flags):
    # Only P1 selected: the fast GDAL read must step aside and QGIS must hand over the selection only.
    from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject

    layer = QgsVectorLayer(restoration_inputs["survey"], "dltb", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("\"DLBM\" = '0101'")
        rows, _ = run_restoration(run_alg, tmp_path, restoration_inputs["tasks"],
                                  QgsProcessingFeatureSourceDefinition(layer.id(), True))
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert rows["T1"]["rest_gross"] == 5001.0 and rows["T1"]["flags"] == ""   # the 0201K half is not selected
    assert (rows["T5"]["rest_gross"], rows["T5"]["flags"]) == (0.0, flags["no_survey"])


def test_restoration_cancel_writes_nothing(run_alg, tmp_path, restoration_inputs):
    out = str(tmp_path / "cancelled.gpkg")
    with pytest.raises(QgsProcessingException):
        run_alg("farmlandrestoration", {"INPUT": restoration_inputs["tasks"], "SURVEY": restoration_inputs["survey"],
                                        "OUTPUT": out}, feedback=Recorder(cancel_at=20))
    assert not os.path.exists(out)


def test_restoration_missing_class_field_names_aliases(run_alg, tmp_path, restoration_inputs):
    bare = write_dict_rows(str(tmp_path / "bare.gpkg"), "bare", [{"_wkt": box(0, 0, 10, 10), "X": 1}])
    with pytest.raises(QgsProcessingException, match="DLBM"):
        run_alg("farmlandrestoration", {"INPUT": restoration_inputs["tasks"], "SURVEY": bare,
                                        "OUTPUT": str(tmp_path / "x.gpkg")}, feedback=Recorder())


# -- balance -------------------------------------------------------------------------------------------

BEFORE = [
    dltb("0101", 10000, 0.1, box(0, 0, 100, 100)),        # B0
    dltb("0103", 10000, 0.2, box(100, 0, 200, 100)),      # B1
    dltb("0201", 10000, 0.0, box(0, 100, 100, 200)),      # B2
    dltb("0101", 10000, 0.05, box(100, 100, 200, 200)),   # B3
]
AFTER = [
    dltb("0101", 6000, 0.1, box(0, 0, 60, 100)),          # stays cultivated
    dltb("0702", 2000, 0.0, box(60, 0, 80, 100)),         # B0 -> rural homestead
    dltb("1006", 2000, 0.0, box(80, 0, 100, 100)),        # B0 -> rural road
    dltb("1104", 5000, 0.0, box(100, 0, 150, 100)),       # B1 -> pond
    dltb("1202", 5000, 0.0, box(150, 0, 200, 100)),       # B1 -> facility farmland
    dltb("0102", 10000, 0.1, box(0, 100, 100, 200)),      # B2 orchard ploughed: inflow
    dltb("0101", 10000, 0.1, box(100, 100, 200, 200)),    # B3 coefficient 0.05 -> 0.1
]


def test_balance_two_years_one_village(run_alg, tmp_path):
    gpkg = str(tmp_path / "years.gpkg")
    before = write_dict_rows(gpkg, "dltb_2023", BEFORE)
    after = write_dict_rows(gpkg, "dltb_2024", AFTER)
    targets = write_dict_rows(gpkg, "targets", [{"XZQDM": "420102", "MBMJ": 36.0}], geometry=False)
    out = str(tmp_path / "balance.gpkg")
    result = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": before, "SURVEY_AFTER": after, "TARGETS": targets, "TARGET_UNIT": 1,
        "OUTPUT_FLOWS": out, "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")},
        feedback=Recorder())
    flows = features(result["OUTPUT_FLOWS"])
    got = sorted((f["flow"], f["group"], f["dlbm_before"], f["dlbm_after"], f["net_area"]) for f in flows)
    assert got == [
        ("流入", "园地", "0201", "0102", 9000.0),       # after-side net 10000 × 0.9
        ("流出", "农村道路", "0101", "1006", 1800.0),   # before-side net 2000 × 0.9
        ("流出", "坑塘", "0103", "1104", 4000.0),       # 5000 × 0.8
        ("流出", "建设用地", "0101", "0702", 1800.0),
        ("流出", "设施农用地", "0103", "1202", 4000.0),
    ]
    summary = {(r["level"], r["region_code"]): r for r in features(result["OUTPUT_SUMMARY"])}
    assert set(summary) == {("county", "420102"), ("township", "420102001"), ("village", "420102001001")}
    v = summary[("village", "420102001001")]
    assert (v["cult_before"], v["cult_after"]) == (26500.0, 23400.0)
    assert (v["outflow"], v["inflow"], v["coef_change"], v["other_change"]) == (11600.0, 9000.0, -500.0, 0.0)
    assert v["net_change"] == -3100.0 and v["to_make_up"] == 3100.0 and v["baseline"] == "上年"
    assert (v["out_construction"], v["out_rural_road"], v["out_facility"], v["out_pond"], v["out_other"]) == (
        1800.0, 1800.0, 4000.0, 4000.0, 0.0)
    assert (v["outflow_mu"], v["inflow_mu"], v["net_change_mu"], v["to_make_up_mu"]) == (17.4, 13.5, -4.65, 4.65)
    # every amount also in 亩: −500 m² = −0.75 亩, 1800 m² = 2.70 亩, 4000 m² = 6.00 亩; in 亩 the identity closes
    # too: 13.50 − 17.40 − 0.75 = −4.65, so nothing is left for 覆盖差异
    assert (v["coef_change_mu"], v["other_change_mu"]) == (-0.75, 0.0)
    assert (v["out_construction_mu"], v["out_rural_road_mu"], v["out_facility_mu"], v["out_pond_mu"]) == (
        2.7, 2.7, 6.0, 6.0)
    assert v["region_name"] == "东村"
    county = summary[("county", "420102")]
    # target 36 亩 = 24000 m² against 23400 m² now: 600 m² (0.9 亩) to make up
    assert (county["baseline"], county["to_make_up"], county["to_make_up_mu"]) == ("目标", 600.0, 0.9)
    assert county["cult_before_mu"] == 39.75 and county["net_raw"] == pytest.approx(-3100.0)


def test_balance_cancel_writes_nothing(run_alg, tmp_path):
    gpkg = str(tmp_path / "years.gpkg")
    before = write_dict_rows(gpkg, "dltb_2023", BEFORE)
    after = write_dict_rows(gpkg, "dltb_2024", AFTER)
    out = str(tmp_path / "flows_cancelled.gpkg")
    with pytest.raises(QgsProcessingException):
        run_alg("farmlandbalance", {"SURVEY_BEFORE": before, "SURVEY_AFTER": after, "OUTPUT_FLOWS": out,
                                    "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder(cancel_at=16))
    assert not os.path.exists(out)


# -- classification ---------------------------------------------------------------------------------------

def test_classification_table(run_alg, tmp_path):
    m = 10000 / 15
    rows = [
        {"_wkt": box(0, 0, 10, 10), "TKJ_DLBM": "11", "TBMJ": 3 * m, "HSHKCXS": 0.1, "HSHPDJB": "2"},
        {"_wkt": box(10, 0, 20, 10), "TKJ_DLBM": "1311", "TBMJ": 2 * m, "HSHKCXS": 0.0, "HSHPDJB": "5"},
        {"_wkt": box(20, 0, 30, 10), "TKJ_DLBM": "1312", "TBMJ": m, "HSHKCXS": 0.0, "HSHPDJB": "1"},
    ]
    layer = write_dict_rows(str(tmp_path / "fl.gpkg"), "flows", rows)
    result = run_alg("farmlandclassification", {"INPUT": layer, "OUTPUT": str(tmp_path / "cls.gpkg")},
                     feedback=Recorder())
    out = features(result["OUTPUT"])
    got = [(r["category"], r["code"], r["area_mu"], r["net_mu"]) for r in out]
    assert got == [("耕地保留一批", "11", 3.0, 2.7), ("耕地保留一批", "小计", 3.0, 2.7),
                   ("耕地恢复一批", "1311", 2.0, 2.0), ("耕地恢复一批", "1312", 1.0, 1.0),
                   ("耕地恢复一批", "小计", 3.0, 3.0), ("合计", "", 6.0, 5.7)]
    assert out[0]["pd2_mu"] == 3.0 and out[0]["pd2_net_mu"] == 2.7 and out[-1]["pd5_mu"] == 2.0


# -- sample county -----------------------------------------------------------------------------------------

def sample(layer):
    return SAMPLE_GPKG + "|layername=" + layer


def test_sample_county_planted_cases(run_alg, tmp_path, flags):
    with open(os.path.join(os.path.dirname(SAMPLE_GPKG), "expected.json"), encoding="utf-8") as handle:
        expected = json.load(handle)["restoration_tasks"]
    runs = {}
    for count_net in (True, False):
        result = run_alg("farmlandrestoration", {
            "INPUT": sample("restoration_tasks"), "SURVEY": sample("dltb_2024"),
            "BASIC_FARMLAND": sample("basic_farmland"), "COUNT_NET": count_net,
            "OUTPUT": str(tmp_path / "r{0}.gpkg".format(int(count_net)))}, feedback=Recorder())
        runs[count_net] = by(features(result["OUTPUT"]), "RWBH")
    assert len(runs[True]) == QgsVectorLayer(sample("restoration_tasks"), "t", "ogr").featureCount()
    for rwbh, case in expected.items():
        got = runs[True][rwbh]
        assert got["status"] == case["status"], rwbh
        assert runs[False][rwbh]["status"] == case["status_gross"], rwbh
        assert got["rest_gross"] == pytest.approx(case["restored_gross_m2"], abs=0.02), rwbh
        assert got["rest_net"] == pytest.approx(case["restored_net_m2"], abs=0.02), rwbh
        assert got["task_area"] == pytest.approx(case["task_area_m2"], abs=0.05), rwbh
        assert got["rest_ratio"] == pytest.approx(case["ratio_net"], abs=1e-4), rwbh
        assert set(filter(None, got["flags"].split(flags["separator"]))) == set(case["flags"]), rwbh


def test_sample_county_balance_closes(run_alg, tmp_path):
    result = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": sample("dltb_2023"), "SURVEY_AFTER": sample("dltb_2024"), "REGIONS": sample("regions"),
        "OUTPUT_FLOWS": str(tmp_path / "f.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")}, feedback=Recorder())
    rows = features(result["OUTPUT_SUMMARY"])
    with open(os.path.join(os.path.dirname(SAMPLE_GPKG), "expected.json"), encoding="utf-8") as handle:
        expected = json.load(handle).get("farmland_balance", {})
    got = {r["region_code"]: r for r in rows}
    for code, case in expected.items():
        assert got[code]["cult_before"] == pytest.approx(case["cult_before_m2"], abs=0.01 * 50), code
        assert got[code]["cult_after"] == pytest.approx(case["cult_after_m2"], abs=0.01 * 50), code
        assert got[code]["net_change"] == pytest.approx(case["net_change_m2"], abs=0.01 * 50), code
    counties = [r for r in rows if r["level"] == "county"]
    assert counties and all(r["region_name"] for r in counties)
    for r in rows:
        closing = r["inflow"] - r["outflow"] + r["coef_change"] + r["other_change"]
        assert r["net_change"] == pytest.approx(closing, abs=1e-6), r["region_code"]
        assert r["to_make_up"] == max(-r["net_change"], 0.0)
        # what a reader checks in 亩: net change is this year's minus last year's displayed stock
        assert r["net_change_mu"] == pytest.approx(r["cult_after_mu"] - r["cult_before_mu"], abs=1e-6), r["region_code"]
    flows = features(result["OUTPUT_FLOWS"])
    for county in counties:
        out = sum(f["net_area"] for f in flows if f["flow"] == "流出" and f["zldwdm"].startswith(county["region_code"]))
        assert out == pytest.approx(county["outflow"], abs=0.01 * len(flows))
