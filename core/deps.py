"""Python dependencies, checked before anything imports them, and how to install them here."""
from __future__ import annotations

import importlib
import sys
from typing import Dict, List, Optional, Tuple

REQUIRED = (("shapely", 2), ("pandas", None), ("openpyxl", None))
# The major versions the plugin is tested with (a pandas 3 or shapely 3 would be untried).
PACKAGES = '"shapely>=2,<3" "pandas>=2,<3" openpyxl'
# Debian/Ubuntu releases whose own packages are new enough (shapely 2): Debian 13, Ubuntu 24.04 and later.
APT_FROM = {"debian": 13, "ubuntu": 24}
APT_PACKAGES = "python3-shapely python3-pandas python3-openpyxl"
# Needed by one feature only: the rest of the plugin works without them. module -> (pip name, Debian package).
OPTIONAL = {"docx": ("python-docx", "python3-docx")}


def missing() -> List[str]:
    """Names (with the version wanted) of required packages that cannot be imported."""
    absent = []
    for module, major in REQUIRED:
        try:
            loaded = importlib.import_module(module)
        except ImportError:
            absent.append(module if major is None else f"{module}>={major}")
            continue
        if major is not None and _major(getattr(loaded, "__version__", "0")) < major:
            absent.append(f"{module}>={major}")
    return absent


def missing_optional(module: str) -> str:
    """The pip name of optional ``module`` when it cannot be imported, else ''."""
    try:
        importlib.import_module(module)
    except ImportError:
        return OPTIONAL[module][0]
    return ""


def _major(version: str) -> int:
    head = str(version).split(".")[0]
    return int(head) if head.isdigit() else 0


def os_release(path: str = "/etc/os-release") -> Dict[str, str]:
    """The KEY=value pairs of a Linux distribution's os-release file (empty when there is none)."""
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return {}
    pairs = (line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))
    return {key.strip(): value.strip().strip('"') for key, value in pairs}


def numpy_version() -> Optional[str]:
    try:
        import numpy
    except ImportError:
        return None
    return numpy.__version__


def install_command(pip: str = PACKAGES, apt: str = APT_PACKAGES, platform: str = sys.platform,
                    release: Optional[Dict[str, str]] = None, numpy: Optional[str] = "") -> Tuple[str, str]:
    """(where, command) that installs the ``pip`` packages (Debian names ``apt``) into the Python QGIS runs on
    this machine; by default the required ones.

    ``where`` is "osgeo4w" (Windows: run in the OSGeo4W Shell), "apt" (a Debian/Ubuntu release with shapely 2
    packages) or "pip" (any other system). pip installs for the user and pins numpy to the version QGIS has
    (``numpy=None``: no pin): a newer numpy pulled in by pandas or shapely would break QGIS's own compiled
    modules (GDAL, matplotlib).
    """
    if numpy == "":
        numpy = numpy_version()
    keep_numpy = f' "numpy=={numpy}"' if numpy else ""
    if platform.startswith("win"):
        return "osgeo4w", f"python -m pip install --user {pip}{keep_numpy}"
    release = os_release() if release is None else release
    distribution = release.get("ID", "")
    version = _major(release.get("VERSION_ID", "0"))
    if distribution in APT_FROM and version >= APT_FROM[distribution]:
        return "apt", f"sudo apt install {apt}"
    # Debian 12 marks its Python as externally managed (PEP 668): a --user install must say so there.
    managed = " --break-system-packages" if distribution == "debian" and version >= 12 else ""
    return "pip", f"python3 -m pip install --user{managed} {pip}{keep_numpy}"


def optional_install_command(module: str, **where) -> Tuple[str, str]:
    """``install_command`` for optional ``module`` (no numpy pin: none of them needs numpy)."""
    pip, apt = OPTIONAL[module]
    return install_command(pip, apt, numpy=None, **where)
