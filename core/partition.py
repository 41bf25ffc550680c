"""Is a survey a partition? Overlapping DLTB parcels (a township appended twice, merged sheets) count the same
ground twice and inflate every area drawn from them, so the analyses check the parcels they use first.

The check pairs the parcels whose bounding boxes meet (STRtree) and measures their overlaps with the area-only
overlay, which gives no piece for neighbours that only touch along a shared edge (rounding noise included).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np
import shapely

from . import crossings, overlay

FLAG = "调查图斑重叠"
"""The output flag of a feature measured against overlapping survey parcels (when the user lets the run proceed)."""
MIN_OVERLAP_M2 = 0.01
"""Overlaps below the ledger's precision (0.01 m²) change no reported figure: digitising noise, not a double count."""
BLOCK = 20_000
"""Used parcels whose edges are matched together (with their neighbours): bounds the working arrays."""
SNAP = 1e-6
"""Vertices this close (map units, metres) are one when edges are matched: neighbours computed the same shared
vertex in different order (densified or reprojected edges) differ in the last digits. Two such edges bound a
strip of at most SNAP × length, far below MIN_OVERLAP_M2, so no overlap worth reporting hides there."""


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
    """Overlaps among the parcels ``used`` (indices; default all) of ``geoms``, repaired polygons.

    Measuring every pair of neighbours is most of the cost on a big survey, so only the parcels that could be
    in an overlap are measured (``suspects``); the result is the same as measuring every pair.
    """
    used = np.arange(len(geoms)) if used is None else np.unique(np.asarray(used, dtype=np.int64))
    subset = geoms[used]
    mask, measured, known = _suspects(geoms, used, progress)
    suspect = np.flatnonzero(mask)
    ia, ib = overlay.candidates(subset[suspect], subset, predicate=None)
    first, second = np.minimum(suspect[ia], ib), np.maximum(suspect[ia], ib)
    pair = np.unique((first * len(used) + second)[first < second])
    pair = pair[~np.isin(pair, measured)]  # measured already while the suspects were found
    pieces = overlay.intersect(subset, subset, keep_geometry=False, progress=progress,
                               pairs=(pair // max(len(used), 1), pair % max(len(used), 1)))
    first = np.concatenate([known[0], pieces.left])
    second = np.concatenate([known[1], pieces.right])
    area = np.concatenate([known[2], pieces.area])
    real = area >= MIN_OVERLAP_M2
    order = np.lexsort((second[real], first[real]))
    return Overlaps(used[first[real][order]], used[second[real][order]], area[real][order])


def suspects(geoms: np.ndarray, used: np.ndarray, progress: Optional[overlay.ProgressCallback] = None) -> np.ndarray:
    """Mask over ``used`` (sorted indices into ``geoms``) of the parcels that may overlap another used parcel;
    every one that does is in it.

    Why this is enough: let c(x) be how many parcels contain a point x. Crossing an edge, c changes by how
    often the edge runs one way minus the other way (shells counter-clockwise, holes clockwise). An edge met
    exactly once the other way round, vertex for vertex (two neighbours' shared edge), changes nothing (to SNAP); call
    every other edge loose. A used parcel P with no loose edge of its own that overlaps a used parcel Q is
    then caught in one of two ways. If no loose edge runs through P's interior, c is the same all over P,
    and c ≥ 2 on P ∩ Q, so c ≥ 2 at any interior point of P (one point per parcel is tested). If a loose edge
    runs through P's interior, its parcel R overlaps P (so R's box meets P's: R is a neighbour), and every
    used parcel or neighbour with a loose edge is measured against the used parcels. So the suspects are the
    parcels with a loose edge, those whose interior point lies in a second parcel, and those a parcel with a
    loose edge overlaps. Duplicates, sheets appended twice and edges that do not share their vertices all
    give loose edges; a topologically clean survey has none. The used parcels are worked in spatial blocks
    with their neighbours and the neighbours' neighbours (whose edges meet the neighbours'), so memory stays
    bounded.
    """
    return _suspects(geoms, used, progress)[0]


def _suspects(geoms, used, progress):
    """(``suspects``, keys first × len(used) + second of the used pairs measured on the way, and those
    pairs' pieces as (first, second, area), indices into ``used``)."""
    suspect = np.zeros(len(used), dtype=bool)
    is_used = np.zeros(len(geoms), dtype=bool)
    is_used[used] = True
    rim = [np.zeros(0, dtype=np.int64)]  # used parcels and neighbours with a loose edge
    tree = shapely.STRtree(geoms)
    tree.query(geoms[:1])  # the tree is complete before threads share it
    blocks = _blocks(geoms[used])
    with ThreadPoolExecutor(max_workers=overlay.cores()) as pool:  # numpy and GEOS release the GIL
        for block, (flagged, loose) in zip(blocks, pool.map(lambda b: _block(geoms, used, b, tree, is_used), blocks)):
            suspect[block] = flagged
            rim.append(loose)
            if progress is not None and progress(0.0):
                raise overlay.Cancelled()
    # the used parcels that a parcel with a loose edge overlaps
    rim = np.unique(np.concatenate(rim))
    ia, ib = tree.query(geoms[rim])
    keep = is_used[ib] & (rim[ia] != ib)
    ia, ib = ia[keep], ib[keep]
    pieces = overlay.intersect(geoms[rim], geoms, keep_geometry=False, progress=progress, pairs=(ia, ib))
    suspect[np.searchsorted(used, pieces.right)] = True
    # pairs of two used parcels need not be measured again
    both = is_used[rim[ia]]
    a, b = np.searchsorted(used, rim[ia[both]]), np.searchsorted(used, ib[both])
    measured = np.unique(np.minimum(a, b) * len(used) + np.maximum(a, b))
    kept = is_used[rim[pieces.left]]
    a, b = np.searchsorted(used, rim[pieces.left[kept]]), np.searchsorted(used, pieces.right[kept])
    first, second = np.minimum(a, b), np.maximum(a, b)
    once = np.unique(first * len(used) + second, return_index=True)[1]  # a pair met from both of its sides
    return suspect, measured, (first[once], second[once], pieces.area[kept][once])


def _block(geoms, used, block, tree, is_used):
    """(suspect mask over ``block``, the block's used parcels and unused neighbours with a loose edge)."""
    members = used[block]
    near = np.union1d(members, tree.query(geoms[members])[1])
    wider = np.union1d(near, tree.query(geoms[near])[1])  # every edge of ``near`` meets its mate in here
    loose = near[_loose_parcels(geoms[wider])[np.searchsorted(wider, near)]]
    flagged = np.isin(members, loose)
    tight = np.flatnonzero(~flagged)
    if len(tight):  # one interior point of every other used parcel: in a second parcel?
        hits, _ = tree.query(shapely.point_on_surface(geoms[members[tight]]), predicate="intersects")
        flagged[tight[np.bincount(hits, minlength=len(tight)) > 1]] = True
    return flagged, loose[~is_used[loose] | np.isin(loose, members)]


def _blocks(geoms: np.ndarray) -> list:
    """Indices of ``geoms`` in spatial blocks of about BLOCK (a grid over their box centres)."""
    if not len(geoms):
        return []
    box = shapely.bounds(geoms)
    centre = np.column_stack([box[:, 0] + box[:, 2], box[:, 1] + box[:, 3]]) / 2.0
    missing = np.isnan(centre).any(axis=1)  # empty or missing geometries: any block will do
    centre[missing] = centre[~missing][0] if (~missing).any() else 0.0
    side = int(np.ceil(np.sqrt(len(geoms) / BLOCK)))
    low, span = centre.min(axis=0), np.maximum(np.ptp(centre, axis=0), 1e-9)
    cell = np.clip(((centre - low) / span * side).astype(np.int64), 0, side - 1)
    key = cell[:, 1] * side + cell[:, 0]
    order = np.argsort(key, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(key[order])) + 1)


def _loose_parcels(geoms: np.ndarray) -> np.ndarray:
    """True for the geometries with an edge not met exactly once the other way round, vertex for vertex to
    SNAP, in ``geoms``."""
    rings = crossings.rings_of(geoms)
    nxt = rings.nxt
    qx, qy = (np.round(v / SNAP).astype(np.int64) for v in (rings.x, rings.y))
    point = _hash(qx, qy)
    with np.errstate(over="ignore"):
        key = point + point[nxt]  # the same for an edge run either way
    order = np.argsort(key)
    key = key[order]
    same = key[1:] == key[:-1]
    # two edges alone under one key, the second running from the first's end to its start
    alone = same & np.append(True, ~same[:-1]) & np.append(~same[1:], True)
    first, second = order[:-1][alone], order[1:][alone]
    mates = (qx[first] == qx[nxt[second]]) & (qy[first] == qy[nxt[second]]) \
        & (qx[nxt[first]] == qx[second]) & (qy[nxt[first]] == qy[second])
    matched = np.zeros(len(qx), dtype=bool)
    matched[first[mates]] = matched[second[mates]] = True
    ring_geom = np.repeat(np.arange(len(rings.geom_ring) - 1), np.diff(rings.geom_ring))
    owner = np.repeat(ring_geom, np.diff(rings.ring_start))
    loose = np.bincount(owner[~matched], minlength=len(geoms)) > 0
    return loose | ~rings.supported


def _hash(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A 64-bit key of each point from its (whole-number) coordinates; equal points give equal keys (a
    collision only makes an edge loose: more work, never a missed overlap)."""
    with np.errstate(over="ignore"):
        key = x.view(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        key ^= key >> np.uint64(29)
        key ^= y.view(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
        key *= np.uint64(0x165667B19E3779F9)
        key ^= key >> np.uint64(32)
    return key
