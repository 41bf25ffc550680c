"""本周新增完成: two exports a week apart into one ledger store, the teams' statuses returned in between.

Everything goes through processing.run (exportledger, importledger, exportledger) on a GeoPackage layer and a
GeoPackage store; the workbooks are opened with openpyxl and read as a user reads them.
"""
from __future__ import annotations

import json
import os

import openpyxl
import pytest
from osgeo import ogr

from conftest import REALDATA, needs_realdata

from land_supervision.core.ledger.writer import HEADER_ROW
from test_export_ledger_algorithm import write_layer
from test_ledger_roundtrip import edit, run_import, set_cell

FIELDS = [("TBBH", ogr.OFTString), ("XZQDM", ogr.OFTString), ("ZRDW", ogr.OFTString), ("TBMJ", ogr.OFTReal),
          ("ZGSX", ogr.OFTDate), ("ZGZT", ogr.OFTString)]
# Areas in m² chosen to be whole cents of 亩 (1 亩 = 2000/3 m²): 2000 m² = 3.00 亩, 1000 = 1.50, 4000 = 6.00,
# 500 = 0.75, 3000 = 4.50, 700 = 1.05.
ITEMS = [
    ["P1", "410102001001", "甲镇人民政府", 2000.0, (2026, 12, 31), "整改中"],
    ["P2", "410102001002", "甲镇人民政府", 1000.0, (2026, 11, 30), "未整改"],
    ["P3", "410102002001", "乙镇人民政府", 4000.0, (2026, 11, 20), "未整改"],
    ["P4", "410102002002", "乙镇人民政府", 500.0, (2026, 12, 15), "已完成"],
    ["P5", "410101001001", "丙镇人民政府", 3000.0, (2027, 1, 31), "未整改"],
    ["P6", "410101001002", "自然资源局", 2000.0, (2026, 12, 10), "已完成"],
]
# Found by the next week's re-verification, already done: not in the first export, so not counted.
P7 = ["P7", "410102002003", "乙镇人民政府", 700.0, (2026, 12, 20), "已完成"]
WEEK1, WEEK2 = "2026-11-24", "2026-12-01"


def header_row(ws):
    return [c.value for c in ws[HEADER_ROW]]


def table(ws, first_row=HEADER_ROW + 1):
    """Rows (as dicts by header) from ``first_row`` to the first empty row."""
    head = header_row(ws)
    out = []
    for row in ws.iter_rows(min_row=first_row, values_only=True):
        if all(v is None for v in row):
            break
        out.append(dict(zip(head, row)))
    return out


def texts(ws):
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def block_after(ws, title):
    """The rows of the table whose title cell is ``title``: its header row, then its rows up to a blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    head = rows[start + 1]
    body = []
    for r in rows[start + 2:]:
        if all(v is None for v in r):
            break
        body.append(dict(zip(head, r)))
    return head, body


def export(run_alg, layer, store, out, as_of, feedback=None, **extra):
    params = {"INPUT": layer, "TEMPLATE": "generic", "AS_OF_DATE": as_of, "WARNING_DAYS": 15, "GROUP_BY": 1,
              "STORE": str(store), "KEY_FIELD": "TBBH", "OUTPUT": str(out)}
    params.update(extra)
    return run_alg("exportledger", params, feedback=feedback)


@pytest.fixture()
def two_weeks(run_alg, tmp_path):
    """Week 1 exported into a new store; the teams' return imported; week 2 exported after a re-verification."""
    store = tmp_path / "台账库 #1.gpkg"  # a Chinese name, a space and a '#' (the snapshot is read through a URI)
    layer1 = write_layer(tmp_path / "week1.gpkg", "problems", FIELDS, ITEMS)
    week1 = tmp_path / "week1.xlsx"
    export(run_alg, layer1, store, week1, WEEK1)

    def township_return(wb):
        ws = wb["明细"]
        set_cell(ws, "P1", "整改状态", "已完成")
        set_cell(ws, "P2", "整改状态", "已完成")
        set_cell(ws, "P5", "完成时间", "2026-11-28")  # done by its finish date (the template's done_date)
        set_cell(ws, "P6", "整改状态", "整改中")       # done last week, reopened
    returned = edit(week1, tmp_path / "week1_return.xlsx", township_return)
    result, _changes = run_import(run_alg, [returned], str(store))
    assert result["APPLIED"] == 4

    layer2 = write_layer(tmp_path / "week2.gpkg", "problems", FIELDS, ITEMS + [P7])
    week2 = tmp_path / "week2.xlsx"
    export(run_alg, layer2, store, week2, WEEK2)
    return {"store": store, "week1": week1, "week2": week2, "layer2": layer2, "dir": tmp_path}


