"""Intersection areas of polygon pairs from their boundary crossings, in bulk with numpy.

The boundary of S ∩ T is the part of ∂S inside T and the part of ∂T inside S, so by Green's theorem
area(S ∩ T) = ½ Σ cross(a, b) over those pieces of edges (shells counter-clockwise, holes clockwise).
Along a ring of S, "inside T" changes only where an edge crosses ∂T, and an edge's share of the sum is
linear in the length of it that lies inside. With the ring's own prefix sums measured once per geometry,
the part of ∂S inside T is

    status(first vertex) × area(ring) + Σ over crossings ε × (½ cross(X, end of the edge) + what the ring's
    later edges add),

ε = +1 where S's edge enters T, −1 where it leaves; the same for T against S. So a pair costs only the
edge pairs whose boxes meet (edges of T within S's box against edges of S within T's box) and one
point-in-polygon count per ring whose first vertex lies within the other's box: a parcel deep inside a
task or far from its boundary needs no edge pair at all, whatever either polygon's shape (concave, holes,
parts).

Shared edges and vertices (a task drawn along survey edges, neighbouring parcels) would make crossings
ambiguous. S is therefore moved by a tiny δ (1e-10 of the pair's size, at least 1e-8 m) before crossings
are looked for. Moving S by δ changes the area by cross(δ, displacement of ∂S inside T) to first order, and
that displacement is known from the crossings, so it is taken off again: what is left of the shift is of
the order of |δ|² (≈ 1e-13 m² against GEOS on shared edges). Every pair is taken in a frame at S's box
corner, an exact subtraction at 8-digit eastings, so orientation tests keep millions of rounding units of
margin over δ. Geometries must be valid (the overlay repairs them);
collections and lines are left to GEOS.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from . import runs, wkb
from .packed import Packed

ROUNDING = 1e-14
"""Noise of a polygon = ROUNDING × (largest |coordinate| + span) × span: about 50 times what double
rounding of its coordinates moves an area by (a point placed on a shared edge is off the line by ~1e-16
of the coordinates)."""
SHIFT = 1e-10
"""|δ| as a share of the pair's size (with at least MIN_SHIFT)."""
MIN_SHIFT = 1e-8
BATCH = 100_000
"""Edge pairs (or point-in-polygon steps) worked on together: bounds the working arrays."""
MAX_EDGE_PAIRS = 2_000_000
"""A pair whose candidate edge pairs exceed this is left to GEOS."""


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

    def vertex_range(self, g: np.ndarray):
        """(first vertex, vertex count) of geometries ``g``."""
        lo = self.ring_start[self.geom_ring[g]]
        return lo, self.ring_start[self.geom_ring[g + 1]] - lo


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
    return _rings(coords[keep, 0], coords[keep, 1], counts, ring_geom, shell, supported)


def rings_at(geoms, index: np.ndarray) -> Rings:
    """``rings_of(geoms[index])``; for a Packed array read straight from its WKB (no GEOS geometry made)."""
    if isinstance(geoms, Packed):
        flat = wkb.flat_rings(geoms.wkb[index], geoms.sizes[index])
        if flat is not None:
            box = geoms.bounds[index]  # the vertices' own (shapely.bounds), NaN for a geometry without any
            return _rings(*flat, box=np.where(np.isnan(box), [np.inf, np.inf, -np.inf, -np.inf], box))
    return rings_of(geoms[index])


def _rings(x, y, counts, ring_geom, shell, supported, box=None) -> Rings:
    """Rings from flat vertices (closing vertex dropped) with ``counts`` per ring, each ring's geometry (in
    order) and whether it is a shell; ``supported`` per geometry; ``box``: each geometry's, if known."""
    nxt = _next(counts)
    area2 = _ring_area2(x, y, counts)
    wrong = (area2 < 0) == shell  # a clockwise shell or a counter-clockwise hole: reverse it
    if wrong.any():
        start = runs.offsets(counts)[:-1]
        if wrong.all():  # (shapefiles: every shell clockwise)
            order = runs.ranges(start + counts - 1, counts, step=-1)
        else:
            order = np.arange(len(x))
            order[runs.ranges(start[wrong], counts[wrong])] = runs.ranges((start + counts - 1)[wrong], counts[wrong],
                                                                          step=-1)
        x, y = x[order], y[order]
    geom_ring = runs.offsets(np.bincount(ring_geom, minlength=len(supported)))
    area = np.bincount(ring_geom, weights=np.abs(area2) * np.where(shell, 0.5, -0.5), minlength=len(supported))
    if box is None:
        box = _boxes(x, y, runs.sum_by_run(counts, np.diff(geom_ring)).astype(np.int64))
    return Rings(x, y, nxt, runs.offsets(counts), geom_ring, ~shell, area, box, supported, noise(box))


