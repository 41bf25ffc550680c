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
from .packed import bounds_of, take

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


def find_overlaps(geoms, used: Optional[np.ndarray] = None,
                  progress: Optional[overlay.ProgressCallback] = None) -> Overlaps:
    """Overlaps among the parcels ``used`` (indices; default all) of ``geoms`` (repaired polygons, a shapely or
    a Packed array).

    Measuring every pair of neighbours is most of the cost on a big survey, so only the parcels that could be
    in an overlap are measured (``suspects``); the result is the same as measuring every pair.
    """
    used = np.arange(len(geoms)) if used is None else np.unique(np.asarray(used, dtype=np.int64))
    mask, measured, known = _suspects(geoms, used, progress)
    suspect = used[mask]
    ia, ib = overlay.candidates(take(geoms, suspect), take(geoms, used), predicate=None)  # boxes meet
    first, second = np.minimum(suspect[ia], used[ib]), np.maximum(suspect[ia], used[ib])
    n = max(len(geoms), 1)
    pair = np.unique((first * n + second)[first < second])
    pair = pair[~np.isin(pair, measured)]  # measured already while the suspects were found
    pieces = overlay.intersect(geoms, geoms, keep_geometry=False, progress=progress, pairs=(pair // n, pair % n))
    first = np.concatenate([known[0], pieces.left])
    second = np.concatenate([known[1], pieces.right])
    area = np.concatenate([known[2], pieces.area])
    real = area >= MIN_OVERLAP_M2
    order = np.lexsort((second[real], first[real]))
    return Overlaps(first[real][order], second[real][order], area[real][order])


def suspects(geoms, used: np.ndarray, progress: Optional[overlay.ProgressCallback] = None) -> np.ndarray:
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
    with their neighbours and the neighbours' neighbours (whose edges meet the neighbours'): only a block's
    parcels are geometries at once (of a Packed survey), and the working arrays stay bounded.
    """
    return _suspects(geoms, used, progress)[0]


def _suspects(geoms, used, progress):
    """(``suspects``, keys first × len(geoms) + second of the used pairs measured on the way, and those
    pairs' pieces as (first, second, area), first < second, indices into ``geoms``)."""
    bounds = bounds_of(geoms)
    suspect = np.zeros(len(used), dtype=bool)
    is_used = np.zeros(len(geoms), dtype=bool)
    is_used[used] = True
    pairs, pieces = [], []
    blocks = _blocks(bounds[used])
    boxes = _Boxes(bounds)
    with ThreadPoolExecutor(max_workers=overlay.cores()) as pool:  # numpy and GEOS release the GIL
        for block, (flagged, measured, piece) in zip(
                blocks, pool.map(lambda b: _block(geoms, boxes, used, b, is_used), blocks)):
            suspect[block] = flagged
            pairs.append(measured)
            pieces.append(piece)
            if progress is not None and progress(0.0):
                raise overlay.Cancelled()
    rim, partner = (np.concatenate([p[k] for p in pairs] or [np.zeros(0, dtype=np.int64)]) for k in (0, 1))
    left, right, area = (np.concatenate([p[k] for p in pieces] or [np.zeros(0)]) for k in (0, 1, 2))
    left, right = left.astype(np.int64), right.astype(np.int64)
    suspect[np.searchsorted(used, right)] = True  # the used parcels that a parcel with a loose edge overlaps
    # pairs of two used parcels need not be measured again
    n = max(len(geoms), 1)
    both = is_used[rim]
    measured = np.unique(np.minimum(rim, partner)[both] * n + np.maximum(rim, partner)[both])
    kept = is_used[left]
    first, second = np.minimum(left, right)[kept], np.maximum(left, right)[kept]
    # a pair met from both of its sides, or an unused parcel measured by two blocks, is kept once
    once = np.unique(first * n + second, return_index=True)[1]
    return suspect, measured, (first[once], second[once], area[kept][once])


def _block(geoms, boxes, used, block, is_used):
    """(suspect mask over ``block``, the (loose parcel, used partner) pairs measured here, their pieces as
    (parcel, partner, area)); indices into ``geoms``.

    The loose parcels measured here are the block's used ones and its unused neighbours (which a neighbouring
    block may measure too)."""
    members = used[block]
    near = _neighbours(boxes, members)
    wider = _neighbours(boxes, near)  # every edge of ``near`` meets its mate in here
    local = geoms[wider]  # the only geometries of the block (made from WKB here, for a Packed survey)

    def at(index):
        return np.searchsorted(wider, index)

    loose = near[_loose_parcels(crossings.rings_at(geoms, wider))[at(near)]]
    flagged = np.isin(members, loose)
    tree = shapely.STRtree(local)
    tight = np.flatnonzero(~flagged)
    if len(tight):  # one interior point of every other used parcel: in a second parcel?
        hits, _ = tree.query(shapely.point_on_surface(local[at(members[tight])]), predicate="intersects")
        flagged[tight[np.bincount(hits, minlength=len(tight)) > 1]] = True
    rim = loose[~is_used[loose] | np.isin(loose, members)]
    ia, ib = tree.query(local[at(rim)])  # a loose parcel's used partners are neighbours of ``near``: in here
    keep = is_used[wider[ib]] & (rim[ia] != wider[ib])
    ia, ib = ia[keep], ib[keep]
    piece = overlay.intersect(local[at(rim)], local, keep_geometry=False, pairs=(ia, ib))
    return flagged, (rim[ia], wider[ib]), (rim[piece.left], wider[piece.right], piece.area)


class _Boxes:
    """The parcels' bounding boxes sorted by centre x: the parcels whose box meets a box are looked for only
    in the strip of centres that can reach it (half the widest box on either side)."""

    def __init__(self, bounds: np.ndarray):
        self.bounds = bounds
        centre = (bounds[:, 0] + bounds[:, 2]) / 2.0
        present = np.flatnonzero(~np.isnan(centre))  # empty or missing geometries meet nothing
        self.order = present[np.argsort(centre[present], kind="stable")]
        self.centre = centre[self.order]
        half = float(np.max(bounds[present, 2] - bounds[present, 0])) / 2.0 if len(present) else 0.0
        self.reach = half + 1e-6 * (half + 1.0)  # a margin for the rounding of the centres: more, never fewer

    def meeting(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """Sorted indices of the parcels whose box meets the box from ``low`` to ``high``."""
        lo = int(np.searchsorted(self.centre, low[0] - self.reach, side="left"))
        hi = int(np.searchsorted(self.centre, high[0] + self.reach, side="right"))
        strip = self.order[lo:hi]
        box = self.bounds[strip]
        hit = (box[:, 0] <= high[0]) & (box[:, 2] >= low[0]) & (box[:, 1] <= high[1]) & (box[:, 3] >= low[1])
        return np.sort(strip[hit])


def _neighbours(boxes: _Boxes, index: np.ndarray) -> np.ndarray:
    """``index`` and every parcel whose bounding box meets the box around all of theirs, sorted: a few more
    than the parcels whose box meets one of theirs, for a compact group (a block), and found in numpy."""
    box = boxes.bounds[index]
    box = box[~np.isnan(box).any(axis=1)]
    if not len(box):
        return np.unique(index)
    return np.union1d(index, boxes.meeting(box[:, :2].min(axis=0), box[:, 2:].max(axis=0)))


def _blocks(bounds: np.ndarray) -> list:
    """Positions in ``bounds`` (boxes of parcels) in spatial blocks of about BLOCK (a grid over the box centres)."""
    if not len(bounds):
        return []
    box = bounds
    centre = np.column_stack([box[:, 0] + box[:, 2], box[:, 1] + box[:, 3]]) / 2.0
    missing = np.isnan(centre).any(axis=1)  # empty or missing geometries: any block will do
    centre[missing] = centre[~missing][0] if (~missing).any() else 0.0
    side = int(np.ceil(np.sqrt(len(box) / BLOCK)))
    low, span = centre.min(axis=0), np.maximum(np.ptp(centre, axis=0), 1e-9)
    cell = np.clip(((centre - low) / span * side).astype(np.int64), 0, side - 1)
    key = cell[:, 1] * side + cell[:, 0]
    order = np.argsort(key, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(key[order])) + 1)


def _loose_parcels(rings: crossings.Rings) -> np.ndarray:
    """True for the geometries with an edge not met exactly once the other way round, vertex for vertex to
    SNAP, among the geometries of ``rings``."""
    nxt = rings.nxt
    qx, qy = (np.round(v / SNAP).astype(np.int64) for v in (rings.x, rings.y))
    point = _hash(qx, qy)
    with np.errstate(over="ignore"):
        key = point + point[nxt]  # the same for an edge run either way
    # sorted with each edge's index in the low bits (a plain sort is twice as fast as an argsort); the key's
    # high bits alone are compared, so a collision of them only makes edges loose
    bits = np.uint64(max(1, int(len(key)).bit_length()))
    low = (np.uint64(1) << bits) - np.uint64(1)
    packed = np.sort((key & ~low) | np.arange(len(key), dtype=np.uint64))
    order = (packed & low).astype(np.int64)
    key = packed >> bits
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
    loose = np.bincount(owner[~matched], minlength=len(rings.supported)) > 0
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
