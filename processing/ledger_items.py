"""Reading a ledger layer for chasing (letters, atlas): shared parameters and the items of core.chase."""
from __future__ import annotations

from datetime import date
from typing import Dict, List, Optional, Tuple

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
)

from .. import settings
from ..core import chase
from ..core.config import ConfigError
from ..core.ledger import store as store_rules
from ..core.ledger.model import LedgerError, build_ledger
from ..core.ledger.template import Template, load_template, template_titles
from ..translate import message, tr
from . import store_export
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


def store_template(source) -> Template:
    """The template of a ledger store's items layer (recorded on every item), read from its first item."""
    request = QgsFeatureRequest().setLimit(1).setFlags(QgsFeatureRequest.Flag.NoGeometry)
    first = next(source.getFeatures(request), None)
    choice = py_value(first[store_rules.TEMPLATE]) if first is not None else ""
    try:
        return load_template(choice or "generic")
    except ConfigError as exc:
        raise QgsProcessingException(message(exc))


def item_fields(source, feedback) -> Tuple[Template, List[str], Dict[str, str]]:
    """(template reading the layer, names it reads from, generic keys of the template): a store's items
    through their own template, any other layer through the template with deadlines it fits best, by its
    field names, headers and aliases."""
    names = source.fields().names()
    if store_rules.is_store_layer(names):
        written = store_template(source)
        template, available, _ = store_rules.store_view(written, names, [])
        return template, available, chase.generic_keys(written.columns)
    template, unitless, keys = chase.item_template(
        names, {f.name(): f.alias() for f in source.fields() if f.alias()})
    for name in unitless:
        feedback.pushWarning(tr("The area field {0} gives no unit: it is read in m² (as 图斑面积 of the land survey). "
                                "If it holds 亩, rename it {0}(亩) or give it that alias.").format(name))
    return template, names, keys


def read_items(alg, parameters, context, feedback, source, with_geometry: bool,
               default_group: Optional[str], target_crs=None) -> Tuple[LayerData, list, str]:
    """(layer data, items, name of the group field or '' for township codes) of the INPUT layer.

    The group is GROUP_FIELD when chosen, else the field behind template column ``default_group``
    (e.g. 责任单位), else (when ``default_group`` is None) the township of the admin code.
    """
    names = source.fields().names()
    chosen = alg.parameterAsFields(parameters, GROUP_FIELD, context)
    template, available, keys = item_fields(source, feedback)
    generic = chase.item_template()[0]
    group_field = chosen[0] if chosen else (chase.group_source(template, available, default_group, keys)
                                            if default_group else None)
    if default_group and not group_field:
        raise QgsProcessingException(tr(
            "The layer has no field for the {0} (accepted names: {1}); choose the group field.").format(
            generic.column(default_group).header_zh, ", ".join(generic.column(default_group).sources)))
    if chase.group_source(template, available, "deadline", keys) is None:
        if store_rules.is_store_layer(names):
            raise QgsProcessingException(tr(
                "The ledger store's items follow the template {0}, which has no deadlines: nothing is overdue "
                "or due soon.").format(template_titles().get(template.id, template.title)))
        raise QgsProcessingException(tr(
            "The layer has no deadline field (accepted names: {0}): without deadlines nothing is overdue "
            "or due soon.").format(", ".join(generic.column("deadline").sources)))
    day = as_of(alg, parameters, context)
    warning_days = alg.parameterAsInt(parameters, WARNING_DAYS, context)
    data = read_source(source, None, context, feedback, target_crs, name=tr("input"), with_geometry=with_geometry)
    if store_rules.is_store_layer(names):
        store_export.one_ledger(data, names, feedback)
    alg.check_cancel(feedback)
    try:
        aliases = {f.name(): f.alias() for f in source.fields() if f.alias()}
        ledger = build_ledger(template, available, records(data), day, warning_days, aliases=aliases)
    except LedgerError as exc:
        raise QgsProcessingException(message(exc))
    for warning in ledger.warnings:
        feedback.pushWarning(message(warning))
    if group_field:
        index = data.fields.indexOf(group_field)
        groups: List = [row[index] for row in data.rows]
    else:
        groups = chase.township_groups(ledger)
    items = chase.items(ledger, [py_value(g) for g in groups], ledger.template.empty_label, keys)
    return data, items, group_field or ""