def _same_rings(a: Rings, b: Rings, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """True for pairs whose two geometries have the very same rings, vertex for vertex."""
    rings_a, rings_b = np.diff(a.geom_ring)[ia], np.diff(b.geom_ring)[ib]
    count_a, count_b = a.vertex_count()[ia], b.vertex_count()[ib]
    maybe = np.flatnonzero((rings_a == rings_b) & (count_a == count_b) & (a.box[ia] == b.box[ib]).all(axis=1))
    ring_a = runs.ranges(a.geom_ring[ia[maybe]], rings_a[maybe])
    ring_b = runs.ranges(b.geom_ring[ib[maybe]], rings_a[maybe])
    sizes_differ = np.diff(a.ring_start)[ring_a] != np.diff(b.ring_start)[ring_b]
    n = count_a[maybe]
    va = runs.ranges(a.ring_start[a.geom_ring[ia[maybe]]], n)
    vb = runs.ranges(b.ring_start[b.geom_ring[ib[maybe]]], n)
    differ = (a.x[va] != b.x[vb]) | (a.y[va] != b.y[vb])
    same = np.zeros(len(ia), dtype=bool)
    same[maybe] = (runs.sum_by_run(differ, n) == 0) & (runs.sum_by_run(sizes_differ, rings_a[maybe]) == 0)
    return same


@dataclass
class Frames:
    """Rings of an array of geometries with vertices relative to each geometry's box corner, and per
    vertex what the edges after it in its ring add to ½ Σ cross."""

    rings: Rings
    x: np.ndarray          # vertex x - origin x of its geometry
    y: np.ndarray
    origin: np.ndarray     # (x, y) per geometry: its box's lower-left corner
    after: np.ndarray      # per vertex: ½ Σ cross over the edges after this vertex's edge, to the ring's end
    ring_area: np.ndarray  # ½ Σ cross per ring (signed: holes negative)
    perimeter: np.ndarray  # per geometry
    edge_box: np.ndarray   # (4, vertices): xmin, ymin, xmax, ymax of the edge from each vertex, in its frame

    @classmethod
    def of(cls, rings: Rings) -> "Frames":
        counts = np.diff(rings.ring_start)
        per_geom = rings.vertex_count()
        origin = np.where(np.isfinite(rings.box[:, :2]), rings.box[:, :2], 0.0)
        x, y = rings.x - np.repeat(origin[:, 0], per_geom), rings.y - np.repeat(origin[:, 1], per_geom)
        nxt = rings.nxt
        xn, yn = x[nxt], y[nxt]
        half = (x * yn - xn * y) / 2.0
        total = np.cumsum(half)
        ring_end = np.repeat(total[rings.ring_start[1:] - 1] if len(total) else np.zeros(0), counts)
        after = ring_end - total
        ring_area = runs.sum_by_run(half, counts)
        perimeter = runs.sum_by_run(np.hypot(xn - x, yn - y), per_geom)
        edge_box = np.stack([np.minimum(x, xn), np.minimum(y, yn), np.maximum(x, xn), np.maximum(y, yn)])
        return cls(rings, x, y, origin, after, ring_area, perimeter, edge_box)

    def vertex_range(self, g: np.ndarray):
        return self.rings.vertex_range(g)


def pair_areas(a: np.ndarray, b: np.ndarray, ia: np.ndarray, ib: np.ndarray):
    """(area(a[ia] ∩ b[ib]), NaN where left to GEOS; area of b[ib]; the pair's touching threshold: rounding
    noise plus what the shift δ can move).

    Both are taken of the smaller polygon: a piece lies within both boxes and a shared boundary is no longer
    than either perimeter (taken of the larger one, a county-wide mask's 0.1 m² of noise and 40 m² of shift
    would drop whole small parcels as touching).
    """
    ua, ja = np.unique(ia, return_inverse=True)
    ub, jb = np.unique(ib, return_inverse=True)
    fa, fb = Frames.of(rings_at(a, ua)), Frames.of(rings_at(b, ub))
    result, shift = areas(fa, fb, ja, jb)
    threshold = np.minimum(fa.rings.noise[ja], fb.rings.noise[jb]) \
        + 2.0 * shift * np.minimum(fa.perimeter[ja], fb.perimeter[jb])
    result[result <= threshold] = 0.0  # NaN stays NaN
    return result, fb.rings.area[jb], threshold


def areas(t: Frames, s: Frames, it: np.ndarray, js: np.ndarray):
    """(area(t[it] ∩ s[js]) per pair, NaN where not measured; |δ| per pair). S is the side moved by δ."""
    result = np.full(len(it), np.nan)
    fine = t.rings.supported[it] & s.rings.supported[js]
    same = fine & _same_rings(t.rings, s.rings, it, js)  # a parcel unchanged between two surveys
    result[same] = t.rings.area[it[same]]
    fine &= ~same
    box_t, box_s = t.rings.box[it], s.rings.box[js]
    size = np.maximum(box_t[:, 2:] - box_t[:, :2], box_s[:, 2:] - box_s[:, :2]).max(axis=1)
    shift = np.maximum(MIN_SHIFT, SHIFT * np.nan_to_num(size, posinf=0.0))
    _, nt = t.vertex_range(it)
    _, ns = s.vertex_range(js)
    fine &= nt.astype(float) * ns <= MAX_EDGE_PAIRS
    pairs = np.flatnonzero(fine)
    if len(pairs):
        result[pairs] = _measure(t, s, it[pairs], js[pairs], shift[pairs])
    return result, shift


def _measure(t: Frames, s: Frames, it, js, shift):
    """Areas of the pairs, in batches of about BATCH edges of T."""
    out = np.zeros(len(it))
    for batch in runs.batches(t.vertex_range(it)[1], BATCH):
        out[batch] = _batch(t, s, it[batch], js[batch], shift[batch])
    return out


def _in_box(x, y, box):
    return (x >= box[:, 0]) & (x <= box[:, 2]) & (y >= box[:, 1]) & (y <= box[:, 3])


def _batch(t: Frames, s: Frames, it, js, shift):
    count = len(it)
    # the frame: S's box corner; S moved by δ (an irrational direction: no edge of a grid is parallel to it)
    w = t.origin[it] - s.origin[js]
    dx, dy = shift * 0.8191520442889918, shift * 0.5735764363510461
    box_s = s.rings.box[js] - np.column_stack([s.origin[js], s.origin[js]]) + np.column_stack([dx, dy, dx, dy])
    box_t = t.rings.box[it] - np.column_stack([s.origin[js], s.origin[js]])
    pad = np.column_stack([-shift, -shift, shift, shift])

    # T's edges of every pair, those within S's box kept: tested on the edges' own boxes in T's frame (S's box
    # taken there), so that only the kept ones are laid out in the pair's frame
    lo_t, nt = t.vertex_range(it)
    pair_t = np.repeat(np.arange(count), nt)
    vt = runs.ranges(lo_t, nt)
    bs = box_s + pad - np.column_stack([w, w])
    eb = t.edge_box
    near = (eb[2][vt] >= bs[pair_t, 0]) & (eb[0][vt] <= bs[pair_t, 2]) \
        & (eb[3][vt] >= bs[pair_t, 1]) & (eb[1][vt] <= bs[pair_t, 3])
    keep_t = np.flatnonzero(near)
    pair_kt, vt_k = pair_t[keep_t], vt[keep_t]
    nxt_k = t.rings.nxt[vt_k]
    qx0, qy0 = t.x[vt_k] + w[pair_kt, 0], t.y[vt_k] + w[pair_kt, 1]
    qx1, qy1 = t.x[nxt_k] + w[pair_kt, 0], t.y[nxt_k] + w[pair_kt, 1]

    # S's edges (moved by δ) near T's kept edges, only where there are some: elsewhere S lies wholly inside or
    # outside T, and no vertex of T lies within S's box (the ring status terms need nothing more). Their box
    # is often a small part of T's (a star's arm, a stretch of a long boundary), and every S edge kept here is
    # paired with every T edge kept above.
    lo_s, ns = s.vertex_range(js)
    ns = np.where(np.bincount(pair_kt, minlength=count) > 0, ns, 0)
    pair_s = np.repeat(np.arange(count), ns)
    vs = runs.ranges(lo_s, ns)
    near_t = _with_boxes(qx0, qy0, qx1, qy1)
    # tested on their own boxes in S's frame (the T edges' box moved back by δ), laid out where kept
    # (a contiguous column of the pairs' boxes each, gathered per edge: cheaper than the boxes' rows)
    bt = (_box_by_pair(near_t[4:], pair_kt, count) + pad - np.column_stack([dx, dy, dx, dy])).T.copy()
    eb = s.edge_box
    near = (eb[2][vs] >= bt[0][pair_s]) & (eb[0][vs] <= bt[2][pair_s]) & (eb[3][vs] >= bt[1][pair_s]) \
        & (eb[1][vs] <= bt[3][pair_s])
    keep_s = np.flatnonzero(near)
    pair_ks, vs_k = pair_s[keep_s], vs[keep_s]
    nxt_s = s.rings.nxt[vs_k]
    px0, py0 = s.x[vs_k] + dx[pair_ks], s.y[vs_k] + dy[pair_ks]
    px1, py1 = s.x[nxt_s] + dx[pair_ks], s.y[nxt_s] + dy[pair_ks]

    total = np.zeros(count)
    # status of every ring's first vertex inside the other polygon (0 when outside its box); T's edges are
    # taken in T's frame (S's vertices moved there), S's in the pair's
    total += _ring_status_sum(s, js, dx - w[:, 0], dy - w[:, 1], box_t - np.column_stack([w, w]),
                              (pair_t, vt, t, np.zeros(count), np.zeros(count)), count)
    total += _ring_status_sum(t, it, w[:, 0], w[:, 1], box_s, (pair_s, vs, s, dx, dy), count)

    # every (edge of T near S, edge of S near T) of the same pair, the kept edges laid out with their boxes
    near_s = _with_boxes(px0, py0, px1, py1)
    ks_count = np.bincount(pair_ks, minlength=count)
    reps = ks_count[pair_kt]
    if not reps.sum():
        return total
    e_t = np.repeat(np.arange(len(keep_t)), reps)
    e_s = runs.ranges(runs.offsets(ks_count)[:-1][pair_kt], reps)
    for lo in range(0, len(e_t), BATCH):
        total += _crossing_sum(t, s, e_t[lo:lo + BATCH], e_s[lo:lo + BATCH], pair_kt, vt_k, vs_k,
                               w, dx, dy, near_t, near_s, count)
    return total


def _with_boxes(x0, y0, x1, y1):
    """(x0, y0, x1, y1, xmin, ymin, xmax, ymax) of edges."""
    return x0, y0, x1, y1, np.minimum(x0, x1), np.minimum(y0, y1), np.maximum(x0, x1), np.maximum(y0, y1)


def _box_by_pair(boxes, pair, count) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) per pair around the edge ``boxes`` (their four columns, sorted by pair); NaN
    for a pair without edges."""
    box = np.full((count, 4), np.nan)
    if len(pair):
        first = np.flatnonzero(np.diff(pair, prepend=-1))
        xmin, ymin, xmax, ymax = boxes
        box[pair[first]] = np.column_stack([np.minimum.reduceat(xmin, first), np.minimum.reduceat(ymin, first),
                                            np.maximum.reduceat(xmax, first), np.maximum.reduceat(ymax, first)])
    return box


def _ring_status_sum(g: Frames, which, ox, oy, other_box, other_edges, count):
    """Σ over the rings of each pair's geometry ``g`` of status(first vertex inside the other) × ring area.

    ``ox``, ``oy``: per pair, what moves ``g``'s vertices into the frame the other's edges and box are taken
    in; ``other_edges``: (pair, first vertex, Frames, x and y offset per pair) of the other's edges."""
    rings = g.rings
    first_ring = rings.geom_ring[which]
    ring_count = rings.geom_ring[which + 1] - first_ring
    ring = runs.ranges(first_ring, ring_count)
    pair = np.repeat(np.arange(count), ring_count)
    v = rings.ring_start[ring]
    ax, ay = g.x[v] + ox[pair], g.y[v] + oy[pair]
    inside = np.flatnonzero(_in_box(ax, ay, other_box[pair]))
    if not len(inside):
        return np.zeros(count)
    edge_pair, edge_vertex, frame, ex, ey = other_edges
    # the other geometry's edges of each such ring's pair: a ray to +x counts their crossings
    per_pair = np.bincount(edge_pair, minlength=count)
    start = runs.offsets(per_pair)[:-1]
    reps = per_pair[pair[inside]]
    row = np.repeat(inside, reps)
    edge = runs.ranges(start[pair[inside]], reps)
    crossings = np.zeros(len(ring))
    for lo in range(0, len(row), BATCH):
        r, e = row[lo:lo + BATCH], edge[lo:lo + BATCH]
        v0 = edge_vertex[e]
        v1 = frame.rings.nxt[v0]
        off = edge_pair[e]
        py = ay[r]
        y0, y1 = frame.y[v0] + ey[off], frame.y[v1] + ey[off]
        k = np.flatnonzero((y0 > py) != (y1 > py))  # the edges across the ray's line
        r, v0, v1, off, py, y0, y1 = r[k], v0[k], v1[k], off[k], py[k], y0[k], y1[k]
        at = x_at(frame.x[v0] + ex[off], y0, frame.x[v1] + ex[off], y1, py)
        crossings += np.bincount(r, weights=at > ax[r], minlength=len(ring))
    status = crossings % 2
    return np.bincount(pair, weights=status * g.ring_area[ring], minlength=count)


