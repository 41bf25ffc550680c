"""landsupervision:exportatlas — the verification atlas (核查图册) as one PDF, through a QGIS print layout atlas.

One atlas over a page table: per group (township by default) an overview page (its items coloured by
期限状态 and labelled), then one page per item (its map with scale bar and north arrow, its ledger
fields, the coordinates of its centre). The layout lives in a project of its own, so the user's
project is untouched, and the algorithm runs the same in the toolbox, batch mode, models and
qgis_process. Page plan and texts: core/atlas.
"""
from __future__ import annotations

import os
import tempfile
from datetime import date

import numpy as np
import shapely
from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsPrintLayout,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProject,
    QgsRectangle,
    QgsRendererCategory,
    QgsRuleBasedRenderer,
    QgsScaleBarSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont

from .. import settings
from ..core import atlas, chase, regions
from ..translate import tr
from . import ledger_items
from . import region_names as region_table
from .base import ICON_DIR, LandSupervisionAlgorithm
from .layers import LayerData, py_value, work_crs

PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape, mm
MAP_X, MAP_Y, MAP_W, MAP_H = 10.0, 22.0, 190.0, 178.0
SIDE_X, SIDE_W = 206.0, 81.0
LEGEND_H = 40.0  # the legend's five classes with its title
LONLAT = "EPSG:4490"
MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
# Layers of the user's project are drawn: rendering stays on the main thread (QGIS 3.22: the old flag name).
NO_THREADING = (Qgis.ProcessingAlgorithmFlag.NoThreading if hasattr(Qgis, "ProcessingAlgorithmFlag")
                else QgsProcessingAlgorithm.FlagNoThreading)


def _font(item, size: float, bold: bool = False) -> None:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    if hasattr(item, "setTextFormat"):  # QGIS >= 3.24; setFont is gone in 4.x
        text_format = QgsTextFormat.fromQFont(font)
        text_format.setSize(size)
        item.setTextFormat(text_format)
    else:
        item.setFont(font)


def _label(layout, text: str, x: float, y: float, w: float, h: float, size: float, bold: bool = False,
           align=Qt.AlignmentFlag.AlignLeft) -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setText(text)
    _font(label, size, bold)
    label.setHAlign(align)
    label.setVAlign(Qt.AlignmentFlag.AlignTop)
    layout.addLayoutItem(label)
    label.attemptMove(QgsLayoutPoint(x, y, MM))
    label.attemptResize(QgsLayoutSize(w, h, MM))
    return label


def _with_aspect(extent: QgsRectangle, aspect: float) -> QgsRectangle:
    """``extent`` grown around its centre to width/height = ``aspect`` (a null extent becomes a unit box)."""
    width, height = max(extent.width(), 1.0), max(extent.height(), 1.0)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    centre = extent.center()
    return QgsRectangle(centre.x() - width / 2, centre.y() - height / 2, centre.x() + width / 2,
                        centre.y() + height / 2)


def data_names(data: LayerData):
    """Region names the layer carries beside its codes (core.regions.NAMED_CODES), first pair first."""
    def column(name):
        index = data.fields.indexOf(name)
        return [py_value(row[index]) for row in data.rows]

    return regions.lookup(*(regions.from_data(column(code), column(name))
                            for code, name in regions.name_fields(data.fields.names())))


