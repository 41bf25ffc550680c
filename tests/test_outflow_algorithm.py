"""farmlandoutflow through processing.run on hand-built layers: every status, every flag, mixed CRSs,
overlapping approvals counted once, and the summary's 亩 totals from rounded cells.

Parcels are 100 m squares in EPSG:4526 (offsets in metres from X0, Y0). Every cultivated parcel of T−1 has
TBMJ 10000 m² and KCXS 0.1, so a whole-parcel outflow patch loses 10000 × 0.9 = 9000 m² of cultivated land
(13.5 亩), booked at the before-side net area as farmlandbalance books it.
"""
from __future__ import annotations

import datetime
import json
import os

import numpy as np
import pytest
from osgeo import ogr
from qgis.core import QgsProcessingException

from gpkg_util import write_dict_rows, write_gpkg
from conftest import REALDATA, needs_realdata
from test_farmland_algorithms import Recorder, features

X0, Y0 = 38_500_000.0, 3_400_000.0
V1, V2 = "4201020010010000000", "4201020010020000000"


def box(x1, y1, x2, y2):
    return "POLYGON(({a} {b},{c} {b},{c} {d},{a} {d},{a} {b}))".format(a=X0 + x1, b=Y0 + y1, c=X0 + x2, d=Y0 + y2)


def parcel(bsm, dlbm, wkt, village, year, tbmj=10000.0, kcxs=0.1):
    cultivated = dlbm.startswith("01")
    kcxs = kcxs if cultivated else 0.0
    kcmj = round(tbmj * kcxs, 2)
    return {"_wkt": wkt, "BSM": bsm, "DLBM": dlbm, "ZLDWDM": village, "ZLDWMC": "东村" if village == V1 else "西村",
            "TBMJ": tbmj, "KCXS": kcxs, "KCMJ": kcmj, "TBDLMJ": round(tbmj - kcmj, 2), "SJNF": year}


BOW_TIE = "POLYGON(({a} {b},{c} {d},{c} {b},{a} {d},{a} {b}))".format(a=X0 + 500, b=Y0, c=X0 + 600, d=Y0 + 100)
# patch: (before DLBM, after DLBM, geometry, village, before TBMJ, before KCXS)
PATCHES = {
    "A": ("0101", "0702", box(0, 0, 100, 100), V1),          # conversion approval over all of it: 合规
    "B": ("0101", "0601", box(100, 0, 200, 100), V1),        # approval over 60 %: 部分合规
    "C": ("0101", "0701", box(200, 0, 300, 100), V1),        # no approval: 疑似违法占用耕地
    "D": ("0101", "1003", box(300, 0, 400, 100), V1),        # approval dated 2025-02-01, after the time point
    "E": ("0101", "0702", box(400, 0, 500, 100), V1),        # two overlapping approvals, union 90 %
    "Q": ("0101", "0702", BOW_TIE, V1),                      # invalid T−1 parcel (repaired), no approval
    "F": ("0101", "0601", box(0, 100, 100, 200), V1),        # temporary-use approval: 合规, flagged
    "S": ("0101", "0601", box(600, 0, 700, 100), V1),        # temporary use of 2022-03-01, expired 2024-03-01
    "G": ("0101", "1202", box(100, 100, 200, 200), V1),      # facility land with 备案: 合规
    "H": ("0101", "1202", box(200, 100, 300, 200), V1),      # facility land without 备案, under a conversion
    "I": ("0101", "0201", box(300, 100, 400, 200), V1),      # orchard outside basic farmland: 纳入进出平衡
    "J": ("0101", "0301", box(400, 100, 500, 200), V1),      # forest, half inside basic farmland: 疑似违规
    "R": ("0101", "1107", box(500, 100, 600, 200), V1),      # ditch (other): 待核实, net 1002.67 m²
    "K": ("0101", "1104", box(0, 200, 100, 300), V2),        # pond inside the red line: 纳入进出平衡, flagged
    "L": ("0101", "1006", box(100, 200, 200, 300), V2),      # rural road (other): 待核实, net 1002.67 m²
    "M": ("0101", "0702", box(200, 200, 300, 300), V2),      # under an approval of unknown type
    "N": ("0101", "0508", box(300, 200, 400, 300), V2),      # under an undated approval: 合规, flagged
}
SMALL = {"R", "L"}  # TBMJ 1002.67, KCXS 0: 1002.67 m² = 1.504 亩 -> 1.50 in each village, 3.01 if summed first
SMALL_TBMJ = 1002.67
# inflow: 0201 orchard (agricultural) -> 0102 with KCXS 0.05: 10000 × 0.95 = 9500 m² from other agricultural
# land; 1206 bare land (unused) -> 0103: inflow, but not from agricultural land
INFLOW = [("O", "0201", "0102", box(400, 200, 500, 300), 0.05), ("P", "1206", "0103", box(500, 200, 600, 300), 0.0)]


