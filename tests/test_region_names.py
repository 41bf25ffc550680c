"""Region names (行政区名称): core/regions.py, and summaries and ledgers named through processing.run.

Sources in order of trust: the run's REGIONS table > the table chosen in the settings > the data's own names
(ZLDWMC, XZQMC) > the table shipped in resources/config/regions.json.
"""
from __future__ import annotations

import openpyxl
import pytest
from osgeo import ogr
from gpkg_util import write_dict_rows, write_gpkg

from conftest import SAMPLE_GPKG
from land_supervision.core import regions, usersettings
from land_supervision.core.ledger.writer import HEADER_ROW
from test_farmland_algorithms import AFTER, BEFORE, Recorder, features

V = "420102001001"  # the village of test_farmland_algorithms' surveys (ZLDWDM 4201020010010000000, ZLDWMC 东村)


def test_table_reads_codes_stored_as_numbers_and_names_the_rows_it_cannot_use():
    codes = [420102, 420102001.0, "420102001001", "4201", None, "420103", 420102.0, "1.30999101E+8"]
    names = ["东湖县", " 城关镇 ", "东村", "东湖市", "无码", "", "西湖县", "东河镇"]
    table, problems = regions.table(codes, names)
    # int 420102 and double 420102001.0 are the codes as text; 1.30999101E+8 (Excel's scientific text) too
    assert table == {"420102": "东湖县", "420102001": "城关镇", "420102001001": "东村", "130999101": "东河镇"}
    assert problems == [(4, "4201", regions.BAD_CODE), (5, "", regions.BAD_CODE), (6, "420103", regions.NO_NAME),
                        (7, "420102", regions.CONFLICT)]


def test_names_from_the_data_and_the_order_of_trust():
    # a village group's ZLDWMC (…0010000001 一组) names the village only when no row of the village itself does
    codes = ["4201020010010000001", "4201020010010000000", "4201020010020000003", 420102001003.0, None]
    names = ["东村一组", "东村", "西村三组", "北村", "无码"]
    assert regions.from_data(codes, names) == {"420102001001": "东村", "420102001002": "西村三组",
                                               "420102001003": "北村"}
    tables = ({"1": "run"}, {"1": "settings", "2": "settings"}, {"2": "data", "3": "data"},
              {"3": "shipped", "4": "shipped"})
    assert regions.lookup(*tables) == {"1": "run", "2": "settings", "3": "data", "4": "shipped"}


def test_shipped_table_names_the_sample_county_as_its_regions_layer_does():
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(SAMPLE_GPKG + "|layername=regions", "regions", "ogr")
    sample = {f["DM"]: f["MC"] for f in layer.getFeatures() if f["JB"] in ("county", "township")}
    assert usersettings.shipped("regions")["names"] == sample


def excel_table(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["XZQDM", "XZQMC"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return str(path)


def save_settings(folder, **entries):
    usersettings.save("regions", str(folder), {**usersettings.shipped("regions"), **entries})


def balance(run_alg, tmp_path, feedback, **extra):
    gpkg = str(tmp_path / "years.gpkg")
    before = write_dict_rows(gpkg, "dltb_2023", BEFORE)
    after = write_dict_rows(gpkg, "dltb_2024", AFTER)
    result = run_alg("farmlandbalance", {"SURVEY_BEFORE": before, "SURVEY_AFTER": after, "OUTPUT_FLOWS": "memory:",
                                         "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg"), **extra},
                     feedback=feedback)
    return {r["region_code"]: r["region_name"] for r in features(result["OUTPUT_SUMMARY"])}


def test_balance_names_from_the_run_table_the_settings_table_and_the_data(run_alg, tmp_path, user_dir):
    # Excel stores the codes as numbers: OGR reads 420102 as an integer and 420102001.0 as a double
    xlsx = excel_table(tmp_path / "xzq.xlsx", [[420102, "东湖县"], [420102001.0, "错镇"], [int(V), "东村村委会"],
                                               ["4201", "东湖市"]])
    save_settings(user_dir, region_table=xlsx)
    # the run's own table: a GeoPackage table whose code column is a double
    regions_uri = write_gpkg(tmp_path / "run.gpkg", "xzq", [("DM", ogr.OFTReal), ("MC", ogr.OFTString)],
                             [[420102001.0, "城关镇"]])
    feedback = Recorder()
    names = balance(run_alg, tmp_path, feedback, REGIONS=regions_uri)
    # county from the settings' table; township: the run's table wins over the settings'; village: the
    # settings' table wins over the survey's ZLDWMC 东村
    assert names == {"420102": "东湖县", "420102001": "城关镇", V: "东村村委会"}
    warning = next(w for w in feedback.messages if "4201)" in w)
    assert "xzq.xlsx" in warning and "not a 6-, 9- or 12-digit region code" in warning


def test_location_codes_stored_as_doubles_keep_their_names(run_alg, tmp_path, user_dir):
    # a DBF/Excel round trip left ZLDWDM as a double (4.20102001001e18) and the table's codes as integers
    gpkg = str(tmp_path / "doubles.gpkg")
    rows = [[dict(r, ZLDWDM=float(r["ZLDWDM"])) for r in survey] for survey in (BEFORE, AFTER)]
    before, after = (write_dict_rows(gpkg, name, data) for name, data in zip(("dltb_2023", "dltb_2024"), rows))
    regions_uri = write_gpkg(tmp_path / "run.gpkg", "xzq", [("DM", ogr.OFTInteger64), ("MC", ogr.OFTString)],
                             [[420102, "东湖县"], [420102001, "城关镇"]])
    result = run_alg("farmlandbalance", {"SURVEY_BEFORE": before, "SURVEY_AFTER": after, "REGIONS": regions_uri,
                                         "OUTPUT_FLOWS": "memory:", "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")})
    names = {r["region_code"]: r["region_name"] for r in features(result["OUTPUT_SUMMARY"])}
    assert names == {"420102": "东湖县", "420102001": "城关镇", V: "东村"}


