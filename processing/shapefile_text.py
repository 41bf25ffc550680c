"""Shapefile inputs read in the encoding their text is really in (core/encoding.py), with an ENCODING parameter."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingUtils,
    QgsProviderRegistry,
    QgsVectorLayer,
)

from ..core import encoding
from ..translate import tr, tr_noop

ENCODING = "ENCODING"
CHOICES = (
    (None, tr_noop("Detect")),
    (encoding.GB18030, tr_noop("GBK / GB18030")),
    (encoding.UTF8, tr_noop("UTF-8")),
    ("declared", tr_noop("As declared by the .cpg or DBF code page")),
)


def parameter() -> QgsProcessingParameterEnum:
    param = QgsProcessingParameterEnum(ENCODING, tr("Text encoding of shapefile inputs"),
                                       [tr(label) for _, label in CHOICES], defaultValue=0)
    param.setHelp(tr("Detect: the .cpg file, then the DBF code page, then the text itself."))  # the label must fit
    return param


def _shapefile(value, context):
    """(layer, .shp path, selection only) behind a parameter value, or None when it is not a shapefile."""
    selected = False
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        selected = value.selectedFeaturesOnly
        value = value.source.staticValue()
    layer = value if isinstance(value, QgsVectorLayer) else QgsProcessingUtils.mapLayerFromString(str(value), context)
    if not isinstance(layer, QgsVectorLayer) or layer.providerType() != "ogr":
        return None
    path = QgsProviderRegistry.instance().decodeUri("ogr", layer.source()).get("path") or ""
    return (layer, path, selected) if path.lower().endswith(".shp") else None


def decoded(algorithm, parameters, name: str, context, feedback, source, label: str):
    """``source``, or the same shapefile reopened in the encoding its text is in (said in the log)."""
    found = _shapefile(parameters.get(name), context)
    if found is None:
        return source
    layer, path, selected = found
    definition = algorithm.parameterDefinition(ENCODING)
    wanted = CHOICES[algorithm.parameterAsEnum(parameters, ENCODING, context)][0] if definition else None
    if wanted == "declared":
        return source
    dbf = encoding.dbf_path(path)
    if dbf is None:
        return source
    declared = encoding.declared_encoding(path)
    if wanted is None:
        choice = encoding.choose(declared, encoding.text_sample(dbf))
        if choice.reason == encoding.UNDECODABLE:
            feedback.pushWarning(tr(
                "{0}: the text of {1} cannot be read as {2}; choose its encoding in 'Text encoding of shapefile "
                "inputs' (or add a .cpg file).").format(label, path, declared or tr("any declared encoding")))
        if choice.encoding is None:
            return source
        wanted = choice.encoding
        why = tr("no encoding is declared") if choice.reason == encoding.UNDECLARED else \
            tr("the declared {0} does not fit its text").format(declared)
        feedback.pushWarning(tr(
            "{0}: {1} for {2}, whose text reads as {3}: read as {3}. Add a .cpg file saying {4} (or choose the "
            "encoding in 'Text encoding of shapefile inputs') to make this explicit.").format(
                label, why, path, wanted, "936" if wanted == encoding.GB18030 else wanted))
    if selected:
        feedback.pushWarning(tr("{0}: selected features are read as declared; to read them as {1}, save the "
                                "selection or add a .cpg file.").format(label, wanted))
        return source
    reopened = QgsVectorLayer("{0}|option:ENCODING={1}".format(path, wanted), layer.name(), "ogr")
    if not reopened.isValid():
        return source
    reopened.setSubsetString(layer.subsetString())
    return reopened
