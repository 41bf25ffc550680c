"""minerehabilitation and closedmines through processing.run on hand-built layers.

Squares of 100 × 100 m near the central meridian of EPSG:4526 (zone 38), where
ellipsoidal and planar areas agree to better than 1e-6, so restored shares are
known exactly. DLTB TBMJ values are chosen so that allocation by planar share
gives round numbers.
"""
from __future__ import annotations

import json
import os

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingFeedback, QgsVectorLayer
from gpkg_util import write_gpkg

from conftest import SAMPLE_GPKG
from land_supervision.processing.layers import py_value

X0, Y0 = 38500000.0, 3000000.0

DLTB_FIELDS = [("BSM", ogr.OFTString), ("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal), ("TBXHDM", ogr.OFTString)]
# (x0, y0, x1, y1) in metres from (X0, Y0), DLBM, TBMJ, TBXHDM
DLTB = [
    ((-100, 0, 50, 100), "0301", 15030.0, None),  # planar 15000: a 5000 m² piece gets 5010 m²
    ((50, 0, 100, 50), "0602", 2500.0, None),
    ((50, 50, 100, 100), "1206", 2500.0, None),
    ((200, 0, 300, 100), "0404", 10000.0, None),
    ((400, 0, 500, 100), "1001", 10000.0, "FQ"),
    ((800, 0, 900, 100), "0404", 10000.0, None),
]
PATCH_FIELDS = [(n, ogr.OFTString) for n in ("TBBH", "XZX", "XZQDM", "HFZLQK", "TBSX", "NXFFS", "NXFFX", "YSZT")]
PATCHES = [
    ((0, 0, 100, 100), ["P1", "甲县", "430101", "A", "1", "自然恢复", None, None]),
    ((200, 0, 300, 100), ["P2", "甲县", "430101", "已恢复治理", "2", "2", None, "已验收"]),
    ((400, 0, 500, 100), ["P3", "甲县", "430101", "未治理", "采场", "3", None, None]),
    ((600, 0, 700, 100), ["P4", "乙县", "430102001001", "XYZ", "塌陷坑", "1", None, None]),
    ((800, 0, 900, 100), ["P5", "乙县", "430102001001", "A", "3", "1", "林地", None]),
]
RED_LINE = [(250, 0, 400, 100)]  # overlaps P2, only touches P3
FARMLAND = [(850, 50, 950, 150)]  # overlaps P5


def box_wkt(x0, y0, x1, y1):
    a, b, c, d = X0 + x0, Y0 + y0, X0 + x1, Y0 + y1
    return f"POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))"


def write_layer(path, name, epsg, fields, features):
    """A polygon layer; boxes drawn in EPSG:4526, stored in ``epsg``."""
    return write_gpkg(path, name, fields, [values for _, values in features],
                      [box_wkt(*box) for box, _ in features], epsg)


def dltb_layer(path, epsg=4526):
    rows = [(box, [f"D{i}", dlbm, tbmj, fq]) for i, (box, dlbm, tbmj, fq) in enumerate(DLTB)]
    return write_layer(path, "dltb", epsg, DLTB_FIELDS, rows)


def features(uri):
    layer = QgsVectorLayer(uri, "out", "ogr")
    assert layer.isValid(), uri
    return [dict(zip(layer.fields().names(), [py_value(v) for v in f.attributes()])) for f in layer.getFeatures()]


class Recorder(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.lines = []

    def pushInfo(self, info):  # noqa: N802 (Qt API name)
        self.lines.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802 (Qt API name)
        self.lines.append(warning)
        super().pushWarning(warning)


@pytest.fixture()
def mine_inputs(tmp_path):
    gpkg = str(tmp_path / "mines.gpkg")
    return {
        "INPUT": write_layer(gpkg, "patches", 4526, PATCH_FIELDS, PATCHES),
        "SURVEY": dltb_layer(gpkg),
        "RED_LINE": write_layer(gpkg, "red_line", 4526, [], [(b, []) for b in RED_LINE]),
        "BASIC_FARMLAND": write_layer(gpkg, "farmland", 4526, [], [(b, []) for b in FARMLAND]),
    }


def run_mines(run_alg, tmp_path, params, feedback=None):
    params = dict(params, OUTPUT=str(tmp_path / "out.gpkg"), OUTPUT_SUMMARY=str(tmp_path / "summary.gpkg"))
    result = run_alg("minerehabilitation", params, feedback=feedback or QgsProcessingFeedback())
    rows = {r.get("TBBH"): r for r in features(result["OUTPUT"])}
    summary = {r["county"]: r for r in features(result["OUTPUT_SUMMARY"])}
    return result, rows, summary


def test_restored_share_residual_status_and_priority(run_alg, tmp_path, mine_inputs):
    result, rows, _ = run_mines(run_alg, tmp_path, mine_inputs)
    p1, p2, p3, p4, p5 = (rows[k] for k in ("P1", "P2", "P3", "P4", "P5"))
    # P1: half over 0301 (5010 m² allocated), a quarter 0602, a quarter 1206
    assert p1["rest_share"] == pytest.approx(0.501, abs=1e-5)
    assert p1["residual_area"] == pytest.approx(5000.0, abs=0.05)
    assert (p1["damage_type"], p1["status"], p1["priority"]) == ("挖损", "修复中", "")
    # P2: all grass, restored by the attributes and accepted; overlaps the red line
    assert p2["rest_share"] == pytest.approx(1.0, abs=1e-5) and p2["residual_area"] == pytest.approx(0.0)
    assert (p2["damage_type"], p2["status"], p2["priority"]) == ("压占", "已验收", "清零优先")
    assert "位于生态保护红线内" in p2["flags"]
    # P3: road with refinement code FQ is residual damage; the red line only touches it
    assert p3["rest_share"] == pytest.approx(0.0) and p3["residual_area"] == pytest.approx(10000.0, abs=0.05)
    assert (p3["damage_type"], p3["status"], p3["priority"]) == ("挖损", "未修复", "")
    # P4: no DLTB at all, unknown HFZLQK: kept and flagged
    assert p4["rest_share"] is None and p4["residual_area"] is None
    assert (p4["damage_type"], p4["status"]) == ("塌陷", "未修复")
    assert "无三调地类图斑覆盖" in p4["flags"] and "未识别的恢复治理情况: XYZ" in p4["flags"]
    # P5: grass is not the planned 林地, so nothing is restored; basic farmland gives priority
    assert p5["rest_share"] == pytest.approx(0.0) and p5["residual_area"] == pytest.approx(0.0)
    assert (p5["status"], p5["priority"]) == ("未修复", "清零优先")
    assert "位于永久基本农田内" in p5["flags"]
    assert result["UNKNOWN_VALUES"] == 1 and result["NO_SURVEY"] == 1


def test_per_county_summary(run_alg, tmp_path, mine_inputs):
    _, _, summary = run_mines(run_alg, tmp_path, mine_inputs)
    assert sorted(summary) == ["430101", "430102"]
    first, second = summary["430101"], summary["430102"]
    assert (first["county_name"], first["n_patches"], first["n_done"]) == ("甲县", 3, 1)
    assert (first["n_unrestored"], first["n_in_progress"], first["n_accepted"]) == (1, 1, 1)
    assert first["rate_count_pct"] == 33.33  # 1 of 3 patches, in percent with 2 decimals
    assert first["area"] == pytest.approx(30000.0, rel=1e-5)
    assert first["done_area"] == pytest.approx(10000.0, rel=1e-5)
    assert first["rate_area_pct"] == pytest.approx(33.33, abs=0.01)
    # three 100 m squares: 15.00 亩 each (10000 m² × 15 / 10000), in 亩 with 2 decimals as the ledger shows them
    assert (first["area_mu"], first["done_area_mu"]) == (45.0, 15.0)
    assert first["rest_area"] == pytest.approx(15010.0, rel=1e-5)
    assert (second["n_patches"], second["n_done"], second["rate_count_pct"]) == (2, 0, 0.0)


def test_rule_file_thresholds(run_alg, tmp_path, mine_inputs):
    rules = tmp_path / "rules.json"
    # the residual limit turned off (1.0): the restored share alone decides
    rules.write_text(json.dumps({"modes": {"1": {"min_restored_share": 0.5, "max_residual_share": 1.0}}}),
                     encoding="utf-8")
    _, rows, summary = run_mines(run_alg, tmp_path, dict(mine_inputs, RULES=str(rules)))
    assert rows["P1"]["status"] == "已修复(待验收)"  # 0.501 >= 0.5, survey evidence only
    assert "属性未治理但三调已有修复地类" in rows["P1"]["flags"]
    assert summary["430101"]["n_done"] == 2


def test_bad_rule_file_names_the_entry(run_alg, tmp_path, mine_inputs):
    from qgis.core import QgsProcessingException

    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"modes": {"3": {"min_restored_share": 80}}}), encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="min_restored_share"):
        run_mines(run_alg, tmp_path, dict(mine_inputs, RULES=str(rules)))


