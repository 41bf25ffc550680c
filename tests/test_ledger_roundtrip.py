"""Round trips of a rectification ledger: export with a store, edit the workbook as users do, import it back.

The edits are made with openpyxl the way people make them in Excel or WPS: sorting (rows moved with their
hidden key), filtering (rows hidden), deleting and inserting rows, hiding and moving columns, renaming the sheet,
typing dates in several forms and formulas; one return is re-saved by LibreOffice.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime

import openpyxl
import pytest
from osgeo import ogr

from conftest import REALDATA, needs_realdata
from land_supervision.core.ledger.roundtrip import KEY_HEADER, META_SHEET
from land_supervision.core.ledger.writer import HEADER_ROW
from test_export_ledger_algorithm import TASK_FIELDS, TASKS, write_layer

AS_OF = "2024-06-01"


@pytest.fixture()
def ledger(run_alg, tmp_path):
    """The restoration ledger of the four tasks exported with a new store."""
    layer = write_layer(tmp_path / "tasks.gpkg", "tasks", TASK_FIELDS, TASKS)
    store = tmp_path / "campaign.gpkg"
    out = tmp_path / "round1.xlsx"
    result = run_alg("exportledger", {"INPUT": layer, "AS_OF_DATE": AS_OF, "OUTPUT": str(out), "STORE": str(store)})
    assert result["ROWS"] == 4
    return {"layer": layer, "store": str(store), "xlsx": str(out), "dir": tmp_path}


def detail(wb):
    """The sheet holding the key column, whatever it is called now."""
    return next(ws for ws in wb.worksheets if ws.title != META_SHEET and any(
        c.value == KEY_HEADER for c in ws[HEADER_ROW]))


def col(ws, header):
    return next(c.column for c in ws[HEADER_ROW] if c.value == header)


def row_of(ws, key):
    k = col(ws, KEY_HEADER)
    return next(r for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, k).value == key)


def edit(path, target, change):
    """Open a returned copy, let ``change(wb)`` edit it, save it under ``target``."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(target)
    return str(target)


def set_cell(ws, key, header, value):
    ws.cell(row_of(ws, key), col(ws, header)).value = value


def items(store):
    ds = ogr.Open(store)
    layer = ds.GetLayerByName("ledger_items")
    out = {}
    for f in layer:
        out[f.GetField("item_key")] = {layer.GetLayerDefn().GetFieldDefn(i).GetName(): f.GetField(i)
                                       for i in range(f.GetFieldCount())}
    return out


def table(store, name):
    ds = ogr.Open(store)
    layer = ds.GetLayerByName(name)
    defn = layer.GetLayerDefn()
    return [{defn.GetFieldDefn(i).GetName(): f.GetField(i) for i in range(f.GetFieldCount())} for f in layer]


def run_import(run_alg, files, store, **extra):
    params = {"INPUT": [str(f) for f in files], "STORE": store, "CHANGES": "memory:"}
    params.update(extra)
    result = run_alg("importledger", params)
    layer = result["CHANGES"]
    layer = layer if not isinstance(layer, str) else None
    changes = []
    if layer is not None:
        names = layer.fields().names()
        changes = [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
    return result, changes


def test_workbook_carries_keys_metadata_and_validations(ledger):
    wb = openpyxl.load_workbook(ledger["xlsx"])
    assert wb.sheetnames[-1] == META_SHEET and wb[META_SHEET].sheet_state == "hidden"
    assert wb[META_SHEET].protection.sheet
    ws = wb["明细"]
    key_col = col(ws, KEY_HEADER)
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(key_col)].hidden
    assert [ws.cell(r, key_col).value for r in range(4, 8)] == ["T1", "T2", "T3", "T4"]
    measure, area = ws.cell(4, col(ws, "整改措施")), ws.cell(4, col(ws, "任务面积"))
    assert measure.protection.locked is False and measure.fill.fgColor.rgb.endswith("FFF2CC")
    assert area.protection.locked is True and area.fill.fgColor.rgb in (None, "00000000")
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"}
    progress = openpyxl.utils.get_column_letter(col(ws, "整改状态"))
    assert lists[f"{progress}4:{progress}507"] == '"未整改,整改中,已完成"'
    assert any(v.type == "date" for v in ws.data_validations.dataValidation)
    # a sort from the filter drop-down moves the filter range: it reaches the hidden key column
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:{openpyxl.utils.get_column_letter(key_col)}{HEADER_ROW + 4}"
    # T3 is 已恢复: the geometry suggests closing it, it is never 销号 by itself (domain.md §6.3).
    assert ws.cell(row_of(ws, "T3"), col(ws, "销号条件(核查)")).value == "具备销号条件(疑似)"
    assert ws.cell(row_of(ws, "T3"), col(ws, "是否销号")).value is None


