"""landsupervision:exportledger — any result layer to a formatted Excel ledger (整改台账, architecture §7).

QGIS glue only: templates, rows, summaries and the workbook are in core/ledger.
The layer is read through parameterAsSource, so "selected features only"
is honoured; the workbook is written atomically and never replaces an
existing file unless OVERWRITE is true.
"""
from __future__ import annotations

import os
from typing import Optional

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from .. import settings
from ..core import balance, overlay
from ..core.config import ConfigError
from ..core.ledger import store as store_rules
from ..core.ledger.model import LedgerError, MissingFieldsError, build_ledger
from ..core.ledger.template import choose_template, load_template, missing_fields, template_titles
from ..core.ledger.writer import check_target, write_ledger
from ..translate import message, tr
from . import store_export
from . import region_names as region_table
from .base import LandSupervisionAlgorithm
from . import shapefile_text
from .layers import py_value, read_source

GROUPINGS = [("county",), ("county", "township")]


def records(data):
    """The rows of a LayerData as dicts of field name -> Python value (streamed, not copied)."""
    names = data.fields.names()
    for row in data.rows:
        yield dict(zip(names, map(py_value, row)))


def missing_table(uri: str) -> Optional[str]:
    """The file of a stored table URI ('path|layername=…') when it no longer exists, else None."""
    path = uri.split("|", 1)[0]
    return None if os.path.exists(path) else path


def dialog_widgets() -> bool:
    """Whether this is QGIS with its window (not qgis_process) and its Processing dialog takes Python widget
    wrappers (3.x; QGIS 4 drops them, and the plain check box stays)."""
    from qgis.utils import iface

    if iface is None:
        return False
    try:
        from processing.gui.wrappers import BooleanWidgetWrapper  # noqa: F401 (only its presence matters)
    except ImportError:
        return False
    return True


