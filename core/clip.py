"""Intersection areas of polygon pairs where one side is convex, without GEOS (vectorized clipping).

GEOS spends about 40 µs setting up each overlay whatever the polygons' size, which dominates a county
of small parcels. When one polygon C of a pair is convex, area(C ∩ S) needs no overlay: clipping every
ring of S by the half-planes of C's edges (Sutherland–Hodgman) keeps the ring's winding number inside C
and removes it outside, so the signed areas of the clipped rings add up to the area of C ∩ S for any
valid S: concave, with holes or parts, sharing edges or vertices with C. All pairs of a batch are
clipped at once with numpy; the number of steps is the clipper's corner count.

Coordinates are taken relative to a corner of the clipper (an exact subtraction at map scale), so
results agree with GEOS to rounding: what rounding at the polygon's coordinates can produce (its
``noise``) bounds the vertices dropped as straight and the results read as "only touching".
Geometries must be valid (the overlay repairs them first).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import shapely

ROUNDING = 1e-14
"""Noise of a polygon = ROUNDING × (largest |coordinate| + span) × span: about 50 times what double
rounding of its coordinates moves an area by (a point placed on a shared edge is off the line by ~1e-16
of the coordinates)."""
MAX_WORK = 1024
"""Clip steps × subject vertices above which a pair is left to GEOS (about where GEOS becomes quicker)."""
CHEAP_WORK = 256
"""Below this the first side's corners clip the pair: the second side's corners are not looked for."""
BATCH_VERTICES = 400_000
"""Subject vertices clipped together (keeps the working arrays in cache)."""


@dataclass
class Rings:
    """The rings of an array of polygonal geometries as flat vertex arrays (closing vertex dropped)."""

    x: np.ndarray
    y: np.ndarray
    ring_start: np.ndarray   # vertices of ring r: ring_start[r]:ring_start[r + 1]
    ring_sign: np.ndarray    # +1 or -1: sign × signed area of ring r is + for shells, - for holes
    geom_ring: np.ndarray    # rings of geometry g: geom_ring[g]:geom_ring[g + 1]

    def vertex_count(self) -> np.ndarray:
        return self.ring_start[self.geom_ring[1:]] - self.ring_start[self.geom_ring[:-1]]


def rings_of(geoms: np.ndarray) -> Rings:
    """Flat rings of polygons and multipolygons (other or missing geometries have no ring)."""
    geoms = np.asarray(geoms, dtype=object)
    types = shapely.get_type_id(geoms)
    # A polygon without holes is its own ring (get_coordinates reads its shell): no new objects for them.
    plain = (types == 3) & (shapely.get_num_interior_rings(geoms) == 0)
    other = np.flatnonzero(np.isin(types, (3, 6)) & ~plain)
    parts, part_geom = shapely.get_parts(geoms[other], return_index=True)
    part_rings, ring_part = shapely.get_rings(parts, return_index=True)
    simple = np.flatnonzero(plain)
    ring_geom = np.concatenate([simple, other[part_geom[ring_part]]])
    shell = np.concatenate([np.ones(len(simple), dtype=bool), np.diff(ring_part, prepend=-1) != 0])
    order = np.argsort(ring_geom, kind="stable")  # rings in geometry order, shell first
    rings = np.concatenate([geoms[simple], part_rings])[order]
    ring_geom, shell = ring_geom[order], shell[order]
    coords = shapely.get_coordinates(rings)
    sizes = shapely.get_num_coordinates(rings)
    keep = np.ones(len(coords), dtype=bool)
    keep[(np.cumsum(sizes) - 1)[sizes > 0]] = False  # the repeated first vertex of each ring
    counts = np.maximum(sizes - 1, 0)
    x, y = np.ascontiguousarray(coords[keep, 0]), np.ascontiguousarray(coords[keep, 1])
    _, nxt = _around(counts)
    area2 = _sum_by_run(x * y[nxt] - x[nxt] * y, counts)
    ring_sign = np.where(area2 >= 0, 1.0, -1.0) * np.where(shell, 1.0, -1.0)
    geom_ring = _offsets(np.bincount(ring_geom, minlength=len(geoms)))
    return Rings(x, y, _offsets(counts), ring_sign, geom_ring)


@dataclass
class Clippers:
    """Convex single-ring polygons reduced to their corners, counter-clockwise."""

    k: np.ndarray        # corners of geometry g (0 where g is not a usable convex polygon)
    start: np.ndarray    # corners of g: x[start[g]:start[g] + k[g]]
    x: np.ndarray
    y: np.ndarray
    noise: np.ndarray    # rounding scale of g (m²): results up to this are pairs that only touch


def convex_clippers(rings: Rings, wanted: Optional[np.ndarray] = None) -> Clippers:
    """The geometries (among ``wanted``, a boolean mask) that are convex polygons without holes, as corners.

    Straight-through vertices (collinear points, repeats) are dropped; a polygon is usable when what is
    left turns left at every corner and the pockets between it and the polygon (bounded by fans from
    the kept corners) total at most its noise. Others get k = 0.
    """
    count = len(rings.geom_ring) - 1
    single = np.diff(rings.geom_ring) == 1
    geom = np.flatnonzero(single if wanted is None else single & wanted)
    ring = rings.geom_ring[geom]                      # the only ring of each such geometry
    lo = rings.ring_start[ring]
    n = rings.ring_start[ring + 1] - lo
    v = _ranges(lo, n)
    x, y = rings.x[v], rings.y[v]
    noise = _noise(x, y, n)
    prev, nxt = _around(n)
    cross, dot = _turns(x, y, prev, nxt)
    repeat = (x == x[prev]) & (y == y[prev])
    corner = ((np.abs(cross) > 2.0 * np.repeat(noise, n)) | (dot < 0)) & ~repeat
    corners = _sum_by_run(corner, n).astype(np.int64)
    kx, ky = x[corner], y[corner]
    orient = rings.ring_sign[ring]                   # shells: +1 when counter-clockwise
    turn, _ = _turns(kx, ky, *_around(corners))
    right = _sum_by_run(turn * np.repeat(orient, corners) <= 0, corners)
    usable = (right == 0) & (corners >= 3) & (_pocket_bound(x, y, n, corner) <= noise)
    keep = np.repeat(usable, corners)
    order = _ccw_order(corners[usable], orient[usable])
    kx, ky = kx[keep][order], ky[keep][order]
    k = np.zeros(count, dtype=np.int64)
    k[geom[usable]] = corners[usable]
    all_noise = np.zeros(count)
    all_noise[geom] = noise
    return Clippers(k, _offsets(k)[:-1], kx, ky, all_noise)


@dataclass
class Shapes:
    """The rings of an array of geometries and, where convex, their corners: measured once, clipped often."""

    rings: Rings
    clippers: Clippers

    @classmethod
    def of(cls, geoms: np.ndarray, wanted: Optional[np.ndarray] = None) -> "Shapes":
        """``wanted``: the geometries whose corners may clip (default all)."""
        rings = rings_of(geoms)
        return cls(rings, convex_clippers(rings, wanted))


def shapes_for_pairs(a: np.ndarray, b: np.ndarray, ja: np.ndarray, jb: np.ndarray):
    """Shapes of A and of B for the pairs (ja, jb) into them; B's corners only where A's cannot clip cheaply."""
    shapes_a = Shapes.of(a)
    rings_b = rings_of(b)
    ka = shapes_a.clippers.k[ja]
    cheap = (ka > 0) & (ka * rings_b.vertex_count()[jb] <= CHEAP_WORK)
    wanted = np.zeros(len(b), dtype=bool)
    wanted[jb[~cheap]] = True
    return shapes_a, Shapes(rings_b, convex_clippers(rings_b, wanted))


def areas(a: Shapes, b: Shapes, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """area(a[ia] ∩ b[ib]) for every pair where one side is convex and clipping is cheap; NaN elsewhere."""
    result = np.full(len(ia), np.nan)
    ka, kb = a.clippers.k[ia], b.clippers.k[ib]
    work_a = np.where(ka > 0, ka * b.rings.vertex_count()[ib], np.inf)
    work_b = np.where(kb > 0, kb * a.rings.vertex_count()[ia], np.inf)
    by_a = (work_a <= work_b) & (work_a <= MAX_WORK)
    by_b = ~by_a & (work_b <= MAX_WORK)
    for mask, clipper, ci, subject, si in ((by_a, a, ia, b, ib), (by_b, b, ib, a, ia)):
        pairs = np.flatnonzero(mask)
        area = clipped_areas(clipper.clippers, ci[pairs], subject.rings, si[pairs])
        result[pairs] = np.where(area > clipper.clippers.noise[ci[pairs]], area, 0.0)
    return result


def clipped_areas(clip: Clippers, ci: np.ndarray, subject: Rings, si: np.ndarray) -> np.ndarray:
    """area(clipper ci[p] ∩ subject si[p]) for each pair p, in batches of similar clipper size."""
    out = np.zeros(len(ci))
    order = np.argsort(clip.k[ci], kind="stable")  # batches of equal corner counts waste no steps
    ends = np.cumsum(subject.vertex_count()[si[order]])
    cuts = np.searchsorted(ends, np.arange(BATCH_VERTICES, ends[-1], BATCH_VERTICES)) if len(ends) else []
    for batch in np.split(order, np.unique(cuts)):
        if len(batch):
            out[batch] = _clip_batch(clip, ci[batch], subject, si[batch])
    return out


def _clip_batch(clip: Clippers, ci: np.ndarray, subject: Rings, si: np.ndarray) -> np.ndarray:
    pairs = len(ci)
    first_ring = subject.geom_ring[si]
    ring_count = subject.geom_ring[si + 1] - first_ring
    ring_pair = np.repeat(np.arange(pairs), ring_count)
    src_ring = _ranges(first_ring, ring_count)
    lo = subject.ring_start[src_ring]
    n = subject.ring_start[src_ring + 1] - lo
    rid = np.repeat(np.arange(len(src_ring)), n)
    src = _ranges(lo, n)
    corner0 = clip.start[ci]
    ox, oy = clip.x[corner0], clip.y[corner0]  # local origin: exact differences at map scale
    pair_of = ring_pair[rid]
    x, y = subject.x[src] - ox[pair_of], subject.y[src] - oy[pair_of]
    k = clip.k[ci]
    for step in range(int(k.max())):
        p = corner0 + np.minimum(step, k - 1)
        q = corner0 + (step + 1) % k
        px, py = clip.x[p] - ox, clip.y[p] - oy
        dx, dy = clip.x[q] - clip.x[p], clip.y[q] - clip.y[p]
        active = k > step
        # inside the half-plane left of p→q: d = (q - p) × (v - p) >= 0; finished pairs keep everything
        ax, ay = np.where(active, -dy, 0.0), np.where(active, dx, 0.0)
        c = np.where(active, dy * px - dx * py, 1.0)
        pair_of = ring_pair[rid]
        d = ax[pair_of] * x + ay[pair_of] * y + c[pair_of]
        x, y, rid = _cut(x, y, rid, d)
    nxt = _next_in_run(rid)
    area2 = np.bincount(rid, weights=x * y[nxt] - x[nxt] * y, minlength=len(src_ring))
    return np.bincount(ring_pair, weights=area2 * subject.ring_sign[src_ring], minlength=pairs) / 2.0


def _cut(x: np.ndarray, y: np.ndarray, rid: np.ndarray, d: np.ndarray):
    """One Sutherland–Hodgman step on every ring: keep vertices with d >= 0, add the crossing points."""
    nxt = _next_in_run(rid)
    inside = d >= 0
    crossing = inside != inside[nxt]
    count = inside.astype(np.int64) + crossing
    pos = np.cumsum(count) - count
    total = int(pos[-1] + count[-1]) if len(count) else 0
    out_x, out_y = np.empty(total), np.empty(total)
    keep = np.flatnonzero(inside)
    out_x[pos[keep]], out_y[pos[keep]] = x[keep], y[keep]
    cut = np.flatnonzero(crossing)
    j = nxt[cut]
    t = d[cut] / (d[cut] - d[j])
    at = pos[cut] + inside[cut]
    out_x[at] = x[cut] + t * (x[j] - x[cut])
    out_y[at] = y[cut] + t * (y[j] - y[cut])
    return out_x, out_y, np.repeat(rid, count)


def _next_in_run(rid: np.ndarray) -> np.ndarray:
    """Index of the next vertex around each vertex's ring (rings are contiguous runs of equal ``rid``)."""
    n = len(rid)
    index = np.arange(n)
    start = np.ones(n, dtype=bool)
    start[1:] = rid[1:] != rid[:-1]
    end = np.ones(n, dtype=bool)
    end[:-1] = start[1:]
    first = np.maximum.accumulate(np.where(start, index, 0)) if n else index
    nxt = index + 1
    nxt[end] = first[end]
    return nxt


