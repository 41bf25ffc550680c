"""Progress at a glance: completion rates, ranking with ties, overdue by unit, native charts (core only)."""
from __future__ import annotations

import re
import zipfile
from datetime import date
from fractions import Fraction

import openpyxl

from land_supervision.core.ledger.model import build_ledger, summarize
from land_supervision.core.ledger.progress import competition_ranks, completion, overdue_by_unit, ranked
from land_supervision.core.ledger.template import load_template
from land_supervision.core.ledger.writer import HEADER_ROW, write_ledger

FIELDS = ["TBBH", "XZQDM", "TBMJ", "ZGSX", "ZGZT", "ZRDW"]
AS_OF = date(2024, 6, 1)
ONE_MU = 666.67  # 1.000005 亩 -> 1.00; 333.33 -> 0.50; 1333.33 -> 2.00


def item(key, township, area, deadline, status, unit="甲镇"):
    return {"TBBH": key, "XZQDM": f"410101{township}001", "TBMJ": area, "ZGSX": deadline, "ZGZT": status,
            "ZRDW": unit}


# township  items  done  count rate   area (亩) done area  area rate
# 001       3      2     2/3          4.00      2.00       1/2
# 002       6      4     2/3          6.00      4.00       2/3
# 003       2      2     1            1.00      1.00       1
# 004       1      0     0            1.00      0          0
# 005       1      1     1            (none)    0          none
ROWS = (
    [item("A1", "001", ONE_MU, "2024-03-01", "已完成"), item("A2", "001", ONE_MU, "2024-03-01", "已完成"),
     item("A3", "001", 1333.33, "2024-05-01", "整改中", "甲镇")]  # overdue by 31 days
    + [item(f"B{k}", "002", ONE_MU, "2024-03-01", "已完成") for k in range(4)]
    + [item("B4", "002", ONE_MU, "2024-05-20", "整改中", "乙镇"),  # overdue
       item("B5", "002", ONE_MU, "2024-06-10", "整改中", "乙镇")]  # 9 days left: due soon
    + [item("C1", "003", 333.33, "2024-03-01", "已完成"), item("C2", "003", 333.33, "2024-03-01", "已整改")]
    + [item("D1", "004", ONE_MU, "2024-12-31", "整改中", "丙镇")]  # normal
    + [item("E1", "005", None, "2024-03-01", "已销号")]
)


def ledger():
    return build_ledger(load_template("generic"), FIELDS, ROWS, AS_OF, 15)


def test_competition_ranks_share_ties_and_skip():
    values = [Fraction(1, 2), Fraction(1), Fraction(2, 4), None, Fraction(0)]
    assert competition_ranks(values) == [2, 1, 2, None, 4]


def test_township_ranking_with_ties_by_count_and_area():
    built = ledger()
    rows = completion(built, summarize(built, "township"))
    by_code = {p.row.code: p for p in rows}
    assert [(c, by_code[c].rate_count, by_code[c].rate_area) for c in sorted(by_code)] == [
        ("410101001", Fraction(2, 3), Fraction(1, 2)), ("410101002", Fraction(2, 3), Fraction(2, 3)),
        ("410101003", Fraction(1), Fraction(1)), ("410101004", Fraction(0), Fraction(0)),
        ("410101005", Fraction(1), None)]
    # by count: 003 and 005 tie at 1, 001 and 002 tie at 3, 004 is 5th; by area: 005 has no area, no rank
    assert {c: (p.rank_count, p.rank_area) for c, p in by_code.items()} == {
        "410101003": (1, 1), "410101005": (1, None), "410101001": (3, 3), "410101002": (3, 2),
        "410101004": (5, 4)}
    assert [p.row.code for p in ranked(rows)] == ["410101003", "410101005", "410101002", "410101001", "410101004"]


def test_overdue_by_responsible_unit():
    units = overdue_by_unit(ledger())
    # 乙镇: B4 overdue (1.00 亩), B5 due soon; 甲镇: A3 overdue (2.00 亩); 丙镇's D1 is not late
    assert [(u.unit, u.overdue, u.due_soon, u.overdue_area) for u in units] == [
        ("乙镇", 1, 1, 1.0), ("甲镇", 1, 0, 2.0)]


