"""landsupervision:idlelandscreening through processing.run on hand-built layers (as of 2026-11-22).

Five 100 m × 100 m parcels side by side (EPSG:4526), worked out by hand:

| parcel | 电子监管号 | dates | outcome |
|---|---|---|---|
| A x 0–100 | 0001 | agreed 2025-11-22, price 1000 | 未动工, 1 year (anniversary day) → fee 200.00 |
| B x 200–300 | 0002 | agreed 2024年11月22日, price 500, no cause | 未动工, 2 years → 无偿收回, cause flagged |
| C x 400–500 | 0003 | started 2021/6/1, developed 0.3/1 ha, suspended Excel 45000 (2023-03-15), | 中止开发, 3 years, |
|             |      | cause 3                                                                  | government: no fee |
| D x 600–700 | 0003 | agreed 2025-13-01 (bad), price −1 | not judged; bad date, negative price, dup. key |
| E x 800–900 | 0005 | no agreed date, contract 44197 (2021-01-01) | start 2022-01-01 (contract + 12 months), |
|             |      |                                             | 4 years → 无偿收回 |

DLTB evidence: A is half 0101 and half 0702 (0.5 non-built), B all 1206 (1.0), C all 0602 (0.0), D outside
the survey (NULL + flag), E all 0301 (1.0). Monitoring: JC01 (DT) in A, JC02 (20) in B — contradicting its
not-started suspicion — and JC03 (YH) in C.
"""
from __future__ import annotations

import csv
import datetime
import json
import os

import pytest
from osgeo import ogr
from qgis.core import QgsVectorLayer, QgsWkbTypes
from gpkg_util import write_gpkg

X0, Y0 = 38500000.0, 3000000.0
SUPPLY_FIELDS = [
    ("DZJGH", ogr.OFTString), ("HTBH", ogr.OFTString), ("GDFS", ogr.OFTString), ("CJJG", ogr.OFTReal),
    ("HTQDRQ", ogr.OFTString), ("YDDGRQ", ogr.OFTString), ("SJDGRQ", ogr.OFTString), ("BCXYDGRQ", ogr.OFTString),
    ("KFMJ", ogr.OFTReal), ("YKFMJ", ogr.OFTReal), ("YTZE", ogr.OFTReal), ("ZTZE", ogr.OFTReal),
    ("ZZKSRQ", ogr.OFTString), ("YYLX", ogr.OFTString),
]
SUPPLY_ROWS = [
    ["0001", "HT-A", "挂牌出让", 1000, "2024-10-01", "2025-11-22", None, None, None, None, None, None, None, "企业原因"],
    ["0002", "HT-B", "拍卖出让", 500, "2023-10-01", "2024年11月22日", None, None, None, None, None, None, None, None],
    ["0003", "HT-C", "挂牌出让", 2000, "2020-06-01", "2021/1/1", "2021/6/1", None, 0.3, 1, 30, 100, "45000", "3"],
    ["0003", "HT-D", "划拨", -1, "2025-01-01", "2025-13-01", None, None, None, None, None, None, None, "企业原因"],
    ["0005", "HT-E", "协议出让", 800, "44197", None, None, None, 2, 1, None, None, None, "企业"],
]
# Headers as published by the land-market site (domain.md §3.8), for the CSV test.
CSV_HEADERS = ["电子监管号", "合同编号", "供地方式", "成交价格", "合同签订日期", "约定开工时间", "实际开工时间",
               "补充协议约定动工日期", "已开发面积", "应开发面积", "已投资额", "总投资额", "中止开始日期", "原因类型"]
AS_OF = "2026-11-22"
GOV = "疑似闲置-政府原因-协商处置(延长动工开发期限/调整土地用途、规划条件/安排临时使用/协议有偿收回/置换土地/其他方式)"
EXPECTED = {
    # 电子监管号 + 合同编号: (suspected, idle_type, idle_start, idle_years, advice, idle_fee, flag codes in text)
    "HT-A": ("是", "未动工", datetime.date(2025, 11, 22), 1, "疑似闲置-征缴土地闲置费", 200.0, []),
    "HT-B": ("是", "未动工", datetime.date(2024, 11, 22), 2, "疑似闲置-无偿收回", None, ["原因类型未明,按企业原因测算"]),
    "HT-C": ("是", "中止开发", datetime.date(2023, 3, 15), 3, GOV, None, ["电子监管号重复(2条)"]),
    "HT-D": ("否", None, None, None, None, None,
             ["约定动工日期(YDDGRQ)无法解析:'2025-13-01'不是有效日期", "约定动工日期无法解析,无法判定是否未动工",
              "出让(划拨)价款(CJJG)为负数", "电子监管号重复(2条)"]),
    "HT-E": ("是", "未动工", datetime.date(2022, 1, 1), 4, "疑似闲置-无偿收回", None,
             ["约定动工日期缺失,按合同签订日期(HTQDRQ)+12个月推定为2022-01-01", "已开发面积大于应开发面积"]),
}


