"""Settings dialog: the user's copy of every configuration table, over the shipped national defaults.

Each page edits one ``resources/config/<name>.json``. Only entries that differ from the defaults
are saved (in ``settings.user_config_dir()``), so later plugin updates still reach the rest.
A wrong entry in the saved file is shown on its page and replaced by its default.
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
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .. import settings
from ..core import usersettings
from ..core.config import ConfigError
from ..translate import tr, tr_noop

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
)
# Readable names for the main entries (shown beside the JSON key); other entries show the key only.
KEY_LABELS = {
    "warning_days": "Warning days (临期)",
    "reporting_unit": "Default reporting unit (填报单位)",
    "responsibility_table": "Responsibility table (田长)",
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
    "cover_threshold": "Cover threshold (share of a patch approvals must cover)",
    "min_overlap_m2": "Minimum overlap (m²)",
    "min_overlap_share": "Minimum overlap share of the patch",
    "approval_types": "Approval types and their values",
    "covers": "Approval types that explain each kind of outflow",
    "temporary_term_years": "Term of temporary use (years)",
    "share_tolerance": "Share tolerance",
    "kinds": "Kinds of outflow by destination group",
    "other_kind": "Kind of any other outflow",
    "inflow_from": "Inflow that offsets the balance (三大类)",
    "problems": "Problem types (问题类型)",
}
FILE_KEYS = ("responsibility_table",)
PATH_ROLE = Qt.UserRole
KIND_ROLE = Qt.UserRole + 1
ITEM_KIND_ROLE = Qt.UserRole + 2
ERROR_BRUSH = QBrush(QColor("#f8d7da"))
LIST_SEPARATOR = " | "  # list items are edited in one cell; "|" is not met in codes or labels


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
        about = QLabel(self.defaults.get("_comment", "") if isinstance(self.defaults, dict) else "")
        about.setWordWrap(True)
        layout.addWidget(about)
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
        docs = value if isinstance(value, dict) else {}
        entries = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in entries:
            if isinstance(key, str) and key.startswith("_"):
                continue
            sub = path + (key,)
            name = str(key + 1) if isinstance(key, int) else str(key)
            if key in KEY_LABELS:
                name = "{0}  [{1}]".format(tr(KEY_LABELS[key]), key)
            review = isinstance(self.defaults, dict) and key in self.defaults.get("_to_review", [])
            if review:  # a shipped default no national text confirms: the county should check it
                name = "{0}  {1}".format(name, tr("(default to review)"))
            node = QTreeWidgetItem(parent, [name])
            if review:
                node.setForeground(0, QBrush(QColor("#9a6700")))
            node.setData(0, PATH_ROLE, json.dumps(list(sub)))
            if isinstance(docs.get("_" + str(key)), str):
                node.setToolTip(0, docs["_" + str(key)])
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
        node.setText(2, show(default))
        node.setForeground(2, QBrush(QColor("#777777")))
        if kind == "bool":
            node.setFlags(node.flags() | Qt.ItemIsUserCheckable)
            node.setCheckState(1, Qt.Checked if value else Qt.Unchecked)
        elif path and path[-1] in FILE_KEYS:
            widget = QgsFileWidget()
            widget.setFilePath(show(value))
            widget.setFilter(tr("Tables (*.csv *.xlsx *.gpkg *.shp *.dbf);;All files (*)"))
            self.tree.setItemWidget(node, 1, widget)
        else:
            node.setFlags(node.flags() | Qt.ItemIsEditable)
            node.setText(1, show(value))
        if value != default:
            font = QFont(node.font(1))
            font.setBold(True)
            node.setFont(1, font)

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
        return widget.filePath() if isinstance(widget, QgsFileWidget) else node.text(1)

    def value(self) -> Tuple[Any, List[Tuple[str, str]]]:
        """The edited table and the (entry, problem) list; an entry with a problem keeps its default."""
        result = copy.deepcopy(self.data)
        errors = []
        for node in self.leaves():
            path = json.loads(node.data(0, PATH_ROLE))
            kind = node.data(1, KIND_ROLE)
            default = lookup(self.defaults, path)
            if kind == "bool":
                assign(result, path, node.checkState(1) == Qt.Checked)
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
            lines.append("{0}: {1}".format(entry, text))
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
                page = QLabel(str(exc))
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
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel | QDialogButtonBox.RestoreDefaults)
        buttons.button(QDialogButtonBox.Save).setText(tr("Save"))
        buttons.button(QDialogButtonBox.Cancel).setText(tr("Cancel"))
        buttons.button(QDialogButtonBox.RestoreDefaults).setText(tr("Restore defaults of this page"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.RestoreDefaults).clicked.connect(self.restore_defaults)
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
        QMessageBox.warning(self, tr("Settings not saved"), "\n".join(
            "{0} › {1}: {2}".format(*problem) for problem in failed))
