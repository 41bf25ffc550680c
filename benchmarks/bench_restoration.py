"""Benchmark: farmlandrestoration against the native QGIS chain a user would otherwise build.

County scale: a DLTB of 1,000,000 parcels (a jittered 50 m grid, edges densified to 16 vertices per
parcel by default, --densify 0 for plain quadrilaterals; 8-digit GK eastings) and 100,000 task parcels
(rotated rectangles of 30–150 m); --quick: 100,000 / 10,000; --concave: non-convex parcels (wavy shared
edges) and L-shaped tasks; --shapes realistic: warped Voronoi parcels of ~37 vertices, star-shaped tasks of
1–5 ha and unions of 3–6 parcels, 1 % self-intersecting; --shapes realdata: the public parcel files tiled
(shapes.py). Inputs are generated vectorized and written as GeoPackage
straight through sqlite (tmp/bench/ under the repository; reused when present). Each run
happens in its own Python process so that its peak memory (VmHWM) is its own:

- plugin: landsupervision:farmlandrestoration (slivers off, so that it counts what the native chain counts;
  survey overlaps allowed: the check runs, and the tiled real parcels overlap a little);
- native: native:fixgeometries (tasks) → native:extractbyexpression (DLBM starting with 01) →
  native:calculatevectoroverlaps.

Both must give the same gross cultivated area per task (within 1 m² or 1e-4 relative; TBMJ is written
equal to the planar parcel area so that allocation and the native planar overlap measure the same thing).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_restoration.py --quick
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_restoration.py          # 1M / 100k
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import struct
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import shapes  # noqa: E402 (beside this script)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "tmp", "bench")
X0, Y0, CELL = 38_480_000.0, 3_300_000.0, 50.0
EPSG = 4526
CLASSES = ["0101", "0102", "0103", "0201", "0201K", "0301", "0404", "0702", "1006", "1104", "1202"]
WEIGHTS = [0.22, 0.08, 0.15, 0.08, 0.03, 0.14, 0.05, 0.10, 0.05, 0.06, 0.04]
VILLAGES = 40


# -- generation ----------------------------------------------------------------------------------------------

def gpkg_blobs(geoms):
    """GeoPackage geometry blobs (header with XY envelope + little-endian WKB)."""
    import shapely

    wkbs = shapely.to_wkb(geoms, byte_order=1)
    bounds = shapely.bounds(geoms)
    head = struct.Struct("<2sBBi4d")
    return [head.pack(b"GP", 0, 0x03, EPSG, b[0], b[2], b[1], b[3]) + w for b, w in zip(bounds, wkbs)]


def write_gpkg(path, name, geoms, columns):
    """Create the layer with OGR (schema, srs), bulk-insert rows through sqlite, then add the R-tree."""
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.Open(path, 1) if os.path.exists(path) else ogr.GetDriverByName("GPKG").CreateDataSource(path)
    import shapely

    multi = bool((shapely.get_type_id(geoms) == 6).any())
    if multi:  # one geometry type per layer: every polygon made a multipolygon
        parts, owner = shapely.get_parts(geoms, return_index=True)
        geoms = shapely.multipolygons(parts, indices=owner)
    kind = ogr.wkbMultiPolygon if multi else ogr.wkbPolygon
    layer = ds.CreateLayer(name, srs, kind, ["SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom"])
    kinds = {float: ogr.OFTReal, str: ogr.OFTString}
    for key, values in columns.items():
        layer.CreateField(ogr.FieldDefn(key, kinds[type(values[0])]))
    ds = None
    blobs = gpkg_blobs(geoms)
    names = ["geom"] + list(columns)
    with sqlite3.connect(path) as con:
        placeholders = ",".join("?" * len(names))
        quoted = ",".join('"{0}"'.format(n) for n in names)
        rows = zip(blobs, *[[v.item() if hasattr(v, "item") else v for v in col] for col in columns.values()])
        con.executemany('INSERT INTO "{0}" ({1}) VALUES ({2})'.format(name, quoted, placeholders), rows)
        minx, miny, maxx, maxy = shapely.total_bounds(geoms)
        con.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
                    (minx, miny, maxx, maxy, name))
    ds = ogr.Open(path, 1)
    ds.ExecuteSQL("SELECT CreateSpatialIndex('{0}', 'geom')".format(name))
    ds = None


def wavy_cells(vx, vy, rng, points=3, amplitude=2.0):
    """Grid cells whose edges carry ``points`` vertices pushed up to ``amplitude`` m off the straight line,
    the same for both neighbours of an edge (a valid partition of non-convex parcels, like real ones)."""
    n = vx.shape[0] - 1
    share = np.arange(points + 2) / (points + 1)  # along the edge, both ends included

    def edges(x0, y0, x1, y1):
        offset = np.zeros(x0.shape + (points + 2,))
        offset[..., 1:-1] = rng.uniform(-amplitude, amplitude, x0.shape + (points,))
        length = np.hypot(x1 - x0, y1 - y0)[..., None]
        nx, ny = -(y1 - y0)[..., None] / length, (x1 - x0)[..., None] / length
        ex = x0[..., None] + (x1 - x0)[..., None] * share + nx * offset
        ey = y0[..., None] + (y1 - y0)[..., None] * share + ny * offset
        return np.stack([ex, ey], axis=-1)

    horizontal = edges(vx[:-1, :], vy[:-1, :], vx[1:, :], vy[1:, :])  # (n, n + 1, points + 2, 2)
    vertical = edges(vx[:, :-1], vy[:, :-1], vx[:, 1:], vy[:, 1:])    # (n + 1, n, points + 2, 2)
    i, j = (m.ravel() for m in np.meshgrid(np.arange(n), np.arange(n), indexing="ij"))
    return np.concatenate([horizontal[i, j, :-1], vertical[i + 1, j, :-1], horizontal[i, j + 1, :0:-1],
                           vertical[i, j, :0:-1], horizontal[i, j, :1]], axis=1)


def grid_survey(parcels, densify, concave, rng):
    """(parcels, grid index i, grid index j) of the jittered grid (``concave``: wavy shared edges)."""
    import shapely

    n = int(round(np.sqrt(parcels)))
    # jittered grid vertices shared by neighbours: a valid partition of the county
    gx, gy = np.meshgrid(np.arange(n + 1) * CELL, np.arange(n + 1) * CELL, indexing="ij")
    jitter = rng.uniform(-10, 10, (2, n + 1, n + 1))
    jitter[:, [0, -1], :] = 0
    jitter[:, :, [0, -1]] = 0
    vx, vy = X0 + gx + jitter[0], Y0 + gy + jitter[1]
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    i, j = i.ravel(), j.ravel()
    if concave:
        return shapely.polygons(wavy_cells(vx, vy, rng)), i, j
    ring_i = np.stack([i, i + 1, i + 1, i, i], axis=1)
    ring_j = np.stack([j, j, j + 1, j + 1, j], axis=1)
    dltb = shapely.polygons(np.stack([vx[ring_i, ring_j], vy[ring_i, ring_j]], axis=2))
    if densify > 0:  # real parcels have more than 4 corners; GEOS time grows with vertices
        dltb = shapely.segmentize(dltb, densify)
    return dltb, i, j


def grid_tasks(tasks, extent, concave, rng):
    """Rotated rectangles (or L shapes) of 30–150 m anywhere inside the county."""
    import shapely

    cx = X0 + rng.uniform(150, extent - 150, tasks)
    cy = Y0 + rng.uniform(150, extent - 150, tasks)
    w, h, a = rng.uniform(30, 150, tasks), rng.uniform(30, 150, tasks), rng.uniform(0, np.pi, tasks)
    ux = np.array([-0.5, 0.5, 0.5, -0.5, -0.5])
    uy = np.array([-0.5, -0.5, 0.5, 0.5, -0.5])
    if concave:
        ux = np.array([-0.5, 0.5, 0.5, 0.0, 0.0, -0.5, -0.5])
        uy = np.array([-0.5, -0.5, 0.0, 0.0, 0.5, 0.5, -0.5])
    lx, ly = w[:, None] * ux, h[:, None] * uy
    px = cx[:, None] + lx * np.cos(a)[:, None] - ly * np.sin(a)[:, None]
    py = cy[:, None] + lx * np.sin(a)[:, None] + ly * np.cos(a)[:, None]
    return shapely.polygons(np.stack([px, py], axis=2))


def survey_columns(dltb, position, rng):
    """DLTB attributes: class mix, KCXS on cultivated land, TBMJ = planar area, village by position."""
    import shapely

    count = len(dltb)
    area = np.round(shapely.area(dltb), 2)
    dlbm = rng.choice(CLASSES, count, p=WEIGHTS)
    cultivated = np.char.startswith(dlbm.astype(str), "01")
    kcxs = np.where(cultivated, np.round(rng.uniform(0.0, 0.15, count), 4), 0.0)
    kcmj = np.round(area * kcxs, 2)
    village = (position * VILLAGES).astype(int)
    zldwdm = np.char.add("130999001", np.char.add(np.char.zfill((village + 1).astype(str), 3), "0000000"))
    return {"BSM": np.char.add("D", np.arange(count).astype(str)).tolist(),
            "DLBM": dlbm.tolist(), "ZLDWDM": zldwdm.tolist(), "TBMJ": area.tolist(), "KCXS": kcxs.tolist(),
            "KCMJ": kcmj.tolist(), "TBDLMJ": np.round(area - kcmj, 2).tolist(),
            "ZZSXDM": np.where(cultivated, "LS", "").tolist()}


def generate(path, parcels, tasks, densify=15.0, seed=20261122, family="grid"):
    import shapely

    rng = np.random.default_rng(seed)
    began = time.perf_counter()
    if family == "realdata":
        dltb, _ = shapes.tiled_realdata(parcels, X0, Y0)
        box = shapely.total_bounds(dltb)
        position = (shapely.bounds(dltb)[:, 0] - box[0]) / (box[2] - box[0] + 1.0)
    elif family == "realistic":
        dltb, i, j = shapes.realistic_survey(parcels, X0, Y0, CELL, rng)
        position = i / (i.max() + 1.0)
    else:
        dltb, i, j = grid_survey(parcels, densify, family == "concave", rng)
        position = i / (i.max() + 1.0)
    write_gpkg(path, "dltb", dltb, survey_columns(dltb, position, rng))
    extent = int(round(np.sqrt(parcels))) * CELL
    if family == "realdata":
        task_geoms = shapes.real_tasks(dltb, tasks, rng)
    elif family == "realistic":
        task_geoms = shapes.realistic_tasks(dltb, i, j, tasks, X0, Y0, extent, rng)
    else:
        task_geoms = grid_tasks(tasks, extent, family == "concave", rng)
    write_gpkg(path, "tasks", task_geoms, {
        "RWBH": np.char.add("T", np.arange(tasks).astype(str)).tolist(),
        "XZQDM": ["130999001001"] * tasks, "RWMJ": np.round(shapely.area(task_geoms)).tolist()})
    return time.perf_counter() - began


# -- runs (each in a child process) ----------------------------------------------------------------------------

def start_qgis():
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import run_demo

    return run_demo.start_qgis()


def child(mode, gpkg, out, tasks_gpkg):
    app = start_qgis()  # noqa: F841 (kept alive for the run)
    import processing
    from qgis.core import QgsProcessingFeedback

    tasks, dltb = tasks_gpkg + "|layername=tasks", gpkg + "|layername=dltb"
    feedback = QgsProcessingFeedback()
    began = time.perf_counter()
    if mode == "plugin":
        processing.run("landsupervision:farmlandrestoration", {
            "INPUT": tasks, "SURVEY": dltb, "MIN_PIECE_AREA": 0.0, "MIN_PIECE_SHARE": 0.0, "OUTPUT": out,
            "ALLOW_OVERLAPS": True},  # the check runs (and counts); the tiled real parcels overlap a little
            feedback=feedback)
    else:
        fixed = processing.run("native:fixgeometries", {"INPUT": tasks, "OUTPUT": "TEMPORARY_OUTPUT"},
                               feedback=feedback)["OUTPUT"]
        cult = processing.run("native:extractbyexpression", {
            "INPUT": dltb, "EXPRESSION": "left(\"DLBM\", 2) = '01'", "OUTPUT": "TEMPORARY_OUTPUT"},
            feedback=feedback)["OUTPUT"]
        processing.run("native:calculatevectoroverlaps", {"INPUT": fixed, "LAYERS": [cult], "OUTPUT": out},
                       feedback=feedback)
    seconds = time.perf_counter() - began
    print(json.dumps({"mode": mode, "seconds": seconds, "cpu_s": cpu_seconds(), "peak_mb": peak_rss_mb()}))
    return 0


def cpu_seconds():
    """CPU time of this process (user + system, all threads): steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb():
    """Peak resident memory of this process (VmHWM: ru_maxrss on Linux carries the parent's peak over fork)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_child(mode, gpkg, out, tasks_gpkg):
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--gpkg", gpkg, "--out", out,
                           "--tasks-gpkg", tasks_gpkg],
                          capture_output=True, text=True, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise SystemExit("{0} run failed:\n{1}\n{2}".format(mode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return json.loads(lines[-1])


def corner_tasks(gpkg, km):
    """A GeoPackage beside ``gpkg`` with only the tasks within ``km`` of the grid's south-west corner; (path, count)."""
    from osgeo import gdal

    path = "{0}_corner{1:g}.gpkg".format(gpkg[:-5], km)
    if not os.path.exists(path):
        gdal.VectorTranslate(path, gpkg, layers=["tasks"], spatFilter=[X0, Y0, X0 + km * 1000, Y0 + km * 1000])
    ds = gdal.OpenEx(path)
    return path, ds.GetLayerByName("tasks").GetFeatureCount()


