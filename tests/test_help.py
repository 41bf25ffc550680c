"""Help without a network: helpUrl() and the 帮助 menu entry open pages rendered from the guide in the plugin."""
from __future__ import annotations

import importlib.util
import os

from qgis.PyQt.QtCore import QUrl

from conftest import ROOT


def local_page(url: str) -> str:
    parsed = QUrl(url)
    assert parsed.isLocalFile(), url
    path = parsed.toLocalFile()
    assert os.path.isfile(path), path
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def test_every_algorithm_links_its_guide_section(provider, tmp_path, monkeypatch):
    from land_supervision import settings

    monkeypatch.setattr(settings, "user_config_dir", lambda: str(tmp_path))
    for algorithm in provider.algorithms():
        page = local_page(algorithm.helpUrl())
        expected = "The rectification ledger" if algorithm.name() == "exportledger" else "The analyses"
        assert expected in page and "The sample county" not in page, algorithm.id()  # that section only
        assert 'src="file://' in page  # the screenshots come from the plugin folder


def test_help_menu_opens_the_whole_local_guide(qgis_iface, tmp_path, monkeypatch):
    import land_supervision
    from land_supervision import plugin, settings

    monkeypatch.setattr(settings, "user_config_dir", lambda: str(tmp_path))
    opened = []
    monkeypatch.setattr(plugin.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    land_supervision.classFactory(qgis_iface).open_help()
    page = local_page(opened[0])
    assert "The menu and the toolbar" in page and "The sample county" in page


def test_the_guide_ships_in_the_zip():
    spec = importlib.util.spec_from_file_location("package", os.path.join(ROOT, "scripts", "package.py"))
    package = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(package)
    shipped = package.files()
    assert "docs/USER_GUIDE.md" in shipped and "docs/images/algorithm_dialog.png" in shipped
