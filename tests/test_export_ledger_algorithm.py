"""landsupervision:exportledger through processing.run on hand-built GeoPackage layers."""
from __future__ import annotations

import json
import os
from datetime import date, datetime

import openpyxl
import pytest
from osgeo import ogr
from qgis.core import QgsProcessingException, QgsProcessingFeatureSourceDefinition, QgsProject, QgsVectorLayer
from gpkg_util import write_gpkg

from conftest import REALDATA, SAMPLE_GPKG, needs_realdata
from land_supervision.core.config import RESOURCES_DIR
from land_supervision.core.ledger.writer import HEADER_ROW

MODEL = os.path.join(RESOURCES_DIR, "models", "restoration_to_ledger.model3")

TASK_FIELDS = [("RWBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("ZRDW", ogr.OFTString),
               ("task_area", ogr.OFTReal), ("rest_gross", ogr.OFTReal), ("rest_net", ogr.OFTReal),
               ("rest_ratio", ogr.OFTReal), ("status", ogr.OFTString), ("WCQX", ogr.OFTDate), ("BZ", ogr.OFTString)]
# As of 2024-06-01, 15 warning days: T1 overdue (-1 day), T2 due soon (15 days), T3 done, T4 normal (30 days).
TASKS = [
    ["T1", "410102001001", "甲镇", 1000.0, 500.0, 400.0, 0.4, "部分恢复", (2024, 5, 31), "=1+1"],
    ["T2", "410102002001", "乙镇", 10.0, 0.0, 0.0, 0.0, "未恢复", (2024, 6, 16), None],
    ["T3", "410101001001", "丙镇", 2000.0, 2000.0, 2000.0, 1.0, "已恢复", (2024, 3, 1), None],
    ["T4", "410101001002", "丙镇", 333.33, 0.0, 0.0, 0.0, "未恢复", (2024, 7, 1), None],
]
CHIEF_FIELDS = [("CJDM", ogr.OFTString), ("CJMC", ogr.OFTString), ("XJTZ", ogr.OFTString),
                ("XZTZ", ogr.OFTString), ("CJTZ", ogr.OFTString), ("WGZ", ogr.OFTString)]
CHIEFS = [["410102001001", "一村", "张县长", "李镇长", "王村长", "赵网格"],
          ["410101001001", "三村", "钱县长", "孙镇长", "周村长", "吴网格"]]


def square(x):
    return f"POLYGON(({38500000 + x} 4000000,{38500100 + x} 4000000,{38500100 + x} 4000100,{38500000 + x} 4000100," \
           f"{38500000 + x} 4000000))"


def write_layer(path, name, fields, rows, polygons=True):
    return write_gpkg(path, name, fields, rows, [square(200 * i) for i in range(len(rows))] if polygons else None)


@pytest.fixture()
def gpkg(tmp_path):
    path = tmp_path / "ledger_input.gpkg"
    return {
        "tasks": write_layer(path, "tasks", TASK_FIELDS, TASKS),
        "chiefs": write_layer(path, "field_chiefs", CHIEF_FIELDS, CHIEFS, polygons=False),
        "empty": write_layer(path, "empty_tasks", TASK_FIELDS, []),
        "other": write_layer(path, "monitoring", [("JCBH", ogr.OFTString), ("XZQDM", ogr.OFTString),
                                                  ("MJ", ogr.OFTReal)], [["J1", "410101", 1500.0]]),
    }


def params(source, output, **extra):
    base = {"INPUT": source, "TEMPLATE": "", "AS_OF_DATE": "2024-06-01", "WARNING_DAYS": 15,
            "GROUP_BY": 0, "OUTPUT": str(output)}
    base.update(extra)
    return base


def rows_of(ws):
    head = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(head, (c.value for c in row))) for row in ws.iter_rows(min_row=HEADER_ROW + 1)]


