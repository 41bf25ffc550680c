"""Post-processing of loaded outputs: Chinese aliases and a shipped .qml style."""
from __future__ import annotations

import os
from typing import Dict, Optional

from qgis.core import QgsProcessingLayerPostProcessorInterface

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")

# Processing keeps only a raw pointer to post-processors: hold them here.
_KEEP = []
# Output fields shown right after the key field in the attribute table (the file keeps its order).
FRONT = ("status", "suspected", "idle_type", "all_three", "priority", "advice", "flags")


class OutputStyler(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style: Optional[str], aliases: Dict[str, str]):
        super().__init__()
        self.style = style
        self.aliases = aliases

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (Qt API name)
        fields = layer.fields()
        for name, alias in self.aliases.items():
            index = fields.indexOf(name)
            if index >= 0:
                layer.setFieldAlias(index, alias)
        if self.style and layer.isSpatial():  # a table (supply records without geometry) has nothing to draw
            path = os.path.join(STYLE_DIR, self.style + ".qml")
            if os.path.exists(path):
                message, ok = layer.loadNamedStyle(path)
                if not ok:
                    feedback.pushWarning(message)
        front_columns(layer)
        layer.triggerRepaint()


def front_columns(layer) -> None:
    """Key field first, then the status and flag fields, then the rest (as the attribute table shows them)."""
    config = layer.attributeTableConfig()
    columns = config.columns()
    named = [c for c in columns if c.name and c.name.lower() != "fid"]
    front = [c for name in FRONT for c in named if c.name == name]
    if not front or not named:
        return
    key = named[0] if named[0] not in front else None
    head = ([key] if key else []) + front
    config.setColumns([c for c in columns if not c.name or c.name.lower() == "fid"] + head
                      + [c for c in named if c not in head])
    layer.setAttributeTableConfig(config)


def styler(style: Optional[str], aliases: Dict[str, str]) -> OutputStyler:
    instance = OutputStyler(style, aliases)
    _KEEP.append(instance)
    return instance
