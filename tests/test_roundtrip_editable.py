"""What a township types into an outflow ledger and into milestone 完成 cells comes back and stays.

Export with a store, type into the returned workbook as a township does, import, export again: the typed values
are in the store and in the next workbook (processing.run on GeoPackage layers and stores).
"""
from __future__ import annotations

import openpyxl
from osgeo import ogr

from land_supervision.core.ledger.writer import HEADER_ROW
from test_export_ledger_algorithm import write_layer
from test_ledger_roundtrip import col, edit, items, row_of, run_import, set_cell


def export(run_alg, layer, store, out, template, as_of, key=""):
    return run_alg("exportledger", {"INPUT": layer, "TEMPLATE": template, "AS_OF_DATE": as_of, "STORE": str(store),
                                    "KEY_FIELD": key, "OUTPUT": str(out)})


def test_outflow_ledger_keeps_what_the_township_typed(run_alg, tmp_path):
    fields = [("bsm_after", ogr.OFTString), ("zldwdm", ogr.OFTString), ("area", ogr.OFTReal),
              ("suspect_area", ogr.OFTReal), ("status", ogr.OFTString), ("problem", ogr.OFTString),
              ("ZGSX", ogr.OFTDate), ("ZRDW", ogr.OFTString)]
    rows = [["B1", "410102001001", 2000.0, 2000.0, "疑似违法占用耕地", "疑似违法占用耕地", (2026, 12, 31), "甲镇"],
            ["B2", "410102001002", 1000.0, 0.0, "合规", None, None, "甲镇"]]
    layer = write_layer(tmp_path / "outflow.gpkg", "outflow", fields, rows)
    store, first = tmp_path / "store.gpkg", tmp_path / "round1.xlsx"
    export(run_alg, layer, store, first, "farmland_outflow", "2026-12-01", "bsm_after")  # unique here

    ws = openpyxl.load_workbook(first)["明细"]
    for header in ("整改措施", "整改状态", "完成时间", "责任人", "是否销号", "销号依据", "备注"):
        assert ws.cell(HEADER_ROW + 1, col(ws, header)).protection.locked is False, header
    assert ws.cell(HEADER_ROW + 1, col(ws, "核查状态")).protection.locked is True  # the analysis decides it
    # B2 is 合规: the analysis suggests closing it, never closes it
    assert ws.cell(row_of(ws, "B2"), col(ws, "销号条件(核查)")).value == "具备销号条件(疑似)"

    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "B1", "整改措施", "拆除复耕")
        set_cell(ws, "B1", "整改状态", "已完成")
        set_cell(ws, "B1", "完成时间", "2026年11月28日")
        set_cell(ws, "B1", "责任人", "王五")
        set_cell(ws, "B1", "是否销号", "是")
        set_cell(ws, "B1", "销号依据", "示自然资验〔2026〕3号")
        set_cell(ws, "B2", "备注", "已核实，有批文")
        set_cell(ws, "B2", "是否销号", "是")  # no 销号依据 and not 已完成: refused (domain.md §6.3)
    result, changes = run_import(run_alg, [edit(first, tmp_path / "back.xlsx", township)], str(store))
    assert (result["APPLIED"], result["REJECTED"]) == (7, 1)
    stored = items(str(store))
    assert (stored["B1"]["measure"], stored["B1"]["progress"], stored["B1"]["finished"], stored["B1"]["person"],
            stored["B1"]["closed"], stored["B1"]["closed_basis"]) == (
        "拆除复耕", "已完成", "2026/11/28", "王五", "是", "示自然资验〔2026〕3号")
    assert stored["B2"]["note"] == "已核实，有批文" and stored["B2"]["closed"] is None

    second = tmp_path / "round2.xlsx"
    export(run_alg, layer, store, second, "farmland_outflow", "2026-12-08", "bsm_after")  # the next week's ledger
    ws = openpyxl.load_workbook(second)["明细"]
    b1 = {h: ws.cell(row_of(ws, "B1"), col(ws, h)).value for h in ("整改措施", "整改状态", "责任人", "是否销号", "销号依据")}
    assert b1 == {"整改措施": "拆除复耕", "整改状态": "已完成", "责任人": "王五", "是否销号": "是",
                  "销号依据": "示自然资验〔2026〕3号"}
    assert ws.cell(row_of(ws, "B2"), col(ws, "备注")).value == "已核实，有批文"


def test_milestone_done_cells_come_back_and_move_the_chase_on(run_alg, tmp_path):
    """M1's 整改时限 2027-01-31: 方案制定 by 2027-01-31 − 90 days = 2026-11-02, 施工 by −30 = 2027-01-01.

    As of 2026-12-01 方案制定 is 29 days overdue (逾期). The township types 方案制定完成 = 2026-11-20 and for M2
    (整改时限 2026-12-31: 施工 by 2026-12-01) 施工完成 = 是 after 方案制定完成 = 是: M1 is then chased by 施工 (31
    days left: 正常), M2 by 自验 on 2026-12-16 (15 days left: 临期).
    """
    fields = [("TBBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("ZRDW", ogr.OFTString), ("TBMJ", ogr.OFTReal),
              ("ZGSX", ogr.OFTDate), ("ZGZT", ogr.OFTString)]
    rows = [["M1", "410102001001", "甲镇", 2000.0, (2027, 1, 31), "整改中"],
            ["M2", "410102001002", "甲镇", 1000.0, (2026, 12, 31), "整改中"]]
    layer = write_layer(tmp_path / "items.gpkg", "items", fields, rows)
    store, first = tmp_path / "store.gpkg", tmp_path / "round1.xlsx"
    export(run_alg, layer, store, first, "generic_milestones", "2026-12-01")
    ws = openpyxl.load_workbook(first)["明细"]
    assert ws.cell(row_of(ws, "M1"), col(ws, "方案制定完成")).protection.locked is False
    assert ws.cell(row_of(ws, "M1"), col(ws, "方案制定节点")).protection.locked is True  # computed from 整改时限
    assert (ws.cell(row_of(ws, "M1"), col(ws, "当前节点")).value,
            ws.cell(row_of(ws, "M1"), col(ws, "期限状态")).value) == ("方案制定", "逾期")

    def township(wb):
        ws = wb["明细"]
        set_cell(ws, "M1", "方案制定完成", "2026-11-20")
        set_cell(ws, "M2", "方案制定完成", "是")
        set_cell(ws, "M2", "施工完成", "是")
    result, _ = run_import(run_alg, [edit(first, tmp_path / "back.xlsx", township)], str(store))
    assert (result["APPLIED"], result["REJECTED"]) == (3, 0)
    stored = items(str(store))
    assert (stored["M1"]["ms_plan_done"], stored["M2"]["ms_plan_done"], stored["M2"]["ms_works_done"]) == (
        "2026-11-20", "是", "是")

    second = tmp_path / "round2.xlsx"
    export(run_alg, layer, store, second, "generic_milestones", "2026-12-01")
    ws = openpyxl.load_workbook(second)["明细"]

    def cells(key, *headers):
        return tuple(ws.cell(row_of(ws, key), col(ws, h)).value for h in headers)

    assert cells("M1", "方案制定完成", "当前节点", "剩余天数", "期限状态") == ("2026-11-20", "施工", 31, "正常")
    assert cells("M2", "方案制定完成", "施工完成", "当前节点", "剩余天数", "期限状态") == ("是", "是", "自验", 15, "临期")