def test_user_edits_come_back_whatever_was_done_to_the_sheet(run_alg, ledger):
    store = ledger["store"]

    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "T1", "整改措施", "拆除复耕")
        set_cell(ws, "T1", "整改状态", "整改中")
        set_cell(ws, "T2", "完成时间", "2024年5月20日")      # a date typed as Chinese text
        set_cell(ws, "T4", "完成时间", "2024.6.3")
        set_cell(ws, "T4", "责任人", "=CONCAT(\"王\",\"五\")")  # a formula without a cached value: kept as text
        set_cell(ws, "T2", "任务面积", 99.0)                 # an analysis column: rejected
        set_cell(ws, "T3", "整改状态", "差不多了")             # not in the list: rejected
        set_cell(ws, "T3", "整改措施", "复耕")
        # sort descending by key (rows move with their key), hide a row (filter), hide and move columns
        body = [[c.value for c in row] for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 4)]
        key_i = col(ws, KEY_HEADER) - 1
        body.sort(key=lambda r: r[key_i], reverse=True)
        for i, values in enumerate(body):
            for j, v in enumerate(values):
                ws.cell(HEADER_ROW + 1 + i, j + 1).value = v
        ws.row_dimensions[HEADER_ROW + 2].hidden = True
        ws.column_dimensions["D"].hidden = True
        ws.move_range(f"B{HEADER_ROW}:B{HEADER_ROW + 4}", cols=ws.max_column)  # 任务编号 moved to the far right
        ws.insert_rows(HEADER_ROW + 2)                     # an empty inserted row
        ws.title = "我的台账"

    returned = edit(ledger["xlsx"], ledger["dir"] / "back_A.xlsx", township)
    before = os.path.getmtime(returned), open(returned, "rb").read()
    result, changes = run_import(run_alg, [returned], store)
    assert (os.path.getmtime(returned), open(returned, "rb").read()) == before  # the return is never modified
    by = {(c["item_key"], c["column"]): c for c in changes}
    assert by[("T1", "整改措施")]["outcome"] == "applied" and by[("T1", "整改状态")]["new_value"] == "整改中"
    assert by[("T2", "完成时间")]["new_value"] == "2024-05-20" and by[("T4", "完成时间")]["new_value"] == "2024-06-03"
    assert by[("T4", "责任人")]["new_value"] == '=CONCAT("王","五")' and "text" in by[("T4", "责任人")]["reason"]
    # 任务面积 of T2 was 10 m² = 0.015 亩, shown 0.02 (half-up, 2 decimals); the edit to 99 is refused
    assert by[("T2", "任务面积")]["outcome"] == "rejected"
    assert (by[("T2", "任务面积")]["old_value"], by[("T2", "任务面积")]["new_value"]) == ("0.02", "99")
    assert by[("T3", "整改状态")]["outcome"] == "rejected" and "差不多了" in by[("T3", "整改状态")]["reason"]
    assert result["APPLIED"] == 6 and result["REJECTED"] == 2 and result["CONFLICTS"] == 0
    assert result["NEW_ROWS"] == 0 and result["MISSING_ROWS"] == 0
    now = items(store)
    assert now["T1"]["measure"] == "拆除复耕" and now["T1"]["progress"] == "整改中"
    assert now["T2"]["finished"] == "2024/05/20" and now["T2"]["task_area"] == pytest.approx(0.02)
    assert now["T4"]["person"] == '=CONCAT("王","五")' and now["T3"]["progress"] is None
    assert now["T1"]["update_source"] == "back_A.xlsx"
    history = table(store, "ledger_changes")
    applied = [h for h in history if h["outcome"] == "applied"]
    assert len(applied) == 6 and {h["source_file"] for h in applied} == {"back_A.xlsx"}
    assert all(h["sheet"] == "我的台账" and h["row_number"] > HEADER_ROW for h in applied)
    assert table(store, "ledger_imports")[0]["applied"] == 6

    # The same file again: nothing changes (no cell, no record, no import row).
    result, _ = run_import(run_alg, [returned], store)
    assert result["APPLIED"] == 0 and items(store) == now
    assert len(table(store, "ledger_changes")) == len(history) and len(table(store, "ledger_imports")) == 1

    # The next round's workbook, exported from the store's own layer, shows what the teams reported.
    out = ledger["dir"] / "round2.xlsx"
    run_alg("exportledger", {"INPUT": f"{store}|layername=ledger_items", "AS_OF_DATE": AS_OF, "OUTPUT": str(out)})
    ws = openpyxl.load_workbook(out)["明细"]
    heads = [c.value for c in ws[HEADER_ROW]]
    rows = {r[heads.index("任务编号")]: dict(zip(heads, r)) for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows["T1"]["整改措施"] == "拆除复耕" and rows["T1"]["更新来源"] == "back_A.xlsx"
    assert rows["T2"]["完成时间"] == datetime(2024, 5, 20) and rows["T2"]["任务面积"] == 0.02
    assert rows["T4"]["责任人"] == '=CONCAT("王","五")'  # written back as text, not as a formula
    assert all(datetime.fromisoformat(r["最近更新"]) for r in rows.values())  # every task got an edit


def test_closure_rule_missing_and_new_rows(run_alg, ledger):
    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "T1", "是否销号", "是")                 # no 已完成, no basis: rejected
        set_cell(ws, "T3", "整改状态", "已完成")
        set_cell(ws, "T3", "是否销号", "是")
        set_cell(ws, "T3", "销号依据", "县验〔2024〕12号")   # complete: accepted
        ws.delete_rows(row_of(ws, "T4"))                   # T4 deleted by the township
        ws.append([None, "T9", "410101001003", None, None, None, 50])  # a row the township added, no key

    returned = edit(ledger["xlsx"], ledger["dir"] / "back.xlsx", township)
    result, changes = run_import(run_alg, [returned], ledger["store"])
    by = {(c["item_key"], c["column"]): c for c in changes}
    assert by[("T1", "是否销号")]["outcome"] == "rejected" and "已完成" in by[("T1", "是否销号")]["reason"]
    assert by[("T3", "是否销号")]["outcome"] == "applied"
    assert result["MISSING_ROWS"] == 1 and by[("T4", "")]["outcome"] == "missing row"
    assert result["NEW_ROWS"] == 1
    new = next(c for c in changes if c["outcome"] == "new row")
    assert '"任务编号": "T9"' in new["new_value"]
    now = items(ledger["store"])
    assert set(now) == {"T1", "T2", "T3", "T4"}  # nothing deleted, nothing merged
    assert now["T3"]["closed"] == "是" and now["T1"]["closed"] is None


