"""One translation context for the whole plugin, so `make transup` finds every string."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "LandSupervision"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a literal for scripts/update_ts.py where it is translated later (tables of labels): tr(value)."""
    return text


def install_advice(where_command) -> str:
    """core.deps.install_command's (where, command) as a sentence for the user."""
    where, command = where_command
    return {
        "osgeo4w": tr("Close QGIS, open the OSGeo4W Shell (Start menu, in the QGIS folder) and run: {0}"),
        "apt": tr("Install the distribution's packages: {0}"),
        "pip": tr("Install them with: {0}"),
    }[where].format(command)


def message(exc: BaseException) -> str:
    """The user's sentence for an error from core/ (core.messages.Problem): its template translated, then
    filled in; any other exception as its own text."""
    text = getattr(exc, "text", None)
    if text is None:
        return str(exc)
    params = getattr(exc, "params", {})
    return tr(text).format(**params) if params else tr(text)
