"""Result layers loaded into the project get the shipped categorized style and keep their aliases."""
from __future__ import annotations

import glob
import os
import re

import pytest
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)

from conftest import ROOT, SAMPLE_GPKG
from land_supervision.processing.layers import FIELD_TYPES

STYLE_DIR = os.path.join(ROOT, "resources", "styles")

# style -> (field, OutField kind, {value written by the algorithm: category value expected})
CASES = {
    "restoration": ("status", "string", {"已恢复": "已恢复", "部分恢复": "部分恢复", "未恢复": "未恢复"}),
    "restoration_pieces": ("counted", "int", {1: 1, 0: 0}),
    "balance_flows": ("flow", "string", {"流出": "流出", "流入": "流入"}),
    "farmland_outflow": ("status", "string", {v: v for v in (
        "疑似违法占用耕地", "部分合规", "疑似违规", "待核实", "纳入进出平衡", "合规")}),
    "mines": ("status", "string", {"未修复": "未修复", "修复中": "修复中", "已修复(待验收)": "已修复(待验收)",
                                   "已验收": "已验收"}),
    "closed_mines": ("all_three", "string", {"是": "是", "否": "否", "待核实": "待核实"}),
    # idle land: tiers read from the advice text (government advice carries the Art. 12 options)
    "idle_land": ("advice", "string", {
        "疑似闲置-无偿收回": "recovery",
        "疑似闲置-征缴土地闲置费": "fee",
        "疑似闲置-政府原因-协商处置(延长动工开发期限、安排临时使用)": "government",
        "疑似闲置-不可抗力-协商处置(延长动工开发期限)": "government",
        "疑似闲置-未满征缴年限,继续监管": "below_fee",
        "": "none",
    }),
}


def hand_made(field: str, kind, values) -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:4526", "result", "memory")
    layer.dataProvider().addAttributes([QgsField(field, FIELD_TYPES[kind])])
    layer.updateFields()
    features = []
    for i, value in enumerate(values):
        feature = QgsFeature(layer.fields())
        feature.setAttribute(0, value)
        feature.setGeometry(QgsGeometry.fromWkt(
            "POLYGON(({0} 0, {1} 0, {1} 10, {0} 10, {0} 0))".format(38500000 + 20 * i, 38500010 + 20 * i)))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def category_of(layer, renderer, feature):
    """The value the renderer classifies a feature by (a field or an expression)."""
    attribute = renderer.classAttribute()
    index = layer.fields().indexOf(attribute)
    if index >= 0:
        return feature[index]
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(feature)
    return QgsExpression(attribute).evaluate(context)


@pytest.mark.parametrize("style", sorted(CASES))
def test_style_applied_by_post_processor(qgis_app, style):
    from land_supervision.processing import postprocess

    field, kind, values = CASES[style]
    layer = hand_made(field, kind, list(values))
    postprocess.styler(style, {field: "中文别名"}).postProcessLayer(layer, QgsProcessingContext(), QgsProcessingFeedback())
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol"
    categories = {str(c.value()) for c in renderer.categories()}  # the renderer matches values as text
    assert {str(v) for v in values.values()} <= categories
    for feature in layer.getFeatures():
        assert str(category_of(layer, renderer, feature)) == str(values[feature[field]])
    assert layer.attributeAlias(0) == "中文别名"  # loading the style kept the alias


def test_every_style_an_algorithm_names_is_shipped():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "processing", "*.py")):
        with open(path, encoding="utf-8") as handle:
            names.update(re.findall(r"style_output\([^,]+,[^,]+,\s*\"(\w+)\"", handle.read()))
    assert names, "no algorithm asks for a style"
    missing = [n for n in names if not os.path.exists(os.path.join(STYLE_DIR, n + ".qml"))]
    assert not missing


# algorithm, its inputs (sample layers), the styled field, its categories and its alias
LOADED = [
    ("closedmines", {"INPUT": "closed_mines", "SURVEY": "dltb_2024"}, "all_three", {"是", "否", "待核实"}, "三到位"),
    ("farmlandrestoration", {"INPUT": "restoration_tasks", "SURVEY": "dltb_2024"}, "status",
     {"已恢复", "部分恢复", "未恢复"}, "恢复状态"),
]


@pytest.mark.parametrize("alg, inputs, field, categories, alias", LOADED, ids=[c[0] for c in LOADED])
def test_algorithm_output_loaded_into_project_is_styled(provider, alg, inputs, field, categories, alias):
    """runAndLoadResults goes through the algorithm's post-processor, as the toolbox does."""
    import processing

    project = QgsProject.instance()
    project.removeAllMapLayers()
    params = {key: SAMPLE_GPKG + "|layername=" + name for key, name in inputs.items()}
    results = processing.runAndLoadResults("landsupervision:" + alg, dict(params, OUTPUT="TEMPORARY_OUTPUT"))
    layer = project.mapLayer(results["OUTPUT"])
    assert layer is not None
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == field
    assert {c.value() for c in renderer.categories()} == categories
    assert layer.labelsEnabled()
    assert layer.attributeAlias(layer.fields().indexOf(field)) == alias
    values = {f[field] for f in layer.getFeatures()}
    assert values and values <= categories
    project.removeAllMapLayers()