def test_conflicts_between_two_returns_and_file_order(run_alg, ledger):
    a = edit(ledger["xlsx"], ledger["dir"] / "甲镇.xlsx", lambda wb: (
        set_cell(wb["明细"], "T1", "整改措施", "拆除"), set_cell(wb["明细"], "T2", "整改措施", "补划")))
    b = edit(ledger["xlsx"], ledger["dir"] / "乙镇.xlsx", lambda wb: (
        set_cell(wb["明细"], "T1", "整改措施", "复耕"), set_cell(wb["明细"], "T2", "整改措施", "补划")))
    dry, _ = run_import(run_alg, [a, b], ledger["store"], APPLY=False)
    assert dry["CONFLICTS"] == 2 and dry["APPLIED"] == 2 and items(ledger["store"])["T2"]["measure"] is None
    result, changes = run_import(run_alg, [a, b], ledger["store"])
    conflicts = [c for c in changes if c["outcome"] == "conflict"]
    assert {c["new_value"] for c in conflicts} == {"拆除", "复耕"} and all(c["item_key"] == "T1" for c in conflicts)
    now = items(ledger["store"])
    assert now["T1"]["measure"] is None and now["T2"]["measure"] == "补划"  # agreeing returns are applied
    assert sum(1 for h in table(ledger["store"], "ledger_changes") if h["outcome"] == "conflict") == 2
    # Resolution: import again with a chosen order, the later file wins.
    result, changes = run_import(run_alg, [b, a], ledger["store"], FILE_ORDER=True)
    assert items(ledger["store"])["T1"]["measure"] == "拆除" and result["APPLIED"] == 1
    # A third return exported before that decision, now changing T1 again: conflict with the store.
    c = edit(ledger["xlsx"], ledger["dir"] / "丙镇.xlsx", lambda wb: set_cell(wb["明细"], "T1", "整改措施", "罚款"))
    result, changes = run_import(run_alg, [c], ledger["store"])
    assert result["CONFLICTS"] == 1 and items(ledger["store"])["T1"]["measure"] == "拆除"
    assert "拆除" in next(x for x in changes if x["outcome"] == "conflict")["reason"]


