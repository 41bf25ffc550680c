"""Dialog widgets of the algorithms (QGIS's Processing dialog only; models and qgis_process never load this).

The 覆盖已有文件 check box follows QGIS's own question: choosing an existing file through the output's
"Save to File…" dialog, which has just asked "replace?", ticks it; a typed name leaves it alone.
"""
from __future__ import annotations

import os

from processing.gui.wrappers import DIALOG_STANDARD, BooleanWidgetWrapper
from qgis.PyQt.QtWidgets import QToolButton

from ..translate import tr


class OverwriteWrapper(BooleanWidgetWrapper):
    OUTPUT = "OUTPUT"

    def postInitialize(self, wrappers):  # noqa: N802 (QGIS API name)
        super().postInitialize(wrappers)
        output = next((w for w in wrappers if w.parameterDefinition().name() == self.OUTPUT), None)
        if self.dialogType != DIALOG_STANDARD or output is None or output.wrappedWidget() is None:
            return
        button = output.wrappedWidget().findChild(QToolButton)
        if button is not None and button.menu() is not None:
            # QMenu.triggered comes after the action's own slot: the file dialog has closed by then.
            button.menu().triggered.connect(lambda _action: self.follow(output.parameterValue()))

    def follow(self, value) -> None:
        path = value if isinstance(value, str) else ""
        if path and not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        if path and os.path.isfile(path):
            self.widget.setChecked(True)
            self.widget.setToolTip(tr("Ticked because you confirmed replacing {0} in the file dialog.").format(path))