def x_at(x0, y0, x1, y1, y) -> np.ndarray:
    """x where the edges from (x0, y0) to (x1, y1) meet the line at height ``y`` (between y0 and y1)."""
    return x0 + (y - y0) * (x1 - x0) / (y1 - y0)


def _crossing_sum(t: Frames, s: Frames, e_t, e_s, pair_t, vt, vs, w, dx, dy, q, p, count):
    """What the crossings among these edge pairs add to each pair's ½ Σ cross (``e_t``, ``e_s``: positions in
    the kept edges ``q`` and ``p`` of T and S, whose pair, vertex and coordinates ``pair_t``, ``vt``, ``vs``,
    ``_with_boxes`` give)."""
    boxes = (p[6][e_s] >= q[4][e_t]) & (p[4][e_s] <= q[6][e_t]) & (p[7][e_s] >= q[5][e_t]) & (p[5][e_s] <= q[7][e_t])
    k = np.flatnonzero(boxes)
    e_t, e_s = e_t[k], e_s[k]
    qx0, qy0, qx1, qy1 = (c[e_t] for c in q[:4])
    px0, py0, px1, py1 = (c[e_s] for c in p[:4])
    fx, fy = qx1 - qx0, qy1 - qy0   # T's edge
    gx, gy = px1 - px0, py1 - py0   # S's edge
    o1 = fx * (py0 - qy0) - fy * (px0 - qx0)   # > 0: S's edge starts left of T's edge (inside T's side)
    o2 = fx * (py1 - qy0) - fy * (px1 - qx0)
    o3 = gx * (qy0 - py0) - gy * (qx0 - px0)
    o4 = gx * (qy1 - py0) - gy * (qx1 - px0)
    cross = np.flatnonzero(((o1 < 0) != (o2 < 0)) & ((o3 < 0) != (o4 < 0)))
    if not len(cross):
        return np.zeros(count)
    o1, o2 = o1[cross], o2[cross]
    tt = o1 / (o1 - o2)
    xx = px0[cross] + tt * gx[cross]
    xy = py0[cross] + tt * gy[cross]
    enter_s = np.where(o1 < 0, 1.0, -1.0)       # S's edge goes from T's right (outside) to its left
    enter_t = np.where(o3[cross] < 0, 1.0, -1.0)
    pair = pair_t[e_t[cross]]
    vs_c, vt_c = vs[e_s[cross]], vt[e_t[cross]]
    # S's part, in S's own frame (the pair frame less δ); then moved to the pair frame
    sx, sy = xx - dx[pair], xy - dy[pair]
    nxt = s.rings.nxt[vs_c]
    part_s = enter_s * ((sx * s.y[nxt] - s.x[nxt] * sy) / 2.0 + s.after[vs_c])
    # T's part, in T's own frame; then moved to the pair frame
    tx, ty = xx - w[pair, 0], xy - w[pair, 1]
    nxt = t.rings.nxt[vt_c]
    part_t = enter_t * ((tx * t.y[nxt] - t.x[nxt] * ty) / 2.0 + t.after[vt_c])
    # frame change: ½ cross(offset, displacement of the inside pieces), displacement = −Σ ε X
    disp_sx = np.bincount(pair, weights=-enter_s * xx, minlength=count)
    disp_sy = np.bincount(pair, weights=-enter_s * xy, minlength=count)
    disp_tx = np.bincount(pair, weights=-enter_t * xx, minlength=count)
    disp_ty = np.bincount(pair, weights=-enter_t * xy, minlength=count)
    total = np.bincount(pair, weights=part_s + part_t, minlength=count)
    # S's part back in the pair frame (+ ½ cross(δ, displacement)), and the first-order effect of the shift
    # itself taken off: moving S by δ adds ∫ δ·n ds over ∂S inside T = cross(δ, displacement), so what is
    # left of the shift is of order |δ|² (corners), not |δ| × perimeter
    total -= (dx * disp_sy - dy * disp_sx) / 2.0
    total += (w[:, 0] * disp_ty - w[:, 1] * disp_tx) / 2.0
    return total


