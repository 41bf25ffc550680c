"""landsupervision:farmlandclassification — 保留/认定/恢复/置换一批 summary (glue; rules in core/classification.py)."""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)

from ..core import classification
from .. import settings
from ..translate import tr
from .base import LandSupervisionAlgorithm
from .farmland_restoration import aliases, skip_invalid_geometry_check
from .layers import OutField, ellipsoidal_areas, output_fields, read_source, work_crs

KEYS = ("code", "area", "coef", "slope")
LABELS = {"code": "Classification code", "area": "Area (m²)", "coef": "Deduction coefficient", "slope": "Slope grade"}
GRADE_LABEL = {"": "未分级"}


def table_fields(grades):
    fields = [
        OutField("category", "string", "类别", 30),
        OutField("code", "string", "代码", 10),
        OutField("code_name", "string", "代码含义", 100),
        OutField("count", "int", "图斑数"),
        OutField("area_m2", "double", "面积(平方米)", 20, 2),
        OutField("area_mu", "double", "面积(亩)", 20, 2),
        OutField("area_wanmu", "double", "面积(万亩)", 20, 4),
        OutField("net_mu", "double", "扣除后面积(亩)", 20, 2),
        OutField("net_wanmu", "double", "扣除后面积(万亩)", 20, 4),
    ]
    for g in grades:
        label = GRADE_LABEL.get(g, "{0}级坡度".format(g))
        suffix = g or "x"
        fields.append(OutField("pd{0}_mu".format(suffix), "double", label + "(亩)", 20, 2))
        fields.append(OutField("pd{0}_net_mu".format(suffix), "double", label + "扣除后(亩)", 20, 2))
    return fields


class FarmlandClassificationAlgorithm(LandSupervisionAlgorithm):
    NAME = "farmlandclassification"
    DISPLAY_NAME = "Retain/recognise/restore/swap summary (保留/认定/恢复/置换一批汇总)"
    GROUP_ID = "farmland"
    ICON = "classification.svg"
    GROUP_NAME = "Cultivated land"
    HELP = (
        "Sums the area of a classified layer by category and code of the 保留/认定/恢复/置换一批 code table (设置 ▸ "
        "保留/认定/恢复/置换代码表), in 亩 and 万亩, with and without the deduction coefficient, and by slope grade 1–5. The area "
        "is the layer's official parcel area when it has one, otherwise the ellipsoidal (CGCS2000) area of the "
        "geometry. Subtotals and the total are sums of the rounded code rows. Codes missing from the table are "
        "listed under 未识别代码."
    )

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", tr("Classified layer"), [QgsProcessing.TypeVector]))
        self.add_field_params("farmland_classification", "INPUT", KEYS, {k: tr(v) for k, v in LABELS.items()})
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", tr("Classification summary"), QgsProcessing.TypeVector))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API name)
        skip_invalid_geometry_check(context)
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(tr("The classified layer is required."))
        table = classification.CodeTable.load(settings.user_config_dir())
        has_geometry = QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.NullGeometry
        crs = work_crs([source], context, feedback) if has_geometry else None
        data = read_source(source, "farmland_classification", context, feedback, crs,
                           self.chosen_fields(parameters, context, KEYS), tr("Classified layer"))
        feedback.pushInfo(tr("Classification code field: {0}.").format(data.names["code"]))
        area = data.numbers("area")
        missing = ~np.isfinite(area)
        if missing.any():
            if data.geoms is None:
                raise QgsProcessingException(
                    tr("{0} features have no area field value and the layer has no geometry.").format(
                        int(missing.sum())))
            feedback.pushInfo(tr("{0} features without an area value: ellipsoidal area used.").format(
                int(missing.sum())))
            geoms = data.geoms.copy()
            geoms[~missing] = None
            area = np.where(missing, ellipsoidal_areas(geoms, crs, context), area)
        coef = data.numbers("coef", 0.0) if data.names.has("coef") else None
        grades = data.column("slope") if data.names.has("slope") else None
        rows = classification.summarize(data.column("code"), area, coef, grades, table)
        self.check_cancel(feedback)

        grade_keys = table.grades + [classification.NO_GRADE]
        out = table_fields(grade_keys)
        fields = output_fields(None, out)
        values = []
        for r in rows:
            row = [r.category, r.code, r.name, r.count, r.area_m2, r.area_mu, r.area_wanmu, r.net_mu, r.net_wanmu]
            for g in grade_keys:
                row += [r.grade_mu[g], r.grade_net_mu[g]]
            values.append(row)
        dest_id = self.write_output(parameters, "OUTPUT", context, feedback, fields, QgsWkbTypes.NoGeometry,
                                    source.sourceCrs(), values, None)
        self.style_output(context, dest_id, None, aliases(out))
        total = rows[-1]
        feedback.pushInfo(tr("Total: {0} features, {1:.2f} 亩 ({2:.4f} 万亩).").format(
            total.count, total.area_mu, total.area_wanmu))
        return {"OUTPUT": dest_id}
