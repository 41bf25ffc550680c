"""The shape every Land Supervision algorithm shares (architecture §4)."""
from __future__ import annotations

import os
from datetime import date
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterField,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate, QDateTime
from qgis.PyQt.QtGui import QIcon

from ..core import landclass
from ..core.dates import ParseError, parse_date
from ..core.fields import schema
from .. import settings
from ..translate import tr
from . import gpkg_bulk, heap, outputs, postprocess, shapefile_text
from .layers import layer_label, write_features

ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")


class LandSupervisionAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set NAME, DISPLAY_NAME, GROUP_ID, GROUP_NAME, HELP and ICON."""

    NAME = ""
    DISPLAY_NAME = ""
    GROUP_ID = ""
    GROUP_NAME = ""
    HELP = ""
    GUIDE_SECTION = "The analyses"  # the heading of docs/USER_GUIDE.md that helpUrl() opens
    ICON = "icon.svg"

    def __init_subclass__(cls, **kwargs):
        """Every algorithm's run with the cyclic garbage collector held back (heap.collect_after)."""
        super().__init_subclass__(**kwargs)
        if "processAlgorithm" in cls.__dict__:
            cls.processAlgorithm = heap.collect_after(cls.processAlgorithm)

    def tr(self, text: str) -> str:
        return tr(text)

    def name(self) -> str:
        return self.NAME

    def displayName(self) -> str:
        return tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return tr(self.GROUP_NAME)

    def groupId(self) -> str:
        return self.GROUP_ID

    def shortHelpString(self) -> str:
        return tr(self.HELP)

    def helpUrl(self) -> str:  # noqa: N802 (QGIS API name)
        """The user guide's section, a local page rendered from the guide shipped in the plugin."""
        from .. import guide

        return guide.url(self.GUIDE_SECTION)

    def icon(self) -> QIcon:
        return QIcon(os.path.join(ICON_DIR, self.ICON))

    def createInstance(self):
        return type(self)()

    def prepareAlgorithm(self, parameters, context, feedback) -> bool:  # noqa: N802 (QGIS API name)
        """Every rule reads the land-class table the user's settings give (land_classes.json); a wrong user
        settings entry is named in every run's log."""
        landclass.use(settings.load("land_classes"))
        settings.report(feedback)
        self.created: Optional[List[str]] = None  # output files this run made (removed if it fails)
        return True

    def check_destinations(self, parameters, context) -> None:
        """Every output can be written, checked before the first is created (a refusal here leaves nothing)."""
        for definition in self.destinationParameterDefinitions():
            path = outputs.file_of(self.destination(parameters, definition, context))
            problem = outputs.unwritable(path) if path else None
            if problem:
                raise QgsProcessingException(tr("{0}: {1}; choose another destination.").format(
                    definition.description(), problem))

    def destination(self, parameters, definition, context) -> str:
        """The file an output writes to ('' for a folder: the algorithm checks what it writes there)."""
        if definition.type() == "folderDestination":
            return ""
        if definition.type() == "fileDestination":
            return self.parameterAsFileOutput(parameters, definition.name(), context)
        if parameters.get(definition.name()) is None:
            return ""  # an optional output not asked for
        return self.parameterAsOutputLayer(parameters, definition.name(), context)

    @staticmethod
    def described(param: QgsProcessingParameterDefinition, text: str, advanced: bool = False):
        """``param`` with ``text`` in its tooltip (the label stays short enough for QGIS's default dialog)."""
        param.setHelp(text)
        if advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        return param

    # -- field parameters ------------------------------------------------
    @staticmethod
    def field_param_name(key: str) -> str:
        return "FIELD_" + key.upper()

    def add_field_params(self, kind: str, parent: str, keys: Iterable[str], labels: Dict[str, str]) -> None:
        """Optional field choosers for mapped keys, under 高级参数; left empty they are auto-detected by alias.

        The label stays short (it must fit QGIS's default dialog); the recognised names go to the tooltip.
        """
        specs = schema(kind)
        for key in keys:
            param = QgsProcessingParameterField(
                self.field_param_name(key), tr("{0} field").format(labels[key]),
                parentLayerParameterName=parent, optional=True)
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
            param.setHelp(tr("Left empty, the first of these fields found in the layer is used: {0}.").format(
                ", ".join(specs[key].get("aliases", [key]))))
            self.addParameter(param)

    def chosen_fields(self, parameters, context, keys: Iterable[str]) -> Dict[str, Optional[str]]:
        chosen = {}
        for key in keys:
            values = self.parameterAsFields(parameters, self.field_param_name(key), context)
            chosen[key] = values[0] if values else None
        return chosen

    # -- inputs ---------------------------------------------------------
    def polygon_source(self, parameters, name: str, context, feedback, required: bool = True, empty_ok: bool = True):
        """The source of parameter ``name``, refused with a message naming the parameter and the layer when it
        is a table without geometry or not polygons, or (unless ``empty_ok``) when it has no feature; a shapefile
        is read in the encoding its text is in."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            if required:
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
            return None
        label = self.input_label(parameters, name, context)
        kind = QgsWkbTypes.geometryType(source.wkbType())
        if kind == QgsWkbTypes.NullGeometry:
            raise QgsProcessingException(tr("{0}: the layer has no geometry (a table); choose a polygon layer.")
                                         .format(label))
        if kind != QgsWkbTypes.PolygonGeometry:
            raise QgsProcessingException(tr("{0}: the layer has {1} geometries; choose a polygon layer.")
                                         .format(label, QgsWkbTypes.displayString(source.wkbType())))
        if not empty_ok and not has_features(source):
            raise QgsProcessingException(tr("{0}: the layer has no features; check the layer, its filter or the "
                                            "selection.").format(label))
        return shapefile_text.decoded(self, parameters, name, context, feedback, source, label)

    def input_label(self, parameters, name: str, context) -> str:
        """'<parameter description> (<layer name>)', how a message names an input."""
        return "{0} ({1})".format(self.parameterDefinition(name).description(), layer_label(parameters[name], context))

    # -- dates ----------------------------------------------------------------
    def add_date_param(self, name: str, label: str) -> None:
        """An optional date (a calendar in the dialog; empty = today). Models and qgis_process may pass text
        in any form core.dates reads (2024-06-30, 2024/6/30, 2024年6月30日 ...)."""
        param = QgsProcessingParameterDateTime(name, label, QgsProcessingParameterDateTime.Type.Date, optional=True)
        param.setHelp(tr("Empty = today. In models and qgis_process also as text, e.g. 2024-06-30."))
        self.addParameter(param)

    def checkParameterValues(self, parameters, context):  # noqa: N802 (QGIS API name)
        """Dates given as text are read by core.dates (QGIS's own check knows ISO dates only); a bad one is
        named by its label."""
        texts = {}
        for param in self.parameterDefinitions():
            value = parameters.get(param.name())
            if isinstance(param, QgsProcessingParameterDateTime) and isinstance(value, str):
                try:
                    parse_date(value)
                except ParseError as exc:
                    return False, "{0}: {1}".format(param.description(), exc)
                texts[param.name()] = None
        return super().checkParameterValues(dict(parameters, **texts), context)

    def parameter_as_day(self, parameters, name: str, context) -> date:
        """The date of an add_date_param parameter: a QDate/QDateTime from the dialog, or text (every form
        core.dates reads), today when empty."""
        value = parameters.get(name)
        if isinstance(value, QDateTime):
            value = value.date()
        if isinstance(value, QDate):
            return value.toPyDate() if value.isValid() else date.today()
        text = self.parameterAsString(parameters, name, context).strip()
        try:
            return parse_date(text) or date.today()
        except ParseError as exc:
            raise QgsProcessingException("{0}: {1}".format(self.parameterDefinition(name).description(), exc)) from None

    # -- cancellation and outputs -----------------------------------------
    @staticmethod
    def check_cancel(feedback) -> None:
        """Raise before any sink is created, so a cancelled run writes nothing."""
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled: nothing was written."))

    def style_output(self, context: QgsProcessingContext, dest_id: str, style: Optional[str],
                     aliases: Dict[str, str]) -> None:
        """When the output is loaded into a project, give it the shipped style and Chinese aliases."""
        if context.willLoadLayerOnCompletion(dest_id):
            kept = getattr(self, "input_aliases", {}).get(dest_id, {})
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(postprocess.styler(style, {**kept, **aliases}))

    def sink(self, parameters, name: str, context, fields, wkb_type, crs) -> Tuple[object, str]:
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, wkb_type, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        # The input's own aliases (a project layer's Chinese names) go with the loaded output (a file keeps none).
        self.input_aliases = dict(getattr(self, "input_aliases", {}),
                                  **{dest_id: {f.name(): f.alias() for f in fields if f.alias()}})
        return sink, dest_id

    def write_output(self, parameters, name: str, context, feedback, fields, wkb_type, crs, rows,
                     geoms) -> str:
        """Create output ``name`` and write ``rows`` (with shapely ``geoms`` or None) into it.

        A cancel or a failure while writing closes the file and removes every output this run created, so a
        run either delivers all its outputs or none."""
        if getattr(self, "created", None) is None:  # the first output of this run
            self.check_destinations(parameters, context)
            self.created = []
        path = outputs.file_of(self.destination(parameters, self.parameterDefinition(name), context))
        new = bool(path) and not os.path.exists(path)
        bulk = gpkg_bulk.Batch.of(fields, rows, geoms) if new and path.lower().endswith(".gpkg") and \
            geoms is not None and wkb_type == QgsWkbTypes.MultiPolygon else None
        sink, dest_id = self.sink(parameters, name, context, fields, wkb_type, crs)
        if new:
            self.created.append(path)
        try:
            if bulk is not None:
                sink = None  # the last reference: QGIS closes the file, its layer made and empty
                if not gpkg_bulk.fill(path, bulk, lambda share: self._written(feedback, share)):
                    outputs.remove(path)  # not laid out as expected: QGIS writes it again, feature by feature
                    sink, dest_id = self.sink(parameters, name, context, fields, wkb_type, crs)
                    bulk = None
            if bulk is None:
                write_features(sink, fields, rows, geoms, feedback, cancellable=True)
        except BaseException:
            sink = None  # the last reference: the file is closed before it is removed
            for made in self.created:
                outputs.remove(made)
            raise
        return dest_id

    @staticmethod
    def _written(feedback, share: float) -> None:
        """Progress of a bulk write; a cancel stops it (the caller removes the file)."""
        feedback.setProgress(100.0 * share)
        if feedback.isCanceled():
            raise QgsProcessingException(tr("Cancelled: nothing was written."))


def has_features(source) -> bool:
    """Whether ``source`` yields a feature (its selection and filter honoured). One feature is fetched instead
    of counting them: a GeoPackage without a stored count is scanned whole by featureCount()."""
    request = QgsFeatureRequest().setLimit(1).setNoAttributes().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    return next(iter(source.getFeatures(request)), None) is not None