def test_restoration_ledger_with_responsibility(run_alg, gpkg, tmp_path):
    out = tmp_path / "restoration.xlsx"
    result = run_alg("exportledger", params(gpkg["tasks"], out, GROUP_BY=1, RESPONSIBILITY=gpkg["chiefs"],
                                            ORG="某县自然资源局", TITLE="耕地恢复整改台账"))
    assert result["OUTPUT"] == str(out) and result["ROWS"] == 4 and result["TEMPLATE_USED"] == "restoration"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "进度", "410101乡镇", "410102乡镇", "明细"]
    detail = wb["明细"]
    assert detail["A1"].value == "耕地恢复整改台账" and detail["A2"].value == "填报单位：某县自然资源局"
    rows = rows_of(detail)
    assert [r["期限状态"] for r in rows] == ["逾期", "临期", "已完成", "正常"]
    assert [r["剩余天数"] for r in rows] == [-1, 15, -92, 30]
    assert [r["任务面积"] for r in rows] == [1.5, 0.02, 3.0, 0.5]
    assert rows[0]["完成期限"] == datetime(2024, 5, 31)
    assert rows[0]["备注"] == "=1+1" and detail.cell(HEADER_ROW + 1, list(rows[0]).index("备注") + 1).data_type == "s"
    assert [r["县级田长"] for r in rows] == ["张县长", None, "钱县长", None]
    assert rows[0]["网格长"] == "赵网格"
    summary = rows_of(wb["汇总"])
    assert [(r["行政区代码"], r["数量"], r["任务面积"]) for r in summary] == [
        ("410101", 2, 3.5), ("410102", 2, 1.52), (None, 4, 5.02)]
    assert summary[-1]["逾期数量"] == 1 and summary[-1]["临期面积"] == 0.02


def test_selected_features_only(run_alg, gpkg, tmp_path):
    layer = QgsVectorLayer(gpkg["tasks"], "tasks", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    try:
        layer.selectByExpression("\"RWBH\" IN ('T2', 'T4')")
        out = tmp_path / "selected.xlsx"
        source = QgsProcessingFeatureSourceDefinition(layer.id(), True)
        result = run_alg("exportledger", params(source, out, TEMPLATE="restoration"))
        assert result["ROWS"] == 2
        assert [r["任务编号"] for r in rows_of(openpyxl.load_workbook(out)["明细"])] == ["T2", "T4"]
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_existing_file_needs_overwrite(run_alg, gpkg, tmp_path):
    out = tmp_path / "twice.xlsx"
    out.write_bytes(b"an older ledger")
    with pytest.raises(QgsProcessingException, match="already exists"):
        run_alg("exportledger", params(gpkg["tasks"], out))
    assert out.read_bytes() == b"an older ledger"
    run_alg("exportledger", params(gpkg["tasks"], out, OVERWRITE=True))
    assert len(rows_of(openpyxl.load_workbook(out)["明细"])) == 4


def test_missing_fields_are_named_and_generic_suggested(run_alg, gpkg, tmp_path):
    out = tmp_path / "missing.xlsx"
    with pytest.raises(QgsProcessingException) as info:
        run_alg("exportledger", params(gpkg["other"], out, TEMPLATE="restoration"))
    message = str(info.value)
    assert "RWBH" in message and "rest_net" in message and "问题整改台账" in message  # the generic template
    assert not out.exists()


def test_any_layer_falls_back_to_the_generic_template(run_alg, gpkg, tmp_path):
    out = tmp_path / "generic.xlsx"
    result = run_alg("exportledger", params(gpkg["other"], out))
    assert result["TEMPLATE_USED"] == "generic"
    rows = rows_of(openpyxl.load_workbook(out)["明细"])
    assert rows[0]["图斑编号"] == "J1" and rows[0]["图斑面积"] == 2.25 and rows[0]["期限状态"] == "无期限"


def test_template_from_a_file_path(run_alg, gpkg, tmp_path):
    from land_supervision.core.config import TEMPLATES_DIR

    out = tmp_path / "path.xlsx"
    result = run_alg("exportledger", params(gpkg["tasks"], out, TEMPLATE=f"{TEMPLATES_DIR}/restoration.json"))
    assert result["TEMPLATE_USED"] == "restoration"


def test_empty_layer_gives_a_valid_workbook(run_alg, gpkg, tmp_path):
    out = tmp_path / "empty.xlsx"
    result = run_alg("exportledger", params(gpkg["empty"], out, TEMPLATE="restoration"))
    assert result["ROWS"] == 0
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["明细"][HEADER_ROW]][:2] == ["序号", "任务编号"]
    total = rows_of(wb["汇总"])
    assert len(total) == 1 and total[0]["行政区名称"] == "合计" and total[0]["数量"] == 0


def test_as_of_defaults_to_today(run_alg, gpkg, tmp_path):
    out = tmp_path / "today.xlsx"
    settings = params(gpkg["tasks"], out)
    del settings["AS_OF_DATE"]
    run_alg("exportledger", settings)
    detail = openpyxl.load_workbook(out)["明细"]
    assert f"截止日期：{date.today().isoformat()}" in [c.value for c in detail[2]]


