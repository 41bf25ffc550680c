"""Take the user-guide screenshots: real QGIS under Xvfb, fresh profile, plugin enabled, Chinese locale.

Usage: python3 scripts/screenshots.py [--out docs/images] [--locale zh-Hans] [--review]
(--review: every dialog at QGIS's default size, every settings page and every styled result map, for a person
to look at; see scripts/review_steps.py)
Needs xvfb-run and QGIS; run `make pluginlink` first. Look at every picture before committing it.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY_MINOR = 11  # Debian bookworm's python3.11, which QGIS embeds; the venv holds shapely 2, pandas, openpyxl

INI = """[PythonPlugins]
land_supervision=true

[locale]
userLocale={locale}
overrideFlag=true
globalLocale={locale}

[qgis]
checkVersion=false
showTips322=false
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "images"))
    parser.add_argument("--only", default="", help="take only the pictures of these steps (e.g. import)")
    parser.add_argument("--locale", default="zh-Hans", help="QGIS's code for Simplified Chinese (zh_CN works too)")
    parser.add_argument("--review", action="store_true", help="the review set instead of the guide's pictures")
    args = parser.parse_args()
    steps = "review_steps.py" if args.review else "screenshot_steps.py"
    profiles = tempfile.mkdtemp(prefix="ls_profiles_")
    ini_dir = os.path.join(profiles, "profiles", "default", "QGIS")
    os.makedirs(ini_dir)
    with open(os.path.join(ini_dir, "QGIS3.ini"), "w", encoding="utf-8") as handle:
        handle.write(INI.format(locale=args.locale))
    env = dict(os.environ, QGIS_PLUGINPATH=os.path.join(ROOT, ".build", "plugins"),
               LS_SHOTS_DIR=os.path.abspath(args.out),
               LS_SAMPLE=os.path.join(ROOT, "sample_data", "sample_county.gpkg"),
               PYTHONPATH=os.path.join(ROOT, ".venv", "lib", "python3.{0}".format(PY_MINOR), "site-packages"),
               LANG="zh_CN.UTF-8", QT_QPA_PLATFORM="xcb", LS_SHOTS_ONLY=args.only)
    env.pop("XDG_RUNTIME_DIR", None)
    # QGIS's embedded Python must find Debian's python3 first on PATH (a pyenv shim breaks `import qgis`).
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".pyenv" not in p)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "/usr/bin/qgis", "--profiles-path", profiles,
               "--noversioncheck", "--nologo", "--code", os.path.join(ROOT, "scripts", steps)]
    code = subprocess.run(command, env=env, timeout=600).returncode
    if not args.review:
        shrink(os.path.abspath(args.out))
    return code


# name -> ImageMagick options: crop full-screen grabs to what the guide talks about; keep each PNG small.
TRIM = {
    "menu": ["-crop", "1160x340+0+0"],
    "restoration_map": ["-crop", "1300x860+300+130", "-resize", "1100x"],
}


def shrink(folder: str) -> None:
    if shutil.which("convert") is None:
        print("ImageMagick not found: pictures left at full size")
        return
    for name in ("menu", "restoration_map", "toolbox", "algorithm_dialog", "ledger_dialog", "settings_dialog",
                 "import_dialog"):
        path = os.path.join(folder, name + ".png")
        if os.path.exists(path):
            subprocess.run(["convert", path, *TRIM.get(name, []), "+repage", "-colors", "192", "-strip", path],
                           check=True)


if __name__ == "__main__":
    sys.exit(main())