def test_mixed_crs_is_reprojected_with_a_log_line(run_alg, tmp_path, mine_inputs):
    geographic = dltb_layer(str(tmp_path / "dltb4490.gpkg"), epsg=4490)
    feedback = Recorder()
    _, rows, _ = run_mines(run_alg, tmp_path, dict(mine_inputs, SURVEY=geographic), feedback)
    assert any("reprojected from EPSG:4490 to EPSG:4526" in line for line in feedback.lines)
    assert rows["P1"]["rest_share"] == pytest.approx(0.501, abs=1e-4)
    assert rows["P3"]["residual_area"] == pytest.approx(10000.0, rel=1e-4)


def test_only_dltb_near_the_patches_is_read(run_alg, tmp_path, mine_inputs):
    """A parcel 50 km away is never read (spatial filter); every patch comes out as without it."""
    far = DLTB + [((50_000, 0, 50_100, 100), "0301", 10000.0, None)]
    rows = [(box, [f"D{i}", dlbm, tbmj, fq]) for i, (box, dlbm, tbmj, fq) in enumerate(far)]
    survey = write_layer(str(tmp_path / "far.gpkg"), "dltb", 4526, DLTB_FIELDS, rows)
    (tmp_path / "ref").mkdir()
    _, expected, _ = run_mines(run_alg, tmp_path / "ref", mine_inputs)
    feedback = Recorder()
    _, got, _ = run_mines(run_alg, tmp_path, dict(mine_inputs, SURVEY=survey), feedback)
    assert got == expected
    assert any(line == f"DLTB: {len(DLTB)} features read." for line in feedback.lines)