def test_first_export_says_there_is_nothing_to_compare_with(two_weeks):
    wb = openpyxl.load_workbook(two_weeks["week1"])
    note = "本周新增完成：台账库中没有截止日期早于 2026-11-24 的导出记录，自下次导出起显示较上次导出新增完成的数量和面积。"
    for sheet in ("汇总", "进度"):
        assert note in texts(wb[sheet]), sheet
        assert not any("新增完成(数量)" in (h or "") for h in header_row(wb[sheet])), "no columns of zeros"


def test_second_export_counts_what_was_completed_since_the_first(two_weeks):
    wb = openpyxl.load_workbook(two_weeks["week2"])
    count, area = "较 2026-11-24 新增完成(数量)", "较 2026-11-24 新增完成(面积)"

    # 汇总 by county. Newly done: P1 (3.00 亩) and P2 (1.50) in 410102, P5 (4.50, done by 完成时间) in 410101.
    # Not counted: P4 (done both weeks), P6 (done, then reopened), P7 (not in the first export).
    summary = wb["汇总"]
    head = header_row(summary)
    assert head.index(area) == head.index(count) + 1
    assert summary.cell(HEADER_ROW, head.index(count) + 1).comment.text.startswith(
        "上次导出(截止日期 2026-11-24，导出于 ")
    rows = {r["行政区代码"] or r["行政区名称"]: r for r in table(summary)}
    assert (rows["410101"][count], rows["410101"][area]) == (1, 4.5)
    assert (rows["410102"][count], rows["410102"][area]) == (2, 4.5)
    assert (rows["合计"][count], rows["合计"][area]) == (3, 9.0)
    # the cumulative 已完成 counts stay what they are: 410101 P5 of P5, P6; 410102 P1, P2, P4, P7
    assert (rows["410101"]["已完成数量"], rows["410102"]["已完成数量"]) == (1, 4)
    # the township sheet of county 410102 carries the same columns
    town = wb["410102乡镇"]
    towns = {r["行政区代码"]: r for r in table(town) if r["行政区代码"]}
    assert (towns["410102001"][count], towns["410102001"][area]) == (2, 4.5)
    assert (towns["410102002"][count], towns["410102002"][area]) == (0, 0.0)

    # 进度: townships ranked by completion rate, then the newly done columns.
    # 410102001 甲镇: P1, P2 done: 2/2 = 100 %, area 4.50/4.50 = 100 %
    # 410102002 乙镇: P4, P7 done of P3, P4, P7: 2/3, area (0.75 + 1.05) / (6.00 + 0.75 + 1.05) = 1.80/7.80
    # 410101001 丙镇: P5 done of P5, P6: 1/2, area 4.50 / 7.50 = 60 %
    progress = wb["进度"]
    ranking = table(progress)
    assert [r["行政区"] for r in ranking] == ["410102001", "410102002", "410101001"]
    assert [r["排名(数量)"] for r in ranking] == [1, 2, 3]
    assert [r["排名(面积)"] for r in ranking] == [1, 3, 2]
    assert ranking[1]["完成率(数量)"] == pytest.approx(2 / 3) and ranking[1]["完成率(面积)"] == pytest.approx(1.8 / 7.8)
    assert [(r[count], r[area]) for r in ranking] == [(2, 4.5), (0, 0.0), (1, 4.5)]

    # by responsible unit, among the units with items open at the first export (P1, P2, P3, P5):
    # 甲镇人民政府 2 (4.50), 丙镇人民政府 1 (4.50), 乙镇人民政府 0; 自然资源局 had nothing open.
    head, units = block_after(progress, "较 2026-11-24 新增完成(按责任单位；上次导出时有未完成图斑的单位)")
    assert list(head[:3]) == ["责任单位", "新增完成数量", "新增完成面积"]
    assert [(u["责任单位"], u["新增完成数量"], u["新增完成面积"]) for u in units] == [
        ("甲镇人民政府", 2, 4.5), ("丙镇人民政府", 1, 4.5), ("乙镇人民政府", 0, 0.0)]


