"""Where one farmlandrestoration run spends its time: wall and process CPU seconds, and the largest resident
memory seen, of each step, in one plugin run on a benchmark GeoPackage (``bench_restoration.py`` makes them).

"read" comes twice: the tasks', then the survey's. Steps overlap: the tasks' ellipsoidal areas and the parcels'
classes run on the main thread while the overlay runs on its workers, so the overlay's wall time includes them.
Memory is sampled every 20 ms (/proc/self/statm).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/phases_restoration.py \\
        tmp/bench/restoration_1000000_100000.gpkg
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_restoration  # noqa: E402 (after the path)

SAMPLE_S = 0.02


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gpkg", help="a GeoPackage with layers 'tasks' and 'dltb'")
    parser.add_argument("--out", default=os.path.join(bench_restoration.BENCH_DIR, "phases_out.gpkg"))
    args = parser.parse_args()
    app = bench_restoration.start_qgis()  # noqa: F841 (kept alive for the run)
    import processing
    from qgis.core import QgsProcessingFeedback
    from land_supervision.processing import base, farmland_restoration as fr, layers, overlaps

    resident = []  # (time, MB)

    def sample():
        page = os.sysconf("SC_PAGE_SIZE")
        while True:
            with open("/proc/self/statm") as statm:
                resident.append((time.perf_counter(), int(statm.read().split()[1]) * page / 2 ** 20))
            time.sleep(SAMPLE_S)

    threading.Thread(target=sample, daemon=True).start()
    steps = []  # (label, wall, CPU, peak MB)

    def timed(owner, name, label):
        function = getattr(owner, name)

        @functools.wraps(function)
        def run(*a, **k):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*a, **k)
            finally:
                end = time.perf_counter()
                peak = max([mb for t, mb in resident if wall <= t <= end] or [0.0])
                steps.append((label, end - wall, time.process_time() - cpu, peak))
        setattr(owner, name, run)

    for owner, name, label in [
            (fr, "read_source", "read"), (layers.LayerData, "repair_where", "repair"),
            (fr, "overlay_or_cancel", "overlay"), (fr, "ellipsoidal_areas", "ellipsoidal areas"),
            (fr, "survey_classes", "survey classes"), (fr, "survey_columns", "survey areas, factors"),
            (overlaps, "check", "overlap check"), (fr, "sliver_widths", "sliver widths"),
            (fr.rules_mod, "evaluate", "rules"), (fr, "input_rows", "rows"),
            (base.LandSupervisionAlgorithm, "write_output", "write")]:
        timed(owner, name, label)
    if os.path.exists(args.out):
        os.remove(args.out)
    wall, cpu = time.perf_counter(), time.process_time()
    processing.run("landsupervision:farmlandrestoration", {
        "INPUT": args.gpkg + "|layername=tasks", "SURVEY": args.gpkg + "|layername=dltb", "MIN_PIECE_AREA": 0.0,
        "MIN_PIECE_SHARE": 0.0, "OUTPUT": args.out, "ALLOW_OVERLAPS": True}, feedback=QgsProcessingFeedback())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("{0:<26} {1:>7} {2:>7} {3:>9}".format("step", "wall s", "CPU s", "peak MB"))
    for label, seconds, cpu_s, peak in steps:
        print("{0:<26} {1:7.2f} {2:7.2f} {3:9.0f}".format(label, seconds, cpu_s, peak))
    print("{0:<26} {1:7.2f} {2:7.2f} {3:9.0f}".format("whole run", wall, cpu, bench_restoration.peak_rss_mb()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
