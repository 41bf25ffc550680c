"""Legacy-mine and closed-mine rules (core/mines.py), table-driven, codes and text values alike."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest

from land_supervision.core import mines
from land_supervision.core.config import ConfigError, load_config

NAN = float("nan")
BOOK = mines.codebook()
RULES = mines.load_rules()
DAMAGE = load_config("damage_types")
CHECKS = load_config("closed_mine_checks")


@pytest.mark.parametrize("field, value, code", [
    ("hfzlqk", "A", "A"),
    ("hfzlqk", "b", "B"),
    ("hfzlqk", "已恢复治理", "B"),
    ("hfzlqk", "完全修复", "B"),
    ("hfzlqk", " 未治理 ", "A"),
    ("hfzlqk", "治理中", "C"),
    ("nxffs", "1", "1"),
    ("nxffs", 1, "1"),
    ("nxffs", 3.0, "3"),
    ("nxffs", "自然恢复", "1"),
    ("nxffs", "工程修复", "3"),
    ("nxffs", "转型利用", "4"),
    ("kcfs", "露天开采", "A"),
    ("kcfs", "地下开采", "B"),
    ("kcfs", "Ｃ", "C"),  # full-width letter
    ("tbsx", "01", "1"),
    ("tbsx", "固体废弃物堆场", "3"),
    ("tbsx", "14", "14"),
    ("tbdl", "历史遗留矿山", "10"),
    ("tbxl", "37", "37"),
    ("bhdlx", "自然保护区", "2"),
    ("stwt", "植被破坏", "3"),
    ("yszt", "已验收", "1"),
    ("yszt", "县级自验", "2"),
    ("yszt", "否", "0"),
])
def test_codes_and_text_values_normalise(field, value, code):
    coded = BOOK.normalize(field, value)
    assert coded.code == code and not coded.unknown


@pytest.mark.parametrize("value", [None, "", "  ", NAN])
def test_empty_value_is_missing_not_unknown(value):
    coded = BOOK.normalize("hfzlqk", value)
    assert coded.code is None and not coded.unknown


def test_unknown_value_is_kept_flagged_and_counted():
    tally = mines.Tally()
    patch = mines.prepare_patch({"hfzlqk": "基本完成", "nxffs": "9", "tbsx": "1"}, BOOK, RULES, tally)
    assert patch.codes["hfzlqk"].unknown and patch.codes["hfzlqk"].raw == "基本完成"
    assert "未识别的恢复治理情况: 基本完成" in patch.flags
    assert "未识别的拟修复方式: 9" in patch.flags
    assert tally.total() == 2
    assert patch.rule is RULES["unknown_mode"]  # unknown mode: default rule, run goes on
    assert any(line.startswith("hfzlqk: 1 (基本完成 ×1)") for line in tally.lines())


def test_same_text_for_two_codes_is_a_config_error():
    tables = json.loads(json.dumps(BOOK.tables))
    tables["hfzlqk"]["codes"]["A"]["synonyms"].append("已治理")
    with pytest.raises(ConfigError, match="已治理"):
        mines.CodeBook(tables)


@pytest.mark.parametrize("tbsx, expected", [
    ("1", "挖损"), ("采场", "挖损"), ("6", "挖损"), ("井口", "挖损"),
    ("2", "压占"), ("3", "压占"), ("矿山建筑", "压占"),
    ("5", "塌陷"), ("塌陷坑", "塌陷"), ("14", "塌陷"),
    ("7", ""), ("8", ""), ("17", ""), (None, ""), ("不知道", ""),
])
def test_damage_type_from_tbsx(tbsx, expected):
    assert mines.damage_type(BOOK.normalize("tbsx", tbsx).code, DAMAGE) == expected


SET = {"min_restored_share": 0.8, "max_residual_share": 0.1}
NULL = {"min_restored_share": None, "max_residual_share": None}


@pytest.mark.parametrize("rest, residual, rule, expected", [
    (NAN, NAN, SET, "nodata"),
    (0.85, 0.05, SET, "complete"),
    (0.8, 0.1, SET, "complete"),  # thresholds are inclusive
    (0.85, 0.15, SET, "partial"),  # residual too large
    (0.5, 0.0, SET, "partial"),
    (0.0, 0.4, SET, "none"),
    (1.0, 0.0, NULL, "partial"),  # null thresholds: never complete (fallback)
    (0.01, 0.9, NULL, "partial"),
    (0.0, 1.0, NULL, "none"),
    (0.0, 0.0, {"min_restored_share": None, "max_residual_share": 0.0}, "complete"),
])
def test_survey_evidence(rest, residual, rule, expected):
    assert mines.evidence(rest, residual, rule) == expected


# hfzlqk, yszt, survey -> status key
@pytest.mark.parametrize("hfzlqk, yszt, survey, expected", [
    ("A", None, "none", "unrestored"),
    ("A", None, "partial", "in_progress"),
    ("A", None, "complete", "restored"),
    (None, None, "nodata", "unrestored"),
    ("B", None, "none", "restored"),
    ("B", None, "nodata", "restored"),
    ("C", None, "none", "in_progress"),
    ("B", "1", "none", "accepted"),
    ("A", "1", "none", "accepted"),
    ("B", "2", "complete", "restored"),  # county self-check is not acceptance by default
    ("B", "0", "complete", "restored"),
    (None, None, "complete", "restored"),  # the survey alone: at most 已修复(待验收)
])
def test_status_rules(hfzlqk, yszt, survey, expected):
    assert mines.status_key(hfzlqk, yszt, survey, RULES) == expected


def test_survey_can_overrule_a_contradicted_attribute():
    rules = dict(RULES, attribute_over_survey=False)
    assert mines.status_key("B", None, "none", rules) == "unrestored"
    assert mines.status_key("B", None, "partial", rules) == "restored"  # some restored land: attribute stands
    assert mines.status_key("B", None, "nodata", rules) == "restored"  # no survey: nothing to overrule
    assert mines.status_key("B", "1", "none", rules) == "accepted"


@pytest.mark.parametrize("values, rest, residual, status", [
    ({"hfzlqk": "未治理"}, 0.0, 1.0, "未修复"),
    ({"hfzlqk": "A"}, 0.3, 0.7, "修复中"),
    ({"hfzlqk": "已恢复治理"}, 0.0, 1.0, "已修复(待验收)"),
    ({"hfzlqk": "完全修复", "yszt": "验收通过"}, 1.0, 0.0, "已验收"),
    # shipped defaults (to review): restored share >= 0.8 and residual <= 0.1 make the survey complete
    ({"hfzlqk": "A"}, 1.0, 0.0, "已修复(待验收)"),
    ({"hfzlqk": "A"}, 0.79, 0.0, "修复中"),
    ({"hfzlqk": "A"}, 0.9, 0.11, "修复中"),
    # 转型利用 (nxffs 4) without a planned use cannot be scored: 待核实, whatever the (agricultural) share says
    ({"nxffs": "4"}, 0.0, 0.0, "待核实"),
    ({"nxffs": "4", "hfzlqk": "已恢复治理"}, 0.0, 0.0, "已修复(待验收)"),  # the attribute still counts
    ({"nxffs": "4", "nxffx": "工业用地"}, 1.0, 0.0, "已修复(待验收)"),  # scored against the planned use
    ({}, NAN, NAN, "未修复"),
])
def test_status_labels_through_assess(values, rest, residual, status):
    patch = mines.prepare_patch(values, BOOK, RULES, mines.Tally())
    result = mines.assess_patch(patch, rest, residual, 1.0, False, False, RULES, DAMAGE)
    assert result.status == status


def test_thresholds_from_a_rule_file(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"modes": {"1": {"min_restored_share": 0.9}}}), encoding="utf-8")
    rules = mines.load_rules(str(path))
    assert rules["modes"]["1"]["min_restored_share"] == 0.9
    assert rules["modes"]["2"]["min_restored_share"] == 0.8  # the rest stays (shipped default, to review)
    patch = mines.prepare_patch({"nxffs": "自然恢复", "hfzlqk": "A"}, BOOK, rules, mines.Tally())
    done = mines.assess_patch(patch, 0.95, 0.05, 1.0, False, False, rules, DAMAGE)
    short = mines.assess_patch(patch, 0.85, 0.15, 1.0, False, False, rules, DAMAGE)
    assert (done.status, short.status) == ("已修复(待验收)", "修复中")
    assert "属性未治理但三调已有修复地类" in done.flags


@pytest.mark.parametrize("bad", [1.5, -0.1, "80%", True])
def test_bad_threshold_is_rejected(tmp_path, bad):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps({"modes": {"2": {"max_residual_share": bad}}}), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"modes\.2\.max_residual_share"):
        mines.load_rules(str(path))


def test_flags_priority_and_conflicts():
    patch = mines.prepare_patch({"hfzlqk": "B", "tbsx": "8"}, BOOK, RULES, mines.Tally())
    result = mines.assess_patch(patch, 0.0, 1.0, 0.5, True, False, RULES, DAMAGE)
    assert result.priority == "清零优先"
    assert result.flags == ["三调覆盖50.0%", "属性已恢复治理但三调无修复地类", "伪变化图斑", "位于生态保护红线内"]
    nodata = mines.assess_patch(patch, NAN, NAN, NAN, False, True, RULES, DAMAGE)
    assert nodata.flags[0] == "无三调地类图斑覆盖" and nodata.priority == "清零优先"


@pytest.mark.parametrize("nxffx, targets, flagged", [
    (None, ("01", "02", "03", "04"), False),
    ("林地", ("03",), False),
    ("林地、草地", ("03", "04"), False),
    ("0301", ("0301",), False),
    ("乔木林地", ("0301",), False),
    ("03", ("03",), False),
    ("耕地,园地", ("01", "02"), False),
    ("建设用地", ("05", "06", "07", "08", "09", "10"), False),
    ("光伏电站", ("01", "02", "03", "04"), True),
])
def test_targets_from_planned_direction(nxffx, targets, flagged):
    tally = mines.Tally()
    patch = mines.prepare_patch({"nxffs": "1", "nxffx": nxffx}, BOOK, RULES, tally)
    assert patch.targets == targets
    assert (tally.total() == 1) is flagged


def test_piece_totals_by_target_group_and_residual():
    # patch 0 targets 03 only, patch 1 the defaults; DLTB: 0301, 0602, 0103, 1206 with FQ ignored twice
    dlbm = ["0301", "0602", "0103", "1206"]
    residual = mines.residual_mask(dlbm, [None, "FQ", None, None], RULES["residual_classes"])
    assert residual.tolist() == [False, True, False, True]
    masks = np.array([mines.class_mask(dlbm, ("03",)), mines.class_mask(dlbm, ("01", "02", "03", "04"))])
    left = np.array([0, 0, 0, 1, 1])
    right = np.array([0, 1, 2, 2, 3])
    area = np.array([50.0, 25.0, 25.0, 40.0, 60.0])
    rest, resid, covered = mines.piece_totals(left, right, area, np.array([0, 1]), masks, residual, 3)
    assert rest.tolist() == [50.0, 40.0, 0.0]
    assert resid.tolist() == [25.0, 60.0, 0.0]
    share = mines.shares(rest, np.array([100.0, 100.0, 100.0]), covered, 1.0)
    assert share[:2].tolist() == [0.5, 0.4] and math.isnan(share[2])


def test_county_summary():
    rows = mines.county_summary(
        ["430102", "430101", "430102", "430102"],
        ["乙县", "甲县", None, "乙县"],
        ["restored", "unrestored", "accepted", "in_progress"],
        [100.0, 50.0, 300.0, 600.0],
        [80.0, 0.0, NAN, 10.0],
        RULES["completed_statuses"],
    )
    assert [r["county"] for r in rows] == ["430101", "430102"]
    first, second = rows
    assert (first["county_name"], first["n_patches"], first["n_done"], first["rate_count_pct"]) == ("甲县", 1, 0, 0.0)
    assert (second["n_patches"], second["n_done"], second["n_restored"], second["n_accepted"]) == (3, 2, 1, 1)
    assert second["rate_count_pct"] == 66.67  # 2 of 3 patches: 66.666… % half-up
    assert second["area"] == 1000.0 and second["done_area"] == 400.0 and second["rate_area_pct"] == 40.0
    assert second["rest_area"] == 90.0
    # 亩 as the ledger adds them: 100 m² = 0.15 亩, 300 m² = 0.45 亩, 600 m² = 0.90 亩 (each rounded, then added)
    assert (second["area_mu"], second["done_area_mu"], second["rest_area_mu"]) == (1.5, 0.6, 0.14)  # 0.12 + 0.02


@pytest.mark.parametrize("xzqdm, xzx, county", [
    ("430102", "乙县", "430102"),
    ("430102001001", None, "430102"),
    (430102.0, None, "430102"),
    (None, "乙县", "乙县"),
    ("", None, ""),
])
def test_county_key(xzqdm, xzx, county):
    assert mines.county_of(xzqdm, xzx) == county


@pytest.mark.parametrize("values, verdict", [
    ({"zxzt": "是", "zxwh": "X国土〔2020〕1号"}, "yes"),
    ({"zxzt": "否"}, "no"),
    ({"zxzt": "Y"}, "yes"),
    ({"zxwh": "X国土〔2020〕1号"}, "yes"),  # empty attribute, document number given
    ({}, "unknown"),
    ({"zxzt": "也许"}, "unknown"),
])
def test_licence_check(values, verdict):
    tally, flags = mines.Tally(), []
    assert mines.check_licence(values, CHECKS, tally, flags)[0] == verdict
    assert (tally.total() == 1) is (values.get("zxzt") == "也许")


@pytest.mark.parametrize("values, building, covered, verdict", [
    ({"sscc": "是", "dlqd": "是"}, 0.0, True, "yes"),
    ({"sscc": "是", "dlqd": "是"}, 500.0, True, "no"),  # 0602 still in the DLTB
    ({"sscc": "是", "dlqd": "否"}, 0.0, True, "no"),
    ({"sscc": "是"}, 0.0, True, "unknown"),
    ({"sscc": "是", "dlqd": "是"}, 0.0, False, "unknown"),  # no survey: absence unproven
    ({"sscc": "否", "dlqd": "是"}, 0.0, False, "no"),
])
def test_facility_check(values, building, covered, verdict):
    result, evidence = mines.check_facility(values, building, covered, "0602", CHECKS, mines.Tally(), [])
    assert result == verdict
    if building:
        assert "三调仍有0602 500.00 m²" in evidence


@pytest.mark.parametrize("rest, residual, rule, verdict", [
    (1.0, 0.0, SET, "yes"),
    (0.5, 0.5, SET, "no"),
    (0.0, 1.0, NULL, "no"),
    (0.9, 0.1, NULL, "unknown"),  # null thresholds: partial restoration is 待核实
    (NAN, NAN, SET, "unknown"),
])
def test_restore_check(rest, residual, rule, verdict):
    assert mines.check_restore(rest, residual, rule, CHECKS)[0] == verdict


@pytest.mark.parametrize("verdicts, expected", [
    (["yes", "yes", "yes"], "yes"),
    (["yes", "no", "yes"], "no"),
    (["yes", "unknown", "yes"], "unknown"),
    (["unknown", "no", "unknown"], "no"),
])
def test_all_three(verdicts, expected):
    assert mines.all_three(verdicts) == expected
