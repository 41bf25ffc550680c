"""One translation context for the whole plugin, so `make transup` finds every string."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "LandSupervision"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a literal for scripts/update_ts.py where it is translated later (tables of labels): tr(value)."""
    return text