class ExportAtlas(LandSupervisionAlgorithm):
    NAME = "exportatlas"
    DISPLAY_NAME = "Verification atlas (核查图册, PDF)"
    GROUP_ID = "ledgers"
    GROUP_NAME = "Ledgers"
    ICON = "atlas.svg"
    HELP = (
        "Writes a PDF atlas to take into the field and into meetings: for each group (the field chosen to group "
        "pages by; empty = the township of the admin code) an overview page with its items coloured by 期限状态 (逾期, 临期, "
        "正常, 已完成, 无期限) and labelled with their 图斑编号, a legend and the counts; then one page per item with its map "
        "(scale bar, north arrow), its ledger fields and the coordinates of its centre (in the map's CRS and in "
        "CGCS2000 longitude/latitude).\n"
        "Ledger items: any ledger layer with polygons (an analysis result, a ledger store's items); fields are found "
        "by the ledger names (整改时限/ZGSX/WCQX, 整改状态/ZGZT, 图斑编号/TBBH/RWBH …). Background layers are drawn under the "
        "items (e.g. the survey's DLTB). Groups are named from the region names table, then from the table and names "
        "in 设置 ▸ 行政区名称, then from the names the layer carries beside its codes (ZLDWMC, XZQMC), then from the names "
        "shipped with the plugin; a group without a name shows its code.\n"
        "Built with a QGIS print layout and its atlas, so it runs in batch mode and models. An existing PDF is "
        "replaced only when 覆盖已有文件 is ticked."
    )

    BACKGROUND = "BACKGROUND"
    REGIONS = "REGIONS"
    TITLE = "TITLE"
    OVERWRITE = "OVERWRITE"
    OUTPUT = "OUTPUT"
    PAGES = "PAGES"

    def flags(self):
        return super().flags() | NO_THREADING

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            ledger_items.INPUT, tr("Ledger items (polygons)"), ledger_items.INPUT_TYPES))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.BACKGROUND, tr("Background layers (e.g. the survey)"), optional=True))
        ledger_items.add_common_params(self, tr("Group pages by"),
                                       tr("A field; empty = the township of the admin code."))
        region_table.add_parameter(self, self.REGIONS)
        self.addParameter(QgsProcessingParameterString(
            self.TITLE, tr("Title"), defaultValue="核查图册"))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace an existing file"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, tr("Atlas PDF"), fileFilter=tr("PDF file (*.pdf)")))
        self.addOutput(QgsProcessingOutputNumber(self.PAGES, tr("Pages")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        source = self.parameterAsSource(parameters, ledger_items.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, ledger_items.INPUT))
        target = self.target(parameters, context)
        crs = work_crs([source], context, feedback)
        data, items, _ = ledger_items.read_items(self, parameters, context, feedback, source, True, None, crs)
        if not items:
            raise QgsProcessingException(tr("The input layer has no features: there is nothing to draw."))
        geoms = data.geoms
        missing = [item.key for item in items if shapely.is_missing(geoms[item.index]) or
                   shapely.is_empty(geoms[item.index])]
        if missing:
            feedback.pushWarning(tr("{0} items have no geometry and get a page without a map: {1}").format(
                len(missing), ", ".join(missing[:10])))
        names = region_table.names(self, parameters, context, feedback, data_names(data), parameter=self.REGIONS)
        words = chase.status_words()
        details = self.item_texts(items, geoms, crs, context)
        title = self.parameterAsString(parameters, self.TITLE, context).strip() or "核查图册"
        pages = atlas.plan_pages(items, title, names, words, details)
        feedback.pushInfo(tr("{0} pages: {1} groups, {2} items.").format(
            len(pages), sum(1 for p in pages if p.kind == atlas.OVERVIEW), len(items)))
        self.check_cancel(feedback)

        project = QgsProject()
        project.setCrs(crs)
        items_layer = self.items_layer(items, geoms, crs)
        coverage = self.coverage_layer(pages, geoms, crs)
        project.addMapLayers([items_layer, coverage], False)
        background = self.parameterAsLayerList(parameters, self.BACKGROUND, context)
        layout = self.layout(project, coverage, items_layer, background, crs, title,
                             ledger_items.as_of(self, parameters, context))
        self.export(layout, target, feedback)
        return {self.OUTPUT: target, self.PAGES: len(pages)}

    # -- inputs ----------------------------------------------------------------
    def target(self, parameters, context) -> str:
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        path = os.path.abspath(path)
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            raise QgsProcessingException(tr("The folder {0} does not exist.").format(folder))
        if os.path.exists(path) and not self.parameterAsBoolean(parameters, self.OVERWRITE, context):
            raise QgsProcessingException(tr("{0} already exists; choose another name or allow replacing it.")
                                         .format(path))
        return path

    @staticmethod
    def item_texts(items, geoms, crs, context):
        """Each item page's text: its ledger fields and its centre (inside the polygon) in two CRSs."""
        centroids = shapely.centroid(geoms)
        inside = shapely.contains(geoms, centroids)
        centres = np.where(inside, centroids, shapely.point_on_surface(geoms))
        to_lonlat = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(LONLAT), context.transformContext())
        texts = {}
        for item in items:
            point = centres[item.index]
            xy = lonlat = None
            if point is not None and not shapely.is_empty(point):
                xy = (shapely.get_x(point), shapely.get_y(point))
                geo = to_lonlat.transform(QgsPointXY(*xy))
                lonlat = (geo.x(), geo.y())
            texts[item.index] = atlas.item_details(item, xy, lonlat, crs.authid())
        return texts

    # -- layers ----------------------------------------------------------------
    @staticmethod
    def _memory(kind: str, name: str, fields: str, crs) -> QgsVectorLayer:
        layer = QgsVectorLayer(f"{kind}?crs={crs.authid() or 'EPSG:4490'}&{fields}", name, "memory")
        if not crs.authid():
            layer.setCrs(crs)
        return layer

    def items_layer(self, items, geoms, crs) -> QgsVectorLayer:
        """The items coloured by 期限状态 and labelled with their key."""
        layer = self._memory("MultiPolygon", tr("Items"), "field=key:string&field=state:string&field=role:string",
                             crs)
        features = []
        for item in items:
            feature = QgsFeature(layer.fields())
            feature.setAttributes([item.key, item.state, item.role])
            feature.setGeometry(self._geometry(geoms[item.index]))
            features.append(feature)
        if not layer.dataProvider().addFeatures(features)[0]:
            raise QgsProcessingException(tr("The atlas layer {0} could not be filled: {1}").format(
                layer.name(), layer.dataProvider().lastError()))
        layer.updateExtents()
        colours = settings.load("chasing")["atlas_colours"]
        words = chase.status_words()
        categories = []
        for role in atlas.ROLE_ORDER:
            symbol = QgsFillSymbol.createSimple({
                "color": colours.get(role, "#9e9e9e"), "outline_color": "#202020", "outline_width": "0.3"})
            symbol.setOpacity(0.75)
            categories.append(QgsRendererCategory(role, symbol, words[role]))
        layer.setRenderer(QgsCategorizedSymbolRenderer("role", categories))
        labels = QgsPalLayerSettings()
        labels.fieldName = "key"
        text = QgsTextFormat()
        text.setSize(8)
        text.buffer().setEnabled(True)
        text.buffer().setSize(0.8)
        labels.setFormat(text)
        layer.setLabeling(QgsVectorLayerSimpleLabeling(labels))
        layer.setLabelsEnabled(True)
        return layer

    def coverage_layer(self, pages, geoms, crs) -> QgsVectorLayer:
        """One feature per page (atlas coverage); drawn only as the outline of the current item."""
        layer = self._memory(
            "MultiPolygon", tr("Pages"),
            "field=page:integer&field=kind:string(0)&field=title:string(0)&field=details:string(0)"
            "&field=key:string(0)", crs)  # (0): no length limit
        features = []
        for number, page in enumerate(pages, 1):
            shapes = geoms[page.items]
            shapes = shapes[~(shapely.is_missing(shapes) | shapely.is_empty(shapes))]
            feature = QgsFeature(layer.fields())
            feature.setAttributes([number, page.kind, page.title, page.details, page.key])
            if len(shapes):
                box = shapely.box(*shapely.total_bounds(shapes))
                feature.setGeometry(self._geometry(box if page.kind == atlas.OVERVIEW else shapes[0]))
            features.append(feature)
        if not layer.dataProvider().addFeatures(features)[0]:
            raise QgsProcessingException(tr("The atlas layer {0} could not be filled: {1}").format(
                layer.name(), layer.dataProvider().lastError()))
        layer.updateExtents()
        outline = QgsFillSymbol.createSimple({"style": "no", "outline_color": "#000000", "outline_width": "1.2"})
        root = QgsRuleBasedRenderer.Rule(None)
        root.appendChild(QgsRuleBasedRenderer.Rule(outline, 0, 0, "\"kind\" = 'item' AND $id = @atlas_featureid"))
        layer.setRenderer(QgsRuleBasedRenderer(root))
        return layer

    @staticmethod
    def _geometry(shape) -> QgsGeometry:
        geometry = QgsGeometry()
        if shape is not None and not shapely.is_empty(shape):
            geometry.fromWkb(shapely.to_wkb(shape))
            geometry.convertToMultiType()  # the memory layers are MultiPolygon
        return geometry

    # -- layout ----------------------------------------------------------------
    def layout(self, project, coverage, items_layer, background, crs, title: str, as_of: date) -> QgsPrintLayout:
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()
        layout.setName(title)
        layout.pageCollection().page(0).setPageSize("A4", QgsLayoutItemPage.Orientation.Landscape)
        _label(layout, '[% "title" %]', MAP_X, 6, PAGE_W - 2 * MAP_X, 12, 16, True, Qt.AlignmentFlag.AlignHCenter)
        map_item = QgsLayoutItemMap(layout)
        layout.addLayoutItem(map_item)
        map_item.attemptMove(QgsLayoutPoint(MAP_X, MAP_Y, MM))
        map_item.attemptResize(QgsLayoutSize(MAP_W, MAP_H, MM))
        map_item.setCrs(crs)
        map_item.setLayers([coverage, items_layer] + [layer for layer in background if layer is not None])
        map_item.setKeepLayerSet(True)
        map_item.setFrameEnabled(True)
        map_item.setAtlasDriven(True)
        map_item.setAtlasScalingMode(QgsLayoutItemMap.AtlasScalingMode.Auto)
        map_item.setAtlasMargin(float(settings.load("chasing").get("atlas_margin", 0.25)))
        # The atlas keeps the aspect of the map's extent: start from one with the item's own aspect.
        map_item.setExtent(_with_aspect(coverage.extent(), MAP_W / MAP_H))

        arrow = QgsLayoutItemPicture(layout)
        arrow.setPicturePath(os.path.join(ICON_DIR, "north_arrow.svg"))
        arrow.setLinkedMap(map_item)
        layout.addLayoutItem(arrow)
        arrow.attemptMove(QgsLayoutPoint(MAP_X + MAP_W - 14, MAP_Y + 3, MM))
        arrow.attemptResize(QgsLayoutSize(10, 15, MM))

        bar = QgsLayoutItemScaleBar(layout)
        bar.setStyle("Single Box")
        bar.setLinkedMap(map_item)
        bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceMeters)
        bar.setUnitLabel("m")
        bar.setNumberOfSegments(2)
        bar.setNumberOfSegmentsLeft(0)
        bar.setSegmentSizeMode(Qgis.ScaleBarSegmentSizeMode.FitWidth if hasattr(Qgis, "ScaleBarSegmentSizeMode")
                               else QgsScaleBarSettings.SegmentSizeFitWidth)
        bar.setMinimumBarWidth(25)
        bar.setMaximumBarWidth(50)
        layout.addLayoutItem(bar)
        bar.attemptMove(QgsLayoutPoint(MAP_X + 3, MAP_Y + MAP_H - 14, MM))
        bar.setBackgroundEnabled(True)

        legend = QgsLayoutItemLegend(layout)
        legend.setTitle("期限状态")
        legend.setAutoUpdateModel(False)
        legend.setLinkedMap(map_item)
        root = legend.model().rootGroup()
        root.clear()
        node = root.addLayer(items_layer)
        QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Style.Hidden)  # the title says what the colours mean
        legend.setSymbolHeight(3.5)
        legend.setSymbolWidth(6)
        layout.addLayoutItem(legend)
        legend.attemptMove(QgsLayoutPoint(SIDE_X, MAP_Y, MM))

        _label(layout, '[% "details" %]', SIDE_X, MAP_Y + LEGEND_H, SIDE_W, MAP_H - LEGEND_H, 8.5)
        footer = (f"{title}    截止日期：{as_of.isoformat()}    "
                  "第 [% @atlas_featurenumber %] 页 / 共 [% @atlas_totalfeatures %] 页")
        _label(layout, footer, MAP_X, PAGE_H - 9, PAGE_W - 2 * MAP_X, 6, 8, align=Qt.AlignmentFlag.AlignHCenter)

        layout_atlas = layout.atlas()
        layout_atlas.setCoverageLayer(coverage)
        layout_atlas.setEnabled(True)
        layout_atlas.setHideCoverage(False)
        layout_atlas.setSortFeatures(True)
        layout_atlas.setSortExpression('"page"')
        layout_atlas.setPageNameExpression('"title"')
        return layout

    @staticmethod
    def export(layout, target: str, feedback) -> None:
        """The whole atlas into one PDF, through a temporary file renamed at the end."""
        pdf = QgsLayoutExporter.PdfExportSettings()
        pdf.dpi = 150
        pdf.rasterizeWholeImage = False
        pdf.textRenderFormat = Qgis.TextRenderFormat.AlwaysText  # searchable, copyable text
        folder, name = os.path.split(target)
        fd, temp = tempfile.mkstemp(prefix=".~" + name + ".", suffix=".pdf", dir=folder)
        os.close(fd)
        try:
            result, error = QgsLayoutExporter.exportToPdf(layout.atlas(), temp, pdf, feedback)
            if feedback.isCanceled():
                raise QgsProcessingException(tr("Cancelled: nothing was written."))
            if result != QgsLayoutExporter.ExportResult.Success:
                raise QgsProcessingException(tr("The atlas could not be written to {0}: {1}").format(
                    target, error or result))
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.remove(temp)
