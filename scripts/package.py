"""Build the zip a user installs: land_supervision/ with only what the plugin needs.

Tracked files only (git ls-files), minus development folders; compiled .qm
translations are added. No tests, caches or .pyc end up in the zip.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN = "land_supervision"
# docs/ ships: the help pages are rendered from docs/USER_GUIDE.md and its images (guide.py).
EXCLUDED_DIRS = ("tests/", "scripts/", "benchmarks/", "sample_data/", ".ci/", ".github/")
EXCLUDED_FILES = ("Makefile", "requirements.txt", "constraints.txt", "pytest.ini", ".gitignore", "setup.cfg")
SAMPLE_KEEP = ("sample_data/sample_county.gpkg", "sample_data/README.md")


def included(path: str) -> bool:
    if path in SAMPLE_KEEP:  # the menu's "load sample county" needs it
        return True
    if path.startswith(EXCLUDED_DIRS) or path in EXCLUDED_FILES or path.endswith((".pyc", ".ts")):
        return False
    return "__pycache__" not in path


def files() -> list:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    chosen = [p for p in tracked if included(p) and os.path.isfile(os.path.join(ROOT, p))]
    i18n = os.path.join(ROOT, "i18n")
    chosen += sorted("i18n/" + f for f in os.listdir(i18n) if f.endswith(".qm"))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files():
            archive.write(os.path.join(ROOT, path), f"{PLUGIN}/{path}")
    os.replace(tmp, args.output)
    print(f"wrote {os.path.relpath(args.output)}")


if __name__ == "__main__":
    main()
