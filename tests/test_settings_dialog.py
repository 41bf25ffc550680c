"""Settings: user overrides checked entry by entry, the dialog driven offscreen, corrupt files."""
from __future__ import annotations

import json
import os

import pytest

from conftest import SAMPLE_GPKG


@pytest.fixture()
def user_dir(tmp_path, monkeypatch):
    """A private user settings folder that settings.load() and the dialog both use."""
    from land_supervision import settings

    folder = tmp_path / "land_supervision"
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(folder))
    return folder


def write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / (name + ".json")).write_text(text, encoding="utf-8")


# -- core/usersettings.check: the shipped JSON is the schema by example ------------------
DEFAULTS = {"threshold": 1.0, "days": 15, "unit": "", "net": True, "codes": ["WG", "XG"], "empty": None,
            "status": {"complete": "已恢复"}, "modes": {"1": {"label": "自然恢复", "share": None}}}


@pytest.mark.parametrize("override, kept, problems", [
    ({"threshold": 0.95}, {"threshold": 0.95}, []),
    ({"threshold": "abc"}, {}, [("threshold", "wrong_type", "number")]),
    ({"threshold": True}, {}, [("threshold", "wrong_type", "number")]),
    ({"days": -3}, {}, [("days", "negative", "")]),
    ({"unit": 5}, {}, [("unit", "wrong_type", "text")]),
    ({"net": "yes"}, {}, [("net", "wrong_type", "bool")]),
    ({"codes": ["WG", 3]}, {}, [("codes[1]", "wrong_type", "text")]),
    ({"empty": 0.8}, {"empty": 0.8}, []),
    ({"empty": ["01", "02"]}, {"empty": ["01", "02"]}, []),
    ({"empty": {"a": 1}}, {}, [("empty", "wrong_type", "plain value")]),
    ({"status": {"complete": "好"}, "typo": 1}, {"status": {"complete": "好"}}, [("typo", "unknown_entry", "")]),
    ({"status": "x"}, {}, [("status", "wrong_type", "table")]),
    ({"modes": {"5": {"label": "新方式", "share": 0.5}}}, {"modes": {"5": {"label": "新方式", "share": 0.5}}}, []),
    ({"modes": {"1": {"share": "high"}}}, {"modes": {"1": {}}}, [("modes.1.share", "wrong_type", "plain value")]),
    ({"_note": "mine"}, {"_note": "mine"}, []),
])
def test_check_keeps_what_fits(override, kept, problems):
    from land_supervision.core.usersettings import check

    fitted, found = check(DEFAULTS, override)
    assert fitted == kept
    assert found == problems


def test_load_config_falls_back_per_entry(tmp_path):
    from land_supervision.core.config import load_config

    write(tmp_path, "restoration", json.dumps({"complete_threshold": "abc", "min_piece_m2": 2}))
    data = load_config("restoration", str(tmp_path))
    assert data["complete_threshold"] == 1.0 and data["min_piece_m2"] == 2
    write(tmp_path, "restoration", "{not json")
    assert load_config("restoration", str(tmp_path)) == load_config("restoration")


# -- the dialog ----------------------------------------------------------------------------
def set_leaf(page, label, text):
    node = page.item_for(label)
    assert node is not None, label
    node.setText(1, text)
    return node


def test_change_save_reload_reset(qgis_app, user_dir):
    from land_supervision import settings
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    assert dialog.user_dir == str(user_dir)
    page = dialog.page("ledger")
    set_leaf(page, "warning_days", "7")
    set_leaf(page, "reporting_unit", "邻山县自然资源局")
    restoration = dialog.page("restoration")
    set_leaf(restoration, "complete_threshold", "0.95")
    set_leaf(restoration, "uncultivated_planting_codes", "WG | XG | LLJZ")
    assert dialog.save() == []
    # only the differences are stored
    assert json.loads((user_dir / "ledger.json").read_text(encoding="utf-8")) == {
        "warning_days": 7, "reporting_unit": "邻山县自然资源局"}
    assert not (user_dir / "idle.json").exists()
    loaded = settings.load("restoration")
    assert loaded["complete_threshold"] == 0.95 and loaded["uncultivated_planting_codes"] == ["WG", "XG", "LLJZ"]
    assert settings.load("ledger")["warning_days"] == 7
    # reopened, the dialog shows the saved values
    again = SettingsDialog()
    assert again.page("ledger").item_for("warning_days").text(1) == "7"
    assert again.page("restoration").item_for("complete_threshold").font(1).bold()
    # restore defaults of a page, save: the user file is gone
    again.page("ledger").restore_defaults()
    assert again.page("ledger").item_for("warning_days").text(1) == "15"
    assert again.save() == []
    assert not (user_dir / "ledger.json").exists()
    assert settings.load("ledger")["warning_days"] == 15


def test_wrong_entry_is_named_and_not_saved(qgis_app, user_dir):
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    page = dialog.page("ledger")
    set_leaf(page, "warning_days", "abc")
    set_leaf(page, "reporting_unit", "某县")
    failed = dialog.save()
    assert [entry for _page, entry, _text in failed] == ["warning_days"]
    assert not (user_dir / "ledger.json").exists()
    assert "Warning days (临期): expected a number" in page.problem_label.text()  # by its label, not its key
    set_leaf(page, "warning_days", "-2")
    assert [entry for _page, entry, _text in dialog.save()] == ["warning_days"]


