"""Load the bundled sample county into a new layer-tree group, styled."""
from __future__ import annotations

import os

from osgeo import ogr
from qgis.core import QgsProject, QgsVectorLayer

from ..translate import tr

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE_GPKG = os.path.join(PLUGIN_DIR, "sample_data", "sample_county.gpkg")
STYLE_DIR = os.path.join(PLUGIN_DIR, "resources", "styles")

# Drawing order, top first; layers not listed follow, tables last.
ORDER = ("closed_mines", "mine_patches", "mining_blocks", "supply_records", "monitoring_patches",
         "restoration_tasks", "red_line", "basic_farmland", "dltb_2024", "dltb_2023")
HIDDEN = ("dltb_2023", "red_line")


def layer_names(path: str):
    source = ogr.Open(path)
    if source is None:
        raise FileNotFoundError(path)
    names = [source.GetLayerByIndex(i).GetName() for i in range(source.GetLayerCount())]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(names, key=lambda name: rank.get(name, len(rank)))


def style_for(name: str) -> str:
    """resources/styles/sample_<name>.qml; both DLTB years share sample_dltb.qml."""
    key = "dltb" if name.startswith("dltb") else name
    return os.path.join(STYLE_DIR, "sample_{0}.qml".format(key))


def load_sample_county(canvas=None, path: str = SAMPLE_GPKG):
    """Add every layer of the sample GeoPackage to a new group at the top of the layer tree."""
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    project = QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, tr("Sample county"))
    spatial = []
    for name in layer_names(path):
        layer = QgsVectorLayer("{0}|layername={1}".format(path, name), name, "ogr")
        if not layer.isValid():
            continue
        style = style_for(name)
        if os.path.exists(style):
            layer.loadNamedStyle(style)
        project.addMapLayer(layer, False)
        node = group.addLayer(layer)
        node.setItemVisibilityChecked(name not in HIDDEN)
        if layer.isSpatial():
            spatial.append(layer)
    if spatial and canvas is not None:
        extent = spatial[0].extent()
        for layer in spatial[1:]:
            extent.combineExtentWith(layer.extent())
        canvas.setDestinationCrs(spatial[0].crs())
        canvas.setExtent(extent.buffered(extent.width() * 0.03))
        canvas.refresh()
    return group