def test_balance_without_tables_names_villages_from_the_survey(run_alg, tmp_path, user_dir):
    assert balance(run_alg, tmp_path, Recorder()) == {"420102": "", "420102001": "", V: "东村"}


def test_a_settings_table_saved_by_excel_as_gbk_csv(run_alg, tmp_path, user_dir):
    csv = tmp_path / "行政区.csv"
    csv.write_bytes("XZQDM,XZQMC\n420102,东湖县\n420102001,城关镇\n".encode("gbk"))
    save_settings(user_dir, region_table=str(csv))
    assert balance(run_alg, tmp_path, Recorder()) == {"420102": "东湖县", "420102001": "城关镇", V: "东村"}


def test_a_missing_settings_table_is_a_warning_naming_the_file(run_alg, tmp_path, user_dir):
    save_settings(user_dir, region_table=str(tmp_path / "gone.csv"))
    feedback = Recorder()
    assert balance(run_alg, tmp_path, feedback)[V] == "东村"
    assert any("gone.csv" in w and "does not exist" in w for w in feedback.messages)


def test_a_settings_table_without_a_name_field_is_named_with_the_accepted_names(run_alg, tmp_path, user_dir):
    csv = tmp_path / "xzq.csv"
    csv.write_text("XZQDM,RK\n420102,12000\n", encoding="utf-8")
    save_settings(user_dir, region_table=str(csv))
    feedback = Recorder()
    assert balance(run_alg, tmp_path, feedback)[V] == "东村"  # the run goes on with the other sources
    warning = next(w for w in feedback.messages if "xzq.csv" in w)
    assert "XZQMC" in warning and "not used" in warning


def test_names_edited_in_the_settings_win_over_the_data(run_alg, tmp_path, user_dir):
    names = dict(usersettings.shipped("regions")["names"], **{"420102": "东湖县", V: "东村（改）", "12": "坏"})
    save_settings(user_dir, names=names)
    feedback = Recorder()
    assert balance(run_alg, tmp_path, feedback) == {"420102": "东湖县", "420102001": "", V: "东村（改）"}
    assert any("entry 12" in w for w in feedback.messages)