def areas(path, field):
    from osgeo import ogr

    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    names = [layer.GetLayerDefn().GetFieldDefn(k).GetName() for k in range(layer.GetLayerDefn().GetFieldCount())]
    if field not in names:
        field = next(n for n in names if n.endswith("_area"))
    return {f.GetField("RWBH"): (f.GetField(field) or 0.0) for f in layer}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 parcels / 10,000 tasks")
    parser.add_argument("--parcels", type=int)
    parser.add_argument("--tasks", type=int)
    parser.add_argument("--densify", type=float, default=15.0,
                        help="max DLTB edge length in m (default 15: 16 vertices per parcel; 0: plain quadrilaterals)")
    parser.add_argument("--concave", action="store_true",
                        help="non-convex shapes: parcel edges with 3 vertices up to 2 m off the line "
                        "(16 vertices per parcel), L-shaped tasks (same as --shapes concave)")
    parser.add_argument("--shapes", choices=["grid", "concave", "realistic", "realdata"], default="grid",
                        help="realistic: warped Voronoi parcels (~37 vertices), star tasks of 1-5 ha and unions "
                        "of 3-6 parcels; realdata: the public parcel files of ../shared/realdata tiled (see "
                        "shapes.py)")
    parser.add_argument("--runs", type=int, default=1, help="plugin/native pairs to run (the median ratio is reported)")
    parser.add_argument("--child", choices=["plugin", "native"], help=argparse.SUPPRESS)
    parser.add_argument("--corner", type=float, help="only the tasks within this many km of the south-west corner "
                        "(a restoration list that covers part of the county)")
    parser.add_argument("--gpkg", help=argparse.SUPPRESS)
    parser.add_argument("--tasks-gpkg", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.gpkg, args.out, args.tasks_gpkg)

    parcels = args.parcels or (100_000 if args.quick else 1_000_000)
    tasks = args.tasks or (10_000 if args.quick else 100_000)
    os.makedirs(BENCH_DIR, exist_ok=True)
    family = "concave" if args.concave else args.shapes
    tag = ("" if args.densify == 15.0 else "_d{0:g}".format(args.densify)) + ("" if family == "grid" else "_" + family)
    gpkg = os.path.join(BENCH_DIR, "restoration_{0}_{1}{2}.gpkg".format(parcels, tasks, tag))
    if not os.path.exists(gpkg):
        seconds = generate(gpkg[:-5] + ".part.gpkg", parcels, tasks, args.densify, family=family)
        os.replace(gpkg[:-5] + ".part.gpkg", gpkg)
        print("generated {0} ({1:.1f} s)".format(os.path.relpath(gpkg, ROOT), seconds))
    tasks_gpkg = gpkg
    if args.corner:
        tasks_gpkg, tasks = corner_tasks(gpkg, args.corner)
        tag += "_corner{0:g}".format(args.corner)
        print("{0} tasks within {1:g} km of the corner".format(tasks, args.corner))
    plugin_out = os.path.join(BENCH_DIR, "plugin_{0}{1}.gpkg".format(parcels, tag))
    native_out = os.path.join(BENCH_DIR, "native_{0}{1}.gpkg".format(parcels, tag))
    ratios = []
    for run in range(args.runs):  # alternating, so that a slower spell of the machine hits both sides
        plugin = run_child("plugin", gpkg, plugin_out, tasks_gpkg)
        print("plugin: {seconds:.1f} s (CPU {cpu_s:.1f} s), peak {peak_mb:.0f} MB".format(**plugin))
        native = run_child("native", gpkg, native_out, tasks_gpkg)
        print("native: {seconds:.1f} s (CPU {cpu_s:.1f} s), peak {peak_mb:.0f} MB".format(**native))
        ratios.append(native["seconds"] / plugin["seconds"])

    ours, theirs = areas(plugin_out, "rest_gross"), areas(native_out, "")
    diffs = np.array([abs(ours[k] - theirs.get(k, 0.0)) for k in ours])
    limits = np.array([max(1.0, 1e-4 * abs(theirs.get(k, 0.0))) for k in ours])
    bad = int((diffs > limits).sum())
    print("tasks compared: {0}, max |difference| {1:.4f} m², outside tolerance: {2}".format(
        len(ours), diffs.max() if len(diffs) else 0.0, bad))
    print("ratio native/plugin: {0} (median {1:.2f}x)".format(
        ", ".join("{0:.2f}x".format(r) for r in ratios), float(np.median(ratios))))
    summary = {"parcels": parcels, "tasks": tasks, "densify": args.densify, "plugin": plugin, "native": native,
               "ratios": ratios,
               "max_diff_m2": float(diffs.max()) if len(diffs) else 0.0, "outside_tolerance": bad,
               "cpus": os.cpu_count()}
    print(json.dumps(summary))
    return 1 if bad or len(ours) != tasks else 0


if __name__ == "__main__":
    sys.exit(main())
