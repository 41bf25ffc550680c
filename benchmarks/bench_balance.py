"""Benchmark: farmlandbalance against the native QGIS chain a user would otherwise build.

Two survey years of a county on realistic shapes (shapes.py): year T−1 is 1,000,000 warped Voronoi parcels
(--quick: 100,000); in year T about 5 % of the parcels are merged with their east neighbour and get a new
class, the rest are identical. Each run happens in its own Python process (peak = VmHWM):

- plugin: landsupervision:farmlandbalance (flows and summary to GeoPackage);
- native: native:intersection (T−1 with T, DLBM/ZLDWDM of both) → native:fieldcalculator ($area) →
  qgis:statisticsbycategories by village, class before and class after (the area moved from class to
  class in each village).

Both must find the same outflow (cultivated land 01 before, not after) and inflow in gross area (TBMJ is
the planar area, so allocation and the native planar pieces measure the same thing), within 1 m² per
county or 1e-6 relative.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_balance.py --quick
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_balance.py            # 1M × 1M
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_restoration as bench  # noqa: E402 (beside this script)
import shapes  # noqa: E402

SEED = 20261201


def generate(path_before, path_after, parcels, changed):
    import shapely

    rng = np.random.default_rng(SEED)
    began = time.perf_counter()
    before, gi, gj = shapes.realistic_survey(parcels, bench.X0, bench.Y0, bench.CELL, rng)
    columns = bench.survey_columns(before, gi / (gi.max() + 1.0), rng)
    columns["ZLDWMC"] = ["村" + code[9:12] for code in columns["ZLDWDM"]]
    after, origin, moved = shapes.changed_year(before, gi, gj, changed, rng)
    bench.write_gpkg(path_before, "dltb", before, columns)
    later = {key: [values[k] for k in origin.tolist()] for key, values in columns.items()}
    area = np.round(shapely.area(after), 2)
    fresh = bench.survey_columns(after, gi[origin] / (gi.max() + 1.0), rng)  # classes drawn anew
    for key in ("DLBM", "KCXS", "KCMJ", "TBDLMJ", "ZZSXDM"):
        later[key] = [new if m else old for old, new, m in zip(later[key], fresh[key], moved.tolist())]
    later["TBMJ"] = area.tolist()
    later["BSM"] = ["N{0}".format(k) if m else b for k, (b, m) in enumerate(zip(later["BSM"], moved.tolist()))]
    bench.write_gpkg(path_after, "dltb", after, later)
    return time.perf_counter() - began, int(moved.sum())


def child(mode, before, after, out):
    app = bench.start_qgis()  # noqa: F841 (kept alive for the run)
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    layer_before, layer_after = before + "|layername=dltb", after + "|layername=dltb"
    began = time.perf_counter()
    if mode == "plugin":
        processing.run("landsupervision:farmlandbalance", {
            "SURVEY_BEFORE": layer_before, "SURVEY_AFTER": layer_after,
            "OUTPUT_FLOWS": out, "OUTPUT_SUMMARY": out[:-5] + "_summary.gpkg"}, feedback=feedback)
    else:
        pieces = processing.run("native:intersection", {
            "INPUT": layer_before, "OVERLAY": layer_after, "INPUT_FIELDS": ["DLBM", "ZLDWDM"],
            "OVERLAY_FIELDS": ["DLBM"], "OVERLAY_FIELDS_PREFIX": "b_", "OUTPUT": "TEMPORARY_OUTPUT"},
            feedback=feedback)["OUTPUT"]
        measured = processing.run("native:fieldcalculator", {
            "INPUT": pieces, "FIELD_NAME": "piece_area", "FIELD_TYPE": 0, "FIELD_LENGTH": 20, "FIELD_PRECISION": 4,
            "FORMULA": "$area", "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)["OUTPUT"]
        processing.run("qgis:statisticsbycategories", {
            "INPUT": measured, "VALUES_FIELD_NAME": "piece_area", "CATEGORIES_FIELD_NAME": ["ZLDWDM", "DLBM", "b_DLBM"],
            "OUTPUT": out}, feedback=feedback)
    seconds = time.perf_counter() - began
    print(json.dumps({"mode": mode, "seconds": seconds, "cpu_s": bench.cpu_seconds(), "peak_mb": bench.peak_rss_mb()}))
    return 0


def run_child(mode, before, after, out):
    for path in (out, out[:-5] + "_summary.gpkg"):
        if os.path.exists(path):
            os.remove(path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--before", before, "--after", after,
                           "--out", out], capture_output=True, text=True, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise SystemExit("{0} run failed:\n{1}\n{2}".format(mode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return json.loads(lines[-1])


def plugin_flows(path):
    """(outflow, inflow) gross m² from the plugin's flow pieces (booked at the before and after TBMJ share)."""
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    out = inflow = 0.0
    for f in layer:
        if f.GetField("flow") == "流出":
            out += f.GetField("gross_before")
        else:
            inflow += f.GetField("gross_after")
    return out, inflow