def surveys(gpkg):
    before, after = [], []
    for key, (dlbm_b, dlbm_a, wkt, village) in PATCHES.items():
        small = key in SMALL
        tbmj = SMALL_TBMJ if small else (5000.0 if key == "Q" else 10000.0)
        before.append(parcel("B" + key, dlbm_b, wkt, village, 2023, tbmj, 0.0 if small else 0.1))
        after_wkt = box(500, 0, 600, 100) if key == "Q" else wkt
        after.append(parcel("A" + key, dlbm_a, after_wkt, village, 2024))
    for key, dlbm_b, dlbm_a, wkt, kcxs in INFLOW:
        before.append(parcel("B" + key, dlbm_b, wkt, V2, 2023))
        after.append(parcel("A" + key, dlbm_a, wkt, V2, 2024, kcxs=kcxs))
    return write_dict_rows(gpkg, "dltb_2023", before), write_dict_rows(gpkg, "dltb_2024", after)


def approvals(gpkg):
    """Four layers: typed by a field, by GDFS in another CRS, by the layer name, and by the type parameter."""
    s = ogr.OFTString
    conv = write_gpkg(gpkg, "pfwj", [("PZWH", s), ("PZLX", s), ("PZRQ", ogr.OFTDate)], [
        ["冀政转〔2024〕1号", "农用地转用", datetime.date(2024, 5, 1)],
        ["冀政转〔2024〕2号", "土地征收", datetime.date(2024, 3, 1)],
        ["冀政转〔2025〕3号", "农用地转用", datetime.date(2025, 2, 1)],
        ["冀政转〔2024〕5号", "农用地转用", datetime.date(2024, 6, 1)],
        ["冀政转〔2024〕6号", "农用地转用", datetime.date(2024, 6, 1)],
        ["X-7", "XYZ", datetime.date(2024, 6, 1)],
        ["冀政转〔2024〕8号", "土地征收", None],
    ], [  # drawn 0.2 m past the patch: boundary noise (under 0.5 % of a neighbour) for the neighbours
        box(-0.2, -0.2, 100.2, 100.2),          # A, whole
        box(100, 0, 160, 100),          # B, 60 %
        box(299.8, -0.2, 400.2, 100.2),         # D, whole but too late
        box(400, 0, 460, 100),          # E, 400-460 ...
        box(199.8, 99.8, 300.2, 200.2),         # H, a conversion over facility land: wrong type
        box(199.8, 199.8, 300.2, 300.2),        # M, unknown type
        box(299.8, 199.8, 400.2, 300.2)])       # N, undated
    # ... and a supply record 430-490 over E, stored in geographic CGCS2000: the union covers 400-490 (90 %),
    # a sum of the two would claim 120 %.
    supply = write_gpkg(gpkg, "gdjl", [("DZJGH", s), ("GDFS", s), ("HTQDRQ", ogr.OFTDate)],
                        [["1309992024B00001", "挂牌出让", datetime.date(2024, 8, 1)]],
                        [box(430, 0, 490, 100)], epsg=4490)
    facility = write_gpkg(gpkg, "设施农用地备案", [("BABH", s), ("BARQ", ogr.OFTDate)],
                          [["SS2024-01", datetime.date(2024, 4, 1)]], [box(99.8, 99.8, 200.2, 200.2)])
    temporary = write_gpkg(gpkg, "layer_t", [("PZWH", s), ("PZRQ", ogr.OFTDate)],
                           [["临2024-09", datetime.date(2024, 9, 1)], ["临2022-03", datetime.date(2022, 3, 1)]],
                           [box(-0.2, 99.8, 100.2, 200.2), box(600, 0, 700, 100)])
    return [conv, supply, facility, temporary]


