"""The plugin inside QGIS: Chinese menu and algorithm names, toolbar, clean unload."""
from __future__ import annotations

import os
import subprocess

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QMenu, QToolBar

from conftest import ROOT


@pytest.mark.parametrize("locale, expected", [
    ("zh_CN", ["zh_CN", "zh"]),
    ("zh-Hans", ["zh_Hans", "zh", "zh_CN"]),  # QGIS's own code for Simplified Chinese
    ("zh_TW", ["zh_TW", "zh", "zh_CN"]),
    ("zh", ["zh", "zh_CN"]),
    ("en_US", ["en_US", "en"]),
    ("", []),
])
def test_translation_candidates(locale, expected):
    from land_supervision.plugin import translation_candidates

    assert translation_candidates(locale) == expected


@pytest.fixture()
def zh_cn(tmp_path, monkeypatch):
    """QGIS set to Simplified Chinese, with the .qm compiled from the committed .ts."""
    from land_supervision import plugin

    subprocess.run(["lrelease", "-silent", os.path.join(ROOT, "i18n", "land_supervision_zh_CN.ts"),
                    "-qm", str(tmp_path / "land_supervision_zh_CN.qm")], check=True)
    monkeypatch.setattr(plugin, "I18N_DIR", str(tmp_path))
    settings = QgsSettings()
    saved = {key: settings.value(key) for key in ("locale/userLocale", "locale/overrideFlag")}
    settings.setValue("locale/userLocale", "zh_CN")
    settings.setValue("locale/overrideFlag", True)
    yield
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)


def our_widgets(window):
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    menus = [m for m in window.findChildren(QMenu) if m.objectName() == "LandSupervisionMenu"]
    bars = [t for t in window.findChildren(QToolBar) if t.objectName() == "LandSupervisionToolbar"]
    return menus, bars


def test_chinese_menu_toolbar_and_clean_unload(qgis_iface, provider, zh_cn):
    import land_supervision
    from land_supervision import plugin as plugin_module
    from land_supervision.processing.algorithms import ALGORITHMS
    from land_supervision.translate import tr

    plugin = land_supervision.classFactory(qgis_iface)
    try:
        assert plugin.translator is not None
        plugin.initGui()
        window = qgis_iface.mainWindow()
        menus, bars = our_widgets(window)
        assert len(menus) == 1 and len(bars) == 1
        menu = menus[0]
        assert menu.title() == "自然资源督察"
        assert menu.menuAction() in window.menuBar().actions()
        texts = [a.text() for a in menu.actions() if not a.isSeparator()]
        for entry in ("导出整改台账…", "设置…", "加载示例县", "帮助"):
            assert entry in texts
        # one entry per algorithm, named in Chinese (no Latin letters left in the names)
        algorithm_actions = [a for a in menu.actions() if a.data()]
        assert sorted(a.data() for a in algorithm_actions) == sorted(
            "landsupervision:" + c.NAME for c in ALGORITHMS if c.NAME not in plugin_module.WITH_DIALOG)
        for action in algorithm_actions:
            assert not any("a" <= ch.lower() <= "z" for ch in action.text()), action.text()
        assert "耕地恢复核查" in texts
        for alg in provider.algorithms():
            assert alg.displayName() == tr(type(alg).DISPLAY_NAME) != type(alg).DISPLAY_NAME
            assert alg.group() != type(alg).GROUP_NAME
            assert alg.shortHelpString() != type(alg).HELP
        assert provider.name() == "自然资源督察"
        assert len(bars[0].actions()) >= len(algorithm_actions) + 2
    finally:
        plugin.unload()
    menus, bars = our_widgets(qgis_iface.mainWindow())
    assert menus == [] and bars == []
    assert plugin.actions == [] and plugin.translator is None
    assert tr("Land Supervision") == "Land Supervision"  # translator removed with the plugin


def test_missing_dependency_keeps_help_only(monkeypatch, qgis_iface):
    import land_supervision
    from land_supervision.core import deps

    monkeypatch.setattr(deps, "missing", lambda: ["shapely>=2"])
    plugin = land_supervision.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert plugin.provider is None
        assert len(plugin.actions) == 1  # help, which explains the installation
        assert plugin.toolbar is None
    finally:
        plugin.unload()


def test_sample_county_loads_styled(qgis_app):
    from qgis.core import QgsProject

    from land_supervision.dialogs.sample_county import load_sample_county

    project = QgsProject.instance()
    group = load_sample_county()
    try:
        layers = {node.layer().name(): node.layer() for node in group.findLayers()}
        assert {"dltb_2024", "restoration_tasks", "mine_patches", "closed_mines"} <= set(layers)
        assert layers["dltb_2024"].renderer().type() == "categorizedSymbol"
        assert not group.findLayer(layers["dltb_2023"].id()).isVisible()
    finally:
        for layer in layers.values():
            project.removeMapLayer(layer.id())
        project.layerTreeRoot().removeChildNode(group)