def test_reverification_refreshes_analysis_columns_only(run_alg, ledger):
    back = edit(ledger["xlsx"], ledger["dir"] / "back.xlsx", lambda wb: set_cell(wb["明细"], "T1", "整改措施", "复耕"))
    run_import(run_alg, [back], ledger["store"])
    # Next survey: T1 is restored now (rest values and status change); the teams' 整改措施 must survive.
    rows = [list(r) for r in TASKS]
    rows[0][4:8] = [1000.0, 1000.0, 1.0, "已恢复"]
    layer = write_layer(ledger["dir"] / "next.gpkg", "tasks", TASK_FIELDS, rows)
    out = ledger["dir"] / "round2.xlsx"
    run_alg("exportledger", {"INPUT": layer, "AS_OF_DATE": AS_OF, "OUTPUT": str(out), "STORE": ledger["store"]})
    now = items(ledger["store"])
    assert now["T1"]["status"] == "已恢复" and now["T1"]["closure_hint"] == "具备销号条件(疑似)"
    assert now["T1"]["measure"] == "复耕" and now["T1"]["closed"] is None  # never 销号 from geometry
    refreshed = {h["column_key"]: h for h in table(ledger["store"], "ledger_changes") if h["outcome"] == "refreshed"}
    assert set(refreshed) == {"rest_gross", "rest_net", "rest_ratio", "status", "closure_hint"}
    assert (refreshed["status"]["old_value"], refreshed["status"]["new_value"]) == ("部分恢复", "已恢复")
    ws = openpyxl.load_workbook(out)["明细"]
    assert ws.cell(row_of(ws, "T1"), col(ws, "整改措施")).value == "复耕"  # next round shows the teams' value


def test_store_read_with_plain_gdal(ledger):
    ds = ogr.Open(ledger["store"])
    names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
    assert set(names) == {"ledger_items", "ledger_changes", "ledger_imports", "ledger_exports", "ledger_snapshots"}
    layer = ds.GetLayerByName("ledger_items")
    assert layer.GetFeatureCount() == 4 and layer.GetSpatialRef().GetAuthorityCode(None) == "4526"
    feature = next(iter(layer))
    # The first task's square: 100 m × 100 m (test_export_ledger_algorithm.square)
    assert feature.GetGeometryRef().GetArea() == pytest.approx(10000.0)
    assert feature.GetField("task_id") == "T1" and feature.GetField("task_area") == pytest.approx(1.5)
    assert ds.GetLayerByName("ledger_changes").GetGeomType() == ogr.wkbNone
    info = subprocess.run(["ogrinfo", "-ro", "-so", ledger["store"], "ledger_items"], capture_output=True,
                          text=True, check=True).stdout  # GDAL's own command-line reader
    assert "Feature Count: 4" in info and "Geometry Column = geom" in info and "measure: String" in info