class ExportLedger(LandSupervisionAlgorithm):
    NAME = "exportledger"
    DISPLAY_NAME = "Export rectification ledger (整改台账)"
    GROUP_ID = "ledgers"
    ICON = "ledger.svg"
    GROUP_NAME = "Ledgers"
    GUIDE_SECTION = "The rectification ledger"
    HELP = (
        "Writes a layer, usually the result of an analysis, to a formatted Excel ledger (.xlsx): a title block "
        "(title, 填报单位, 填报日期, 面积单位：亩), a summary sheet by county in admin-code order with counts and areas by status "
        "and a 合计 row added up from the rounded cells, township sheets when asked, and the detail sheet 明细 (序号, "
        "frozen header, filters, landscape print fitted to the page width).\n"
        "Ledger template: the ledger's columns; not selected, the template that best fits the layer's fields. Areas "
        "are converted from m² to 亩 and rounded half-up; where a field has its 亩 twin beside it (X_mu, as the "
        "summaries write), that is shown as it is, so the ledger adds up as the layer does.\n"
        "Deadlines: the days left are the deadline minus the as-of date; 逾期 when negative, 临期 when no more than the "
        "warning days, 已完成 when the item is done.\n"
        "Responsibility table: a table keyed by the 12-digit village code that fills 县级田长, 乡级田长, 村级田长 and 网格长.\n"
        "Region names table: a table of region codes and names that names the regions (行政区名称) of the rows, the "
        "summary, the township sheets and the 进度 charts. Names come from this table first, then from the table and "
        "names in 设置 ▸ 行政区名称, then from the layer's own names, then from the names shipped with the plugin.\n"
        "Only the selected features are exported when 仅选中的要素 is ticked under the layer; otherwise every feature. An "
        "existing file is replaced only when 覆盖已有文件 is ticked. The defaults of 填报单位 and the warning days are set in "
        "设置 ▸ 整改台账.\n"
        "Ledger store: a GeoPackage, created when it does not exist. The workbook then comes back: a hidden item key "
        "on every row, a hidden protected metadata sheet, the teams' columns unlocked and shaded with drop-downs and "
        "date checks; read the returns with 导入整改台账回执. The exported items are registered in the store; items "
        "already there keep the teams' values and get their analysis columns refreshed, with history (a "
        "re-verification on the next survey: 具备销号条件(疑似), never 销号). Item key field: the field identifying an "
        "item (empty: 图斑编号, 任务编号, 电子监管号, BSM … as found). Exporting the store's ledger items layer gives the "
        "current ledger with 最近更新 and 更新来源.\n"
        "本周新增完成: with a store, the summary and 进度 sheets also show the items completed since the previous "
        "export (the latest with an earlier as-of date), by count and area, per region and per 责任单位."
    )

    INPUT = "INPUT"
    TEMPLATE = "TEMPLATE"
    TITLE = "TITLE"
    ORG = "ORG"
    AS_OF_DATE = "AS_OF_DATE"
    WARNING_DAYS = "WARNING_DAYS"
    GROUP_BY = "GROUP_BY"
    RESPONSIBILITY = "RESPONSIBILITY"
    OVERWRITE = "OVERWRITE"
    STORE = "STORE"
    KEY_FIELD = "KEY_FIELD"
    OUTPUT = "OUTPUT"
    ROWS = "ROWS"
    TEMPLATE_USED = "TEMPLATE_USED"

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        defaults = settings.load("ledger")
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, tr("Layer to export"), [QgsProcessing.SourceType.TypeVector]))
        template = QgsProcessingParameterEnum(
            self.TEMPLATE, tr("Ledger template"), list(template_titles().values()), optional=True,
            usesStaticStrings=True)
        self.addParameter(self.described(template, tr(
            "Not selected: the template that best fits the layer's fields. Models and qgis_process may also give a "
            "template id ({0}) or the path of a template .json file.").format(", ".join(template_titles()))))
        self.addParameter(self.described(QgsProcessingParameterString(
            self.TITLE, tr("Title"), defaultValue="", optional=True), tr("Empty = the template's title.")))
        self.addParameter(QgsProcessingParameterString(
            self.ORG, tr("Reporting unit (填报单位)"), defaultValue=defaults.get("reporting_unit", ""), optional=True))
        self.add_date_param(self.AS_OF_DATE, tr("As-of date for deadlines"))
        self.addParameter(self.described(QgsProcessingParameterNumber(
            self.WARNING_DAYS, tr("Warning days (临期)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=int(defaults.get("warning_days", 15)), minValue=0),
            tr("临期 when this many days or fewer are left before the deadline.")))
        self.addParameter(QgsProcessingParameterEnum(
            self.GROUP_BY, tr("Summary levels"), [tr("County"), tr("County and township")], defaultValue=0))
        responsibility = QgsProcessingParameterFeatureSource(
            self.RESPONSIBILITY, tr("Responsibility table (田长, keyed by village code)"),
            [QgsProcessing.SourceType.TypeVector], optional=True)
        stored = defaults.get("responsibility_table")
        if stored and missing_table(stored) is None:
            responsibility.setDefaultValue(stored)
        elif stored:
            settings.log([tr("Settings: the responsibility table {0} no longer exists.").format(missing_table(stored))])
        self.addParameter(responsibility)
        region_table.add_parameter(self)
        self.addParameter(shapefile_text.parameter())
        overwrite = QgsProcessingParameterBoolean(self.OVERWRITE, tr("Replace an existing file"), defaultValue=False)
        if dialog_widgets():
            overwrite.setMetadata({"widget_wrapper": {"class": __package__ + ".widgets.OverwriteWrapper"}})
        self.addParameter(overwrite)
        self.addParameter(self.described(QgsProcessingParameterFile(
            self.STORE, tr("Ledger store (台账库)"), behavior=QgsProcessingParameterFile.Behavior.File,
            extension="gpkg", optional=True), tr("A GeoPackage, created when absent; empty = no round trip.")))
        self.addParameter(self.described(QgsProcessingParameterField(
            self.KEY_FIELD, tr("Item key field"), parentLayerParameterName=self.INPUT, optional=True),
            tr("Empty = detected: 图斑编号, 任务编号, 电子监管号, BSM …")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Ledger workbook"), fileFilter=tr("Excel workbook (*.xlsx)")))
        self.addOutput(QgsProcessingOutputNumber(self.ROWS, tr("Rows written")))
        self.addOutput(QgsProcessingOutputString(self.TEMPLATE_USED, tr("Template used")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        source = shapefile_text.decoded(self, parameters, self.INPUT, context, feedback, source,
                                        self.input_label(parameters, self.INPUT, context))
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        overwrite = self.parameterAsBoolean(parameters, self.OVERWRITE, context)
        try:
            check_target(path, overwrite)  # before any work: a refused target costs nothing
        except LedgerError as exc:
            raise QgsProcessingException(tr("The ledger could not be written: {0}").format(message(exc)))
        names = source.fields().names()
        store_path = self.parameterAsFile(parameters, self.STORE, context).strip()
        from_store = store_rules.is_store_layer(names)
        template = self.template(parameters, context, names, feedback, source if from_store else None)
        available = names
        if from_store:  # the store's own layer: columns named by their keys, history columns appended
            template, available, _ = store_rules.store_view(template, names, [])
        missing = missing_fields(template, available)
        if missing:  # before reading a single feature
            raise QgsProcessingException(message(MissingFieldsError(template, missing)))
        as_of = self.parameter_as_day(parameters, self.AS_OF_DATE, context)
        warning_days = self.parameterAsInt(parameters, self.WARNING_DAYS, context)
        levels = GROUPINGS[self.parameterAsEnum(parameters, self.GROUP_BY, context)]

        feedback.setProgressText(tr("Reading features"))
        crs = store_export.store_crs(store_path) if store_path else None
        data = read_source(source, None, context, feedback, target_crs=crs, name=tr("input"),
                           with_geometry=bool(store_path), repair=False)
        prepared = None
        if from_store:
            store_export.one_ledger(data, names, feedback)
        rows = records(data)
        if from_store:
            rows = store_rules.store_view(template, names, rows)[2]
        if store_path:
            choice = (self.parameterAsFields(parameters, self.KEY_FIELD, context) or [""])[0]
            prepared = store_export.prepare(store_path, template, names, data.rows, choice,
                                            crs or source.sourceCrs(), feedback, as_of)
            template, available, rows = store_export.with_store_values(
                template, available, rows, prepared.keys, prepared.existing)
        responsibility = None
        table = self.parameterAsSource(parameters, self.RESPONSIBILITY, context)
        stored = settings.load("ledger").get("responsibility_table")
        if table is None and stored and missing_table(stored):
            feedback.pushWarning(tr("The responsibility table in the settings ({0}) no longer exists: the 田长 "
                                    "columns stay empty. Choose the table again in the settings or in RESPONSIBILITY.")
                                 .format(missing_table(stored)))
        if table is not None:
            resp = read_source(table, None, context, feedback, name=tr("responsibility table"), with_geometry=False)
            responsibility = list(records(resp))
        region = region_table.for_run(self, parameters, context, feedback)
        self.check_cancel(feedback)

        def progress(start, span):
            def report(fraction):
                feedback.setProgress(start + span * fraction)
                return feedback.isCanceled()
            return report

        aliases = {f.name(): f.alias() for f in source.fields() if f.alias()}
        # Outflow columns of farmlandbalance are headed by their destination group (GeoPackage drops aliases).
        aliases.update({"out_" + g.key: g.label for g in balance.outflow_groups(settings.user_config_dir())})
        try:
            feedback.setProgressText(tr("Building the ledger"))
            ledger = build_ledger(template, available, rows, as_of, warning_days, responsibility, aliases,
                                  progress(10, 30), len(data), region.shipped, region.above)
            for warning in ledger.warnings:
                feedback.pushWarning(message(warning))
            since = store_export.since_for(prepared, ledger, feedback) if prepared else None
            feedback.setProgressText(tr("Writing the workbook"))
            result = write_ledger(
                ledger, path, title=self.parameterAsString(parameters, self.TITLE, context) or None,
                org=self.parameterAsString(parameters, self.ORG, context), levels=levels, names=region.with_data(
                    ledger.names), overwrite=overwrite,
                progress=progress(40, 55), roundtrip=store_export.roundtrip_for(prepared, ledger) if prepared else None,
                since=since)
        except overlay.Cancelled:
            raise QgsProcessingException(tr("Cancelled: nothing was written."))
        except LedgerError as exc:
            raise QgsProcessingException(tr("The ledger could not be written: {0}").format(message(exc)))
        for warning in result.warnings[len(ledger.warnings):]:  # what writing the file changed
            feedback.pushWarning(message(warning))
        feedback.pushInfo(tr("{0}: {1} rows, sheets {2}.").format(result.path, result.rows, ", ".join(result.sheets)))
        if prepared is not None:
            feedback.setProgressText(tr("Registering the items in the ledger store"))
            try:
                # a template of the user's own is recorded by its path, so that importledger finds it again
                reference = template.id if template.id in template_titles() else template.path
                store_export.register(prepared, reference, ledger, data.geoms, tr("exportledger: {0}").format(
                    source.sourceName()), feedback, result.path, since)
            except BaseException:
                os.remove(result.path)  # a workbook whose items are not in the store could never come back
                raise
        return {self.OUTPUT: result.path, self.ROWS: result.rows, self.TEMPLATE_USED: template.id}

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """A template id or .json path is as valid as a title from the drop-down (models, qgis_process): any
        text is checked when the template is loaded, with a message that lists the templates."""
        if isinstance(parameters.get(self.TEMPLATE), str):
            parameters = dict(parameters, **{self.TEMPLATE: None})
        return super().checkParameterValues(parameters, context)

    def template_choice(self, parameters, context) -> str:
        """The template id or path chosen: a title from the drop-down is turned back into its id."""
        value = parameters.get(self.TEMPLATE)
        text = self.parameterAsString(parameters, self.TEMPLATE, context).strip() if value is not None else ""
        by_title = {title: key for key, title in template_titles().items()}
        return by_title.get(text, text)

    def template(self, parameters, context, names, feedback, store_layer=None):
        """The chosen template, the store layer's own template, or the best match for the layer's fields."""
        choice = self.template_choice(parameters, context)
        if not choice and store_layer is not None:
            request = QgsFeatureRequest().setLimit(1).setFlags(QgsFeatureRequest.Flag.NoGeometry)
            first = next(store_layer.getFeatures(request), None)
            choice = py_value(first[store_rules.TEMPLATE]) if first is not None else ""
        if not choice:
            choice = choose_template(names)
            feedback.pushInfo(tr("Template chosen from the layer's fields: {0}").format(template_titles()[choice]))
        try:
            return load_template(choice)
        except ConfigError as exc:
            raise QgsProcessingException(message(exc))
