"""Benchmark: minerehabilitation and closedmines on a synthetic county.

A DLTB grid of 50 m squares (default 400 × 400 = 160,000 parcels) with a random
class mix, and random mine patches of 50–300 m. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_mines.py [--grid 400] [--patches 5000]
Writes its inputs to a temporary folder; prints wall times.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

import numpy as np
from osgeo import ogr, osr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))

X0, Y0, CELL = 38500000.0, 3000000.0, 50.0
CLASSES = ["0103", "0301", "0404", "0602", "1206", "1207", "0702", "1001"]


def write_polygons(path, name, boxes, fields, values):
    ds = ogr.Open(path, 1) if os.path.exists(path) else ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4526)
    layer = ds.CreateLayer(name, srs, ogr.wkbPolygon)
    for field_name, kind in fields:
        layer.CreateField(ogr.FieldDefn(field_name, kind))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for (x0, y0, x1, y1), row in zip(boxes, values):
        feature = ogr.Feature(defn)
        for (field_name, _), value in zip(fields, row):
            feature.SetField(field_name, value)
        wkt = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    return f"{path}|layername={name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grid", type=int, default=400)
    parser.add_argument("--patches", type=int, default=5000)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    folder = tempfile.mkdtemp(prefix="bench_mines_")
    gpkg = os.path.join(folder, "bench.gpkg")
    began = time.perf_counter()
    i, j = np.meshgrid(np.arange(args.grid), np.arange(args.grid))
    cells = [(X0 + a * CELL, Y0 + b * CELL, X0 + (a + 1) * CELL, Y0 + (b + 1) * CELL)
             for a, b in zip(i.ravel(), j.ravel())]
    classes = rng.choice(CLASSES, len(cells))
    dltb = write_polygons(gpkg, "dltb", cells, [("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal)],
                          [(str(c), CELL * CELL) for c in classes])
    extent = args.grid * CELL
    x = rng.uniform(0, extent - 300, args.patches)
    y = rng.uniform(0, extent - 300, args.patches)
    w = rng.uniform(50, 300, args.patches)
    h = rng.uniform(50, 300, args.patches)
    boxes = [(X0 + a, Y0 + b, X0 + a + c, Y0 + b + d) for a, b, c, d in zip(x, y, w, h)]
    fields = [(n, ogr.OFTString) for n in ("TBBH", "XZQDM", "HFZLQK", "TBSX", "NXFFS", "YSZT")]
    values = [(f"P{k}", "130999", rng.choice(["A", "B", "未治理", "已恢复治理"]), str(rng.integers(1, 7)),
               rng.choice(["1", "2", "3", "4", "自然恢复"]), "") for k in range(args.patches)]
    patches = write_polygons(gpkg, "patches", boxes, fields, values)
    closed_fields = [(n, ogr.OFTString) for n in ("KSMC", "ZXZT", "SSCC", "DLQD")]
    closed = write_polygons(gpkg, "closed", boxes[: args.patches // 5], closed_fields,
                            [(f"C{k}", "是", "是", "否") for k in range(args.patches // 5)])
    print(f"inputs: {len(cells)} DLTB parcels, {args.patches} patches, {args.patches // 5} closed mines "
          f"({time.perf_counter() - began:.1f} s to write)")

    import run_demo
    from qgis.core import QgsProcessingFeedback

    app = run_demo.start_qgis()
    import processing

    for name, params in (
        ("minerehabilitation", {"INPUT": patches, "SURVEY": dltb, "OUTPUT": os.path.join(folder, "m.gpkg"),
                                "OUTPUT_SUMMARY": os.path.join(folder, "s.gpkg")}),
        ("closedmines", {"INPUT": closed, "SURVEY": dltb, "OUTPUT": os.path.join(folder, "c.gpkg")}),
    ):
        began = time.perf_counter()
        processing.run("landsupervision:" + name, params, feedback=QgsProcessingFeedback())
        print(f"{name}: {time.perf_counter() - began:.2f} s")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
