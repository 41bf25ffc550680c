"""The plugin loads like QGIS loads it, and qgis_process sees the provider headless."""
from __future__ import annotations

import os
import subprocess
import sysconfig

from qgis.core import QgsApplication

from conftest import PLUGIN_PATH

QGIS_PROCESS = "/usr/bin/qgis_process.bin"


def test_class_factory_init_and_unload(qgis_iface, qgis_processing):
    import land_supervision

    registry = QgsApplication.processingRegistry()
    before = registry.providerById("landsupervision")
    plugin = land_supervision.classFactory(qgis_iface)
    plugin.initGui()
    provider = registry.providerById("landsupervision")
    assert provider is not None
    assert plugin.missing == []
    plugin.unload()
    after = registry.providerById("landsupervision")
    # unload removes only what this plugin instance registered
    assert (after is None) == (before is None)


def test_provider_lists_every_algorithm(provider):
    from land_supervision.processing.algorithms import ALGORITHMS

    ids = {alg.id() for alg in provider.algorithms()}
    assert ids == {"landsupervision:" + cls().name() for cls in ALGORITHMS}
    for alg in provider.algorithms():
        assert alg.displayName() and alg.group() and alg.shortHelpString()


def test_missing_dependency_gives_one_message(monkeypatch, qgis_iface):
    import land_supervision
    from land_supervision.core import deps

    from qgis.core import Qgis
    from qgis.gui import QgsMessageBar

    bar = QgsMessageBar()
    monkeypatch.setattr(qgis_iface, "messageBar", lambda: bar)
    monkeypatch.setattr(deps, "missing", lambda: ["shapely>=2"])
    plugin = land_supervision.classFactory(qgis_iface)
    plugin.initGui()  # must not raise
    assert plugin.provider is None
    assert len(bar.items()) == 1 and bar.currentItem().level() == Qgis.MessageLevel.Critical
    text = bar.currentItem().text()  # the command for this machine (Debian 12 in CI: pip --user, numpy kept)
    assert "shapely>=2" in text and deps.install_command()[1] in text
    plugin.unload()


def qgis_process_env(home):
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        QGIS_PLUGINPATH=PLUGIN_PATH,
        HOME=str(home),
        PYTHONPATH=sysconfig.get_paths()["purelib"],
    )
    return env


def test_qgis_process_lists_provider(tmp_path):
    env = qgis_process_env(tmp_path)
    enable = subprocess.run([QGIS_PROCESS, "plugins", "enable", "land_supervision"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert "land_supervision" in enable.stdout
    listing = subprocess.run([QGIS_PROCESS, "list"], env=env, capture_output=True, text=True, timeout=120)
    assert listing.returncode == 0, listing.stderr
    assert "Land Supervision" in listing.stdout
    from land_supervision.processing.algorithms import ALGORITHMS

    for cls in ALGORITHMS:
        assert "landsupervision:" + cls().name() in listing.stdout