def test_workbook_gets_ranking_columns_progress_sheet_and_native_charts(tmp_path):
    path = tmp_path / "progress.xlsx"
    result = write_ledger(ledger(), str(path), levels=("county", "township"))
    assert result.sheets == ["汇总", "进度", "410101乡镇", "明细"]
    wb = openpyxl.load_workbook(path)

    summary = wb["汇总"]
    head = [c.value for c in summary[HEADER_ROW]]
    county, total = [[c.value for c in row] for row in summary.iter_rows(min_row=HEADER_ROW + 1)]
    assert county[0] == "410101" and total[1] == "合计"
    col = head.index("完成率(数量)")
    assert head[col:col + 4] == ["完成率(数量)", "排名(数量)", "完成率(面积)", "排名(面积)"]
    # 9 of 13 items done; 7.00 of 12.00 亩 (001 2.00 + 002 4.00 + 003 1.00 of 4 + 6 + 1 + 1)
    assert county[col:col + 4] == [9 / 13, 1, 7 / 12, 1]
    assert total[col:col + 4] == [9 / 13, None, 7 / 12, None]
    assert summary.cell(HEADER_ROW + 1, col + 1).number_format == "0.00%"

    township = wb["410101乡镇"]
    head = [c.value for c in township[HEADER_ROW]]
    col = head.index("排名(数量)")
    ranks = {r[0]: r[col] for r in township.iter_rows(min_row=HEADER_ROW + 1, values_only=True) if r[0]}
    assert ranks == {"410101001": 3, "410101002": 3, "410101003": 1, "410101004": 5, "410101005": 1}

    progress = wb["进度"]
    assert [c.value for c in progress[HEADER_ROW]] == [
        "排名(数量)", "行政区", "完成率(数量)", "已完成数量", "数量", "排名(面积)", "完成率(面积)", "已完成图斑面积",
        "图斑面积"]
    rows = [list(r) for r in progress.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 5, values_only=True)]
    assert rows == [
        [1, "410101003", 1.0, 2, 2, 1, 1.0, 1.0, 1.0],
        [1, "410101005", 1.0, 1, 1, None, None, 0.0, 0.0],
        [3, "410101002", 4 / 6, 4, 6, 2, 4 / 6, 4.0, 6.0],
        [3, "410101001", 2 / 3, 2, 3, 3, 0.5, 2.0, 4.0],
        [5, "410101004", 0.0, 0, 1, 4, 0.0, 0.0, 1.0]]
    units = [list(r)[:4] for r in progress.iter_rows(min_row=HEADER_ROW + 7, values_only=True)]
    assert units == [["逾期情况（按责任单位）", None, None, None], ["责任单位", "逾期数量", "临期数量", "逾期图斑面积"],
                     ["乙镇", 1, 1, 1.0], ["甲镇", 1, 0, 2.0]]

    # two native bar charts on the summary sheet, drawn from the 进度 tables (editable in Excel and WPS)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = sorted(n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
        assert len(charts) == 2
        xml = [archive.read(n).decode("utf-8") for n in charts]
        drawing_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode("utf-8")
    assert "drawing" in drawing_rels  # sheet1 = 汇总
    completion_chart = next(x for x in xml if "完成率（按乡镇）" in x)
    assert '<barDir val="bar"/>' in completion_chart
    assert "'进度'!$C$4:$C$8" in completion_chart and "'进度'!$B$4:$B$8" in completion_chart
    overdue_chart = next(x for x in xml if "逾期、临期数量（按责任单位）" in x)
    assert '<barDir val="col"/>' in overdue_chart
    assert "'进度'!$B$12:$B$13" in overdue_chart and "'进度'!$C$12:$C$13" in overdue_chart
    assert "'进度'!$A$12:$A$13" in overdue_chart


def test_templates_without_deadlines_have_no_ranking(tmp_path):
    rows = [{"TBBH": "M1", "XZQDM": "410101", "rest_share": 0.5, "residual_area": 100.0, "status": "未修复"}]
    built = build_ledger(load_template("mines"), list(rows[0]), rows)
    path = tmp_path / "mines.xlsx"
    assert write_ledger(built, str(path)).sheets == ["汇总", "明细"]
    head = [c.value for c in openpyxl.load_workbook(path)["汇总"][HEADER_ROW]]
    assert "排名(数量)" not in head


def test_newly_done_compares_with_the_latest_earlier_export():
    """The export compared with is the latest one as of an earlier date; only items open then and done now count."""
    from land_supervision.core.ledger import newly_done as nd

    exports = [{"_fid": 1, "as_of": date(2024, 5, 18), "export_time": "2024-05-18T09:00:00", "key_field": "TBBH"},
               {"_fid": 2, "as_of": date(2024, 5, 25), "export_time": "2024-05-25T09:00:00", "key_field": "TBBH"},
               {"_fid": 3, "as_of": date(2024, 5, 25), "export_time": "2024-05-25T16:00:00", "key_field": "TBBH"},
               {"_fid": 4, "as_of": date(2024, 5, 26), "export_time": "2024-05-26T10:00:00", "key_field": None},
               {"_fid": 5, "as_of": date(2024, 6, 1), "export_time": "2024-06-01T08:00:00", "key_field": "TBBH"}]
    # 3: the later one of 2024-05-25; not 4 (keys made up in export order), not 5 (this morning's, same as-of)
    assert nd.previous_of(exports, AS_OF)["_fid"] == 3
    assert nd.previous_of(exports[:1], date(2024, 5, 18)) is None
    ledger = build_ledger(load_template("generic"), FIELDS, ROWS, AS_OF, 15)
    keys = [r["TBBH"] for r in ROWS]
    # a week ago A1, B0, C2 (done now), B4, B5 (still open) were open, A3 (open now) was done, D1 and E1 were not
    # there
    before = {k: k in ("A2", "A3", "B1", "B2", "B3", "C1") for k in keys if k not in ("D1", "E1")}
    since = nd.compare(ledger, keys, nd.PreviousExport(date(2024, 5, 25), "2024-05-25T16:00:00", before))
    assert [k for k, new in zip(keys, since.newly) if new] == ["A1", "B0", "C2"]
    assert since.reopened == ["A3"] and since.unknown == 2
    # township 001: A1 (1.00 亩); 002: B0 (1.00); 003: C2 (0.50); 合计 3 items, 2.50 亩
    towns = nd.by_region(ledger, since, summarize(ledger, "township"))
    assert towns == {"410101001": (1, 1.0), "410101002": (1, 1.0), "410101003": (1, 0.5), "410101004": (0, 0.0),
                     "410101005": (0, 0.0), "": (3, 2.5)}
    # units with items open a week ago: 甲镇 (A1, B0, C2 done now), 乙镇 (B4, B5 still open)
    assert [(u.unit, u.count, u.area) for u in nd.by_unit(ledger, since)] == [("甲镇", 3, 2.5), ("乙镇", 0, 0.0)]
    first = nd.compare(ledger, keys, None)
    assert nd.missing_note(first, False).startswith("本周新增完成：台账库中没有截止日期早于 2024-06-01 的导出记录")
