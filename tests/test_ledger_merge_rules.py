"""The rules of a returned ledger, on plain data (core/ledger/returns.py, store.py, roundtrip.py; no QGIS)."""
from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from land_supervision.core.ledger import returns as r
from land_supervision.core.ledger import store as s
from land_supervision.core.ledger.roundtrip import canonical, checksum
from land_supervision.core.ledger.template import load_template

TEMPLATE = load_template("restoration")
COLUMNS = [r.MetaColumn("task_id", "任务编号", False, "text", True),
           r.MetaColumn("status", "恢复状态", False, "status", True),
           r.MetaColumn("days_left", "剩余天数", False, "integer", False),  # recomputed at export: not summed
           r.MetaColumn("measure", "整改措施", True, "text", False),
           r.MetaColumn("progress", "整改状态", True, "status", False),
           r.MetaColumn("finished", "完成时间", True, "date", False),
           r.MetaColumn("closed", "是否销号", True, "status", False),
           r.MetaColumn("closed_basis", "销号依据", True, "text", False)]
EDITABLE = ("measure", "progress", "finished", "closed", "closed_basis")


def stored(key, status="部分恢复", **teams):
    return {"task_id": key, "status": status, **{k: teams.get(k) for k in EDITABLE}}


def returned(name, store_rows, rows, exported_keys=None):
    """A returned file exported from ``store_rows`` (base = their values) with ``rows``: (key, {column: value})."""
    base = {}
    for key in (exported_keys or list(store_rows)):
        values = store_rows[key]
        base[key] = (checksum([values["task_id"], values["status"]]), {k: canonical(values[k]) for k in EDITABLE})
    out = []
    for n, (key, edits) in enumerate(rows, 4):
        values = dict(store_rows.get(key, {})) if key else {}
        values.update(edits)
        values.pop("days_left", None)
        out.append(r.ReturnedRow(n, key, {c.key: values.get(c.key) for c in COLUMNS}))
    return r.ReturnedFile(name, name, name + "-sum", {"ledger_id": "restoration"}, COLUMNS, base, "明细", out,
                          [c.key for c in COLUMNS])


def outcomes(plan):
    return {(c.source, c.key, c.column): (c.outcome, c.reason) for c in plan.changes}


def test_canonical_survives_a_resave():
    assert canonical(2.0) == canonical(2) == "2" and canonical(0.1 + 0.2) == "0.3"
    assert canonical(datetime(2024, 5, 1)) == canonical(date(2024, 5, 1)) == "2024-05-01"
    assert canonical(None) == canonical("  ") == "" and canonical(" 拆除 ") == "拆除"


@pytest.mark.parametrize("raw", ["2024-05-01", "2024/5/1", "2024.5.1", "2024年5月1日", "20240501", 45413,
                                 datetime(2024, 5, 1), "２０２４－０５－０１"])
def test_dates_in_the_forms_people_type(raw):
    # 45413 is the Excel serial of 2024-05-01 (1900 system: 1899-12-30 + 45413 days)
    assert r.validate(COLUMNS[5], [], raw, None) == (date(2024, 5, 1), "", ())


def test_validation_refuses_what_the_store_cannot_take():
    assert r.validate(COLUMNS[5], [], "三月底", None)[1] == r.BAD_DATE
    assert r.validate(COLUMNS[4], ["未整改", "整改中", "已完成"], "差不多", None)[1] == r.NOT_IN_LIST
    assert r.validate(COLUMNS[4], ["已完成"], "已完成 ", None)[0] == "已完成"
    number = r.MetaColumn("n", "n", True, "number", False)
    assert r.validate(number, [], "1,234.5", None)[0] == 1234.5
    assert r.validate(r.MetaColumn("i", "i", True, "integer", False), [], 2.5, None)[1] == r.BAD_NUMBER
    # a formula: its cached value when a spreadsheet computed one, else its text; never evaluated
    assert r.validate(COLUMNS[3], [], "拆除", "=A1") == ("拆除", r.FORMULA_CACHED, ())
    assert r.validate(COLUMNS[3], [], None, "=A1&B1") == ("=A1&B1", r.FORMULA_AS_TEXT, ("=A1&B1",))
    assert r.validate(COLUMNS[5], [], None, "=TODAY()")[1] == r.FORMULA_NO_VALUE


def test_three_way_merge():
    store = {"T1": stored("T1"), "T2": stored("T2", measure="拆除"), "T3": stored("T3")}
    a = returned("a.xlsx", store, [("T1", {"measure": "复耕"}), ("T2", {}), ("T3", {"status": "已恢复"})])
    plan = r.plan_import(TEMPLATE, store, [a])
    assert outcomes(plan) == {("a.xlsx", "T1", "measure"): (s.APPLIED, ""),
                              ("a.xlsx", "T3", "status"): (s.REJECTED, r.NOT_EDITABLE)}
    assert plan.updates == {"T1": {"measure": "复耕"}}
    # the store took T1 = 复耕 since; the same file again proposes nothing
    store["T1"]["measure"] = "复耕"
    again = r.plan_import(TEMPLATE, store, [a])
    assert again.updates == {} and [c.outcome for c in again.changes] == [s.REJECTED]
    # an older export of T1 (base empty) now says 罚款: the store changed since that export, a conflict
    old = returned("old.xlsx", {"T1": stored("T1"), "T2": store["T2"], "T3": store["T3"]},
                   [("T1", {"measure": "罚款"}), ("T2", {}), ("T3", {})])
    plan = r.plan_import(TEMPLATE, store, [old])
    assert outcomes(plan)[("old.xlsx", "T1", "measure")] == (s.CONFLICT, r.CHANGED_SINCE_EXPORT)
    assert plan.updates == {}
    assert r.plan_import(TEMPLATE, store, [old], file_order=True).updates == {"T1": {"measure": "罚款"}}