def test_sample_ledger_summary_rows_sheets_and_charts_carry_the_shipped_names(run_alg, tmp_path, user_dir):
    tasks = SAMPLE_GPKG + "|layername=restoration_tasks"
    checked = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": SAMPLE_GPKG + "|layername=dltb_2024",
                                              "OUTPUT": str(tmp_path / "checked.gpkg")})["OUTPUT"]
    out = tmp_path / "ledger.xlsx"
    run_alg("exportledger", {"INPUT": checked, "TEMPLATE": "restoration", "AS_OF_DATE": "2026-11-22",
                             "GROUP_BY": 1, "OUTPUT": str(out)})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "进度", "邻山县乡镇", "示例县乡镇", "明细"]
    head = [c.value for c in wb["汇总"][HEADER_ROW]]
    summary = [dict(zip(head, r)) for r in wb["汇总"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert [(r["行政区代码"], r["行政区名称"]) for r in summary] == [
        ("130998", "邻山县"), ("130999", "示例县"), (None, "合计")]
    townships = [r[:2] for r in wb["示例县乡镇"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert townships[:4] == [("130999101", "东河镇"), ("130999102", "西岭乡"), ("130999103", "南坪镇"),
                             ("130999104", "北山乡")]
    # the charts on 汇总 draw their categories from column B (行政区) of 进度: names, not codes
    progress = {r[1] for r in wb["进度"].iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 5, values_only=True)}
    assert progress == {"东河镇", "西岭乡", "南坪镇", "北山乡", "石岗乡"}


def test_restoration_log_summary_by_county_and_township(run_alg, tmp_path, user_dir):
    feedback = Recorder()
    run_alg("farmlandrestoration", {"INPUT": SAMPLE_GPKG + "|layername=restoration_tasks",
                                    "SURVEY": SAMPLE_GPKG + "|layername=dltb_2024", "OUTPUT": "memory:"},
            feedback=feedback)
    lines = [line for line in feedback.messages if " tasks, " in line]
    assert lines[0].startswith("130998 邻山县: 14 tasks, 6 restored (42.86 %)")  # 6 / 14 = 42.857 %
    assert any(line.startswith("130999101 东河镇: 13 tasks, 3 restored (23.08 %)") for line in lines)
    assert lines[-1].startswith("All tasks: 56 tasks, 27 restored (48.21 %)")  # 27 / 56 = 48.214 %


def sheet_rows(ws):
    head = [c.value for c in ws[HEADER_ROW]]
    return [dict(zip(head, r)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def test_ledger_region_table_names_summary_township_sheets_and_progress_charts(run_alg, tmp_path, user_dir):
    # the run's table renames the sample county and one township; the other county and townships keep the
    # shipped names (resources/config/regions.json), which rank below it
    xlsx = excel_table(tmp_path / "xzq.xlsx", [[130999, "示例县（表）"], [130999101, "东河镇（表）"]])
    checked = run_alg("farmlandrestoration", {"INPUT": SAMPLE_GPKG + "|layername=restoration_tasks",
                                              "SURVEY": SAMPLE_GPKG + "|layername=dltb_2024",
                                              "OUTPUT": str(tmp_path / "checked.gpkg")})["OUTPUT"]
    out = tmp_path / "ledger.xlsx"
    run_alg("exportledger", {"INPUT": checked, "TEMPLATE": "restoration", "AS_OF_DATE": "2026-11-22",
                             "GROUP_BY": 1, "REGIONS": xlsx, "OUTPUT": str(out)})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["汇总", "进度", "邻山县乡镇", "示例县（表）乡镇", "明细"]
    assert [(r["行政区代码"], r["行政区名称"]) for r in sheet_rows(wb["汇总"])] == [
        ("130998", "邻山县"), ("130999", "示例县（表）"), (None, "合计")]
    sheet = wb["示例县（表）乡镇"]
    townships = [r[:2] for r in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 4, values_only=True)]
    assert townships == [("130999101", "东河镇（表）"), ("130999102", "西岭乡"), ("130999103", "南坪镇"),
                         ("130999104", "北山乡")]
    # the completion chart's categories are column B (行政区) of 进度's township ranking
    progress = {r[1] for r in wb["进度"].iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 5, values_only=True)}
    assert progress == {"东河镇（表）", "西岭乡", "南坪镇", "北山乡", "石岗乡"}


def test_ledger_rows_named_by_the_region_table_before_the_layers_own_names(run_alg, tmp_path, user_dir):
    gpkg = str(tmp_path / "years.gpkg")
    summary = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": write_dict_rows(gpkg, "dltb_2023", BEFORE), "OUTPUT_FLOWS": "memory:",
        "SURVEY_AFTER": write_dict_rows(gpkg, "dltb_2024", AFTER),
        "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")})["OUTPUT_SUMMARY"]
    # the summary layer names the village 东村 (the survey's ZLDWMC) and leaves the county and township empty
    assert {r["region_code"]: r["region_name"] for r in features(summary)} == {
        "420102": "", "420102001": "", V: "东村"}
    # the settings' table names the county; the run's table renames the village: a table given to the run
    # ranks above the layer's own names, as in farmlandbalance itself
    save_settings(user_dir, region_table=excel_table(tmp_path / "settings.xlsx", [[420102, "东湖县"]]))
    regions_uri = write_gpkg(tmp_path / "run.gpkg", "xzq", [("XZQDM", ogr.OFTString), ("XZQMC", ogr.OFTString)],
                             [[V, "东村村委会"]])
    out = tmp_path / "balance.xlsx"
    run_alg("exportledger", {"INPUT": summary, "TEMPLATE": "balance_summary", "REGIONS": regions_uri,
                             "OUTPUT": str(out)})
    wb = openpyxl.load_workbook(out)
    rows = sheet_rows(wb["明细"])
    assert [(r["行政区代码"], r["行政区名称"]) for r in rows] == [
        ("420102", "东湖县"), ("420102001", None), (V, "东村村委会")]
    assert [(r["行政区代码"], r["行政区名称"]) for r in sheet_rows(wb["汇总"])][:1] == [("420102", "东湖县")]


