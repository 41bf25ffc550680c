"""Output files: where a destination writes, whether it can, and removing what a failed run made."""
from __future__ import annotations

import os
from typing import Optional

from ..translate import tr

SIDE_FILES = ("-journal", "-wal", "-shm")  # SQLite (GeoPackage) companions
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd")


def file_of(destination: str) -> str:
    """The file a destination writes ('' for memory layers, databases and other non-file outputs)."""
    if not destination or destination.startswith(("memory:", "ogr:", "postgres:", "postgis:", "spatialite:")) \
            or "://" in destination:
        return ""
    return os.path.abspath(destination.split("|", 1)[0])


def unwritable(path: str) -> Optional[str]:
    """Why ``path`` cannot be written, or None."""
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        return tr("the folder {0} does not exist").format(folder)
    if os.path.isdir(path):
        return tr("{0} is a folder").format(path)
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return tr("{0} is not writable").format(path if os.path.exists(path) else folder)
    return None


def remove(path: str) -> None:
    """Remove an output file this run created, with its companion files."""
    base, ext = os.path.splitext(path)
    parts = [base + p for p in SHAPEFILE_PARTS] if ext.lower() == ".shp" else [path] + [path + s for s in SIDE_FILES]
    for part in parts:
        if os.path.exists(part):
            os.remove(part)
