"""Milestones back-scheduled from the final deadline (倒排工期): dates, states, the next open milestone (core only).

Template generic_milestones: 方案制定 90 days before the final deadline, 施工 30, 自验 15, 申请验收 0.
As of 2024-06-01 with 15 warning days.
"""
from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest

from land_supervision.core.ledger.model import build_ledger, summarize
from land_supervision.core.ledger.template import TemplateError, load_template
from land_supervision.core.ledger.writer import HEADER_ROW, write_ledger

AS_OF = date(2024, 6, 1)
FIELDS = ["TBBH", "XZQDM", "ZGSX", "ZGZT", "FAZDSJ", "施工完成", "ZYSJ", "SQYSSJ"]


def row(key, final, status="整改中", plan=None, works=None, check=None, accept=None):
    return dict(zip(FIELDS, [key, "410101001001", final, status, plan, works, check, accept]))


ROWS = [
    # nothing done: next is 方案制定 on 2024-07-01 (final 2024-09-29 − 90), 30 days left -> 正常
    row("M1", "2024-09-29"),
    # 方案制定 on 2024-06-02 (final 2024-08-31 − 90): 1 day left -> 临期
    row("M2", "2024-08-31"),
    # plan done; 施工 on 2024-06-10 (final 2024-07-10 − 30): 9 days -> 临期 (the final date alone: 39 days, 正常)
    row("M4", "2024-07-10", plan="2024-04-01"),
    # plan done; 施工 on 2024-05-21 (final 2024-06-20 − 30): 11 days late -> 逾期 (the final date alone: 正常)
    row("M5", "2024-06-20", plan=date(2024, 3, 1)),
    # every milestone marked done but the item is not: chased by the final deadline, 4 days -> 临期
    row("M6", "2024-06-05", plan="是", works="完成", check="2024-05-30", accept="√"),
    # the item is done: every milestone is 已完成, no next milestone
    row("M7", "2024-06-20", status="已完成"),
]


def ledger():
    return build_ledger(load_template("generic_milestones"), FIELDS, ROWS, AS_OF, 15)


def by_key(built, key):
    index = {c.key: i for i, c in enumerate(built.columns)}
    keys = built.values("patch_id")
    return {k: built.rows[keys.index(key)][i] for k, i in index.items()}


def test_milestone_dates_states_and_the_next_open_one():
    built = ledger()
    m1 = by_key(built, "M1")
    assert [m1[f"ms_{k}_date"] for k in ("plan", "works", "self_check", "acceptance")] == [
        date(2024, 7, 1), date(2024, 8, 30), date(2024, 9, 14), date(2024, 9, 29)]
    assert [m1[f"ms_{k}_state"] for k in ("plan", "works", "self_check", "acceptance")] == ["正常"] * 4
    expected = {  # key: (next milestone, days left, 期限状态, date chased by)
        "M1": ("方案制定", 30, "正常", date(2024, 7, 1)),
        "M2": ("方案制定", 1, "临期", date(2024, 6, 2)),
        "M4": ("施工", 9, "临期", date(2024, 6, 10)),
        "M5": ("施工", -11, "逾期", date(2024, 5, 21)),
        "M6": ("最终时限", 4, "临期", date(2024, 6, 5)),
        "M7": (None, 19, "已完成", date(2024, 6, 20)),
    }
    for n, (key, (name, days, state, chased)) in enumerate(expected.items()):
        values = by_key(built, key)
        assert (values["next_milestone"], values["days_left"], values["deadline_status"]) == (name, days, state), key
        assert built.chased_by[n] == chased
    m5 = by_key(built, "M5")
    assert (m5["ms_plan_state"], m5["ms_works_state"], m5["ms_self_check_state"]) == ("已完成", "逾期", "临期")
    assert by_key(built, "M6")["ms_acceptance_state"] == "已完成"  # done marker √, though the item is open
    assert {by_key(built, "M7")[f"ms_{k}_state"] for k in ("plan", "works", "self_check", "acceptance")} == {
        "已完成"}
    # the summary counts the milestone-driven states: 1 逾期 (M5), 3 临期 (M2, M4, M6), 1 正常, 1 已完成
    total = summarize(built).total.by_status
    assert (total["逾期"][0], total["临期"][0], total["正常"][0], total["已完成"][0]) == (1, 3, 1, 1)


def test_milestone_columns_in_the_workbook(tmp_path):
    path = tmp_path / "milestones.xlsx"
    write_ledger(ledger(), str(path))
    detail = openpyxl.load_workbook(path)["明细"]
    head = [c.value for c in detail[HEADER_ROW]]
    at = head.index("期限状态") + 1
    assert head[at:at + 13] == [
        "方案制定完成", "方案制定节点", "方案制定状态", "施工完成", "施工节点", "施工状态", "自验完成", "自验节点", "自验状态",
        "申请验收完成", "申请验收节点", "申请验收状态", "当前节点"]
    m5 = [c.value for c in detail[HEADER_ROW + 4]]
    assert m5[head.index("施工节点")].date() == date(2024, 5, 21) and m5[head.index("施工状态")] == "逾期"
    assert m5[head.index("当前节点")] == "施工" and m5[head.index("剩余天数")] == -11
    assert "FAZDSJ" not in head  # read by the 方案制定完成 column, not repeated among the other fields


def test_milestone_template_errors(tmp_path):
    bad = tmp_path / "bad.json"
    base = {"id": "bad", "title": "x", "columns": [{"key": "d", "header_zh": "期限", "type": "date", "source": "D"}],
            "deadline": {"date": "d"}}
    for milestones, message in [
        ([{"key": "a", "header_zh": "甲", "offset_days": -1}], "offset_days"),
        ([{"key": "a", "header_zh": "甲", "offset_days": "30"}], "offset_days"),
        ([{"key": "a", "offset_days": 3}], "header_zh"),
        ([{"key": "a", "header_zh": "甲", "offset_days": 1}, {"key": "a", "header_zh": "乙", "offset_days": 2}],
         "milestone keys used twice"),
    ]:
        bad.write_text(json.dumps({**base, "milestones": milestones}), encoding="utf-8")
        with pytest.raises(TemplateError, match=message):
            load_template(str(bad))
    bad.write_text(json.dumps({**base, "deadline": {}, "milestones": [
        {"key": "a", "header_zh": "甲", "offset_days": 1}]}), encoding="utf-8")
    with pytest.raises(TemplateError, match="count back from the deadline"):
        load_template(str(bad))
    bad.write_text(json.dumps({"id": "bad", "extends": "nonexistent"}), encoding="utf-8")
    with pytest.raises(TemplateError, match="extends"):
        load_template(str(bad))
