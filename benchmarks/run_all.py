"""Every benchmark of ``benchmarks/`` in turn, each in its own process (``make bench``): at the quick sizes by
default (a few minutes), at county scale with ``--full`` (an hour or more: 1M-parcel counties, the native chains
alongside). The figures are printed; what is worth keeping goes into RESULTS.md by hand, with the machine's load.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/run_all.py [--full]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# (script, arguments at the quick sizes, arguments at county scale)
RUNS = [
    ("bench_restoration.py", ["--quick"], []),
    ("bench_restoration.py", ["--quick", "--shapes", "realistic"], ["--shapes", "realistic"]),
    ("bench_restoration.py", ["--quick", "--shapes", "realdata"], ["--shapes", "realdata"]),
    ("bench_balance.py", ["--quick"], []),
    ("bench_mines.py", [], []),
    ("bench_idle.py", [], []),
    ("bench_ledger.py", ["--rows", "20000"], []),
    ("bench_pushdown.py", ["--concave", "--quick"], ["--concave"]),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="county scale instead of the quick sizes")
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    failed = []
    for script, quick, full in RUNS:
        command = [sys.executable, os.path.join(HERE, script)] + (full if args.full else quick)
        print("== " + " ".join([script] + command[2:]), flush=True)
        began = time.perf_counter()
        code = subprocess.call(command, env=env)
        print("== {0}: exit {1} after {2:.0f} s".format(script, code, time.perf_counter() - began), flush=True)
        if code:
            failed.append(script)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
