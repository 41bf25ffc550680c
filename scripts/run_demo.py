"""Run every analysis headless on the bundled sample county and write the ledgers.

Usage: python scripts/run_demo.py --output output
Each step lives in scripts/demo_steps/<name>.py with a ``run(demo)`` function.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(ROOT, ".build", "plugins")
SAMPLE = os.path.join(ROOT, "sample_data", "sample_county.gpkg")
STEPS = ["farmland", "idle", "mines", "ledgers", "chasing"]  # ledgers and chasing last: they use what the others wrote


class Demo:
    """What a step needs: sample layer URIs, the output folder and a processing runner."""

    def __init__(self, output: str):
        self.output = output
        self.sample = SAMPLE

    def layer(self, name: str) -> str:
        return f"{self.sample}|layername={name}"

    def path(self, filename: str) -> str:
        """An output path; says so when a previous demo result is being replaced."""
        target = os.path.join(self.output, filename)
        if os.path.exists(target):
            print(f"  replacing {os.path.relpath(target, ROOT)} from an earlier demo run")
            if os.path.isfile(target):
                os.remove(target)
        return target

    def run(self, algorithm: str, params: dict) -> dict:
        import processing
        from qgis.core import QgsProcessingFeedback

        return processing.run("landsupervision:" + algorithm, params, feedback=QgsProcessingFeedback())


def start_qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, PLUGIN_PATH)
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from land_supervision.processing.provider import LandSupervisionProvider

    app.land_supervision_provider = LandSupervisionProvider()  # the registry does not keep the Python object alive
    QgsApplication.processingRegistry().addProvider(app.land_supervision_provider)
    return app


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", default=os.path.join(ROOT, "output"))
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    app = start_qgis()
    demo = Demo(args.output)
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    failures = 0
    for name in STEPS:
        print(f"== {name}")
        began = time.perf_counter()
        try:
            importlib.import_module(f"demo_steps.{name}").run(demo)
        except Exception as exc:  # report and go on: one broken step must not hide the others
            failures += 1
            print(f"  FAILED: {exc}")
        print(f"  ({time.perf_counter() - began:.1f} s)")
    print(f"Results in {os.path.relpath(args.output, ROOT)}/")
    app.exitQgis()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