def test_return_resaved_by_libreoffice(run_alg, ledger):
    # a real second spreadsheet program, never skipped: `make test` installs it
    assert shutil.which("soffice"), "LibreOffice Calc is needed for this test: run `make libreoffice` (make test does)"

    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "T1", "整改措施", "拆除复耕")
        set_cell(ws, "T2", "完成时间", date(2024, 5, 20))
        set_cell(ws, "T3", "整改状态", "已完成")
        set_cell(ws, "T4", "整改措施", '="补"&"种"')  # LibreOffice computes it: its cached value is taken

    edited = edit(ledger["xlsx"], ledger["dir"] / "edited.xlsx", township)
    outdir = ledger["dir"] / "lo"
    outdir.mkdir()
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{ledger['dir']}/lo_profile",
                    "--convert-to", "xlsx", "--outdir", str(outdir), edited], check=True, capture_output=True,
                   timeout=180)
    resaved = outdir / "edited.xlsx"
    assert resaved.exists() and resaved.read_bytes() != open(edited, "rb").read()
    result, changes = run_import(run_alg, [resaved], ledger["store"])
    assert result["APPLIED"] == 4 and result["REJECTED"] == 0 and result["MISSING_ROWS"] == 0, changes
    now = items(ledger["store"])
    assert now["T1"]["measure"] == "拆除复耕" and now["T2"]["finished"] == "2024/05/20"
    assert now["T4"]["measure"] == "补种" and "cached" in next(
        c["reason"] for c in changes if c["item_key"] == "T4")


def test_thousand_rows_returned_by_ten_townships(run_alg, tmp_path):
    """1,000 tasks in 10 townships; each township gets the whole ledger, fills in its own 100 rows and sends it
    back. Township k writes 整改措施 "措施-k-n" on its rows; townships 0 and 1 both also write T0005 (a conflict)."""
    rows = []
    for n in range(1000):
        town = n // 100
        rows.append([f"T{n:04d}", f"4101020{town:02d}001", f"{town}镇", 1000.0 + n, 0.0, 0.0, 0.0, "未恢复",
                     (2024, 9, 30), None])
    layer = write_layer(tmp_path / "big.gpkg", "tasks", TASK_FIELDS, rows)
    store, xlsx = str(tmp_path / "store.gpkg"), tmp_path / "big.xlsx"
    run_alg("exportledger", {"INPUT": layer, "AS_OF_DATE": AS_OF, "OUTPUT": str(xlsx), "STORE": store})
    returns = []
    for town in range(10):
        def fill(wb, town=town):
            ws = wb["明细"]
            k, m = col(ws, KEY_HEADER), col(ws, "整改措施")
            for r in range(HEADER_ROW + 1, ws.max_row + 1):
                n = int(ws.cell(r, k).value[1:])
                if n // 100 == town or (n == 5 and town == 1):
                    ws.cell(r, m).value = f"措施-{town}-{n}"
        returns.append(edit(xlsx, tmp_path / f"town{town}.xlsx", fill))
    result, changes = run_import(run_alg, returns, store)
    # 1,000 rows filled once each, T0005 filled twice differently: 999 applied, 2 conflict records.
    assert result["APPLIED"] == 999 and result["CONFLICTS"] == 2 and result["REJECTED"] == 0
    assert result["MISSING_ROWS"] == 0 and result["NEW_ROWS"] == 0
    now = items(store)
    assert len(now) == 1000 and now["T0005"]["measure"] is None
    assert all(now[f"T{n:04d}"]["measure"] == f"措施-{n // 100}-{n}" for n in range(1000) if n != 5)
    assert {now[f"T{n:04d}"]["update_source"] for n in range(100, 200)} == {"town1.xlsx"}
    imports = table(store, "ledger_imports")
    assert len(imports) == 10 and sum(i["rows_read"] for i in imports) == 10000


def test_second_round_exported_from_the_store_comes_back(run_alg, ledger):
    """Round 2 is exported from the store's own layer with the same STORE: its base is what round 1 brought."""
    first = edit(ledger["xlsx"], ledger["dir"] / "r1.xlsx", lambda wb: set_cell(wb["明细"], "T1", "整改措施", "拆除"))
    run_import(run_alg, [first], ledger["store"])
    round2 = ledger["dir"] / "round2.xlsx"
    run_alg("exportledger", {"INPUT": f"{ledger['store']}|layername=ledger_items", "AS_OF_DATE": AS_OF,
                             "OUTPUT": str(round2), "STORE": ledger["store"]})
    ws = openpyxl.load_workbook(round2)["明细"]
    assert ws.cell(row_of(ws, "T1"), col(ws, "整改措施")).value == "拆除"
    second = edit(round2, ledger["dir"] / "r2.xlsx", lambda wb: (
        set_cell(wb["明细"], "T1", "整改状态", "已完成"), set_cell(wb["明细"], "T1", "销号依据", "县验〔2024〕7号"),
        set_cell(wb["明细"], "T1", "是否销号", "是")))
    result, changes = run_import(run_alg, [second], ledger["store"])
    assert result["APPLIED"] == 3 and result["CONFLICTS"] == 0 and result["REJECTED"] == 0, changes
    # an old round-1 copy typed later still says 整改措施 = 拆除 as the store does: nothing to do, no conflict
    assert run_import(run_alg, [first], ledger["store"])[0]["CONFLICTS"] == 0
    assert items(ledger["store"])["T1"]["closed"] == "是" and len(items(ledger["store"])) == 4


