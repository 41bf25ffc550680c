"""A Chinese QGIS session: dialogs fit QGIS's default size, and every message a user can see is Chinese.

The translators are those real QGIS installs for zh-Hans: Qt's, QGIS's own and the plugin's (compiled from
the committed .ts).
"""
from __future__ import annotations

import os
import re

import pytest
from qgis.core import QgsProcessingException

from conftest import SAMPLE_GPKG
from land_supervision.core.config import RESOURCES_DIR as RESOURCES

SAMPLE = SAMPLE_GPKG + "|layername="
# An English sentence: three or more Latin words in a row (ids, field names and paths are single words).
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ '-]+[A-Za-z]{2,}){2,}")


def english_sentences(text: str):
    return ENGLISH.findall(re.sub(r"\S*[/\\]\S*", " ", text))  # paths are not sentences


def test_english_sentences_are_found():
    assert english_sentences("The folder /tmp/x does not exist.") != []
    assert english_sentences("文件夹 /tmp/no_such/x.xlsx 不存在。") == []
    assert english_sentences("图层“tasks”中没有DLBM字段；可识别的字段名：DLBM, 地类编码, DLDM。") == []


# -- dialogs at QGIS's default size --------------------------------------------------------------------------
def dialogs(provider, monkeypatch):
    from processing.gui import ParametersPanel
    from processing.gui.AlgorithmDialog import AlgorithmDialog

    monkeypatch.setattr(ParametersPanel, "iface", None)  # the test double has no browser model

    for algorithm in provider.algorithms():
        dialog = AlgorithmDialog(algorithm.create())
        dialog.show()
        yield algorithm, dialog
        dialog.close()


def test_parameter_panels_fit_the_default_dialog(chinese, provider, monkeypatch):
    """Nothing scrolls sideways: the parameter panel's preferred width fits its viewport at the default size
    (688 px), the field choosers sit under 高级参数 with the recognised names in their tooltips."""
    from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterField
    from qgis.PyQt.QtWidgets import QScrollArea

    checked = 0
    for algorithm, dialog in dialogs(provider, monkeypatch):
        area = dialog.mainWidget().findChildren(QScrollArea)[0]
        assert area.widget().sizeHint().width() <= area.viewport().width(), algorithm.id()
        for param in algorithm.parameterDefinitions():
            if isinstance(param, QgsProcessingParameterField) and param.name().startswith("FIELD_"):
                assert param.flags() & QgsProcessingParameterDefinition.Flag.FlagAdvanced, param.name()
                assert param.description().endswith("字段") and "留空时" in param.help(), param.name()
        checked += 1
    assert checked == len(provider.algorithms()) >= 7


def test_labels_and_help_are_chinese(chinese, provider):
    for algorithm in provider.algorithms():
        assert not english_sentences(algorithm.displayName()), algorithm.id()
        for param in algorithm.parameterDefinitions():
            assert not english_sentences(param.description()), (algorithm.id(), param.description())
            assert not english_sentences(param.help()), (algorithm.id(), param.help())


# -- error paths --------------------------------------------------------------------------------------------
def error_of(run_alg, name, params) -> str:
    with pytest.raises(QgsProcessingException) as info:
        run_alg(name, params)
    return str(info.value)


def assert_chinese(text: str, *expected: str):
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    assert english_sentences(text) == [], text
    for part in expected:
        assert part in text, (part, text)


def test_ledger_errors_are_chinese(chinese, run_alg, tmp_path):
    tasks = SAMPLE + "restoration_tasks"
    existing = tmp_path / "exists.xlsx"
    existing.write_bytes(b"kept")
    cases = [
        # a template the layer does not fit: named by its title, the generic template suggested
        ({"TEMPLATE": "closed_mines"}, "xx.xlsx", ["关闭矿山“三到位”核查台账", "问题整改台账"]),
        ({"TEMPLATE": "no_such_template"}, "xx.xlsx", ["未知的台账模板", "restoration"]),
        ({}, "no_such_folder/x.xlsx", ["不存在"]),
        ({}, "exists.xlsx", ["已存在", "覆盖已有文件"]),
        ({"AS_OF_DATE": "2026-02-30"}, "xx.xlsx", ["期限统计截止日", "不是有效日期"]),
    ]
    for extra, name, expected in cases:
        params = {"INPUT": tasks, "TEMPLATE": "restoration", "OUTPUT": str(tmp_path / name), **extra}
        assert_chinese(error_of(run_alg, "exportledger", params), *expected)
    assert existing.read_bytes() == b"kept"
    assert not (tmp_path / "xx.xlsx").exists()


