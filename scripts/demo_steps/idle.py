"""Demo: suspected idle land screening (疑似闲置土地筛查) on the sample county as of 2026-11-22."""
from __future__ import annotations

from collections import Counter

from qgis.core import QgsVectorLayer

AS_OF = "2026-11-22"


def run(demo):
    result = demo.run("idlelandscreening", {
        "INPUT": demo.layer("supply_records"),
        "AS_OF_DATE": AS_OF,
        "EVIDENCE_SURVEY": demo.layer("dltb_2024"),
        "EVIDENCE_MONITORING": demo.layer("monitoring_patches"),
        "OUTPUT": demo.path("idle_land.gpkg"),
    })
    layer = QgsVectorLayer(result["OUTPUT"], "idle", "ogr")
    rows = [(f["suspected"], f["idle_type"], f["advice"]) for f in layer.getFeatures()]
    suspected = [r for r in rows if r[0] == "是"]
    print(f"  as of {AS_OF}: {len(rows)} supply records, {len(suspected)} suspected idle (疑似闲置)")
    for idle_type, count in sorted(Counter(r[1] for r in suspected).items()):
        print(f"    {idle_type}: {count}")
    for advice, count in sorted(Counter(r[2].split("(")[0] for r in suspected).items()):
        print(f"    {advice}: {count}")
    print(f"  应征闲置费 total (fee tier, enterprise cause): {result['FEE_TOTAL']:.2f} 万元; "
          f"records with data flags: {result['FLAGGED']}")