def test_bad_input_is_named(run_alg, ledger, tmp_path):
    from qgis.core import QgsProcessingException

    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    with pytest.raises(QgsProcessingException, match="_ledger_meta"):
        run_import(run_alg, [plain], ledger["store"])
    with pytest.raises(QgsProcessingException, match="does not exist"):
        run_import(run_alg, [ledger["xlsx"]], str(tmp_path / "nowhere.gpkg"))
    # 责任单位 (ZRDW) repeats 丙镇: not a key; nothing is written
    out = tmp_path / "dup.xlsx"
    with pytest.raises(QgsProcessingException, match="ZRDW"):
        run_alg("exportledger", {"INPUT": ledger["layer"], "OUTPUT": str(out), "STORE": str(tmp_path / "s.gpkg"),
                                 "KEY_FIELD": "ZRDW"})
    assert not out.exists() and not (tmp_path / "s.gpkg").exists()


def test_generated_keys_without_a_key_field(run_alg, tmp_path):
    layer = write_layer(tmp_path / "m.gpkg", "monitoring", [("XZQDM", ogr.OFTString), ("MJ", ogr.OFTReal)],
                        [["410101", 1500.0], ["410102", 20.0]])
    out, store = tmp_path / "g.xlsx", str(tmp_path / "g.gpkg")
    result = run_alg("exportledger", {"INPUT": layer, "TEMPLATE": "generic", "OUTPUT": str(out), "STORE": store})
    assert result["ROWS"] == 2 and set(items(store)) == {"generic-000001", "generic-000002"}


@needs_realdata
def test_real_cadastre_round_trip(run_alg, tmp_path):
    """900 French cadastral parcels (EPSG:2154, parcel id IDU) through the generic template: every parcel is an
    item with its own geometry (area equal to the source's by GEOS), its other fields kept, a return applied."""
    source = os.path.join(REALDATA, "fr_cadastre_parcels.gpkg")
    out, store = tmp_path / "cadastre.xlsx", str(tmp_path / "cadastre_store.gpkg")
    run_alg("exportledger", {"INPUT": source + "|layername=parcelle", "TEMPLATE": "generic", "KEY_FIELD": "IDU",
                             "OUTPUT": str(out), "STORE": store})
    src_ds = ogr.Open(source)  # kept: a layer outlives its datasource only in a crash
    areas = {f.GetField("IDU"): f.GetGeometryRef().GetArea() for f in src_ds.GetLayer(0)}
    ds = ogr.Open(store)
    layer = ds.GetLayerByName("ledger_items")
    assert layer.GetFeatureCount() == 900 and layer.GetSpatialRef().GetAuthorityCode(None) == "2154"
    stored = {f.GetField("item_key"): (f.GetGeometryRef().GetArea(), f.GetField("SUPF")) for f in layer}
    assert set(stored) == set(areas)
    assert all(stored[k][0] == pytest.approx(areas[k], rel=1e-12) for k in areas)
    back = edit(out, tmp_path / "back.xlsx", lambda wb: (
        set_cell(wb["明细"], "0290000A0215", "整改措施", "补办手续"),
        set_cell(wb["明细"], "0290000A0215", "完成时间", "2025/1/9")))
    result, changes = run_import(run_alg, [back], store)
    assert result["APPLIED"] == 2 and result["REJECTED"] == 0 and result["MISSING_ROWS"] == 0, changes
    assert items(store)["0290000A0215"]["finished"] == "2025/01/09"


