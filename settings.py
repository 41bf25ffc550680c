"""The user's configuration: shipped defaults under resources/config, overridden per user.

Algorithms and dialogs read every [U] threshold and table through ``load(name)``, so what the
settings dialog saves is what the algorithms use. A wrong user entry is logged and replaced
by its default; it never stops an algorithm.
"""
from __future__ import annotations

import os
from typing import Any, List

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
    if code == usersettings.NOT_ONE_OF:
        return tr("must be one of {0}").format(detail)
    if code == usersettings.NOT_RATIO:
        return tr("must be a number or a fraction such as 1/3, above 0 and at most 1")
    return tr("expected {0}").format(tr(KIND_NAMES.get(detail, detail)))


def problem_lines(name: str, problems) -> List[str]:
    """One translated line per problem, naming the user's file and the entry."""
    path = usersettings.user_path(name, user_config_dir())
    return [tr("Settings {0}, entry {1}: {2}; the default is used.").format(path, entry, describe(code, detail))
            for entry, code, detail in problems]


_LOGGED = set()  # each problem once in the message log, however often a table is read


def log(lines: List[str]) -> None:
    for line in lines:
        if line not in _LOGGED:
            _LOGGED.add(line)
            QgsMessageLog.logMessage(line, "Land Supervision", Qgis.Warning)


def load(name: str) -> Any:
    """resources/config/<name>.json merged with the user's valid overrides; never raises for a bad user file."""
    data, problems = usersettings.load_checked(name, user_config_dir())
    log(problem_lines(name, problems))
    return data


def report(feedback=None) -> None:
    """Every wrong user settings entry, in the message log and, with ``feedback``, in a run's Processing log."""
    for name, problems in usersettings.all_problems(user_config_dir()).items():
        lines = problem_lines(name, problems)
        log(lines)
        for line in lines if feedback is not None else ():
            feedback.pushWarning(line)
