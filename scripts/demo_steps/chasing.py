"""Demo: chasing the restoration tasks as of 2026-11-22 — 提醒函/督办函 per township government and the 核查图册."""
from __future__ import annotations

import os

from qgis.core import QgsProject, QgsVectorLayer

AS_OF = "2026-11-22"
ISSUER = "示例县自然资源局"


def run(demo):
    tasks = os.path.join(demo.output, "farmland_restoration.gpkg")
    if not os.path.exists(tasks):
        print("  skipped: farmland_restoration.gpkg is missing (the farmland step did not run or failed)")
        return
    letters = demo.run("ledgerletters", {
        "INPUT": tasks, "AS_OF_DATE": AS_OF, "ISSUER": ISSUER, "OVERWRITE": True,
        "OUTPUT_FOLDER": os.path.join(demo.output, "letters"), "OUTPUT": "memory:",
    })
    for feature in letters["OUTPUT"].getFeatures():
        print(f"  {os.path.relpath(feature['file'], demo.output)}: {feature['items']} items, "
              f"{feature['overdue']} overdue, {feature['area_mu']:.2f} 亩")
    # The survey under the items, in the sample's own style (a layer given by path would get a random colour).
    survey = QgsVectorLayer(demo.layer("dltb_2024"), "DLTB 2024", "ogr")
    survey.loadNamedStyle(os.path.join(os.path.dirname(demo.sample), os.pardir, "resources", "styles",
                                       "sample_dltb.qml"))
    QgsProject.instance().addMapLayer(survey, False)
    atlas = demo.run("exportatlas", {
        "INPUT": tasks, "BACKGROUND": [survey], "REGIONS": demo.layer("regions"), "AS_OF_DATE": AS_OF,
        "TITLE": "耕地恢复任务核查图册", "OVERWRITE": True, "OUTPUT": demo.path("atlas_restoration.pdf"),
    })
    print(f"  {os.path.basename(atlas['OUTPUT'])}: {atlas['PAGES']} pages")
    QgsProject.instance().removeMapLayer(survey.id())
