"""Idle-land rules, table-driven from domain.md §3.2–§3.6 and §3.10 (values worked out by hand).

Every case screens one record as of 2026-11-22 unless it says otherwise. The base record is an
enterprise-caused parcel with an agreed start date and a price of 1000 万元 (fee 20 % = 200.00).
"""
from __future__ import annotations

from datetime import date

import pytest

from land_supervision.core import idle
from land_supervision.core.config import ConfigError

AS_OF = date(2026, 11, 22)
BASE = {"supervision_no": "3201022020B00001", "agreed_start": "2025-11-22", "price": 1000, "cause": "企业原因"}
NATIONAL = idle.Rules.load()


def rec(**changes):
    record = dict(BASE)
    record.update(changes)
    return record


CASES = [
    # id, record, as_of, rules overrides, (suspected, idle_type, idle_start, idle_years, tier, fee), flag codes
    ("anniversary is the boundary day", rec(), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("one day less than a year", rec(agreed_start="2025-11-23"), AS_OF, {},
     ("否", None, None, None, "none", None), []),
    ("two years: recovery, no fee", rec(agreed_start="2024-11-22"), AS_OF, {},
     ("是", "未动工", date(2024, 11, 22), 2, "recovery", None), []),
    ("one day short of two years stays in the fee tier", rec(agreed_start="2024-11-23"), AS_OF, {},
     ("是", "未动工", date(2024, 11, 23), 1, "fee", 200.0), []),
    ("recovery tier with the fee shown when configured", rec(agreed_start="2023-01-05"), AS_OF,
     {"fee_in_recovery_tier": True}, ("是", "未动工", date(2023, 1, 5), 3, "recovery", 200.0), []),
    ("supplementary agreement restarts the clock", rec(agreed_start="2023-01-01", supplement_start="2026-01-01"),
     AS_OF, {}, ("否", None, None, None, "none", None), []),
    ("supplementary agreement date used for the years", rec(agreed_start="2022-01-01", supplement_start="2025-06-01"),
     AS_OF, {}, ("是", "未动工", date(2025, 6, 1), 1, "fee", 200.0), []),
    ("started on time: not idle", rec(actual_start="2026-01-10"), AS_OF, {},
     ("否", None, None, None, "none", None), []),
    ("started late: not idle now, flagged", rec(agreed_start="2024-01-01", actual_start="2025-03-01"), AS_OF, {},
     ("否", None, None, None, "none", None), ["late_start"]),
    ("actual start after the as-of date counts as not started", rec(actual_start="2026-12-01"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), ["actual_after_as_of"]),
    ("stalled: area 0.3 < 1/3 (investment 0.3 is not below 25 %)",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.3, due_area=1.0, invested=30,
         total_invest=100, suspend_start="2025-11-22"), AS_OF, {},
     ("是", "中止开发", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("not stalled: area 0.4 and investment 0.3 both above the ratios",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.4, due_area=1.0, invested=30,
         total_invest=100, suspend_start="2024-01-01"), AS_OF, {},
     ("否", None, None, None, "none", None), []),
    ("stalled: investment 0.2 < 25 % alone is enough",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.4, due_area=1.0, invested=20,
         total_invest=100, suspend_start="2024-11-01"), AS_OF, {},
     ("是", "中止开发", date(2024, 11, 1), 2, "recovery", None), []),
    ("exactly 1/3 and exactly 25 % are not below",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=1, due_area=3, invested=25,
         total_invest=100, suspend_start="2024-01-01"), AS_OF, {},
     ("否", None, None, None, "none", None), []),
    ("suspended 11 months: not yet stalled",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.1, due_area=1.0,
         suspend_start="2025-12-22"), AS_OF, {}, ("否", None, None, None, "none", None), []),
    ("suspended 12 months: stalled",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.1, due_area=1.0,
         suspend_start="2025-11-22"), AS_OF, {}, ("是", "中止开发", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("suspended 11 months is enough with stall_months=6",
     rec(agreed_start="2022-01-01", actual_start="2022-03-01", developed_area=0.1, due_area=1.0,
         suspend_start="2025-12-22"), AS_OF, {"stall_months": 6},
     ("是", "中止开发", date(2025, 12, 22), 0, "below_fee", None), []),
    ("suspended long enough but no progress figures", rec(actual_start="2022-03-01", suspend_start="2024-01-01"),
     AS_OF, {}, ("否", None, None, None, "none", None), ["stall_unknown"]),
    # developed 1/2 >= 1/3 passes, investment unknown could be < 25 %: never a silent 否
    ("area passes, investment unknown", rec(actual_start="2022-03-01", developed_area=0.5, due_area=1.0,
                                            suspend_start="2024-01-01"),
     AS_OF, {}, ("否", None, None, None, "none", None), ["stall_partial"]),
    ("investment passes, area unknown", rec(actual_start="2022-03-01", invested=50, total_invest=100,
                                            suspend_start="2024-01-01"),
     AS_OF, {}, ("否", None, None, None, "none", None), ["stall_partial"]),
    # recorded start 2025-02-01, 0 developed and 0 invested 21 months later (>= 12): not started per Art. 30
    ("recorded start, nothing done: false start",
     rec(actual_start="2025-02-01", developed_area=0, due_area=1, invested=0, total_invest=100),
     AS_OF, {}, ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), ["false_start"]),
    ("recorded start, nothing done, only 9 months",
     rec(actual_start="2026-02-01", developed_area=0, due_area=1, invested=0, total_invest=100),
     AS_OF, {}, ("否", None, None, None, "none", None), []),
    ("enterprise text naming a plan permit is enterprise", rec(cause="企业资金不足，未申请办理规划许可"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("both sides named: enterprise, to be verified", rec(cause="企业资金不足，又遇政府规划调整"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), ["cause_mixed"]),
    ("earthquake is force majeure: no fee", rec(cause="地震造成场地损毁"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "force_majeure", None), []),
    ("government cause (code 2): Art. 12 options, no fee", rec(agreed_start="2023-01-01", cause="2"), AS_OF, {},
     ("是", "未动工", date(2023, 1, 1), 3, "government", None), []),
    ("government cause from text", rec(cause="政府未按期交付净地"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "government", None), []),
    ("force majeure", rec(cause="不可抗力(洪水)"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "force_majeure", None), []),
    ("unknown cause counts as enterprise, flagged", rec(cause=None), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), ["cause_unknown"]),
    ("unrecognised cause text", rec(cause="情况复杂"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), ["cause_unrecognized", "cause_unknown"]),
    ("missing start date: contract date + 12 months", rec(agreed_start=None, contract_date="2024-10-01"), AS_OF, {},
     ("是", "未动工", date(2025, 10, 1), 1, "fee", 200.0), ["start_derived"]),
    ("missing start date: delivery date + 12 months not reached",
     rec(agreed_start="", delivery_date="2025-12-01"), AS_OF, {"missing_start_rule": "delivery_plus_months"},
     ("否", None, None, None, "none", None), ["start_derived"]),
    ("missing start date: flag only", rec(agreed_start=None, contract_date="2020-01-01"), AS_OF,
     {"missing_start_rule": "flag_only"}, ("否", None, None, None, "none", None), ["start_missing"]),
    ("29 February: anniversary on 28 February", rec(agreed_start="2024-02-29"), date(2025, 2, 28), {},
     ("是", "未动工", date(2024, 2, 29), 1, "fee", 200.0), []),
    ("29 February: the day before is not a full year", rec(agreed_start="2024-02-29"), date(2025, 2, 27), {},
     ("否", None, None, None, "none", None), []),
    ("unparseable agreed start: kept, flagged, not judged", rec(agreed_start="2025-13-01"), AS_OF, {},
     ("否", None, None, None, "none", None), ["date_unparseable", "start_unparseable"]),
    ("unparseable actual start still means a start was recorded",
     rec(agreed_start="2020-01-01", actual_start="去年"), AS_OF, {},
     ("否", None, None, None, "none", None), ["date_unparseable"]),
    ("negative price: no fee, flagged", rec(price=-5), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", None), ["negative"]),
    ("missing price: no fee, flagged", rec(price=None), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", None), ["price_missing"]),
    ("price as text with a thousands separator", rec(price="1,234.565"), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 246.91), []),
    ("fee rounds half-up: 0.2 × 0.125 = 0.025 → 0.03", rec(price=0.125), AS_OF, {},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 0.03), []),
    ("developed area above the due area", rec(actual_start="2026-01-01", developed_area=2, due_area=1), AS_OF, {},
     ("否", None, None, None, "none", None), ["developed_gt_due"]),
    ("pm000_local: start date recorded but foundations below ±0.00",
     rec(actual_start="2026-01-01", foundation_pm000="否"), AS_OF, {"start_rule": "pm000_local"},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("pm000_local: foundations at ±0.00", rec(foundation_pm000="是"), AS_OF, {"start_rule": "pm000_local"},
     ("否", None, None, None, "none", None), []),
    ("pm000_local: empty field falls back to the actual start date",
     rec(actual_start="2026-01-01", foundation_pm000=""), AS_OF, {"start_rule": "pm000_local"},
     ("否", None, None, None, "none", None), ["pm000_missing"]),
    ("pm000_local: no such field at all (logged once by the algorithm, no per-record flag)",
     rec(), AS_OF, {"start_rule": "pm000_local"},
     ("是", "未动工", date(2025, 11, 22), 1, "fee", 200.0), []),
    ("national rule ignores the ±0.00 field", rec(actual_start="2026-01-01", foundation_pm000="否"), AS_OF, {},
     ("否", None, None, None, "none", None), []),
]


@pytest.mark.parametrize("record, as_of, overrides, expected, flag_codes",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_screen(record, as_of, overrides, expected, flag_codes):
    rules = idle.Rules.load(**overrides) if overrides else NATIONAL
    result = idle.screen(record, as_of, rules)
    got = (result.suspected, result.idle_type, result.idle_start, result.idle_years, result.tier, result.idle_fee)
    assert got == expected
    assert sorted(f.code for f in result.flags) == sorted(flag_codes)


def test_advice_wording_always_says_suspected():
    rules = NATIONAL
    fee = idle.screen(rec(), AS_OF, rules)
    recovery = idle.screen(rec(agreed_start="2020-01-01"), AS_OF, rules)
    government = idle.screen(rec(cause="government_5"), AS_OF, rules)
    force = idle.screen(rec(cause="force_majeure"), AS_OF, rules)
    assert fee.advice == "疑似闲置-征缴土地闲置费"
    assert recovery.advice == "疑似闲置-无偿收回"
    assert government.advice.startswith("疑似闲置-政府原因-协商处置(")
    for option in ("延长动工开发期限", "调整土地用途、规划条件", "安排临时使用", "协议有偿收回", "置换土地"):
        assert option in government.advice
    assert force.advice.startswith("疑似闲置-不可抗力-协商处置(")
    assert government.cause == "government_5"


def test_flag_text_names_the_field_and_reason():
    result = idle.screen(rec(agreed_start="2025-02-30"), AS_OF, NATIONAL, names={"agreed_start": "约定动工日期(YDDGRQ)"})
    assert "约定动工日期(YDDGRQ)无法解析:'2025-02-30'不是有效日期" in result.flag_text


def test_duplicate_missing_and_numeric_keys():
    records = [rec(), rec(), rec(supervision_no="3201022020B00002"), rec(supervision_no=""),
               rec(supervision_no=3201022020)]
    results = idle.screen_all(records, AS_OF, NATIONAL)
    codes = [sorted(f.code for f in r.flags) for r in results]
    assert codes == [["duplicate_key"], ["duplicate_key"], [], ["key_missing"], ["key_numeric"]]
    assert "电子监管号重复(2条)" in results[0].flag_text


def test_ratio_parsing_and_bad_config():
    assert idle.ratio("1/3") == idle.ratio(1 / 3) == idle.ratio(0.3333333333333333)
    assert idle.ratio(0.25) * 4 == 1
    with pytest.raises(ConfigError):
        idle.ratio(0)
    with pytest.raises(ConfigError, match="start_rule"):
        idle.Rules.load(start_rule="province_x")
    with pytest.raises(ConfigError, match="recovery_years"):
        idle.Rules.load(fee_years=3)


@pytest.mark.parametrize(
    "value, expected",
    [("1", "government_1"), (6.0, "government_6"), ("ZF3", "government_3"), ("规划调整", "government_2"),
     ("群众信访", "government_4"), ("文物保护", "government_5"), ("自然灾害", "force_majeure"), ("企业资金不足", "enterprise"),
     ("台风", "force_majeure"), ("泥石流", "force_majeure"), ("政府未按期交地", "government_1"),
     ("受国家政策调整影响", "government_3"),
     ("", "unknown"), ("  ", "unknown")],
)
def test_cause_lookup(value, expected):
    assert NATIONAL.causes.classify(value).kind == expected


def test_evidence_helpers():
    evidence = idle.load_config("idle")["evidence"]
    assert [idle.is_nonbuilt(c, evidence) for c in ("0101", "0301", "1206", "0404", "05H1", "0702", "1001")] == [
        True, True, True, True, False, False, False]
    text, built = idle.monitoring_evidence([("JC1", "20"), ("JC2", "dt"), ("JC3", "01"), ("JC4", "YH")], evidence)
    assert built == ["JC1", "JC4"]
    assert text == "建设迹象(20/YH):JC1,JC4；未动工迹象(DT/TD/TP):JC2"
    result = idle.screen(rec(), AS_OF, NATIONAL)
    idle.add_evidence_flags(result, built, NATIONAL)
    assert result.flags[-1].code == "built_signs" and result.suspected == "是"