def test_renamed_and_added_columns_are_warned_not_silently_dropped(run_alg, ledger):
    from qgis.core import QgsProcessingFeedback

    class Warnings(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.texts = []

        def pushWarning(self, text):  # noqa: N802 (Qt API name)
            self.texts.append(text)

    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "T1", "整改措施", "拆除")
        set_cell(ws, "T1", "责任人", "张三")
        ws.cell(HEADER_ROW, col(ws, "整改措施")).value = "整改措施（必填）"
        extra = ws.max_column + 1
        ws.cell(HEADER_ROW, extra).value = "乡镇意见"  # a column the township added
        ws.cell(row_of(ws, "T2"), extra).value = "同意"

    returned = edit(ledger["xlsx"], ledger["dir"] / "renamed.xlsx", township)
    feedback = Warnings()
    result = run_alg("importledger", {"INPUT": [returned], "STORE": ledger["store"], "CHANGES": "memory:"},
                     feedback=feedback)
    assert result["APPLIED"] == 1 and items(ledger["store"])["T1"]["person"] == "张三"
    assert any("renamed.xlsx" in t and "整改措施" in t for t in feedback.texts), feedback.texts
    assert any("乡镇意见: 1" in t for t in feedback.texts), feedback.texts


def test_rows_sorted_without_their_keys_are_refused(run_alg, ledger):
    """A sort of the visible columns only (the hidden keys stay put) must not give T1's edit to another item."""
    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "T1", "整改措施", "拆除")
        last = col(ws, KEY_HEADER) - 1
        body = [[ws.cell(r, j).value for j in range(1, last + 1)] for r in range(HEADER_ROW + 1, HEADER_ROW + 5)]
        for i, values in enumerate(reversed(body)):
            for j, v in enumerate(values, 1):
                ws.cell(HEADER_ROW + 1 + i, j).value = v

    returned = edit(ledger["xlsx"], ledger["dir"] / "scrambled.xlsx", township)
    result, changes = run_import(run_alg, [returned], ledger["store"])
    assert result["APPLIED"] == 0 and items(ledger["store"])["T4"]["measure"] is None
    mismatched = [c for c in changes if "hidden key" in c["reason"]]
    assert {c["item_key"] for c in mismatched} == {"T1", "T2", "T3", "T4"}


def test_store_with_two_ledgers_exports_one_at_a_time(run_alg, ledger):
    other = write_layer(ledger["dir"] / "m.gpkg", "monitoring", [("JCBH", ogr.OFTString), ("MJ", ogr.OFTReal)],
                        [["J1", 1500.0], ["J2", 20.0]])
    run_alg("exportledger", {"INPUT": other, "TEMPLATE": "generic", "OUTPUT": str(ledger["dir"] / "m.xlsx"),
                             "STORE": ledger["store"]})
    assert len(items(ledger["store"])) == 6
    out = ledger["dir"] / "current.xlsx"
    result = run_alg("exportledger", {"INPUT": f"{ledger['store']}|layername=ledger_items", "OUTPUT": str(out)})
    assert result["ROWS"] == 4 and result["TEMPLATE_USED"] == "restoration"


def test_cancelled_import_changes_nothing(run_alg, ledger):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    back = edit(ledger["xlsx"], ledger["dir"] / "c.xlsx", lambda wb: set_cell(wb["明细"], "T1", "整改措施", "拆除"))
    feedback = QgsProcessingFeedback()
    feedback.cancel()
    with pytest.raises(QgsProcessingException, match="Cancelled"):
        run_alg("importledger", {"INPUT": [back], "STORE": ledger["store"], "CHANGES": "memory:"}, feedback=feedback)
    assert items(ledger["store"])["T1"]["measure"] is None and table(ledger["store"], "ledger_imports") == []


def test_damaged_metadata_is_named(run_alg, ledger):
    from qgis.core import QgsProcessingException

    def tamper(wb):
        meta = wb[META_SHEET]
        meta.protection.sheet = False
        row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "row")
        meta.cell(row, 4).value = "{not json"

    damaged = edit(ledger["xlsx"], ledger["dir"] / "damaged.xlsx", tamper)
    with pytest.raises(QgsProcessingException, match="_ledger_meta"):
        run_import(run_alg, [damaged], ledger["store"])