@pytest.fixture()
def scene(tmp_path):
    gpkg = str(tmp_path / "county.gpkg")
    before, after = surveys(gpkg)
    bf = write_dict_rows(gpkg, "jbnt", [{"_wkt": box(400, 100, 500, 150), "JBNTBH": "JB1"}])
    red = write_dict_rows(gpkg, "hx", [{"_wkt": box(-0.2, 199.8, 100.2, 300.2), "HXBH": "HX1"}])
    return dict(SURVEY_BEFORE=before, SURVEY_AFTER=after, APPROVALS=approvals(gpkg),
                APPROVAL_TYPES=",,,temporary", BASIC_FARMLAND=bf, RED_LINE=red)


def run(run_alg, tmp_path, params, feedback=None):
    params = dict(params, OUTPUT=str(tmp_path / "outflow.gpkg"), OUTPUT_SUMMARY=str(tmp_path / "summary.gpkg"))
    result = run_alg("farmlandoutflow", params, feedback=feedback or Recorder())
    return {f["bsm_before"][1:]: f for f in features(result["OUTPUT"])}, features(result["OUTPUT_SUMMARY"])


def test_every_status_and_flag(run_alg, tmp_path, scene):
    feedback = Recorder()
    patches, _ = run(run_alg, tmp_path, scene, feedback)
    assert set(patches) == set(PATCHES)  # every outflow patch is in the output, inflow is not

    def row(key):
        p = patches[key]
        return (p["kind"], p["area"], p["approved_area"], p["approved_share"], p["suspect_area"], p["status"],
                p["problem"], p["flags"])

    # 非农化, threshold 0.95
    assert row("A") == ("非农化", 9000.0, 9000.0, 1.0, 0.0, "合规", "", "")
    assert patches["A"]["approval_ids"] == "冀政转〔2024〕1号" and patches["A"]["dest_group"] == "建设用地"
    # 60 % covered: 9000 × 0.6 = 5400 approved, 3600 suspect
    assert row("B") == ("非农化", 9000.0, 5400.0, 0.6, 3600.0, "部分合规", "疑似违法占用耕地", "")
    assert row("C") == ("非农化", 9000.0, 0.0, 0.0, 9000.0, "疑似违法占用耕地", "疑似违法占用耕地", "")
    # dated 2025-02-01 > 2024-12-31: covers nothing and is named in a flag, not in approval_ids
    assert row("D") == ("非农化", 9000.0, 0.0, 0.0, 9000.0, "疑似违法占用耕地", "疑似违法占用耕地", "批复晚于调查时点")
    assert patches["D"]["approval_ids"] == ""
    # union of 400-460 and 430-490 is 90 % (counted once): 8100 approved, 900 suspect
    assert row("E") == ("非农化", 9000.0, 8100.0, 0.9, 900.0, "部分合规", "疑似违法占用耕地", "")
    assert patches["E"]["approval_ids"] == "1309992024B00001；冀政转〔2024〕5号"
    # bow tie repaired to two triangles of 2500 m² each: TBMJ 5000 × 0.9 = 4500
    assert row("Q") == ("非农化", 4500.0, 0.0, 0.0, 4500.0, "疑似违法占用耕地", "疑似违法占用耕地", "几何已修复")
    assert row("F") == ("非农化", 9000.0, 9000.0, 1.0, 0.0, "合规", "", "临时用地(到期须复垦)")
    # a two-year temporary use from 2022-03-01 ended 2024-03-01, before the time point: the land should be reclaimed
    assert row("S") == ("非农化", 9000.0, 0.0, 0.0, 9000.0, "疑似违法占用耕地", "疑似违法占用耕地", "临时用地已超期")
    # 设施农用地: only a 备案 explains it; a conversion approval over it is the wrong type
    assert row("G") == ("设施农用地", 9000.0, 9000.0, 1.0, 0.0, "合规", "", "")
    assert row("H") == ("设施农用地", 9000.0, 0.0, 0.0, 9000.0, "疑似违规", "设施农用地未备案", "批复类型与去向不符")
    # 非粮化: no violation outside 永久基本农田, 疑似违规 for the half inside (4500 of 9000)
    assert row("I") == ("非粮化", 9000.0, 0.0, 0.0, 0.0, "纳入进出平衡", "耕地非粮化(进出平衡)", "")
    assert row("J") == ("非粮化", 9000.0, 0.0, 0.0, 4500.0, "疑似违规", "永久基本农田非粮化", "涉及永久基本农田")
    assert patches["J"]["bf_area"] == 4500.0
    assert row("K") == ("非粮化", 9000.0, 0.0, 0.0, 0.0, "纳入进出平衡", "耕地非粮化(进出平衡)", "涉及生态保护红线")
    assert patches["K"]["redline_area"] == 9000.0
    assert row("L") == ("其他", 1002.67, 0.0, 0.0, 0.0, "待核实", "耕地流出(其他)", "")
    assert row("R")[0] == "其他" and patches["R"]["dest_group"] == "其他"
    assert row("M") == ("非农化", 9000.0, 0.0, 0.0, 9000.0, "疑似违法占用耕地", "疑似违法占用耕地",
                        "涉及类型不明的批复")
    assert row("N") == ("非农化", 9000.0, 9000.0, 1.0, 0.0, "合规", "", "批复无日期")
    messages = feedback.text()
    assert "pfwj: 1 approvals with a type in field PZLX that is no known type (XYZ)" in messages
    assert "gdjl: reprojected from EPSG:4490 to EPSG:4526" in messages
    assert "设施农用地备案: every feature taken as 设施农用地备案 (from the layer name)" in messages
    assert "2024-12-31" in messages


