"""Is a survey a partition? Overlapping DLTB parcels (a township appended twice, merged sheets) count the same
ground twice and inflate every area drawn from them, so the analyses check the parcels they use first.

The check pairs the parcels whose bounding boxes meet (STRtree) and measures their overlaps with the area-only
overlay, which gives no piece for neighbours that only touch along a shared edge (rounding noise included).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np

from . import overlay

FLAG = "调查图斑重叠"
"""The output flag of a feature measured against overlapping survey parcels (when the user lets the run proceed)."""
MIN_OVERLAP_M2 = 0.01
"""Overlaps below the ledger's precision (0.01 m²) change no reported figure: digitising noise, not a double count."""


@dataclass
class Overlaps:
    """Overlapping pairs (indices into the survey, first < second) and the planar area of each overlap."""

    first: np.ndarray
    second: np.ndarray
    area: np.ndarray

    def __len__(self) -> int:
        return len(self.first)

    @property
    def total(self) -> float:
        return float(self.area.sum())

    def parcels(self) -> np.ndarray:
        """Every parcel in an overlap, sorted."""
        return np.unique(np.concatenate([self.first, self.second]))

    def touched(self, left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
        """Mask of the ``n`` features whose pieces (``left`` feature, ``right`` survey parcel) use an overlapping
        parcel."""
        hit = np.isin(right, self.parcels())
        mask = np.zeros(n, dtype=bool)
        mask[np.asarray(left)[hit]] = True
        return mask

    def examples(self, ids: Sequence[object], limit: int = 10) -> List[str]:
        """'id1/id2 (12.50 m²)' for the largest overlaps."""
        order = np.argsort(-self.area, kind="stable")[:limit]
        return ["{0}/{1} ({2:.2f} m²)".format(ids[self.first[k]], ids[self.second[k]], self.area[k]) for k in order]


def find_overlaps(geoms: np.ndarray, used: Optional[np.ndarray] = None,
                  progress: Optional[overlay.ProgressCallback] = None) -> Overlaps:
    """Overlaps among the parcels ``used`` (indices; default all) of ``geoms``, repaired polygons."""
    used = np.arange(len(geoms)) if used is None else np.unique(np.asarray(used, dtype=np.int64))
    subset = geoms[used]
    ia, ib = overlay.candidates(subset, subset, predicate=None)
    keep = ia < ib
    pieces = overlay.intersect(subset, subset, keep_geometry=False, progress=progress, pairs=(ia[keep], ib[keep]))
    real = pieces.area >= MIN_OVERLAP_M2
    return Overlaps(used[pieces.left[real]], used[pieces.right[real]], pieces.area[real])