def test_the_store_records_each_export_and_its_snapshot(two_weeks):
    ds = ogr.Open(str(two_weeks["store"]))
    exports = [{k: f.GetField(k) for k in ("as_of", "rows", "done", "newly_done", "workbook", "key_field")}
               for f in ds.GetLayerByName("ledger_exports")]
    assert exports == [
        {"as_of": "2026/11/24", "rows": 6, "done": 2, "newly_done": None, "workbook": "week1.xlsx",
         "key_field": "TBBH"},
        {"as_of": "2026/12/01", "rows": 7, "done": 5, "newly_done": 3, "workbook": "week2.xlsx",
         "key_field": "TBBH"}]
    second = ds.GetLayerByName("ledger_exports").GetFeature(2).GetFID()
    snap = {f.GetField("item_key"): (f.GetField("deadline_status"), f.GetField("done"), f.GetField("area"))
            for f in ds.GetLayerByName("ledger_snapshots") if f.GetField("export_id") == second}
    # P6 reopened: 2026-12-10 is 9 days after 2026-12-01, within the 15 warning days
    assert snap == {"P1": ("已完成", 1, 3.0), "P2": ("已完成", 1, 1.5), "P3": ("逾期", 0, 6.0),
                    "P4": ("已完成", 1, 0.75), "P5": ("已完成", 1, 4.5), "P6": ("临期", 0, 3.0),
                    "P7": ("已完成", 1, 1.05)}


class Log:
    """A feedback that keeps what the algorithm tells the user."""

    def __init__(self):
        from qgis.core import QgsProcessingFeedback

        class Feedback(QgsProcessingFeedback):
            def __init__(inner):
                super().__init__()
                inner.infos, inner.warnings = [], []

            def pushInfo(inner, text):  # noqa: N802 (Qt API name)
                inner.infos.append(text)

            def pushWarning(inner, text):  # noqa: N802 (Qt API name)
                inner.warnings.append(text)

        self.feedback = Feedback()


def test_exporting_again_the_same_day_compares_with_the_week_before(run_alg, two_weeks):
    """A second export as of 2026-12-01 (a corrected title) still compares with 2026-11-24, not with the morning's."""
    log = Log().feedback
    again = two_weeks["dir"] / "week2_again.xlsx"
    export(run_alg, two_weeks["layer2"], two_weeks["store"], again, WEEK2, TITLE="问题整改台账(更正)",
           feedback=log)
    wb = openpyxl.load_workbook(again)
    rows = {r["行政区代码"] or r["行政区名称"]: r for r in table(wb["汇总"])}
    assert rows["合计"]["较 2026-11-24 新增完成(数量)"] == 3
    assert any(t.startswith("本周新增完成: 3 items completed since the export as of 2026-11-24") for t in log.infos)
    assert "1 items were not in the export as of 2026-11-24 and are not counted as newly completed." in log.infos
    assert "1 items done at the export as of 2026-11-24 are no longer done (P6): check their 整改状态、完成时间." \
        in log.warnings