def test_two_returns():
    store = {"T1": stored("T1"), "T2": stored("T2")}
    a = returned("a.xlsx", store, [("T1", {"measure": "拆除"}), ("T2", {"measure": "补划"})])
    b = returned("b.xlsx", store, [("T1", {"measure": "复耕"}), ("T2", {"measure": "补划"})])
    plan = r.plan_import(TEMPLATE, store, [a, b])
    got = outcomes(plan)
    assert got[("a.xlsx", "T1", "measure")] == got[("b.xlsx", "T1", "measure")] == (s.CONFLICT, r.OTHER_RETURN)
    assert got[("a.xlsx", "T2", "measure")][0] == got[("b.xlsx", "T2", "measure")][0] == s.APPLIED
    assert plan.updates == {"T2": {"measure": "补划"}}
    ordered = r.plan_import(TEMPLATE, store, [b, a], file_order=True)
    assert ordered.updates["T1"] == {"measure": "拆除"} and ordered.sources["T1"] == "a.xlsx"
    assert outcomes(ordered)[("b.xlsx", "T1", "measure")] == (s.REJECTED, r.SUPERSEDED)


def test_closure_needs_done_and_basis():
    store = {"T1": stored("T1"), "T2": stored("T2", progress="已完成"), "T3": stored("T3")}
    f = returned("f.xlsx", store, [
        ("T1", {"closed": "是", "closed_basis": "验收文号1"}),           # not 已完成
        ("T2", {"closed": "是"}),                                     # no 销号依据
        ("T3", {"closed": "是", "progress": "已完成", "closed_basis": "县验〔2024〕3号"})])
    got = outcomes(r.plan_import(TEMPLATE, store, [f]))
    assert got[("f.xlsx", "T1", "closed")] == got[("f.xlsx", "T2", "closed")] == (s.REJECTED, r.CLOSURE_RULE)
    assert got[("f.xlsx", "T1", "closed_basis")][0] == s.APPLIED  # the evidence itself is kept
    assert got[("f.xlsx", "T3", "closed")] == (s.APPLIED, "")


def test_missing_new_unknown_and_duplicate_rows():
    store = {"T1": stored("T1"), "T2": stored("T2"), "T3": stored("T3")}
    f = returned("f.xlsx", store, [("T1", {"measure": "x"}), ("T1", {"measure": "y"}), ("", {"task_id": "T9"}),
                                   ("T7", {"measure": "z"})])
    plan = r.plan_import(TEMPLATE, store, [f])
    got = [(c.key, c.outcome, c.reason) for c in plan.changes]
    assert got.count(("T1", s.REJECTED, r.DUPLICATE_KEY)) == 2 and ("T7", s.REJECTED, r.UNKNOWN_KEY) in got
    assert ("", s.NEW_ROW, "") in got and plan.updates == {}
    assert {c.key for c in plan.changes if c.outcome == s.MISSING_ROW} == {"T2", "T3"}
    counts = plan.counts["f.xlsx"]
    assert (counts.rows_read, counts.rejected, counts.new_rows, counts.missing_rows) == (4, 3, 1, 2)


def test_refresh_updates_analysis_and_keeps_teams_columns():
    columns = TEMPLATE.columns
    existing = {"T1": {"task_id": "T1", "status": "部分恢复", "measure": "复耕", "closure_hint": None}}
    incoming = [("T1", {"task_id": "T1", "status": "已恢复", "measure": None, "closure_hint": "具备销号条件(疑似)"}),
                ("T2", {"task_id": "T2", "status": "未恢复"})]
    plan = s.refresh(columns, existing, incoming, "exportledger: next survey")
    assert plan.inserts == ["T2"]
    assert plan.updates["T1"]["status"] == "已恢复" and "measure" not in plan.updates["T1"]
    assert plan.updates["T1"]["closure_hint"] == "具备销号条件(疑似)"  # a hint; 是否销号 is never set
    assert {c.column for c in plan.changes} >= {"status", "closure_hint"}
    assert all(c.outcome == s.REFRESHED for c in plan.changes)
    assert not any(c.key in ("seq", "days_left", "deadline_status") for c in s.stored_columns(columns))


def test_an_editable_closed_column_needs_the_rule_columns(tmp_path):
    from land_supervision.core.ledger.template import TemplateError

    spec = {"id": "t", "title": "t", "columns": [
        {"key": "closed", "header_zh": "是否销号", "source": ["SFXH"], "editable": True, "choices": ["是", "否"]},
        {"key": "progress", "header_zh": "整改状态", "source": ["ZGZT"], "editable": True}]}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateError, match="closed_basis"):  # 销号 could never be checked for its 依据
        load_template(str(path))
    spec["columns"][0]["editable"] = False  # a 是否销号 the teams cannot change needs no rule
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    assert not load_template(str(path)).editable[0].key == "closed"
