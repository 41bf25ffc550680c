"""Post-processing of loaded outputs: Chinese aliases and a shipped .qml style."""
from __future__ import annotations

import os
from typing import Dict, Optional

from qgis.core import QgsProcessingLayerPostProcessorInterface

STYLE_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "styles")

# Processing keeps only a raw pointer to post-processors: hold them here.
_KEEP = []


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
        if self.style:
            path = os.path.join(STYLE_DIR, self.style + ".qml")
            if os.path.exists(path):
                message, ok = layer.loadNamedStyle(path)
                if not ok:
                    feedback.pushWarning(message)
        layer.triggerRepaint()


def styler(style: Optional[str], aliases: Dict[str, str]) -> OutputStyler:
    instance = OutputStyler(style, aliases)
    _KEEP.append(instance)
    return instance