def test_geographic_patches_work_in_the_gk_zone(run_alg, tmp_path, mine_inputs):
    gpkg = str(tmp_path / "geo.gpkg")
    feedback = Recorder()
    geo = write_layer(gpkg, "patches", 4490, PATCH_FIELDS, PATCHES)
    result, rows, summary = run_mines(run_alg, tmp_path, dict(mine_inputs, INPUT=geo), feedback)
    assert any("working in CGCS2000 3-degree GK zone 38" in line for line in feedback.lines)
    assert QgsVectorLayer(result["OUTPUT"], "o", "ogr").crs().authid() == "EPSG:4526"
    assert rows["P1"]["rest_share"] == pytest.approx(0.501, abs=1e-4)
    assert summary["430101"]["area"] == pytest.approx(30000.0, rel=1e-4)


def test_missing_fields_are_named_and_rules_skipped(run_alg, tmp_path):
    gpkg = str(tmp_path / "bare.gpkg")
    bare = write_layer(gpkg, "bare", 4526, [("NAME", ogr.OFTString)], [((0, 0, 100, 100), ["x"])])
    feedback = Recorder()
    _, rows, summary = run_mines(run_alg, tmp_path, {"INPUT": bare, "SURVEY": dltb_layer(gpkg)}, feedback)
    assert any("HFZLQK" in line and "恢复治理情况" in line for line in feedback.lines)
    row = rows[None]
    assert row["status"] == "修复中" and row["rest_share"] == pytest.approx(0.501, abs=1e-5)
    assert list(summary) == [""]


def test_gbk_shapefile_with_text_values(run_alg, tmp_path, mine_inputs):
    """A shapefile in GBK (.cpg) carrying text values only: decoded and normalised like codes."""
    path = str(tmp_path / "patches.shp")
    # QGIS's OGR provider sets SHAPE_ENCODING="" (no recoding) process-wide; unset it so GDAL writes GBK bytes.
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    ds = ogr.GetDriverByName("ESRI Shapefile").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4526)
    layer = ds.CreateLayer("patches", srs, ogr.wkbPolygon, options=["ENCODING=CP936"])
    for name, _ in PATCH_FIELDS:
        layer.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    values = ["G1", "甲县", "430101", "完全修复", "井口", "辅助再生", "林地、草地", "验收通过"]
    for (name, _), value in zip(PATCH_FIELDS, values):
        feature.SetField(name, value)
    feature.SetGeometry(ogr.CreateGeometryFromWkt(box_wkt(200, 0, 300, 100)))
    layer.CreateFeature(feature)
    ds = None
    gdal.SetConfigOption("SHAPE_ENCODING", previous)
    with open(str(tmp_path / "patches.dbf"), "rb") as handle:
        assert "完全修复".encode("gbk") in handle.read()
    with open(str(tmp_path / "patches.cpg"), encoding="ascii") as handle:
        assert handle.read().strip().upper() in ("CP936", "936", "GBK")
    result, rows, _ = run_mines(run_alg, tmp_path, dict(mine_inputs, INPUT=path))
    row = rows["G1"]
    assert (row["damage_type"], row["status"], row["priority"]) == ("挖损", "已验收", "清零优先")
    assert row["rest_share"] == pytest.approx(1.0, abs=1e-5)  # 0404 is a 草地 target
    assert result["UNKNOWN_VALUES"] == 0 and row["flags"] == "位于生态保护红线内"


