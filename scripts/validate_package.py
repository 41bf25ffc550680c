"""Check a plugin zip against the plugins.qgis.org upload rules, then run bandit on it.

Usage: python scripts/validate_package.py dist/land_supervision-0.1.0.zip
Exits non-zero and lists every problem found.
"""
from __future__ import annotations

import configparser
import os
import subprocess
import sys
import tempfile
import zipfile

PLUGIN = "land_supervision"
REQUIRED_METADATA = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
                     "repository", "tracker", "homepage")
FORBIDDEN_PARTS = ("__pycache__", ".git", "tests/", ".pytest_cache", ".venv", ".build")
MAX_BYTES = 20 * 1024 * 1024


def check_zip(path: str) -> list:
    problems = []
    if os.path.getsize(path) > MAX_BYTES:
        problems.append(f"zip larger than {MAX_BYTES} bytes")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        tops = {name.split("/", 1)[0] for name in names}
        if tops != {PLUGIN}:
            problems.append(f"zip must hold exactly one folder '{PLUGIN}', found {sorted(tops)}")
        for name in names:
            if name.endswith((".pyc", ".pyo")) or any(part in name for part in FORBIDDEN_PARTS):
                problems.append(f"not allowed in the zip: {name}")
        for needed in ("__init__.py", "metadata.txt", "LICENSE"):
            if f"{PLUGIN}/{needed}" not in names:
                problems.append(f"missing {needed} in the plugin folder")
        if f"{PLUGIN}/metadata.txt" in names:
            parser = configparser.ConfigParser()
            parser.read_string(archive.read(f"{PLUGIN}/metadata.txt").decode("utf-8"))
            general = parser["general"] if parser.has_section("general") else {}
            for key in REQUIRED_METADATA:
                if not general.get(key, "").strip():
                    problems.append(f"metadata.txt: '{key}' is missing or empty")
            icon = general.get("icon", "")
            if icon and f"{PLUGIN}/{icon}" not in names:
                problems.append(f"metadata.txt: icon {icon} not in the zip")
    return problems


def run_bandit(path: str) -> list:
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
        result = subprocess.run([sys.executable, "-m", "bandit", "-r", "-q", os.path.join(folder, PLUGIN)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            return ["bandit findings:\n" + result.stdout + result.stderr]
    return []


def main() -> int:
    path = sys.argv[1]
    problems = check_zip(path) + run_bandit(path)
    for problem in problems:
        print("FAIL:", problem)
    if not problems:
        print(f"{path}: passes the upload rules and bandit")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
