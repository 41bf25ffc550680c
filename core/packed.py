"""Geometries held as WKB and made into shapely geometries only where they are worked on.

A county's survey as GEOS geometries costs about 1.1 GB per million parcels of 37 vertices (GEOS before 3.12
keeps three doubles per vertex, plus its objects); as WKB it is 0.6 GB. The overlay and the overlap check take
the parcels chunk by chunk or block by block, so only those are ever GEOS geometries at once.
"""
from __future__ import annotations

from typing import Optional

import numpy as np
import shapely

from .wkb import blob_sizes


class Packed:
    """An array of geometries as WKB (None for a missing one) with their bounding boxes and planar areas
    (measured when the geometries were made, as ``shapely.bounds`` and ``shapely.area`` give them) and the
    blobs' sizes (``wkb.blob_sizes``; read from the WKB in numpy, they spare asking each blob for it there).

    Indexed like a numpy array: ``packed[index]`` is a fresh shapely array (an int for one geometry);
    ``packed[index] = geoms`` stores replacements (repaired geometries).
    """

    def __init__(self, wkb: np.ndarray, bounds: np.ndarray, area: np.ndarray, sizes: Optional[np.ndarray] = None):
        self.wkb = np.asarray(wkb, dtype=object)
        self.bounds = np.asarray(bounds, dtype=float).reshape(-1, 4)
        self.area = np.asarray(area, dtype=float)
        self.sizes = blob_sizes(self.wkb) if sizes is None else np.asarray(sizes, dtype=np.int64)

    @classmethod
    def of(cls, geoms: np.ndarray) -> "Packed":
        return cls(shapely.to_wkb(geoms), shapely.bounds(geoms), shapely.area(geoms))

    def __len__(self) -> int:
        return len(self.wkb)

    def __getitem__(self, index):
        return shapely.from_wkb(self.wkb[index])

    def __setitem__(self, index, geoms) -> None:
        self.wkb[index] = blobs = shapely.to_wkb(geoms)
        self.bounds[index] = shapely.bounds(geoms)
        self.area[index] = shapely.area(geoms)
        self.sizes[index] = blob_sizes(blobs)


def bounds_of(geoms) -> np.ndarray:
    """(n, 4) bounding boxes of a shapely array or a Packed one (NaN for missing or empty geometries)."""
    return geoms.bounds if isinstance(geoms, Packed) else shapely.bounds(geoms)


def areas_of(geoms) -> np.ndarray:
    """Planar areas of a shapely array or a Packed one (NaN for missing geometries)."""
    return geoms.area.copy() if isinstance(geoms, Packed) else shapely.area(geoms)


def take(geoms, index: np.ndarray):
    """``geoms[index]`` of the same kind: a Packed array's subset stays WKB (no geometry is made)."""
    if isinstance(geoms, Packed):
        return Packed(geoms.wkb[index], geoms.bounds[index], geoms.area[index], geoms.sizes[index])
    return geoms[index]


def envelopes(geoms, index: Optional[np.ndarray] = None) -> np.ndarray:
    """Geometries that stand for ``geoms[index]`` in a bounding-box query: the geometries themselves, or for a
    Packed array their boxes (cheaper than its geometries, and the same to a query without a predicate)."""
    index = slice(None) if index is None else index
    if not isinstance(geoms, Packed):
        return geoms[index]
    box = geoms.bounds[index]
    out = np.full(len(box), None, dtype=object)
    present = ~np.isnan(box).any(axis=1)
    out[present] = shapely.box(*box[present].T)
    return out


def as_array(geoms):
    """A Packed array as it is, anything else as a numpy object array."""
    return geoms if isinstance(geoms, Packed) else np.asarray(geoms, dtype=object)
