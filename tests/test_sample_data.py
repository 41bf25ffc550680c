"""The committed sample county: regenerates identically and keeps its schema, arithmetic and planted cases."""
from __future__ import annotations

import contextlib
import csv
import functools
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from osgeo import gdal, ogr

from land_supervision.core import landclass
from land_supervision.core.units import round_half_up

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "sample_data")
GPKG = os.path.join(SAMPLE, "sample_county.gpkg")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
from sample_io import feature_differences, feature_hash  # noqa: E402

# The names other modules code against (preamble "Sample county"); more fields are allowed.
REQUIRED = {
    "dltb_2023": "BSM TBBH DLBM DLMC QSXZ QSDWDM ZLDWDM ZLDWMC TBMJ KCDLBM KCXS KCMJ TBDLMJ GDLX GDPDJB TBXHDM ZZSXDM "
                 "ZZSXMC CZCSXM SJNF BZ",
    "regions": "DM MC JB",
    "restoration_tasks": "RWBH XZQDM RWMJ YDLBM HFSX WCQX ZRDW",
    "supply_records": "DZJGH HTBH XMMC SRR GDFS TDYT ZDMJ CJJG HTQDRQ YDDGRQ YDJGRQ SJDGRQ BCXYDGRQ KFMJ YKFMJ YTZE "
                      "ZTZE ZZKSRQ YYLX XZQDM",
    "mine_patches": "TBBH XZS XZX XZQDM ZTBH TBMJ TBDL TBXL KCFS HFZLQK TBSX NXFFS NXFFX GBND BHDLX STWT YSZT",
    "closed_mines": "KSMC CKZH XZQDM GBND ZXZT ZXWH SSCC DLQD CCWH BZ",
    "mining_blocks": "KQBH KQMC ZT",
    "monitoring_patches": "JCBH XZQDM TBLX QSX HSX DLBM MJ",
    "basic_farmland": "",
    "red_line": "",
    "field_chiefs": "CJDM CJMC XJTZ XZTZ CJTZ WGZ",
    "land_approvals": "PZWH PZLX PZRQ XMMC",
    "facility_filings": "BABH BARQ",
}
REQUIRED["dltb_2024"] = REQUIRED["dltb_2023"]
REQUIRED["supply_records_table"] = REQUIRED["supply_records"]


@functools.lru_cache(maxsize=None)
def _table(name):
    """Rows of a GeoPackage table as dicts, read with sqlite3 (ogr's per-field calls are slow)."""
    with contextlib.closing(sqlite3.connect(GPKG)) as con:
        cursor = con.execute(f'SELECT * FROM "{name}" ORDER BY fid')  # name from this module's constants
        columns = [c[0] for c in cursor.description]
        return [dict(zip(columns, values)) for values in cursor.fetchall()]


def rows(name):
    return _table(name)


def geometry(row):
    """The ogr geometry of a row's GeoPackage blob (header 'GP' + envelope, then WKB)."""
    blob = row["geom"]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(blob[3] >> 1) & 7]
    return ogr.CreateGeometryFromWkb(bytes(blob[8 + envelope:]))


@pytest.fixture(scope="module")
def expected():
    with open(os.path.join(SAMPLE, "expected.json"), encoding="utf-8") as handle:
        return json.load(handle)


def test_regeneration_gives_the_committed_data(tmp_path, expected):
    """The generator gives the committed data again, feature by feature, with this QGIS/GEOS/PROJ.

    Not byte for byte: GEOS versions differ in vertex order and in the collinear vertices an overlay keeps
    (sample_io.feature_differences says what counts as equal). The committed hash is the one of its own run.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_sample_data.py"), "--output", str(tmp_path)],
                   check=True, env=env, capture_output=True)
    committed, counts = feature_hash(GPKG)
    assert committed == expected["_meta"]["feature_hash"] and counts == expected["_meta"]["counts"]
    assert feature_differences(GPKG, str(tmp_path / "sample_county.gpkg")) == []
    shapefile = os.path.join("dltb_2024_gbk", "dltb_2024")
    assert feature_differences(os.path.join(SAMPLE, shapefile + ".shp"), str(tmp_path / shapefile) + ".shp") == []
    for ext in (".cpg", ".prj"):
        with open(os.path.join(SAMPLE, shapefile + ext), "rb") as a, open(str(tmp_path / shapefile) + ext, "rb") as b:
            assert a.read() == b.read(), ext
    with open(os.path.join(SAMPLE, "supply_records.csv"), "rb") as a, open(tmp_path / "supply_records.csv", "rb") as b:
        assert a.read() == b.read()
    with open(tmp_path / "expected.json", encoding="utf-8") as handle:
        fresh = json.load(handle)
    assert _json_differences(fresh, expected) == ["_meta/feature_hash"] or fresh == expected


def _json_differences(a, b, path=""):
    """Paths where two JSON values differ; numbers within 0.01 (the sample's rounding) count as equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in (_json_differences(a.get(k), b.get(k), f"{path}/{k}".lstrip("/"))
                                          if k in a and k in b else [f"{path}/{k}".lstrip("/")])]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [path]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _json_differences(x, y, f"{path}/{i}")]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
    return [] if (abs(a - b) <= 0.01 + 1e-9 if numbers else a == b) else [path]


