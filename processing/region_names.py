"""Region names of a run (rules in core/regions.py): the REGIONS table given to the run, the user's table in
the settings, the data's own names and the shipped table, read and checked with warnings that name the row."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional

from qgis.core import QgsProcessing, QgsProcessingException, QgsProcessingParameterFeatureSource, QgsVectorLayer

from .. import settings
from ..core import encoding, regions, usersettings
from ..translate import tr, tr_noop
from .layers import read_source

PARAMETER = "REGIONS"
SETTINGS = "regions"
MAX_LISTED = 10
CSV_SAMPLE = 65536  # bytes of a CSV file looked at for its encoding
REASONS = {
    regions.BAD_CODE: tr_noop("not a 6-, 9- or 12-digit region code"),
    regions.NO_NAME: tr_noop("no name"),
    regions.CONFLICT: tr_noop("a second, different name of a code named above"),
}


def add_parameter(alg, name: str = PARAMETER) -> None:
    """The optional region-name table of a run."""
    alg.addParameter(alg.described(QgsProcessingParameterFeatureSource(
        name, tr("Region names table"), [QgsProcessing.SourceType.TypeVector], optional=True),
        tr("A table of region codes and names. Empty: the table chosen in the settings (Region names), the names "
           "in the data and the shipped table.")))


def _warn(problems: List[regions.RowProblem], label: str, feedback, item: str) -> None:
    """One warning per kind of unusable row, naming the first rows (``item``: '... {0} ({1})') and their codes."""
    for reason, text in REASONS.items():
        rows = [(row, code) for row, code, found in problems if found == reason]
        if not rows:
            continue
        listed = ", ".join(item.format(row, code or tr("empty")) for row, code in rows[:MAX_LISTED])
        more = tr(" and {0} more").format(len(rows) - MAX_LISTED) if len(rows) > MAX_LISTED else ""
        feedback.pushWarning(tr("{0}: {1}{2}: {3}; not used.").format(label, listed, more, tr(text)))


def read_table(source, label: str, context, feedback) -> Dict[str, str]:
    """Code -> name of a region-name table (a layer or table with a code and a name field)."""
    data = read_source(source, "regions", context, feedback, name=label, with_geometry=False)
    names, problems = regions.table(data.column("code"), data.column("name"))
    _warn(problems, label, feedback, tr("row {0} ({1})"))
    return names


def settings_table(context, feedback) -> Dict[str, str]:
    """The user's table named in the settings; a missing or unreadable file is a warning (the run goes on)."""
    path = str(settings.load(SETTINGS).get("region_table") or "").strip()
    if not path:
        return {}
    label = tr("Region names table of the settings ({0})").format(path)
    fix = tr("Choose it again in the settings (Region names), or clear the entry.")
    if not os.path.exists(path.split("|", 1)[0]):
        feedback.pushWarning(tr("{0} does not exist: its names are not used. {1}").format(label, fix))
        return {}
    layer = QgsVectorLayer(path, os.path.basename(path), "ogr")
    if layer.isValid() and path.lower().endswith(".csv") and csv_encoding(path) == encoding.GB18030:
        layer.setProviderEncoding(encoding.GB18030)  # Excel's 另存为 CSV writes GBK on a Chinese Windows
    if not layer.isValid():
        feedback.pushWarning(tr("{0} cannot be read as a table: its names are not used. {1}").format(label, fix))
        return {}
    try:
        return read_table(layer, label, context, feedback)
    except QgsProcessingException as exc:
        feedback.pushWarning(tr("{0} Its names are not used. {1}").format(exc, fix))
        return {}


def csv_encoding(path: str) -> Optional[str]:
    """UTF-8 or GB18030 as the first lines of a CSV file read (core.encoding.choose), or None."""
    with open(path, "rb") as handle:
        raw = handle.read(CSV_SAMPLE)
    lines = raw.splitlines()
    if len(raw) == CSV_SAMPLE:
        lines = lines[:-1]  # the last line may stop inside a character
    return encoding.choose("", lines).encoding


def configured(feedback) -> Dict[str, Dict[str, str]]:
    """{'edited': names the user changed or added in the settings, 'shipped': the shipped names}, checked."""
    shipped = usersettings.shipped(SETTINGS)["names"]
    names = settings.load(SETTINGS)["names"]
    edited = {code: name for code, name in names.items() if shipped.get(code) != name}
    out = {}
    for key, table in (("edited", edited), ("shipped", shipped)):
        out[key], problems = regions.table(list(table), list(table.values()))
        _warn(problems, tr("Settings ▸ Region names"), feedback, tr("entry {1}"))
    return out


@dataclass
class RunNames:
    """The tables of a run: ``above`` the data's own names (the run's table, the settings' table and edits)
    and ``shipped`` below them."""

    above: Dict[str, str]
    shipped: Dict[str, str]

    def with_data(self, data_names: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
        return regions.lookup(self.above, data_names or {}, self.shipped)


def for_run(alg, parameters, context, feedback, parameter: Optional[str] = PARAMETER) -> RunNames:
    """The region-name tables of a run: its ``parameter`` table when given, then the settings."""
    given = {}
    source = alg.parameterAsSource(parameters, parameter, context) if parameters.get(parameter) else None
    if source is not None:
        given = read_table(source, alg.input_label(parameters, parameter, context), context, feedback)
    table = configured(feedback)
    return RunNames(regions.lookup(given, settings_table(context, feedback), table["edited"]), table["shipped"])


def names(alg, parameters, context, feedback, data_names: Optional[Mapping[str, str]] = None,
          parameter: Optional[str] = PARAMETER) -> Dict[str, str]:
    """Code -> name for a run: its REGIONS table, then the settings' table and edits, then ``data_names``
    (the names the input carries, core.regions.from_data), then the shipped table."""
    return for_run(alg, parameters, context, feedback, parameter).with_data(data_names)