def test_a_store_of_the_previous_version_gets_its_history_at_the_next_export(run_alg, tmp_path):
    """A store written before the export history (no ledger_exports, ledger_snapshots) works: the first export
    says why there is no change, adds the tables, and the export after it compares."""
    store = tmp_path / "old.gpkg"
    layer = write_layer(tmp_path / "items.gpkg", "problems", FIELDS, ITEMS)
    export(run_alg, layer, store, tmp_path / "a.xlsx", WEEK1)
    ds = ogr.Open(str(store), 1)
    for name in ("ledger_snapshots", "ledger_exports"):  # what the previous version wrote
        ds.DeleteLayer(next(i for i in range(ds.GetLayerCount()) if ds.GetLayer(i).GetName() == name))
    ds = None

    export(run_alg, layer, store, tmp_path / "b.xlsx", WEEK1)
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    note = "本周新增完成：台账库由早期版本写入，没有导出记录，自下次导出起显示较上次导出新增完成的数量和面积。"
    assert note in texts(wb["汇总"]) and note in texts(wb["进度"])

    export(run_alg, layer, store, tmp_path / "c.xlsx", WEEK2)
    wb = openpyxl.load_workbook(tmp_path / "c.xlsx")
    rows = {r["行政区代码"] or r["行政区名称"]: r for r in table(wb["汇总"])}
    assert rows["合计"]["较 2026-11-24 新增完成(数量)"] == 0  # nothing was returned in between: a true zero


def test_without_a_store_nothing_is_said_about_the_change(run_alg, tmp_path):
    layer = write_layer(tmp_path / "items.gpkg", "problems", FIELDS, ITEMS)
    out = tmp_path / "plain.xlsx"
    run_alg("exportledger", {"INPUT": layer, "TEMPLATE": "generic", "AS_OF_DATE": WEEK1, "OUTPUT": str(out)})
    wb = openpyxl.load_workbook(out)
    assert not any("新增完成" in t for t in texts(wb["汇总"]) + texts(wb["进度"]))


@needs_realdata
def test_real_cadastre_two_weeks(run_alg, tmp_path):
    """900 French parcels (IDU, official area SUPF in m², 9 sheets as the responsible units) under a template of
    the user's own: the parcels whose IDU ends in 5 are returned 已完成; the next week's ledger counts exactly
    them, with their area as the ledger adds it (each parcel's SUPF × 3/2000 亩 rounded half-up to the cent, then
    summed), in total and per sheet (checked against ogr and Decimal arithmetic, not against the plugin)."""
    from decimal import ROUND_HALF_UP, Decimal

    template = tmp_path / "cadastre.json"
    template.write_text(json.dumps({
        "id": "cadastre_chase", "title": "地籍图斑整改台账",
        "summary": {"status": "deadline_status", "order": ["已完成", "逾期", "临期", "正常", "无期限"], "areas": ["area"]},
        "deadline": {"date": "deadline", "done_status": "progress", "done_values": ["已完成"]},
        "columns": [
            {"key": "seq", "header_zh": "序号", "header_en": "No.", "type": "integer", "source": "序号"},
            {"key": "patch_id", "header_zh": "图斑编号", "header_en": "ID", "type": "text", "source": ["IDU"]},
            {"key": "unit", "header_zh": "责任单位", "header_en": "Unit", "type": "text", "source": ["feuille"]},
            {"key": "area", "header_zh": "图斑面积", "header_en": "Area", "type": "area_mu", "source": ["SUPF"]},
            {"key": "deadline", "header_zh": "整改时限", "header_en": "Deadline", "type": "date", "source": ["ZGSX"]},
            {"key": "progress", "header_zh": "整改状态", "header_en": "Progress", "type": "status",
             "source": ["ZGZT"], "editable": True, "choices": ["未整改", "整改中", "已完成"]},
            {"key": "deadline_status", "header_zh": "期限状态", "header_en": "Status", "type": "status",
             "source": "deadline_status"}]}), encoding="utf-8")
    source = os.path.join(REALDATA, "fr_cadastre_parcels.gpkg") + "|layername=parcelle"
    store = tmp_path / "cadastre_store.gpkg"
    week1, week2 = tmp_path / "week1.xlsx", tmp_path / "week2.xlsx"
    params = {"INPUT": source, "TEMPLATE": str(template), "KEY_FIELD": "IDU", "STORE": str(store)}
    run_alg("exportledger", dict(params, AS_OF_DATE=WEEK1, OUTPUT=str(week1)))

    ds = ogr.Open(source.split("|")[0])
    parcels = {f.GetField("IDU"): (f.GetField("feuille"), f.GetField("SUPF")) for f in ds.GetLayer("parcelle")}
    done = sorted(k for k in parcels if k.endswith("5"))

    def mu(m2):
        return (Decimal(str(m2)) * 3 / 2000).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def township(wb):
        ws = wb["明细"]
        for key in done:
            set_cell(ws, key, "整改状态", "已完成")
    result, _ = run_import(run_alg, [edit(week1, tmp_path / "back.xlsx", township)], str(store))
    assert result["APPLIED"] == len(done) > 50
    run_alg("exportledger", dict(params, AS_OF_DATE=WEEK2, OUTPUT=str(week2)))

    wb = openpyxl.load_workbook(week2)
    count, area = "较 2026-11-24 新增完成(数量)", "较 2026-11-24 新增完成(面积)"
    total = next(r for r in table(wb["汇总"]) if r["行政区名称"] == "合计")
    assert total[count] == len(done)
    assert Decimal(str(total[area])) == sum(mu(parcels[k][1]) for k in done)
    _, units = block_after(wb["进度"], "较 2026-11-24 新增完成(按责任单位；上次导出时有未完成图斑的单位)")
    expected = {}
    for key in done:
        n, a = expected.get(parcels[key][0], (0, Decimal(0)))
        expected[parcels[key][0]] = (n + 1, a + mu(parcels[key][1]))
    sheets = {sheet for sheet, _ in parcels.values()}
    got = {u["责任单位"]: (u["新增完成数量"], Decimal(str(u["新增完成面积"]))) for u in units}
    assert got == {s: expected.get(s, (0, Decimal("0.00"))) for s in sheets}  # all 9 sheets had open parcels
    assert [u["新增完成数量"] for u in units] == sorted((u["新增完成数量"] for u in units), reverse=True)


