"""Write the shipped layer styles (resources/styles/*.qml) with the QGIS API.

Result styles are categorized on the output fields the algorithms write (the values are the
default labels of resources/config/*.json); sample_* styles dress the sample county layers.
Results are drawn hatched with a bold outline: a user looks at them over the survey (DLTB), whose pale
solid land-class fills must stay readable and must not be mistaken for a status; grey classes (nothing to
act on) are outlines only. Labels are short: a tier, a status, a mine's name and what it fails.
Usage: python scripts/make_styles.py   (re-run after changing a colour here; commit the .qml)
"""
from __future__ import annotations

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STYLE_DIR = os.path.join(ROOT, "resources", "styles")

# name -> (classification expression, [(value, label, fill, outline)], label expression or None)
RESULTS = {
    "restoration": ("status", [
        ("已恢复", "已恢复", "#4caf50", "#1b5e20"),
        ("部分恢复", "部分恢复", "#ffc107", "#a06b00"),
        ("未恢复", "未恢复", "#e53935", "#7f0000"),
    ], '"status"'),
    "restoration_pieces": ("counted", [
        (1, "计入恢复面积", "#81c784", "#2e7d32"),
        (0, "不计入(非耕地或碎片)", "#bdbdbd", "#616161"),
    ], None),
    "balance_flows": ("flow", [
        ("流出", "耕地流出", "#e53935", "#7f0000"),
        ("流入", "耕地流入", "#43a047", "#1b5e20"),
    ], '"group"'),
    "farmland_outflow": ("status", [
        ("疑似违法占用耕地", "疑似违法占用耕地", "#d32f2f", "#7f0000"),
        ("部分合规", "部分合规", "#fb8c00", "#a05500"),
        ("疑似违规", "疑似违规", "#8e24aa", "#4a148c"),
        ("待核实", "待核实", "#bdbdbd", "#616161"),
        ("纳入进出平衡", "纳入进出平衡", "#fdd835", "#a08000"),
        ("合规", "合规", "#43a047", "#1b5e20"),
    ], '"status"'),
    "idle_land": (
        "CASE WHEN \"advice\" LIKE '%无偿收回%' THEN 'recovery' "
        "WHEN \"advice\" LIKE '%闲置费%' THEN 'fee' "
        "WHEN \"advice\" LIKE '%政府原因%' OR \"advice\" LIKE '%不可抗力%' THEN 'government' "
        "WHEN \"advice\" LIKE '%继续监管%' THEN 'below_fee' "
        "ELSE 'none' END", [
            ("recovery", "疑似闲置-无偿收回(满两年)", "#8b0000", "#4a0000"),
            ("fee", "疑似闲置-征缴土地闲置费(满一年)", "#ff8c00", "#a05500"),
            ("government", "疑似闲置-政府原因/不可抗力", "#1e88e5", "#0d47a1"),
            ("below_fee", "疑似闲置-未满征缴年限", "#ffd54f", "#a08000"),
            ("none", "非疑似闲置", None, "#8a8a8a"),
        ], "CASE WHEN \"advice\" LIKE '%无偿收回%' THEN '无偿收回' WHEN \"advice\" LIKE '%闲置费%' THEN '征缴闲置费' "
           "WHEN \"advice\" LIKE '%政府原因%' THEN '政府原因' WHEN \"advice\" LIKE '%不可抗力%' THEN '不可抗力' "
           "WHEN \"advice\" LIKE '%继续监管%' THEN '未满征缴年限' END"),
    "mines": ("status", [
        ("未修复", "未修复", "#e53935", "#7f0000"),
        ("修复中", "修复中", "#ffb300", "#a06b00"),
        ("已修复(待验收)", "已修复(待验收)", "#9ccc65", "#33691e"),
        ("已验收", "已验收", "#2e7d32", "#1b5e20"),
    ], "\"status\" || CASE WHEN coalesce(\"priority\", '') <> '' THEN '\n' || \"priority\" ELSE '' END"),
    "closed_mines": ("all_three", [
        ("是", "三到位", "#43a047", "#1b5e20"),
        ("否", "未达到三到位", "#e53935", "#7f0000"),
        ("待核实", "待核实", None, "#616161"),
    ], "coalesce(attribute('KSMC'), attribute('ksmc'), attribute('矿山名称'), '') || "
       "CASE WHEN \"all_three\" = '是' THEN '' ELSE '\n' || array_to_string(array_filter(array("
       "CASE WHEN \"chk_licence\" <> '是' THEN '证照' || \"chk_licence\" END, "
       "CASE WHEN \"chk_facility\" <> '是' THEN '设施' || \"chk_facility\" END, "
       "CASE WHEN \"chk_restore\" <> '是' THEN '修复' || \"chk_restore\" END), @element IS NOT NULL), '、') END"),
}