def test_summary_in_mu_from_rounded_cells(run_alg, tmp_path, scene):
    _, summary = run(run_alg, tmp_path, scene)
    rows = {(r["level"], r["region_code"]): r for r in summary}
    assert list(rows) == [("county", "420102"), ("township", "420102001"), ("village", "420102001001"),
                          ("village", "420102001002")]
    v1, v2 = rows[("village", "420102001001")], rows[("village", "420102001002")]
    # V1 非农化 A B C D E F S Q: 7 × 9000 + 4500 = 67500; approved A 9000 + B 5400 + E 8100 + F 9000 = 31500
    assert (v1["nonagri"], v1["nonagri_approved"], v1["nonagri_unapproved"]) == (67500.0, 31500.0, 36000.0)
    assert v1["nonagri_suspect"] == 3600 + 9000 + 9000 + 900 + 9000 + 4500
    assert (v1["nongrain"], v1["nongrain_bf"]) == (18000.0, 4500.0)
    assert (v1["facility"], v1["facility_filed"], v1["facility_unfiled"]) == (18000.0, 9000.0, 9000.0)
    # 进出平衡: no inflow in V1, 18000 non-grain + 18000 facility out: −36000 m² = −54 亩
    assert (v1["inflow_agri"], v1["balance"], v1["balance_mu"]) == (0.0, -36000.0, -54.0)
    # suspect patches: B C D E S Q H J
    assert (v1["patches"], v1["suspect_patches"]) == (13, 8)
    # V2: inflow from the orchard 9500 (the bare land's 10000 is no agricultural inflow) less the pond 9000
    assert (v2["inflow_agri"], v2["nongrain"], v2["balance"], v2["balance_mu"]) == (9500.0, 9000.0, 500.0, 0.75)
    assert (v2["nonagri"], v2["nonagri_approved"], v2["nonagri_unapproved_mu"]) == (18000.0, 9000.0, 13.5)
    assert (v2["patches"], v2["suspect_patches"]) == (4, 1)
    # 1002.67 m² = 1.50400... 亩, shown 1.50 in each village; the county adds the shown cells: 3.00
    # (1.5040 × 2 = 3.008 would show 3.01 if the m² were summed first)
    assert v1["other_mu"] == v2["other_mu"] == 1.5
    county = rows[("county", "420102")]
    assert county["other"] == 2005.34 and county["other_mu"] == 3.0
    assert county["nonagri_mu"] == 101.25 + 27.0 and county["nonagri_unapproved_mu"] == 54.0 + 13.5
    assert county["balance_mu"] == -54.0 + 0.75
    assert (county["patches"], county["suspect_patches"]) == (17, 9)
    assert county["region_name"] == "" and v2["region_name"] == "西村"


