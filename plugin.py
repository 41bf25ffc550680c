"""The plugin object QGIS loads: provider, menu and toolbar."""
from __future__ import annotations

from qgis.core import Qgis, QgsApplication, QgsMessageLog

from .core import deps
from .translate import tr


class LandSupervisionPlugin:
    def __init__(self, iface):  # noqa: QGS105 (QGIS hands iface to classFactory)
        self.iface = iface
        self.provider = None
        self.missing = deps.missing()

    def initProcessing(self):  # noqa: N802 (QGIS plugin API name)
        if self.missing:
            return
        from .processing.provider import LandSupervisionProvider

        provider = LandSupervisionProvider()
        # Keep it only if registered: unload must never remove another instance's provider.
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider

    def initGui(self):  # noqa: N802 (QGIS plugin API name)
        self.initProcessing()
        if self.missing:
            text = tr(
                "Land Supervision needs the Python packages {0}. Install them with: {1} "
                "(on Windows in the OSGeo4W Shell), then restart QGIS."
            ).format(", ".join(self.missing), deps.INSTALL_HINT)
            QgsMessageLog.logMessage(text, "Land Supervision", Qgis.Critical)
            if self.iface is not None:
                self.iface.messageBar().pushMessage(tr("Land Supervision"), text, Qgis.Critical, 0)

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
