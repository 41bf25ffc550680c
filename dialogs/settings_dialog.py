"""Settings dialog: the user's copy of every configuration table, over the shipped national defaults.

Each page edits one ``resources/config/<name>.json``. Only entries that differ from the defaults
are saved (in ``settings.user_config_dir()``), so later plugin updates still reach the rest.
A wrong entry in the saved file is shown on its page and replaced by its default.
Entries are named in the analyst's language (KEY_LABELS, translated), choices are drop-downs with
their names, booleans check boxes; the JSON's developer notes (``_comment``, ``_key``) stay out of the UI.
"""
from __future__ import annotations

import copy
import json
import os
from typing import Any, List, Optional, Tuple

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QBrush, QColor, QFont
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..core import usersettings
from ..core.config import ConfigError
from ..translate import message, tr, tr_noop
from .boxes import warn

# Known tables first, in this order; any other JSON under resources/config follows by name.
PAGES = (
    ("ledger", tr_noop("Ledger")),
    ("restoration", tr_noop("Cultivated-land restoration")),
    ("outflow_groups", tr_noop("Outflow destination groups")),
    ("farmland_outflow", tr_noop("Outflow compliance")),
    ("farmland_classification", tr_noop("Classification code table")),
    ("idle", tr_noop("Idle land thresholds")),
    ("idle_causes", tr_noop("Causes of idleness")),
    ("mine_rules", tr_noop("Mine restoration rules")),
    ("mine_codes", tr_noop("Mine patch codes")),
    ("damage_types", tr_noop("Damage types")),
    ("closed_mine_checks", tr_noop("Closed mines (三到位)")),
    ("land_classes", tr_noop("Land classes")),
    ("chasing", tr_noop("Reminders and atlas")),
    ("regions", tr_noop("Region names")),
)
# Names of the entries as an analyst reads them (translated); an entry not listed shows its key (codes, ids).
KEY_LABELS = {
    "warning_days": "Warning days (临期)",
    "reporting_unit": "Default reporting unit (填报单位)",
    "responsibility_table": "Responsibility table (田长)",
    "region_table": "Region names table (行政区名称)",
    "regions:names": "Names by admin code",
    "complete_threshold": "Completion threshold (share of the task area)",
    "ratio_tolerance": "Ratio tolerance",
    "min_piece_m2": "Minimum piece area (m²)",
    "min_piece_share": "Sliver: share of the task below",
    "min_parcel_share": "Sliver: and share of the survey parcel below",
    "max_sliver_width": "Sliver: and mean width below (m)",
    "min_zone_share": "Minimum share of the task in basic farmland",
    "count_net": "Status from the net area (after field ridges)",
    "task_area_tolerance": "Task area tolerance",
    "uncultivated_planting_codes": "Planting codes meaning uncultivated",
    "status": "Status labels",
    "flags": "Flag labels",
    "labels": "Labels",
    "start_rule": "What counts as started",
    "missing_start_rule": "When the agreed start date is missing",
    "missing_start_months": "N months for a missing start date",
    "not_started_years": "Not started: years after the start date",
    "stall_area_ratio": "Stalled: developed / due area below",
    "stall_invest_ratio": "Stalled: investment / total investment below",
    "stall_months": "Stalled: suspended for at least (months)",
    "fee_rate": "Idle fee rate (share of the price)",
    "fee_years": "Idle fee from (years)",
    "recovery_years": "Free recovery from (years)",
    "unknown_cause_as": "Unknown cause counts as",
    "modes": "Rules by restoration mode",
    "min_restored_share": "Minimum restored share",
    "max_residual_share": "Maximum residual damage share",
    "target_prefixes": "Target land classes",
    "default_target_prefixes": "Default target land classes",
    "residual_classes": "Residual damage classes",
    "status_labels": "Status labels",
    "codes": "Codes",
    "categories": "Categories",
    "groups": "Groups",
    "classes": "Land classes",
    "licence": "Licence cancelled",
    "facility": "Facilities dismantled",
    "restore": "Ecological restoration",
    "all_three": "All three (三到位)",
    "values": "Result values",
    "yes": "Yes",
    "no": "No",
    "unknown": "Unknown",
    "yes_values": "Values meaning yes",
    "no_values": "Values meaning no",
    "attributes": "Fields",
    "document": "Document number field",
    "document_means_yes": "A document number means yes",
    "building_classes": "Building land classes",
    "min_building_m2": "Minimum building area (m²)",
    "restore_mode": "Restoration rule used",
    "plan_blocks": "Mining planning blocks",
    "active_values": "Values meaning active",
    "in_active_block": "In an active planning block",
    "no_survey": "No survey cover",
    "no_geometry": "No geometry",
    "separator": "Separator",
    "evidence": "Evidence",
    "no_attributes": "No attributes",
    "buildings_left": "Buildings left",
    "no_buildings": "No buildings",
    "no_threshold": "No threshold",
    "by_tbsx": "Damage type by damage unit",
    "pseudo_change_tbsx": "Damage units meaning pseudo-change",
    "pseudo_change_tbxl": "Patch subclasses meaning pseudo-change",
    "unknown_category": "Category of unknown codes",
    "category": "Category",
    "name": "Name",
    "prefix_categories": "Categories by code prefix",
    "slope_grades": "Slope grades",
    "pm000_yes": "Values meaning ±0.00 reached",
    "pm000_no": "Values meaning ±0.00 not reached",
    "fee_in_recovery_tier": "Fee also in the recovery tier",
    "not_started": "Not started",
    "stalled": "Stalled",
    "fee": "Fee tier",
    "recovery": "Recovery tier",
    "below_fee": "Below the fee years",
    "government": "Government cause",
    "force_majeure": "Force majeure",
    "nonbuilt_prefixes": "Non-construction land classes",
    "bare_classes": "Bare land classes",
    "monitoring_built": "Monitoring types meaning construction",
    "monitoring_not_started": "Monitoring types meaning not started",
    "monitoring_fields": "Monitoring patch fields",
    "jcbh": "Patch number",
    "tblx": "Patch type",
    "types": "Cause types",
    "enterprise": "Enterprise cause",
    "keywords": "Keywords",
    "art12_options": "Art. 12 disposal options",
    "wetland_codes": "Wetland classes",
    "big_classes": "Three major classes",
    "cultivated_prefix": "Cultivated land class",
    "restorable": "Classes restorable to cultivated land",
    "prefixes": "Class prefixes",
    "exclude": "Excluded classes",
    "construction_prefixes": "Construction land classes",
    "label": "Name",
    "synonyms": "Synonyms",
    "words": "Words",
    "tbdl": "Patch class (TBDL)",
    "tbxl": "Patch subclass (TBXL)",
    "kcfs": "Mining method (KCFS)",
    "hfzlqk": "Restoration record (HFZLQK)",
    "tbsx": "Damage unit (TBSX)",
    "nxffs": "Planned restoration mode (NXFFS)",
    "nxffx": "Planned direction (NXFFX)",
    "bhdlx": "Protected area type (BHDLX)",
    "stwt": "Ecological problem (STWT)",
    "yszt": "Acceptance status (YSZT)",
    "use_planned_direction": "Use the planned direction",
    "unknown_mode": "Rule when the mode is missing",
    "progress_min_share": "In progress above this restored share",
    "dlbm_prefixes": "Land classes",
    "tbxhdm": "Refinement codes",
    "hfzlqk_status": "Status from the restoration record",
    "attribute_over_survey": "The record wins over the survey",
    "accepted_yszt": "Acceptance codes meaning accepted",
    "unrestored": "Unrestored",
    "in_progress": "In progress",
    "restored": "Restored",
    "accepted": "Accepted",
    "completed_statuses": "Statuses counted as completed",
    "priority_label": "Priority label",
    "min_overlap_m2": "Minimum overlap (m²)",
    "min_coverage_share": "Minimum survey cover",
    "partial_survey": "Partial survey cover",
    "red_line": "In the red line",
    "basic_farmland": "In permanent basic farmland",
    "pseudo_change": "Pseudo-change",
    "direction_unknown": "Direction not recognised",
    "attr_restored_survey_damaged": "Recorded restored, survey damaged",
    "accepted_survey_damaged": "Accepted, survey damaged",
    "survey_ahead": "Survey ahead of the record",
    "key": "Key",
    "fallback": "Group of other classes",
    "complete": "Restored",
    "partial": "Partly restored",
    "none": "Not restored",
    "uncultivated": "Restored but not cultivated",
    "adjustable": "Now an adjustable class",
    "repaired": "Geometry repaired",
    "area_mismatch": "Task area mismatch",
    # outflow compliance
    "cover_threshold": "Cover threshold (share of a patch approvals must cover)",
    "min_overlap_share": "Minimum overlap share of the patch",
    "approval_types": "Approval types and their values",
    "covers": "Approval types that explain each kind of outflow",
    "temporary_term_years": "Term of temporary use (years)",
    "share_tolerance": "Share tolerance",
    "kinds": "Kinds of outflow by destination group",
    "other_kind": "Kind of any other outflow",
    "inflow_from": "Inflow that offsets the balance (三大类)",
    "problems": "Problem types (问题类型)",
    "compliant": "Compliant",
    "illegal": "Suspected illegal occupation",
    "violation": "Suspected violation",
    "balance": "Counted in the balance",
    "other": "Other",
    "conversion": "Conversion or expropriation approval",
    "supply": "Land supply",
    "temporary": "Temporary use",
    "escalate_days": "督办函 when overdue by at least (days)",
    "atlas_colours": "Atlas colours by deadline status",
    "overdue": "Overdue (逾期)",
    "due_soon": "Due soon (临期)",
    "normal": "Normal (正常)",
    "done": "Done (已完成)",
    "no_deadline": "No deadline (无期限)",
    "atlas_margin": "Atlas map margin (share of the item's extent)",
    # a key that means something else on one page: "<page>:<key>"
    "farmland_outflow:partial": "Partly compliant",
}
# Tooltips of the entries whose name alone does not say enough.
KEY_HELP = {
    "warning_days": tr_noop("An item is 临期 when this many days or fewer are left before its deadline."),
    "reporting_unit": tr_noop("The 填报单位 printed in the title block of every ledger."),
    "responsibility_table": tr_noop("A table keyed by the 12-digit village code with the 田长 of each level."),
    "region_table": tr_noop(
        "A table (CSV, Excel, GeoPackage, shapefile or DBF) with an admin code field (XZQDM, DM …) and a name field "
        "(XZQMC, MC …): it names the counties, townships and villages of summaries, ledgers and atlases, before "
        "the names in the data (ZLDWMC, XZQMC) and the names below."),
    "ratio_tolerance": tr_noop(
        "A task counts as restored when its ratio is at least the threshold less this tolerance "
        "(official and ellipsoidal areas differ slightly)."),
    "task_area_tolerance": tr_noop(
        "Tasks whose own area differs from their map area by more than this share are flagged."),
    "stall_area_ratio": tr_noop("A fraction such as 1/3 or a decimal."),
    "restore_mode": tr_noop("Which restoration rule judges 生态修复到位."),
    "min_building_m2": tr_noop("Building-class area below this (digitising slivers) is ignored."),
    "progress_min_share": tr_noop("A restored share above this raises 未修复 to 修复中 (0 = any restored area)."),
    "attribute_over_survey": tr_noop(
        "Ticked: a patch keeps the status its record gives even when the survey shows no restored land "
        "(the survey may predate the works)."),
    "min_coverage_share": tr_noop("A patch covered by the survey below this share is flagged."),
    "min_overlap_m2": tr_noop("Smaller overlaps (digitising slivers) do not count."),
    "accepted_yszt": tr_noop("Acceptance codes that mean 已验收."),
    "completed_statuses": tr_noop("Statuses counted as completed in the completion rates."),
    "fee_in_recovery_tier": tr_noop("Ticked: records in the recovery tier also get the idle fee."),
}
FILE_KEYS = ("responsibility_table", "region_table")
PATH_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_BRUSH = QBrush(QColor("#f8d7da"))
LIST_SEPARATOR = " | "  # list items are edited in one cell; "|" is not met in codes or labels


