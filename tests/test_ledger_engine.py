"""Ledger engine (core/ledger): templates, rows, summaries and the written workbook, checked with openpyxl."""
from __future__ import annotations

import json
import os
from datetime import date, datetime

import openpyxl
import pytest

from land_supervision.core.admincodes import normalize as normalize_code
from land_supervision.core.ledger.model import MissingFieldsError, build_ledger, deadline_state
from land_supervision.core.ledger.template import (
    TEMPLATES_DIR, TemplateError, choose_template, load_template, missing_fields, template_ids,
)
from land_supervision.core.ledger.writer import HEADER_ROW, LedgerWriteError, write_ledger
from land_supervision.core.overlay import Cancelled

AS_OF = date(2024, 6, 1)
FIELDS = ["RWBH", "XZQDM", "ZRDW", "task_area", "rest_gross", "rest_net", "rest_ratio", "status", "WCQX", "BZ"]


def task(rwbh, code, area, status, deadline, note=None):
    return {"RWBH": rwbh, "XZQDM": code, "ZRDW": "某镇政府", "task_area": area, "rest_gross": area / 2,
            "rest_net": area / 4, "rest_ratio": 0.25, "status": status, "WCQX": deadline, "BZ": note}


# Hand-worked: as of 2024-06-01 with 15 warning days.
# 1000 m² = 1.5 亩; 10 m² = 0.015 亩 -> 0.02 (half-up); 333.33 m² = 0.499995 -> 0.50; 2000 m² = 3.0 亩.
TASKS = [
    task("=HYPERLINK(\"http://x\")", "410102001001", 1000.0, "部分恢复", "2024-05-31", "+86 电话"),  # -1 -> 逾期
    task("R2", "410102001002", 10.0, "未恢复", "2024/6/1", "-3 个"),  # 0 -> 临期
    task("R3", "410102002001", 333.33, "未恢复", "2024年6月16日", "@SUM(A1)"),  # 15 -> 临期 (boundary)
    task("R4", "410101001001", 2000.0, "部分恢复", date(2024, 6, 17)),  # 16 -> 正常
    task("R5", "410101001002", 10.0, "已恢复", "2024-01-01"),  # done -> 已完成
    task("R6", 410101002001.0, 10.0, "未恢复", None),  # code stored as a double; no deadline -> 无期限
]
RESPONSIBILITY = [
    {"CJDM": "410102001001", "CJMC": "一村", "XJTZ": "张县", "XZTZ": "李乡", "CJTZ": "王村", "WGZ": "赵网"},
    {"CJDM": "410101001001", "CJMC": "二村", "XJTZ": "钱县", "XZTZ": "孙乡", "CJTZ": "周村", "WGZ": "吴网"},
]


def restoration_ledger(rows=TASKS, **kwargs):
    kwargs.setdefault("as_of", AS_OF)
    kwargs.setdefault("warning_days", 15)
    return build_ledger(load_template("restoration"), FIELDS, rows, **kwargs)


@pytest.fixture()
def written(tmp_path):
    ledger = restoration_ledger(responsibility=RESPONSIBILITY)
    path = str(tmp_path / "台账.xlsx")
    result = write_ledger(ledger, path, org="某县自然资源局", report_date=date(2024, 6, 2),
                          levels=("county", "township"))
    return ledger, result, openpyxl.load_workbook(path)


def headers(ws):
    return [c.value for c in ws[HEADER_ROW]]


def column(ws, header):
    return headers(ws).index(header) + 1


@pytest.mark.parametrize("template_id", ["idle_land", "restoration", "balance_summary", "mines", "closed_mines",
                                         "generic"])
def test_every_shipped_template_loads(template_id):
    template = load_template(template_id)
    assert template.id == template_id
    assert template.columns[0].header_zh == "序号"
    assert template_id in template_ids()