def test_threshold_and_survey_year_parameters(run_alg, tmp_path, scene):
    # threshold 0.6: B (60 %) and E (90 %) become 合规; survey year 2025: D's approval of 2025-02-01 covers
    patches, _ = run(run_alg, tmp_path, dict(scene, COVER_THRESHOLD=0.6, SURVEY_YEAR=2025))
    assert [patches[k]["status"] for k in "BDE"] == ["合规"] * 3
    assert patches["B"]["suspect_area"] == 0.0 and patches["B"]["approved_area"] == 5400.0


def test_without_approvals_every_construction_patch_is_suspect(run_alg, tmp_path, scene):
    feedback = Recorder()
    params = {k: v for k, v in scene.items() if k not in ("APPROVALS", "APPROVAL_TYPES")}
    patches, _ = run(run_alg, tmp_path, params, feedback)
    assert {p["status"] for p in patches.values() if p["kind"] == "非农化"} == {"疑似违法占用耕地"}
    assert "No approval layers" in feedback.text()


def test_bad_inputs_name_the_fix(run_alg, tmp_path, scene):
    with pytest.raises(QgsProcessingException, match="'permit' is no approval type"):
        run(run_alg, tmp_path, dict(scene, APPROVAL_TYPES="permit"))
    with pytest.raises(QgsProcessingException, match="5 entries for 4 approval layers"):
        run(run_alg, tmp_path, dict(scene, APPROVAL_TYPES="auto,auto,auto,temporary,supply"))
    # the temporary layer has neither a type field nor a telling name
    with pytest.raises(QgsProcessingException, match="layer_t: no approval type field"):
        run(run_alg, tmp_path, dict(scene, APPROVAL_TYPES=""))
    assert not os.path.exists(tmp_path / "outflow.gpkg")


def test_cancel_writes_nothing(run_alg, tmp_path, scene):
    with pytest.raises(QgsProcessingException):
        run(run_alg, tmp_path, scene, Recorder(cancel_at=66))
    assert not os.path.exists(tmp_path / "outflow.gpkg")


def test_ledger_of_the_patches_agrees_with_the_summary(run_alg, tmp_path, scene):
    import openpyxl

    params = dict(scene, OUTPUT=str(tmp_path / "outflow.gpkg"), OUTPUT_SUMMARY=str(tmp_path / "summary.gpkg"))
    result = run_alg("farmlandoutflow", params, feedback=Recorder())
    out = tmp_path / "outflow.xlsx"
    ledger = run_alg("exportledger", {"INPUT": result["OUTPUT"], "TEMPLATE": "", "AS_OF_DATE": "2025-03-01",
                                      "WARNING_DAYS": 15, "GROUP_BY": 0, "OUTPUT": str(out)})
    assert ledger["TEMPLATE_USED"] == "farmland_outflow" and ledger["ROWS"] == len(PATCHES)
    wb = openpyxl.load_workbook(out)
    detail = wb["明细"]
    head = [c.value for c in detail[3]]
    assert head[:3] == ["序号", "图斑编号", "上年标识码"]
    assert {"其中耕地面积", "其中永久基本农田面积", "其中生态保护红线面积", "问题类型", "整改措施", "县级田长", "是否销号"} <= set(head)
    rows = [dict(zip(head, (c.value for c in row))) for row in detail.iter_rows(min_row=4) if row[0].value]
    by_id = {r["上年标识码"][1:]: r for r in rows}
    # 9000 m² = 13.5 亩; B: 3600 m² suspect = 5.4 亩
    assert (by_id["B"]["其中耕地面积"], by_id["B"]["疑似违法违规面积"], by_id["B"]["问题类型"]) == (
        13.5, 5.4, "疑似违法占用耕地")
    assert by_id["J"]["问题类型"] == "永久基本农田非粮化" and by_id["J"]["其中永久基本农田面积"] == 6.75
    summary = wb["汇总"]
    total = next(row for row in summary.iter_rows(min_row=4, values_only=True) if row[1] == "合计")
    mu_summary = {r["level"]: r for r in features(result["OUTPUT_SUMMARY"])}["county"]
    # the ledger adds the patches' 亩 cells; so does the summary: 非农化 + 非粮化 + 设施 + 其他
    cultivated = round(mu_summary["nonagri_mu"] + mu_summary["nongrain_mu"] + mu_summary["facility_mu"]
                       + mu_summary["other_mu"], 2)
    assert total[3] == cultivated == round(sum(r["其中耕地面积"] for r in rows), 2)


