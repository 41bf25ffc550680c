"""Benchmark: farmlandrestoration with both inputs in PostGIS, overlay on the server against the local path.

The restoration benchmark's county (bench_restoration.py: 1,000,000 DLTB parcels, 100,000 tasks; --concave for
wavy parcels and L-shaped tasks; --quick 100,000 / 10,000) is loaded with ogr2ogr into a throw-away cluster
(scripts/pg_cluster.sh, its own folder and port) with ``max_parallel_workers_per_gather`` = the machine's cores.
Each run happens in its own Python process (peak memory is its own):

- server: landsupervision:farmlandrestoration on the two PostGIS layers (pairs measured inside PostGIS);
- local: the same layers with LOCAL_OVERLAY (QGIS reads the survey near the tasks, shapely overlays);
- gpkg: the GeoPackage file, the desktop path users have today.

All three must give the same gross and net restored area per task (within 0.01 m²).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_pushdown.py --concave --quick
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_pushdown.py --concave          # 1M / 100k
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
import bench_restoration as bench  # noqa: E402 (the benchmark folder is not a package)

CLUSTER = os.path.join(bench.ROOT, "scripts", "pg_cluster.sh")
CLUSTER_ENV = {"PG_CLUSTER_DIR": "/tmp/landsup-bench-pg", "PG_CLUSTER_PORT": "5449"}
MODES = ("server", "local", "gpkg")


def child(mode, dsn, gpkg, out):
    app = bench.start_qgis()  # noqa: F841 (kept alive for the run)
    import processing
    from qgis.core import QgsDataSourceUri, QgsProcessingFeedback, QgsVectorLayer

    def pg_layer(table):
        uri = QgsDataSourceUri(dsn)
        uri.setDataSource("public", table, "geom", "", "fid")
        return QgsVectorLayer(uri.uri(False), table, "postgres")

    if mode == "gpkg":
        layers = {"INPUT": gpkg + "|layername=tasks", "SURVEY": gpkg + "|layername=dltb"}
    else:
        layers = {"INPUT": pg_layer("tasks"), "SURVEY": pg_layer("dltb")}
    log = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, text):  # noqa: N802 (QGIS API name)
            log.append(text)

    began = time.perf_counter()
    processing.run("landsupervision:farmlandrestoration", dict(
        layers, OUTPUT=out, LOCAL_OVERLAY=(mode == "local")), feedback=Feedback())
    seconds = time.perf_counter() - began
    backend = "server" if any("runs on the PostGIS server" in line for line in log) else "local"
    print(json.dumps({"mode": mode, "backend": backend, "seconds": seconds, "peak_mb": bench.peak_rss_mb()}))
    return 0


def run_child(mode, dsn, gpkg, out):
    if os.path.exists(out):
        os.remove(out)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--dsn", dsn, "--gpkg", gpkg, "--out", out],
                          capture_output=True, text=True, env=env)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode or not lines:
        raise SystemExit("{0} run failed:\n{1}\n{2}".format(mode, proc.stdout[-3000:], proc.stderr[-3000:]))
    return json.loads(lines[-1])


def per_task(path):
    from osgeo import ogr

    dataset = ogr.Open(path)  # held while its layer is read
    layer = dataset.GetLayer(0)
    return {f.GetField("RWBH"): (f.GetField("rest_gross") or 0.0, f.GetField("rest_net") or 0.0) for f in layer}


def psql(dsn, *statements):
    import psycopg2

    connection = psycopg2.connect(dsn)
    connection.autocommit = True  # ALTER SYSTEM and VACUUM run outside a transaction
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100,000 parcels / 10,000 tasks")
    parser.add_argument("--concave", action="store_true", help="wavy parcels and L-shaped tasks")
    parser.add_argument("--modes", default=",".join(MODES),
                        help="runs to make (the others' outputs from an earlier run are compared)")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--dsn", help=argparse.SUPPRESS)
    parser.add_argument("--gpkg", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.dsn, args.gpkg, args.out)

    parcels, tasks = (100_000, 10_000) if args.quick else (1_000_000, 100_000)
    tag = "_concave" if args.concave else ""
    os.makedirs(bench.BENCH_DIR, exist_ok=True)
    gpkg = os.path.join(bench.BENCH_DIR, "restoration_{0}_{1}{2}.gpkg".format(parcels, tasks, tag))
    if not os.path.exists(gpkg):
        seconds = bench.generate(gpkg[:-5] + ".part.gpkg", parcels, tasks, family="concave" if args.concave else "grid")
        os.replace(gpkg[:-5] + ".part.gpkg", gpkg)
        print("generated {0} ({1:.1f} s)".format(os.path.relpath(gpkg, bench.ROOT), seconds))
    env = dict(os.environ, **CLUSTER_ENV)
    started = subprocess.run(["bash", CLUSTER, "start"], capture_output=True, text=True, env=env, check=True)
    dsn = started.stdout.strip().splitlines()[-1]
    results = {}
    try:
        from psycopg2 import sql

        workers = os.cpu_count() or 1
        psql(dsn, sql.SQL("ALTER SYSTEM SET max_parallel_workers_per_gather = {0}").format(sql.Literal(workers)),
             sql.SQL("ALTER SYSTEM SET max_parallel_workers = {0}").format(sql.Literal(workers)),
             "SELECT pg_reload_conf()")
        began = time.perf_counter()
        subprocess.run(["ogr2ogr", "-f", "PostgreSQL", "PG:" + dsn, gpkg, "dltb", "tasks", "-overwrite",
                        "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=fid", "--config", "PG_USE_COPY", "YES"],
                       check=True, capture_output=True)
        psql(dsn, "VACUUM ANALYZE dltb", "VACUUM ANALYZE tasks")
        print("loaded into PostGIS with ogr2ogr, indexed and analyzed: {0:.1f} s".format(time.perf_counter() - began))
        for mode in MODES:
            out = os.path.join(bench.BENCH_DIR, "pushdown_{0}_{1}{2}.gpkg".format(mode, parcels, tag))
            if mode not in args.modes.split(","):
                results[mode] = {"out": out}
                continue
            results[mode] = dict(run_child(mode, dsn, gpkg, out), out=out)
            print("{mode} ({backend} overlay): {seconds:.1f} s, peak {peak_mb:.0f} MB".format(**results[mode]))
    finally:
        subprocess.run(["bash", CLUSTER, "stop"], env=env, check=True)
    reference = per_task(results["gpkg"]["out"])
    worst = 0.0
    for mode in ("server", "local"):
        other = per_task(results[mode]["out"])
        assert other.keys() == reference.keys(), mode
        diffs = [max(abs(a - b) for a, b in zip(reference[k], other[k])) for k in reference]
        worst = max(worst, float(np.max(diffs)) if diffs else 0.0)
    print("tasks compared: {0}; max |difference| of gross/net per task: {1:.6f} m²".format(len(reference), worst))
    print(json.dumps({"parcels": parcels, "tasks": tasks, "concave": args.concave, "cpus": os.cpu_count(),
                      "load": os.getloadavg(), "max_diff_m2": worst,
                      **{m: {k: v for k, v in r.items() if k != "out"} for m, r in results.items()}}))
    return 1 if worst > 0.01 else 0


if __name__ == "__main__":
    sys.exit(main())