def test_bad_template_is_named(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "title": "t", "columns": [{"key": "a", "header_zh": "A", "type": "money", '
                   '"source": "A"}]}', encoding="utf-8")
    with pytest.raises(TemplateError, match="money"):
        load_template(str(bad))
    with pytest.raises(TemplateError, match="generic"):
        load_template("no_such_template")


@pytest.mark.parametrize("fields, expected", [
    (FIELDS, "restoration"),
    (["DZJGH", "XZQDM", "ZDMJ", "suspected", "idle_type", "advice"], "idle_land"),
    (["TBBH", "XZQDM", "TBMJ", "rest_share", "residual_area", "status"], "mines"),
    (["KSMC", "XZQDM", "chk_licence", "chk_facility", "chk_restore", "all_three"], "closed_mines"),
    (["level", "region_code", "region_name", "cult_before", "cult_after", "outflow", "inflow", "net_change"],
     "balance_summary"),
    (["JCBH", "XZQDM", "MJ"], "generic"),
])
def test_template_choice_from_fields(fields, expected):
    assert choose_template(fields) == expected


def test_missing_fields_name_the_field_and_suggest_generic():
    template = load_template("restoration")
    assert [header for header, _ in missing_fields(template, ["RWBH", "XZQDM"])] == [
        "任务面积", "已恢复面积(毛)", "已恢复面积(净)", "恢复状态"]
    with pytest.raises(MissingFieldsError) as info:
        build_ledger(template, ["RWBH"], [])
    message = str(info.value)
    assert "rest_gross" in message and "RWMJ" in message and "问题整改台账" in message  # generic


@pytest.mark.parametrize("deadline, done, expected", [
    (date(2024, 5, 31), False, (-1, "逾期")),
    (date(2024, 6, 1), False, (0, "临期")),
    (date(2024, 6, 16), False, (15, "临期")),
    (date(2024, 6, 17), False, (16, "正常")),
    (date(2024, 5, 1), True, (-31, "已完成")),
    (None, False, (None, "无期限")),
])
def test_deadline_state(deadline, done, expected):
    words = load_template("generic").statuses
    assert deadline_state(deadline, done, AS_OF, 15, words) == expected


@pytest.mark.parametrize("value, expected", [
    ("410102001001", "410102001001"), (410102001001.0, "410102001001"), (None, ""), (" 0101 ", "0101")])
def test_normalize_code(value, expected):
    assert normalize_code(value) == expected


def test_rows_areas_deadlines_and_responsibility():
    ledger = restoration_ledger(responsibility=RESPONSIBILITY)
    assert ledger.values("task_area") == [1.5, 0.02, 0.5, 3.0, 0.02, 0.02]
    assert ledger.values("days_left") == [-1, 0, 15, 16, -152, None]
    assert ledger.values("deadline_status") == ["逾期", "临期", "临期", "正常", "已完成", "无期限"]
    assert ledger.values("deadline")[1] == date(2024, 6, 1)
    assert ledger.values("code")[5] == "410101002001"
    assert ledger.values("county_chief") == ["张县", None, None, "钱县", None, None]
    assert ledger.values("grid_head")[3] == "吴网"
    assert any("not found in the responsibility table" in str(w) for w in ledger.warnings)


def test_sheets_headers_and_title_block(written):
    _, result, wb = written
    assert wb.sheetnames == ["汇总", "进度", "410101乡镇", "410102乡镇", "明细"]
    assert result.sheets == wb.sheetnames and result.rows == 6
    detail = wb["明细"]
    assert detail["A1"].value == "耕地恢复任务核查整改台账"
    row2 = [c.value for c in detail[2] if c.value]
    assert row2 == ["填报单位：某县自然资源局", "填报日期：2024-06-02", "截止日期：2024-06-01", "面积单位：亩"]
    assert headers(detail)[:4] == ["序号", "任务编号", "行政区代码", "责任单位"]
    assert "县级田长" in headers(detail) and "网格长" in headers(detail)
    assert [detail.cell(HEADER_ROW + i, 1).value for i in (1, 6)] == [1, 6]


def test_detail_sheet_layout(written):
    _, _, wb = written
    detail = wb["明细"]
    assert detail.freeze_panes == f"A{HEADER_ROW + 1}"
    last = openpyxl.utils.get_column_letter(len(headers(detail)))
    assert detail.auto_filter.ref == f"A{HEADER_ROW}:{last}{HEADER_ROW + 6}"
    assert detail.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert detail.page_setup.orientation == "landscape"
    assert detail.page_setup.fitToWidth == 1 and detail.sheet_properties.pageSetUpPr.fitToPage
    rules = [rule for cf in detail.conditional_formatting for rule in cf.rules]
    assert any('"逾期"' in rule.formula[0] for rule in rules)
    assert any('"临期"' in rule.formula[0] for rule in rules)


def test_numbers_dates_and_literal_text(written):
    _, _, wb = written
    detail = wb["明细"]
    area = detail.cell(HEADER_ROW + 1, column(detail, "任务面积"))
    assert area.value == 1.5 and area.data_type == "n" and area.number_format == "0.00"
    ratio = detail.cell(HEADER_ROW + 1, column(detail, "恢复比例"))
    assert ratio.value == 0.25 and ratio.number_format == "0.00%"
    due = detail.cell(HEADER_ROW + 3, column(detail, "完成期限"))
    assert due.is_date and due.value == datetime(2024, 6, 16) and due.number_format == "yyyy-mm-dd"
    formula = detail.cell(HEADER_ROW + 1, column(detail, "任务编号"))
    assert formula.value == '=HYPERLINK("http://x")' and formula.data_type == "s"
    notes = [detail.cell(HEADER_ROW + i, column(detail, "备注")).value for i in (1, 2, 3)]
    assert notes == ["+86 电话", "-3 个", "@SUM(A1)"]
    assert all(detail.cell(HEADER_ROW + i, column(detail, "备注")).data_type == "s" for i in (1, 2, 3))


def test_overdue_and_due_soon_rows_carry_their_status(written):
    _, _, wb = written
    detail = wb["明细"]
    state = column(detail, "期限状态")
    by_id = {detail.cell(r, 2).value: detail.cell(r, state).value for r in range(HEADER_ROW + 1, HEADER_ROW + 7)}
    assert by_id['=HYPERLINK("http://x")'] == "逾期"
    assert by_id["R2"] == "临期" and by_id["R3"] == "临期" and by_id["R4"] == "正常"
    assert by_id["R5"] == "已完成" and by_id["R6"] == "无期限"


def test_summary_by_county_in_code_order_with_rounded_total(written):
    _, _, wb = written
    summary = wb["汇总"]
    head = headers(summary)
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=HEADER_ROW + 1)]
    assert [r[0] for r in rows] == ["410101", "410102", None]
    assert rows[-1][1] == "合计"
    area = head.index("任务面积")
    # 410101: 3.0 + 0.02 + 0.02; 410102: 1.5 + 0.02 + 0.5 (sums of the displayed, rounded cells)
    assert [r[area] for r in rows] == [3.04, 2.02, 5.06]
    assert rows[-1][area] == round(sum(r[area] for r in rows[:-1]), 2)
    assert [r[head.index("数量")] for r in rows] == [3, 3, 6]
    assert [r[head.index("逾期数量")] for r in rows] == [0, 1, 1]
    assert [r[head.index("临期数量")] for r in rows] == [0, 2, 2]
    assert [r[head.index("临期面积")] for r in rows] == [0, 0.52, 0.52]
    check = head.index("未舍入任务面积（核对用）")
    assert summary.column_dimensions[openpyxl.utils.get_column_letter(check + 1)].hidden
    assert rows[-1][check] == pytest.approx((1000 + 10 + 333.33 + 2000 + 10 + 10) * 15 / 10000)


