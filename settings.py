"""The user's configuration: shipped defaults under resources/config, overridden per user.

Algorithms and dialogs read every [U] threshold and table through ``load(name)``, so what the
settings dialog saves is what the algorithms use. A wrong user entry is logged and replaced
by its default; it never stops an algorithm.
"""
from __future__ import annotations

import os
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsMessageLog

from .core import usersettings
from .translate import tr, tr_noop

KIND_NAMES = {
    "number": tr_noop("a number"),
    "text": tr_noop("text"),
    "bool": tr_noop("true or false"),
    "list": tr_noop("a list"),
    "table": tr_noop("a table"),
    "plain value": tr_noop("a number, true/false or a list"),
}


def user_config_dir() -> str:
    """<QGIS profile folder>/land_supervision (the profile holds QGIS/QGIS3.ini and python/plugins)."""
    return os.path.join(QgsApplication.qgisSettingsDirPath(), "land_supervision")


def describe(code: str, detail: str) -> str:
    """A translated sentence for a problem found by core.usersettings.check."""
    if code == usersettings.UNKNOWN_ENTRY:
        return tr("unknown entry")
    if code == usersettings.NEGATIVE:
        return tr("must not be negative")
    if code == usersettings.UNREADABLE:
        return tr("the file cannot be read ({0})").format(detail)
    return tr("expected {0}").format(tr(KIND_NAMES.get(detail, detail)))


def load(name: str) -> Any:
    """resources/config/<name>.json merged with the user's valid overrides."""
    data, problems = usersettings.load_checked(name, user_config_dir())
    for entry, code, detail in problems:
        QgsMessageLog.logMessage(
            tr("Settings {0}.json, entry {1}: {2}; the default is used.").format(name, entry, describe(code, detail)),
            "Land Supervision", Qgis.Warning)
    return data
