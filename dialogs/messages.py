"""Message-bar reports of the plugin's dialogs: a plain message, or a success with one action button."""
from __future__ import annotations

from qgis.core import Qgis
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtWidgets import QPushButton

from ..translate import tr


def push(iface, text: str, level, seconds: int = 10) -> None:  # noqa: QGS105 (the dialog's iface)
    if iface is not None:
        iface.messageBar().pushMessage(tr("Land Supervision"), text, level, seconds)


def push_with_button(iface, text: str, button_text: str, slot) -> None:  # noqa: QGS105 (the dialog's iface)
    """A success that stays until closed, with a button (open the file, show the table)."""
    bar = iface.messageBar() if iface is not None else None
    if not isinstance(bar, QgsMessageBar):  # a test's mock iface
        push(iface, text, Qgis.MessageLevel.Success)
        return
    item = QgsMessageBar.createMessage(tr("Land Supervision"), text)
    button = QPushButton(button_text, item)
    button.clicked.connect(slot)
    item.layout().addWidget(button)
    bar.pushWidget(item, Qgis.MessageLevel.Success, 0)