def test_township_sheet(written):
    _, _, wb = written
    ws = wb["410102乡镇"]
    rows = [[c.value for c in row][:3] for row in ws.iter_rows(min_row=HEADER_ROW + 1)]
    assert rows == [["410102001", None, 2], ["410102002", None, 1], [None, "合计", 3]]


def test_total_equals_sum_of_displayed_values_on_many_rows(tmp_path):
    # 0.005 亩 steps: every row rounds half-up, and the 合计 must add the rounded cells, not the raw areas.
    rows = [task(f"T{i}", f"4101{i % 3:02d}001001", 3.3333 * (i + 1), "未恢复", "2030-01-01") for i in range(200)]
    ledger = restoration_ledger(rows)
    path = str(tmp_path / "many.xlsx")
    write_ledger(ledger, path)
    ws = openpyxl.load_workbook(path)["汇总"]
    area = headers(ws).index("任务面积") + 1
    values = [ws.cell(r, area).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
    detail = openpyxl.load_workbook(path)["明细"]
    shown = [detail.cell(r, column(detail, "任务面积")).value for r in range(HEADER_ROW + 1, detail.max_row + 1)]
    assert values[-1] == round(sum(values[:-1]), 2) == round(sum(shown), 2)


def test_existing_file_is_refused_without_overwrite(tmp_path):
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(LedgerWriteError, match="already exists"):
        write_ledger(restoration_ledger(), str(path))
    assert path.read_bytes() == b"keep me"
    write_ledger(restoration_ledger(), str(path), overwrite=True)
    assert openpyxl.load_workbook(str(path)).sheetnames == ["汇总", "进度", "明细"]


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(LedgerWriteError, match="does not exist"):
        write_ledger(restoration_ledger(), str(tmp_path / "nowhere" / "x.xlsx"))


@pytest.mark.parametrize("failure", [Cancelled, RuntimeError])
def test_cancel_or_failure_leaves_no_file(tmp_path, failure):
    rows = [task(f"T{i}", "410101001001", 100.0, "未恢复", "2030-01-01") for i in range(5000)]
    ledger = restoration_ledger(rows)
    target = tmp_path / "cancelled.xlsx"

    def progress(fraction):
        if fraction > 0.3:
            if failure is RuntimeError:
                raise RuntimeError("disk full")
            return True
        return False

    with pytest.raises(failure):
        write_ledger(ledger, str(target), progress=progress)
    assert os.listdir(tmp_path) == []


def test_failed_replace_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(LedgerWriteError, match="close it"):
        write_ledger(restoration_ledger(), str(path), overwrite=True)
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["locked.xlsx"]


def test_empty_input_gives_headers_and_a_zero_summary(tmp_path):
    path = str(tmp_path / "empty.xlsx")
    write_ledger(restoration_ledger([]), path)
    wb = openpyxl.load_workbook(path)
    detail, summary = wb["明细"], wb["汇总"]
    assert headers(detail)[0] == "序号" and detail.max_row == HEADER_ROW
    total = [c.value for c in summary[HEADER_ROW + 1]]
    assert total[1] == "合计" and total[2] == 0 and total[headers(summary).index("任务面积")] == 0


def test_unreadable_values_are_kept_and_counted():
    rows = [dict(task("R1", "410101001001", 1.0, "未恢复", "明年"), task_area="约100")]
    ledger = restoration_ledger(rows)
    assert ledger.values("task_area") == ["约100"] and ledger.values("deadline") == ["明年"]
    assert ledger.values("deadline_status") == ["无期限"]
    assert len(ledger.warnings) == 2


def test_balance_summary_expands_outflow_columns_and_counts_the_county_rows(tmp_path):
    fields = ["level", "region_code", "region_name", "cult_before", "cult_after", "outflow", "inflow",
              "net_change", "to_make_up", "out_forest", "out_build"]

    def region(level, code, outflow):
        return {"level": level, "region_code": code, "region_name": "名" + code, "cult_before": 6666.67 * 3,
                "cult_after": 6666.67 * 2, "outflow": outflow, "inflow": 0.0, "net_change": -outflow,
                "to_make_up": outflow, "out_forest": outflow, "out_build": 0.0}

    rows = [region("county", "410101", 2000.0), region("township", "410101001", 2000.0),
            region("village", "410101001001", 1000.0), region("village", "410101001002", 1000.0)]
    ledger = build_ledger(load_template("balance_summary"), fields, rows, aliases={"out_forest": "流出为林地"})
    assert [c.header_zh for c in ledger.columns][-2:] == ["流出去向：流出为林地", "流出去向：out_build"]
    path = str(tmp_path / "balance.xlsx")
    write_ledger(ledger, path)
    summary = openpyxl.load_workbook(path)["汇总"]
    head = headers(summary)
    first = [c.value for c in summary[HEADER_ROW + 1]]
    # Only the county's own row counts (need-to-make-up is not additive over villages); its name labels it.
    assert first[:3] == ["410101", "名410101", 1]
    assert first[head.index("耕地流出")] == 3.0 and first[head.index("净变化")] == -3.0


def test_a_summarys_own_mu_fields_are_shown_so_the_ledger_adds_up_as_the_layer_does():
    """Villages of 1003.5 m² show 1.51 亩 each (1.50525) and their county 3.02 in the layer; its 2007 m² converted
    again would be 3.01 亩 (3.0105): the ledger shows the layer's 亩, so its rows add up as the layer's do."""
    fields = ["level", "region_code", "cult_before", "cult_before_mu", "outflow", "outflow_mu", "out_forest",
              "out_forest_mu", "cult_after", "inflow", "net_change", "to_make_up"]

    def region(level, code, m2, mu):
        return {"level": level, "region_code": code, "cult_before": m2, "cult_before_mu": mu, "outflow": m2,
                "outflow_mu": mu, "out_forest": m2, "out_forest_mu": mu, "cult_after": 0.0, "inflow": 0.0,
                "net_change": -m2, "to_make_up": m2}

    rows = [region("county", "410101", 2007.0, 3.02), region("village", "410101001001", 1003.5, 1.51),
            region("village", "410101001002", 1003.5, 1.51)]
    ledger = build_ledger(load_template("balance_summary"), fields, rows)
    assert ledger.values("cult_before") == [3.02, 1.51, 1.51]  # not 2007 m² converted: 3.01
    assert ledger.values("outflow") == [3.02, 1.51, 1.51]
    assert [c.header_zh for c in ledger.columns][-1] == "流出去向：out_forest"
    assert ledger.values("out_forest") == [3.02, 1.51, 1.51]
    # without a twin the m² are converted as before
    assert ledger.values("cult_after") == [0.0, 0.0, 0.0] and ledger.values("to_make_up") == [3.01, 1.51, 1.51]


def test_the_mines_county_column_names_the_county_of_a_township_or_village_code():
    """县(市、区) is the county's name whatever the code's level; a name the data carries stays unless a trusted
    table names the county."""
    fields = ["TBBH", "XZQDM", "XZX", "rest_share", "residual_area", "status"]
    rows = [{"TBBH": "K1", "XZQDM": "410101001", "XZX": None, "rest_share": 0.5, "residual_area": 100.0,
             "status": "部分修复"},
            {"TBBH": "K2", "XZQDM": "410101001002", "XZX": "", "rest_share": 0.0, "residual_area": 100.0,
             "status": "未修复"},
            {"TBBH": "K3", "XZQDM": "410102", "XZX": "乙县(数据)", "rest_share": 1.0, "residual_area": 0.0,
             "status": "已修复"}]
    names = {"410101": "甲县", "410101001": "甲镇", "410101001002": "甲村", "410102": "乙县"}
    ledger = build_ledger(load_template("mines"), fields, rows, region_names=names)
    assert ledger.values("county") == ["甲县", "甲县", "乙县(数据)"]
    ledger = build_ledger(load_template("mines"), fields, rows, region_names_above=names)
    assert ledger.values("county") == ["甲县", "甲县", "乙县"]
    assert ledger.names["410101"] == "甲县" and "410101001" not in ledger.names


def test_a_template_level_must_be_known(tmp_path):
    spec = json.load(open(os.path.join(TEMPLATES_DIR, "mines.json"), encoding="utf-8"))
    spec["columns"][4]["level"] = "province"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateError, match="column county: unknown level 'province'"):
        load_template(str(bad))


