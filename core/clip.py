"""Intersection areas of polygon pairs without GEOS: convex pieces clipped in bulk with numpy.

GEOS spends about 40 µs setting up each overlay whatever the polygons' size, which dominates a county
of small parcels. When a polygon C of a pair is convex, area(C ∩ S) needs no overlay. S's boundary, as
a set of directed edges (shells counter-clockwise, holes clockwise), is clipped by one half-plane of C
after the other: an edge keeps its part inside, and every crossing point is joined along the clipping
line to the clipper's corner on it (entering from it, leaving to it). The edges stay a closed cycle
whose winding number is S's inside the half-plane and 0 outside, so after the last half-plane the
shoelace sum over them is the area of C ∩ S for any valid S: concave, with holes or parts, sharing edges
or vertices with C. Edges need no order, so all pairs of a batch are clipped at once; the number of
steps is the clipper's corner count.

A polygon that is not convex is its convex hull less the pockets between hull and ring, each pocket in
turn its hull less its own pockets (an alternating sum of convex pieces, holes subtracted the same
way), so area(C ∩ S) = Σ ± area(piece ∩ S). Pieces whose bounding box misses S are skipped.

Coordinates are taken relative to a corner of the clipper (an exact subtraction at map scale), so
results agree with GEOS to rounding: what rounding at the polygon's coordinates can produce (its
``noise``) bounds the vertices dropped as straight, the pockets dropped as empty and the results read as
"only touching". Geometries must be valid (the overlay repairs them first).
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
"""Below this the first side's pieces clip the pair: the second side's are not looked for."""
MAX_LEVELS = 6
"""Pockets within pockets this deep are left to GEOS."""
BATCH_VERTICES = 400_000
"""Subject vertices clipped together (keeps the working arrays in cache)."""


@dataclass
class Rings:
    """The rings of an array of polygonal geometries as flat vertex arrays (closing vertex dropped),
    shells counter-clockwise and holes clockwise."""

    x: np.ndarray
    y: np.ndarray
    nxt: np.ndarray          # index of the next vertex around the ring
    ring_start: np.ndarray   # vertices of ring r: ring_start[r]:ring_start[r + 1]
    geom_ring: np.ndarray    # rings of geometry g: geom_ring[g]:geom_ring[g + 1]
    hole: np.ndarray         # True for the rings that are holes
    area: np.ndarray         # planar area of geometry g
    box: np.ndarray          # (xmin, ymin, xmax, ymax) of geometry g
    supported: np.ndarray    # False for geometries that are neither polygonal nor empty (collections, lines)
    noise: np.ndarray        # rounding scale of geometry g (m²): overlaps up to this only touch

    def vertex_count(self) -> np.ndarray:
        return self.ring_start[self.geom_ring[1:]] - self.ring_start[self.geom_ring[:-1]]


def rings_of(geoms: np.ndarray) -> Rings:
    """Flat rings of polygons and multipolygons (other or missing geometries have no ring)."""
    geoms = np.asarray(geoms, dtype=object)
    types = shapely.get_type_id(geoms)
    supported = np.isin(types, (-1, 3, 6))  # -1: missing
    other_types = np.flatnonzero(~supported)
    supported[other_types] = shapely.is_empty(geoms[other_types])
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
    x, y = coords[keep, 0], coords[keep, 1]
    area2 = _ring_area2(x, y, counts)
    wrong = (area2 < 0) == shell  # a clockwise shell or a counter-clockwise hole: reverse it
    index = np.arange(len(x))
    order = np.where(np.repeat(wrong, counts), _reversed_runs(counts, index), index)
    geom_ring = _offsets(np.bincount(ring_geom, minlength=len(geoms)))
    area = np.bincount(ring_geom, weights=np.abs(area2) * np.where(shell, 0.5, -0.5), minlength=len(geoms))
    x, y = x[order], y[order]
    box = _boxes(x, y, _sum_by_run(counts, np.diff(geom_ring)).astype(np.int64))
    return Rings(x, y, _around(counts)[1], _offsets(counts), geom_ring, ~shell, area, box, supported, _noise(box))


@dataclass
class Pieces:
    """Convex pieces, counter-clockwise corner lists, whose signed sum is each geometry:
    area(g ∩ S) = Σ sign × area(piece ∩ S) over the pieces of g."""

    k: np.ndarray        # corners of piece i: x[start[i]:start[i] + k[i]]
    start: np.ndarray
    x: np.ndarray
    y: np.ndarray
    sign: np.ndarray     # +1 or -1 per piece
    box: np.ndarray      # (xmin, ymin, xmax, ymax) per piece
    first: np.ndarray    # pieces of geometry g: first[g]:first[g + 1]
    work: np.ndarray     # corners of all pieces of geometry g (inf where g is not decomposed)


def convex_pieces(rings: Rings, wanted: Optional[np.ndarray] = None) -> Pieces:
    """The convex pieces of the geometries (among ``wanted``, a boolean mask); see the module docstring."""
    count = len(rings.geom_ring) - 1
    wanted = rings.supported if wanted is None else wanted & rings.supported
    ring_owner = np.repeat(np.arange(count), np.diff(rings.geom_ring))
    ring = np.flatnonzero(wanted[ring_owner])
    lo = rings.ring_start[ring]
    n = rings.ring_start[ring + 1] - lo
    v = _ranges(lo, n)
    # every ring as a counter-clockwise region: shells add, holes (clockwise) are reversed and subtract
    hole = np.repeat(rings.hole[ring], n)
    v = np.where(hole, _reversed_runs(n, v), v)
    x, y, owner = rings.x[v], rings.y[v], ring_owner[ring]
    sign = np.where(rings.hole[ring], -1.0, 1.0)
    noise = rings.noise
    found = []   # (owner, sign, corner counts, corner x, corner y) per level
    for _ in range(MAX_LEVELS):
        if not len(n):
            break
        corner, convex = _convex_corners(x, y, n, noise[owner])
        keep = np.repeat(convex, n) & corner
        found.append((owner[convex], sign[convex], _sum_by_run(keep, n)[convex].astype(np.int64), x[keep], y[keep]))
        rest = ~convex
        keep = np.repeat(rest, n)
        x, y, n, owner, sign = x[keep], y[keep], n[rest], owner[rest], sign[rest]
        hull, pockets = _hull_and_pockets(x, y, n)
        found.append((owner, sign, _sum_by_run(hull, n).astype(np.int64), x[hull], y[hull]))
        x, y, n, parent = pockets
        owner, sign = owner[parent], -sign[parent]
        empty = np.abs(_ring_area2(x, y, n)) <= 2.0 * noise[owner]
        keep = np.repeat(~empty, n)
        x, y, n, owner, sign = x[keep], y[keep], n[~empty], owner[~empty], sign[~empty]
    undone = np.zeros(count, dtype=bool)
    undone[owner] = True  # pockets still left after MAX_LEVELS
    owners, signs, k, px, py = (np.concatenate(part) for part in zip(*found)) if found else (
        np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))
    order = np.argsort(owners, kind="stable")
    start = _offsets(k)[:-1]
    corner = _ranges(start[order], k[order])
    owners, signs, k = owners[order], signs[order], k[order]
    px, py = px[corner], py[corner]
    work = np.bincount(owners, weights=k, minlength=count).astype(float)
    work[~wanted | undone] = np.inf
    return Pieces(k, _offsets(k)[:-1], px, py, signs, _boxes(px, py, k),
                  _offsets(np.bincount(owners, minlength=count)), work)


def _convex_corners(x, y, n, noise):
    """(corner mask, convex mask per ring) of counter-clockwise rings laid out with ``n`` vertices.

    Straight-through vertices (collinear points, repeats) are not corners; a ring is convex when its
    corners turn left everywhere and the pockets between it and its corners (bounded by fans from the
    kept corners) total at most ``noise``.
    """
    prev, nxt = _around(n)
    cross, dot = _turns(x, y, prev, nxt)
    repeat = (x == x[prev]) & (y == y[prev])
    corner = ((np.abs(cross) > 2.0 * np.repeat(noise, n)) | (dot < 0)) & ~repeat
    corners = _sum_by_run(corner, n).astype(np.int64)
    turn, _ = _turns(x[corner], y[corner], *_around(corners))
    right = _sum_by_run(turn <= 0, corners)
    convex = (right == 0) & (corners >= 3) & (_pocket_bound(x, y, n, corner) <= noise)
    return corner, convex


def _hull_and_pockets(x, y, n):
    """Hull vertices (mask) of counter-clockwise rings, and the pockets between hull and ring as new
    counter-clockwise rings: (x, y, vertex counts, index of the ring each came from)."""
    ring = np.repeat(np.arange(len(n)), n)
    polygons = shapely.polygons(shapely.linearrings(np.column_stack([x, y]), indices=ring))
    hull_xy, hull_ring = shapely.get_coordinates(shapely.convex_hull(polygons), return_index=True)
    # GEOS copies hull vertices from the ring: an exact match marks them (ring vertices sort first)
    keys = np.concatenate([np.column_stack([ring, x, y]), np.column_stack([hull_ring, hull_xy])])
    kind = np.concatenate([np.zeros(len(x)), np.ones(len(hull_xy))])
    order = np.lexsort((kind, keys[:, 2], keys[:, 1], keys[:, 0]))
    follows = (kind[order[1:]] == 1) & (kind[order[:-1]] == 0)  # a hull vertex right after a ring vertex
    after, before = order[1:][follows], order[:-1][follows]
    same = (keys[after] == keys[before]).all(axis=1)
    hull = np.zeros(len(x), dtype=bool)
    hull[before[same]] = True
    # each ring from its first hull vertex, closed, so that pockets are runs between marked vertices
    local = np.arange(len(x)) - _run_first(n)
    shift = np.full(len(n), 0)
    marked = np.where(hull, local, np.iinfo(np.int64).max)
    filled = n > 0
    shift[filled] = np.minimum.reduceat(marked, _offsets(n)[:-1][filled])
    m = n + 1
    position = np.arange(int(m.sum())) - _run_first(m)
    src = np.repeat(_offsets(n)[:-1], m) + (position + np.repeat(shift, m)) % np.repeat(n, m)
    mark = hull[src]
    at = np.flatnonzero(mark)
    same_ring = np.repeat(np.arange(len(n)), m)[at]
    step = np.diff(at)
    gap = np.flatnonzero((step >= 2) & (same_ring[1:] == same_ring[:-1]))
    a, b = at[gap], at[gap + 1]
    size = b - a + 1
    pocket = src[np.repeat(b, size) - (np.arange(int(size.sum())) - _run_first(size))]
    return hull, (x[pocket], y[pocket], size, same_ring[gap])


@dataclass
class Shapes:
    """The rings of an array of geometries and their convex pieces: measured once, clipped often."""

    rings: Rings
    pieces: Pieces

    @classmethod
    def of(cls, geoms: np.ndarray) -> "Shapes":
        rings = rings_of(geoms)
        return cls(rings, convex_pieces(rings))


def pair_areas(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray):
    """For geometry arrays: (area(a[ia] ∩ b[ib]) where clipping is cheap, NaN elsewhere; area of b[ib];
    the rounding noise of each pair, under which an overlap only touches).

    B's pieces are looked for only where A's cannot clip the pair cheaply.
    """
    ua, ja = np.unique(ia, return_inverse=True)
    ub, jb = np.unique(ib, return_inverse=True)
    shapes_a = Shapes.of(a[ua])
    rings_b = rings_of(b[ub])
    cheap = shapes_a.pieces.work[ja] * rings_b.vertex_count()[jb] <= CHEAP_WORK
    wanted = np.zeros(len(ub), dtype=bool)
    wanted[jb[~cheap]] = True
    shapes_b = Shapes(rings_b, convex_pieces(rings_b, wanted))
    return areas(shapes_a, shapes_b, ja, jb), rings_b.area[jb], np.maximum(shapes_a.rings.noise[ja], rings_b.noise[jb])


def areas(a: Shapes, b: Shapes, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """area(a[ia] ∩ b[ib]) for every pair that clipping measures cheaply (0 where it is rounding noise);
    NaN elsewhere."""
    result = np.full(len(ia), np.nan)
    fine = a.rings.supported[ia] & b.rings.supported[ib]
    same = fine & _same_rings(a.rings, b.rings, ia, ib)  # a parcel unchanged between two surveys
    result[same] = a.rings.area[ia[same]]
    fine &= ~same
    work_a = a.pieces.work[ia] * b.rings.vertex_count()[ib]
    work_b = b.pieces.work[ib] * a.rings.vertex_count()[ia]
    by_a = fine & (work_a <= work_b) & (work_a <= MAX_WORK)
    by_b = fine & ~by_a & (work_b <= MAX_WORK)
    for mask, clipper, ci, subject, si in ((by_a, a, ia, b, ib), (by_b, b, ib, a, ia)):
        pairs = np.flatnonzero(mask)
        first = clipper.pieces.first[ci[pairs]]
        count = clipper.pieces.first[ci[pairs] + 1] - first
        job = np.repeat(np.arange(len(pairs)), count)
        piece = _ranges(first, count)
        box, other = clipper.pieces.box[piece], subject.rings.box[si[pairs]][job]
        meet = (box[:, 0] <= other[:, 2]) & (box[:, 2] >= other[:, 0]) & (box[:, 1] <= other[:, 3]) \
            & (box[:, 3] >= other[:, 1])
        job, piece = job[meet], piece[meet]
        area = clipped_areas(clipper.pieces, piece, subject.rings, si[pairs][job])
        total = np.bincount(job, weights=area * clipper.pieces.sign[piece], minlength=len(pairs))
        result[pairs] = total
    noise = np.maximum(a.rings.noise[ia], b.rings.noise[ib])
    result[result <= noise] = 0.0  # NaN stays NaN
    return result


def _same_rings(a: Rings, b: Rings, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """True for pairs whose two geometries have the very same rings, vertex for vertex."""
    rings_a, rings_b = np.diff(a.geom_ring)[ia], np.diff(b.geom_ring)[ib]
    count_a, count_b = a.vertex_count()[ia], b.vertex_count()[ib]
    maybe = np.flatnonzero((rings_a == rings_b) & (count_a == count_b) & (a.box[ia] == b.box[ib]).all(axis=1))
    ring_a = _ranges(a.geom_ring[ia[maybe]], rings_a[maybe])
    ring_b = _ranges(b.geom_ring[ib[maybe]], rings_a[maybe])
    sizes_differ = np.diff(a.ring_start)[ring_a] != np.diff(b.ring_start)[ring_b]
    n = count_a[maybe]
    va = _ranges(a.ring_start[a.geom_ring[ia[maybe]]], n)
    vb = _ranges(b.ring_start[b.geom_ring[ib[maybe]]], n)
    differ = (a.x[va] != b.x[vb]) | (a.y[va] != b.y[vb])
    same = np.zeros(len(ia), dtype=bool)
    same[maybe] = (_sum_by_run(differ, n) == 0) & (_sum_by_run(sizes_differ, rings_a[maybe]) == 0)
    return same


def clipped_areas(clip: Pieces, ci: np.ndarray, subject: Rings, si: np.ndarray) -> np.ndarray:
    """area(piece ci[p] ∩ subject si[p]) for each pair p, in batches of similar piece size."""
    out = np.zeros(len(ci))
    order = np.argsort(clip.k[ci], kind="stable")  # batches of equal corner counts waste no steps
    ends = np.cumsum(subject.vertex_count()[si[order]])
    cuts = np.searchsorted(ends, np.arange(BATCH_VERTICES, ends[-1], BATCH_VERTICES)) if len(ends) else []
    for batch in np.split(order, np.unique(cuts)):
        if len(batch):
            out[batch] = _clip_batch(clip, ci[batch], subject, si[batch])
    return out


def _clip_batch(clip: Pieces, ci: np.ndarray, subject: Rings, si: np.ndarray) -> np.ndarray:
    pairs = len(ci)
    lo = subject.ring_start[subject.geom_ring[si]]
    n = subject.ring_start[subject.geom_ring[si + 1]] - lo
    pair = np.repeat(np.arange(pairs), n)
    src = _ranges(lo, n)
    corner0 = clip.start[ci]
    ox, oy = clip.x[corner0][pair], clip.y[corner0][pair]  # local origin: exact differences at map scale
    x0, y0 = subject.x[src] - ox, subject.y[src] - oy
    x1, y1 = subject.x[subject.nxt[src]] - ox, subject.y[subject.nxt[src]] - oy
    k = clip.k[ci]
    for step in range(int(k.max())):
        p = corner0 + np.minimum(step, k - 1)
        q = corner0 + (step + 1) % k
        px, py = clip.x[p] - clip.x[corner0], clip.y[p] - clip.y[corner0]
        dx, dy = clip.x[q] - clip.x[p], clip.y[q] - clip.y[p]
        active = k > step
        # inside the half-plane left of p→q: d = (q - p) × (v - p) >= 0; finished pairs keep everything
        ax, ay = np.where(active, -dy, 0.0)[pair], np.where(active, dx, 0.0)[pair]
        c = np.where(active, dy * px - dx * py, 1.0)[pair]
        d0, d1 = ax * x0 + ay * y0 + c, ax * x1 + ay * y1 + c
        in0, in1 = d0 >= 0, d1 >= 0
        cut = np.flatnonzero(in0 != in1)
        t = d0[cut] / (d0[cut] - d1[cut])
        ix, iy = x0[cut] + t * (x1[cut] - x0[cut]), y0[cut] + t * (y1[cut] - y0[cut])
        leaving = in0[cut]
        # the inside part of each cut edge
        x0[cut], y0[cut] = np.where(leaving, x0[cut], ix), np.where(leaving, y0[cut], iy)
        x1[cut], y1[cut] = np.where(leaving, ix, x1[cut]), np.where(leaving, iy, y1[cut])
        # and along the line: crossing point → corner p when leaving, corner p → crossing point when entering
        cx, cy = px[pair[cut]], py[pair[cut]]
        keep = np.flatnonzero(in0 | in1)
        x0 = np.concatenate([x0[keep], np.where(leaving, ix, cx)])
        y0 = np.concatenate([y0[keep], np.where(leaving, iy, cy)])
        x1 = np.concatenate([x1[keep], np.where(leaving, cx, ix)])
        y1 = np.concatenate([y1[keep], np.where(leaving, cy, iy)])
        pair = np.concatenate([pair[keep], pair[cut]])
    return np.bincount(pair, weights=x0 * y1 - x1 * y0, minlength=pairs) / 2.0


def _around(counts: np.ndarray):
    """(previous, next) index of every vertex of rings laid out one after another with ``counts`` vertices."""
    counts = np.asarray(counts, dtype=np.int64)
    index = np.arange(int(counts.sum()))
    first = _offsets(counts)[:-1][counts > 0]
    last = first + counts[counts > 0] - 1
    prev, nxt = index - 1, index + 1
    prev[first], nxt[last] = last, first
    return prev, nxt


def _ring_area2(x, y, counts) -> np.ndarray:
    """Twice the signed area of each ring laid out with ``counts`` vertices, from its first vertex (exact
    differences: products of 8-digit coordinates would lose the area of small rings)."""
    _, nxt = _around(counts)
    first = _run_first(counts)
    lx, ly = x - x[first], y - y[first]
    return _sum_by_run(lx * ly[nxt] - lx[nxt] * ly, counts)


def _turns(x, y, prev, nxt):
    """Cross and dot products of the edges into and out of each vertex."""
    ex0, ey0 = x - x[prev], y - y[prev]
    ex1, ey1 = x[nxt] - x, y[nxt] - y
    return ex0 * ey1 - ey0 * ex1, ex0 * ex1 + ey0 * ey1


def _noise(box: np.ndarray) -> np.ndarray:
    """ROUNDING × (largest |coordinate| + span) × span of each (xmin, ymin, xmax, ymax) box."""
    span = np.hypot(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    size = np.abs(box).max(axis=1)
    return np.nan_to_num(ROUNDING * (size + span) * span, posinf=0.0)


def _pocket_bound(x, y, counts, corner) -> np.ndarray:
    """Per ring, an upper bound of the area between the ring and the polygon of its corners.

    Each run of dropped vertices between corners a and b encloses a pocket with the chord a→b; the fan
    triangles from a over the run's edges cover it, so their absolute areas bound it.
    """
    _, nxt = _around(counts)
    index = np.arange(len(x))
    marked = np.where(corner, index, -1)
    last = np.maximum.accumulate(marked) if len(x) else index
    first = _run_first(counts)
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


def _reversed_runs(counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``values`` laid out in runs of ``counts`` with every run reversed."""
    index = np.arange(len(values))
    return values[2 * _run_first(counts) + np.repeat(counts, counts) - 1 - index]


def _run_first(counts: np.ndarray) -> np.ndarray:
    """For every item laid out in runs of ``counts``: the index of its run's first item."""
    return np.repeat(_offsets(counts)[:-1], counts)


def _boxes(x, y, counts) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) of each run of ``counts`` vertices (inf/-inf for an empty run)."""
    box = np.tile([np.inf, np.inf, -np.inf, -np.inf], (len(counts), 1))
    filled = counts > 0
    if filled.any():
        first = _offsets(counts)[:-1][filled]
        box[filled] = np.column_stack([np.minimum.reduceat(x, first), np.minimum.reduceat(y, first),
                                       np.maximum.reduceat(x, first), np.maximum.reduceat(y, first)])
    return box


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
