"""The static Qt6 check (scripts/check_qt6.py) against a stand-in PyQt6: what it reports and what it lets pass."""
from __future__ import annotations

import os
import sys
from types import SimpleNamespace as NS

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "scripts"))
import check_qt6  # noqa: E402

# Only scoped enums, as in PyQt6; QAction lives in QtGui.
FAKE = {
    "QtCore": NS(Qt=NS(ItemDataRole=NS(UserRole=256)), QMetaType=NS(Type=NS(Int=2)), QVariant=NS()),
    "QtGui": NS(QAction=NS()),
    "QtWidgets": NS(QDialogButtonBox=NS(StandardButton=NS(Save=1)), QDialog=NS()),
}


@pytest.fixture(autouse=True)
def fake_pyqt6(monkeypatch):
    def module(name):
        if name not in FAKE:
            raise check_qt6.Unresolved(f"no module PyQt6.{name}")
        return FAKE[name]

    monkeypatch.setattr(check_qt6, "pyqt6", module)


def check(source):
    return [problem.split(": ", 1)[1] for problem in check_qt6.check_source(source, "x.py")]


def test_unscoped_enums_and_qvariant_types_are_reported():
    source = (
        "from qgis.PyQt.QtCore import Qt, QVariant as V\n"
        "from qgis.PyQt.QtWidgets import QDialogButtonBox\n"
        "a = Qt.UserRole\n"
        "b = V.Int\n"
        "c = QDialogButtonBox.Save | QDialogButtonBox.StandardButton.Save\n"
    )
    assert check(source) == [
        "Qt.UserRole: QtCore.Qt has no 'UserRole' in PyQt6",
        "V.Int: QtCore.QVariant has no 'Int' in PyQt6",
        "QDialogButtonBox.Save: QtWidgets.QDialogButtonBox has no 'Save' in PyQt6",
    ]


def test_scoped_forms_module_imports_and_qgis_extras_pass():
    source = (
        "from qgis.PyQt import QtCore\n"
        "from qgis.PyQt.QtCore import NULL, QMetaType\n"
        "from qgis.PyQt.QtWidgets import QAction\n"
        "role = QtCore.Qt.ItemDataRole.UserRole\n"
        "kind = QMetaType.Type.Int\n"
        "other = unrelated.Qt.UserRole\n"  # not from qgis.PyQt: not checked
    )
    assert check(source) == []


def test_missing_names_exec_and_the_qt5_only_marker():
    source = (
        "from qgis.PyQt.QtWidgets import QAction, QRegExpValidator\n"
        "from qgis.PyQt.QtCore import QVariant\n"
        "dialog.exec_()\n"
        "old = QVariant.Type(2)  # qt5-only\n"
    )
    assert check(source) == [
        "QtWidgets has no 'QRegExpValidator' in PyQt6",
        ".exec_() is gone in PyQt6, use .exec()",
    ]