def test_gbk_shapefile_approvals_with_chinese_field_names(run_alg, tmp_path, scene):
    from test_farmland_algorithms import to_gbk_shapefile

    gpkg = str(tmp_path / "cn.gpkg")
    s = ogr.OFTString
    uri = write_gpkg(gpkg, "批复", [("批准文号", s), ("批复类型", s), ("批准日期", s)], [
        ["示政转1号", "农用地转用", "2024年5月1日"],   # a text date, as Chinese tables often carry them
        ["示政转2号", "征地", "2025/2/1"],            # after the time point
        ["示政转3号", "批次用地", "待定"],            # no date: counts, flagged, and reported
    ], [box(-0.2, -0.2, 100.2, 100.2), box(100, 0, 160, 100), box(200, 0, 300, 100)])
    shp = to_gbk_shapefile(uri, str(tmp_path / "pfwj_gbk.shp"))
    feedback = Recorder()
    patches, _ = run(run_alg, tmp_path, dict(scene, APPROVALS=[shp], APPROVAL_TYPES=""), feedback)
    assert [patches[k]["status"] for k in "ABC"] == ["合规", "疑似违法占用耕地", "合规"]
    assert patches["A"]["approval_ids"] == "示政转1号"
    assert patches["B"]["flags"] == "批复晚于调查时点" and patches["C"]["flags"] == "批复无日期"
    assert "1 approval dates in field 批准日期 are no dates (e.g. '待定')" in feedback.text()


def test_no_outflow_and_survey_year_from_mixed_sjnf(run_alg, tmp_path):
    # nothing cultivated is lost: an empty patch layer and an empty summary, not an error
    gpkg = str(tmp_path / "same.gpkg")
    rows = [parcel("P1", "0101", box(0, 0, 100, 100), V1, 2023), parcel("P2", "0702", box(100, 0, 200, 100), V1, 2024)]
    before = write_dict_rows(gpkg, "before", rows)
    after = write_dict_rows(gpkg, "after", rows)
    feedback = Recorder()
    patches, summary = run(run_alg, tmp_path, {"SURVEY_BEFORE": before, "SURVEY_AFTER": after}, feedback)
    assert patches == {} and summary == []
    # SJNF 2023 and 2024 in the T survey: the latest year, with a warning that says so
    assert "the data year (SJNF) has several values (2023, 2024); the survey year is taken as 2024" in feedback.text()
    assert "Survey time point: 2024-12-31" in feedback.text()


def test_destination_groups_renamed_in_the_settings_stop_the_run(run_alg, tmp_path, scene, monkeypatch):
    from land_supervision import settings

    user = tmp_path / "user"
    user.mkdir()
    (user / "outflow_groups.json").write_text(json.dumps({"groups": [
        {"key": "built", "label": "建设用地", "prefixes": ["05", "06", "07", "08", "09", "10"]},
        {"key": "other", "label": "其他", "prefixes": []}]}), encoding="utf-8")
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(user))
    with pytest.raises(QgsProcessingException, match="kinds name destination groups that outflow_groups.json does"):
        run(run_alg, tmp_path, scene)