def test_example_model_restoration_to_ledger_on_the_sample(provider, tmp_path):
    """The shipped model chains farmlandrestoration -> exportledger; deadlines match sample_data/expected.json."""
    import processing
    from qgis.core import QgsProcessingFeedback, QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(MODEL)
    assert {c.algorithmId() for c in model.childAlgorithms().values()} == {
        "landsupervision:farmlandrestoration", "landsupervision:exportledger"}
    out = tmp_path / "sample_restoration.xlsx"
    result = processing.run(model, {
        "tasks": f"{SAMPLE_GPKG}|layername=restoration_tasks", "survey": f"{SAMPLE_GPKG}|layername=dltb_2024",
        "responsibility": f"{SAMPLE_GPKG}|layername=field_chiefs", "as_of": "2026-11-22", "org": "示例县自然资源局",
        "overwrite": False, "ledger:整改台账": str(out), "restoration:恢复核查结果": "TEMPORARY_OUTPUT",
    }, feedback=QgsProcessingFeedback())
    assert result["ledger:整改台账"] == str(out)
    with open(os.path.join(os.path.dirname(SAMPLE_GPKG), "expected.json"), encoding="utf-8") as handle:
        expected = json.load(handle)["restoration_tasks"]
    rows = {r["任务编号"]: r for r in rows_of(openpyxl.load_workbook(out)["明细"])}
    assert set(rows) == set(expected)
    for task_id, case in expected.items():
        assert (rows[task_id]["剩余天数"], rows[task_id]["期限状态"]) == (case["days_left"], case["deadline_status"]), \
            task_id
        assert rows[task_id]["恢复状态"] == case["status"], task_id
        assert rows[task_id]["县级田长"], task_id  # every sample village has field chiefs


def test_headless_qgis_process(gpkg, tmp_path):
    import subprocess

    from test_plugin_load import QGIS_PROCESS, qgis_process_env

    env = qgis_process_env(tmp_path)
    subprocess.run([QGIS_PROCESS, "plugins", "enable", "land_supervision"], env=env, capture_output=True, timeout=120)
    out = tmp_path / "headless.xlsx"
    run = subprocess.run([QGIS_PROCESS, "run", "landsupervision:exportledger", "--", f"INPUT={gpkg['tasks']}",
                          "AS_OF_DATE=2024-06-01", "GROUP_BY=1", f"OUTPUT={out}"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ROWS:\t4" in run.stdout and "TEMPLATE_USED:\trestoration" in run.stdout
    assert openpyxl.load_workbook(out).sheetnames == ["汇总", "进度", "410101乡镇", "410102乡镇", "明细"]


@needs_realdata
def test_real_foreign_layers_export_with_the_generic_template(run_alg, tmp_path):
    """Real public files (no 三调 fields, shapefile without .cpg): every row and field reaches the ledger."""
    for name, rows, field in (("fr_cadastre_parcels.gpkg", 900, "IDU"),
                              ("dk_marker_2026/Marker_2026.shp", 100, "Afgroede")):
        out = tmp_path / (os.path.basename(name) + ".xlsx")
        result = run_alg("exportledger", {"INPUT": os.path.join(REALDATA, name), "OUTPUT": str(out)})
        assert (result["ROWS"], result["TEMPLATE_USED"]) == (rows, "generic")
        detail = openpyxl.load_workbook(out)["明细"]
        assert field in [c.value for c in detail[HEADER_ROW]] and detail.max_row == HEADER_ROW + rows


def test_restoration_ledger_states_the_ratio_rule(run_alg, gpkg, tmp_path):
    """The 说明 of the ratio columns (like with like, ratio base) is the header cells' comment."""
    out = tmp_path / "restoration_notes.xlsx"
    run_alg("exportledger", params(gpkg["tasks"], out))
    detail = openpyxl.load_workbook(out)["明细"]
    notes = {c.value: c.comment.text for c in detail[HEADER_ROW] if c.comment is not None}
    assert notes["恢复比例"].startswith("同口径比较：已恢复面积(净) ÷ 比例基数")
    base = [text for header, text in notes.items() if header.startswith("比例基数")]
    assert len(base) == 1 and "任务所覆盖耕地的田坎面积" in base[0]