def _around(counts: np.ndarray):
    """(previous, next) index of every vertex of rings laid out one after another with ``counts`` vertices."""
    counts = np.asarray(counts, dtype=np.int64)
    index = np.arange(int(counts.sum()))
    first = _offsets(counts)[:-1][counts > 0]
    last = first + counts[counts > 0] - 1
    prev, nxt = index - 1, index + 1
    prev[first], nxt[last] = last, first
    return prev, nxt


def _turns(x, y, prev, nxt):
    """Cross and dot products of the edges into and out of each vertex."""
    ex0, ey0 = x - x[prev], y - y[prev]
    ex1, ey1 = x[nxt] - x, y[nxt] - y
    return ex0 * ey1 - ey0 * ex1, ex0 * ex1 + ey0 * ey1


def _noise(x, y, counts) -> np.ndarray:
    """ROUNDING × (largest |coordinate| + span) × span of each ring (rings laid out one after another)."""
    noise = np.zeros(len(counts))
    filled = counts > 0
    if not filled.any():
        return noise
    first = _offsets(counts)[:-1][filled]
    lo_x, hi_x = np.minimum.reduceat(x, first), np.maximum.reduceat(x, first)
    lo_y, hi_y = np.minimum.reduceat(y, first), np.maximum.reduceat(y, first)
    span = np.hypot(hi_x - lo_x, hi_y - lo_y)
    size = np.maximum(np.maximum(np.abs(lo_x), np.abs(hi_x)), np.maximum(np.abs(lo_y), np.abs(hi_y)))
    noise[filled] = ROUNDING * (size + span) * span
    return noise


