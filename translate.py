"""One translation context for the whole plugin, so `make transup` finds every string."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "LandSupervision"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
