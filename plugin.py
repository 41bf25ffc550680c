"""The plugin object QGIS loads: translation, provider, menu and toolbar."""
from __future__ import annotations

import os
from typing import List, Optional

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator, QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu, QToolBar

from .core import deps
from .translate import install_advice, tr

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
ICON_DIR = os.path.join(PLUGIN_DIR, "resources", "icons")
I18N_DIR = os.path.join(PLUGIN_DIR, "i18n")
PROVIDER_ID = "landsupervision"
OBJECT_NAME = "LandSupervision"
# Algorithms the menu offers through their own dialog instead (the toolbox still lists them).
WITH_DIALOG = ("exportledger", "importledger")


def icon(name: str) -> QIcon:
    return QIcon(os.path.join(ICON_DIR, name))


def qgis_locale() -> str:
    """The locale QGIS runs in: the user's override when set, else the system's."""
    settings = QgsSettings()
    if str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1"):
        value = settings.value("locale/userLocale", "")
        if value:
            return str(value)
    return QLocale().name()


def translation_candidates(locale: str) -> List[str]:
    """.qm suffixes to try: zh_CN, zh-Hans (QGIS's own code) and zh all reach the Simplified Chinese file."""
    code = (locale or "").replace("-", "_")
    language = code.split("_")[0]
    names = [code, language]
    if language == "zh":
        names.append("zh_CN")
    return [name for i, name in enumerate(names) if name and name not in names[:i]]


def find_translation(locale: str, folder: Optional[str] = None) -> Optional[str]:
    for name in translation_candidates(locale):
        path = os.path.join(folder or I18N_DIR, "land_supervision_{0}.qm".format(name))
        if os.path.exists(path):
            return path
    return None


def missing_packages_message(missing: List[str]) -> str:
    """What to install and the command that does it on this platform (core.deps.install_command)."""
    return tr("Land Supervision needs the Python packages {0}. {1} Then restart QGIS.").format(
        ", ".join(missing), install_advice(deps.install_command()))


