"""Benchmark: idlelandscreening on synthetic supply records, with and without evidence layers.

A DLTB grid of 50 m squares (default 400 × 400 = 160,000 parcels), random supply parcels of 50–300 m
(default 20,000) with dates in mixed text formats, and random monitoring patches (default 5,000). Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_idle.py [--grid 400] [--records 20000]
Writes its inputs to a temporary folder; prints wall times.
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time

import numpy as np
from osgeo import ogr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_mines import CELL, X0, Y0, write_polygons  # noqa: E402 (same synthetic county helpers)

CLASSES = ["0103", "0301", "0404", "05H1", "0601", "0702", "1206", "1001"]
FORMATS = ["%Y-%m-%d", "%Y/%-m/%-d", "%Y年%-m月%-d日", "%Y%m%d"]
SUPPLY_FIELDS = [("DZJGH", ogr.OFTString), ("CJJG", ogr.OFTReal), ("YDDGRQ", ogr.OFTString),
                 ("SJDGRQ", ogr.OFTString), ("KFMJ", ogr.OFTReal), ("YKFMJ", ogr.OFTReal),
                 ("ZZKSRQ", ogr.OFTString), ("YYLX", ogr.OFTString)]


def text_date(rng, start: datetime.date, days: int) -> str:
    day = start + datetime.timedelta(days=int(rng.integers(0, days)))
    return day.strftime(FORMATS[int(rng.integers(0, len(FORMATS)))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grid", type=int, default=400)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--patches", type=int, default=5000)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    folder = tempfile.mkdtemp(prefix="bench_idle_")
    gpkg = os.path.join(folder, "bench.gpkg")
    began = time.perf_counter()
    i, j = np.meshgrid(np.arange(args.grid), np.arange(args.grid))
    cells = [(X0 + a * CELL, Y0 + b * CELL, X0 + (a + 1) * CELL, Y0 + (b + 1) * CELL)
             for a, b in zip(i.ravel(), j.ravel())]
    dltb = write_polygons(gpkg, "dltb", cells, [("DLBM", ogr.OFTString), ("TBMJ", ogr.OFTReal)],
                          [(str(c), CELL * CELL) for c in rng.choice(CLASSES, len(cells))])
    extent = args.grid * CELL

    def boxes(count, low, high):
        x, y = rng.uniform(0, extent - high, count), rng.uniform(0, extent - high, count)
        w, h = rng.uniform(low, high, count), rng.uniform(low, high, count)
        return [(X0 + a, Y0 + b, X0 + a + c, Y0 + b + d) for a, b, c, d in zip(x, y, w, h)]

    base = datetime.date(2019, 1, 1)
    values = []
    for k in range(args.records):
        started = rng.random() < 0.5
        values.append((
            f"1309992020B{k % (args.records - 50):05d}",  # a few duplicate keys
            float(rng.uniform(-10, 3000)), text_date(rng, base, 2500),
            text_date(rng, base, 2500) if started else None,
            float(rng.uniform(0, 2)), float(rng.uniform(0.5, 2)),
            text_date(rng, base, 2800) if started and rng.random() < 0.5 else None,
            str(rng.choice(["企业原因", "", "2", "不可抗力", "政府原因-规划调整"]))))
    supply = write_polygons(gpkg, "supply", boxes(args.records, 50, 300), SUPPLY_FIELDS, values)
    patches = write_polygons(gpkg, "monitoring", boxes(args.patches, 20, 80),
                             [("JCBH", ogr.OFTString), ("TBLX", ogr.OFTString)],
                             [(f"JC{k}", str(rng.choice(["20", "YH", "DT", "TD", "TP", "KT"])))
                              for k in range(args.patches)])
    print(f"inputs: {args.records} supply records, {len(cells)} DLTB parcels, {args.patches} monitoring patches "
          f"({time.perf_counter() - began:.1f} s to write)")

    import run_demo
    from qgis.core import QgsProcessingFeedback

    app = run_demo.start_qgis()
    import processing

    evidence = {"EVIDENCE_SURVEY": dltb, "EVIDENCE_MONITORING": patches}
    for label, extra in (("no evidence", {}), ("with DLTB + monitoring evidence", evidence)):
        params = {"INPUT": supply, "AS_OF_DATE": "2026-11-22", "OUTPUT": os.path.join(folder, "out.gpkg"), **extra}
        began = time.perf_counter()
        result = processing.run("landsupervision:idlelandscreening", params, feedback=QgsProcessingFeedback())
        print(f"idlelandscreening ({label}): {time.perf_counter() - began:.2f} s; "
              f"suspected {result['SUSPECTED']}, flagged {result['FLAGGED']}")
        os.remove(params["OUTPUT"])
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