def test_patches_of_a_parcel_appended_twice_are_flagged_when_the_run_proceeds(run_alg, tmp_path):
    # T−1: C (0101 -> 0701) appended twice; T: I's parcel (0101 -> 0201 orchard) appended twice; K untouched
    gpkg = str(tmp_path / "dup.gpkg")
    c, i, k = box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)
    before = write_dict_rows(gpkg, "dltb_2023", [parcel("BC", "0101", c, V1, 2023), parcel("BI", "0101", i, V1, 2023),
                                                 parcel("BK", "0101", k, V1, 2023), parcel("BC", "0101", c, V1, 2023)])
    after = write_dict_rows(gpkg, "dltb_2024", [parcel("AC", "0701", c, V1, 2024), parcel("AI", "0201", i, V1, 2024),
                                                parcel("AK", "1104", k, V1, 2024), parcel("AI", "0201", i, V1, 2024)])
    red = write_dict_rows(gpkg, "hx", [{"_wkt": box(99.8, -0.2, 200.2, 100.2), "HXBH": "HX1"}])  # over I
    params = {"SURVEY_BEFORE": before, "SURVEY_AFTER": after, "RED_LINE": red, "OUTPUT": str(tmp_path / "out.gpkg"),
              "OUTPUT_SUMMARY": "memory:"}
    with pytest.raises(QgsProcessingException, match="1 pairs of parcels overlap"):
        run_alg("farmlandoutflow", params)
    feedback = Recorder()
    result = run_alg("farmlandoutflow", dict(params, ALLOW_OVERLAPS=True), feedback=feedback)
    patches = sorted((p["bsm_before"], p["bsm_after"], p["area"], p["status"], p["flags"])
                     for p in features(result["OUTPUT"]))
    # each copy makes its own patch of 10000 × 0.9 = 9000 m² (the ground counted twice): both copies flagged,
    # the flag joined to the patch's other flags by the rules' separator; K's patch is not flagged
    assert patches == [("BC", "AC", 9000.0, "疑似违法占用耕地", "调查图斑重叠"),
                       ("BC", "AC", 9000.0, "疑似违法占用耕地", "调查图斑重叠"),
                       ("BI", "AI", 9000.0, "纳入进出平衡", "涉及生态保护红线；调查图斑重叠"),
                       ("BI", "AI", 9000.0, "纳入进出平衡", "涉及生态保护红线；调查图斑重叠"),
                       ("BK", "AK", 9000.0, "纳入进出平衡", "")]
    assert sum("pairs of parcels overlap" in m for m in feedback.messages) == 2  # one warning per survey


@needs_realdata
def test_real_overlapping_parcels_flag_exactly_their_outflow_patches(run_alg, tmp_path):
    """The Dutch crop parcels (README: not a partition) as both surveys: cultivated (0101) in year T−1, built on
    (0702) in year T, so every parcel is an outflow patch and the overlapping ones are flagged."""
    import shapely
    from osgeo import gdal
    from qgis.core import QgsVectorLayer

    from land_supervision.core import overlay

    path = os.path.join(REALDATA, "nl_brp_gewaspercelen_epsg28992.gpkg")
    layer = QgsVectorLayer(path, "nl", "ogr")
    ids = [str(f.id()) for f in layer.getFeatures()]
    geoms = overlay.repair(shapely.from_wkb([bytes(f.geometry().asWkb()) for f in layer.getFeatures()]))[0]
    # GEOS as the independent reference: the parcels in a pair whose overlap has area >= 0.01 m²
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    a, b = a[a < b], b[a < b]
    real = shapely.area(shapely.intersection(geoms[a], geoms[b])) >= 0.01
    overlapping = {ids[k] for k in np.concatenate([a[real], b[real]])}
    assert 2 <= len(overlapping) < len(ids)
    gpkg = str(tmp_path / "nl.gpkg")
    for name, prefix, dlbm, year in (("dltb_2023", "", "0101", 2023), ("dltb_2024", "A", "0702", 2024)):
        sql = ("SELECT geom, '{0}' || id AS BSM, '{1}' AS DLBM, '{2}' AS ZLDWDM, ST_Area(geom) AS TBMJ, 0.0 AS KCXS, "
               "{3} AS SJNF FROM brp_gewas").format(prefix, dlbm, V1, year)
        gdal.VectorTranslate(gpkg, path, SQLDialect="SQLITE", SQLStatement=sql, layerName=name,
                             accessMode="update" if os.path.exists(gpkg) else None)
    result = run_alg("farmlandoutflow", {"SURVEY_BEFORE": gpkg + "|layername=dltb_2023",
                                         "SURVEY_AFTER": gpkg + "|layername=dltb_2024", "ALLOW_OVERLAPS": True,
                                         "OUTPUT": str(tmp_path / "o.gpkg"), "OUTPUT_SUMMARY": "memory:"},
                     feedback=Recorder())
    patches = features(result["OUTPUT"])
    assert {p["bsm_before"] for p in patches} == set(ids)
    # flagged: the patches made from an overlapping parcel of either survey, and no other
    flagged = [p["bsm_before"] in overlapping or p["bsm_after"][1:] in overlapping for p in patches]
    assert flagged == ["调查图斑重叠" in (p["flags"] or "") for p in patches]
    assert sum(flagged) >= len(overlapping)
