"""Message boxes with button texts from the plugin's translation (Qt's own may be missing for zh-Hans)."""
from __future__ import annotations

from qgis.PyQt.QtWidgets import QMessageBox

from ..translate import tr


def warn(parent, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(tr("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent, title: str, text: str, action: str) -> bool:
    """True when the user clicks ``action`` (e.g. 替换); 取消 is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(box.addButton(tr("Cancel"), QMessageBox.ButtonRole.RejectRole))
    box.exec()
    return box.clickedButton() is yes