def test_configuration_errors_are_chinese(chinese, run_alg, tmp_path, monkeypatch):
    """Wrong entries of a rule table, a ledger template and the user's settings: the entry is named, in Chinese."""
    import json

    from land_supervision import settings

    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps({"modes": {"2": {"max_residual_share": 1.5}}}), encoding="utf-8")
    text = error_of(run_alg, "minerehabilitation", {
        "INPUT": SAMPLE + "mine_patches", "SURVEY": SAMPLE + "dltb_2024", "RULES": str(rules),
        "OUTPUT": str(tmp_path / "m.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "s.gpkg")})
    assert_chinese(text, "矿山修复规则", "modes.2.max_residual_share", "1.5", "0 到 1 之间")
    template = tmp_path / "my_template.json"
    template.write_text(json.dumps({"id": "mine", "title": "我的台账", "columns": [
        {"key": "a", "header_zh": "甲", "source": ["RWBH"], "type": "colour"}]}), encoding="utf-8")
    text = error_of(run_alg, "exportledger", {"INPUT": SAMPLE + "restoration_tasks", "TEMPLATE": str(template),
                                              "OUTPUT": str(tmp_path / "x.xlsx")})
    assert_chinese(text, "台账模板", "my_template.json", "未知类型 'colour'")
    user = tmp_path / "user"
    user.mkdir()
    (user / "idle_causes.json").write_text(json.dumps({"codes": {"xyz": "no_such_type"}}), encoding="utf-8")
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(user))
    text = error_of(run_alg, "idlelandscreening", {"INPUT": SAMPLE + "supply_records",
                                                   "OUTPUT": str(tmp_path / "i.gpkg")})
    assert_chinese(text, "idle_causes", "未知的闲置原因类型 'no_such_type'")


def test_letter_errors_are_chinese(chinese, run_alg, tmp_path):
    """A wording file with an unknown placeholder, and letters that exist already: Chinese, with the fix."""
    import json

    from test_chasing_algorithms import FIELDS, ITEMS, letter_params, square
    from gpkg_util import write_gpkg

    layer = write_gpkg(tmp_path / "items.gpkg", "items", FIELDS, ITEMS, [square(k) for k in range(len(ITEMS))])
    wording = json.load(open(os.path.join(RESOURCES, "templates", "letters", "letter_wording.json"), encoding="utf-8"))
    wording["reminder"]["intro"] = "{unit}：{no_such}"
    bad = tmp_path / "wording.json"
    bad.write_text(json.dumps(wording, ensure_ascii=False), encoding="utf-8")
    text = error_of(run_alg, "ledgerletters", letter_params(layer, tmp_path, WORDING=str(bad)))
    assert_chinese(text, "函件文字", "reminder.intro", "{no_such}")
    run_alg("ledgerletters", letter_params(layer, tmp_path))
    text = error_of(run_alg, "ledgerletters", letter_params(layer, tmp_path))
    assert_chinese(text, "已有 3 份函件", "允许覆盖")  # one letter each to 甲镇, 乙镇 and 丙镇


def test_warnings_of_core_are_chinese(chinese, run_alg, tmp_path):
    """Warnings core gives (a class derived from DLMC, ledger values kept as text) reach the log in Chinese."""
    from gpkg_util import write_dict_rows
    from test_farmland_algorithms import SURVEY, TASKS, Recorder

    gpkg = str(tmp_path / "in.gpkg")
    survey = write_dict_rows(gpkg, "dltb", [{k: v for k, v in r.items() if k != "DLBM"} for r in SURVEY])
    tasks = write_dict_rows(gpkg, "tasks", [dict(r, WCQX="下月底") for r in TASKS])  # a deadline no date reads
    feedback = Recorder()
    result = run_alg("farmlandrestoration", {"INPUT": tasks, "SURVEY": survey, "OUTPUT": str(tmp_path / "r.gpkg")},
                     feedback=feedback)
    run_alg("exportledger", {"INPUT": result["OUTPUT"], "TEMPLATE": "restoration", "OUTPUT": str(tmp_path / "l.xlsx")},
            feedback=feedback)
    warnings = [m for m in feedback.messages if "DLMC" in m or "下月底" in m or "按文本保留" in m]
    assert any("已按代码表由 'DLMC' 推得" in m for m in warnings), feedback.text()
    assert any("已按文本保留" in m for m in warnings), feedback.text()
    for line in warnings:
        assert_chinese(line)


def test_missing_field_errors_are_chinese_and_offer_the_fix(chinese, run_alg, tmp_path):
    # The survey has no chooser for its land-class field: the fix is to rename it.
    text = error_of(run_alg, "farmlandrestoration", {
        "INPUT": SAMPLE + "restoration_tasks", "SURVEY": SAMPLE + "restoration_tasks",
        "OUTPUT": str(tmp_path / "r.gpkg")})
    assert_chinese(text, "调查数据", "DLBM", "地类编码", "改为")
    assert "dlbm" not in text
    # A chosen field that is not in the layer: named by its label; the chooser is the fix.
    text = error_of(run_alg, "idlelandscreening", {
        "INPUT": SAMPLE + "supply_records", "FIELD_AGREED_START": "NO_SUCH", "OUTPUT": str(tmp_path / "i.gpkg")})
    assert_chinese(text, "约定动工日期", "NO_SUCH", "高级参数")


def test_dates_as_text_still_work(chinese, run_alg, tmp_path):
    """The as-of date is a date parameter; models and qgis_process may still give text, in every form."""
    from qgis.PyQt.QtCore import QDate

    for value in ("2024-06-01", "2024/6/1", "2024年6月1日", QDate(2024, 6, 1)):
        out = tmp_path / "ledger_{0}.xlsx".format(abs(hash(str(value))))
        result = run_alg("exportledger", {"INPUT": SAMPLE + "restoration_tasks", "AS_OF_DATE": value,
                                          "TEMPLATE": "generic", "OUTPUT": str(out)})
        assert result["ROWS"] > 0 and out.exists()


def test_template_by_title_id_or_none(chinese, run_alg, tmp_path):
    source = SAMPLE + "restoration_tasks"
    by_title = run_alg("exportledger", {"INPUT": source, "TEMPLATE": "问题整改台账", "OUTPUT": str(tmp_path / "a")})
    by_id = run_alg("exportledger", {"INPUT": source, "TEMPLATE": "generic", "OUTPUT": str(tmp_path / "b")})
    assert by_title["TEMPLATE_USED"] == by_id["TEMPLATE_USED"] == "generic"


def test_help_speaks_to_analysts(chinese, provider):
    """No parameter ids, JSON paths or output field names in the help: 设置 pages instead of files."""
    for algorithm in provider.algorithms():
        text = algorithm.shortHelpString()
        ids = [p.name() for p in algorithm.parameterDefinitions() if len(p.name()) > 3 and p.name() in text]
        assert ids == [] and ".json" not in text and "resources/" not in text, (algorithm.id(), ids)
        assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == [], algorithm.id()
        assert english_sentences(text) == [], algorithm.id()


def test_replace_confirmed_in_the_file_dialog_ticks_overwrite(qgis_iface, provider, monkeypatch, tmp_path):
    """QGIS's Save to File… dialog asks "replace?" itself: an existing file chosen from the output's menu ticks
    覆盖已有文件; a typed name leaves it unticked (the run then refuses to replace the file)."""
    import qgis.utils
    from processing.gui import ParametersPanel
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from qgis.core import QgsProcessingContext
    from qgis.PyQt.QtWidgets import QCheckBox, QLineEdit, QToolButton

    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"old")
    monkeypatch.setattr(qgis.utils, "iface", qgis_iface)  # QGIS with its window: the dialog widgets are used
    monkeypatch.setattr(ParametersPanel, "iface", None)  # the test double has no browser model
    dialog = AlgorithmDialog(provider.algorithm("exportledger").create())
    panel = dialog.mainWidget()
    box = panel.wrappers["OVERWRITE"].widget
    assert isinstance(box, QCheckBox) and not box.isChecked()
    output = panel.wrappers["OUTPUT"]
    output.wrappedWidget().findChild(QLineEdit).setText(str(existing))  # typed: no question was asked
    assert not box.isChecked()
    menu = output.wrappedWidget().findChild(QToolButton).menu()
    menu.aboutToShow.emit()
    save_to_file = menu.actions()[-1]
    # What the action does after its dialog's "replace?" was answered yes (the dialog itself is QGIS's C++).
    output.setParameterValue(str(existing), QgsProcessingContext())
    menu.triggered.emit(save_to_file)
    assert box.isChecked() and "old.xlsx" in box.toolTip()
    dialog.close()


def test_summary_levels_are_chinese_and_the_ledger_still_sums_the_counties(chinese, run_alg, tmp_path):
    import openpyxl
    from land_supervision.core.ledger.writer import HEADER_ROW
    from land_supervision.core.units import round_half_up
    from test_farmland_algorithms import features

    surveys = {"SURVEY_BEFORE": SAMPLE + "dltb_2023", "SURVEY_AFTER": SAMPLE + "dltb_2024"}
    balance = run_alg("farmlandbalance", dict(surveys, OUTPUT_FLOWS="memory:",
                                              OUTPUT_SUMMARY=str(tmp_path / "balance.gpkg")))["OUTPUT_SUMMARY"]
    outflow = run_alg("farmlandoutflow", dict(surveys, OUTPUT="memory:",
                                              OUTPUT_SUMMARY=str(tmp_path / "outflow.gpkg")))["OUTPUT_SUMMARY"]
    for summary in (balance, outflow):
        rows = features(summary)
        # the level follows the code: 6 digits a county, 9 a township, 12 a village
        assert {r["level"] for r in rows} == {"县级", "乡镇级", "村级"}
        assert all({6: "县级", 9: "乡镇级", 12: "村级"}[len(r["region_code"])] == r["level"] for r in rows)
    counties = {r["region_code"]: r for r in features(balance) if r["level"] == "县级"}
    out = tmp_path / "balance.xlsx"
    run_alg("exportledger", {"INPUT": balance, "TEMPLATE": "balance_summary", "OUTPUT": str(out)})
    wb = openpyxl.load_workbook(out)
    head = [c.value for c in wb["明细"][HEADER_ROW]]
    detail = [dict(zip(head, r)) for r in wb["明细"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert {r["层级"] for r in detail} == {"县级", "乡镇级", "村级"}
    # the summary sheet sums the county rows only (the template's filter knows 县级 as well as county)
    head = [c.value for c in wb["汇总"][HEADER_ROW]]
    summary = [dict(zip(head, r)) for r in wb["汇总"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert [r["行政区代码"] for r in summary] == sorted(counties) + [None]
    # each county's cell is the layer's own 亩 (its villages' 亩 added, as the layer shows them), not its m²
    # converted again (one county of the sample differs by 0.02 亩 that way); 合计 adds the county cells
    cells = [counties[code]["outflow_mu"] for code in sorted(counties)]
    villages = [round(sum(r["outflow_mu"] for r in features(balance) if r["level"] == "村级"
                          and r["region_code"].startswith(code)), 2) for code in sorted(counties)]
    assert cells == pytest.approx(villages, abs=1e-9)
    assert cells != pytest.approx([round_half_up(counties[code]["outflow"] * 15 / 10000, 2)
                                   for code in sorted(counties)], abs=1e-9)
    assert [r["耕地流出"] for r in summary[:-1]] == pytest.approx(cells, abs=1e-9)
    assert summary[-1]["耕地流出"] == pytest.approx(sum(cells), abs=1e-9)
    # the detail sheet shows every row's 亩 as the layer does
    shown = {r["行政区代码"]: r["耕地流出"] for r in detail}
    assert all(shown[r["region_code"]] == pytest.approx(r["outflow_mu"], abs=1e-9) for r in features(balance))