def test_cancel_writes_nothing(run_alg, tmp_path, mine_inputs):
    from qgis.core import QgsProcessingException

    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancel"):
        run_mines(run_alg, tmp_path, mine_inputs, feedback)
    assert not os.path.exists(tmp_path / "out.gpkg") and not os.path.exists(tmp_path / "summary.gpkg")


CLOSED_FIELDS = [(n, ogr.OFTString) for n in ("KSMC", "XZQDM", "ZXZT", "ZXWH", "SSCC", "DLQD", "CCWH")]
CLOSED = [
    ((0, 0, 50, 100), ["C1", "430101", "是", "注〔2020〕1号", "是", "是", "照片"]),  # all 0301
    ((50, 0, 100, 100), ["C2", "430101", "是", None, "是", "是", None]),  # 0602 + 1206 left
    ((200, 0, 300, 100), ["C3", "430101", "否", None, "是", "未知", None]),  # inside an active block
    ((600, 0, 700, 100), ["C4", "430102", None, None, None, None, None]),  # no DLTB
]
BLOCKS = [((150, -50, 350, 150), ["KQ001", "有效"]), ((-10, -10, 60, 110), ["KQ002", "已关闭"])]


def run_closed(run_alg, tmp_path, rules=None, block_fields=("KQBH", "ZT"), feedback=None):
    gpkg = str(tmp_path / "closed.gpkg")
    fields = [(name, ogr.OFTString) for name in block_fields]
    params = {
        "INPUT": write_layer(gpkg, "closed", 4526, CLOSED_FIELDS, CLOSED),
        "SURVEY": dltb_layer(gpkg),
        "PLAN_BLOCKS": write_layer(gpkg, "blocks", 4526, fields, BLOCKS),
        "OUTPUT": str(tmp_path / "closed_out.gpkg"),
    }
    if rules:
        params["RULES"] = rules
    result = run_alg("closedmines", params, feedback=feedback or QgsProcessingFeedback())
    return result, {r["KSMC"]: r for r in features(result["OUTPUT"])}


def test_closed_mines_three_checks(run_alg, tmp_path):
    result, rows = run_closed(run_alg, tmp_path)
    c1, c2, c3, c4 = (rows[k] for k in ("C1", "C2", "C3", "C4"))
    verdicts = lambda r: (r["chk_licence"], r["chk_facility"], r["chk_restore"], r["all_three"])  # noqa: E731
    # wholly restored, no residual damage: 是 with the shipped defaults (restored >= 0.8, residual <= 0.1)
    assert verdicts(c1) == ("是", "是", "是", "是")
    assert verdicts(c2) == ("是", "否", "否", "否")
    assert "三调仍有0601/0602/0508 2500.00 m²" in c2["flags"]
    assert verdicts(c3) == ("否", "待核实", "是", "否")  # grass, 100 %
    assert "未识别的DLQD: 未知" in c3["flags"]
    assert "位于有效开采规划区块内(KQ001)" in c3["flags"]
    assert "开采规划区块" not in c1["flags"]  # KQ002 is closed
    assert verdicts(c4) == ("待核实", "待核实", "待核实", "待核实")
    assert "无三调地类图斑覆盖" in c4["flags"]
    assert c1["flags"].startswith("证照注销到位: 是 (ZXZT=是, ZXWH=注〔2020〕1号)")
    assert result["ALL_THREE"] == 1


