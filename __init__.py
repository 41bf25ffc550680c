"""Land Supervision (自然资源督察) QGIS plugin."""


def classFactory(iface):  # noqa: N802 (QGIS plugin API name)
    from .plugin import LandSupervisionPlugin

    return LandSupervisionPlugin(iface)
