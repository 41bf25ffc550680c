"""Python dependencies, checked before anything imports them."""
from __future__ import annotations

import importlib
from typing import List

REQUIRED = (("shapely", "2"), ("pandas", None), ("openpyxl", None))
INSTALL_HINT = 'python3 -m pip install "shapely>=2" pandas openpyxl'
# Needed by one feature only: the rest of the plugin works without them. module -> pip name.
OPTIONAL = {"docx": "python-docx"}


def missing() -> List[str]:
    """Names (with the version wanted) of required packages that cannot be imported."""
    absent = []
    for module, major in REQUIRED:
        try:
            loaded = importlib.import_module(module)
        except ImportError:
            absent.append(module if major is None else f"{module}>={major}")
            continue
        if major is not None and not str(getattr(loaded, "__version__", "0")).startswith(major):
            absent.append(f"{module}>={major}")
    return absent


def missing_optional(module: str) -> str:
    """The pip name of optional ``module`` when it cannot be imported, else ''."""
    try:
        importlib.import_module(module)
    except ImportError:
        return OPTIONAL[module]
    return ""


def install_command(package: str) -> str:
    return f"python3 -m pip install {package}"