def test_blocks_without_status_all_count_as_active(run_alg, tmp_path):
    feedback = Recorder()
    _, rows = run_closed(run_alg, tmp_path, block_fields=("KQBH",), feedback=feedback)
    assert "位于有效开采规划区块内(KQ002)" in rows["C1"]["flags"]
    assert "位于有效开采规划区块内(KQ001)" in rows["C3"]["flags"]
    assert any("no status field" in line for line in feedback.lines)


def test_closed_mines_with_a_local_threshold(run_alg, tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"unknown_mode": {"min_restored_share": 0.9, "max_residual_share": 0.05}}),
                     encoding="utf-8")
    result, rows = run_closed(run_alg, tmp_path, str(rules))
    assert (rows["C1"]["chk_restore"], rows["C1"]["all_three"]) == ("是", "是")
    assert rows["C3"]["chk_restore"] == "是"  # grass, 100 %
    assert result["ALL_THREE"] == 1


def sample_expected():
    path = os.path.join(os.path.dirname(SAMPLE_GPKG), "expected.json")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def test_sample_county_mine_patches(run_alg, tmp_path):
    expected = sample_expected()["mine_patches"]
    layer = f"{SAMPLE_GPKG}|layername="
    result = run_alg("minerehabilitation", {
        "INPUT": layer + "mine_patches", "SURVEY": layer + "dltb_2024", "RED_LINE": layer + "red_line",
        "BASIC_FARMLAND": layer + "basic_farmland", "OUTPUT": str(tmp_path / "m.gpkg"),
        "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg"),
    })
    out = QgsVectorLayer(result["OUTPUT"], "m", "ogr")
    rows = {}
    for feature in out.getFeatures():
        rows[feature["TBBH"]] = dict(zip(out.fields().names(), [py_value(v) for v in feature.attributes()]))
        rows[feature["TBBH"]]["_area"] = feature.geometry().area()
    assert sorted(rows) == sorted(expected)
    assert result["UNKNOWN_VALUES"] == 0  # every text value of the sample is in the code tables
    for key, case in expected.items():
        row = rows[key]
        assert row["rest_share"] == pytest.approx(case["restored_share"], abs=1e-3), key
        assert row["residual_area"] / row["_area"] == pytest.approx(case["residual_share"], abs=1e-3), key
        assert ("位于生态保护红线内" in row["flags"]) is case["in_red_line"], key
        assert ("位于永久基本农田内" in row["flags"]) is case["in_basic_farmland"], key
        assert (row["priority"] == "清零优先") is (case["in_red_line"] or case["in_basic_farmland"]), key
        if case["case"] == "restored":
            assert row["status"] in ("已修复(待验收)", "已验收"), key
        elif case["case"] == "partial":
            assert row["status"] == "修复中", key
        elif row["status"] != "未修复":  # attributes claim a restoration the survey does not show
            assert "属性已恢复治理但三调无修复地类" in row["flags"], key
        if "attribute_conflict" in case:
            conflict = "属性已恢复治理但三调无修复地类" in row["flags"] or "属性未治理但三调已有修复地类" in row["flags"]
            assert conflict is case["attribute_conflict"], key
    summary = features(result["OUTPUT_SUMMARY"])
    assert sorted(r["county"] for r in summary) == sorted({c["county"] for c in expected.values()})
    assert sum(r["n_patches"] for r in summary) == len(expected)


def test_sample_county_closed_mines(run_alg, tmp_path):
    expected = sample_expected()["closed_mines"]
    layer = f"{SAMPLE_GPKG}|layername="
    result = run_alg("closedmines", {
        "INPUT": layer + "closed_mines", "SURVEY": layer + "dltb_2024", "PLAN_BLOCKS": layer + "mining_blocks",
        "OUTPUT": str(tmp_path / "c.gpkg"),
    })
    rows = {r["CKZH"]: r for r in features(result["OUTPUT"])}
    assert sorted(rows) == sorted(expected)
    yes_no = {True: "是", False: "否"}
    for key, case in expected.items():
        row = rows[key]
        assert row["chk_licence"] == yes_no[case["licence_cancelled"]], key
        attributes_ok = case.get("facility_attributes_ok", case.get("facilities_removed"))
        assert row["chk_facility"] == yes_no[attributes_ok and not case["still_0602"]], key
        assert ("三调仍有" in row["flags"]) is case["still_0602"], key
        # shipped default thresholds (to review): a restored closed mine is 是
        assert row["chk_restore"] == ("是" if case["restored"] else "否"), key
        assert ("位于有效开采规划区块内" in row["flags"]) is case["inside_active_block"], key
