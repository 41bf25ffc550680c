"""Demo: legacy-mine rehabilitation status and closed-mine 三到位 on the sample county."""
from __future__ import annotations

from collections import Counter

from qgis.core import QgsVectorLayer


def _rows(uri):
    layer = QgsVectorLayer(uri, "result", "ogr")
    names = layer.fields().names()
    return [dict(zip(names, feature.attributes())) for feature in layer.getFeatures()]


def run(demo):
    from land_supervision.core.units import percent_text

    result = demo.run("minerehabilitation", {
        "INPUT": demo.layer("mine_patches"),
        "SURVEY": demo.layer("dltb_2024"),
        "RED_LINE": demo.layer("red_line"),
        "BASIC_FARMLAND": demo.layer("basic_farmland"),
        "OUTPUT": demo.path("mine_rehabilitation.gpkg"),
        "OUTPUT_SUMMARY": demo.path("mine_rehabilitation_by_county.gpkg"),
    })
    patches = _rows(result["OUTPUT"])
    by_status = Counter(row["status"] for row in patches)
    priority = sum(1 for row in patches if row["priority"])
    print(f"  {len(patches)} mine patches: " + ", ".join(f"{k} {v}" for k, v in sorted(by_status.items())))
    print(f"  清零优先 (red line / basic farmland): {priority}; unknown values flagged: {result['UNKNOWN_VALUES']}")
    for row in _rows(result["OUTPUT_SUMMARY"]):
        print(f"  {row['county']} {row['county_name']}: {row['n_done']}/{row['n_patches']} patches "
              f"({percent_text(row['rate_count_pct'])} %), {row['done_area_mu']:.2f}/{row['area_mu']:.2f} 亩 "
              f"({percent_text(row['rate_area_pct'])} %), restored in DLTB {row['rest_area_mu']:.2f} 亩")

    closed = demo.run("closedmines", {
        "INPUT": demo.layer("closed_mines"),
        "SURVEY": demo.layer("dltb_2024"),
        "PLAN_BLOCKS": demo.layer("mining_blocks"),
        "OUTPUT": demo.path("closed_mines.gpkg"),
    })
    rows = _rows(closed["OUTPUT"])
    for field, label in (("chk_licence", "证照注销到位"), ("chk_facility", "设施拆除到位"),
                         ("chk_restore", "生态修复到位"), ("all_three", "三到位")):
        counts = Counter(row[field] for row in rows)
        print(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    inside = sum(1 for row in rows if "开采规划区块" in (row["flags"] or ""))
    print(f"  {len(rows)} closed mines, {inside} inside an active mining planning block")