def test_atlas_groups_named_in_the_order_of_trust_down_to_the_layers_own_names(run_alg, tmp_path, user_dir):
    from test_chasing_algorithms import pdf_pages, square

    # a township-level ledger: XZQDM holds township codes, XZQMC the names the layer gives them
    fields = [("TBBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("XZQMC", ogr.OFTString), ("TBMJ", ogr.OFTReal),
              ("ZGSX", ogr.OFTDate), ("ZGZT", ogr.OFTString)]
    rows = [["T1", "410102001", "甲镇（数据）", 1000.0, (2024, 7, 1), "未整改"],
            ["T2", "410102002", "乙镇（数据）", 1000.0, (2024, 7, 1), "未整改"],
            ["T3", "410102003", "丙镇（数据）", 1000.0, (2024, 7, 1), "未整改"],
            ["T4", "410102004", "丁镇（数据）", 1000.0, (2024, 7, 1), "未整改"],
            ["T5", "130999101", None, 1000.0, (2024, 7, 1), "未整改"]]
    layer = write_gpkg(tmp_path / "items.gpkg", "items", fields, rows, [square(k) for k in range(5)])
    regions_uri = write_gpkg(tmp_path / "run.gpkg", "xzq", [("DM", ogr.OFTString), ("MC", ogr.OFTString)],
                             [["410102001", "甲镇（表）"]])
    settings_table = excel_table(tmp_path / "settings.xlsx", [[410102002, "乙镇（设置表）"]])
    names = dict(usersettings.shipped("regions")["names"], **{"410102003": "丙镇（设置）"})
    save_settings(user_dir, region_table=settings_table, names=names)
    pdf = tmp_path / "atlas.pdf"
    result = run_alg("exportatlas", {"INPUT": layer, "REGIONS": regions_uri, "AS_OF_DATE": "2024-06-01",
                                     "OUTPUT": str(pdf)})
    assert result["PAGES"] == 10  # 5 groups: an overview and one item page each
    overviews = [page.strip().splitlines()[0].strip() for page in pdf_pages(pdf)[::2]]
    # groups in code order: 东河镇 from the shipped table (the layer gives T5 no name)
    assert overviews == ["核查图册:东河镇(总览)", "核查图册:甲镇(表)(总览)", "核查图册:乙镇(设置表)(总览)",
                         "核查图册:丙镇(设置)(总览)", "核查图册:丁镇(数据)(总览)"]  # NFKC folds the full-width （）


def test_balance_ledger_destination_columns_are_the_m2_fields_once(run_alg, tmp_path):
    """The summary layer carries every destination twice, out_X (m²) and out_X_mu (亩): the ledger's 流出去向
    columns come from the m² fields only (the 亩 twins, read as m² and converted again, showed 0.09 for 59.01 亩)."""
    gpkg = str(tmp_path / "years.gpkg")
    summary = run_alg("farmlandbalance", {
        "SURVEY_BEFORE": write_dict_rows(gpkg, "dltb_2023", BEFORE), "OUTPUT_FLOWS": "memory:",
        "SURVEY_AFTER": write_dict_rows(gpkg, "dltb_2024", AFTER),
        "OUTPUT_SUMMARY": str(tmp_path / "summary.gpkg")})["OUTPUT_SUMMARY"]
    fields = list(features(summary)[0].keys())
    groups = [f for f in fields if f.startswith("out_") and not f.endswith("_mu")]
    assert groups and all(g + "_mu" in fields for g in groups)
    out = tmp_path / "balance.xlsx"
    run_alg("exportledger", {"INPUT": summary, "TEMPLATE": "balance_summary", "OUTPUT": str(out)})
    rows = sheet_rows(openpyxl.load_workbook(out)["明细"])
    destinations = [h for h in rows[0] if h.startswith("流出去向")]
    assert len(destinations) == len(groups) and not any("_mu" in h for h in destinations)
    outflow_mu = {r["region_code"]: r["outflow_mu"] for r in features(summary)}
    assert len(rows) == len(outflow_mu)
    for row in rows:
        assert row["耕地流出"] == pytest.approx(outflow_mu[row["行政区代码"]], abs=0.011)