def map_labels(layer):
    settings = layer.labeling().settings()
    assert settings.isExpression
    expression = QgsExpression(settings.fieldName)
    labels = []
    for feature in layer.getFeatures():
        context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
        context.setFeature(feature)
        labels.append((feature, expression.evaluate(context)))
    return labels


def test_map_labels_are_short_and_say_what_to_act_on(provider):
    """Idle land: the tier, not the whole advice; closed mines: the name and the failing checks; mines: the
    status with 清零优先 under it."""
    import processing

    def loaded(alg, inputs, **extra):
        project = QgsProject.instance()
        project.removeAllMapLayers()
        params = {key: SAMPLE_GPKG + "|layername=" + name for key, name in inputs.items()}
        results = processing.runAndLoadResults("landsupervision:" + alg,
                                               dict(params, OUTPUT="TEMPORARY_OUTPUT", **extra))
        return project.mapLayer(results["OUTPUT"])

    idle = map_labels(loaded("idlelandscreening", {"INPUT": "supply_records"}, AS_OF_DATE="2026-11-22"))
    tiers = {label for _f, label in idle if label}
    assert tiers and tiers <= {"无偿收回", "征缴闲置费", "政府原因", "不可抗力", "未满征缴年限"}
    assert all(label is None for f, label in idle if f["suspected"] == "否")
    closed = map_labels(loaded("closedmines", {"INPUT": "closed_mines", "SURVEY": "dltb_2024"}))
    for feature, label in closed:
        assert label.startswith(feature["KSMC"])
        failing = ["{0}{1}".format(name, feature[field]) for field, name in (
            ("chk_licence", "证照"), ("chk_facility", "设施"), ("chk_restore", "修复")) if feature[field] != "是"]
        assert label.split("\n")[1:] == (["、".join(failing)] if failing else [])
    mines = map_labels(loaded("minerehabilitation", {"INPUT": "mine_patches", "SURVEY": "dltb_2024",
                                                     "RED_LINE": "red_line", "BASIC_FARMLAND": "basic_farmland"},
                              OUTPUT_SUMMARY="TEMPORARY_OUTPUT"))
    assert any(label.endswith("\n清零优先") for _f, label in mines)
    assert all(label == f["status"] for f, label in mines if not f["priority"])
    QgsProject.instance().removeAllMapLayers()


def test_loaded_result_keeps_input_aliases_and_shows_status_first(provider):
    """A project layer's Chinese aliases survive the run; the status and flags follow the key field."""
    import processing

    project = QgsProject.instance()
    project.removeAllMapLayers()
    tasks = QgsVectorLayer(SAMPLE_GPKG + "|layername=restoration_tasks", "tasks", "ogr")
    tasks.setFieldAlias(tasks.fields().indexOf("RWBH"), "任务编号")
    tasks.setFieldAlias(tasks.fields().indexOf("ZRDW"), "责任单位")
    project.addMapLayer(tasks)
    results = processing.runAndLoadResults("landsupervision:farmlandrestoration", {
        "INPUT": tasks.id(), "SURVEY": SAMPLE_GPKG + "|layername=dltb_2024", "OUTPUT": "TEMPORARY_OUTPUT"})
    layer = project.mapLayer(results["OUTPUT"])
    fields = layer.fields()
    assert fields.field("RWBH").alias() == "任务编号" and fields.field("ZRDW").alias() == "责任单位"
    assert fields.field("status").alias() == "恢复状态"
    shown = [c.name for c in layer.attributeTableConfig().columns() if c.name and c.name != "fid"]
    assert shown[:3] == ["RWBH", "status", "flags"] and sorted(shown) == sorted(n for n in fields.names() if n != "fid")
    project.removeAllMapLayers()


def test_a_table_result_loads_without_a_style_error(provider):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    class Feedback(QgsProcessingFeedback):
        warnings = []

        def pushWarning(self, text):  # noqa: N802 (QGIS API name)
            self.warnings.append(text)

    feedback = Feedback()
    project = QgsProject.instance()
    project.removeAllMapLayers()
    results = processing.runAndLoadResults("landsupervision:idlelandscreening", {
        "INPUT": SAMPLE_GPKG + "|layername=supply_records_table", "AS_OF_DATE": "2026-11-22",
        "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback, context=QgsProcessingContext())
    layer = project.mapLayer(results["OUTPUT"])
    assert layer is not None and not layer.isSpatial()
    assert not [w for w in feedback.warnings if "style" in w.lower() or "geometry" in w.lower()]
    assert layer.fields().field("suspected").alias() == "是否疑似闲置"
    project.removeAllMapLayers()