def choices(key: str) -> Optional[List[Tuple[str, str]]]:
    """(value, name) of the entries that take one of a few codes, for a drop-down; None for the others."""
    from ..core import idle
    from ..processing.idle_land import MISSING_START_LABELS, START_RULE_LABELS

    if key == "start_rule":
        return [(rule, tr(START_RULE_LABELS[rule])) for rule in idle.START_RULES]
    if key == "missing_start_rule":
        return [(rule, tr(MISSING_START_LABELS[rule])) for rule in idle.MISSING_START_RULES]
    if key == "unknown_cause_as":
        return list(settings.load("idle_causes")["types"].items())
    if key == "restore_mode":
        rules = settings.load("mine_rules")
        return [(code, rule["label"]) for code, rule in rules["modes"].items()] + [
            ("unknown_mode", rules["unknown_mode"]["label"])]
    return None


def page_names(config_dir: Optional[str] = None) -> List[Tuple[str, str]]:
    """(name, title) of every shipped top-level table, known ones first."""
    folder = config_dir or usersettings.CONFIG_DIR
    present = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
    known = [(name, tr(title)) for name, title in PAGES if name in present]
    return known + [(name, name) for name in present if name not in dict(PAGES)]


def path_label(path) -> str:
    """The same spelling core.usersettings.check uses: a.b[0].c"""
    text = ""
    for part in path:
        text += "[{0}]".format(part) if isinstance(part, int) else ("." if text else "") + str(part)
    return text


