"""Reading a ledger layer for chasing (letters, atlas): shared parameters and the items of core.chase."""
from __future__ import annotations

from datetime import date
from typing import List, Optional, Tuple

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from .. import settings
from ..core import chase
from ..core.ledger.model import LedgerError
from ..translate import message, tr
from .export_ledger import records
from .layers import LayerData, py_value, read_source

INPUT, AS_OF_DATE, GROUP_FIELD, WARNING_DAYS = "INPUT", "AS_OF_DATE", "GROUP_FIELD", "WARNING_DAYS"
INPUT_TYPES = [QgsProcessing.SourceType.TypeVector]


def add_common_params(alg, group_label: str, group_help: str) -> None:
    """AS_OF_DATE, GROUP_FIELD and WARNING_DAYS, after the algorithm's INPUT."""
    alg.add_date_param(AS_OF_DATE, tr("As-of date for deadlines"))
    alg.addParameter(alg.described(QgsProcessingParameterField(
        GROUP_FIELD, group_label, parentLayerParameterName=INPUT, optional=True), group_help))
    alg.addParameter(alg.described(QgsProcessingParameterNumber(
        WARNING_DAYS, tr("Warning days (临期)"),
        QgsProcessingParameterNumber.Type.Integer, defaultValue=int(settings.load("ledger").get("warning_days", 15)),
        minValue=0), tr("临期 when this many days or fewer are left before the deadline.")))


def as_of(alg, parameters, context) -> date:
    return alg.parameter_as_day(parameters, AS_OF_DATE, context)


def read_items(alg, parameters, context, feedback, source, with_geometry: bool,
               default_group: Optional[str], target_crs=None) -> Tuple[LayerData, list, str]:
    """(layer data, items, name of the group field or '' for township codes) of the INPUT layer.

    The group is GROUP_FIELD when chosen, else the field behind template column ``default_group``
    (e.g. 责任单位), else (when ``default_group`` is None) the township of the admin code.
    """
    names = source.fields().names()
    chosen = alg.parameterAsFields(parameters, GROUP_FIELD, context)
    template = chase.item_template(names)
    group_field = chosen[0] if chosen else (chase.group_source(template, names, default_group)
                                            if default_group else None)
    if default_group and not group_field:
        raise QgsProcessingException(tr(
            "The layer has no field for the {0} (accepted names: {1}); choose the group field.").format(
            template.column(default_group).header_zh, ", ".join(template.column(default_group).sources)))
    if chase.group_source(template, names, "deadline") is None:
        raise QgsProcessingException(tr(
            "The layer has no deadline field (accepted names: {0}): without deadlines nothing is overdue "
            "or due soon.").format(", ".join(template.column("deadline").sources)))
    day = as_of(alg, parameters, context)
    warning_days = alg.parameterAsInt(parameters, WARNING_DAYS, context)
    data = read_source(source, None, context, feedback, target_crs, name=tr("input"), with_geometry=with_geometry)
    alg.check_cancel(feedback)
    try:
        aliases = {f.name(): f.alias() for f in source.fields() if f.alias()}
        ledger = chase.build_items_ledger(names, records(data), day, warning_days, aliases)
    except LedgerError as exc:
        raise QgsProcessingException(message(exc))
    for warning in ledger.warnings:
        feedback.pushWarning(message(warning))
    if group_field:
        index = data.fields.indexOf(group_field)
        groups: List = [row[index] for row in data.rows]
    else:
        groups = chase.township_groups(ledger)
    return data, chase.items(ledger, [py_value(g) for g in groups], ledger.template.empty_label), group_field or ""