def test_english_headers(tmp_path):
    path = str(tmp_path / "en.xlsx")
    write_ledger(restoration_ledger(), path, english=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Progress", "Detail"]
    assert headers(wb["Detail"])[:2] == ["No.", "Task ID"]


def test_layer_without_area_fields_gets_zero_areas(tmp_path):
    ledger = build_ledger(load_template("generic"), ["JCBH"], [{"JCBH": "J1"}, {"JCBH": "J2"}])
    path = str(tmp_path / "generic.xlsx")
    write_ledger(ledger, path)
    summary = openpyxl.load_workbook(path)["汇总"]
    total = dict(zip(headers(summary), (c.value for c in summary[summary.max_row])))
    assert total["行政区名称"] == "合计" and total["数量"] == 2 and total["图斑面积"] == 0
    assert total["无期限数量"] == 2


def test_generic_template_keeps_the_layers_other_fields():
    fields = ["JCBH", "XZQDM", "Afgroede", "SUPF", "fid", "seen"]
    ledger = build_ledger(load_template("generic"), fields,
                          [{"JCBH": "J1", "XZQDM": "410101", "Afgroede": "Vårbyg", "SUPF": 215, "fid": 7,
                            "seen": date(2024, 1, 2)}])
    headers_ = [c.header_zh for c in ledger.columns]
    assert headers_[-3:] == ["Afgroede", "SUPF", "seen"]  # JCBH and XZQDM are read by named columns; fid skipped
    assert ledger.rows[0][-3:] == ["Vårbyg", 215, date(2024, 1, 2)]