def square(x, size=100.0, y=0.0, height=100.0):
    x, y = X0 + x, Y0 + y
    return f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + height},{x} {y + height},{x} {y}))"


@pytest.fixture()
def layers(tmp_path):
    gpkg = tmp_path / "county.gpkg"
    supply = write_gpkg(gpkg, "supply", SUPPLY_FIELDS, SUPPLY_ROWS, [square(x) for x in (0, 200, 400, 600, 800)])
    table = write_gpkg(gpkg, "supply_table", SUPPLY_FIELDS, SUPPLY_ROWS)
    dltb = write_gpkg(
        gpkg, "dltb", [("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal)],
        [["0101", 5000], ["0702", 5000], ["1206", 10000], ["0602", 10000], ["0301", 10000]],
        [square(0, 50), square(50, 50), square(200), square(400), square(800)])
    monitoring = write_gpkg(  # delivered in geographic CGCS2000: reprojected on reading
        gpkg, "monitoring", [("JCBH", ogr.OFTString), ("TBLX", ogr.OFTString)],
        [["JC01", "DT"], ["JC02", "20"], ["JC03", "YH"], ["JC04", "DT"]],
        [square(10, 10, 10, 10), square(210, 10, 10, 10), square(410, 10, 10, 10), square(1000, 10, 10, 10)],
        epsg=4490)
    return {"supply": supply, "table": table, "dltb": dltb, "monitoring": monitoring, "dir": tmp_path}


def features(path):
    layer = QgsVectorLayer(str(path), "out", "ogr")
    assert layer.isValid()
    return layer, {f["HTBH"]: f for f in layer.getFeatures()}


def check_rows(by_contract):
    assert sorted(by_contract) == sorted(EXPECTED)
    for contract, (suspected, idle_type, start, years, advice, fee, flag_parts) in EXPECTED.items():
        f = by_contract[contract]
        assert f["suspected"] == suspected, contract
        assert (f["idle_type"] or None) == idle_type, contract
        got_start = f["idle_start"].toPyDate() if f["idle_start"] else None
        assert got_start == start, contract
        assert (f["idle_years"] if f["idle_years"] is not None else None) == years, contract
        assert (f["advice"] or None) == advice, contract
        assert (f["idle_fee"] if f["idle_fee"] else None) == fee, contract
        for part in flag_parts:
            assert part in (f["flags"] or ""), (contract, part, f["flags"])
    assert by_contract["HT-D"]["DZJGH"] == "0003"  # input attributes kept, leading zeros too


def test_polygon_layer_with_evidence(layers, run_alg):
    out = layers["dir"] / "idle.gpkg"
    result = run_alg("idlelandscreening", {
        "INPUT": layers["supply"], "AS_OF_DATE": AS_OF, "EVIDENCE_SURVEY": layers["dltb"],
        "EVIDENCE_MONITORING": layers["monitoring"], "OUTPUT": str(out)})
    layer, rows = features(out)
    assert QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PolygonGeometry
    assert layer.featureCount() == 5
    check_rows(rows)
    assert [rows[c]["ev_nonbuilt"] for c in ("HT-A", "HT-B", "HT-C", "HT-E")] == [0.5, 1.0, 0.0, 1.0]
    assert not rows["HT-D"]["ev_nonbuilt"]  # outside the survey: no evidence, flagged
    assert "宗地不在地类图斑图层范围内" in rows["HT-D"]["flags"]
    assert rows["HT-A"]["ev_monitor"] == "未动工迹象(DT/TD/TP):JC01"
    assert rows["HT-B"]["ev_monitor"] == "建设迹象(20/YH):JC02"
    assert "监测图斑显示建设迹象(JC02),与未动工不符,请核实" in rows["HT-B"]["flags"]
    assert rows["HT-C"]["ev_monitor"] == "建设迹象(20/YH):JC03"
    assert "监测图斑" not in (rows["HT-C"]["flags"] or "")  # stalled, not "not started": no contradiction
    assert result["SUSPECTED"] == 4 and result["FLAGGED"] == 4 and result["FEE_TOTAL"] == 200.0


def test_geometryless_gpkg_table(layers, run_alg):
    out = layers["dir"] / "idle_table.gpkg"
    run_alg("idlelandscreening", {"INPUT": layers["table"], "AS_OF_DATE": AS_OF, "OUTPUT": str(out),
                                  "EVIDENCE_SURVEY": layers["dltb"]})  # no geometry: evidence ignored, logged
    layer, rows = features(out)
    assert layer.wkbType() == QgsWkbTypes.NoGeometry
    check_rows(rows)
    assert all(not f["ev_nonbuilt"] for f in rows.values())


def test_csv_with_land_market_headers(layers, run_alg):
    path = layers["dir"] / "supply.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADERS)
        for row in SUPPLY_ROWS:
            writer.writerow(["" if v is None else v for v in row])
    out = layers["dir"] / "idle_csv.gpkg"
    run_alg("idlelandscreening", {"INPUT": str(path), "AS_OF_DATE": AS_OF, "OUTPUT": str(out)})
    layer = QgsVectorLayer(str(out), "out", "ogr")
    assert layer.wkbType() == QgsWkbTypes.NoGeometry
    rows = {f["合同编号"]: f for f in layer.getFeatures()}
    for contract, expected in EXPECTED.items():
        f = rows[contract]
        years = f["idle_years"] if f["idle_years"] is not None else None
        assert f["suspected"] == expected[0] and years == expected[3]
    assert "约定动工日期(约定开工时间)无法解析" in rows["HT-D"]["flags"]
    assert rows["HT-D"]["电子监管号"] == "0003"


def test_excel_dates_and_serials(layers, run_alg):
    import openpyxl

    path = layers["dir"] / "supply.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "supply"
    sheet.append(["电子监管号", "合同编号", "约定动工日期", "成交价格"])
    sheet.append(["0001", "HT-X", datetime.datetime(2025, 11, 22), 1000])  # a real Excel date cell
    sheet.append(["0002", "HT-Y", 45983, 100])  # 45983 = 2025-11-22 as a plain serial number
    sheet.append(["0003", "HT-Z", "2025年11月23日", 100])  # one day short
    book.save(path)
    out = layers["dir"] / "idle_xlsx.gpkg"
    run_alg("idlelandscreening", {"INPUT": f"{path}|layername=supply", "AS_OF_DATE": AS_OF, "OUTPUT": str(out)})
    rows = {f["合同编号"]: f for f in QgsVectorLayer(str(out), "out", "ogr").getFeatures()}
    assert [rows[c]["suspected"] for c in ("HT-X", "HT-Y", "HT-Z")] == ["是", "是", "否"]
    assert rows["HT-X"]["idle_fee"] == 200.0 and rows["HT-Y"]["idle_fee"] == 20.0


def test_rule_parameters(layers, run_alg):
    out = layers["dir"] / "idle_rules.gpkg"
    # Flag-only for a missing start date: E is no longer judged; stall area ratio 0.25 makes C (0.3) not stalled
    # on area, and investment 30 % is not below 25 %.
    run_alg("idlelandscreening", {
        "INPUT": layers["table"], "AS_OF_DATE": "2026/11/22", "MISSING_START_RULE": 2, "STALL_AREA_RATIO": 0.25,
        "OUTPUT": str(out)})
    _, rows = features(out)
    assert rows["HT-E"]["suspected"] == "否" and "约定动工日期缺失,无法判定是否未动工" in rows["HT-E"]["flags"]
    assert rows["HT-C"]["suspected"] == "否"
    assert rows["HT-A"]["suspected"] == "是"


def test_bad_as_of_date_and_missing_date_fields(layers, run_alg):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="As-of date"):
        run_alg("idlelandscreening", {"INPUT": layers["table"], "AS_OF_DATE": "2026-02-30",
                                      "OUTPUT": str(layers["dir"] / "x.gpkg")})
    with pytest.raises(QgsProcessingException, match="YDDGRQ"):
        run_alg("idlelandscreening", {"INPUT": layers["monitoring"], "OUTPUT": str(layers["dir"] / "y.gpkg")})


# -- the sample county's planted cases (sample_data/expected.json) -------------------------------------------
EXPECTED_FLAGS = {
    "negative_price": "出让(划拨)价款",
    "developed_area_exceeds_due_area": "已开发面积大于应开发面积",
    "duplicate_dzjgh": "电子监管号重复(2条)",
    "missing_start_date": "约定动工日期缺失,按合同签订日期",
    "unparseable_date": "无法解析",
}
ADVICE = {"fee": "疑似闲置-征缴土地闲置费", "recovery": "疑似闲置-无偿收回", "government": "疑似闲置-政府原因-协商处置(",
          "force_majeure": "疑似闲置-不可抗力-协商处置("}


def sample_inputs():
    from conftest import SAMPLE_GPKG

    return [f"{SAMPLE_GPKG}|layername=supply_records", f"{SAMPLE_GPKG}|layername=supply_records_table",
            os.path.join(os.path.dirname(SAMPLE_GPKG), "supply_records.csv")]


@pytest.mark.parametrize("which", [0, 1, 2], ids=["polygons", "gpkg-table", "csv"])
def test_sample_county_planted_cases(which, tmp_path, run_alg):
    from conftest import SAMPLE_GPKG

    expected_path = os.path.join(os.path.dirname(SAMPLE_GPKG), "expected.json")
    with open(expected_path, encoding="utf-8") as handle:
        expected = json.load(handle)
    params = {"INPUT": sample_inputs()[which], "AS_OF_DATE": expected["_meta"]["as_of"],
              "OUTPUT": str(tmp_path / "idle.gpkg")}
    if which == 0:
        params.update(EVIDENCE_SURVEY=f"{SAMPLE_GPKG}|layername=dltb_2024",
                      EVIDENCE_MONITORING=f"{SAMPLE_GPKG}|layername=monitoring_patches")
    result = run_alg("idlelandscreening", params)
    layer = QgsVectorLayer(result["OUTPUT"], "out", "ogr")
    contract = "HTBH" if layer.fields().indexOf("HTBH") >= 0 else "合同编号"
    rows = {f[contract]: f for f in layer.getFeatures()}
    assert len(rows) == expected["_meta"]["counts"]["supply_records"]
    for key, case in expected["supply_records"].items():
        f = rows[case["HTBH"]]
        flags = f["flags"] or ""
        if "suspected" in case:
            assert (f["suspected"] == "是") == case["suspected"], (key, case)
        if case.get("suspected"):
            assert case["idle_type"] in f["idle_type"], (key, case)  # 中止 ⊂ 中止开发
            assert f["idle_years"] == case["idle_years"], (key, case)
            tier = case["tier"] or ("force_majeure" if case["cause_type"] == "force_majeure" else "government")
            assert f["advice"].startswith(ADVICE[tier]), (key, case, f["advice"])
            assert bool(f["idle_fee"]) == (tier == "fee"), (key, case)
        if "flag" in case:
            assert EXPECTED_FLAGS[case["flag"]] in flags, (key, case, flags)
    if which == 0:
        monitoring = " ".join(f["ev_monitor"] or "" for f in rows.values())
        for jcbh, patch in expected["monitoring_patches"].items():
            if patch.get("over") in ("supply_started", "supply_idle"):
                assert jcbh in monitoring, jcbh


def test_local_pm000_rule_with_a_chosen_field(tmp_path, run_alg):
    # The ±0.00 answer sits in a field no alias knows (JCBG): chosen through FIELD_FOUNDATION_PM000.
    fields = [("DZJGH", ogr.OFTString), ("YDDGRQ", ogr.OFTString), ("SJDGRQ", ogr.OFTString), ("JCBG", ogr.OFTString),
              ("CJJG", ogr.OFTReal)]
    rows = [["R1", "2025-01-01", "2025-02-01", "否", 100], ["R2", "2025-01-01", "2025-02-01", "是", 100],
            ["R3", "2025-01-01", "2025-02-01", None, 100]]
    table = write_gpkg(tmp_path / "pm.gpkg", "supply", fields, rows)
    outputs = {}
    for rule in (0, 1):
        out = tmp_path / f"pm_{rule}.gpkg"
        run_alg("idlelandscreening", {"INPUT": table, "AS_OF_DATE": AS_OF, "START_RULE": rule,
                                      "FIELD_FOUNDATION_PM000": "JCBG", "OUTPUT": str(out)})
        outputs[rule] = {f["DZJGH"]: f for f in QgsVectorLayer(str(out), "o", "ogr").getFeatures()}
    assert [outputs[0][k]["suspected"] for k in ("R1", "R2", "R3")] == ["否", "否", "否"]
    local = outputs[1]
    assert [local[k]["suspected"] for k in ("R1", "R2", "R3")] == ["是", "否", "否"]
    assert local["R1"]["idle_years"] == 1 and local["R1"]["idle_fee"] == 20.0
    assert "±0.00标高字段为空或无法识别,按实际动工日期判断" in local["R3"]["flags"]