class LandSupervisionPlugin:
    def __init__(self, iface):  # noqa: QGS105 (QGIS hands iface to classFactory)
        self.iface = iface
        self.provider = None
        self.missing = deps.missing()
        self.menu = None
        self.toolbar = None
        self.actions = []
        self.dialogs = []
        self.import_dialog = None
        self.translator = None
        self.install_translator()

    # -- translation -------------------------------------------------------
    def install_translator(self) -> None:
        path = find_translation(qgis_locale())
        if path is None:
            return
        translator = QTranslator()
        if translator.load(path):
            QCoreApplication.installTranslator(translator)
            self.translator = translator

    # -- Processing --------------------------------------------------------
    def initProcessing(self):  # noqa: N802 (QGIS plugin API name)
        if self.missing:
            return
        from .processing.provider import LandSupervisionProvider

        provider = LandSupervisionProvider()
        # Keep it only if registered: unload must never remove another instance's provider.
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider

    # -- GUI ---------------------------------------------------------------
    def initGui(self):  # noqa: N802 (QGIS plugin API name)
        self.initProcessing()
        if self.missing:
            text = missing_packages_message(self.missing)
            QgsMessageLog.logMessage(text, "Land Supervision", Qgis.MessageLevel.Critical)
            if self.iface is not None:
                self.iface.messageBar().pushMessage(tr("Land Supervision"), text, Qgis.MessageLevel.Critical, 0)
        for module in deps.OPTIONAL:
            package = deps.missing_optional(module)
            if package:
                advice = install_advice(deps.optional_install_command(module))
                QgsMessageLog.logMessage(tr(
                    "Without the Python package {0} the reminder and supervision letters cannot be written "
                    "(everything else works). {1}").format(package, advice),
                    "Land Supervision", Qgis.MessageLevel.Warning)
        if self.iface is None:
            return
        window = self.iface.mainWindow()
        self.menu = QMenu(tr("Land Supervision"), window)
        self.menu.setObjectName(OBJECT_NAME + "Menu")
        if not self.missing:
            self.toolbar = QToolBar(tr("Land Supervision"), window)
            self.toolbar.setObjectName(OBJECT_NAME + "Toolbar")
            self.add_algorithm_actions()
            self.menu.addSeparator()
            self.toolbar.addSeparator()
            self.add_action("ledger.svg", tr("Export rectification ledger…"), self.open_ledger, toolbar=True)
            self.add_action("ledger_import.svg", tr("Import returned ledgers (台账回执导入)…"), self.open_import)
            self.add_action("settings.svg", tr("Settings…"), self.open_settings, toolbar=True)
            from .dialogs.sample_county import SAMPLE_GPKG

            if os.path.exists(SAMPLE_GPKG):  # a development checkout, or a package that ships it
                self.menu.addSeparator()
                self.add_action("sample.svg", tr("Load the sample county"), self.load_sample)
        self.add_action("help.svg", tr("Help"), self.open_help)
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.menu() is not None
                          and a.menu().objectName() == "mHelpMenu"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, self.menu)
        else:
            bar.addMenu(self.menu)
        if self.toolbar is not None:
            self.iface.addToolBar(self.toolbar)

    def add_action(self, icon_name: str, text: str, slot, toolbar: bool = False) -> QAction:
        action = QAction(icon(icon_name), text, self.menu)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def add_algorithm_actions(self) -> None:
        """One entry per algorithm of the provider, in toolbox order, grouped by family."""
        from .processing.algorithms import ALGORITHMS

        provider = QgsApplication.processingRegistry().providerById(PROVIDER_ID)
        if provider is None:
            return
        order = {cls.NAME: index for index, cls in enumerate(ALGORITHMS)}
        algorithms = sorted((alg for alg in provider.algorithms() if alg.name() not in WITH_DIALOG),
                            key=lambda alg: order.get(alg.name(), len(order)))
        group = None
        for alg in algorithms:
            if group is not None and alg.groupId() != group:
                self.menu.addSeparator()
            group = alg.groupId()
            action = QAction(alg.icon(), alg.displayName(), self.menu)
            action.setToolTip(alg.displayName())
            action.setData(alg.id())
            action.triggered.connect(lambda _checked=False, alg_id=alg.id(): self.open_algorithm(alg_id))
            self.menu.addAction(action)
            self.toolbar.addAction(action)
            self.actions.append(action)

    def unload(self):
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions = []
        if self.menu is not None:
            self.menu.menuAction().setVisible(False)
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        for dialog in self.dialogs + ([self.import_dialog] if self.import_dialog is not None else []):
            dialog.close()
        self.dialogs = []
        self.import_dialog = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None

    # -- actions -------------------------------------------------------------
    @staticmethod
    def open_algorithm(alg_id: str) -> None:
        from qgis import processing

        processing.execAlgorithmDialog(alg_id)

    def report(self, text: str) -> None:
        self.iface.messageBar().pushMessage(tr("Land Supervision"), text, Qgis.MessageLevel.Warning, 8)

    def open_ledger(self) -> None:
        try:
            from .dialogs.ledger_dialog import open_ledger_dialog
        except ImportError as exc:
            self.report(tr("The ledger dialog is not available: {0}").format(exc))
            return
        open_dialogs = [d for d in self.dialogs if d.isVisible()]
        if open_dialogs:  # one ledger dialog at a time: bring the open one forward
            open_dialogs[0].raise_()
            open_dialogs[0].activateWindow()
            return
        self.dialogs = [open_ledger_dialog(self.iface)]

    def open_import(self) -> None:
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.import_dialog.raise_()
            self.import_dialog.activateWindow()
            return
        from .dialogs.import_dialog import open_import_dialog

        self.import_dialog = open_import_dialog(self.iface)

    def open_settings(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.iface.mainWindow())
        dialog.exec()

    def load_sample(self) -> None:
        from .dialogs.sample_county import load_sample_county

        try:
            load_sample_county(self.iface.mapCanvas())
        except FileNotFoundError as exc:
            self.report(tr("The sample county is missing: {0}").format(exc))

    def open_help(self) -> None:
        """The user guide shipped in the plugin, as a local page (no online page needed)."""
        from . import guide

        QDesktopServices.openUrl(QUrl(guide.url()))