def test_layers_and_fields():
    ds = ogr.Open(GPKG)
    names = {ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())}
    assert names == set(REQUIRED)
    for name, fields in REQUIRED.items():
        layer = ds.GetLayerByName(name)
        defn = layer.GetLayerDefn()
        present = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
        assert set(fields.split()) <= present, name
        if layer.GetGeomType() != ogr.wkbNone:
            assert layer.GetSpatialRef().GetAuthorityCode(None) == "4526", name


def test_regions_and_codes():
    regions = rows("regions")
    by_level = {level: {r["DM"] for r in regions if r["JB"] == level} for level in ("county", "township", "village")}
    assert {len(c) for c in by_level["county"]} == {6}
    assert {len(c) for c in by_level["township"]} == {9}
    assert {len(c) for c in by_level["village"]} == {12}
    main = [t for t in by_level["township"] if t.startswith("130999")]
    assert 3 <= len(main) <= 4
    for township in by_level["township"]:
        assert 3 <= sum(v.startswith(township) for v in by_level["village"]) <= 5
    chiefs = rows("field_chiefs")
    assert {c["CJDM"] for c in chiefs} == by_level["village"]
    for year in (2023, 2024):
        parcels = rows(f"dltb_{year}")
        assert 2000 <= len(parcels) <= 4000
        for p in parcels:
            assert len(p["ZLDWDM"]) == 19 and len(p["QSDWDM"]) == 19
            assert p["ZLDWDM"][:12] in by_level["village"] and p["ZLDWDM"][12:] == "0000000"
            assert p["SJNF"] == year


@pytest.mark.parametrize("year", [2023, 2024])
def test_dltb_area_arithmetic(year):
    parcels = rows(f"dltb_{year}")
    cultivated = 0
    for p in parcels:
        assert p["DLMC"] == landclass.name(p["DLBM"]), p["DLBM"]
        if landclass.is_cultivated(p["DLBM"]):
            cultivated += 1
            assert p["KCDLBM"] == "1203"
            assert p["GDPDJB"] in ("1", "2", "3", "4", "5")
            assert (p["GDLX"] in ("TT", "PD")) == (p["GDPDJB"] != "1")
            assert p["KCMJ"] == round_half_up(p["TBMJ"] * p["KCXS"])
            assert p["TBDLMJ"] == round_half_up(p["TBMJ"] - p["KCMJ"])
            assert p["ZZSXDM"] in ("LS", "FLS", "LYFL", "XG", "WG")
        else:
            assert p["KCXS"] == 0 and p["KCMJ"] == 0 and p["TBDLMJ"] == p["TBMJ"] and not p["KCDLBM"]
    assert cultivated / len(parcels) > 0.3


def test_tbmj_is_ellipsoidal(qgis_app):
    from qgis.core import QgsCoordinateReferenceSystem, QgsDistanceArea, QgsGeometry, QgsProject

    calculator = QgsDistanceArea()
    calculator.setSourceCrs(QgsCoordinateReferenceSystem("EPSG:4526"), QgsProject.instance().transformContext())
    calculator.setEllipsoid("EPSG:1024")
    for p in rows("dltb_2024")[::37]:
        shape = geometry(p)
        x_min, x_max, _, _ = shape.GetEnvelope()
        assert 38_400_000 < x_min < x_max < 38_600_000  # zone-prefixed eastings
        qgs = QgsGeometry()
        qgs.fromWkb(bytes(shape.ExportToWkb()))
        assert abs(calculator.measureArea(qgs) - p["TBMJ"]) <= 0.006
        assert abs(shape.GetArea() - p["TBMJ"]) / p["TBMJ"] < 0.001  # planar differs, but only slightly


