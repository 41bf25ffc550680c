"""One translation context for the whole plugin, so `make transup` finds every string."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "LandSupervision"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Marks a literal for scripts/update_ts.py where it is translated later (tables of labels): tr(value)."""
    return text


def message(exc: BaseException) -> str:
    """The user's sentence for an error from core/ (core.messages.Problem): its template translated, then
    filled in; any other exception as its own text."""
    text = getattr(exc, "text", None)
    if text is None:
        return str(exc)
    params = getattr(exc, "params", {})
    return tr(text).format(**params) if params else tr(text)