DLTB_GROUPS = [
    ("01", "耕地", "#f5e37a"), ("02", "种植园用地", "#e8a658"), ("03", "林地", "#5fa83a"),
    ("04", "草地", "#b7d98b"), ("05", "商业服务业用地", "#e87a7a"), ("06", "工矿用地", "#b5651d"),
    ("07", "住宅用地", "#e04f5f"), ("08", "公共管理与公共服务用地", "#f08ac0"), ("09", "特殊用地", "#8e6c8a"),
    ("10", "交通运输用地", "#bcbcbc"), ("11", "水域及水利设施用地", "#7fb8e6"), ("12", "其他土地", "#e5d8c3"),
]

# name -> (fill colour or None for outline only, outline colour, outline width mm, label expression)
SAMPLES = {
    "restoration_tasks": (None, "#ff6f00", 0.8, None),
    "supply_records": ("179,157,219,128", "#5e35b1", 0.5, None),
    "mine_patches": ("161,136,127,153", "#4e342e", 0.5, None),
    "closed_mines": (None, "#b71c1c", 0.8, None),
    "mining_blocks": (None, "#1565c0", 0.6, '"KQMC"'),
    "monitoring_patches": (None, "#d81b60", 0.6, None),
    "basic_farmland": ("255,235,59,90", "#c0a000", 0.3, None),
    "red_line": (None, "#e53935", 1.0, None),
}


def label_settings(expression):
    from qgis.core import QgsPalLayerSettings, QgsTextBufferSettings, QgsTextFormat, QgsVectorLayerSimpleLabeling
    from qgis.PyQt.QtGui import QColor

    text = QgsTextFormat()
    text.setSize(8)
    text.setColor(QColor("#202020"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    settings.setFormat(text)
    settings.placement = QgsPalLayerSettings.OverPoint
    return QgsVectorLayerSimpleLabeling(settings)


def fill(colour, outline, width=0.4, style="solid"):
    from qgis.core import QgsFillSymbol

    return QgsFillSymbol.createSimple({
        "color": colour or "0,0,0,0", "style": style if colour else "no",
        "outline_color": outline, "outline_width": str(width), "outline_width_unit": "MM"})


def save(renderer, name, labels=None, opacity=1.0):
    from qgis.core import QgsMapLayer, QgsVectorLayer

    layer = QgsVectorLayer("Polygon?crs=EPSG:4526", name, "memory")
    layer.setRenderer(renderer)
    layer.setOpacity(opacity)
    if labels is not None:
        layer.setLabeling(label_settings(labels))
        layer.setLabelsEnabled(True)
    path = os.path.join(STYLE_DIR, name + ".qml")
    # Symbology and labels only: loading the style must not reset the output's field aliases.
    categories = QgsMapLayer.Symbology | QgsMapLayer.Labeling | QgsMapLayer.Rendering
    message, ok = layer.saveNamedStyle(path, categories)
    if not ok:
        raise RuntimeError(message)
    print("wrote", os.path.relpath(path, ROOT))


def categorized(expression, classes, width=0.4, style="solid"):
    from qgis.core import QgsCategorizedSymbolRenderer, QgsRendererCategory

    return QgsCategorizedSymbolRenderer(expression, [
        QgsRendererCategory(value, fill(colour, outline, width, style), label)
        for value, label, colour, outline in classes])


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsSingleSymbolRenderer

    app = QgsApplication([], False)
    app.initQgis()
    os.makedirs(STYLE_DIR, exist_ok=True)
    for name, (expression, classes, labels) in RESULTS.items():
        save(categorized(expression, classes, width=0.7, style="b_diagonal"), name, labels)
    dltb = categorized('left("DLBM", 2)', [(code, code + " " + label, colour, "#9e9e9e")
                                           for code, label, colour in DLTB_GROUPS], width=0.1)
    save(dltb, "sample_dltb", opacity=0.55)  # a pale land-use base, so that result colours stand out
    for name, (colour, outline, width, labels) in SAMPLES.items():
        save(QgsSingleSymbolRenderer(fill(colour, outline, width)), "sample_" + name, labels)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