def test_items_without_a_key_are_not_compared(run_alg, tmp_path):
    """Without a key field the items get keys in export order: comparing them with another export would match
    whatever came in the same place, so the sheets say why there is no change to show, and such exports are
    never compared with. The store's own items layer has stable keys: its exports compare."""
    fields = [f for f in FIELDS if f[0] != "TBBH"]
    layer = write_layer(tmp_path / "nokey.gpkg", "problems", fields, [row[1:] for row in ITEMS])
    store = tmp_path / "store.gpkg"
    for as_of, name in ((WEEK1, "a.xlsx"), (WEEK2, "b.xlsx")):
        run_alg("exportledger", {"INPUT": layer, "TEMPLATE": "generic", "AS_OF_DATE": as_of, "STORE": str(store),
                                 "OUTPUT": str(tmp_path / name)})
    note = ("本周新增完成：图层没有标识图斑的字段，图斑按导出顺序编号，无法与上次导出对应；请选择台账项键字段，"
            "或导出台账库的台账项图层。")
    wb = openpyxl.load_workbook(tmp_path / "b.xlsx")
    assert note in texts(wb["汇总"]) and note in texts(wb["进度"])
    items = f"{store}|layername=ledger_items"
    for as_of, name in (("2026-12-08", "c.xlsx"), ("2026-12-15", "d.xlsx")):
        run_alg("exportledger", {"INPUT": items, "AS_OF_DATE": as_of, "STORE": str(store),
                                 "OUTPUT": str(tmp_path / name)})
    assert ("本周新增完成：台账库中没有截止日期早于 2026-12-08 的导出记录，自下次导出起显示较上次导出新增完成的数量和面积。"
            in texts(openpyxl.load_workbook(tmp_path / "c.xlsx")["汇总"]))
    rows = {r["行政区代码"] or r["行政区名称"]: r for r in table(openpyxl.load_workbook(tmp_path / "d.xlsx")["汇总"])}
    assert rows["合计"]["较 2026-12-08 新增完成(数量)"] == 0