def test_planted_restoration_tasks(expected):
    tasks = {t["RWBH"]: t for t in rows("restoration_tasks")}
    planted = expected["restoration_tasks"]
    assert set(planted) == set(tasks) and 40 <= len(tasks) <= 80
    cases = {}
    for rwbh, outcome in planted.items():
        cases.setdefault(outcome["case"], []).append(outcome)
        assert tasks[rwbh]["WCQX"] == outcome["WCQX"]
    assert {o["status"] for o in cases["restored"]} == {"已恢复"}
    assert {o["status"] for o in cases["partial"]} == {"部分恢复"}
    assert {o["status"] for o in cases["not_restored"] + cases["now_adjustable"]} == {"未恢复"}
    assert all("恢复但未耕种" in o["flags"] for o in cases["restored_wg"])
    assert all("现为可调整地类" in o["flags"] for o in cases["now_adjustable"])
    assert "位于永久基本农田" in cases["in_basic_farmland"][0]["flags"]
    assert "无调查图斑覆盖" in cases["outside"][0]["flags"]
    bow_tie = next(k for k, o in planted.items() if o["case"] == "bow_tie")
    assert not geometry(tasks[bow_tie]).IsValid()
    assert {o["deadline_status"] for o in planted.values()} >= {"已完成", "逾期", "临期", "正常"}


def test_planted_supply_records(expected):
    table = rows("supply_records_table")
    assert len(table) == len(rows("supply_records")) and 35 <= len(table) <= 45
    assert all(len(r["DZJGH"]) == 16 for r in table)
    cases = {o["case"] for o in expected["supply_records"].values()}
    assert {"idle_fee", "idle_recovery", "boundary_one_year", "not_yet_due", "started_on_time", "stalled",
            "stalled_11_months", "government", "force_majeure", "supplementary", "missing_start_date",
            "negative_price", "developed_gt_due", "duplicate_a", "duplicate_b", "unparseable_date"} <= cases
    contracts = {r["HTBH"]: r for r in table}
    for outcome in expected["supply_records"].values():
        assert outcome["HTBH"] in contracts
    dates = [r["YDDGRQ"] or "" for r in table]
    assert any("年" in d for d in dates) and any("/" in d for d in dates) and any(d.isdigit() for d in dates)
    with open(os.path.join(SAMPLE, "supply_records.csv"), "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf"
    with open(os.path.join(SAMPLE, "supply_records.csv"), encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    assert [r["电子监管号"] for r in records] == [r["DZJGH"] for r in table]
    assert {"合同编号", "项目名称", "供地方式", "约定开工时间", "约定竣工时间", "实际开工时间", "成交价格(万元)"} <= set(records[0])


def test_planted_mines(expected):
    patches = {p["TBBH"]: p for p in rows("mine_patches")}
    planted = expected["mine_patches"]
    assert set(planted) == set(patches)
    assert {p["XZQDM"] for p in patches.values()} == {"130999", "130998"}
    statuses = {o["status"] for o in planted.values()}
    assert statuses == {"已恢复", "部分恢复", "未恢复"}
    assert any(o["in_red_line"] for o in planted.values()) and any(o["in_basic_farmland"] for o in planted.values())
    assert any(o["text_values"] for o in planted.values())
    closed = {m["CKZH"]: m for m in rows("closed_mines")}
    assert set(expected["closed_mines"]) == set(closed)
    assert sum(o["inside_active_block"] for o in expected["closed_mines"].values()) == 1
    assert any(o["still_0602"] for o in expected["closed_mines"].values())
    assert {b["ZT"] for b in rows("mining_blocks")} == {"有效", "已关闭"}


def test_monitoring_codes():
    codes = {m["TBLX"] for m in rows("monitoring_patches")}
    assert {"20", "YH", "DT", "TD", "TP", "CK", "KT", "01", "1", "02", "03"} <= codes


def test_gbk_shapefile_reads_chinese():
    base = os.path.join(SAMPLE, "dltb_2024_gbk", "dltb_2024")
    with open(base + ".cpg", encoding="ascii") as handle:
        assert handle.read().strip().upper() == "GBK"
    with open(base + ".dbf", "rb") as handle:
        raw = handle.read()
    assert "水浇地".encode("gbk") in raw and "水浇地".encode("utf-8") not in raw
    assert raw[29] == 0x4D  # DBF language driver: code page 936
    # QGIS's OGR provider sets SHAPE_ENCODING="" (no recoding) process-wide; read as plain GDAL would.
    previous = gdal.GetConfigOption("SHAPE_ENCODING")
    gdal.SetConfigOption("SHAPE_ENCODING", None)
    try:
        shp = ogr.Open(base + ".shp")
        layer = shp.GetLayer(0)
        column = layer.GetLayerDefn().GetFieldIndex("DLMC")
        names = [f.GetField(column) for f in layer]
    finally:
        gdal.SetConfigOption("SHAPE_ENCODING", previous)
    assert names == [r["DLMC"] for r in rows("dltb_2024")]


# -- expected.json values the owners' sample tests do not cover ---------------------------------------------------
# (restoration, idle-land and mine planted cases are checked in test_farmland/idle/mine_algorithms.py)
def _layer(name):
    return f"{GPKG}|layername={name}"


def _output_rows(uri):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(uri, "result", "ogr")
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]


def test_farmland_balance_matches_expected(run_alg, tmp_path, expected):
    result = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": _layer("dltb_2023"), "SURVEY_AFTER": _layer("dltb_2024"), "REGIONS": _layer("regions"),
        "OUTPUT_FLOWS": str(tmp_path / "flows.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")})
    rows_out = [r for r in _output_rows(result["OUTPUT_SUMMARY"]) if r["level"] in ("county", "township")]
    assert len(rows_out) == 7
    for row in rows_out:
        want = expected["farmland_balance"][row["region_code"]]
        assert row["cult_before"] == pytest.approx(want["cult_before_m2"], abs=0.02), row["region_code"]
        assert row["cult_after"] == pytest.approx(want["cult_after_m2"], abs=0.02), row["region_code"]
    assert expected["farmland_balance"]["130999"]["net_change_m2"] < 0 < expected["farmland_balance"]["130998"][
        "net_change_m2"]


