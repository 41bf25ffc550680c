"""The `landsupervision` Processing provider."""
from __future__ import annotations

import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

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
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