def test_corrupt_and_hand_edited_files(qgis_app, user_dir):
    from land_supervision import settings
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    write(user_dir, "idle", "{this is not json")
    write(user_dir, "restoration", json.dumps({"complete_threshold": "high", "min_piece_m2": 2, "status": 3}))
    dialog = SettingsDialog()
    idle = dialog.page("idle")
    assert idle.problems and idle.problems[0][0] == "(file)"
    assert not idle.problem_label.isHidden()
    restoration = dialog.page("restoration")
    assert [p[0] for p in restoration.problems] == ["complete_threshold", "status"]
    # named as the page shows them, not by their JSON keys
    assert "Completion threshold (share of the task area): expected a number" in restoration.problem_label.text()
    assert "\nStatus labels: expected a table" in restoration.problem_label.text()
    assert restoration.item_for("complete_threshold").text(1) == "1.0"  # the default is shown
    assert restoration.item_for("min_piece_m2").text(1) == "2"  # the valid entry is kept
    assert settings.load("restoration")["complete_threshold"] == 1.0
    assert settings.load("idle")["stall_invest_ratio"] == 0.25
    # saving repairs the files: what remains is the valid part
    assert dialog.save() == []
    assert not (user_dir / "idle.json").exists()
    assert json.loads((user_dir / "restoration.json").read_text(encoding="utf-8")) == {"min_piece_m2": 2}


def test_algorithms_survive_corrupt_settings(qgis_app, provider, user_dir):
    """Every algorithm builds its parameters, and one runs, with every user file corrupt."""
    from land_supervision.core.config import CONFIG_DIR

    for name in os.listdir(CONFIG_DIR):
        if name.endswith(".json"):
            write(user_dir, name[:-5], "[1, 2")
    for alg in provider.algorithms():
        instance = alg.create({})
        assert instance.parameterDefinitions(), alg.id()
    if os.path.exists(SAMPLE_GPKG):
        import processing

        result = processing.run("landsupervision:closedmines", {
            "INPUT": SAMPLE_GPKG + "|layername=closed_mines",
            "SURVEY": SAMPLE_GPKG + "|layername=dltb_2024",
            "OUTPUT": "TEMPORARY_OUTPUT",
        })
        assert result["OUTPUT"].featureCount() == 10


def test_defaults_to_review_are_marked(qgis_app, user_dir):
    """mine_rules.json's thresholds are shipped defaults no national text confirms: the dialog says so."""
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    page = dialog.page("mine_rules")
    names = []

    def walk(item):
        for k in range(item.childCount()):
            names.append(item.child(k).text(0))
            walk(item.child(k))

    walk(page.tree.invisibleRootItem())
    marked = [n for n in names if n.endswith("(default to review)")]
    assert marked and all(n.startswith(("Minimum restored share", "Maximum residual damage share")) for n in marked)
    assert len(marked) == 2 * 5  # four modes and the unknown-mode rule


def test_choices_are_drop_downs_with_names(qgis_app, user_dir):
    from qgis.PyQt.QtWidgets import QComboBox

    from land_supervision import settings
    from land_supervision.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    idle = dialog.page("idle")
    node = idle.item_for("missing_start_rule")
    combo = idle.tree.itemWidget(node, 1)
    assert isinstance(combo, QComboBox) and combo.currentData() == "contract_plus_months"
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "contract_plus_months", "delivery_plus_months", "flag_only"]
    assert "N" in combo.currentText() and "_" not in combo.currentText()
    causes = idle.tree.itemWidget(idle.item_for("unknown_cause_as"), 1)
    assert causes.currentText() == "企业原因"
    combo.setCurrentIndex(combo.findData("flag_only"))
    assert dialog.save() == []
    assert json.loads((user_dir / "idle.json").read_text(encoding="utf-8")) == {"missing_start_rule": "flag_only"}
    assert settings.load("idle")["missing_start_rule"] == "flag_only"


def test_a_faithful_editor_shown_in_the_analysts_language(qgis_app, user_dir, chinese):
    """Opened and saved unchanged, every page writes nothing; names are Chinese, developer notes hidden."""
    from land_supervision.core import usersettings
    from land_supervision.dialogs.settings_dialog import KEY_LABELS, KIND_ROLE, PATH_ROLE, ConfigPage, SettingsDialog

    dialog = SettingsDialog()
    assert dialog.save() == []
    assert not user_dir.exists() or not any(user_dir.iterdir())
    assert dialog.page("ledger").item_for("warning_days").text(0) == "临期提醒天数"
    for page in dialog.pages:
        if not isinstance(page, ConfigPage):
            continue
        notes = usersettings.shipped(page.name).get("_comment", "") if isinstance(page.defaults, dict) else ""
        for node in page.nodes():
            key = json.loads(node.data(0, PATH_ROLE))[-1]
            if key in KEY_LABELS:
                assert node.text(0) != key and not any("a" <= c <= "z" for c in node.text(0).replace("m²", "")), \
                    (page.name, key, node.text(0))
            assert not notes or notes not in node.toolTip(0)
        bool_leaves = [n for n in page.leaves() if n.data(1, KIND_ROLE) == "bool"]
        assert all(n.checkState(1) is not None and not n.text(1) for n in bool_leaves)