def lookup(data: Any, path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def assign(data: Any, path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def is_plain_list(value: Any) -> bool:
    return isinstance(value, list) and all(usersettings.kind(v) in usersettings.PLAIN for v in value)


def show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(show(v) for v in value)
    return str(value)


def parse(text: str, kind: str, item_kind: str, default: Any) -> Any:
    """The value typed for a leaf; ValueError with a translated reason when it does not fit."""
    if kind == "number":
        try:
            number = float(text.strip())
        except ValueError:
            raise ValueError(tr("expected a number")) from None
        return int(number) if isinstance(default, int) and number.is_integer() else number
    if kind == "list":
        parts = [p.strip() for p in text.split(LIST_SEPARATOR.strip()) if p.strip()]
        return [parse(p, item_kind, "", None) for p in parts] if item_kind == "number" else parts
    if kind == "null":
        text = text.strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if usersettings.kind(value) in usersettings.PLAIN or is_plain_list(value) else text
    return text


class ConfigPage(QWidget):
    """One configuration table as an editable tree: entry, value, national default."""

    def __init__(self, name: str, user_dir: str, parent=None):
        super().__init__(parent)
        self.name = name
        self.user_dir = user_dir
        self.defaults = usersettings.shipped(name)
        data, self.problems = usersettings.load_checked(name, user_dir)
        layout = QVBoxLayout(self)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a4161a;")
        layout.addWidget(self.problem_label)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("Entry"), tr("Value"), tr("Default")])
        self.tree.setAlternatingRowColors(True)
        layout.addWidget(self.tree)
        self.fill(data)
        self.mark(self.problems, tr("The saved settings have wrong entries; the defaults are used for them:"))

    # -- building the tree ----------------------------------------------------
    def fill(self, data: Any) -> None:
        self.data = copy.deepcopy(data)
        self.tree.clear()
        self.add_children(self.tree.invisibleRootItem(), self.data, ())
        self.tree.expandToDepth(0)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(1, max(self.tree.columnWidth(1), 260))

    def add_children(self, parent: QTreeWidgetItem, value: Any, path) -> None:
        entries = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in entries:
            if isinstance(key, str) and key.startswith("_"):
                continue
            sub = path + (key,)
            name = str(key + 1) if isinstance(key, int) else str(key)
            label = KEY_LABELS.get("{0}:{1}".format(self.name, key)) or KEY_LABELS.get(key)
            if label:
                name = tr(label)
            review = isinstance(self.defaults, dict) and key in self.defaults.get("_to_review", [])
            if review:  # a shipped default no national text confirms: the county should check it
                name = "{0}  {1}".format(name, tr("(default to review)"))
            node = QTreeWidgetItem(parent, [name])
            if review:
                node.setForeground(0, QBrush(QColor("#9a6700")))
            node.setData(0, PATH_ROLE, json.dumps(list(sub)))
            if key in KEY_HELP:
                node.setToolTip(0, tr(KEY_HELP[key]))
            if isinstance(item, dict) or (isinstance(item, list) and not is_plain_list(item)):
                self.add_children(node, item, sub)
                continue
            self.make_leaf(node, item, sub)

    def make_leaf(self, node: QTreeWidgetItem, value: Any, path) -> None:
        default = lookup(self.defaults, path)
        kind = usersettings.kind(default if default is not None else value)
        if default is None:
            kind = "null"
        node.setData(1, KIND_ROLE, kind)
        sample = default[0] if isinstance(default, list) and default else None
        node.setData(1, ITEM_KIND_ROLE, usersettings.kind(sample))
        node.setText(2, (tr("Yes") if default else tr("No")) if kind == "bool" else show(default))
        node.setForeground(2, QBrush(QColor("#777777")))
        options = choices(path[-1]) if path and kind == "text" else None
        if kind == "bool":
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            node.setCheckState(1, Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
        elif options:
            combo = QComboBox()
            for code, label in options:
                combo.addItem(label, code)
            if combo.findData(value) < 0:  # a code typed into the file by hand: kept, shown as it is
                combo.addItem(show(value), value)
            combo.setCurrentIndex(combo.findData(value))
            node.setText(2, dict(options).get(default, show(default)))
            self.tree.setItemWidget(node, 1, combo)
        elif path and path[-1] in FILE_KEYS:
            widget = QgsFileWidget()
            widget.setFilePath(show(value))
            widget.setFilter(tr("Tables (*.csv *.xlsx *.gpkg *.shp *.dbf);;All files (*)"))
            self.tree.setItemWidget(node, 1, widget)
        else:
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsEditable)
            node.setText(1, show(value))
        if value != default:
            font = QFont(node.font(1))
            font.setBold(True)
            node.setFont(1, font)

    def nodes(self):
        stack = [self.tree.invisibleRootItem()]
        while stack:
            node = stack.pop()
            stack.extend(node.child(i) for i in range(node.childCount()))
            if node.data(0, PATH_ROLE):
                yield node

    def leaves(self):
        stack = [self.tree.invisibleRootItem()]
        while stack:
            node = stack.pop()
            for i in range(node.childCount() - 1, -1, -1):
                stack.append(node.child(i))
            if node.data(1, KIND_ROLE):
                yield node

    def item_for(self, label: str) -> Optional[QTreeWidgetItem]:
        for node in self.leaves():
            if path_label(json.loads(node.data(0, PATH_ROLE))).startswith(label) or label == "(file)":
                return node
        return None

    # -- reading it back --------------------------------------------------------
    def leaf_text(self, node: QTreeWidgetItem) -> str:
        widget = self.tree.itemWidget(node, 1)
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.filePath() if isinstance(widget, QgsFileWidget) else node.text(1)

    def entry_label(self, entry: str) -> str:
        """An entry (a.b[0].c, as core.usersettings names it) by the names the page shows: 名称 › 名称."""
        node = next((n for n in self.nodes() if path_label(json.loads(n.data(0, PATH_ROLE))) == entry), None)
        if node is None:
            return tr("the file") if entry == "(file)" else entry
        names = []
        while node is not None:
            names.insert(0, node.text(0))
            node = node.parent()
        return " › ".join(names)

    def value(self) -> Tuple[Any, List[Tuple[str, str]]]:
        """The edited table and the (entry, problem) list; an entry with a problem keeps its default."""
        result = copy.deepcopy(self.data)
        errors = []
        for node in self.leaves():
            path = json.loads(node.data(0, PATH_ROLE))
            kind = node.data(1, KIND_ROLE)
            default = lookup(self.defaults, path)
            if kind == "bool":
                assign(result, path, node.checkState(1) == Qt.CheckState.Checked)
                continue
            try:
                assign(result, path, parse(self.leaf_text(node), kind, node.data(1, ITEM_KIND_ROLE), default))
            except ValueError as exc:
                errors.append((path_label(path), str(exc)))
        diff = usersettings.differences(self.defaults, result)
        if diff is not None:
            errors.extend((entry, settings.describe(code, detail))
                          for entry, code, detail in usersettings.check_table(self.name, self.defaults, diff)[1])
        return result, errors

    def mark(self, problems, heading: str) -> None:
        """Show the problems above the tree and paint their rows."""
        for node in self.leaves():
            for column in range(3):
                node.setBackground(column, QBrush())
        if not problems:
            self.problem_label.clear()
            self.problem_label.hide()
            return
        lines = []
        for problem in problems:
            entry, text = (problem[0], settings.describe(problem[1], problem[2])) if len(problem) == 3 else problem
            lines.append(tr("{0}: {1}").format(self.entry_label(entry), text))
            node = self.item_for(entry)
            if node is not None and entry != "(file)":
                for column in range(3):
                    node.setBackground(column, ERROR_BRUSH)
                self.tree.scrollToItem(node)
        self.problem_label.setText(heading + "\n" + "\n".join(lines))
        self.problem_label.show()

    def restore_defaults(self) -> None:
        self.fill(self.defaults)
        self.mark([], "")

    def save(self) -> List[Tuple[str, str]]:
        value, errors = self.value()
        if errors:
            self.mark(errors, tr("Not saved: correct these entries:"))
            return errors
        usersettings.save(self.name, self.user_dir, value)
        self.problems = []
        self.mark([], "")
        return []