def test_farmland_outflow_matches_expected(run_alg, tmp_path, expected):
    result = run_alg("farmlandoutflow", {
        "SURVEY_BEFORE": _layer("dltb_2023"), "SURVEY_AFTER": _layer("dltb_2024"),
        "APPROVALS": [_layer("land_approvals"), _layer("facility_filings")],
        "BASIC_FARMLAND": _layer("basic_farmland"), "RED_LINE": _layer("red_line"), "REGIONS": _layer("regions"),
        "OUTPUT": str(tmp_path / "outflow.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")})
    patches = {r["bsm_before"]: r for r in _output_rows(result["OUTPUT"])}
    planted = expected["farmland_outflow"]
    assert set(patches) == set(planted)  # one patch per changed parcel, none left out
    for bsm, want in planted.items():
        got = patches[bsm]
        assert (got["dlbm_after"], got["status"]) == (want["DLBM_after"], want["status"]), (bsm, want["case"])
        assert sorted(f for f in got["flags"].split("；") if f) == sorted(want["flags"]), (bsm, want["case"])
        if "approved_share" in want:
            assert got["approved_share"] == pytest.approx(want["approved_share"], abs=1e-3), (bsm, want["case"])
    cases = {w["case"] for w in planted.values()}
    assert {"covered", "partly_covered", "uncovered", "dated_after_time_point", "overlapping", "temporary",
            "facility_filed", "facility_unfiled", "nongrain_in_basic_farmland",
            "nongrain_outside_basic_farmland"} <= cases
    summary = {r["region_code"]: r for r in _output_rows(result["OUTPUT_SUMMARY"])}
    county = summary["130999"]
    assert county["patches"] == sum(1 for r in patches.values() if r["zldwdm"].startswith("130999"))
    assert county["nonagri_mu"] == pytest.approx(round(sum(summary[v]["nonagri_mu"] for v in summary
                                                           if len(v) == 12 and v.startswith("130999")), 2))