def _next(counts: np.ndarray) -> np.ndarray:
    """Index of the next vertex around its ring of every vertex of rings laid out one after another with
    ``counts`` vertices."""
    counts = np.asarray(counts, dtype=np.int64)
    nxt = np.arange(1, int(counts.sum()) + 1)
    filled = counts > 0
    last = np.cumsum(counts)[filled] - 1
    nxt[last] = last - (counts[filled] - 1)
    return nxt


def _ring_area2(x, y, counts) -> np.ndarray:
    """Twice the signed area of each ring laid out with ``counts`` vertices, from its first vertex (exact
    differences: products of 8-digit coordinates would lose the area of small rings). Taken from the first
    vertex, the two edges at it add nothing, so the sum runs over consecutive vertices of the flat arrays:
    the term that joins one ring's last vertex to the next ring's first is nothing too."""
    filled = counts > 0
    first = runs.offsets(counts)[:-1][filled]
    lx, ly = x - np.repeat(x[first], counts[filled]), y - np.repeat(y[first], counts[filled])
    cross = np.zeros(len(x))
    np.subtract(lx[:-1] * ly[1:], lx[1:] * ly[:-1], out=cross[:-1])
    return runs.sum_by_run(cross, counts)


def noise(box: np.ndarray) -> np.ndarray:
    """ROUNDING × (largest |coordinate| + span) × span of each (xmin, ymin, xmax, ymax) box."""
    span = np.hypot(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1])
    size = np.abs(box).max(axis=1)
    return np.nan_to_num(ROUNDING * (size + span) * span, posinf=0.0)


def _boxes(x, y, counts) -> np.ndarray:
    """(xmin, ymin, xmax, ymax) of each run of ``counts`` vertices (inf/-inf for an empty run)."""
    box = np.tile([np.inf, np.inf, -np.inf, -np.inf], (len(counts), 1))
    filled = counts > 0
    if filled.any():
        first = runs.offsets(counts)[:-1][filled]
        box[filled] = np.column_stack([np.minimum.reduceat(x, first), np.minimum.reduceat(y, first),
                                       np.maximum.reduceat(x, first), np.maximum.reduceat(y, first)])
    return box
