"""Test set-up: the repository is importable as the plugin package `land_supervision`."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".build", "plugins")
LINK = os.path.join(PLUGIN_PATH, "land_supervision")
SAMPLE_GPKG = os.path.join(ROOT, "sample_data", "sample_county.gpkg")
# Public real-world files kept beside the repository, not in it (see ../shared/realdata/README.md): a clone
# without them can still run every other test.
REALDATA = os.path.join(os.path.dirname(ROOT), "shared", "realdata")
needs_realdata = pytest.mark.skipif(
    not os.path.isdir(REALDATA), reason="needs ../shared/realdata, public real-world files kept beside the repository")

# The repository root must not be on sys.path: its `processing/` folder would
# shadow QGIS's own `processing` package (`python -m pytest` adds the cwd).
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != ROOT]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.makedirs(PLUGIN_PATH, exist_ok=True)
if not os.path.islink(LINK):
    os.symlink(ROOT, LINK)
if PLUGIN_PATH not in sys.path:
    sys.path.insert(0, PLUGIN_PATH)


@pytest.fixture(scope="session")
def provider(qgis_app, qgis_processing):
    """The plugin's provider registered once, as initProcessing() does inside QGIS."""
    from qgis.core import QgsApplication

    from land_supervision.processing.provider import LandSupervisionProvider

    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("landsupervision")
    if existing is not None:
        return existing
    instance = LandSupervisionProvider()
    registry.addProvider(instance)
    return instance


@pytest.fixture()
def run_alg(provider):
    """processing.run on a `landsupervision:` algorithm, returning its results dict."""
    import processing

    def run(name, params, **kwargs):
        return processing.run("landsupervision:" + name, params, **kwargs)

    return run


@pytest.fixture()
def chinese(qgis_app, provider, tmp_path):
    """A zh-Hans session: the translators QGIS installs (Qt's, QGIS's, the plugin's compiled from the .ts), then
    the algorithms made again (their labels are worded when they are made)."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    qm = tmp_path / "land_supervision_zh_CN.qm"
    subprocess.run(["lrelease", "-silent", os.path.join(ROOT, "i18n", "land_supervision_zh_CN.ts"), "-qm", str(qm)],
                   check=True)
    files = [str(qm), "/usr/share/qgis/i18n/qgis_zh-Hans.qm", "/usr/share/qt5/translations/qt_zh_CN.qm"]
    translators = []
    for path in files:
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            translators.append(translator)
    provider.refreshAlgorithms()
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    provider.refreshAlgorithms()


_EXIT = {}


def pytest_sessionfinish(session, exitstatus):
    _EXIT["status"] = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    """Leave without tearing QGIS down: Python objects that wrap QGIS objects
    (kept alive by tracebacks of expected exceptions) crash when collected after
    exitQgis(). The summary is printed by now; the exit status is pytest's own."""
    if "status" in _EXIT:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT["status"])


@pytest.fixture()
def user_dir(tmp_path, monkeypatch):
    """An empty folder of the user's settings (what settings.user_config_dir() gives inside QGIS)."""
    from land_supervision import settings

    folder = tmp_path / "land_supervision"
    folder.mkdir()
    monkeypatch.setattr(settings, "user_config_dir", lambda: str(folder))
    return folder