class SettingsDialog(QDialog):
    def __init__(self, parent=None, user_dir: Optional[str] = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Land Supervision settings"))
        self.resize(980, 640)
        self.user_dir = user_dir or settings.user_config_dir()
        self.pages = []
        self.list = QListWidget()
        self.list.setMaximumWidth(230)
        self.stack = QStackedWidget()
        for name, title in page_names():
            try:
                page = ConfigPage(name, self.user_dir)
            except ConfigError as exc:  # a broken shipped file: show it, do not stop the dialog
                page = QLabel(message(exc))
                page.setWordWrap(True)
            self.pages.append(page)
            self.list.addItem(title)
            self.stack.addWidget(page)
            if getattr(page, "problems", None):
                self.list.item(self.list.count() - 1).setForeground(QBrush(QColor("#a4161a")))
        self.list.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.list.setCurrentRow(0)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addWidget(self.stack, 1)
        note = QLabel(tr("Values are stored for your user in {0}; only entries that differ from the national "
                         "defaults are saved. Algorithms use them as their defaults.").format(self.user_dir))
        note.setWordWrap(True)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Save | standard.Cancel | standard.RestoreDefaults)
        buttons.button(standard.Save).setText(tr("Save"))
        buttons.button(standard.Cancel).setText(tr("Cancel"))
        buttons.button(standard.RestoreDefaults).setText(tr("Restore defaults of this page"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(standard.RestoreDefaults).clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def page(self, name: str) -> Optional[ConfigPage]:
        return next((p for p in self.pages if getattr(p, "name", None) == name), None)

    def restore_defaults(self) -> None:
        page = self.stack.currentWidget()
        if isinstance(page, ConfigPage):
            page.restore_defaults()

    def save(self) -> List[Tuple[str, str, str]]:
        """Save every page; (page title, entry, problem) for what could not be saved."""
        failed = []
        for row, page in enumerate(self.pages):
            if isinstance(page, ConfigPage):
                failed.extend((self.list.item(row).text(), entry, text) for entry, text in page.save())
        return failed

    def accept(self) -> None:
        failed = self.save()
        if not failed:
            super().accept()
            return
        first = next(row for row, page in enumerate(self.pages) if self.list.item(row).text() == failed[0][0])
        self.list.setCurrentRow(first)
        pages = {self.list.item(row).text(): page for row, page in enumerate(self.pages)}
        warn(self, tr("Settings not saved"), "\n".join(
            tr("{0}: {1}").format(title + " › " + pages[title].entry_label(entry), text)
            for title, entry, text in failed))