def native_flows(path):
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    out = inflow = 0.0
    for f in layer:
        was, now = str(f.GetField("DLBM")).startswith("01"), str(f.GetField("b_DLBM")).startswith("01")
        total = f.GetField("sum") or 0.0
        out += total if was and not now else 0.0
        inflow += total if now and not was else 0.0
    return out, inflow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 parcels a year")
    parser.add_argument("--parcels", type=int)
    parser.add_argument("--changed", type=float, default=0.05, help="share of parcels changed in year T")
    parser.add_argument("--runs", type=int, default=1, help="plugin/native pairs to run (the median ratio is reported)")
    parser.add_argument("--only", choices=["plugin", "native"], help="run one side only (no ratio)")
    parser.add_argument("--child", choices=["plugin", "native"], help=argparse.SUPPRESS)
    parser.add_argument("--before", help=argparse.SUPPRESS)
    parser.add_argument("--after", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.before, args.after, args.out)

    parcels = args.parcels or (100_000 if args.quick else 1_000_000)
    os.makedirs(bench.BENCH_DIR, exist_ok=True)
    stem = os.path.join(bench.BENCH_DIR, "balance_{0}_{1:g}".format(parcels, args.changed))
    before, after = stem + "_before.gpkg", stem + "_after.gpkg"
    if not (os.path.exists(before) and os.path.exists(after)):
        seconds, moved = generate(before + ".part", after + ".part", parcels, args.changed)
        os.replace(before + ".part", before)
        os.replace(after + ".part", after)
        print("generated {0} parcels, {1} changed in year T ({2:.1f} s)".format(parcels, moved, seconds))
    outs = {mode: os.path.join(bench.BENCH_DIR, "{0}_balance_{1}.gpkg".format(mode, parcels))
            for mode in ("plugin", "native")}
    modes = [args.only] if args.only else ["plugin", "native"]
    results, ratios = {}, []
    for _ in range(args.runs):  # alternating, so that a slower spell of the machine hits both sides
        for mode in modes:
            results[mode] = run_child(mode, before, after, outs[mode])
            print("{0}: {seconds:.1f} s (CPU {cpu_s:.1f} s), peak {peak_mb:.0f} MB".format(mode, **results[mode]))
        if len(results) == 2:
            ratios.append(results["native"]["seconds"] / results["plugin"]["seconds"])
    summary = {"parcels": parcels, "changed": args.changed, "runs": results, "ratios": ratios, "cpus": os.cpu_count()}
    bad = 0
    if os.path.exists(outs["plugin"]) and os.path.exists(outs["native"]):
        ours, theirs = plugin_flows(outs["plugin"]), native_flows(outs["native"])
        diffs = [abs(a - b) for a, b in zip(ours, theirs)]
        bad = sum(d > max(1.0, 1e-6 * abs(b)) for d, b in zip(diffs, theirs))
        print("outflow {0:.2f} / {1:.2f} m², inflow {2:.2f} / {3:.2f} m² (plugin / native)".format(
            ours[0], theirs[0], ours[1], theirs[1]))
        summary.update(outflow=ours[0], inflow=ours[1], native_outflow=theirs[0], native_inflow=theirs[1])
    if ratios:
        print("ratio native/plugin: {0} (median {1:.2f}x)".format(
            ", ".join("{0:.2f}x".format(r) for r in ratios), float(np.median(ratios))))
    print(json.dumps(summary))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