def _pocket_bound(x, y, counts, corner) -> np.ndarray:
    """Per ring, an upper bound of the area between the ring and the polygon of its corners.

    Each run of dropped vertices between corners a and b encloses a pocket with the chord a→b; the fan
    triangles from a over the run's edges cover it, so their absolute areas bound it.
    """
    _, nxt = _around(counts)
    index = np.arange(len(x))
    marked = np.where(corner, index, -1)
    last = np.maximum.accumulate(marked) if len(x) else index
    first = np.repeat(_offsets(counts)[:-1], counts)
    ring_last = np.full(len(counts), -1)
    filled = counts > 0
    if filled.any():
        ring_last[filled] = np.maximum.reduceat(marked, _offsets(counts)[:-1][filled])
    # vertices before a ring's first corner belong to the run that starts at the ring's last corner
    a = np.where(last < first, np.repeat(ring_last, counts), last)
    a = np.where(a < 0, index, a)
    ax, ay = x[a], y[a]
    fan = np.abs((x - ax) * (y[nxt] - ay) - (y - ay) * (x[nxt] - ax)) / 2.0
    return _sum_by_run(fan, counts)


def _ccw_order(counts: np.ndarray, orient: np.ndarray) -> np.ndarray:
    """Order of corners laid out with ``counts`` per polygon that reverses the clockwise polygons."""
    index = np.arange(int(counts.sum()))
    first = np.repeat(_offsets(counts)[:-1], counts)
    last = first + np.repeat(counts, counts) - 1
    return np.where(np.repeat(orient, counts) > 0, index, first + last - index)


def _sum_by_run(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sum of ``values`` over consecutive runs of ``counts`` items."""
    owner = np.repeat(np.arange(len(counts)), counts)
    return np.bincount(owner, weights=np.asarray(values, dtype=float), minlength=len(counts))


def _offsets(counts: np.ndarray) -> np.ndarray:
    """[0, c0, c0 + c1, ...]: where each run starts, and the total last."""
    return np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + count)`` for each pair."""
    counts = np.asarray(counts, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    return (np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(offsets, counts)
            + np.repeat(np.asarray(starts, dtype=np.int64), counts))
