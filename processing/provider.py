"""The `landsupervision` Processing provider."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .. import settings
from ..translate import tr
from .algorithms import ALGORITHMS

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons", "icon.svg")


class LandSupervisionProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "landsupervision"

    def name(self) -> str:
        return tr("Land Supervision")

    def longName(self) -> str:
        return tr("Land Supervision (natural-resources supervision)")

    def icon(self) -> QIcon:
        return QIcon(ICON)

    def loadAlgorithms(self) -> None:  # noqa: N802 (Qt API name)
        settings.report()
        for algorithm in ALGORITHMS:
            instance = algorithm()
            try:  # QGIS aborts on an exception raised inside addAlgorithm: try the parameters here first
                algorithm().initAlgorithm()
            except Exception as exc:  # noqa: BLE001 (any failure must leave QGIS running)
                QgsMessageLog.logMessage(tr("Algorithm {0} not loaded: {1}").format(instance.name(), exc),
                                         "Land Supervision", Qgis.Critical)
                continue
            self.addAlgorithm(instance)
